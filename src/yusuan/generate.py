"""Random but internally consistent budgets (for tests, benchmarks and ``yusuan demo-data``).

:func:`generate_input` draws what a clerk would enter — a :class:`~yusuan.compose.BudgetInput`
for any department and year: 5 to 500 function 项, each financed by one or more sources
(一般公共预算拨款, 政府性基金, 财政专户, 单位资金, 上年结转), the basic expenditure by economic
code, “三公”经费, projects with goals and indicators, procurement items, assets, last year's
figures and the reasons for the changes. :func:`generate_disclosure` derives the whole disclosure
from it (:func:`yusuan.compose.derive`). Every identity the rules check holds. The result is
deterministic for a seed. Amounts are drawn in integer cents and become ``Decimal`` with two
decimals; no float arithmetic touches an amount.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal

from yusuan.compose.derive import SUMMARY_CLASS_CODES, derive
from yusuan.compose.model import (
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
from yusuan.model import CodeScheme, Disclosure, Scope
from yusuan.reference import Status, load_reference

__all__ = ["generate_disclosure", "generate_input"]

# Built-in function code tree, used when the reference holds too few codes.
_BUILTIN_FUNCTION: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"),
    ("20103", "政府办公厅（室）及相关机构事务"),
    ("2010301", "行政运行"),
    ("2010302", "一般行政管理事务"),
    ("2010350", "事业运行"),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出"),
    ("208", "社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("2080501", "行政单位离退休"),
    ("2080502", "事业单位离退休"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"),
    ("2080599", "其他行政事业单位养老支出"),
    ("210", "卫生健康支出"),
    ("21011", "行政事业单位医疗"),
    ("2101101", "行政单位医疗"),
    ("2101102", "事业单位医疗"),
    ("2101103", "公务员医疗补助"),
    ("2101199", "其他行政事业单位医疗支出"),
    ("21015", "医疗保障管理事务"),
    ("2101501", "行政运行"),
    ("2101502", "一般行政管理事务"),
    ("2101506", "医疗保障经办事务"),
    ("2101550", "事业运行"),
    ("2101599", "其他医疗保障管理事务支出"),
    ("221", "住房保障支出"),
    ("22102", "住房改革支出"),
    ("2210201", "住房公积金"),
    ("2210202", "提租补贴"),
    ("2210203", "购房补贴"),
)

# 项 financed by the government fund budget (政府性基金预算), under their own 款.
_FUND_FUNCTION: tuple[tuple[str, str], ...] = (
    ("212", "城乡社区支出"),
    ("21208", "国有土地使用权出让收入安排的支出"),
    ("2120801", "征地和拆迁补偿支出"),
    ("2120802", "土地开发支出"),
    ("2120899", "其他国有土地使用权出让收入安排的支出"),
    ("229", "其他支出"),
    ("22960", "彩票公益金安排的支出"),
    ("2296002", "用于社会福利的彩票公益金支出"),
    ("2296003", "用于体育事业的彩票公益金支出"),
    ("2296006", "用于残疾人事业的彩票公益金支出"),
)
_FUND_KUAN = frozenset(code for code, _ in _FUND_FUNCTION if len(code) == 5)

_PERSONNEL_301 = (
    ("30101", "基本工资"),
    ("30102", "津贴补贴"),
    ("30103", "奖金"),
    ("30107", "绩效工资"),
    ("30108", "机关事业单位基本养老保险缴费"),
    ("30110", "职工基本医疗保险缴费"),
    ("30111", "公务员医疗补助缴费"),
    ("30112", "其他社会保障缴费"),
    ("30113", "住房公积金"),
)
_PUBLIC_302 = (
    ("30201", "办公费"),
    ("30207", "邮电费"),
    ("30216", "培训费"),
    ("30228", "工会经费"),
    ("30229", "福利费"),
    ("30239", "其他交通费用"),
    ("30299", "其他商品和服务支出"),
)
_PERSONNEL_303 = (
    ("30302", "退休费"),
    ("30309", "奖励金"),
)

_DEPARTMENTS = (
    "医疗保障局",
    "财政局",
    "教育局",
    "民政局",
    "人力资源和社会保障局",
    "卫生健康局",
    "自然资源和规划局",
    "市场监督管理局",
    "统计局",
    "司法局",
)
_PLACES = (
    "秦皇岛市北戴河区",
    "承德市双桥区",
    "石家庄市长安区",
    "保定市莲池区",
    "唐山市路北区",
    "邯郸市丛台区",
    "沧州市运河区",
    "廊坊市安次区",
)
_PROJECT_NAMES = (
    "办公辅助（服务）",
    "网络运行维护费",
    "专项业务经费",
    "信息化建设运维",
    "政策宣传培训",
    "基金监管专项",
    "档案数字化整理",
    "人事代理专项补助",
    "重点工作专项经费",
    "业务用房维修改造",
)


def _function_names(year: int) -> dict[str, str]:
    """Function codes and names: the built-in list, then the reference's confirmed/observed rows."""
    names: dict[str, str] = dict(_BUILTIN_FUNCTION)
    for row in load_reference(year).rows():
        if row.scheme is CodeScheme.FUNCTION and row.status in (Status.CONFIRMED, Status.OBSERVED):
            names.setdefault(row.code, row.name)
    return names


def _function_tree(rng: random.Random, names: Mapping[str, str], lines: int) -> list[tuple[str, str]]:
    """Codes and names of ``lines`` function 项, in code order (类 and 款 are derived from them)."""
    items = sorted(
        code
        for code in names
        if len(code) == 7
        and code[:3] in SUMMARY_CLASS_CODES
        and code[:5] in names
        and code[:3] in names
        and code[:5] not in _FUND_KUAN
    )
    chosen = sorted(rng.sample(items, min(lines, len(items))))
    result = [(code, names[code]) for code in chosen]
    if len(result) < lines:
        # More lines than known 项: further 项 under known 款, numbered like real ones.
        used = set(chosen)
        kuan = sorted(
            code
            for code in names
            if len(code) == 5
            and code[:3] in SUMMARY_CLASS_CODES
            and code[:3] in names
            and code not in _FUND_KUAN
        )
        extra: list[tuple[str, str]] = []
        for k in kuan:
            for n in range(1, 99):
                code = f"{k}{n:02d}"
                if code not in used and code not in names:
                    extra.append((code, f"{names[k]}第{n}项"))
        rng.shuffle(extra)
        result.extend(extra[: lines - len(result)])
        result.sort()
    return result


_PUBLIC_THREE = (("30212", "因公出国（境）费用"), ("30217", "公务接待费"), ("30231", "公务用车运行维护费"))

# (catalogue code, item, measure, unit price range in cents of 万元)
_PROCUREMENT_ITEMS = (
    ("A05040101", "复印纸", "箱", (1, 5)),
    ("A02010104", "台式计算机", "台", (40, 90)),
    ("A05010502", "文件柜", "件", (5, 20)),
    ("A07070101", "汽油", "次", (1, 10)),
    ("C21040000", "物业管理服务", "项", (500, 3000)),
    ("C23120301", "车辆维修和保养服务", "次", (10, 60)),
    ("C23090199", "其他印刷服务", "次", (5, 40)),
)

_DUTIES = (
    "贯彻执行国家和省、市有关方针政策和法律法规，拟订本地区相关领域的发展规划和政策措施并组织实施。",
    "负责本地区相关领域的业务管理、监督检查和公共服务工作，完成上级交办的其他任务。",
)

# Reasons for a change, (for an increase, for a decrease or no change).
_REASONS_BASIC = (
    ("新进人员及工资标准调整", "人员增加，社会保障缴费基数提高"),
    ("人员退休及调出", "落实“过紧日子”要求，压减日常公用经费"),
)
_REASONS_PROJECT = (("新增重点工作任务", "上年结转资金增加"), ("部分项目完成后不再安排", "上年结转资金减少"))
_REASONS_THREE = (
    ("公务接待任务增加", "外事任务增加"),
    ("落实“过紧日子”要求，严控一般性支出，确保“三公”经费只减不增", "公务用车运行维护费压减"),
)
_REASONS_OPERATING = (("办公用房物业管理费调整", "新增办公用房"), ("严格控制一般性支出", "压减办公及印刷费"))


def _reason(rng: random.Random, choices: tuple[tuple[str, ...], tuple[str, ...]], change: int) -> str:
    return rng.choice(choices[0] if change > 0 else choices[1])


def _cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _whole(amount: Decimal) -> int:
    """An amount back in integer cents."""
    return int(amount.scaleb(2))


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` cents split into ``parts`` non-negative integers (positive where possible)."""
    if parts <= 1:
        return [total]
    if total >= parts:
        cuts = sorted(rng.sample(range(1, total), parts - 1))
    else:
        cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    bounds = [0, *cuts, total]
    return [bounds[i + 1] - bounds[i] for i in range(parts)]


def _vary(rng: random.Random, cents: int) -> int:
    """Last year's figure for this year's ``cents``: within ±25 %."""
    return max(0, cents + rng.randint(-cents // 4, cents // 4))


def _economic_names(year: int) -> dict[str, str]:
    names = {code: name for code, name in (*_PERSONNEL_301, *_PUBLIC_302, *_PERSONNEL_303, *_PUBLIC_THREE)}
    for row in load_reference(year).rows():
        if row.scheme is CodeScheme.DEPT_ECONOMIC and row.status in (Status.CONFIRMED, Status.OBSERVED):
            names[row.code] = row.name
    return names


def generate_input(
    seed: int,
    *,
    lines: int = 20,
    year: int | None = None,
    scope: Scope = Scope.UNIT,
    carryover: bool | None = None,
    funds: bool | None = None,
    three_public: bool | None = None,
    unit_funds: bool | None = None,
) -> BudgetInput:
    """A random but consistent :class:`BudgetInput`, deterministic for ``seed``.

    ``lines`` is the number of function 项 codes, 5 to 500. ``carryover`` finances part of the
    projects by 上年结转; ``funds`` finances one or two 项 by the government fund budget;
    ``three_public`` gives non-zero “三公”经费; ``unit_funds`` adds 财政专户 and 单位资金 income
    (事业收入, 其他收入). ``None`` lets the seed decide.
    """
    if not 5 <= lines <= 500:
        raise ValueError(f"lines must be between 5 and 500, not {lines}")
    rng = random.Random(seed)
    year = year if year is not None else rng.choice((2023, 2024, 2025))
    carry_on = rng.random() < 0.3 if carryover is None else carryover
    three_on = rng.random() < 0.6 if three_public is None else three_public
    funds_on = rng.random() < 0.25 if funds is None else funds
    unit_on = rng.random() < 0.3 if unit_funds is None else unit_funds
    place = rng.choice(_PLACES)
    dept = place + rng.choice(_DEPARTMENTS)
    department = dept if scope is Scope.DEPARTMENT else f"{dept}（本级）"
    unit_code = f"{rng.randint(100, 999)}001"

    names = _function_names(year)
    extra_names: dict[str, str] = {}
    fund_items: list[tuple[str, str]] = []
    if funds_on:
        fund_lines = [(c, n) for c, n in _FUND_FUNCTION if len(c) == 7]
        fund_items = sorted(rng.sample(fund_lines, rng.randint(1, 2)))
        names.update(_FUND_FUNCTION)
        extra_names.update(_FUND_FUNCTION)
    items = _function_tree(rng, names, lines - len(fund_items))
    # Names the reference may not know (built-in codes, further numbered 项) travel with the input.
    for code, name in (*items, *fund_items):
        extra_names.setdefault(code, name)
        for parent in (code[:3], code[:5]):
            extra_names.setdefault(parent, names[parent])

    entries: list[ExpenditureLine] = []
    for code, _name in items:
        kind = rng.random()
        basic = project = 0
        if kind < 0.45:
            basic = rng.randint(100, 5_000_000)
        elif kind < 0.75:
            project = rng.randint(100, 5_000_000)
        else:
            basic = rng.randint(100, 3_000_000)
            project = rng.randint(100, 3_000_000)
        if code == items[0][0] and basic == 0:
            basic = rng.randint(100, 1_000_000)
        if code == items[-1][0] and project == 0:
            project = rng.randint(100, 1_000_000)
        public = rng.randint(0, basic // 5) if basic >= 5 else 0
        carry = 0
        if project and carry_on and (rng.random() < 0.4 or code == items[-1][0]):
            carry = max(1, rng.randint(0, project))
        other = 0
        other_source = Source.GENERAL_PUBLIC
        if unit_on and project - carry > 1 and rng.random() < 0.3:
            other = rng.randint(1, project - carry)
            other_source = rng.choice((Source.SPECIAL_ACCOUNT, Source.BUSINESS, Source.OTHER))
        entries.append(
            ExpenditureLine(
                code,
                Source.GENERAL_PUBLIC,
                personnel=_cents(basic - public),
                public=_cents(public),
                project=_cents(project - carry - other),
            )
        )
        if carry:
            entries.append(ExpenditureLine(code, Source.CARRYOVER_GENERAL_PUBLIC, project=_cents(carry)))
        if other:
            entries.append(ExpenditureLine(code, other_source, project=_cents(other)))
    if unit_on and not any(e.source.is_unit_funds or e.source is Source.SPECIAL_ACCOUNT for e in entries):
        code = items[0][0]
        entries.append(ExpenditureLine(code, Source.BUSINESS, project=_cents(rng.randint(100, 500_000))))
    for code, _name in fund_items:
        entries.append(ExpenditureLine(code, Source.GOV_FUND, project=_cents(rng.randint(100, 3_000_000))))
    entries.sort(key=lambda e: (e.code, list(Source).index(e.source)))
    gp = [e for e in entries if e.source is Source.GENERAL_PUBLIC]
    gp_personnel = sum(int(e.personnel * 100) for e in gp)
    gp_public = sum(int(e.public * 100) for e in gp)

    # “三公”经费 come out of the public costs (302) of the general public budget.
    tp = [0, 0, 0, 0]  # overseas, vehicle purchase, vehicle operation, reception
    if three_on and gp_public >= 4:
        tp = _split(rng, rng.randint(4, min(gp_public, gp_public // 10 + 4)), 4)
    overseas, _purchase, operation, reception = tp
    economic = _economic_lines(rng, gp_personnel, gp_public - overseas - operation - reception, year)
    for (code, _name), cents in zip(_PUBLIC_THREE, (overseas, reception, operation), strict=True):
        if cents:
            economic.append(EconomicLine(code, _cents(cents), personnel=False, name=None))
    economic.sort(key=lambda e: e.code)
    # Vehicle purchase is a project cost, not basic: it stays out of the economic lines.

    project_total = sum(int(e.project * 100) for e in entries)
    projects = _projects(rng, project_total, unit_code, year, entries)
    procurement = _procurement(rng, projects)
    goods = sum((p.amount for p in procurement if p.catalogue_code.startswith("A")), Decimal("0.00"))

    personnel_total = sum(int(e.personnel * 100) for e in entries)
    public_total = sum(int(e.public * 100) for e in entries)
    prior = PriorYear(
        personnel=_cents(_vary(rng, personnel_total)),
        public=_cents(_vary(rng, public_total)),
        project=_cents(_vary(rng, project_total)),
        three_public=ThreePublic(*(_cents(_vary(rng, c)) for c in tp)),
        operating_costs=_cents(_vary(rng, gp_public)),
    )
    org = [OrgUnitInput(department if scope is Scope.UNIT else f"{dept}本级", "行政", "正科级", "财政拨款")]
    if scope is Scope.DEPARTMENT:
        for n in range(rng.randint(0, 2)):
            org.append(OrgUnitInput(f"{dept}所属事业单位{n + 1}", "事业", "正股级", "财政性资金基本保证"))
    return BudgetInput(
        unit=UnitInfo(department, unit_code, year, scope, "万元", _DUTIES),
        lines=tuple(entries),
        economic=tuple(economic),
        organization=tuple(org),
        three_public=ThreePublic(*(_cents(c) for c in tp)),
        projects=tuple(projects),
        procurement=tuple(procurement),
        assets=_assets(rng, goods),
        prior=prior,
        reasons=Reasons(
            basic=_reason(rng, _REASONS_BASIC, personnel_total + public_total - _whole(prior.basic)),
            project=_reason(rng, _REASONS_PROJECT, project_total - _whole(prior.project)),
            three_public=_reason(rng, _REASONS_THREE, sum(tp) - _whole(prior.three_public.total)),
            operating_costs=_reason(
                rng, _REASONS_OPERATING, gp_public - _whole(prior.operating_costs or Decimal(0))
            ),
        ),
        code_names=tuple(sorted(extra_names.items())),
        stated_income=_income_by_source(entries),
    )


def _income_by_source(entries: list[ExpenditureLine]) -> tuple[tuple[Source, Decimal], ...]:
    """What the clerk would state on the 收入 sheet: each source's total, in the sheet's order."""
    return tuple(
        (source, sum((e.total for e in entries if e.source is source), Decimal("0.00")))
        for source in Source
        if any(e.source is source for e in entries)
    )


def _economic_lines(rng: random.Random, personnel: int, public: int, year: int) -> list[EconomicLine]:
    p301, p303 = _split(rng, personnel, 2) if personnel >= 2 else (personnel, 0)
    out: list[EconomicLine] = []
    for codes, cents, is_personnel in (
        (_PERSONNEL_301, p301, True),
        (_PUBLIC_302, public, False),
        (_PERSONNEL_303, p303, True),
    ):
        if not cents:
            continue
        for (code, _name), part in zip(codes, _split(rng, cents, len(codes)), strict=True):
            if part:
                out.append(EconomicLine(code, _cents(part), personnel=is_personnel))
    return out


def _projects(
    rng: random.Random, project: int, unit_code: str, year: int, entries: list[ExpenditureLine]
) -> list[ProjectInput]:
    if not project:
        return []
    n = max(1, min(len(_PROJECT_NAMES), project // 2_000_000 + 1, project))
    shares = _split(rng, project, n)
    non_fiscal = sum(int(e.project * 100) for e in entries if e.source.fiscal_fund is None)
    out: list[ProjectInput] = []
    for i, (name, amount) in enumerate(zip(rng.sample(_PROJECT_NAMES, n), shares, strict=True)):
        other = min(amount // 2, non_fiscal)  # mostly fiscal money, as real projects are
        non_fiscal -= other
        money = _cents(amount)
        out.append(
            ProjectInput(
                name=name,
                fiscal=_cents(amount - other),
                other=_cents(other),
                code=f"1303{unit_code}P{year % 100:02d}{i + 1:04d}",
                category=rng.choice(("其他运转类", "特定目标类")),
                description=f"{name}按计划实施，保障工作正常运转",
                goal=f"1.{name}按计划实施，保障工作正常运转",
                schedule=_schedule(rng),
                indicators=(
                    IndicatorInput(
                        "产出指标", "数量指标", "保障事项", f"≥{rng.randint(1, 9)}项", "保障事项数量"
                    ),
                    IndicatorInput("产出指标", "质量指标", "任务完成率", "≥95%", "任务完成情况"),
                    IndicatorInput("产出指标", "时效指标", "按时完成率", "≥90%", "按时完成情况"),
                    IndicatorInput("产出指标", "成本指标", "项目总成本", f"≤{money}万元", "项目总成本"),
                    IndicatorInput(
                        "效益指标", "社会效益指标", "保障工作正常运转", "进一步保障", "保障相关工作开展"
                    ),
                    IndicatorInput(
                        "满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "服务对象满意度"
                    ),
                ),
            )
        )
    return out


def _schedule(rng: random.Random) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    marks = sorted(rng.sample(range(5, 100, 5), 3))
    return (Decimal(marks[0]), Decimal(marks[1]), Decimal(marks[2]), Decimal(100))


def _procurement(rng: random.Random, projects: list[ProjectInput]) -> list[ProcurementInput]:
    if not projects or rng.random() < 0.3:
        return []
    out: list[ProcurementInput] = []
    for _ in range(rng.randint(1, 6)):
        project = rng.choice(projects)
        code, item, measure, (low, high) = rng.choice(_PROCUREMENT_ITEMS)
        quantity = rng.randint(1, 50) if measure != "项" else 1
        price = _cents(rng.randint(low, high))
        amount = (quantity * price).quantize(Decimal("0.01"))
        out.append(
            ProcurementInput(
                project=project.name,
                item=item,
                catalogue_code=code,
                measure=measure,
                quantity=Decimal(quantity),
                unit_price=price,
                project_budget=project.amount,
                sme_reserved=amount if rng.random() < 0.7 else Decimal("0.00"),
            )
        )
    return out


def _assets(rng: random.Random, goods: Decimal) -> Assets:
    vehicles = rng.randint(0, 4)
    equipment = rng.randint(0, 3)
    office_area = rng.randint(0, 3000)
    return Assets(
        buildings_area=Decimal(office_area + rng.randint(0, 2000)) if office_area else Decimal(0),
        buildings_value=_cents(rng.randint(100_000, 50_000_000)) if office_area else Decimal("0.00"),
        office_area=Decimal(office_area),
        office_value=Decimal("0.00"),
        vehicles=Decimal(vehicles),
        vehicles_value=_cents(vehicles * rng.randint(80_000, 300_000)),
        equipment=Decimal(equipment),
        equipment_value=_cents(equipment * rng.randint(2_000_000, 8_000_000)),
        other=Decimal(rng.randint(10, 2000)),
        other_value=_cents(rng.randint(10_000, 5_000_000)),
        new_purchases=goods,
    )


def generate_disclosure(
    seed: int,
    *,
    lines: int = 20,
    year: int | None = None,
    scope: Scope = Scope.UNIT,
    carryover: bool | None = None,
    funds: bool | None = None,
    three_public: bool | None = None,
    unit_funds: bool | None = None,
) -> Disclosure:
    """A random but internally consistent Hebei-style budget disclosure, deterministic for ``seed``.

    The disclosure derived from :func:`generate_input` with the same arguments (see there).
    """
    budget = generate_input(
        seed,
        lines=lines,
        year=year,
        scope=scope,
        carryover=carryover,
        funds=funds,
        three_public=three_public,
        unit_funds=unit_funds,
    )
    return derive(budget, source=f"demo-{seed}.json")
