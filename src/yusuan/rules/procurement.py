"""政府采购与资产 (procurement and assets): quantity × unit price, procurement totals, asset parts.

The procurement total against the text's ``procurement.total`` is a text-against-table rule
(family ``text``), not repeated here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from yusuan.model import AssetLine, Row, Table, TableKind
from yusuan.rules.context import CheckContext
from yusuan.rules.engine import difference_text
from yusuan.rules.findings import Location, Severity
from yusuan.rules.registry import Issue, rule
from yusuan.rules.tables import clean, column_mismatches, column_parts, is_total_row, value

FAMILY = "procurement"

# Columns of a procurement table that do not add up down the rows.
_NOT_SUMMED = frozenset({"quantity", "unit_price", "project_budget"})
_UNIT_IN_LABEL = re.compile(r"[（(]\s*(?:金额)?(?:单位[:：])?\s*(万元|千元|元)\s*[）)]")


def _half_unit(amount: Decimal) -> Decimal:
    """Half a unit of the last printed digit: 0.005 for 0.02, 0.5 for 100."""
    exponent = amount.as_tuple().exponent
    return Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)


def _column_unit(table: Table, key: str) -> str | None:
    label = next((c.label for c in table.columns if c.key == key), "")
    found = _UNIT_IN_LABEL.search(label)
    return found.group(1) if found else table.unit


def _item_place(ctx: CheckContext, table: Table, row: Row, key: str) -> Location:
    place = ctx.cell(table, row, key)
    item = row.attrs.get("采购物品名称") or row.attrs.get("采购品目") or row.attrs.get("品目名称")
    return dataclasses.replace(place, row_name=f"{row.name}：{item}") if item else place


# --- quantity × unit price -----------------------------------------------------------------


@rule("PRC001", family=FAMILY, severity=Severity.ERROR, title="采购数量乘以单价不等于采购金额")
def quantity_times_price(ctx: CheckContext) -> Iterator[Issue]:
    """政府采购预算表中，每一行的数量 × 单价应等于该行的采购金额。

    单价按万元保留两位小数印出，本身最多有 0.005 万元的舍入，乘以数量后误差会放大，所以允许
    数量 × 0.005 再加金额本身的 0.005 的舍入误差；超出时说明数量、单价或金额印错。单价列标明
    “（元）”而金额为万元时，先换算单位。

    例：复印纸 100 箱 × 0.02 万元 = 2.00 万元，正确；若金额印为 20.00 则报错。
    """
    for table in ctx.tables(TableKind.PROCUREMENT):
        price_unit, amount_unit = _column_unit(table, "unit_price"), _column_unit(table, "amount")
        for row in table.rows:
            quantity, price, amount = (row.values.get(k) for k in ("quantity", "unit_price", "amount"))
            if quantity is None or price is None or amount is None:
                continue
            product = ctx.to_unit(quantity * price, price_unit, amount_unit)
            spread = ctx.to_unit(quantity * _half_unit(price), price_unit, amount_unit)
            tolerance = spread + _half_unit(amount)
            if product == amount:
                continue
            yield Issue(
                message=(
                    f"《{table.title}》“{_item_place(ctx, table, row, 'amount').row_name}”：数量 {quantity} × 单价 "
                    f"{price} = {_plain(product)}，而采购金额为 {amount}，{difference_text(_plain(product), amount)}。"
                ),
                locations=tuple(
                    _item_place(ctx, table, row, k) for k in ("quantity", "unit_price", "amount")
                ),
                expected=_plain(product),
                actual=amount,
                tolerance=tolerance * ctx.config.tolerance_factor,
            )


def _plain(amount: Decimal) -> Decimal:
    """A product without trailing zeros beyond two decimals (12 × 0.05 → 0.60)."""
    return amount.quantize(Decimal("0.01")) if amount == amount.quantize(Decimal("0.01")) else amount


# --- totals --------------------------------------------------------------------------------


@rule("PRC002", family=FAMILY, severity=Severity.ERROR, title="采购明细之和不等于小计或合计")
def procurement_totals(ctx: CheckContext) -> Iterator[Issue]:
    """政府采购预算表的“小计”行应等于其下各采购明细之和，“合计”行应等于各“小计”之和
    （没有小计时等于全部明细之和）。

    逐列检查采购金额及其资金来源各列（一般公共预算、政府性基金……）和预留中小企业份额；
    数量、单价和项目预算额不逐行相加。

    例：“承德市医疗保障局本级小计 22.46”应等于 0.60 + 0.80 + 2.00 + 14.36 + 0.70 + 1.00 + 3.00。
    """
    for table in ctx.tables(TableKind.PROCUREMENT):
        keys = [c.key for c in table.columns if c.key not in _NOT_SUMMED]
        for total, parts in _groups(table.rows):
            for key in keys:
                yield from _compare(ctx, table, total, parts, key)


def _is_subtotal(row: Row) -> bool:
    return clean(row.name).endswith("小计") and not row.code


def _groups(rows: Sequence[Row]) -> Iterator[tuple[Row, list[Row]]]:
    """(小计, its items) for every 小计, then (合计, the 小计 rows or all items). Where items carry
    a catalogue code (A05040101), rows without one (a project or unit heading) are not items."""
    items: list[Row] = [r for r in rows if not is_total_row(r) and not _is_subtotal(r)]
    if any(r.code for r in items):
        items = [r for r in items if r.code]
    subtotals = [r for r in rows if _is_subtotal(r)]
    for index, subtotal in enumerate(subtotals):
        start = rows.index(subtotal)
        stop = rows.index(subtotals[index + 1]) if index + 1 < len(subtotals) else len(rows)
        yield subtotal, [r for r in rows[start + 1 : stop] if r in items]
    for total in (r for r in rows if is_total_row(r)):
        yield total, subtotals or items


def _compare(ctx: CheckContext, table: Table, total: Row, parts: list[Row], key: str) -> Iterator[Issue]:
    if not parts or (total.values.get(key) is None and all(p.values.get(key) is None for p in parts)):
        return
    expected = sum((value(p, key) for p in parts), Decimal(0))
    actual = value(total, key)
    if expected == actual:
        return
    label = next((c.label for c in table.columns if c.key == key), key)
    yield Issue(
        message=(
            f"《{table.title}》“{clean(total.name)}”行“{label}”为 {actual}，而其下 {len(parts)} 行之和为 "
            f"{expected}，{difference_text(expected, actual)}。"
        ),
        locations=(ctx.cell(table, total, key), *(_item_place(ctx, table, p, key) for p in parts)),
        expected=expected,
        actual=actual,
        tolerance=ctx.table_tolerance(table, len(parts)),
    )


@rule("PRC003", family=FAMILY, severity=Severity.ERROR, title="采购金额不等于各资金来源之和")
def procurement_funding(ctx: CheckContext) -> Iterator[Issue]:
    """政府采购预算表每一行的采购金额合计应等于各资金来源（一般公共预算拨款、政府性基金预算
    拨款、国有资本经营预算拨款、财政专户、单位资金、上年结转……）之和。

    例：采购金额合计 2.00 = 一般公共预算拨款 2.00 + 其余来源 0，正确；若一般公共预算拨款印为
    1.00 而其余为空，则报错。
    """
    for table in ctx.tables(TableKind.PROCUREMENT):
        pairs = column_parts([c.key for c in table.columns if c.key not in _NOT_SUMMED])
        for row in table.rows:
            for whole, parts, expected, actual in column_mismatches(row, pairs):
                yield Issue(
                    message=(
                        f"《{table.title}》“{clean(row.name)}”行：采购金额合计 {actual}，而各资金来源之和为 "
                        f"{expected}，{difference_text(expected, actual)}。"
                    ),
                    locations=(
                        _item_place(ctx, table, row, whole),
                        *(ctx.cell(table, row, p) for p in parts),
                    ),
                    expected=expected,
                    actual=actual,
                    tolerance=ctx.table_tolerance(table, len(parts)),
                )


# --- assets --------------------------------------------------------------------------------

_AREA = re.compile(r"平方米|㎡|m2|m²")
_REST = re.compile(r"其他|其它")


def _asset_place(ctx: CheckContext, line: AssetLine, key: str) -> Location:
    for table in ctx.tables(TableKind.ASSETS):
        for row in table.rows:
            if row.line == line.line:
                return ctx.cell(table, row, key)
    return Location(line=line.line, table_kind=TableKind.ASSETS.value, row_name=line.name, column=key)


@rule("AST001", family=FAMILY, severity=Severity.ERROR, title="资产分类之和不等于资产总额")
def asset_parts(ctx: CheckContext) -> Iterator[Issue]:
    """固定资产占用情况表中，各类资产（房屋、车辆、大型设备、其他固定资产……）的价值之和应等于
    资产总额；资产总额印有数量时，各类数量之和也应相等（房屋以平方米计时不比较数量）。

    列有“其他固定资产”一类时分类是完整的，少于或多于总额都报错；没有这一类时，只在各类之和
    超过总额时报错（分类可能不全）。其中项（“其中：办公用房”）不计入。

    例：车辆 60.80 + 单价20万元以上设备 309.57 + 其他固定资产 705.77 = 资产总额 1076.14。
    """
    lines = ctx.disclosure.assets
    totals = [a for a in lines if a.level == 0]
    parts = [a for a in lines if a.level == 1]
    if len(totals) != 1 or not parts:
        return
    total = totals[0]
    complete = any(_REST.search(a.name) for a in parts)
    yield from _asset_sum(ctx, total, parts, "value", complete)
    if total.quantity is not None and not any(_AREA.search(a.name) and a.quantity for a in parts):
        yield from _asset_sum(ctx, total, parts, "quantity", complete)


def _asset_sum(
    ctx: CheckContext, total: AssetLine, parts: list[AssetLine], key: str, complete: bool
) -> Iterator[Issue]:
    printed = [getattr(a, key) for a in parts]
    actual = getattr(total, key)
    if actual is None or all(v is None for v in printed):
        return
    expected = sum((v for v in printed if v is not None), Decimal(0))
    if expected == actual or (expected < actual and not complete):
        return
    what = "价值" if key == "value" else "数量"
    yield Issue(
        message=(
            f"资产总额的{what}为 {actual}，而各类资产{what}之和为 {expected}，{difference_text(expected, actual)}。"
        ),
        locations=(_asset_place(ctx, total, key), *(_asset_place(ctx, a, key) for a in parts)),
        expected=expected,
        actual=actual,
        # Counts are exact; values are rounded to the printed precision.
        tolerance=ctx.tolerance([actual, *printed], len(parts)) if key == "value" else Decimal(0),
    )


@rule("AST002", family=FAMILY, severity=Severity.ERROR, title="资产“其中”项大于所属类别")
def asset_of_which(ctx: CheckContext) -> Iterator[Issue]:
    """“其中”项是所属类别的一部分，其价值和数量不能大于上一行的类别。

    例：“1、房屋（平方米）”1200，“其中：办公用房（平方米）”1500——办公用房不可能多于房屋总面积。
    """
    parent: AssetLine | None = None
    for line in ctx.disclosure.assets:
        if line.level <= 1:
            parent = line
            continue
        if parent is None:
            continue
        for key in ("value", "quantity"):
            part, whole = getattr(line, key), getattr(parent, key)
            if part is None or part <= (whole or Decimal(0)):
                continue
            what = "价值" if key == "value" else "数量"
            yield Issue(
                message=f"“{line.name}”的{what} {part} 大于所属类别“{parent.name}”的 {whole or 0}。",
                locations=(_asset_place(ctx, line, key), _asset_place(ctx, parent, key)),
                expected=whole or Decimal(0),
                actual=part,
            )
