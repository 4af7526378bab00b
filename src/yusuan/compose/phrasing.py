"""The explanatory text (情况说明) of a derived disclosure, in the standard phrasing of the samples.

Every figure is filled from the derived :class:`~yusuan.compose.figures.Figures`, and stated in the
sentence shapes the parser's fact extractor reads (收入说明: “2025年预算收入…万元，其中：一般公共
预算收入…”; 支出说明; 比上年增减 with the reasons; 机关运行经费; “三公”经费 with change and
reason; 政府采购; 国有资产; 绩效目标; 名词解释; 其他事项). The tables that belong inside the text
(机构设置, project goal tables, 政府采购预算, 固定资产占用情况表) are placed where the samples place
them, so source lines follow the document order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.compose.figures import Figures
from yusuan.compose.model import ZERO, BudgetInput, Source
from yusuan.compose.tables import (
    EMPTY_NOTES,
    PROCUREMENT_COLUMNS,
    PROCUREMENT_NOTE,
    Lines,
    TableBuilder,
    goal_table_cells,
    org_unit,
    procurement_item,
    procurement_rows,
    project_model,
    spec,
    total,
)
from yusuan.model import AssetLine, OrgUnit, Paragraph, ProcurementItem, Project, Scope, TableKind

__all__ = ["GLOSSARY", "Writer", "write_text"]

GLOSSARY = (
    "1、财政拨款收入：指本级财政当年拨付的资金，包括一般公共预算拨款、政府性基金预算拨款、国有资本经营预算拨款。",
    "2、财政专户管理资金收入：缴入财政专户、实行专项管理的教育收费收入。",
    "3、单位资金收入：指除财政拨款收入和财政专户管理资金以外的收入，包括事业收入（不含教育收费）、上级补助收入、"
    "附属单位上缴收入、事业单位经营收入及其他收入，其中，其他收入主要包括债务收入、投资收益等。",
    "4、事业收入：指事业单位开展专业业务活动及辅助活动所取得的收入。",
    "5、事业单位经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    "6、上年结转：指以前年度安排、结转到本年仍按原规定用途继续使用的资金。",
    "7、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    "8、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "9、“三公”经费：纳入财政预算管理的“三公”经费，是指预算部门（单位）用财政拨款安排的因公出国（境）费、"
    "公务用车购置及运维费和公务接待费。",
    "10、机关运行经费：是指各部门（单位）的公用经费，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、"
    "专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
)

_CENT = Decimal("0.01")


def money(amount: Decimal) -> str:
    return f"{amount.quantize(_CENT)}"


def change(amount: Decimal) -> str:
    """“增加1.20” / “减少0.30” (a zero change reads “增加0.00”, as the samples print it)."""
    return f"减少{money(-amount)}" if amount < 0 else f"增加{money(amount)}"


def because(reason: str) -> str:
    """“，主要原因是…” for a stated reason; nothing when the clerk gave none."""
    reason = reason.strip().rstrip("。；;，,")
    return f"，主要原因是{reason}" if reason else ""


@dataclass
class Writer:
    """Collects paragraphs and the tables and records that sit inside the text."""

    lines: Lines
    builder: TableBuilder
    paragraphs: list[Paragraph] = field(default_factory=list)
    organization: tuple[OrgUnit, ...] = ()
    projects: tuple[Project, ...] = ()
    procurement: tuple[ProcurementItem, ...] = ()
    assets: tuple[AssetLine, ...] = ()

    def para(self, text: str) -> None:
        self.paragraphs.append(Paragraph(text, self.lines.next()))


def write_text(w: Writer, budget: BudgetInput, fig: Figures) -> None:
    info = budget.unit
    who = info.scope.value
    we = "我部门" if info.scope is Scope.DEPARTMENT else "我单位"
    unit = info.unit
    year = info.year

    w.para(f"{info.name}{year}年{who}预算信息公开情况说明")
    w.para(
        "按照《中华人民共和国预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，"
        f"现将{info.name}{year}年{who}预算公开如下："
    )
    _duties_and_organization(w, budget, who)

    w.para(f"二、{who}预算安排的总体情况")
    w.para(f"按照预算管理有关规定，目前{who}预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。")
    w.para("1、收入说明")
    w.para(
        f"反映本{who}当年全部收入。{year}年预算收入{money(fig.total)}{unit}，其中：一般公共预算收入"
        f"{money(fig.fiscal('general_public', carryover=False))}{unit}，基金预算收入"
        f"{money(fig.fiscal('gov_fund', carryover=False))}{unit}，国有资本经营预算收入"
        f"{money(fig.fiscal('state_capital', carryover=False))}{unit}，财政专户核拨收入"
        f"{money(fig.of(Source.SPECIAL_ACCOUNT))}{unit}，单位资金收入{money(fig.unit_funds)}{unit}，"
        f"上年结转结余{money(fig.carryover)}{unit}。"
    )
    if fig.unit_funds:
        parts = [(label, fig.of(source)) for label, source in _UNIT_FUND_PARTS if fig.of(source)]
        w.para(
            f"单位资金收入{money(fig.unit_funds)}{unit}，其中："
            + "，".join(f"{label}{money(v)}{unit}" for label, v in parts)
            + "。"
        )
    w.para("2、支出说明")
    project_list = "，".join(f"{p.name}{money(p.amount)}{unit}" for p in budget.projects)
    w.para(
        f"{year}年支出预算{money(fig.total)}{unit}，其中基本支出{money(fig.basic)}{unit}，包括人员经费"
        f"{money(fig.personnel)}{unit}和日常公用经费{money(fig.public)}{unit}；项目支出{money(fig.project)}{unit}"
        + (f"，主要为{project_list}。" if project_list else "。")
    )
    if budget.prior is not None:
        prior = budget.prior
        w.para("3、比上年增减情况")
        w.para(
            f"{year}年预算收支安排{money(fig.total)}{unit}，较{year - 1}年预算{change(fig.total - prior.total)}{unit}，"
            f"其中：基本支出{change(fig.basic - prior.basic)}{unit}（人员经费{change(fig.personnel - prior.personnel)}"
            f"{unit}，日常公用经费{change(fig.public - prior.public)}{unit}）{because(budget.reasons.basic)}；"
            f"项目支出{change(fig.project - prior.project)}{unit}{because(budget.reasons.project)}。"
        )

    w.para("三、机关运行经费安排情况")
    text = (
        f"{year}年，{we}机关运行经费共计安排{money(fig.operating_costs)}{unit}，主要用于办公及印刷费、邮电费、"
        "差旅费、福利费、日常维修费、办公用房水电费、公务用车运行维护费等日常运行支出。"
    )
    if budget.prior is not None and budget.prior.operating_costs is not None:
        text += (
            f"与{year - 1}年相比{change(fig.operating_costs - budget.prior.operating_costs)}{unit}"
            f"{because(budget.reasons.operating_costs)}。"
        )
    w.para(text)

    w.para("四、财政拨款“三公”经费预算情况及增减变化原因")
    tp = budget.three_public
    text = (
        f"{year}年，{we}财政拨款“三公”经费预算安排{money(tp.total)}{unit}，其中因公出国（境）费"
        f"{money(tp.overseas)}{unit}；公务用车购置及运维费{money(tp.vehicle)}{unit}（其中：公务用车购置费为"
        f"{money(tp.vehicle_purchase)}{unit}，公务用车运维费{money(tp.vehicle_operation)}{unit})；公务接待费"
        f"{money(tp.reception)}{unit}。"
    )
    if budget.prior is not None:
        reason = budget.reasons.three_public.strip().rstrip("。；;，,")
        text += f"与{year - 1}年相比{change(tp.total - budget.prior.three_public.total)}{unit}"
        text += f"，增减变化的主要原因是{reason}。" if reason else "。"
    w.para(text)

    _projects(w, budget, who, we, fig)
    _procurement(w, budget, we)
    _assets(w, budget)

    w.para("八、名词解释")
    for entry in GLOSSARY:
        w.para(entry)
    w.para("九、其他需要说明的事项")
    w.para(budget.other_matters.strip() or f"{we}无其他需要说明的事项。")


_UNIT_FUND_PARTS = (
    ("事业收入", Source.BUSINESS),
    ("事业单位经营收入", Source.OPERATING),
    ("上级补助收入", Source.SUPERIOR_SUBSIDY),
    ("附属单位上缴收入", Source.AFFILIATED),
    ("其他收入", Source.OTHER),
)


def _duties_and_organization(w: Writer, budget: BudgetInput, who: str) -> None:
    info = budget.unit
    w.para(f"一、{who}职责及机构设置情况")
    w.para(f"{who}职责：")
    for duty in info.duties or (f"{info.name}负责本地区相关领域的政策执行、业务管理和公共服务工作。",):
        w.para(duty)
    if not budget.organization:
        return
    w.para("机构设置：")
    table = w.builder.table(
        TableKind.ORGANIZATION,
        f"{who}机构设置情况",
        (),
        [
            spec(
                None,
                o.name,
                {},
                attrs={"单位性质": o.nature, "单位规格": o.rank, "经费保障形式": o.funding_form},
            )
            for o in budget.organization
        ],
        raw=[
            ("单位名称", "单位性质", "单位规格", "经费保障形式"),
            *((o.name, o.nature, o.rank, o.funding_form) for o in budget.organization),
        ],
        empty=False,
    )
    w.organization = tuple(org_unit(row) for row in table.rows)


def _projects(w: Writer, budget: BudgetInput, who: str, we: str, fig: Figures) -> None:
    year, unit = budget.unit.year, budget.unit.unit
    w.para(f"五、{who}项目预算安排情况及绩效目标")
    if not budget.projects:
        w.para(f"{year}年{we}无项目支出预算，无项目绩效目标。")
        return
    covered = total(p.amount for p in budget.projects)
    w.para(
        f"{year}年{we}安排项目{len(budget.projects)}个，均已编制绩效目标，涉及资金{money(covered)}{unit}，"
        "各项目绩效目标详见下表。"
    )
    projects: list[Project] = []
    for number, project in enumerate(budget.projects, start=1):
        cells = goal_table_cells(project)
        table = w.builder.table(
            TableKind.PERFORMANCE_PROJECTS,
            f"{number}、{project.name}绩效目标表",
            (),
            [],
            raw=cells,
            empty=False,
        )
        indicator_lines = [r.line for r in table.raw[len(cells) - len(project.indicators) :]]
        projects.append(project_model(project, table.line, indicator_lines))
    w.projects = tuple(projects)


def _procurement(w: Writer, budget: BudgetInput, we: str) -> None:
    year, unit = budget.unit.year, budget.unit.unit
    items = budget.procurement
    w.para("六、政府采购预算情况")
    if items:
        by_kind = {
            letter: total(i.amount for i in items if i.catalogue_code.upper().startswith(letter))
            for letter in "ABC"
        }
        text = (
            f"{year}年{we}政府采购预算总额{money(total(i.amount for i in items))}{unit}，其中：政府采购货物类预算"
            f"{money(by_kind['A'])}{unit}，政府采购工程类预算{money(by_kind['B'])}{unit}，政府采购服务类预算"
            f"{money(by_kind['C'])}{unit}。"
        )
        sme = total(i.sme_reserved for i in items)
        if sme:
            text += f"面向中小企业预留的政府采购项目预算{money(sme)}{unit}。"
        w.para(text)
    else:
        w.para(f"{year}年{we}无政府采购预算。")
    who = budget.unit.scope.value
    table = w.builder.table(
        TableKind.PROCUREMENT,
        f"{who}政府采购预算",
        PROCUREMENT_COLUMNS,
        procurement_rows(items, budget.unit.name),
        notes=(PROCUREMENT_NOTE,) if items else (EMPTY_NOTES[TableKind.PROCUREMENT],),
        quantities=frozenset({"quantity", "unit_price"}),
    )
    w.procurement = tuple(procurement_item(row) for row in table.rows if row.code)


def _assets(w: Writer, budget: BudgetInput) -> None:
    info, a = budget.unit, budget.assets
    unit = info.unit
    w.para("七、国有资产信息")
    w.para(
        f"{info.name}上年末固定资产金额为{money(a.total_value)}{unit}（详见下表）。本年度拟购置固定资产总额为"
        f"{money(a.new_purchases)}{unit}，已按要求列入政府采购预算，详见政府采购预算表。"
    )
    rows: Sequence[tuple[str, Decimal, Decimal, int]] = (
        ("资产总额", ZERO, a.total_value, 0),
        ("1、房屋（平方米）", a.buildings_area, a.buildings_value, 1),
        ("其中：办公用房（平方米）", a.office_area, a.office_value, 2),
        ("2、车辆（台、辆）", a.vehicles, a.vehicles_value, 1),
        ("3、单价在20万元以上的设备", a.equipment, a.equipment_value, 1),
        ("4、其他固定资产", a.other, a.other_value, 1),
    )
    table = w.builder.table(
        TableKind.ASSETS,
        f"{info.scope.value}固定资产占用情况表",
        (("quantity", "数量"), ("value", f"价值（金额单位：{unit}）")),
        [spec(None, name, {"quantity": q, "value": v}) for name, q, v, _ in rows],
        quantities=frozenset({"quantity"}),
    )
    w.assets = tuple(
        AssetLine(
            name=row.name,
            quantity=row.values.get("quantity"),
            value=row.values.get("value"),
            line=row.line,
            level=level,
        )
        for row, (_, _, _, level) in zip(table.rows, rows, strict=True)
    )
