"""Arithmetic inside one table: total rows, total columns, and the summary-table identities."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import CodeScheme, Row, Table, TableKind
from yusuan.rules.context import CheckContext
from yusuan.rules.engine import difference_text
from yusuan.rules.findings import Severity
from yusuan.rules.registry import Issue, rule
from yusuan.rules.tables import (
    clean,
    coded_groups,
    column_label,
    column_parts,
    find_row,
    is_total_row,
    numbered,
    rows_mismatches,
    sum_mismatches,
)

FAMILY = "arithmetic"
_SUMMARY_KINDS = (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)


@rule("SUM001", family=FAMILY, severity=Severity.ERROR, title="合计行不等于各分项之和")
def total_row_equals_rows(ctx: CheckContext) -> Iterator[Issue]:
    """表格的“合计”行应等于各科目行之和。

    在按科目编码列示的表格中，“合计”行的每一列应等于最高一级科目行（通常是“类”级，
    如 208、210、221）该列之和。若合计与各行之和相差超出四舍五入误差，说明表内数字
    自相矛盾。

    例：合计 349.27，而 208 社会保障和就业支出 39.71 + 210 卫生健康支出 288.69 +
    221 住房保障支出 20.87 = 349.27，正确；若合计印为 350.27 则报错。
    """
    for table in ctx.tables():
        groups = coded_groups(ctx, table)
        for scheme in (CodeScheme.FUNCTION, CodeScheme.DEPT_ECONOMIC, CodeScheme.GOV_ECONOMIC):
            rows = [r for group in groups for r in group.get(scheme, ())]
            if not rows:
                continue
            top = min(r.level or 9 for r in rows)
            parts = [r for r in rows if (r.level or 9) == top]
            for total in (r for r in table.rows if is_total_row(r)):
                yield from _compare_sum(ctx, table, total, parts, [c.key for c in table.columns])
            break


@rule("SUM002", family=FAMILY, severity=Severity.ERROR, title="合计列不等于各分列之和")
def total_column_equals_parts(ctx: CheckContext) -> Iterator[Issue]:
    """每一行中，合计列应等于其组成列之和。

    例如：合计 = 基本支出 + 项目支出（+ 事业单位经营支出 …）；基本支出 = 人员经费 +
    公用经费；本年收入 = 各收入来源之和；“三公”经费合计 = 因公出国（境）费 + 公务用车购置
    及运行费 + 公务接待费；公务用车购置及运行费 = 购置费 + 运行费。“其中”列（如“其中：财政
    拨款”）不计入合计。
    """
    for table in ctx.tables():
        if table.kind in (TableKind.PROCUREMENT, TableKind.ASSETS):
            continue
        keys = [c.key for c in table.columns]
        pairs = column_parts(keys)
        if not pairs:
            continue
        for row, whole, parts, expected, actual in rows_mismatches(table.rows, pairs):
            labels = "、".join(column_label(table, p) for p in parts)
            yield Issue(
                message=(
                    f"《{table.title}》“{_row_name(row)}”行：“{column_label(table, whole)}”为 {actual}，"
                    f"而{labels}之和为 {expected}，{difference_text(expected, actual)}。"
                ),
                locations=(ctx.cell(table, row, whole), *(ctx.cell(table, row, p) for p in parts)),
                expected=expected,
                actual=actual,
                tolerance=ctx.table_tolerance(table, len(parts)),
            )


@rule("SUM003", family=FAMILY, severity=Severity.ERROR, title="收支总表的合计与总计关系不成立")
def summary_identities(ctx: CheckContext) -> Iterator[Issue]:
    """收支总表（及财政拨款收支总表）中的合计、总计关系应成立。

    本年收入合计 = 各项收入（一、二、三……）之和；收入总计 = 本年收入合计 + 上年结转结余；
    本年支出合计 = 各项支出（一、二、三……）之和；支出总计 = 本年支出合计 + 年终结转结余；
    收入总计 = 支出总计。带“（一）（二）”编号的下级行之和应等于其上级行。
    """
    for table in ctx.tables(*_SUMMARY_KINDS):
        sections = sorted({r.section for r in table.rows if r.section})
        for section in sections:
            rows = [r for r in table.rows if r.section == section]
            sums = _section_sums(rows)
            for key in rows[0].values:
                for total, parts in sums:
                    yield from _compare_sum(ctx, table, total, parts, [key])
        income = find_row(table, "收入总计", section="income") or find_row(
            table, "收入合计", section="income"
        )
        spending = _grand_total(table)
        if income and spending:
            a, b = _first_value(income), _first_value(spending)
            if a is not None and b is not None and a != b:
                yield Issue(
                    message=f"《{table.title}》收入总计 {a} 与支出总计 {b} 不相等，{difference_text(a, b)}。",
                    locations=(
                        ctx.cell(table, income, _first_key(income)),
                        ctx.cell(table, spending, _first_key(spending)),
                    ),
                    expected=a,
                    actual=b,
                    tolerance=ctx.table_tolerance(table),
                )


def _grand_total(table: Table) -> Row | None:
    for section in ("expenditure", "economic_dept", "economic_gov"):
        row = find_row(table, "支出总计", section=section) or find_row(table, "支出合计", section=section)
        if row:
            return row
    return None


def _first_key(row: Row) -> str | None:
    return next((k for k, v in row.values.items() if v is not None), next(iter(row.values), None))


def _first_value(row: Row) -> Decimal | None:
    key = _first_key(row)
    return row.values.get(key) if key else None


def _section_sums(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """(total row, the rows it sums) of one side of a summary table, in the order checked.

    The same for every column of the side: worked out once, then checked column by column."""
    names = [clean(r.name) for r in rows]
    heads = [numbered(r.name) for r in rows]  # 一、… and （一）…
    subs = [r.name.strip().startswith(("（", "(")) for r in rows]  # （一）…
    sums: list[tuple[Row, list[Row]]] = []
    current = next((i for i, n in enumerate(names) if n.startswith("本年") and n.endswith("合计")), None)
    grand = next((i for i, n in enumerate(names) if n.endswith("总计")), None)
    if grand is None:
        grand = next((i for i, n in enumerate(names) if n in ("收入合计", "支出合计")), None)
    stop = current if current is not None else grand
    if stop is not None:
        parts = [rows[i] for i in range(stop) if heads[i] and not subs[i]]
        if parts:
            sums.append((rows[stop], parts))
    if current is not None and grand is not None and grand > current:
        between = rows[current + 1 : grand]
        # 年初财政拨款结转和结余 1939.42 followed by its own 一、二、三 lines: count the heading only.
        headings = [rows[i] for i in range(current + 1, grand) if not heads[i]]
        sums.append((rows[grand], [rows[current], *(headings or between)]))
    sums.extend(_numbered_blocks(rows, heads, subs))
    return sums


def _numbered_blocks(rows: list[Row], heads: list[bool], subs: list[bool]) -> Iterator[tuple[Row, list[Row]]]:
    """A ``一、…`` row directly followed by ``（一）…`` rows is their sum."""
    for i, row in enumerate(rows):
        if not heads[i] or subs[i]:
            continue
        parts = []
        for j in range(i + 1, len(rows)):
            if subs[j] and heads[j]:
                parts.append(rows[j])
            else:
                break
        if len(parts) >= 2:
            yield row, parts


def _compare_sum(
    ctx: CheckContext, table: Table, total: Row, parts: list[Row], keys: list[str]
) -> Iterator[Issue]:
    for key, expected, actual in sum_mismatches(total, parts, keys):
        yield Issue(
            message=(
                f"《{table.title}》“{_row_name(total)}”行“{column_label(table, key)}”列为 {actual}，"
                f"而其下 {len(parts)} 行之和为 {expected}，{difference_text(expected, actual)}。"
            ),
            locations=(ctx.cell(table, total, key), *(ctx.cell(table, p, key) for p in parts)),
            expected=expected,
            actual=actual,
            tolerance=ctx.table_tolerance(table, len(parts)),
        )


def _row_name(row: Row) -> str:
    return " ".join(p for p in (row.code, row.name) if p) or "（无名称）"
