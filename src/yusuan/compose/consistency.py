"""Contradictions inside the entered data that the published tables cannot show.

The rules (``yusuan.rules``) check the derived disclosure. Two things a clerk enters are not
visible there in every budget: the income by source stated on the 收入 sheet (the tables derive
income from the expenditure lines, so a wrong statement would silently disappear), and the
人员经费/公用经费 split of the economic lines when part of the basic expenditure is not
general-public money (the Hebei tables print the split only in the basic-expenditure table).
:func:`consistency` lists them, one Chinese sentence each, naming the sheets involved.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.compose.model import ZERO, BudgetInput

__all__ = ["consistency"]


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def consistency(budget: BudgetInput) -> tuple[str, ...]:
    unit = budget.unit.unit
    problems: list[str] = []
    for source, stated in budget.stated_income:
        derived = sum((li.total for li in budget.lines if li.source is source), ZERO)
        if stated != derived:
            problems.append(
                f"工作表“收入”中“{source.value}”为 {_money(stated)}{unit}，而“支出明细”中资金来源为"
                f"“{source.value}”的各行合计 {_money(derived)}{unit}，相差 {_money(stated - derived)}：请核对两处"
            )
    general = [li for li in budget.lines if li.source.fiscal_fund == "general_public"]
    for label, personnel in (("人员经费", True), ("公用经费", False)):
        from_lines = sum((li.personnel if personnel else li.public for li in general), ZERO)
        from_economic = sum((e.amount for e in budget.economic if e.personnel is personnel), ZERO)
        if from_lines != from_economic:
            problems.append(
                f"工作表“基本支出经济分类”中{label}合计 {_money(from_economic)}{unit}，而“支出明细”中一般公共预算"
                f"拨款的{label}合计 {_money(from_lines)}{unit}，两者应相等：请核对"
            )
    return tuple(problems)
