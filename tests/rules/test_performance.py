"""Performance goals (PERF rules)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from builders import Case, make_disclosure, make_table
from rule_runner import run_case

from _samples import parsed, sample_path
from yusuan.extract.projects import parse_indicator_value
from yusuan.model import Disclosure, Indicator, Project, Table
from yusuan.model import TableKind as K
from yusuan.rules import Finding, check
from yusuan.rules.findings import Severity

GOALS = make_table(K.PERFORMANCE_PROJECTS, "项目支出绩效目标表", ["total"], [], line=500)


def ind(level1: str, level2: str, level3: str, value: str, line: int = 520) -> Indicator:
    comparator, number, unit = parse_indicator_value(value)
    return Indicator(level1, level2, level3, "", value, comparator, number, unit, "", line)


COMPLETE = (
    ind("产出指标", "数量指标", "保障人数", "6人"),
    ind("产出指标", "成本指标", "服务费总成本", "≤28.65万元"),
    ind("效益指标", "社会效益指标", "保障工作正常运转", "进一步保障"),
    ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
)

NO_COST = (COMPLETE[0], COMPLETE[2], COMPLETE[3])


def project(
    name: str = "办公辅助（服务）",
    amount: str | None = "28.65",
    indicators: tuple[Indicator, ...] = COMPLETE,
    schedule: dict[str, str] | None = None,
    line: int = 510,
    unit_code: str | None = None,
) -> Project:
    return Project(
        code=None,
        name=name,
        amount=Decimal(amount) if amount else None,
        funding={},
        schedule={k: Decimal(v) for k, v in (schedule or {}).items()},
        goal="",
        indicators=indicators,
        line=line,
        unit_code=unit_code,
    )


def goals(*projects: Project, tables: tuple[Table, ...] = ()) -> Disclosure:
    return make_disclosure(GOALS, *tables, projects=projects)


def spending(project_total: str) -> Table:
    return make_table(
        K.EXPENDITURE, "支出总表", ["total", "project"], [(None, "合计", {"project": project_total})]
    )


def budget(*lines: tuple[str, str, str]) -> Table:
    """项目支出预算表 rows: (unit code, project name, amount)."""
    return make_table(
        K.PROJECTS,
        "项目支出预算表",
        ["total"],
        [(None, name, {"total": amount}, {"unit_code": unit}) for unit, name, amount in lines],
        line=400,
    )


YUANJIANG = [
    ("B参保筹资工作经费", "12.80"),
    ("B医保基金监管工作经费", "22.40"),
    ("B政策法规宣传工作经费", "9.60"),
]

CASES = [
    Case("PERF002", "every project has indicators", goals(project()), 0),
    Case(
        "PERF002",
        "a budget line without goals",
        goals(project("B政策法规宣传工作经费", "9.60", ())),
        1,
        "9.60",
    ),
    Case("PERF003", "产出, 效益 and 满意度", goals(project()), 0),
    Case(
        "PERF003",
        "成本 as its own 一级 is accepted",
        goals(project(indicators=(ind("成本指标", "经济成本指标", "服务费", "≤82万元"), *COMPLETE))),
        0,
    ),
    Case(
        "PERF003",
        "no 满意度",
        goals(project(indicators=COMPLETE[:3])),
        1,
        "缺少满意度指标",
    ),
    Case(
        "PERF003",
        "an indicator of unknown level makes it a hint",
        goals(project(indicators=(*COMPLETE[:3], ind("", "", "医保监督管理体制", "完善")))),
        0,
    ),
    Case("PERF004", "numbers with units and qualitative targets", goals(project()), 0),
    Case(
        "PERF004",
        "empty and placeholder values",
        goals(
            project(
                indicators=(
                    *COMPLETE,
                    ind("产出指标", "质量指标", "覆盖率", "≥XX%"),
                    ind("产出指标", "时效指标", "及时率", ""),
                )
            )
        ),
        2,
    ),
    Case("PERF005", "满意度 at least 90%", goals(project()), 0),
    Case(
        "PERF005",
        "满意度 at most 90%",
        goals(
            project(
                indicators=(*COMPLETE[:3], ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≤90%"))
            )
        ),
        1,
        "≤90%",
    ),
    Case(
        "PERF006",
        "costs in money (per unit too); social cost need not be",
        goals(
            project(
                indicators=(
                    *COMPLETE,
                    ind("成本指标", "经济成本指标", "调查费用", "300元/件"),
                    ind("成本指标", "社会成本指标", "社会影响", "无"),
                )
            )
        ),
        0,
    ),
    Case(
        "PERF006",
        "a cost as a percentage and as words",
        goals(
            project(
                indicators=(
                    *COMPLETE,
                    ind("成本指标", "经济成本指标", "各项工作成本按预算执行", "100%"),
                    ind("产出指标", "成本指标", "实际发放控制标准", "不超人社标准"),
                )
            )
        ),
        2,
        "不是金额",
    ),
    Case(
        "PERF007",
        "25, 50, 75, 100",
        goals(project(schedule={"3月底": "25", "6月底": "50", "10月底": "75", "12月底": "100"})),
        0,
    ),
    Case("PERF007", "all by the end of June", goals(project(schedule={"6月底": "100"})), 0),
    Case(
        "PERF007",
        "falls back and stops short",
        goals(project(schedule={"3月底": "30", "6月底": "25", "10月底": "75", "12月底": "90"})),
        1,
        "6月底（25%）低于3月底（30%）；最后一期12月底为 90%",
    ),
    Case(
        "PERF008",
        "goal amount = budget line",
        goals(
            project("综合救助专项-离休干部医疗费", "450.00", unit_code="036002"),
            tables=(budget(("036002", "综合救助专项-离休干部医疗费", "450.00")),),
        ),
        0,
    ),
    Case(
        "PERF008",
        "the same name in another unit is another project",
        goals(
            project("打击欺诈骗保工作经费", "3.00", unit_code="036001"),
            tables=(
                budget(
                    ("036001", "打击欺诈骗保工作经费", "3.00"), ("036002", "打击欺诈骗保工作经费", "10.00")
                ),
            ),
        ),
        0,
    ),
    Case(
        "PERF008",
        "goal amount differs from the budget line",
        goals(
            project("综合救助专项-离休干部医疗费", "405.00"),
            tables=(budget(("036002", "综合救助专项-离休干部医疗费", "450.00")),),
        ),
        1,
        "相差 -45.00",
    ),
    Case(
        "PERF009",
        "cost within the budget; per-unit costs not compared",
        goals(project(indicators=(*COMPLETE, ind("成本指标", "", "每日生活和交通补助", "140元")))),
        0,
    ),
    Case(
        "PERF009",
        "cost ceiling above the budget",
        goals(
            project(
                "电子政务专项-医疗保障骨干网络建设服务费项目",
                "12.00",
                (*NO_COST, ind("成本指标", "", "服务费", "≤20.4万元")),
            )
        ),
        1,
        "超过项目预算",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)


def _mine(name: str) -> list[Finding]:
    return [f for f in check(parsed(name)).findings if f.rule.startswith("PERF")]


def _lines(name: str) -> list[str]:
    return sample_path(name).read_text(encoding="utf-8").splitlines()


def test_chengde_goals_are_complete() -> None:
    assert _mine("chengde") == []


def test_goals_cover_all_project_spending_in_every_sample() -> None:
    for name in ("beidaihe", "chengde", "jiyuan", "yuanjiang"):
        assert not [f for f in _mine(name) if f.rule in ("PERF002", "PERF008")], name


def test_beidaihe_cost_indicator_in_words() -> None:
    [finding] = _mine("beidaihe")
    assert finding.rule == "PERF006" and finding.severity is Severity.WARNING
    place = finding.locations[0]
    assert place.line == 1789 and place.text == "不超人社标准"
    lines = _lines("beidaihe")
    # 产出指标 / 成本指标 / 实际发放控制标准 / … / 不超人社标准 (one cell per line)
    assert [cell.strip() for cell in lines[1788:1794]] == [
        "",
        "成本指标",
        "实际发放控制标准",
        "工资、社会保障等发放（缴纳）不超人社部门核定标准",
        "不超人社标准",
        "财政工资标准",
    ]


def test_yuanjiang_cost_indicators_are_percentages() -> None:
    findings = _mine("yuanjiang")
    assert {f.rule for f in findings} == {"PERF006"}
    lines = _lines("yuanjiang")
    assert [f.locations[0].line for f in findings] == [527, 538, 558, 578, 598]
    for f in findings:
        assert "成本指标\t经济成本指标\t各项工作成本按预算执行\t100%" in lines[f.locations[0].line - 1]


def test_jiyuan_projects_without_satisfaction_goals() -> None:
    findings = [f for f in _mine("jiyuan") if f.severity is Severity.WARNING]
    assert {(f.rule, f.locations[0].line) for f in findings} == {("PERF003", 603), ("PERF003", 677)}
    lines = _lines("jiyuan")
    assert lines[602].startswith("419001240000000004004\t打击欺诈骗保经费业务-打击欺诈骗保工作经费\t3.00")
    assert "\t聘请专家费\t≤500元/人每天\t行政处罚\t及时\t罚没收入\t≥20万元" in lines[602]
    assert "\t系统正常运行, 保证参保权益\t系统正常运行\t系统正常运行\t系统正常运行" in lines[676]
    # Neither project names a 满意度 indicator on any of its rows.
    assert not any("满意" in line for line in lines[602:606] + lines[676:678])


def test_jiyuan_cost_ceiling_above_the_project_budget() -> None:
    [hint] = [f for f in _mine("jiyuan") if f.rule == "PERF009"]
    assert (
        hint.severity is Severity.INFO
        and hint.actual == Decimal("20.4")
        and hint.expected == Decimal("12.00")
    )
    assert (
        "电子政务专项-医疗保障骨干网络建设服务费项目\t12.00\t12.00\t\t\t服务费\t≤20.4万元"
        in _lines("jiyuan")[616]
    )


def test_a_changed_goal_amount_is_caught() -> None:
    d = parsed("jiyuan")
    projects = tuple(
        dataclasses.replace(p, amount=Decimal("405.00")) if p.name == "综合救助专项-离休干部医疗费" else p
        for p in d.projects
    )
    findings = [
        f for f in check(dataclasses.replace(d, projects=projects)).findings if f.rule in ("XT009", "PERF008")
    ]
    by_rule = {f.rule: f for f in findings}
    assert by_rule["PERF008"].severity is Severity.ERROR
    assert [loc.line for loc in by_rule["PERF008"].locations] == [665, 533]  # goal table, 项目支出预算表
    assert by_rule["PERF008"].expected == Decimal("450.00") and by_rule["PERF008"].actual == Decimal("405.00")
    # The goals no longer cover the project spending: XT009 (cross-table) reports the gap.
    assert by_rule["XT009"].expected == Decimal("3141.70") and by_rule["XT009"].actual == Decimal("3096.70")
