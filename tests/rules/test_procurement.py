"""Procurement and assets (PRC and AST rules)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from builders import Case, make_disclosure, make_table
from rule_runner import run_case

from _samples import parsed
from yusuan.model import AssetLine, Column, Disclosure, Table
from yusuan.model import TableKind as K
from yusuan.rules import check

KEYS = ["project_budget", "quantity", "unit_price", "amount", "amount.general_public", "amount.unit_funds"]


def item(
    name: str, quantity: str, price: str, amount: str, *, funded: str | None = None
) -> tuple[object, ...]:
    values = {
        "project_budget": "10.84",
        "quantity": quantity,
        "unit_price": price,
        "amount": amount,
        "amount.general_public": funded or amount,
    }
    return ("A05040101", "公用经费", values, {"attrs": {"采购物品名称": name}})


def total(name: str, amount: str, funded: str | None = None) -> tuple[object, ...]:
    return (None, name, {"amount": amount, "amount.general_public": funded or amount})


def procurement(*rows: tuple[object, ...], price_label: str = "单价") -> Disclosure:
    table = make_table(K.PROCUREMENT, "政府采购预算表", KEYS, list(rows), line=2110)
    columns = tuple(Column(k, price_label if k == "unit_price" else k) for k in KEYS)
    return make_disclosure(dataclasses.replace(table, columns=columns))


def assets(*lines: tuple[str, int, str | None, str | None]) -> Disclosure:
    """(name, level, quantity, value), with the table the lines were read from."""
    rows = [(None, n, {"quantity": q, "value": v}) for n, _, q, v in lines]
    table: Table = make_table(K.ASSETS, "固定资产占用情况表", ["quantity", "value"], rows, line=2192)
    built = tuple(
        AssetLine(n, Decimal(q) if q else None, Decimal(v) if v else None, 2193 + i, level)
        for i, (n, level, q, v) in enumerate(lines)
    )
    return make_disclosure(table, assets=built)


CHENGDE_ASSETS = [
    ("资产总额", 0, None, "1076.14"),
    ("1、房屋（平方米）", 1, None, None),
    ("其中：办公用房（平方米）", 2, None, None),
    ("2、车辆（台、辆）", 1, "3", "60.80"),
    ("3、单价在20万元以上的设备", 1, "4", "309.57"),
    ("4、其他固定资产", 1, "1065", "705.77"),
]


CASES = [
    Case("PRC001", "100 × 0.02 = 2.00", procurement(item("复印纸", "100", "0.02", "2.00")), 0),
    Case("PRC001", "a unit price rounded to 0.01", procurement(item("文件柜", "3", "0.33", "1.00")), 0),
    Case(
        "PRC001",
        "unit price in 元, amount in 万元",
        procurement(item("复印纸", "100", "200", "2.00"), price_label="单价（元）"),
        0,
    ),
    Case(
        "PRC001",
        "amount printed ten times too large",
        procurement(item("复印纸", "100", "0.02", "20.00")),
        1,
        "2.00",
    ),
    Case(
        "PRC002",
        "items add up to 小计 and 合计",
        procurement(
            total("合计", "22.46"),
            total("承德市医疗保障局本级小计", "3.40"),
            item("汽油", "12", "0.05", "0.60"),
            item("车辆维修和保养服务", "2", "0.40", "0.80"),
            item("制服", "50", "0.04", "2.00"),
            total("承德市医疗保险基金管理中心小计", "19.06"),
            item("物业管理服务", "1", "14.36", "14.36"),
            item("复印纸", "50", "0.02", "1.00"),
            item("其他印刷服务", "12", "0.25", "3.00"),
            item("文件柜", "10", "0.07", "0.70"),
        ),
        0,
    ),
    Case(
        "PRC002",
        "合计 is not the sum of the items",
        procurement(total("合计", "3.00", "2.00"), item("复印纸", "100", "0.02", "2.00")),
        1,
        "“合计”行“amount”为 3.00，而其下 1 行之和为 2.00",
    ),
    Case(
        "PRC002",
        "a 小计 is not the sum of its items",
        procurement(
            total("合计", "4.00"),
            total("甲单位小计", "2.00"),
            item("复印纸", "100", "0.02", "2.00"),
            total("乙单位小计", "2.00"),
            item("汽油", "12", "0.05", "0.60"),
        ),
        2,
    ),
    Case("PRC003", "amount = Σ funding", procurement(item("复印纸", "100", "0.02", "2.00")), 0),
    Case(
        "PRC003",
        "funding does not add up",
        procurement(item("复印纸", "100", "0.02", "2.00", funded="1.00")),
        1,
        "各资金来源之和为 1.00",
    ),
    Case("AST001", "categories add up to 资产总额", assets(*CHENGDE_ASSETS), 0),
    Case(
        "AST001",
        "资产总额 printed wrong",
        assets(("资产总额", 0, None, "1000.00"), *CHENGDE_ASSETS[1:]),
        1,
        "1076.14",
    ),
    Case(
        "AST001",
        "no 其他 category: parts may be fewer than the total",
        assets(("资产总额", 0, None, "100.00"), ("1、车辆（辆）", 1, "1", "20.00")),
        0,
    ),
    Case(
        "AST001",
        "no 其他 category, but parts exceed the total",
        assets(("资产总额", 0, None, "10.00"), ("1、车辆（辆）", 1, "1", "20.00")),
        1,
    ),
    Case(
        "AST001",
        "quantities add up too",
        assets(
            ("资产总额", 0, "5", "30.00"),
            ("1、车辆（辆）", 1, "1", "20.00"),
            ("2、其他固定资产", 1, "3", "10.00"),
        ),
        1,
        "数量",
    ),
    Case(
        "AST002",
        "of which not above its category",
        assets(("1、房屋（平方米）", 1, "1500", "300.00"), ("其中：办公用房（平方米）", 2, "1200", "240.00")),
        0,
    ),
    Case(
        "AST002",
        "of which above its category",
        assets(("1、房屋（平方米）", 1, "1200", "300.00"), ("其中：办公用房（平方米）", 2, "1500", "240.00")),
        1,
        "办公用房",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)


def test_rounded_unit_price_is_reported_as_rounding_only() -> None:
    report = check(procurement(item("文件柜", "3", "0.33", "1.00")))
    [finding] = [f for f in report.findings if f.rule == "PRC001"]
    assert finding.rounding and finding.expected == Decimal("0.99") and finding.actual == Decimal("1.00")
    assert [loc.row_name for loc in finding.locations] == ["公用经费：文件柜"] * 3


@pytest.mark.parametrize("name", ["beidaihe", "chengde", "jiyuan", "yuanjiang"])
def test_samples_procurement_and_assets_add_up(name: str) -> None:
    findings = [f for f in check(parsed(name)).findings if f.rule.startswith(("PRC", "AST"))]
    assert [f.message for f in findings] == []


def test_chengde_procurement_is_checked() -> None:
    d = parsed("chengde")
    assert len(d.procurement) == 7 and sum(i.amount or 0 for i in d.procurement) == Decimal("22.46")
    assert [a.value for a in d.assets if a.level == 0] == [Decimal("1076.14")]


def _with_amount(d: Disclosure, line: int, amount: str) -> Disclosure:
    """The sample with one procurement line's amount (and its funding column) changed."""
    tables = []
    for table in d.tables:
        rows = tuple(
            dataclasses.replace(
                r, values={**r.values, "amount": Decimal(amount), "amount.general_public": Decimal(amount)}
            )
            if r.line == line
            else r
            for r in table.rows
        )
        tables.append(dataclasses.replace(table, rows=rows))
    return dataclasses.replace(d, tables=tuple(tables))


def test_a_changed_procurement_line_is_caught_where_it_is() -> None:
    d = _with_amount(parsed("chengde"), 3616, "15.36")  # 物业管理服务 1 × 14.36
    errors = [f for f in check(d).findings if f.rule.startswith("PRC") and f.severity.value == "error"]
    by_rule = {(f.rule, f.locations[0].line) for f in errors}
    assert ("PRC001", 3616) in by_rule  # 1 × 14.36 ≠ 15.36
    # The unit's 小计 no longer adds up; the 合计 is checked against the 小计 rows, which still agree.
    assert ("PRC002", 3552) in by_rule and ("PRC002", 3536) not in by_rule
    [product] = [f for f in errors if f.rule == "PRC001"]
    assert product.locations[2].row_name == "医保局机关及医保经办服务大厅运行项目经费：物业管理服务"
    assert product.expected == Decimal("14.36") and product.actual == Decimal("15.36")
