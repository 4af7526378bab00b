"""表间一致 (crosstable): a figure printed in two tables must be the same figure.

Each rule reads a :class:`Figure` — a printed amount, or a sum of printed amounts, with every
cell it came from and the rounding it may carry — from two tables, converts between 元 and 万元
where the tables differ, and reports the pair when they differ beyond rounding.

The readers here (:func:`role_keys`, :func:`total_figure`, :func:`class_figures` …) are also
used by the text rules (:mod:`yusuan.rules.text`), which compare the explanatory text with the
same table figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

from yusuan.model import CodeScheme, DocumentKind, Row, Table, TableKind
from yusuan.rules.context import CheckContext
from yusuan.rules.engine import difference_text
from yusuan.rules.findings import Location, Severity
from yusuan.rules.registry import Issue, rule
from yusuan.rules.tables import additive, clean, coded_groups, is_total_row

FAMILY = "crosstable"
K = TableKind
ZERO = Decimal(0)
FUND_KINDS = (K.GENERAL_PUBLIC, K.GOV_FUND, K.STATE_CAPITAL)
# Fiscal-summary columns by fund (支出/一般公共预算 …) and the fund table each one summarises.
FUND_COLUMNS = {
    "expenditure.general_public": K.GENERAL_PUBLIC,
    "expenditure.gov_fund": K.GOV_FUND,
    "expenditure.state_capital": K.STATE_CAPITAL,
}


# --------------------------------------------------------------------------- figures


Places = Callable[[], tuple[Location, ...]]
Slack = Callable[[], Decimal]


def no_slack() -> Decimal:
    return ZERO


class Figure(NamedTuple):
    """A printed amount, or a sum of printed amounts, and where it was printed.

    ``slack`` is how far rounding may have moved it from the true amount (half a unit of the
    last printed digit per addend), in the figure's own unit.

    The places and the slack are worked out only when asked for: nearly every comparison finds
    two equal figures and needs neither, while a figure read from a column of 40 rows has 40
    places. ``where`` and ``rounding`` compute them from the (immutable) disclosure.

    A named tuple rather than a frozen dataclass: a check makes hundreds of figures, and a
    frozen dataclass takes three times as long to make.
    """

    value: Decimal
    unit: str | None
    label: str
    where: Places
    rounding: Slack = no_slack
    name: str = ""  # the printed row name, for a figure read from one line

    @property
    def places(self) -> tuple[Location, ...]:
        return self.where()

    @property
    def slack(self) -> Decimal:
        return self.rounding()

    def describe(self) -> str:
        return f"{self.label}为 {self.value}{self.unit or ''}"


def at_slack(slack: Decimal) -> Slack:
    """A slack known already."""
    return lambda: slack


def rows_figure(
    ctx: CheckContext, table: Table, rows: Sequence[Row], keys: Sequence[str], label: str, name: str = ""
) -> Figure:
    """The sum of ``keys`` over ``rows`` (empty cells are zero), with every cell as a place.

    Its slack is half a unit of the least precise non-zero cell per addend (a printed 0 is exact;
    no non-zero cell: 0.005 per addend). ``rows`` and ``keys`` are kept, not copied, for the
    places: pass sequences nobody changes afterwards."""
    values = [row.values.get(k) for row in rows for k in keys]
    total = sum([v for v in values if v], ZERO)  # as cells_sum

    def places() -> tuple[Location, ...]:
        return tuple(ctx.cell(table, row, k) for row in rows for k in keys)

    def slack() -> Decimal:
        return ctx.tolerance([v for v in values if v], max(len(values), 1))

    return Figure(total, table.unit, label, places, slack, name)


def cells_sum(rows: Sequence[Row], keys: Sequence[str]) -> Decimal:
    """The sum of ``keys`` over ``rows``, the value of :func:`rows_figure`. Empty and zero cells
    are left out: adding a zero to a sum that starts at 0 changes neither its value nor its
    printed decimals."""
    return sum([v for row in rows for k in keys if (v := row.values.get(k))], ZERO)


def empty_figure(ctx: CheckContext, table: Table, label: str) -> Figure:
    """Zero, printed as an empty table (空表列示)."""
    return Figure(ZERO, table.unit, label, lambda: (ctx.table_place(table),))


def _rounds_to(value: Decimal, printed: Decimal) -> bool:
    """Whether ``value`` rounded to the printed figure's last digit is the printed figure."""
    exponent = printed.as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP) == printed


def _rounded(figure: Figure) -> bool:
    """Whether a figure is known to be rounded to its last printed digit (17,192万元), rather
    than exact with its trailing zeros dropped (2万元 among 1.40万元)."""
    exponent = figure.value.as_tuple().exponent
    return isinstance(exponent, int) and figure.slack >= Decimal(5).scaleb(exponent - 1)


def _trimmed(value: Decimal, like: Decimal) -> Decimal:
    """A converted amount without the zeros conversion added (4668000.00 → 4668000)."""
    exponent = like.as_tuple().exponent
    if isinstance(exponent, int) and value == value.quantize(Decimal(1).scaleb(exponent)):
        return value.quantize(Decimal(1).scaleb(exponent))
    return value


def differ(ctx: CheckContext, expected: Figure, actual: Figure, what: str) -> Issue | None:
    """An issue when ``actual`` is not ``expected`` (converted to the actual figure's unit)."""
    value = ctx.to_unit(expected.value, expected.unit, actual.unit)
    if value == actual.value or (_rounded(actual) and _rounds_to(value, actual.value)):
        return None
    slack = ctx.to_unit(expected.slack, expected.unit, actual.unit)
    converted = bool(expected.unit and actual.unit and expected.unit != actual.unit)
    if converted:
        value = _trimmed(value, actual.value)
    shown = expected.describe() + (f"（折合 {value.normalize():f}{actual.unit}）" if converted else "")
    return Issue(
        message=f"{what}：{shown}，而{actual.describe()}，{difference_text(value, actual.value)}。",
        locations=_unique_places(expected.places + actual.places),
        expected=value,
        actual=actual.value,
        tolerance=slack + actual.slack,
    )


def exceeds(ctx: CheckContext, bound: Figure, part: Figure, what: str) -> Issue | None:
    """An issue when ``part`` is larger than ``bound`` (a whole it belongs to) beyond rounding."""
    value = ctx.to_unit(bound.value, bound.unit, part.unit)
    if part.value <= value:
        return None
    return differ(ctx, bound._replace(label=bound.label + "（上限）"), part, what)


def _unique_places(places: Iterable[Location]) -> tuple[Location, ...]:
    return tuple(dict.fromkeys(places))


# --------------------------------------------------------------------------- reading tables


def budget_document(ctx: CheckContext) -> bool:
    """The identities here are a budget's: final accounts (决算) print 预算数 and 决算数 side by
    side with other totals (年初结转, 年末结转) and are not checked by these rules yet."""
    return ctx.disclosure.kind is DocumentKind.BUDGET


def first_table(ctx: CheckContext, *kinds: TableKind) -> Table | None:
    return next(ctx.tables(*kinds), None)


def fund_tables(ctx: CheckContext, kind: TableKind) -> Table | None:
    """The main table of a fund: the first one printing function codes, else the first one."""
    return ctx.memo(("fund table", kind), lambda: _fund_table(ctx, kind))


def _fund_table(ctx: CheckContext, kind: TableKind) -> Table | None:
    tables = list(ctx.tables(kind))
    with_codes = [t for t in tables if any(r.scheme is CodeScheme.FUNCTION for r in t.rows)]
    chosen = with_codes or tables
    return chosen[0] if chosen else None


def role_keys(table: Table, role: str) -> tuple[str, ...]:
    """The column keys holding a role (total/basic/personnel/public/project/current_year/carryover).

    ``total`` is the ``total`` column or the first top-level amount column (Shanghai tables
    print ``支出预算`` or ``general_public`` as their 合计); another role is the shortest key
    ending with it (``basic``, ``general_public.basic``), else the keys below it
    (``basic.personnel.wages`` + ``basic.personnel.households``).
    """
    keys = [c.key for c in table.columns if additive(c.key)]
    if role == "total":
        if "total" in keys:
            return ("total",)
        top = [k for k in keys if "." not in k]
        return (top[0],) if top else ()
    ending = sorted((k for k in keys if k.split(".")[-1] == role), key=lambda k: k.count("."))
    if ending:
        return (ending[0],)
    below = [k for k in keys if role in k.split(".")[:-1]]
    prefixes = {k.split(".").index(role) for k in below}
    return tuple(below) if len(prefixes) == 1 else ()


def keys_of(ctx: CheckContext, table: Table, role: str) -> tuple[str, ...]:
    """:func:`role_keys`, read once per check."""
    return ctx.memo(("role_keys", id(table), role), lambda: role_keys(table, role))


def total_row(table: Table) -> Row | None:
    return next((r for r in table.rows if is_total_row(r)), None)


def label_of(table: Table, key: str) -> str:
    return next((c.label for c in table.columns if c.key == key), key)


def total_figure(ctx: CheckContext, table: Table, role: str) -> Figure | None:
    """A table's 合计 in a role: its total row, zero for an empty table, else the sum of its
    top-level function rows."""
    return ctx.memo(("total_figure", id(table), role), lambda: _total_figure(ctx, table, role))


def _total_figure(ctx: CheckContext, table: Table, role: str) -> Figure | None:
    keys = keys_of(ctx, table, role)
    if not keys:
        return empty_figure(ctx, table, f"《{table.title}》") if table.empty else None
    columns = "+".join(label_of(table, k) for k in keys)
    label = f"《{table.title}》合计" + ("" if columns in ("合计", "总计") else f"“{columns}”")
    row = total_row(table)
    if row is not None:
        return rows_figure(ctx, table, [row], keys, label)
    if table.empty:
        return empty_figure(ctx, table, label)
    classes = class_figures(ctx, table, keys)
    if not classes:
        return None
    figures = list(classes.values())
    return Figure(
        sum((f.value for f in figures), ZERO),
        table.unit,
        f"《{table.title}》各类科目“{'+'.join(label_of(table, k) for k in keys)}”之和",
        lambda: tuple(p for f in figures for p in f.places),
        lambda: sum((f.slack for f in figures), ZERO),
    )


def function_rows(table: Table) -> list[Row]:
    """The function-code rows of a table, each once: where the same code is printed under a
    department (036) and again under its units (036001, 036002), only the units' rows count."""
    rows: list[tuple[str, Row]] = []
    unit = ""
    for row in table.rows:
        if row.unit_code and not row.code:
            unit = row.unit_code
        elif row.code and row.scheme is CodeScheme.FUNCTION:
            rows.append((row.unit_code or unit, row))
    # Units by code, so that each row looks only at the units printing its own code (a scan of
    # every (code, unit) pair per row made this quadratic in the table's rows).
    units: dict[str | None, set[str]] = {}
    for u, row in rows:
        units.setdefault(row.code, set()).add(u)
    # A code printed under one unit only (the usual case) has no other unit to look at.
    return [
        row
        for u, row in rows
        if len(units[row.code]) == 1
        or not any(other != u and other.startswith(u) for other in units[row.code])
    ]


def coded_rows(ctx: CheckContext, table: Table) -> Sequence[Row]:
    """:func:`function_rows`, read once per check; none, without a scan, in a table whose coded
    rows (grouped once per check for the arithmetic rules) have no function code."""

    def read() -> tuple[Row, ...]:
        if not any(CodeScheme.FUNCTION in group for group in coded_groups(ctx, table)):
            return ()
        return tuple(function_rows(table))

    return ctx.memo(("function_rows", id(table)), read)


def code_figures(ctx: CheckContext, table: Table, keys: Sequence[str]) -> CodeFigures:
    """Function code → amount (a code repeated for several units is summed)."""
    return ctx.memo(("code_figures", id(table), tuple(keys)), lambda: CodeFigures(ctx, [(table, keys)]))


class CodeFigures(Mapping[str, Figure]):
    """Function code → amount, in one table or summed over several (in the first one's unit).

    :meth:`amount` reads a code's amount without making its figure; the figure (its label, places
    and rounding) is made when it is first asked for: most codes are only compared by amount.
    """

    def __init__(self, ctx: CheckContext, tables: Sequence[tuple[Table, Sequence[str]]]) -> None:
        self._ctx = ctx
        self._parts = [(table, keys, _rows_by_code(ctx, table)) for table, keys in tables]
        self._codes = dict.fromkeys(code for _, _, grouped in self._parts for code in grouped)
        self._figures: dict[str, Figure] = {}
        self._amounts: dict[str, tuple[Decimal, str | None] | None] = {}

    def __getitem__(self, code: str) -> Figure:
        figure = self._figures.get(code)
        if figure is None:
            if code not in self._codes:
                raise KeyError(code)
            figure = self._figures[code] = self._figure(code)
        return figure

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def _figure(self, code: str) -> Figure:
        summed: Figure | None = None
        for table, keys, grouped in self._parts:
            rows = grouped.get(code)
            if rows is not None:
                label = f"《{table.title}》{code} {rows[0].name}"
                summed = _add(
                    self._ctx, summed, rows_figure(self._ctx, table, rows, keys, label, clean(rows[0].name))
                )
        assert summed is not None  # the code is printed in one of the tables
        return summed

    def amount(self, code: str) -> tuple[Decimal, str | None] | None:
        """The value and unit of the code's figure, without making it (``None``: not printed)."""
        try:
            return self._amounts[code]
        except KeyError:
            amount = self._amounts[code] = self._amount(code)
            return amount

    def _amount(self, code: str) -> tuple[Decimal, str | None] | None:
        summed: tuple[Decimal, str | None] | None = None
        for table, keys, grouped in self._parts:
            rows = grouped.get(code)
            if rows is not None:
                value = cells_sum(rows, keys)
                if summed is None:
                    summed = (value, table.unit)
                else:  # as _add sums their figures
                    summed = (summed[0] + self._ctx.to_unit(value, table.unit, summed[1]), summed[1])
        return summed


def _rows_by_code(ctx: CheckContext, table: Table) -> Mapping[str, list[Row]]:
    def group() -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = {}
        for row in coded_rows(ctx, table):
            grouped.setdefault(row.code or "", []).append(row)
        return grouped

    return ctx.memo(("rows by code", id(table)), group)


def class_figures(ctx: CheckContext, table: Table, keys: Sequence[str]) -> Mapping[str, Figure]:
    """类 code (3 digits) → amount: the 类 row, or the sum of the highest rows printed below it."""
    return ctx.memo(("class_figures", id(table), tuple(keys)), lambda: _class_figures(ctx, table, keys))


def _class_figures(ctx: CheckContext, table: Table, keys: Sequence[str]) -> dict[str, Figure]:
    grouped: dict[str, list[Row]] = {}
    for row in coded_rows(ctx, table):
        grouped.setdefault((row.code or "")[:3], []).append(row)
    result = {}
    for code, rows in sorted(grouped.items()):
        shortest = min(len(r.code or "") for r in rows)
        top = [r for r in rows if len(r.code or "") == shortest]
        name = top[0].name if shortest == 3 else f"（{len(top)} 个下级科目之和）"
        result[code] = rows_figure(ctx, table, top, keys, f"《{table.title}》{code} {name}")
    return result


def code_levels(ctx: CheckContext, table: Table) -> set[int]:
    return {len(r.code or "") for r in coded_rows(ctx, table)}


# --------------------------------------------------------------------------- summary tables

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}[、.．](?!\d))"
)
_NOT_CLASS = re.compile(r"合计|总计|结转|结余|本年支出|本年收入|支出总|收入总")


@lru_cache(maxsize=4096)
def plain(name: str) -> str:
    """A row name without spaces, numbering (一、/（十）/1、) or a leading 其中："""
    text = _NUMBERING.sub("", clean(name))
    for lead in ("其中：", "其中:"):
        text = text.removeprefix(lead)
    return text


@lru_cache(maxsize=4096)
def class_name(name: str) -> str:
    return plain(name).removesuffix("支出")


def summary_key(table: Table, section: str) -> str | None:
    """The amount column of one side of a summary table (``expenditure`` or ``expenditure.total``)."""
    keys = [c.key for c in table.columns]
    for key in (section, f"{section}.total"):
        if key in keys:
            return key
    return None


def section_rows(table: Table, section: str) -> list[Row]:
    return [r for r in table.rows if r.section == section]


def class_rows(ctx: CheckContext, table: Table) -> Sequence[tuple[Row, str | None]]:
    """The function 类 lines of a summary table's expenditure side (printed by name, no code),
    each with the code of the 类 a table prints under that name (``None``: no table does)."""
    return ctx.memo(("class_rows", id(table)), lambda: _class_rows(ctx, table))


def _class_rows(ctx: CheckContext, table: Table) -> tuple[tuple[Row, str | None], ...]:
    names = class_names(ctx)
    return tuple(
        (r, _lookup(names, _by_initial(ctx), class_name(r.name)))
        for r in section_rows(table, "expenditure")
        if not r.code and class_name(r.name) and not _NOT_CLASS.search(clean(r.name))
    )


def find_line(ctx: CheckContext, table: Table, section: str, *patterns: str) -> Row | None:
    """The first row of a side whose plain name matches one of the patterns, in pattern order."""
    return ctx.memo(("find_line", id(table), section, patterns), lambda: _find_line(table, section, patterns))


def _find_line(table: Table, section: str, patterns: Sequence[str]) -> Row | None:
    rows = section_rows(table, section)
    for pattern in patterns:
        regex = re.compile(pattern)
        for row in rows:
            if regex.fullmatch(plain(row.name)):
                return row
    return None


def line_figure(ctx: CheckContext, table: Table, row: Row, key: str) -> Figure:
    """One cell of a summary line (once per check: several rules read the same totals)."""
    return ctx.memo(("line_figure", id(row), key), lambda: _line_figure(ctx, table, row, key))


def _line_figure(ctx: CheckContext, table: Table, row: Row, key: str) -> Figure:
    label = f"《{table.title}》“{plain(row.name)}”"
    column = label_of(table, key)
    if column != key and key not in ("income", "expenditure"):
        label += f"“{column}”列"
    return rows_figure(ctx, table, [row], [key], label)


def class_names(ctx: CheckContext) -> Mapping[str, str]:
    """类 name (without 支出) → code, from every table that prints 类 rows with their codes."""
    return ctx.memo("class_names", lambda: _class_names(ctx))


def _class_names(ctx: CheckContext) -> dict[str, str]:
    names: dict[str, str] = {}
    for table in ctx.tables():
        for row in coded_rows(ctx, table):
            if len(row.code or "") == 3 and class_name(row.name):
                names.setdefault(class_name(row.name), row.code or "")
    return names


def _lookup(names: Mapping[str, str], initials: Mapping[str, list[tuple[str, str]]], name: str) -> str | None:
    """The code of a 类 name, or of the one known name that begins the other (both of two
    characters or more; ``initials``: the known names by first character, which they share)."""
    if name in names:
        return names[name]
    if len(name) < 2:
        return None
    close = {
        code for known, code in initials.get(name[0], ()) if known.startswith(name) or name.startswith(known)
    }
    return close.pop() if len(close) == 1 else None


def _by_initial(ctx: CheckContext) -> Mapping[str, list[tuple[str, str]]]:
    """The 类 names of two characters or more (with their codes) by first character."""

    def index() -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for known, code in class_names(ctx).items():
            if len(known) >= 2:
                found.setdefault(known[0], []).append((known, code))
        return found

    return ctx.memo("class names by initial", index)


def match_classes(
    ctx: CheckContext, summary: Table, key: str, classes: Mapping[str, Figure]
) -> list[tuple[Row, str]]:
    """Pair a summary's 类 lines with 类 codes: by name where a table prints the 类 with its code;
    where no table does, in order, when the lines with an amount and the 类 with an amount are as
    many (a line under a name no table prints is not guessed)."""
    pairs: list[tuple[Row, str]] = []
    unnamed: list[Row] = []
    for row, code in class_rows(ctx, summary):
        if code is not None:
            pairs.append((row, code))
        elif row.values.get(key):
            unnamed.append(row)
    if not class_names(ctx) and unnamed:
        left = [c for c in sorted(classes) if classes[c].value != 0]
        if len(unnamed) == len(left):
            pairs.extend(zip(unnamed, left, strict=True))
    return pairs


def all_money_fiscal(ctx: CheckContext) -> bool:
    """Whether every yuan is a fiscal grant: the fiscal summary's 收入总计 is the summary's."""
    summary = first_table(ctx, K.SUMMARY)
    fiscal = first_table(ctx, K.FISCAL_SUMMARY)
    if summary is None or fiscal is None:
        return False
    a, b = income_total(ctx, summary), income_total(ctx, fiscal)
    if a is None or b is None:
        return False
    return ctx.to_unit(a.value, a.unit, b.unit) == b.value


def income_total(ctx: CheckContext, table: Table) -> Figure | None:
    key = summary_key(table, "income")
    row = find_line(ctx, table, "income", r"收入总计", r"收入合计")
    return line_figure(ctx, table, row, key) if row is not None and key else None


# --------------------------------------------------------------------------- comparisons


def _deepest(found: list[tuple[str, Issue]]) -> Iterator[Issue]:
    """Issues for codes, without a code's ancestors when one of its descendants differs too."""
    codes = [code for code, _ in found]
    for code, issue in found:
        if not any(other != code and other.startswith(code) for other in codes):
            yield issue


@dataclass(frozen=True)
class Side:
    """One side of a code-by-code comparison: amounts by code, and the tables they come from."""

    figures: CodeFigures
    tables: Sequence[Table]

    def get(self, ctx: CheckContext, code: str, present: Figure) -> Figure | None:
        """The side's figure for a code; zero where it does not print the code; ``None`` where it
        prints the line under a code that could not be read (a row of the same name without a
        function code: PDF text that split ``2101102`` into ``71102``)."""
        if code in self.figures:
            return self.figures[code]
        if present.name and any(
            clean(r.name) == present.name and r.scheme is not CodeScheme.FUNCTION
            for t in self.tables
            for r in t.rows
        ):
            return None
        table = self.tables[0]
        return empty_figure(ctx, table, f"《{table.title}》（未列 {code}）")


def compare_codes(
    ctx: CheckContext, reference: Side, other: Side, levels: set[int], what: str, *, at_most: bool = False
) -> Iterator[Issue]:
    """Code by code at the levels both sides print (a code missing on one side is zero there).

    With ``at_most`` the other side may be smaller (a part of the reference), not larger. Where a
    code differs, its ancestors are not reported again.
    """
    found: list[tuple[str, Issue]] = []
    for code in sorted(set(reference.figures) | set(other.figures)):
        if len(code) not in levels or _amounts_agree(ctx, reference, other, code, at_most):
            continue
        present = reference.figures.get(code) or other.figures[code]
        expected, actual = reference.get(ctx, code, present), other.get(ctx, code, present)
        if expected is None or actual is None:
            continue
        check = exceeds if at_most else differ
        issue = check(ctx, expected, actual, f"{what}（{code}）")
        if issue is not None:
            found.append((code, issue))
    yield from _deepest(found)


def _amounts_agree(ctx: CheckContext, reference: Side, other: Side, code: str, at_most: bool) -> bool:
    """Whether both sides print the code with amounts that :func:`differ` (or, ``at_most``,
    :func:`exceeds`) would find no fault with at first sight, read without making the figures."""
    a, b = reference.figures.amount(code), other.figures.amount(code)
    if a is None or b is None:
        return False
    expected = ctx.to_unit(a[0], a[1], b[1])
    return b[0] <= expected if at_most else b[0] == expected


# --------------------------------------------------------------------------- rules


@rule("XT001", family=FAMILY, severity=Severity.ERROR, title="收支总表的功能分类金额与支出总表不一致")
def summary_classes(ctx: CheckContext) -> Iterator[Issue]:
    """收支总表按功能分类列示的每一“类”支出，应等于支出总表（无支出总表时为收入总表）中同一
    “类”的金额。

    收支总表只印科目名称（如“十、卫生健康支出”），不印编码：按其他表格中同时列出编码和名称的
    “类”行（210 卫生健康支出）对应；若没有任何表格列出“类”行，则按顺序把收支总表中有金额的
    各行与支出总表中有金额的各“类”（由款、项汇总）一一对应。两处是同一笔钱，不一致说明其中
    一处印错。

    例：收支总表“卫生健康支出”288.69，支出总表 210 卫生健康支出 288.69，一致；若收支总表
    印为 289.69 则报错。
    """
    if not budget_document(ctx):
        return
    reference = first_table(ctx, K.EXPENDITURE) or first_table(ctx, K.INCOME)
    if reference is None:
        return
    classes = class_figures(ctx, reference, keys_of(ctx, reference, "total"))
    if not classes:
        return
    for summary in ctx.tables(K.SUMMARY):
        yield from _summary_against(
            ctx, summary, "expenditure", reference, classes, "收支总表与支出表的“类”级支出不一致"
        )


def _summary_against(
    ctx: CheckContext,
    summary: Table,
    key_section: str,
    reference: Table,
    classes: Mapping[str, Figure],
    what: str,
    key: str | None = None,
) -> Iterator[Issue]:
    key = key or summary_key(summary, key_section)
    if key is None:
        return
    for row, code in match_classes(ctx, summary, key, classes):
        expected = classes.get(code) or empty_figure(ctx, reference, f"《{reference.title}》（未列 {code}）")
        if ctx.to_unit(expected.value, expected.unit, summary.unit) == cells_sum([row], [key]):
            continue  # equal: differ would find nothing, and the line's figure is not needed
        issue = differ(ctx, expected, line_figure(ctx, summary, row, key), f"{what}（{code}）")
        if issue is not None:
            yield issue


@rule("XT002", family=FAMILY, severity=Severity.ERROR, title="收入总表与支出总表的功能科目金额不一致")
def income_matches_expenditure(ctx: CheckContext) -> Iterator[Issue]:
    """收入总表（按支出功能分类列示收入来源）每个科目的合计，应等于支出总表同一科目的合计。

    收入总表说明每个功能科目的钱从哪里来，支出总表说明这些钱怎么花，同一科目的合计是同一笔
    钱。只比较两表都列出的科目层级；下级科目已不一致时，不再重复报告其上级。

    例：收入总表 2101501 行政运行 206.05，支出总表 2101501 行政运行 206.05，一致。
    """
    if not budget_document(ctx):
        return
    income, spending = first_table(ctx, K.INCOME), first_table(ctx, K.EXPENDITURE)
    if income is None or spending is None:
        return
    yield from compare_codes(
        ctx,
        Side(code_figures(ctx, spending, keys_of(ctx, spending, "total")), [spending]),
        Side(code_figures(ctx, income, keys_of(ctx, income, "total")), [income]),
        code_levels(ctx, income) & code_levels(ctx, spending),
        "收入总表与支出总表的科目合计不一致",
    )


def _fund_codes(ctx: CheckContext) -> tuple[CodeFigures, set[int], list[Table]]:
    """Function code → amount summed over the fund tables (一般公共预算/政府性基金/国有资本经营)."""
    levels: set[int] = set()
    tables = [t for kind in FUND_KINDS if (t := fund_tables(ctx, kind)) is not None]
    for table in tables:
        levels |= code_levels(ctx, table)
    summed = CodeFigures(ctx, [(table, keys_of(ctx, table, "total")) for table in tables])
    return summed, levels, tables


def _add(ctx: CheckContext, a: Figure | None, b: Figure) -> Figure:
    """The sum of two figures, in the first one's unit."""
    if a is None:
        return b
    value = a.value + ctx.to_unit(b.value, b.unit, a.unit)

    def slack() -> Decimal:
        return a.slack + ctx.to_unit(b.slack, b.unit, a.unit)

    return Figure(
        value, a.unit, f"{a.label}与{b.label}之和", lambda: a.places + b.places, slack, a.name or b.name
    )


def _grand(ctx: CheckContext, tables: Sequence[Table]) -> Figure | None:
    """The 合计 of several tables together."""
    return _sum_figures(ctx, [total_figure(ctx, t, "total") for t in tables]) if tables else None


def _agree(ctx: CheckContext, a: Figure | None, b: Figure | None) -> bool:
    if a is None or b is None:
        return False
    return differ(ctx, a, b, "") is None


@rule("XT003", family=FAMILY, severity=Severity.ERROR, title="分资金支出表与支出总表的功能科目金额不一致")
def funds_match_expenditure(ctx: CheckContext) -> Iterator[Issue]:
    """一般公共预算、政府性基金预算、国有资本经营预算支出表中同一功能科目之和，不应超过支出
    总表该科目的金额；若三张表的合计之和等于支出总表合计（全部支出都是财政拨款），则每个科目
    都应相等。

    支出总表包括全部资金（财政拨款和单位资金），按资金来源分列的表格是它的组成部分。

    例：一般公共预算支出表 2101501 行政运行 1024.80，支出总表 2101501 行政运行 1024.80，
    一致；若一般公共预算支出表印为 1034.80，超出支出总表，报错。
    """
    if not budget_document(ctx):
        return
    spending = first_table(ctx, K.EXPENDITURE)
    if spending is None:
        return
    funds, levels, tables = _fund_codes(ctx)
    if not tables:
        return
    whole = total_figure(ctx, spending, "total")
    equal = _agree(ctx, whole, _grand(ctx, tables))
    what = "各资金支出表与支出总表的科目金额不一致" if equal else "各资金支出表的科目金额超过支出总表"
    yield from compare_codes(
        ctx,
        Side(code_figures(ctx, spending, keys_of(ctx, spending, "total")), [spending]),
        Side(funds, tables),
        levels & code_levels(ctx, spending),
        what,
        at_most=not equal,
    )


@rule("XT004", family=FAMILY, severity=Severity.ERROR, title="财政拨款收支总表与分资金支出表不一致")
def fiscal_summary_matches(ctx: CheckContext) -> Iterator[Issue]:
    """财政拨款收支总表的支出合计及各“类”金额，应分别等于一般公共预算、政府性基金预算、国有
    资本经营预算支出表的对应合计和“类”金额（“合计”列等于三者之和）；全部收入都是财政拨款时，
    还应等于支出总表的各“类”金额。

    例：财政拨款收支总表“卫生健康支出”一般公共预算列 5131.90，一般公共预算支出表 210 类各项
    之和 5131.90，一致。若财政拨款收支总表含上年结转而分资金支出表只含当年拨款，合计不一致
    只作警告。
    """
    if not budget_document(ctx):
        return
    for fiscal in ctx.tables(K.FISCAL_SUMMARY):
        for key, kinds in _fiscal_columns(fiscal):
            tables = [t for kind in kinds if (t := fund_tables(ctx, kind)) is not None]
            if tables and len(tables) == len(kinds):  # the 合计 column needs every fund's table
                yield from _fiscal_column(ctx, fiscal, key, tables)
        spending = first_table(ctx, K.EXPENDITURE)
        total_key = summary_key(fiscal, "expenditure")
        if spending is not None and total_key and all_money_fiscal(ctx):
            classes = class_figures(ctx, spending, keys_of(ctx, spending, "total"))
            yield from _summary_against(
                ctx,
                fiscal,
                "expenditure",
                spending,
                classes,
                "财政拨款收支总表与支出总表的“类”级支出不一致（全部收入为财政拨款）",
                total_key,
            )


def _fiscal_columns(fiscal: Table) -> Iterator[tuple[str, tuple[TableKind, ...]]]:
    keys = [c.key for c in fiscal.columns]
    for key, kind in FUND_COLUMNS.items():
        if key in keys:
            yield key, (kind,)
    total = "expenditure.total" if "expenditure.total" in keys else None
    if total is None and "expenditure" in keys and len([k for k in keys if k.startswith("expenditure")]) == 1:
        total = "expenditure"
    if total is not None:
        yield total, FUND_KINDS


def _fiscal_column(ctx: CheckContext, fiscal: Table, key: str, tables: list[Table]) -> Iterator[Issue]:
    row = find_line(ctx, fiscal, "expenditure", r"本年支出合计", r"本年支出", r"支出合计", r"支出总计")
    whole = _grand(ctx, tables)
    if row is None or whole is None:
        return
    printed = line_figure(ctx, fiscal, row, key)
    issue = differ(ctx, whole, printed, "财政拨款收支总表的支出合计与分资金支出表合计不一致")
    if issue is not None:
        yield replace(issue, severity=Severity.WARNING) if _has_carryover(fiscal) else issue
        return
    classes: dict[str, Figure] = {}
    for table in tables:
        for code, figure in class_figures(ctx, table, keys_of(ctx, table, "total")).items():
            classes[code] = _add(ctx, classes.get(code), figure)
    yield from _summary_against(
        ctx,
        fiscal,
        "expenditure",
        tables[0],
        classes,
        "财政拨款收支总表与分资金支出表的“类”级支出不一致",
        key,
    )


def _has_carryover(fiscal: Table) -> bool:
    return any("结转" in r.name and any(v for v in r.values.values()) for r in section_rows(fiscal, "income"))


@rule("XT005", family=FAMILY, severity=Severity.ERROR, title="一般公共预算支出表的基本支出与基本支出表不一致")
def basic_matches(ctx: CheckContext) -> Iterator[Issue]:
    """一般公共预算支出表的“基本支出”合计，应等于一般公共预算基本支出表的合计；两表都分列
    人员经费和公用经费时，二者也应分别相等。

    两张表列示的是同一笔一般公共预算财政拨款基本支出，前者按功能分类，后者按经济分类。

    例：一般公共预算支出表合计“基本支出”289.59，基本支出表合计 289.59（人员经费 273.24 +
    公用经费 16.35），一致。
    """
    if not budget_document(ctx):
        return
    general, basic = first_table(ctx, K.GENERAL_PUBLIC), first_table(ctx, K.GENERAL_PUBLIC_BASIC)
    if general is None or basic is None:
        return
    for role, basic_role in (("basic", "total"), ("personnel", "personnel"), ("public", "public")):
        a, b = total_figure(ctx, basic, basic_role), _role_total(ctx, general, role)
        if a is not None and b is not None:
            issue = differ(ctx, a, b, "一般公共预算支出表与基本支出表不一致")
            if issue is not None:
                yield issue


def _role_total(ctx: CheckContext, table: Table, role: str) -> Figure | None:
    return total_figure(ctx, table, role) if keys_of(ctx, table, role) else None


@rule("XT006", family=FAMILY, severity=Severity.ERROR, title="人员经费、公用经费在支出表与基本支出表间不一致")
def basic_split_matches(ctx: CheckContext) -> Iterator[Issue]:
    """支出总表（或收支总表）分列人员经费、公用经费时，若其基本支出合计等于一般公共预算基本
    支出表的合计（基本支出全部是一般公共预算拨款），人员经费和公用经费也应分别相等。

    例：支出总表基本支出 3323.60 = 基本支出表合计 3323.60，则人员经费 3193.10、公用经费 130.50
    也应与基本支出表一致。基本支出含单位资金时两表口径不同，不作比较。
    """
    if not budget_document(ctx):
        return
    basic = first_table(ctx, K.GENERAL_PUBLIC_BASIC)
    if basic is None:
        return
    whole = total_figure(ctx, basic, "total")
    for table in (*ctx.tables(K.EXPENDITURE), *ctx.tables(K.SUMMARY)):
        parts = {role: _split_figure(ctx, table, role) for role in ("personnel", "public")}
        if any(p is None for p in parts.values()):
            continue
        own = _role_total(ctx, table, "basic") or _sum_figures(ctx, list(parts.values()))
        if not _agree(ctx, whole, own):
            continue
        for role, figure in parts.items():
            reference = total_figure(ctx, basic, role)
            if reference is not None and figure is not None:
                issue = differ(ctx, reference, figure, "支出表与基本支出表的人员经费/公用经费不一致")
                if issue is not None:
                    yield issue


def _split_figure(ctx: CheckContext, table: Table, role: str) -> Figure | None:
    """人员经费/公用经费 of a table's 合计; a summary prints them as columns of its 支出 total."""
    if table.kind is not K.SUMMARY:
        return _role_total(ctx, table, role)
    key = f"expenditure.{role}"
    row = find_line(ctx, table, "expenditure", r"本年支出合计", r"支出总计", r"支出合计")
    return line_figure(ctx, table, row, key) if row and key in {c.key for c in table.columns} else None


def _sum_figures(ctx: CheckContext, figures: Sequence[Figure | None]) -> Figure | None:
    result: Figure | None = None
    for figure in figures:
        if figure is None:
            return None
        result = _add(ctx, result, figure)
    return result


# “三公”经费 parts and the economic lines (部门预算支出经济分类) that hold the same money.
# (code, a word its printed name must contain: a line printed under another name is not read)
THREE_PUBLIC_LINES = {
    "overseas": ("30212", "出国"),
    "reception": ("30217", "接待"),
    "vehicle_operation": ("30231", "车"),
}
THREE_PUBLIC_NAMES = {
    "overseas": "因公出国（境）费",
    "reception": "公务接待费",
    "vehicle_operation": "公务用车运行维护费",
}


@rule("XT007", family=FAMILY, severity=Severity.ERROR, title="“三公”经费与经济分类科目金额不一致")
def three_public_matches_economic(ctx: CheckContext) -> Iterator[Issue]:
    """“三公”经费表的因公出国（境）费、公务接待费、公务用车运行维护费，应与经济分类科目 30212
    因公出国（境）费用、30217 公务接待费、30231 公务用车运行维护费一致。

    一般公共预算基本支出表只含基本支出，项目支出中也可能安排接待费、用车费：所以基本支出表
    的科目金额是“三公”经费的下限（超过即矛盾）；只有在没有财政拨款项目支出、也没有政府性基金
    和国有资本经营支出时它才是全部，应当相等。支出经济分类汇总表覆盖全部支出，其财政拨款各列
    之和应当相等。

    例：“三公”经费表公务接待费 0.26，基本支出表 30217 公务接待费 0.26，一致；若“三公”经费表为
    0，而基本支出表 30217 为 0.26，报错。
    """
    if not budget_document(ctx):
        return
    table = first_table(ctx, K.THREE_PUBLIC)
    if table is None:
        return
    for part, (code, word) in THREE_PUBLIC_LINES.items():
        printed = three_public_figure(ctx, table, part)
        if printed is None:
            continue
        for bound, exact in _economic_bounds(ctx, code, word, table):
            what = f"“三公”经费{THREE_PUBLIC_NAMES[part]}与经济分类 {code} 不一致"
            issue = differ(ctx, bound, printed, what) if exact else exceeds(ctx, printed, bound, what)
            if issue is not None:
                yield issue


def _economic_bounds(
    ctx: CheckContext, code: str, word: str, three_public: Table
) -> Iterator[tuple[Figure, bool]]:
    """(figure, exact) for the economic line: exact where it holds all the money of the part,
    otherwise a lower bound."""
    basic = first_table(ctx, K.GENERAL_PUBLIC_BASIC)
    keys = keys_of(ctx, basic, "total") if basic is not None else ()
    if basic is not None and keys:
        rows = _economic_rows(basic, code, word)
        if rows:
            label = f"《{basic.title}》{code} {rows[0].name}"
            yield rows_figure(ctx, basic, rows, keys, label), _basic_only(ctx)
        elif _lists_lines(basic, code[:3], word) and _basic_only(ctx):
            label = f"《{basic.title}》（未列 {code}）"
            yield empty_figure(ctx, basic, label), True
    summary = first_table(ctx, K.ECONOMIC_SUMMARY)
    if summary is not None:
        columns = _fiscal_economic_columns(summary, three_public)
        rows = _economic_rows(summary, code, word)
        if columns and rows:
            yield rows_figure(ctx, summary, rows, columns, f"《{summary.title}》{code} {rows[0].name}"), True


def _economic_rows(table: Table, code: str, word: str) -> list[Row]:
    return [
        r for r in table.rows if r.code == code and r.scheme is CodeScheme.DEPT_ECONOMIC and word in r.name
    ]


def _lists_lines(table: Table, parent: str, word: str) -> bool:
    """Whether the table lists the 款 lines of an economic 类 (302xx under 302) by the standard
    codes: no line of the part's kind (a name with ``word``) under another code."""
    lines = [r for r in table.rows if r.scheme is CodeScheme.DEPT_ECONOMIC and len(r.code or "") == 5]
    return any((r.code or "").startswith(parent) for r in lines) and not any(word in r.name for r in lines)


def _basic_only(ctx: CheckContext) -> bool:
    """No fiscal money outside 一般公共预算 basic spending: no project spending of general public
    funds, and empty government-fund and state-capital tables (once per check)."""
    return ctx.memo("basic only", lambda: _no_money_beyond_basic(ctx))


def _no_money_beyond_basic(ctx: CheckContext) -> bool:
    general = first_table(ctx, K.GENERAL_PUBLIC)
    project = total_figure(ctx, general, "project") if general is not None else None
    if project is None:
        spending = first_table(ctx, K.EXPENDITURE)
        project = total_figure(ctx, spending, "project") if spending is not None else None
    if project is None or project.value != 0:
        return False
    for kind in (K.GOV_FUND, K.STATE_CAPITAL):
        table = fund_tables(ctx, kind)
        figure = total_figure(ctx, table, "total") if table is not None else None
        if figure is not None and figure.value != 0:
            return False
    return True


def _fiscal_economic_columns(summary: Table, three_public: Table) -> list[str]:
    """The fiscal-grant columns of an economic summary in the “三公” table's scope."""
    keys = [c.key for c in summary.columns]
    funds = (
        ["general_public"]
        if "一般公共预算" in three_public.title
        else ["general_public", "gov_fund", "state_capital"]
    )
    return [k for k in keys if k in funds]


_THREE_PUBLIC_ROWS = {
    "total": r"(?:三公经费)?(?:合计|小计)",
    "overseas": r"因公出国（境）费用?",
    "vehicle": r"公务用车购置及运(?:行|维)(?:维护)?费",
    "vehicle_purchase": r"公务用车购置费",
    "vehicle_operation": r"公务用车运行(?:维护)?费",
    "reception": r"公务接待费",
}
# Shanghai tables key the two vehicle parts under ``vehicle`` by their printed words.
_THREE_PUBLIC_ALIASES = {
    "vehicle_purchase": ("vehicle.购置费",),
    "vehicle_operation": ("vehicle.运行费", "vehicle.运行维护费"),
}
THREE_PUBLIC_PARTS = tuple(_THREE_PUBLIC_ROWS)


def three_public_figure(ctx: CheckContext, table: Table, part: str) -> Figure | None:
    """A “三公” part as printed: a column of the 合计 row (or of the only row), or, where the
    parts are rows (一、因公出国（境）费 …), the row's 合计 column. Zero for an empty table."""
    return ctx.memo(("three_public", id(table), part), lambda: _three_public_figure(ctx, table, part))


def _three_public_figure(ctx: CheckContext, table: Table, part: str) -> Figure | None:
    name = THREE_PUBLIC_NAMES.get(part) or _PART_NAMES[part]
    label = f"《{table.title}》{name}"
    if table.empty:
        return empty_figure(ctx, table, label)
    if _parts_in_columns(table):
        keys = _part_keys(table, part)
        row = total_row(table) or (table.rows[0] if len(table.rows) == 1 else None)
        return rows_figure(ctx, table, [row], keys, label) if keys and row is not None else None
    keys = keys_of(ctx, table, "total")
    row = total_row(table) if part == "total" else None
    pattern = re.compile(_THREE_PUBLIC_ROWS[part])
    row = row or next((r for r in table.rows if pattern.fullmatch(_three_public_name(r.name))), None)
    return rows_figure(ctx, table, [row], keys, label) if keys and row is not None else None


_PART_NAMES = {
    "total": "“三公”经费合计",
    "vehicle": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
}


_QUOTES = str.maketrans({"“": None, "”": None, '"': None, "(": "（", ")": "）"})


def _three_public_name(name: str) -> str:
    return plain(name).translate(_QUOTES)


def _part_keys(table: Table, part: str) -> tuple[str, ...]:
    if part == "total":
        return role_keys(table, "total")
    keys = [c.key for c in table.columns]
    aliases = _THREE_PUBLIC_ALIASES.get(part, ())
    found = [k for k in keys if k.split(".")[-1] == part or k.endswith(aliases)]
    return tuple(sorted(found, key=lambda k: k.count("."))[:1])


def _parts_in_columns(table: Table) -> bool:
    return any(_part_keys(table, part) for part in ("overseas", "reception", "vehicle"))


# --------------------------------------------------------------------------- projects


def project_spending(ctx: CheckContext) -> Figure | None:
    """项目支出 of the whole budget: the expenditure table's 合计, else the summary's."""
    spending = first_table(ctx, K.EXPENDITURE)
    if spending is not None and keys_of(ctx, spending, "project"):
        return total_figure(ctx, spending, "project")
    for summary in ctx.tables(K.SUMMARY):
        figure = _summary_part(ctx, summary, "project")
        if figure is not None:
            return figure
    return None


def _summary_part(ctx: CheckContext, summary: Table, role: str) -> Figure | None:
    """基本支出/项目支出 as a summary prints them: a column of its 支出 total row (Shanghai) or a
    line of its economic side (一、基本支出 / 二、项目支出, Hunan)."""
    key = f"expenditure.{role}"
    if key in {c.key for c in summary.columns}:
        row = find_line(ctx, summary, "expenditure", r"本年支出合计", r"支出总计", r"支出合计")
        return line_figure(ctx, summary, row, key) if row is not None else None
    word = {"basic": "基本支出", "project": "项目支出"}[role]
    row = find_line(ctx, summary, "economic_dept", word)
    return line_figure(ctx, summary, row, "economic_dept") if row is not None else None


@rule("XT008", family=FAMILY, severity=Severity.ERROR, title="项目支出预算表合计与项目支出不一致")
def projects_table_total(ctx: CheckContext) -> Iterator[Issue]:
    """项目支出预算表（专项资金预算汇总表）的合计应等于支出总表的“项目支出”合计。

    项目表逐项列出项目支出，其合计超过项目支出即自相矛盾（错误）；小于项目支出说明有项目
    没有列入项目表（警告）。

    例：项目支出预算表合计 3141.70，支出总表项目支出 3141.70，一致。
    """
    if not budget_document(ctx):
        return
    spending = project_spending(ctx)
    if spending is None:
        return
    for table in ctx.tables(K.PROJECTS):
        printed = total_figure(ctx, table, "total")
        if printed is None or table.empty:
            continue
        issue = differ(ctx, spending, printed, "项目支出预算表合计与支出总表的项目支出不一致")
        if issue is not None and issue.actual is not None and issue.expected is not None:
            yield issue if issue.actual > issue.expected else replace(issue, severity=Severity.WARNING)


@rule("XT009", family=FAMILY, severity=Severity.WARNING, title="绩效目标项目金额之和与项目支出不一致")
def goals_cover_projects(ctx: CheckContext) -> Iterator[Issue]:
    """编报了绩效目标的各项目金额之和应等于项目支出；少于项目支出时，列出没有绩效目标的项目。

    项目支出应全部设定绩效目标。绩效目标表的项目金额之和少于项目支出，说明有项目没有目标
    （或目标表漏印）；多于项目支出，说明目标表的金额与预算不符。

    例：6 个项目绩效目标表金额之和 59.68，项目支出 59.68，一致；若只有 5 张目标表合计 31.03，
    报告缺少的项目“办公辅助（服务）28.65”。
    """
    if not budget_document(ctx):
        return
    projects = [p for p in ctx.disclosure.projects if p.amount is not None]
    spending = project_spending(ctx)
    if not projects or spending is None:
        return
    unit = _goal_unit(ctx)
    total = sum((p.amount or ZERO for p in projects), ZERO)
    figure = Figure(
        total,
        unit,
        f"{len(projects)} 个项目绩效目标的金额之和",
        lambda: tuple(_project_place(ctx, p.line, p.name) for p in projects),
        at_slack(Decimal("0.005") * len(projects)),
    )
    issue = differ(ctx, spending, figure, "绩效目标覆盖的项目金额与项目支出不一致")
    if issue is None or issue.expected is None or issue.actual is None:
        return
    missing = _projects_without_goals(ctx) if issue.actual < issue.expected else []
    if missing:
        names = "、".join(f"“{plain(r.name)}”{_amount_text(r)}" for _, r in missing)
        issue = replace(
            issue,
            message=issue.message.rstrip("。") + f"；项目表中未见绩效目标的项目：{names}。",
            locations=issue.locations
            + tuple(ctx.cell(t, r, keys_of(ctx, t, "total")[0]) for t, r in missing),
        )
    yield issue


def _goal_unit(ctx: CheckContext) -> str | None:
    table = first_table(ctx, K.PERFORMANCE_PROJECTS) or first_table(ctx, K.PROJECTS)
    return (table.unit if table is not None else None) or ctx.disclosure.unit


def _project_place(ctx: CheckContext, line: int, name: str) -> Location:
    tables = [t for t in ctx.tables(K.PERFORMANCE_PROJECTS, K.PROJECTS) if t.line <= line]
    table = max(tables, key=lambda t: t.line) if tables else None
    if table is None:
        return Location(line=line, row_name=name)
    return Location(line=line, table_kind=table.kind.value, table_title=table.title, row_name=name)


def _amount_text(row: Row) -> str:
    amount = next((v for v in row.values.values() if v is not None), None)
    return f"（{amount}）" if amount is not None else ""


def _projects_without_goals(ctx: CheckContext) -> list[tuple[Table, Row]]:
    """Rows of the project table whose name no goal project bears (totals and unit subtotals aside)."""
    table = first_table(ctx, K.PROJECTS)
    if table is None or not keys_of(ctx, table, "total"):
        return []
    key = keys_of(ctx, table, "total")[0]
    goals = {clean(p.name) for p in ctx.disclosure.projects}
    rows = [r for r in table.rows if not is_total_row(r) and (not r.code or r.scheme is CodeScheme.PROJECT)]
    return [
        (table, r)
        for i, r in enumerate(rows)
        if clean(r.name) not in goals and r.values.get(key) and not _subtotal(rows, i, key)
    ]


def _subtotal(rows: Sequence[Row], index: int, key: str) -> bool:
    """A unit's subtotal row: the rows after it with the same unit code add up to it."""
    row = rows[index]
    below = []
    for other in rows[index + 1 :]:
        if other.unit_code != row.unit_code:
            break
        below.append(other.values.get(key) or ZERO)
    return bool(below) and sum(below, ZERO) == row.values.get(key)


# --------------------------------------------------------------------------- summary totals

# (summary side, line patterns, other table kind, its role)
_SUMMARY_TOTALS = (
    ("income", (r"收入总计", r"收入合计"), K.INCOME, "total"),
    ("income", (r"本年收入合计", r"本年收入"), K.INCOME, "current_year"),
    ("income", (r"上年结转结余", r"上年结转", r"上年结余", r"年初结转和?结余"), K.INCOME, "carryover"),
    ("expenditure", (r"本年支出合计", r"支出合计"), K.EXPENDITURE, "total"),
)


@rule("XT010", family=FAMILY, severity=Severity.ERROR, title="收支总表合计与收入总表、支出总表合计不一致")
def summary_totals(ctx: CheckContext) -> Iterator[Issue]:
    """收支总表的收入总计、本年收入合计、上年结转、本年支出合计（及其列出的基本支出、项目支出）
    应等于收入总表、支出总表的对应合计。

    例：收支总表本年支出合计 349.27，支出总表合计 349.27，一致；收支总表上年结转结余 1939.42，
    收入总表合计“上年结转”1939.42，一致。
    """
    if not budget_document(ctx):
        return
    for summary in ctx.tables(K.SUMMARY):
        for side, patterns, kind, role in _SUMMARY_TOTALS:
            yield from _summary_total(ctx, summary, side, patterns, kind, role)
        spending = first_table(ctx, K.EXPENDITURE)
        for role in ("basic", "project"):
            printed = _summary_part(ctx, summary, role)
            if spending is not None and printed is not None and keys_of(ctx, spending, role):
                reference = total_figure(ctx, spending, role)
                issue = differ(ctx, reference, printed, "收支总表与支出总表不一致") if reference else None
                if issue is not None:
                    yield issue


def _summary_total(
    ctx: CheckContext, summary: Table, side: str, patterns: Sequence[str], kind: TableKind, role: str
) -> Iterator[Issue]:
    other = first_table(ctx, kind)
    key = summary_key(summary, side)
    row = find_line(ctx, summary, side, *patterns)
    if other is None or key is None or row is None or not keys_of(ctx, other, role):
        return
    if side == "expenditure" and plain(row.name) == "支出合计" and _carried_forward(summary):
        return
    reference = total_figure(ctx, other, role)
    if reference is not None:
        issue = differ(ctx, reference, line_figure(ctx, summary, row, key), "收支总表与明细表的合计不一致")
        if issue is not None:
            yield issue


def _carried_forward(summary: Table) -> bool:
    return any("结转" in r.name and any(r.values.values()) for r in section_rows(summary, "expenditure"))


_FUND_LINES = {
    "一般公共预算": r"一般公共预算(?:财政)?(?:拨款)?(?:收入|资金)?",
    "政府性基金": r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:收入)?",
    "国有资本经营预算": r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?(?:收入)?",
}


@rule("XT011", family=FAMILY, severity=Severity.ERROR, title="收支总表与财政拨款收支总表的财政拨款收入不一致")
def fiscal_income_matches(ctx: CheckContext) -> Iterator[Issue]:
    """收支总表中一般公共预算、政府性基金、国有资本经营预算拨款收入，应等于财政拨款收支总表
    中本年的同项收入；财政拨款收支总表的收入总计不能超过收支总表的收入总计。

    例：收支总表“一般公共预算拨款收入”7534.32，财政拨款收支总表“一般公共预算拨款”7534.32，
    一致。
    """
    if not budget_document(ctx):
        return
    summary, fiscal = first_table(ctx, K.SUMMARY), first_table(ctx, K.FISCAL_SUMMARY)
    if summary is None or fiscal is None:
        return
    a_key, b_key = summary_key(summary, "income"), summary_key(fiscal, "income")
    if a_key is None or b_key is None:
        return
    for name, pattern in _FUND_LINES.items():
        a, b = find_line(ctx, summary, "income", pattern), find_line(ctx, fiscal, "income", pattern)
        if a is not None and b is not None:
            issue = differ(
                ctx,
                line_figure(ctx, summary, a, a_key),
                line_figure(ctx, fiscal, b, b_key),
                f"{name}拨款收入在两张总表中不一致",
            )
            if issue is not None:
                yield issue
    whole, part = income_total(ctx, summary), income_total(ctx, fiscal)
    if whole is not None and part is not None:
        issue = exceeds(ctx, whole, part, "财政拨款收入总计超过全部收入总计")
        if issue is not None:
            yield issue
