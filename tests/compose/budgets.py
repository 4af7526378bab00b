"""A small hand-written budget input for the compose tests (every figure chosen by hand)."""

from __future__ import annotations

from decimal import Decimal as D

from yusuan.compose import (
    Assets,
    BudgetInput,
    EconomicLine,
    ExpenditureLine,
    IndicatorInput,
    OrgUnitInput,
    PriorYear,
    ProcurementInput,
    ProjectInput,
    Reasons,
    Source,
    ThreePublic,
    UnitInfo,
)
from yusuan.model import Scope


def indicators(cost: str) -> tuple[IndicatorInput, ...]:
    return (
        IndicatorInput("产出指标", "数量指标", "保障人数", "6人", "保障办公人数"),
        IndicatorInput("产出指标", "成本指标", "总成本", f"≤{cost}万元", "总成本"),
        IndicatorInput("效益指标", "社会效益指标", "保障运转", "进一步保障", "保障工作开展"),
        IndicatorInput("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "满意度"),
    )


def small_budget(**changes: object) -> BudgetInput:
    """One unit, 2025: 100.00 basic + 50.00 projects (20.00 of them carried over), 三公 3.00."""
    budget = BudgetInput(
        unit=UnitInfo("某市某局（本级）", "450001", 2025, Scope.UNIT, "万元", ("负责某项工作。",)),
        lines=(
            ExpenditureLine("2101501", Source.GENERAL_PUBLIC, personnel=D("60.00"), public=D("10.00")),
            ExpenditureLine("2101502", Source.GENERAL_PUBLIC, project=D("30.00")),
            ExpenditureLine("2101502", Source.CARRYOVER_GENERAL_PUBLIC, project=D("20.00")),
            ExpenditureLine("2080505", Source.GENERAL_PUBLIC, personnel=D("20.00")),
            ExpenditureLine("2210201", Source.GENERAL_PUBLIC, personnel=D("10.00")),
        ),
        economic=(
            EconomicLine("30101", D("60.00"), personnel=True),
            EconomicLine("30108", D("20.00"), personnel=True),
            EconomicLine("30113", D("10.00"), personnel=True),
            EconomicLine("30201", D("6.00"), personnel=False),
            EconomicLine("30217", D("1.00"), personnel=False),
            EconomicLine("30231", D("2.00"), personnel=False),
            EconomicLine("30299", D("1.00"), personnel=False),
        ),
        organization=(OrgUnitInput("某市某局（本级）", "行政", "正处级", "财政拨款"),),
        three_public=ThreePublic(vehicle_operation=D("2.00"), reception=D("1.00")),
        projects=(
            ProjectInput(
                "业务工作经费",
                D("30.00"),
                code="450001P25000001",
                goal="保障业务开展",
                indicators=indicators("30.00"),
            ),
            ProjectInput(
                "信息系统运维",
                D("20.00"),
                code="450001P25000002",
                goal="保障系统运行",
                indicators=indicators("20.00"),
            ),
        ),
        procurement=(
            ProcurementInput("业务工作经费", "复印纸", "A05040101", "箱", D(100), D("0.02"), D("30.00")),
            ProcurementInput("信息系统运维", "运维服务", "C16070000", "项", D(1), D("5.00"), D("20.00")),
        ),
        assets=Assets(vehicles=D(1), vehicles_value=D("15.00"), other=D(50), other_value=D("8.50")),
        prior=PriorYear(
            D("85.00"),
            D("11.00"),
            D("60.00"),
            ThreePublic(vehicle_operation=D("2.50"), reception=D("1.00")),
            D("11.00"),
        ),
        reasons=Reasons("人员工资调整", "部分项目完成", "公务用车运行维护费压减", "压减一般性支出"),
    )
    if not changes:
        return budget
    import dataclasses

    return dataclasses.replace(budget, **changes)  # type: ignore[arg-type]
