"""Helpers shared by rule families: reading tables the way the identities need them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from yusuan.extract.columns import NOT_ADDITIVE, additive, column_parts
from yusuan.model import CodeScheme, Row, Table
from yusuan.rules.context import CheckContext

__all__ = ["NOT_ADDITIVE", "additive", "column_parts"]

_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
TOTAL_NAMES = frozenset({"合计", "总计"})
_ZERO = Decimal(0)


# Memoised (a pure function of the text): rules compare the same row names again and again.
@lru_cache(maxsize=8192)
def clean(name: str) -> str:
    return "".join(name.split())  # every whitespace character, \u3000 included


def is_total_row(row: Row) -> bool:
    return not row.code and clean(row.name) in TOTAL_NAMES


def numbered(name: str) -> bool:
    """``一、…`` / ``（一）…``: a top-level line of a summary block."""
    return bool(_NUMBERED.match(clean(name)))


def value(row: Row, key: str) -> Decimal:
    """The amount in a cell; an empty cell is zero (tables print an empty cell for zero)."""
    return row.values.get(key) or Decimal(0)


def unit_groups(table: Table) -> Iterator[list[Row]]:
    """Rows split at unit rows (036001 …), so that code trees repeated per unit are summed apart."""
    group: list[Row] = []
    for row in table.rows:
        if row.unit_code and not row.code:
            if group:
                yield group
            group = []
            continue
        group.append(row)
    if group:
        yield group


def coded_groups(ctx: CheckContext, table: Table) -> tuple[dict[CodeScheme | None, list[Row]], ...]:
    """For each of :func:`unit_groups`, its coded rows by code scheme, in table order (read once
    per check: the sums of each scheme read them)."""
    return ctx.memo(("coded groups", id(table)), lambda: tuple(_by_scheme(g) for g in unit_groups(table)))


def _by_scheme(rows: list[Row]) -> dict[CodeScheme | None, list[Row]]:
    found: dict[CodeScheme | None, list[Row]] = {}
    for row in rows:
        if row.code:
            found.setdefault(row.scheme, []).append(row)
    return found


def amount_keys(ctx: CheckContext, table: Table) -> list[str]:
    """The keys of the columns that add up (once per check)."""
    return ctx.memo(("amount keys", id(table)), lambda: [c.key for c in table.columns if additive(c.key)])


def coded(rows: list[Row], scheme: CodeScheme) -> list[Row]:
    return [r for r in rows if r.code and r.scheme is scheme]


def find_row(table: Table, *names: str, section: str | None = None) -> Row | None:
    wanted = {clean(n) for n in names}
    for row in table.rows:
        if clean(row.name) in wanted and (section is None or row.section == section):
            return row
    return None


def sum_mismatches(total: Row, parts: list[Row], keys: list[str]) -> Iterator[tuple[str, Decimal, Decimal]]:
    """(key, Σ parts, printed total) for each column where a total row is not the sum of its parts.

    Empty cells count as zero; a column empty in the total and in every part is skipped.
    """
    # These sums run for every coded row of every table: a plain loop over the cells is twice as
    # fast as list comprehensions and sum(). Zero cells are left out: adding 0 to a sum that
    # starts at 0 changes neither its value nor its printed decimals.
    printed_values = total.values
    part_values = [p.values for p in parts]
    for key in keys:
        printed = printed_values.get(key)
        expected = _ZERO
        empty = printed is None
        for values in part_values:
            cell = values.get(key)
            if cell:
                expected = expected + cell
                empty = False
            elif cell is not None:
                empty = False
        if empty:
            continue
        actual = printed or _ZERO
        if actual != expected:
            yield key, expected, actual


def column_label(table: Table, key: str) -> str:
    return next((c.label for c in table.columns if c.key == key), key)


def column_mismatches(
    row: Row, pairs: list[tuple[str, list[str]]]
) -> Iterator[tuple[str, list[str], Decimal, Decimal]]:
    """(whole, parts, Σ parts, printed whole) for each column identity a row breaks.

    Empty cells count as zero; an identity whose cells are all empty in the row is skipped.
    """
    for _, whole, parts, expected, actual in rows_mismatches((row,), pairs):
        yield whole, parts, expected, actual


def rows_mismatches(
    rows: Iterable[Row], pairs: list[tuple[str, list[str]]]
) -> Iterator[tuple[Row, str, list[str], Decimal, Decimal]]:
    """:func:`column_mismatches` of each row, row by row (one generator for a whole table)."""
    for row in rows:
        values = row.values
        for whole, parts in pairs:
            # As in sum_mismatches: a plain loop, zero cells left out.
            printed = values.get(whole)
            expected = _ZERO
            empty = printed is None
            for part in parts:
                cell = values.get(part)
                if cell:
                    expected = expected + cell
                    empty = False
                elif cell is not None:
                    empty = False
            if empty:
                continue
            actual = printed or _ZERO
            if actual != expected:
                yield row, whole, parts, expected, actual
