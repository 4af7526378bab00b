"""derive(): the whole disclosure from one data entry, consistent by construction."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest

from compose.budgets import small_budget
from yusuan import rules
from yusuan.compose import Assets, ComposeError, EconomicLine, ExpenditureLine, Source, derive
from yusuan.model import Disclosure, Scope, TableKind
from yusuan.rules import Severity

HEBEI_SET = (
    TableKind.SUMMARY,
    TableKind.INCOME,
    TableKind.EXPENDITURE,
    TableKind.FISCAL_SUMMARY,
    TableKind.GENERAL_PUBLIC,
    TableKind.GENERAL_PUBLIC_BASIC,
    TableKind.GOV_FUND,
    TableKind.STATE_CAPITAL,
    TableKind.THREE_PUBLIC,
)


def _defects(d: Disclosure) -> list[str]:
    return [
        f"{f.rule}: {f.message}"
        for f in rules.check(d).findings
        if f.severity in (Severity.ERROR, Severity.WARNING)
    ]


def _row(d: Disclosure, kind: TableKind, name_or_code: str) -> dict[str, D | None]:
    table = d.tables_of(kind)[0]
    row = next(r for r in table.rows if name_or_code in (r.code, r.name))
    return dict(row.values)


def test_small_budget_checks_clean() -> None:
    assert _defects(derive(small_budget())) == []


def test_tables_derived_from_lines() -> None:
    d = derive(small_budget())
    kinds = [t.kind for t in d.tables]
    for kind in HEBEI_SET:
        assert kind in kinds
    assert d.tables_of(TableKind.PROCUREMENT) and d.tables_of(TableKind.ASSETS)
    assert len(d.tables_of(TableKind.PERFORMANCE_PROJECTS)) == 2
    # 类 and 款 rows are sums of the 项 entered; one code with two sources is one row.
    assert _row(d, TableKind.EXPENDITURE, "210") == {
        "total": D("120.00"),
        "basic": D("70.00"),
        "project": D("50.00"),
        "operating_expenditure": None,
        "remit_superior": None,
        "subsidiary_subsidy": None,
    }
    assert _row(d, TableKind.EXPENDITURE, "2101502")["total"] == D("50.00")
    income = _row(d, TableKind.INCOME, "2101502")
    assert income["current_year.fiscal"] == D("30.00") and income["carryover"] == D("20.00")
    assert _row(d, TableKind.SUMMARY, "收入总计")["income"] == D("150.00")
    assert _row(d, TableKind.SUMMARY, "上年结转结余")["income"] == D("20.00")
    assert _row(d, TableKind.FISCAL_SUMMARY, "年初财政拨款结转和结余")["income"] == D("20.00")
    assert _row(d, TableKind.GENERAL_PUBLIC_BASIC, "合计") == {
        "total": D("100.00"),
        "personnel": D("90.00"),
        "public": D("10.00"),
    }
    assert _row(d, TableKind.GENERAL_PUBLIC_BASIC, "301")["personnel"] == D("90.00")
    assert _row(d, TableKind.THREE_PUBLIC, "合计")["total"] == D("3.00")
    # An empty table is published with its 空表列示 note.
    for kind in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL):
        table = d.tables_of(kind)[0]
        assert table.empty and "空表列示" in table.notes[0]
    procurement = _row(d, TableKind.PROCUREMENT, "合计")
    assert procurement["amount"] == D("7.00")  # 100 × 0.02 + 1 × 5.00
    assert _row(d, TableKind.ASSETS, "资产总额")["value"] == D("23.50")


def test_text_states_the_derived_figures() -> None:
    d = derive(small_budget())
    expected = {
        "income.total": D("150.00"),
        "income.general_public": D("130.00"),
        "income.carryover": D("20.00"),
        "expenditure.total": D("150.00"),
        "expenditure.basic": D("100.00"),
        "expenditure.basic.personnel": D("90.00"),
        "expenditure.basic.public": D("10.00"),
        "expenditure.project": D("50.00"),
        "change.expenditure.total": D("-6.00"),  # 150 − (85 + 11 + 60)
        "change.expenditure.basic": D("4.00"),
        "change.expenditure.project": D("-10.00"),
        "operating_costs": D("10.00"),
        "change.operating_costs": D("-1.00"),
        "three_public.total": D("3.00"),
        "three_public.vehicle_operation": D("2.00"),
        "change.three_public.total": D("-0.50"),
        "procurement.total": D("7.00"),
        "procurement.goods": D("2.00"),
        "procurement.services": D("5.00"),
        "performance.amount": D("50.00"),
        "assets.total": D("23.50"),
    }
    for key, value in expected.items():
        fact = d.fact(key)
        assert fact is not None, key
        assert fact.value == value, key
    text = "\n".join(p.text for p in d.paragraphs)
    for heading in (
        "收入说明",
        "支出说明",
        "比上年增减",
        "机关运行经费",
        "“三公”经费",
        "政府采购",
        "国有资产",
        "绩效目标",
        "名词解释",
        "其他需要说明的事项",
    ):
        assert heading in text, heading
    assert "人员工资调整" in text and "公务用车运行维护费压减" in text


def test_department_scope_and_wording() -> None:
    budget = small_budget()
    d = derive(dataclasses.replace(budget, unit=dataclasses.replace(budget.unit, scope=Scope.DEPARTMENT)))
    assert d.tables_of(TableKind.SUMMARY)[0].title == "部门预算收支总表"
    assert any("我部门" in p.text for p in d.paragraphs)
    assert _defects(d) == []


def test_inconsistent_input_is_found_by_the_checks() -> None:
    # The economic lines no longer add up to the general-public basic expenditure.
    budget = small_budget()
    wrong = dataclasses.replace(
        budget, economic=(*budget.economic, EconomicLine("30299", D("5.00"), personnel=False))
    )
    assert any(f.startswith("XT005") for f in _defects(derive(wrong)))
    # “三公”经费 below what 30217 公务接待费 alone already spends.
    wrong = small_budget(three_public=dataclasses.replace(budget.three_public, reception=D("0.50")))
    assert any(f.startswith("XT007") for f in _defects(derive(wrong)))


def test_missing_reason_is_reported() -> None:
    budget = small_budget()
    d = derive(dataclasses.replace(budget, reasons=dataclasses.replace(budget.reasons, three_public="")))
    assert any(f.startswith("CMP006") for f in _defects(d))


def test_unknown_code_without_name_is_refused() -> None:
    budget = small_budget()
    strange = (*budget.lines, ExpenditureLine("2999999", Source.GENERAL_PUBLIC, project=D("1.00")))
    with pytest.raises(ComposeError) as caught:
        derive(dataclasses.replace(budget, lines=strange))
    assert "299" in caught.value.message
    named = dataclasses.replace(
        budget, lines=strange, code_names=(("29999", "其他支出款"), ("2999999", "其他支出项"))
    )
    named = dataclasses.replace(named, code_names=(("299", "其他支出类"), *named.code_names))
    d = derive(named)
    assert _row(d, TableKind.EXPENDITURE, "2999999")["total"] == D("1.00")


def test_minimal_budget_empty_tables_carry_notes() -> None:
    """A unit living on 事业收入 alone: every fiscal table is empty, and says so."""
    budget = small_budget()
    minimal = dataclasses.replace(
        budget,
        lines=(ExpenditureLine("2101501", Source.BUSINESS, personnel=D("5.00"), public=D("1.00")),),
        economic=(),
        projects=(),
        procurement=(),
        organization=(),
        three_public=dataclasses.replace(budget.three_public, vehicle_operation=D(0), reception=D(0)),
        assets=Assets(),
    )
    d = derive(minimal)
    for table in d.tables:
        if table.empty:
            assert table.notes and "空表列示" in table.notes[0], table.title
    empty = {t.kind for t in d.tables if t.empty}
    assert {
        TableKind.FISCAL_SUMMARY,
        TableKind.GENERAL_PUBLIC,
        TableKind.GENERAL_PUBLIC_BASIC,
        TableKind.THREE_PUBLIC,
        TableKind.PROCUREMENT,
        TableKind.ASSETS,
    } <= empty
    assert _defects(d) == []
    unit_funds = d.fact("income.unit_funds")
    assert unit_funds is not None and unit_funds.value == D("6.00")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"lines": (ExpenditureLine("21015", Source.GENERAL_PUBLIC, project=D("1.00")),)},
            "不是 7 位“项”级编码",
        ),
        ({"economic": (EconomicLine("301", D("1.00"), personnel=True),)}, "不是 5 位“款”级编码"),
        ({"lines": (ExpenditureLine("2101501", Source.GENERAL_PUBLIC, project=D("-1.00")),)}, "不是不小于 0"),
        ({"lines": (ExpenditureLine("2101501", Source.GENERAL_PUBLIC, project=D("1.005")),)}, "最多两位小数"),
    ],
)
def test_invalid_input_is_refused(change: dict[str, object], expected: str) -> None:
    with pytest.raises(ComposeError) as caught:
        derive(small_budget(**change))
    assert expected in caught.value.message
