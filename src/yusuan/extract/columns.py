"""Which amount columns of a table add up: derived from the stable column keys.

Used by the extraction (to realign cells that PDF text extraction shifted) and by the checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

# Key segments that are not parts of the row's total: "of which" columns (其中：财政拨款) and
# quantities, prices and values that are not amounts of the same total.
# 机关运行经费 is printed beside the “三公”经费 in one table (Shanghai) but is not part of them.
NOT_ADDITIVE = frozenset(
    {"sme_reserved", "quantity", "unit_price", "value", "project_budget", "operating_costs"}
)
# Keys printed flat that belong under another key (公务用车购置及运行费 = 购置费 + 运行费).
FLAT_CHILDREN = {"vehicle": ("vehicle_purchase", "vehicle_operation")}


def additive(key: str) -> bool:
    last = key.rsplit(".", 1)[-1]
    return last not in NOT_ADDITIVE and not last.startswith("of_which")


def column_parts(keys: list[str]) -> list[tuple[str, list[str]]]:
    """(whole, parts) pairs of column keys that must add up in every row.

    ``total`` is the sum of the top-level keys; a key is the sum of its direct sub-keys
    (``basic`` = ``basic.personnel.wages`` + ``basic.personnel.households`` + ``basic.public``
    when ``basic.personnel`` is not printed); ``X.total`` is the sum of the other ``X.*``.
    Only pairs with at least two parts are returned: one printed part proves nothing.
    """
    keyset = set(keys)
    nested = {child for parent, parts in FLAT_CHILDREN.items() if parent in keyset for child in parts}

    def children(parent: str) -> list[str]:
        prefix = parent + "."
        direct = []
        for k in keys:
            if not k.startswith(prefix) or not additive(k):
                continue
            rest = k[len(prefix) :].split(".")
            # a direct child, or deeper where the intermediate keys are not printed
            if all(prefix + ".".join(rest[:i]) not in keyset for i in range(1, len(rest))):
                direct.append(k)
        return direct

    pairs: list[tuple[str, list[str]]] = []
    if "total" in keyset:
        pairs.append(
            ("total", [k for k in keys if "." not in k and k != "total" and additive(k) and k not in nested])
        )
    for key in keys:
        if key == "total" or not additive(key):
            continue
        if key.endswith(".total"):
            section = key[: -len(".total")]
            pairs.append((key, [c for c in children(section) if c != key and not c.endswith(".total")]))
        elif key in FLAT_CHILDREN:
            pairs.append((key, children(key) or [k for k in FLAT_CHILDREN[key] if k in keyset]))
        else:
            pairs.append((key, children(key)))
    return [(whole, parts) for whole, parts in pairs if len(parts) >= 2]


def identities_hold(values: Mapping[str, Decimal | None], pairs: list[tuple[str, list[str]]]) -> bool:
    """Every (whole, parts) pair adds up exactly in this row (empty cells count as zero)."""
    for whole, parts in pairs:
        total = sum((values.get(p) or Decimal(0) for p in parts), Decimal(0))
        if (values.get(whole) or Decimal(0)) != total:
            return False
    return True
