"""What a check function sees: the disclosure, the configuration, and helpers for places and
rounding tolerance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from yusuan.model import Column, Disclosure, Fact, Row, Table, TableKind
from yusuan.rules.config import CheckConfig
from yusuan.rules.findings import Location

# Units of money and their size in 元, for comparisons across a table in 元 and a text in 万元.
UNIT_YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
_T = TypeVar("_T")


@dataclass(frozen=True)
class CheckContext:
    disclosure: Disclosure
    config: CheckConfig = field(default_factory=CheckConfig)
    # What several rules derive from the same table (amounts by code, 类 names …), computed once
    # per check. It lives and dies with this context, i.e. with one disclosure: nothing is
    # shared across documents.
    _memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # The tables of each kind, in document order: rules ask for a kind's tables again and again.
    _by_kind: dict[TableKind, tuple[Table, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[TableKind, list[Table]] = {}
        for table in self.disclosure.tables:
            index.setdefault(table.kind, []).append(table)
        object.__setattr__(self, "_by_kind", {kind: tuple(tables) for kind, tables in index.items()})

    def memo(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()``, run once per check for ``key``; the result must not be mutated.

        Keys name a table by ``id``: the context holds the disclosure, so no table is freed (and
        its id reused) while the context lives.
        """
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    # --- tables ---------------------------------------------------------------------------
    def tables(self, *kinds: TableKind) -> Iterator[Table]:
        if not kinds:
            return iter(self.disclosure.tables)
        if len(kinds) == 1:  # nearly every call: read from the index rather than scan the tables
            return iter(self._by_kind.get(kinds[0], ()))
        return (t for t in self.disclosure.tables if t.kind in kinds)

    # --- places ---------------------------------------------------------------------------
    def table_place(self, table: Table) -> Location:
        return Location(
            line=table.line, page=table.page, table_kind=table.kind.value, table_title=table.title
        )

    def cell(self, table: Table, row: Row, key: str | None = None) -> Location:
        label = _label(table.columns, key) if key else None
        return Location(
            line=row.line,
            page=row.page,
            table_kind=table.kind.value,
            table_title=table.title,
            row_code=row.code or row.unit_code,
            row_name=row.name or None,
            column=key,
            column_label=label,
            value=row.values.get(key) if key else None,
            source=table.source,
        )

    def fact_place(self, fact: Fact) -> Location:
        return Location(line=fact.line, page=fact.page, text=fact.text, value=fact.value, source=fact.source)

    # --- rounding -------------------------------------------------------------------------
    def tolerance(self, values: Iterable[Decimal | None], addends: int = 1) -> Decimal:
        """Half a unit of the least precise printed figure, per addend (0.005 × n for 0.01 amounts)."""
        exponents = [_exponent(v) for v in values if v is not None]
        exponent = max(exponents, default=-2)
        return Decimal(5).scaleb(exponent - 1) * max(addends, 1) * self.config.tolerance_factor

    def table_tolerance(self, table: Table, addends: int = 1) -> Decimal:
        """Tolerance at the table's usual precision (an integer 0 printed among 0.01 amounts does not
        widen it)."""
        exponents = Counter(
            _exponent(v) for r in table.rows for v in r.values.values() if v is not None and v != 0
        )
        exponent = exponents.most_common(1)[0][0] if exponents else -2
        return Decimal(5).scaleb(exponent - 1) * max(addends, 1) * self.config.tolerance_factor

    def to_unit(self, value: Decimal, from_unit: str | None, to_unit: str | None) -> Decimal:
        """Convert an amount between 元 / 万元 (unknown units are taken as equal)."""
        if not from_unit or not to_unit or from_unit == to_unit:
            return value
        if from_unit not in UNIT_YUAN or to_unit not in UNIT_YUAN:
            return value
        return value * UNIT_YUAN[from_unit] / UNIT_YUAN[to_unit]


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _label(columns: tuple[Column, ...], key: str) -> str | None:
    return next((c.label for c in columns if c.key == key), key)
