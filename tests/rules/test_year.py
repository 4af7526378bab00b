"""One budget year everywhere (YR rules)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from builders import Case, make_disclosure, make_table
from rule_runner import run_case

from _samples import parsed
from yusuan.model import Disclosure, Project, Table
from yusuan.model import TableKind as K
from yusuan.rules import check
from yusuan.rules.context import CheckContext
from yusuan.rules.findings import Finding, Severity
from yusuan.rules.year import budget_year


def table(year: int | None = 2024, notes: tuple[str, ...] = (), title: str = "部门收支预算表") -> Table:
    return make_table(
        K.SUMMARY, title, ["income"], [(None, "收入总计", {"income": "1.00"})], notes=notes, year=year
    )


def prose(*paragraphs: str, year: int = 2024, **kw: object) -> Disclosure:
    return make_disclosure(table(year), paragraphs=paragraphs, year=year, **kw)


ITEMS = (
    "项目支出7684.71万元，主要为",
    "1、2024年度医保服务大厅人员经费项目：财政年初预算资金59.5万元",
    "2、2024年度医保经办服务大厅运行经费项目:财政年初预算资金50万元",
)

CASES = [
    Case("YR001", "every table of the 2024 budget says 2024", make_disclosure(table(2024), table(None)), 0),
    Case(
        "YR001",
        "a 2023 table in the 2024 budget",
        make_disclosure(table(2024), table(2023, title="2023年部门收入预算表")),
        1,
        "2023",
    ),
    Case(
        "YR002",
        "notes that compare with or date by the previous year",
        make_disclosure(
            table(
                notes=(
                    "注：本单位2024年度无政府性基金预算拨款支出。",
                    "注：与2023年相比无变化；资产截至2023年12月31日。",
                )
            )
        ),
        0,
    ),
    Case(
        "YR002",
        "a note describing the table as the previous year's",
        make_disclosure(
            table(
                notes=("注：本表反映2023年度一般公共预算“三公”经费支出情况，表格中单元格空白表示数据为零。",)
            )
        ),
        1,
        "本表反映2023年度",
    ),
    Case(
        "YR003",
        "comparisons, dates and last year's outturn are not the budget's year",
        prose(
            "2024年部门预算公开说明",
            "2024年预算收支安排349.27万元，较2023年预算减少55.4万元。",
            "截至2023年12月底，本部门共有公务用车0辆。",
            "2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%。",
            "2024年预算数为6.40万元，2023年预算数为6.40万元，预算持平。",
        ),
        0,
    ),
    Case("YR003", "a heading with the previous year", prose("第一部分 2023 年部门预算公开说明"), 1, "2023"),
    Case(
        "YR003",
        "the budget stated for the previous year",
        prose("2023年本部门收入预算 582.97 万元。"),
        1,
        "582.97",
    ),
    Case(
        "YR003",
        "this year's projects labelled with last year",
        prose(*ITEMS, year=2025),
        1,
        "2024年度医保服务大厅人员经费项目",
    ),
    Case(
        "YR003",
        "a project of the tables that bears the year in its name",
        prose(
            "4、2024年中央财政医疗服务与保障能力提升补助资金项目：财政年初预算资金416.01万元",
            year=2025,
            projects=[Project(None, "2024年中央财政医疗服务与保障能力提升补助资金", None, {}, {}, "", (), 9)],
        ),
        0,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)


def test_the_budget_year_is_the_one_the_document_states_most() -> None:
    """A metadata year read wrongly (2022) is outvoted by the headings and tables (2023)."""
    disclosure = make_disclosure(
        table(2023),
        table(2023),
        paragraphs=("上海市普陀区2023年区级部门预算", "2023年部门收入预算总表"),
        year=2022,
    )
    assert budget_year(CheckContext(disclosure)) == 2023
    assert _mine(disclosure) == []


def _mine(disclosure: Disclosure, rule: str = "YR") -> list[Finding]:
    return [
        f
        for f in check(disclosure).findings
        if f.rule.startswith(rule) and f.severity.rank >= Severity.WARNING.rank
    ]


# --------------------------------------------------------------------------- real samples


@pytest.mark.parametrize("name", ["beidaihe", "jiyuan"])
def test_one_year_everywhere(name: str) -> None:
    assert [f.message for f in _mine(parsed(name))] == []


def test_yuanjiang_notes_speak_of_2023_in_a_2024_budget() -> None:
    """沅江 2024: six table notes describe the tables as 2023's (real defect, lines 434–497)."""
    found = _mine(parsed("yuanjiang"))
    assert {f.rule for f in found} == {"YR002"} and len(found) == 6
    assert all(f.severity is Severity.WARNING for f in found)
    notes = {loc.text for f in found for loc in f.locations}
    assert "注：本表反映2023年度一般公共预算“三公”经费支出情况，表格中单元格空白表示数据为零。" in notes
    assert "注：本单位2023年度无政府性基金预算拨款支出。" in notes
    assert "注：本单位2023年度无国有资本经营预算支出。" in notes
    assert "注：本单位2023年度无财政专户管理资金预算支出。" in notes
    three = next(f for f in found if "三公" in (f.locations[0].table_title or ""))
    # The finding points at the note itself (line 434), in its table.
    assert three.locations[0].line == 434 and three.locations[0].table_title == "一般公共预算“三公”经费支出表"


def test_chengde_lists_its_2025_projects_as_2024_projects() -> None:
    """承德 2025: the text lists this year's project spending as “2024年度…项目：财政年初预算资金…”
    (lines 1991–2000); the 2025 tables name none of these projects with a year."""
    (finding,) = _mine(parsed("chengde"))
    assert finding.rule == "YR003" and finding.severity is Severity.WARNING
    assert [loc.line for loc in finding.locations] == [1991, 1992, 1993, 1994, 1995, 1996, 1997, 2000]
    assert finding.locations[0].text == "1、2024年度医保服务大厅人员经费项目：财政年初预算资金59.5万元"


def test_a_table_of_another_year_is_found_at_its_title() -> None:
    disclosure = parsed("jiyuan")
    tables = list(disclosure.tables)
    at = next(i for i, t in enumerate(tables) if t.kind is K.INCOME)
    tables[at] = replace(tables[at], year=2023, title=tables[at].title.replace("2024", "2023"))
    (finding,) = _mine(replace(disclosure, tables=tuple(tables)))
    assert finding.rule == "YR001" and finding.locations[0].line == tables[at].line
    assert finding.locations[0].table_title == "2023年部门收入预算表"
