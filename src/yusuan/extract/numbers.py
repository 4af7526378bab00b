"""Amounts as printed: ``5,497.60``, ``349.27``, ``0``, ``-12.5``; never floats."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_EMPTY_MARKS = frozenset({"", "-", "—", "--", "——", "/", "－", "\\"})


def is_amount(cell: str) -> bool:
    head = cell.lstrip()[:1]
    if not head or not (head.isdigit() or head in "-−"):
        return False  # most cells are text or empty: skip the normalisation
    return read_amount(cell)[1] is not None


def count_amounts(cells: Iterable[str]) -> int:
    """How many of ``cells`` hold an amount (``is_amount``), without a Python call per cell."""
    return len([value for _, value in map(read_amount, cells) if value is not None])


def parse_amount(cell: str) -> Decimal | None:
    """The amount printed in ``cell``; ``None`` for an empty cell or a dash.

    Raises ``ValueError`` when the cell holds text that is not an amount.
    """
    readable, value = read_amount(cell)
    if not readable:
        raise ValueError(f"not an amount: {cell!r}")
    return value


# Memoised: a table's cells are read more than once (a row is tried realigned, then read), the
# same few strings (empty, dashes, 0.00) fill most cells, and amounts recur across tables. The
# result depends on the string alone (a Decimal is immutable), so nothing can go stale.
@lru_cache(maxsize=4096)
def read_amount(cell: str) -> tuple[bool, Decimal | None]:
    """(whether ``cell`` is an amount or empty, the amount or ``None``): ``parse_amount`` without
    the exception, for callers that read many cells that may hold text."""
    text = _squash(cell)
    if text in _EMPTY_MARKS:
        return True, None
    whole, point, fraction = text.partition(".")
    if whole.isdecimal() and (not point or fraction.isdecimal()):
        return True, Decimal(text)  # digits, maybe a fraction (most amounts): no regex needed
    if not _AMOUNT.match(text):
        return False, None
    return True, Decimal(text.replace(",", "").replace("−", "-"))


def is_empty_mark(cell: str) -> bool:
    return _squash(cell) in _EMPTY_MARKS


def _squash(cell: str) -> str:
    return cell.replace(" ", "").replace("\u3000", "").replace("\n", "").replace("，", ",").strip()
