"""绩效目标 (performance goals): coverage of project spending, the 一级 levels, measurable values,
the direction of 满意度 targets, 成本 as money, the spending schedule, and the goal's amount."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from yusuan.model import Indicator, Project, Row, Table, TableKind
from yusuan.rules.context import UNIT_YUAN, CheckContext
from yusuan.rules.engine import difference_text
from yusuan.rules.findings import Location, Severity
from yusuan.rules.registry import Issue, rule
from yusuan.rules.tables import clean, is_total_row

FAMILY = "performance"
K = TableKind
_GOAL_KINDS = (K.PERFORMANCE_PROJECTS, K.PERFORMANCE_OVERALL, K.PROJECTS)


# --- places --------------------------------------------------------------------------------


def _goal_table(ctx: CheckContext, line: int) -> Table | None:
    """The goal (or project) table a project was read from: the last one starting at or before it."""
    before = [t for t in ctx.tables(*_GOAL_KINDS) if t.line <= line]
    return max(before, key=lambda t: t.line, default=None)


def project_place(ctx: CheckContext, project: Project) -> Location:
    table = _goal_table(ctx, project.line)
    return Location(
        line=project.line,
        page=table.page if table else None,
        table_kind=table.kind.value if table else K.PERFORMANCE_PROJECTS.value,
        table_title=table.title if table else None,
        row_code=project.code,
        row_name=project.name,
    )


def indicator_place(ctx: CheckContext, project: Project, indicator: Indicator) -> Location:
    table = _goal_table(ctx, indicator.line)
    levels = "/".join(p for p in (indicator.level1, indicator.level2, indicator.level3) if p)
    return Location(
        line=indicator.line,
        page=table.page if table else None,
        table_kind=table.kind.value if table else K.PERFORMANCE_PROJECTS.value,
        table_title=table.title if table else None,
        row_code=project.code,
        row_name=f"{project.name}：{levels}",
        column_label="指标值",
        text=indicator.value or None,
        value=indicator.number,
    )


def _amount_unit(ctx: CheckContext, project: Project) -> str | None:
    table = _goal_table(ctx, project.line)
    return table.unit if table and table.unit else ctx.disclosure.unit


# --- coverage ------------------------------------------------------------------------------


def _project_spending(ctx: CheckContext) -> tuple[Decimal, str | None, Location] | None:
    """项目支出: the 合计 row of the expenditure table, or the text's figure."""
    for table in ctx.tables(K.EXPENDITURE):
        for row in table.rows:
            if is_total_row(row) and row.values.get("project") is not None:
                amount = row.values["project"]
                assert amount is not None
                return amount, table.unit, ctx.cell(table, row, "project")
    fact = ctx.disclosure.fact("expenditure.project")
    if fact is not None:
        return fact.value, fact.unit, ctx.fact_place(fact)
    return None


@rule("PERF002", family=FAMILY, severity=Severity.WARNING, title="项目没有绩效指标")
def project_without_goals(ctx: CheckContext) -> Iterator[Issue]:
    """项目支出表列出的项目没有任何绩效指标。

    每个项目都应设定绩效目标和指标；只在项目表中出现、没有绩效目标表（或表中没有一条指标）的
    项目，其绩效无从衡量。金额为零的项目不检查。

    例：专项资金预算汇总表列有“B政策法规宣传工作经费 9.60”，项目支出绩效目标表中没有这个项目。
    """
    for project in ctx.disclosure.projects:
        if project.indicators or not project.amount:
            continue
        yield Issue(
            message=f"项目“{project.name}”（{project.amount}）没有绩效目标指标。",
            locations=(project_place(ctx, project),),
        )


# --- the 一级 levels -----------------------------------------------------------------------

_OUTPUT_LEVEL2 = ("数量", "质量", "时效")


def _levels(indicator: Indicator) -> set[str]:
    """Which 一级 levels an indicator shows (by its 一级, or by a telling 二级)."""
    one, two = clean(indicator.level1), clean(indicator.level2)
    found = set()
    if "产出" in one or two.startswith(_OUTPUT_LEVEL2):
        found.add("产出")
    if "效益" in one or "效益" in two or "可持续" in two:
        found.add("效益")
    if "满意" in one or "满意" in two:
        found.add("满意度")
    if "成本" in one:
        found.add("成本")
    return found


@rule("PERF003", family=FAMILY, severity=Severity.WARNING, title="绩效指标缺少一级指标")
def all_levels_present(ctx: CheckContext) -> Iterator[Issue]:
    """项目绩效指标应包括产出、效益、满意度三类一级指标。

    财政部项目支出绩效指标体系以产出指标、效益指标、满意度指标为一级指标（部分地区另设成本
    指标为一级，也接受）。缺少某一类，绩效目标就不完整。表格读取时有指标未能判明一级（如 PDF
    中列错位）的，只作提示。

    例（错）：“电子政务专项-骨干网络及视频会议网络租赁费”只有产出指标和效益指标，没有满意度指标。
    """
    for project in ctx.disclosure.projects:
        if not project.indicators:
            continue
        present = set().union(*(_levels(i) for i in project.indicators))
        missing = [level for level in ("产出", "效益", "满意度") if level not in present]
        if not missing:
            continue
        unknown = [i for i in project.indicators if not _levels(i)]
        note = f"（另有 {len(unknown)} 条指标未能判明一级）" if unknown else ""
        yield Issue(
            message=f"项目“{project.name}”的绩效指标缺少{'、'.join(m + '指标' for m in missing)}{note}。",
            locations=(project_place(ctx, project),),
            severity=Severity.INFO if unknown else None,
        )


# --- values --------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"^(?:[-—－/／\\*＊…·.。、\s]*|.*(?:[XxＸｘ]{2,}|×{2,}).*|待定|待填|暂定|略)$")


@rule("PERF004", family=FAMILY, severity=Severity.WARNING, title="绩效指标值为空或是占位符")
def measurable_values(ctx: CheckContext) -> Iterator[Issue]:
    """绩效指标写了名称，但指标值是空的或只是占位符（“XX%”“/”“待定”）。

    指标值应可衡量：一个带单位的数字（“≥95%”“≤28.65万元”“12次”），或明确的定性目标
    （“及时”“有所提升”）。空值和占位符无法据以评价。只有数字没有单位的（如“≥95”），作提示。

    例（错）：三级指标“参保人数”，指标值为空；“≥XX%”。
    """
    for project in ctx.disclosure.projects:
        for indicator in project.indicators:
            if not indicator.level3:
                continue
            printed = unicodedata.normalize("NFKC", indicator.value).strip()
            if _PLACEHOLDER.match(printed):
                what = f"为占位符“{indicator.value}”" if printed else "为空"
                yield Issue(
                    message=f"项目“{project.name}”的指标“{indicator.level3}”指标值{what}，无法衡量。",
                    locations=(indicator_place(ctx, project, indicator),),
                )
            elif indicator.number is not None and not indicator.value_unit:
                yield Issue(
                    message=f"项目“{project.name}”的指标“{indicator.level3}”指标值“{indicator.value}”没有计量单位。",
                    locations=(indicator_place(ctx, project, indicator),),
                    severity=Severity.INFO,
                )


def _satisfaction(indicator: Indicator) -> bool:
    return any("满意" in clean(p) for p in (indicator.level1, indicator.level2, indicator.level3))


@rule("PERF005", family=FAMILY, severity=Severity.WARNING, title="满意度指标的方向错误")
def satisfaction_points_up(ctx: CheckContext) -> Iterator[Issue]:
    """满意度指标的目标值应是下限（≥、>、不低于），不能是上限（≤、<）。

    “满意度≤90%”意味着满意度越低越好，显然是把比较符号填反了。

    例（错）：“服务对象满意度 ≤90%”。例（对）：“服务对象满意度 ≥90%”。
    """
    for project in ctx.disclosure.projects:
        for indicator in project.indicators:
            if indicator.comparator in ("<=", "<") and _satisfaction(indicator):
                yield Issue(
                    message=(
                        f"项目“{project.name}”的满意度指标“{indicator.level3}”目标值为“{indicator.value}”，"
                        "是上限而不是下限（应为“≥”）。"
                    ),
                    locations=(indicator_place(ctx, project, indicator),),
                )


_NOT_MONEY_COSTS = ("社会成本", "生态环境成本", "生态成本", "环境成本")


def _is_money(unit: str | None) -> bool:
    return unit is not None and any(unit == u or unit.startswith(u + "/") for u in UNIT_YUAN)


@rule("PERF006", family=FAMILY, severity=Severity.WARNING, title="成本指标不是金额")
def costs_are_money(ctx: CheckContext) -> Iterator[Issue]:
    """成本指标（经济成本指标）的指标值应是金额，如“≤28.65万元”“300元/件”。

    成本指标反映项目的直接经济成本，用百分比（“各项工作成本按预算执行 100%”）或文字（“不超
    人社标准”）表示时，无法与预算金额对照。社会成本、生态环境成本指标不要求是金额。

    例（错）：一级指标“成本指标”、二级指标“经济成本指标”、指标值“100%”。
    """
    for project in ctx.disclosure.projects:
        for indicator in project.indicators:
            one, two = clean(indicator.level1), clean(indicator.level2)
            if "成本" not in one and "成本" not in two:
                continue
            if two.startswith(_NOT_MONEY_COSTS) or not indicator.value.strip():
                continue
            if _is_money(indicator.value_unit):
                continue
            yield Issue(
                message=(
                    f"项目“{project.name}”的成本指标“{indicator.level3}”指标值为“{indicator.value}”，"
                    "不是金额（成本指标应以元或万元计）。"
                ),
                locations=(indicator_place(ctx, project, indicator),),
            )


@rule("PERF009", family=FAMILY, severity=Severity.INFO, title="成本指标金额超过项目预算")
def cost_within_budget(ctx: CheckContext) -> Iterator[Issue]:
    """成本指标的总额上限超过了项目本身的预算金额。

    项目的经济成本以项目预算为限；成本指标写成“≤20.4万元”而项目预算只有 12.00 万元，说明
    指标沿用了别的口径或年度，与预算不一致。人均、每件等单价指标（“元/人”“每件”）不比较。

    例：项目资金 12.00 万元，成本指标“服务费 ≤20.4万元”。
    """
    for project in ctx.disclosure.projects:
        if project.amount is None:
            continue
        unit = _amount_unit(ctx, project)
        for indicator in project.indicators:
            if not _total_cost(indicator):
                continue
            assert indicator.number is not None
            cost = ctx.to_unit(indicator.number, indicator.value_unit, unit)
            if cost > project.amount:
                yield Issue(
                    message=(
                        f"项目“{project.name}”预算 {project.amount}，而成本指标“{indicator.level3}”为"
                        f"“{indicator.value}”，超过项目预算。"
                    ),
                    locations=(indicator_place(ctx, project, indicator), project_place(ctx, project)),
                    expected=project.amount,
                    actual=cost,
                )


_PER_UNIT = re.compile(r"每|单价|单位|人均|单次|/")


def _total_cost(indicator: Indicator) -> bool:
    named = clean(indicator.level3) + clean(indicator.description)
    return (
        "成本" in clean(indicator.level1) + clean(indicator.level2)
        and indicator.number is not None
        and indicator.value_unit in UNIT_YUAN
        and indicator.comparator in ("=", "<=", "<")
        and not _PER_UNIT.search(named)
    )


# --- schedule ------------------------------------------------------------------------------

_MONTH = re.compile(r"(\d{1,2})\s*月")
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def _month(label: str) -> int | None:
    found = _MONTH.search(label)
    if found:
        return int(found.group(1))
    quarter = re.search(r"第?([一二三四1-4])季度", label)
    return _QUARTER[quarter.group(1)] if quarter else None


@rule("PERF007", family=FAMILY, severity=Severity.WARNING, title="资金支出计划不是逐期递增到100%")
def schedule_reaches_full(ctx: CheckContext) -> Iterator[Issue]:
    """资金支出计划（3月底、6月底、10月底、12月底的累计支出进度）应逐期不减，并在最后一期达到100%。

    支出计划是累计进度，后一期不可能低于前一期；年度预算的最后一期应为 100%，否则年底仍有
    资金未支出，与预算安排不符。未填写的期次不检查。

    例（错）：3月底 30%，6月底 25%（后一期低于前一期）；或 12月底 90%。
    """
    for project in ctx.disclosure.projects:
        if not project.schedule:
            continue
        steps = sorted(project.schedule.items(), key=lambda kv: _month(kv[0]) or 0)
        problems = [
            f"{later}（{b}%）低于{earlier}（{a}%）"
            for (earlier, a), (later, b) in itertools.pairwise(steps)
            if b < a
        ]
        last, percent = steps[-1]
        if percent != 100:
            problems.append(f"最后一期{last}为 {percent}%，不是 100%")
        if problems:
            printed = "，".join(f"{k} {v}%" for k, v in steps)
            yield Issue(
                message=f"项目“{project.name}”的资金支出计划（{printed}）：{'；'.join(problems)}。",
                locations=(project_place(ctx, project),),
            )


# --- the goal's amount against the budget line --------------------------------------------


def _name_key(name: str) -> str:
    return clean(unicodedata.normalize("NFKC", name)).replace("(", "（").replace(")", "）")


@rule("PERF008", family=FAMILY, severity=Severity.ERROR, title="绩效目标表的项目金额与项目预算不一致")
def goal_amount_matches_budget(ctx: CheckContext) -> Iterator[Issue]:
    """同一项目在绩效目标表中的金额应等于它在项目支出预算表（专项资金预算汇总表）中的金额。

    两张表对同一项目印出不同的金额，至少有一个是错的。项目按名称（忽略空格、全角半角）和单位
    编码对应，只在唯一对应时比较。

    例：项目支出预算表“综合救助专项-离休干部医疗费 450.00”，绩效目标表同一项目资金总额 405.00。
    """
    lines = _budget_lines(ctx)
    for project in ctx.disclosure.projects:
        if project.amount is None or not project.indicators:
            continue
        candidates = [
            (table, row)
            for table, row in lines.get(_name_key(project.name), [])
            if not project.unit_code or not row.unit_code or row.unit_code == project.unit_code
        ]
        if len(candidates) != 1:
            continue
        table, row = candidates[0]
        budget = row.values.get("total")
        if budget is None:
            continue
        amount = ctx.to_unit(project.amount, _amount_unit(ctx, project), table.unit)
        if amount == budget:
            continue
        yield Issue(
            message=(
                f"项目“{project.name}”在绩效目标表中金额为 {amount}，在《{table.title}》中为 {budget}，"
                f"{difference_text(budget, amount)}。"
            ),
            locations=(project_place(ctx, project), ctx.cell(table, row, "total")),
            expected=budget,
            actual=amount,
            tolerance=ctx.tolerance([budget, amount]),
        )


def _budget_lines(ctx: CheckContext) -> dict[str, list[tuple[Table, Row]]]:
    lines: dict[str, list[tuple[Table, Row]]] = {}
    for table in ctx.tables(K.PROJECTS):
        for row in table.rows:
            if row.name and not is_total_row(row):
                lines.setdefault(_name_key(row.name), []).append((table, row))
    return lines
