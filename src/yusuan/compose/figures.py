"""The derived totals of a budget: what the text states and the tables add up to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from yusuan.compose.model import ZERO, BudgetInput, Source
from yusuan.compose.tables import total


@dataclass(frozen=True)
class Figures:
    """The budget's derived totals (what the text states and the tables add up to)."""

    income: Mapping[Source, Decimal]  # by source
    total: Decimal
    carryover: Decimal
    personnel: Decimal
    public: Decimal
    project: Decimal
    gp_personnel: Decimal  # general-public basic table (经济分类)
    gp_public: Decimal
    operating_costs: Decimal

    @property
    def current(self) -> Decimal:
        return self.total - self.carryover

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    def of(self, *sources: Source) -> Decimal:
        return total(self.income.get(s, ZERO) for s in sources)

    @property
    def unit_funds(self) -> Decimal:
        return total(v for s, v in self.income.items() if s.is_unit_funds)

    def fiscal(self, fund: str, *, carryover: bool | None = None) -> Decimal:
        return total(
            v
            for s, v in self.income.items()
            if s.fiscal_fund == fund and (carryover is None or s.is_carryover is carryover)
        )


def figures(budget: BudgetInput) -> Figures:
    income: dict[Source, Decimal] = {}
    for line in budget.lines:
        income[line.source] = income.get(line.source, ZERO) + line.total
    gp_public = total(e.amount for e in budget.economic if not e.personnel)
    return Figures(
        income=income,
        total=total(li.total for li in budget.lines),
        carryover=total(li.total for li in budget.lines if li.source.is_carryover),
        personnel=total(li.personnel for li in budget.lines),
        public=total(li.public for li in budget.lines),
        project=total(li.project for li in budget.lines),
        gp_personnel=total(e.amount for e in budget.economic if e.personnel),
        gp_public=gp_public,
        operating_costs=budget.operating_costs if budget.operating_costs is not None else gp_public,
    )
