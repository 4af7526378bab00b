"""Code trees: a 类 is the sum of its 款, a 款 the sum of its 项; 301 the sum of its 301xx."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import CodeScheme, Row, Table
from yusuan.rules.context import CheckContext
from yusuan.rules.engine import difference_text
from yusuan.rules.findings import Severity
from yusuan.rules.registry import Issue, rule
from yusuan.rules.tables import amount_keys, coded_groups, column_label, sum_mismatches

FAMILY = "codetree"
_LEVEL_NAMES = {1: "类", 2: "款", 3: "项"}


@rule("TREE001", family=FAMILY, severity=Severity.ERROR, title="功能分类上级科目不等于下级科目之和")
def function_tree_sums(ctx: CheckContext) -> Iterator[Issue]:
    """支出功能分类科目的“类”应等于其下各“款”之和，“款”应等于其下各“项”之和。

    例：210 卫生健康支出 288.69 应等于 21011 行政事业单位医疗 22.96 + 21015 医疗保障管理
    事务 265.73。只在表中同时列出上级和下级科目时检查。
    """
    yield from _tree_sums(ctx, CodeScheme.FUNCTION, {1: 3, 2: 5, 3: 7})


@rule("TREE002", family=FAMILY, severity=Severity.ERROR, title="经济分类上级科目不等于下级科目之和")
def economic_tree_sums(ctx: CheckContext) -> Iterator[Issue]:
    """部门预算支出经济分类（301、302……）和政府预算支出经济分类（501、502……）的“类”
    应等于其下各“款”之和。

    例：301 工资福利支出 260.00 应等于 30101 基本工资、30102 津贴补贴……各款之和。
    """
    yield from _tree_sums(ctx, CodeScheme.DEPT_ECONOMIC, {1: 3, 2: 5})
    yield from _tree_sums(ctx, CodeScheme.GOV_ECONOMIC, {1: 3, 2: 5})


@rule("TREE003", family=FAMILY, severity=Severity.WARNING, title="下级科目缺少上级科目行")
def missing_parent(ctx: CheckContext) -> Iterator[Issue]:
    """按科目层级列示的表格中，每个“项”都应有其所属的“款”和“类”行，每个“款”都应有“类”行。

    表格若列出了上级科目行（说明它按层级列示），却缺少某个下级科目的上级行，读者无法核对
    汇总关系，也常常说明漏填了一行。
    """
    for table in ctx.tables():
        for group in coded_groups(ctx, table):
            rows = group.get(CodeScheme.FUNCTION, [])
            codes = {r.code for r in rows}
            if not any((r.level or 0) < 3 for r in rows):
                continue  # the table lists 项 only, not the tree
            for row in rows:
                for length in (3, 5):
                    code = row.code or ""
                    if len(code) > length and code[:length] not in codes:
                        level = {3: "类", 5: "款"}[length]
                        yield Issue(
                            message=(
                                f"《{table.title}》列有科目 {code} {row.name}，但没有其所属的{level}级科目 "
                                f"{code[:length]} 行。"
                            ),
                            locations=(ctx.cell(table, row),),
                        )
                        break


def _tree_sums(ctx: CheckContext, scheme: CodeScheme, lengths: dict[int, int]) -> Iterator[Issue]:
    for table in ctx.tables():
        for group in coded_groups(ctx, table):
            rows = group.get(scheme)
            if not rows:
                continue
            keys = amount_keys(ctx, table)
            children_of = _ChildIndex(rows)
            for parent in rows:
                child_length = lengths.get((parent.level or 0) + 1)
                if child_length is None:
                    continue
                children = children_of(parent.code or "", child_length)
                if children:
                    for key, expected, actual in sum_mismatches(parent, children, keys):
                        yield _mismatch(ctx, table, parent, children, key, expected, actual)


class _ChildIndex:
    """The rows whose code has a given length and starts with a given code, in table order.

    Rows are bucketed by (code length, prefix length) on first use: scanning every row for every
    parent was quadratic in the rows of a long table.
    """

    def __init__(self, rows: list[Row]) -> None:
        self._rows = rows
        self._buckets: dict[tuple[int, int], dict[str, list[Row]]] = {}

    def __call__(self, prefix: str, length: int) -> list[Row]:
        bucket = self._buckets.get((length, len(prefix)))
        if bucket is None:
            bucket = {}
            for row in self._rows:
                code = row.code or ""
                if len(code) == length:
                    bucket.setdefault(code[: len(prefix)], []).append(row)
            self._buckets[(length, len(prefix))] = bucket
        return bucket.get(prefix, [])


def _mismatch(
    ctx: CheckContext,
    table: Table,
    parent: Row,
    children: list[Row],
    key: str,
    expected: Decimal,
    actual: Decimal,
) -> Issue:
    level = _LEVEL_NAMES.get(parent.level or 0, "")
    return Issue(
        message=(
            f"《{table.title}》{level}级科目 {parent.code} {parent.name}“{column_label(table, key)}”为 {actual}，"
            f"而其下 {len(children)} 个科目之和为 {expected}，{difference_text(expected, actual)}。"
        ),
        locations=(ctx.cell(table, parent, key), *(ctx.cell(table, c, key) for c in children)),
        expected=expected,
        actual=actual,
        tolerance=ctx.table_tolerance(table, len(children)),
    )
