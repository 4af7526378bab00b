"""Agreement across tables (XT rules): cases as data, the real samples, and mutated samples."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

import pytest
from builders import Case, make_disclosure, make_table
from rule_runner import run_case

from _samples import parsed
from yusuan.model import Disclosure, Project, Row, Table
from yusuan.model import TableKind as K
from yusuan.rules import check
from yusuan.rules.findings import Finding, Severity

Line = tuple[str | None, str, str | None]  # (code, name, amount)


def spending(*rows: tuple[str | None, str, str, str | None, str | None], kind: K = K.EXPENDITURE) -> Table:
    """A table with total/basic/project columns; a row with no code is the 合计 row."""
    title = {K.EXPENDITURE: "支出总表", K.GENERAL_PUBLIC: "一般公共预算支出表"}.get(kind, "支出表")
    return make_table(
        kind,
        title,
        ["total", "basic", "project"],
        [(c, n, {"total": t, "basic": b, "project": p}) for c, n, t, b, p in rows],
        line=100 if kind is K.EXPENDITURE else 200,
    )


def income(*rows: tuple[str | None, str, str]) -> Table:
    return make_table(K.INCOME, "收入总表", ["total"], [(c, n, {"total": t}) for c, n, t in rows], line=50)


def summary(
    classes: Sequence[tuple[str, str]], *, income_lines: Sequence[tuple[str, str]] = (), spent: str = ""
) -> Table:
    rows: list[tuple[object, ...]] = [
        (None, n, {"income": v}, {"section": "income"}) for n, v in income_lines
    ]
    rows += [(None, n, {"expenditure": v}, {"section": "expenditure"}) for n, v in classes]
    if spent:
        rows.append((None, "本年支出合计", {"expenditure": spent}, {"section": "expenditure"}))
    return make_table(K.SUMMARY, "收支总表", ["income", "expenditure"], rows, line=10)


def fiscal_summary(
    columns: dict[str, Sequence[tuple[str, str]]], *, income_lines: Sequence[tuple[str, str]] = ()
) -> Table:
    """A 财政拨款收支总表: {column key: [(line name, amount)]} on the expenditure side."""
    names = list(dict.fromkeys(n for lines in columns.values() for n, _ in lines))
    keys = ["income", *columns]
    rows: list[tuple[object, ...]] = [
        (None, n, {"income": v}, {"section": "income"}) for n, v in income_lines
    ]
    for name in names:
        values = {k: dict(lines).get(name) for k, lines in columns.items()}
        rows.append((None, name, values, {"section": "expenditure"}))
    return make_table(K.FISCAL_SUMMARY, "财政拨款收支总表", keys, rows, line=300)


def basic_table(total: str, personnel: str, public: str, *lines: tuple[str, str, str]) -> Table:
    rows: list[tuple[object, ...]] = [
        (None, "合计", {"total": total, "personnel": personnel, "public": public})
    ]
    rows += [(c, n, {"total": v, "public": v}) for c, n, v in lines]
    return make_table(
        K.GENERAL_PUBLIC_BASIC, "一般公共预算基本支出表", ["total", "personnel", "public"], rows, line=400
    )


def three_public(total: str, reception: str, vehicle_operation: str = "0.00") -> Table:
    keys = ["total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]
    values = {
        "total": total,
        "vehicle": vehicle_operation,
        "vehicle_operation": vehicle_operation,
        "reception": reception,
    }
    return make_table(K.THREE_PUBLIC, "“三公”经费支出表", keys, [(None, "合计", values)], line=500)


def empty(kind: K, title: str) -> Table:
    return make_table(kind, title, ["total", "basic", "project"], [], line=600 + len(title))


HEALTH = [
    (None, "合计", "349.27", "289.59", "59.68"),
    ("208", "社会保障和就业支出", "39.71", "39.71", None),
    ("210", "卫生健康支出", "288.69", "229.01", "59.68"),
    ("221", "住房保障支出", "20.87", "20.87", None),
]
LEAVES = [
    (None, "合计", "6465.30", "3323.60", "3141.70"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "264.60", "121.00", "143.60"),
    ("2101501", "行政运行", "5131.90", "3101.50", "2030.40"),
    ("2120809", "支付破产或改制企业职工安置费", "967.70", None, "967.70"),
    ("2210201", "住房公积金", "101.10", "101.10", None),
]
BY_ORDER = [
    ("八、社会保障和就业", "264.60"),
    ("十、卫生健康", "5131.90"),
    ("十二、城乡社区事务", "967.70"),
    ("二十一、住房保障支出", "101.10"),
]


def with_health(*tables: Table, **kw: object) -> Disclosure:
    return make_disclosure(spending(*HEALTH), *tables, **kw)


def project(name: str, amount: str, line: int) -> Project:
    return Project(None, name, Decimal(amount), {}, {}, "", (), line)


PROJECTS_TABLE = make_table(
    K.PROJECTS,
    "项目支出预算表",
    ["total"],
    [
        (None, "合计", {"total": "59.68"}),
        (None, "办公辅助（服务）", {"total": "28.65"}),
        (None, "医保工作经费", {"total": "31.03"}),
    ],
    line=700,
)

CASES = [
    Case(
        "XT001",
        "summary 类 lines match the expenditure table by name",
        with_health(
            summary(
                [
                    ("八、社会保障和就业支出", "39.71"),
                    ("十、卫生健康支出", "288.69"),
                    ("二十、住房保障支出", "20.87"),
                ]
            )
        ),
        0,
    ),
    Case(
        "XT001",
        "summary 卫生健康支出 differs from 210",
        with_health(
            summary(
                [
                    ("八、社会保障和就业支出", "39.71"),
                    ("十、卫生健康支出", "289.69"),
                    ("二十、住房保障支出", "20.87"),
                ]
            )
        ),
        1,
        "288.69",
    ),
    Case(
        "XT001",
        "no 类 row anywhere: lines paired in order",
        make_disclosure(spending(*LEAVES), summary(BY_ORDER)),
        0,
    ),
    Case(
        "XT001",
        "no 类 row anywhere: a line paired in order differs",
        make_disclosure(
            spending(*LEAVES), summary([*BY_ORDER[:1], ("十、卫生健康", "5131.00"), *BY_ORDER[2:]])
        ),
        1,
        "5131.90",
    ),
    Case(
        "XT002",
        "income and expenditure agree code by code",
        with_health(
            income(
                (None, "合计", "349.27"),
                ("208", "社会保障和就业支出", "39.71"),
                ("210", "卫生健康支出", "288.69"),
                ("221", "住房保障支出", "20.87"),
            )
        ),
        0,
    ),
    Case(
        "XT002",
        "a code missing from the income table",
        with_health(
            income(
                (None, "合计", "328.40"),
                ("208", "社会保障和就业支出", "39.71"),
                ("210", "卫生健康支出", "288.69"),
            )
        ),
        1,
        "未列 221",
    ),
    Case(
        "XT003",
        "all money fiscal: general public table equals the expenditure table",
        with_health(spending(*HEALTH, kind=K.GENERAL_PUBLIC), empty(K.GOV_FUND, "政府性基金预算支出表")),
        0,
    ),
    Case(
        "XT003",
        "all money fiscal: a code differs",
        with_health(
            spending(
                (None, "合计", "349.27", "289.59", "59.68"),
                ("208", "社会保障和就业支出", "38.71", "38.71", None),
                ("210", "卫生健康支出", "289.69", "230.01", "59.68"),
                ("221", "住房保障支出", "20.87", "20.87", None),
                kind=K.GENERAL_PUBLIC,
            )
        ),
        2,
        "各资金支出表与支出总表的科目金额不一致",
    ),
    Case(
        "XT003",
        "unit funds besides: the fund table may be smaller, not larger",
        with_health(
            spending(
                (None, "合计", "340.27", "280.59", "59.68"),
                ("210", "卫生健康支出", "279.69", "220.01", "59.68"),
                kind=K.GENERAL_PUBLIC,
            )
        ),
        0,
    ),
    Case(
        "XT003",
        "unit funds besides: a fund table line larger than all spending",
        with_health(
            spending(
                (None, "合计", "300.00", "240.32", "59.68"),
                ("210", "卫生健康支出", "300.00", "240.32", "59.68"),
                kind=K.GENERAL_PUBLIC,
            )
        ),
        1,
        "超过支出总表",
    ),
    Case(
        "XT003",
        "codes printed under the department and again under its unit count once",
        make_disclosure(
            make_table(
                K.EXPENDITURE,
                "支出总表",
                ["total"],
                [
                    (None, "合计", {"total": "100.00"}),
                    (None, "医疗保障局", {"total": "100.00"}, {"unit_code": "036"}),
                    ("2101501", "行政运行", {"total": "100.00"}),
                    (None, "医疗保障局本级", {"total": "100.00"}, {"unit_code": "036001"}),
                    ("2101501", "行政运行", {"total": "100.00"}),
                ],
            ),
            spending(
                (None, "合计", "100.00", "100.00", None),
                ("2101501", "行政运行", "100.00", "100.00", None),
                kind=K.GENERAL_PUBLIC,
            ),
        ),
        0,
    ),
    Case(
        "XT004",
        "fiscal summary lines match the fund tables",
        with_health(
            spending(*HEALTH, kind=K.GENERAL_PUBLIC),
            fiscal_summary(
                {
                    "expenditure.general_public": [
                        ("（八）社会保障和就业支出", "39.71"),
                        ("（十）卫生健康支出", "288.69"),
                        ("（二十）住房保障支出", "20.87"),
                        ("本年支出合计", "349.27"),
                    ]
                }
            ),
        ),
        0,
    ),
    Case(
        "XT004",
        "fiscal summary 卫生健康支出 differs from the general public table",
        with_health(
            spending(*HEALTH, kind=K.GENERAL_PUBLIC),
            fiscal_summary(
                {
                    "expenditure.general_public": [
                        ("（八）社会保障和就业支出", "39.71"),
                        ("（十）卫生健康支出", "287.69"),
                        ("（二十）住房保障支出", "20.87"),
                        ("本年支出合计", "349.27"),
                    ]
                }
            ),
        ),
        1,
        "288.69",
    ),
    Case(
        "XT005",
        "basic spending = basic table total",
        with_health(spending(*HEALTH, kind=K.GENERAL_PUBLIC), basic_table("289.59", "273.24", "16.35")),
        0,
    ),
    Case(
        "XT005",
        "basic spending differs from the basic table",
        with_health(spending(*HEALTH, kind=K.GENERAL_PUBLIC), basic_table("298.59", "282.24", "16.35")),
        1,
        "298.59",
    ),
    Case(
        "XT006",
        "personnel / public split agrees",
        make_disclosure(
            make_table(
                K.EXPENDITURE,
                "支出总表",
                ["total", "basic", "basic.personnel.wages", "basic.personnel.households", "basic.public"],
                [
                    (
                        None,
                        "合计",
                        {
                            "total": "3323.60",
                            "basic": "3323.60",
                            "basic.personnel.wages": "3132.90",
                            "basic.personnel.households": "60.20",
                            "basic.public": "130.50",
                        },
                    )
                ],
            ),
            basic_table("3323.60", "3193.10", "130.50"),
        ),
        0,
    ),
    Case(
        "XT006",
        "personnel / public split differs",
        make_disclosure(
            make_table(
                K.EXPENDITURE,
                "支出总表",
                ["total", "basic", "basic.personnel.wages", "basic.personnel.households", "basic.public"],
                [
                    (
                        None,
                        "合计",
                        {
                            "total": "3323.60",
                            "basic": "3323.60",
                            "basic.personnel.wages": "3122.90",
                            "basic.personnel.households": "60.20",
                            "basic.public": "140.50",
                        },
                    )
                ],
            ),
            basic_table("3323.60", "3193.10", "130.50"),
        ),
        2,
        "人员经费/公用经费",
    ),
    Case(
        "XT007",
        "reception in the basic table ≤ “三公” (projects may hold the rest)",
        with_health(
            basic_table("289.59", "273.24", "16.35", ("30217", "公务接待费", "0.26")),
            three_public("1.66", "0.26", "1.40"),
        ),
        0,
    ),
    Case(
        "XT007",
        "reception in the basic table exceeds the “三公” figure",
        with_health(
            basic_table("289.59", "273.24", "16.35", ("30217", "公务接待费", "0.36")),
            three_public("1.66", "0.26", "1.40"),
        ),
        1,
        "0.36",
    ),
    Case(
        "XT007",
        "no project spending: the basic line must equal the “三公” figure",
        make_disclosure(
            spending(
                (None, "合计", "289.59", "289.59", None), ("210", "卫生健康支出", "289.59", "289.59", None)
            ),
            spending(
                (None, "合计", "289.59", "289.59", None),
                ("210", "卫生健康支出", "289.59", "289.59", None),
                kind=K.GENERAL_PUBLIC,
            ),
            basic_table("289.59", "273.24", "16.35", ("30201", "办公费", "16.35")),
            three_public("3.00", "3.00"),
        ),
        1,
        "未列 30217",
    ),
    Case(
        "XT007",
        "a line printed under a non-standard code is not read as 30217",
        make_disclosure(
            spending(
                (None, "合计", "289.59", "289.59", None), ("210", "卫生健康支出", "289.59", "289.59", None)
            ),
            spending(
                (None, "合计", "289.59", "289.59", None),
                ("210", "卫生健康支出", "289.59", "289.59", None),
                kind=K.GENERAL_PUBLIC,
            ),
            basic_table(
                "289.59",
                "273.24",
                "16.35",
                ("30217", "机关事业单位退休人员活动费", "13.35"),
                ("30210", "公务接待费", "3.00"),
            ),
            three_public("3.00", "3.00"),
        ),
        0,
    ),
    Case("XT008", "project table total = 项目支出", with_health(PROJECTS_TABLE), 0),
    Case(
        "XT008",
        "project table total above 项目支出",
        with_health(
            make_table(
                K.PROJECTS, "项目支出预算表", ["total"], [(None, "合计", {"total": "69.68"})], line=700
            )
        ),
        1,
        "69.68",
    ),
    Case(
        "XT009",
        "goal projects cover 项目支出",
        with_health(
            PROJECTS_TABLE,
            projects=[project("办公辅助（服务）", "28.65", 800), project("医保工作经费", "31.03", 900)],
        ),
        0,
    ),
    Case(
        "XT009",
        "a project without goals is named",
        with_health(PROJECTS_TABLE, projects=[project("医保工作经费", "31.03", 900)]),
        1,
        "办公辅助（服务）",
    ),
    Case(
        "XT010",
        "summary 本年支出合计 = expenditure table 合计",
        with_health(summary([("十、卫生健康支出", "288.69")], spent="349.27")),
        0,
    ),
    Case(
        "XT010",
        "summary 本年支出合计 differs",
        with_health(summary([("十、卫生健康支出", "288.69")], spent="349.72")),
        1,
        "349.27",
    ),
    Case(
        "XT011",
        "fund income agrees between the two summaries",
        with_health(
            summary([], income_lines=[("一、一般公共预算拨款收入", "349.27"), ("收入总计", "349.27")]),
            fiscal_summary(
                {"expenditure.total": [("本年支出合计", "349.27")]},
                income_lines=[("（一）一般公共预算拨款", "349.27"), ("收入总计", "349.27")],
            ),
        ),
        0,
    ),
    Case(
        "XT011",
        "fund income differs between the two summaries",
        with_health(
            summary([], income_lines=[("一、一般公共预算拨款收入", "349.27"), ("收入总计", "349.27")]),
            fiscal_summary(
                {"expenditure.total": [("本年支出合计", "349.27")]},
                income_lines=[("（一）一般公共预算拨款", "394.27"), ("收入总计", "394.27")],
            ),
        ),
        2,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)


def test_tables_in_yuan_and_wan_yuan_compare_after_conversion() -> None:
    summary_yuan = replace(summary([("三、卫生健康支出", "4668000")]), unit="元")
    table = spending(
        (None, "合计", "466.80", "462.00", "4.80"), ("210", "卫生健康支出", "466.80", "462.00", "4.80")
    )
    assert _mine(make_disclosure(table, summary_yuan), "XT001") == []
    wrong = replace(summary([("三、卫生健康支出", "4678000")]), unit="元")
    (finding,) = _mine(make_disclosure(table, wrong), "XT001")
    assert "466.80万元（折合 4668000元）" in finding.message and finding.difference == Decimal(10000)


# --------------------------------------------------------------------------- real samples


def _mine(disclosure: Disclosure, prefix: str) -> list[Finding]:
    return [
        f
        for f in check(disclosure).findings
        if f.rule.startswith(prefix) and f.severity.rank >= Severity.WARNING.rank
    ]


@pytest.mark.parametrize("name", ["beidaihe", "chengde", "jiyuan", "yuanjiang"])
def test_the_samples_tables_agree(name: str) -> None:
    """Every cross-table identity holds in the four samples (checked by hand: see the report)."""
    assert [f.message for f in _mine(parsed(name), "XT")] == []


def _mutate(name: str, kind: K, match: Callable[[Row], bool], key: str, value: str) -> Disclosure:
    """The sample with one printed amount changed (the first matching row of the first table)."""
    disclosure = parsed(name)
    tables = list(disclosure.tables)
    index = next(i for i, t in enumerate(tables) if t.kind is kind)
    rows = list(tables[index].rows)
    at = next(i for i, r in enumerate(rows) if match(r))
    rows[at] = replace(rows[at], values={**rows[at].values, key: Decimal(value)})
    tables[index] = replace(tables[index], rows=tuple(rows))
    return replace(disclosure, tables=tuple(tables))


def _code(code: str) -> Callable[[Row], bool]:
    return lambda r: r.code == code


def _named(word: str, section: str | None = None) -> Callable[[Row], bool]:
    return lambda r: word in r.name and (section is None or r.section == section)


MUTATIONS = [
    ("beidaihe", K.SUMMARY, _named("卫生健康", "expenditure"), "expenditure", "289.69", "XT001", 76),
    ("beidaihe", K.INCOME, _code("2101501"), "total", "207.05", "XT002", 409),
    ("chengde", K.GENERAL_PUBLIC, _code("2101502"), "total", "499.25", "XT003", 1527),
    (
        "jiyuan",
        K.FISCAL_SUMMARY,
        _named("卫生健康", "expenditure"),
        "expenditure.general_public",
        "5132.90",
        "XT004",
        285,
    ),
    ("yuanjiang", K.FISCAL_SUMMARY, _named("卫生健康", "expenditure"), "expenditure", "543.00", "XT004", 331),
    ("jiyuan", K.GENERAL_PUBLIC_BASIC, _named("合计"), "total", "3324.60", "XT005", 353),
    ("jiyuan", K.EXPENDITURE, _named("合计"), "basic.public", "131.50", "XT006", 244),
    ("chengde", K.GENERAL_PUBLIC_BASIC, _code("30217"), "total", "0.36", "XT007", 1706),
    ("jiyuan", K.PROJECTS, _named("合计"), "total", "3142.70", "XT008", 508),
    ("chengde", K.SUMMARY, _named("上年结转", "income"), "income", "1938.42", "XT010", 214),
    ("yuanjiang", K.SUMMARY, _named("基本支出", "economic_dept"), "economic_dept", "515.75", "XT010", 260),
    ("chengde", K.FISCAL_SUMMARY, _named("一般公共预算", "income"), "income", "7535.32", "XT011", 1006),
]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: f"{m[0]}-{m[5]}")
def test_a_changed_amount_is_found_at_its_place(mutation: tuple[object, ...]) -> None:
    name, kind, match, key, value, rule, line = mutation
    assert isinstance(name, str) and isinstance(kind, K) and callable(match)
    disclosure = _mutate(name, kind, match, str(key), str(value))
    found = [f for f in _mine(disclosure, str(rule)) if f.severity is Severity.ERROR]
    assert found, f"{rule} did not find the change"
    assert any(loc.line == line and loc.value == Decimal(str(value)) for f in found for loc in f.locations)


def test_a_missing_goal_table_is_named() -> None:
    """Drop one of the six goal projects of 北戴河: the 项目支出 is no longer covered."""
    disclosure = parsed("beidaihe")
    kept = tuple(p for p in disclosure.projects if p.name != "办公辅助（服务）")
    (finding,) = _mine(replace(disclosure, projects=kept), "XT009")
    assert finding.expected == Decimal("59.68") and finding.actual == Decimal("31.03")
