"""compose.consistency: contradictions in the entered data that the tables cannot show."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

from compose.budgets import small_budget
from yusuan import rules
from yusuan.compose import EconomicLine, ExpenditureLine, Source, consistency, derive
from yusuan.generate import generate_input
from yusuan.rules import Severity


def test_consistent_inputs() -> None:
    assert consistency(small_budget()) == ()
    for seed in range(10):
        budget = generate_input(seed, lines=20, unit_funds=True, carryover=True)
        assert budget.stated_income
        assert consistency(budget) == ()


def test_stated_income_is_compared_with_the_lines() -> None:
    budget = small_budget(
        stated_income=((Source.GENERAL_PUBLIC, D("130.00")), (Source.CARRYOVER_GENERAL_PUBLIC, D("25.00")))
    )
    problems = consistency(budget)
    assert len(problems) == 1
    assert "“上年结转（一般公共预算拨款）”为 25.00万元" in problems[0]
    assert "合计 20.00万元" in problems[0]


def test_split_of_basic_expenditure_the_rules_cannot_see() -> None:
    """With basic spending from 事业收入 too, the tables cannot tell a wrong 人员/公用 split."""
    budget = small_budget()
    business = ExpenditureLine("2101501", Source.BUSINESS, personnel=D("3.00"), public=D("2.00"))
    swapped = tuple(
        dataclasses.replace(e, personnel=False) if e.code == "30113" else e for e in budget.economic
    )
    wrong = dataclasses.replace(budget, lines=(*budget.lines, business), economic=swapped)
    report = rules.check(derive(wrong))
    assert not [f for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    problems = consistency(wrong)
    assert len(problems) == 2
    assert problems[0].startswith("工作表“基本支出经济分类”中人员经费合计 80.00万元")
    assert "公用经费合计 20.00万元" in problems[1]
    assert consistency(dataclasses.replace(wrong, economic=budget.economic)) == ()
    assert isinstance(budget.economic[0], EconomicLine)
