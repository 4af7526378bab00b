"""What a finance clerk enters: the data of one budget, before anything is derived.

A :class:`BudgetInput` holds only primary figures. Totals, 类/款 subtotals, the standard
tables, the figures of the explanatory text and the year-on-year changes are derived from it
(:func:`yusuan.compose.derive`), so the published disclosure is consistent by construction.
Amounts are ``Decimal`` in the budget's unit (``UnitInfo.unit``, 万元 unless stated), at most
two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from yusuan.model import Scope

__all__ = [
    "Assets",
    "BudgetInput",
    "EconomicLine",
    "ExpenditureLine",
    "IndicatorInput",
    "OrgUnitInput",
    "PriorYear",
    "ProcurementInput",
    "ProjectInput",
    "Reasons",
    "Source",
    "ThreePublic",
    "UnitInfo",
]

ZERO = Decimal("0.00")


class Source(StrEnum):
    """Where the money of an expenditure line comes from (the income side of the budget)."""

    GENERAL_PUBLIC = "一般公共预算拨款"
    GOV_FUND = "政府性基金预算拨款"
    STATE_CAPITAL = "国有资本经营预算拨款"
    SPECIAL_ACCOUNT = "财政专户管理资金"
    BUSINESS = "事业收入"
    OPERATING = "事业单位经营收入"
    SUPERIOR_SUBSIDY = "上级补助收入"
    AFFILIATED = "附属单位上缴收入"
    OTHER = "其他收入"
    CARRYOVER_GENERAL_PUBLIC = "上年结转（一般公共预算拨款）"
    CARRYOVER_GOV_FUND = "上年结转（政府性基金预算拨款）"
    CARRYOVER_STATE_CAPITAL = "上年结转（国有资本经营预算拨款）"
    CARRYOVER_OTHER = "上年结转（其他资金）"

    @property
    def is_carryover(self) -> bool:
        return self.name.startswith("CARRYOVER_")

    @property
    def fiscal_fund(self) -> str | None:
        """``general_public`` / ``gov_fund`` / ``state_capital`` for fiscal grants (this year's
        or carried over), else ``None``."""
        return _FISCAL_FUND.get(self)

    @property
    def is_unit_funds(self) -> bool:
        return self in _UNIT_FUNDS


_FISCAL_FUND = {
    Source.GENERAL_PUBLIC: "general_public",
    Source.GOV_FUND: "gov_fund",
    Source.STATE_CAPITAL: "state_capital",
    Source.CARRYOVER_GENERAL_PUBLIC: "general_public",
    Source.CARRYOVER_GOV_FUND: "gov_fund",
    Source.CARRYOVER_STATE_CAPITAL: "state_capital",
}
_UNIT_FUNDS = frozenset(
    {Source.BUSINESS, Source.OPERATING, Source.SUPERIOR_SUBSIDY, Source.AFFILIATED, Source.OTHER}
)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """The publishing department or unit."""

    name: str
    code: str
    year: int
    scope: Scope = Scope.UNIT
    unit: str = "万元"
    duties: tuple[str, ...] = ()  # 职责, one paragraph each


@dataclass(frozen=True, slots=True)
class OrgUnitInput:
    """One row of 机构设置情况."""

    name: str
    nature: str  # 行政 / 事业 / 参公
    rank: str = ""  # 单位规格
    funding_form: str = ""  # 经费保障形式


@dataclass(frozen=True, slots=True)
class ExpenditureLine:
    """One 功能分类 项 financed by one source: its basic spending (personnel, public) and projects.

    The same code may appear on several lines with different sources.
    """

    code: str  # 7-digit 项 code
    source: Source
    personnel: Decimal = ZERO
    public: Decimal = ZERO
    project: Decimal = ZERO
    name: str | None = None  # printed name; None = the reference name for the budget year

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


@dataclass(frozen=True, slots=True)
class EconomicLine:
    """One 部门预算支出经济分类 款 of the general-public basic expenditure (一般公共预算基本支出表)."""

    code: str  # 5-digit 款 code, e.g. 30101
    amount: Decimal
    personnel: bool  # True: 人员经费; False: 公用经费
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ThreePublic:
    """“三公”经费 by part (financed by the general public budget)."""

    overseas: Decimal = ZERO
    vehicle_purchase: Decimal = ZERO
    vehicle_operation: Decimal = ZERO
    reception: Decimal = ZERO

    @property
    def vehicle(self) -> Decimal:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def total(self) -> Decimal:
        return self.overseas + self.vehicle + self.reception


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    level1: str  # 产出指标 / 效益指标 / 满意度指标 / 成本指标
    level2: str
    level3: str
    value: str  # as it is to be printed: ≥95%, ≤28.65万元, 及时
    description: str = ""
    basis: str = "年度工作计划"


@dataclass(frozen=True, slots=True)
class ProjectInput:
    name: str
    fiscal: Decimal  # 财政资金
    other: Decimal = ZERO  # 其他资金
    code: str = ""
    category: str = ""  # 其他运转类 / 特定目标类
    description: str = ""  # 预算规模及资金用途
    goal: str = ""
    # Cumulative spending by the end of March, June, October, December (percent).
    schedule: tuple[Decimal, Decimal, Decimal, Decimal] = (
        Decimal(25),
        Decimal(50),
        Decimal(75),
        Decimal(100),
    )
    indicators: tuple[IndicatorInput, ...] = ()

    @property
    def amount(self) -> Decimal:
        return self.fiscal + self.other


@dataclass(frozen=True, slots=True)
class ProcurementInput:
    """One item of 政府采购预算; its amount is quantity × unit price."""

    project: str  # 政府采购项目来源 (project name)
    item: str  # 采购物品名称
    catalogue_code: str  # 政府采购目录序号: A… goods, B… works, C… services
    measure: str  # 计量单位
    quantity: Decimal
    unit_price: Decimal
    project_budget: Decimal | None = None
    source: Source = Source.GENERAL_PUBLIC
    sme_reserved: Decimal = ZERO  # 预留中小微企业份额
    unit: str = ""  # the unit it belongs to (小计 rows); "" = the publishing unit

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class Assets:
    """固定资产占用情况 at the end of last year (value in the budget's unit), and planned purchases."""

    buildings_area: Decimal = ZERO  # 平方米
    buildings_value: Decimal = ZERO
    office_area: Decimal = ZERO  # 其中：办公用房
    office_value: Decimal = ZERO
    vehicles: Decimal = ZERO  # 台、辆
    vehicles_value: Decimal = ZERO
    equipment: Decimal = ZERO  # 单价在20万元以上的设备
    equipment_value: Decimal = ZERO
    other: Decimal = ZERO  # 其他固定资产
    other_value: Decimal = ZERO
    new_purchases: Decimal = ZERO  # 本年度拟购置固定资产总额

    @property
    def total_value(self) -> Decimal:
        return self.buildings_value + self.vehicles_value + self.equipment_value + self.other_value


@dataclass(frozen=True, slots=True)
class PriorYear:
    """Last year's budget figures (for 比上年增减); totals are derived from the parts."""

    personnel: Decimal
    public: Decimal
    project: Decimal
    three_public: ThreePublic = ThreePublic()
    operating_costs: Decimal | None = None

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


@dataclass(frozen=True, slots=True)
class Reasons:
    """Why figures changed from last year (one clause each, without the final 。)."""

    basic: str = ""
    project: str = ""
    three_public: str = ""
    operating_costs: str = ""


@dataclass(frozen=True, slots=True)
class BudgetInput:
    unit: UnitInfo
    lines: tuple[ExpenditureLine, ...]
    economic: tuple[EconomicLine, ...] = ()
    organization: tuple[OrgUnitInput, ...] = ()
    three_public: ThreePublic = ThreePublic()
    operating_costs: Decimal | None = None  # None: the 公用经费 of the general-public basic table
    projects: tuple[ProjectInput, ...] = ()
    procurement: tuple[ProcurementInput, ...] = ()
    assets: Assets = Assets()
    prior: PriorYear | None = None
    reasons: Reasons = Reasons()
    other_matters: str = ""  # 其他需要说明的事项; "" = none
    # Names of classification codes the reference data does not know for the year ((code, name)).
    code_names: tuple[tuple[str, str], ...] = ()
    # Income by source as the clerk knows it from the approved budget (optional): not used to
    # build anything, only compared with the expenditure lines of each source (compose.consistency).
    stated_income: tuple[tuple[Source, Decimal], ...] = ()
