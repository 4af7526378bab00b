"""Completeness (CMP rules): required tables, the document's own contents, empty tables, and the
explanations the text must give."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from builders import Case, make_disclosure, make_table
from rule_runner import run_case

from _samples import parsed, sample_path
from yusuan.model import Disclosure, DocumentKind, Table, TableKind, TocEntry
from yusuan.model import TableKind as K
from yusuan.rules import Finding, check
from yusuan.rules.findings import Severity

# One table per required kind (《地方预决算公开操作规程》) plus the later common ones.
TITLES = {
    K.SUMMARY: "收支总表",
    K.INCOME: "收入总表",
    K.EXPENDITURE: "支出总表",
    K.FISCAL_SUMMARY: "财政拨款收支总表",
    K.GENERAL_PUBLIC: "一般公共预算支出表",
    K.GENERAL_PUBLIC_BASIC: "一般公共预算基本支出表",
    K.THREE_PUBLIC: "一般公共预算“三公”经费支出表",
    K.GOV_FUND: "政府性基金预算支出表",
    K.STATE_CAPITAL: "国有资本经营预算支出表",
    K.PROJECTS: "项目支出表",
}


def table(kind: TableKind, title: str | None = None, line: int = 300, notes: Sequence[str] = ()) -> Table:
    return make_table(
        kind, title or TITLES[kind], ["total"], [(None, "合计", {"total": "1.00"})], line=line, notes=notes
    )


def empty(kind: TableKind, notes: Sequence[str] = ()) -> Table:
    return make_table(kind, TITLES[kind], ["total"], [(None, "合计", {"total": None})], notes=notes, line=400)


def tables(*without: TableKind) -> list[Table]:
    return [table(kind, line=300 + 20 * i) for i, kind in enumerate(TITLES) if kind not in without]


def toc(*entries: tuple[str, str]) -> list[TocEntry]:
    return [TocEntry(title, 10 + i, number) for i, (number, title) in enumerate(entries)]


EXPLAINED = (
    "一、机关运行经费：2024年本部门机关运行经费18.14万元。",
    "二、“三公”经费预算情况",
    "2024年“三公”经费预算3.20万元，其中因公出国（境）费0万元，公务用车购置及运行费2万元，公务接待费1.20万元；"
    "比上年减少0.90万元，主要原因是公务用车运行维护费减少。",
    "三、政府采购情况：2024年政府采购预算636.78万元。",
    "四、国有资产占用情况：共有车辆2辆。",
    "五、预算绩效情况说明：项目均编制了绩效目标。",
    "六、名词解释",
    "1、机关运行经费：是指各部门的公用经费。",
)


def explained(*replace: tuple[int, str | None]) -> Disclosure:
    paragraphs = list(EXPLAINED)
    for index, new in replace:
        paragraphs[index] = new or ""
    return make_disclosure(paragraphs=[p for p in paragraphs if p])


def final_accounts(d: Disclosure) -> Disclosure:
    return dataclasses.replace(d, kind=DocumentKind.FINAL_ACCOUNTS)


CASES = [
    Case("CMP001", "all eight tables", make_disclosure(*tables()), 0),
    Case("CMP001", "final accounts are not checked", final_accounts(make_disclosure(*tables(K.INCOME))), 0),
    Case("CMP001", "收入总表 missing", make_disclosure(*tables(K.INCOME)), 1, "收入总表"),
    Case(
        "CMP001",
        "missing table named in the contents",
        make_disclosure(*tables(K.GENERAL_PUBLIC), toc=toc(("7", "一般公共预算支出表"))),
        1,
        "目录中列有此表",
    ),
    Case("CMP002", "国有资本经营 and project tables present", make_disclosure(*tables()), 0),
    Case("CMP002", "no 国有资本经营预算支出表", make_disclosure(*tables(K.STATE_CAPITAL)), 1, "国有资本经营"),
    Case(
        "CMP003",
        "every listed table printed (titles matched tolerantly)",
        make_disclosure(
            *tables(),
            table(K.ECONOMIC_SUMMARY, "2024年支出经济分类汇总表"),
            toc=toc(
                ("第二部分", "2024 年部门预算表"),
                ("1", "部门收支总表"),
                ("19", "国有资本经营预算表"),
                ("七", "支出经济分类汇总表"),
                ("8", "一般公共预算“三公”经费支出表 ………… 12"),
            ),
        ),
        0,
    ),
    Case(
        "CMP003",
        "a listed table not printed, listed twice",
        make_disclosure(
            *tables(),
            toc=toc(
                ("4", "支出预算分类汇总表（按政府预算经济分类）"),
                ("4", "支出预算分类汇总表(按政府预算经济分类)"),
            ),
        ),
        1,
        "4、支出预算分类汇总表",
    ),
    Case(
        "CMP003",
        "a near title does not stand in for a table claimed by its own entry",
        make_disclosure(
            *tables(),
            table(
                K.GENERAL_PUBLIC_BASIC_DETAIL,
                "一般公共预算基本支出表--公用经费(商品和服务支出)(按政府预算经济分类)",
            ),
            toc=toc(
                ("9", "一般公共预算基本支出表--人员经费(工资福利支出)(按政府预算经济分类)"),
                ("13", "一般公共预算基本支出表--公用经费(商品和服务支出)(按政府预算经济分类)"),
            ),
        ),
        1,
        "人员经费",
    ),
    Case(
        "CMP004",
        "empty table with a note",
        make_disclosure(empty(K.GOV_FUND, ["注：本部门无政府性基金预算支出，故本表为空表。"])),
        0,
    ),
    Case(
        "CMP004",
        "a note for all empty tables in the text",
        make_disclosure(
            empty(K.GOV_FUND), paragraphs=["注:以上部门预算报表中,空表表示本部门无相关收支情况。"]
        ),
        0,
    ),
    Case(
        "CMP004",
        "the text says there is no such spending",
        make_disclosure(empty(K.GOV_FUND), paragraphs=["2024 年本部门无政府性基金安排的支出。"]),
        0,
    ),
    Case(
        "CMP004", "empty table without a note", make_disclosure(empty(K.GOV_FUND)), 1, "政府性基金预算支出表"
    ),
    Case(
        "CMP004",
        "a rounding note is no explanation",
        make_disclosure(empty(K.STATE_CAPITAL, ["注：报表金额单位转换时可能存在四舍五入尾数误差。"])),
        1,
    ),
    Case("CMP005", "every topic explained", explained(), 0),
    Case("CMP005", "no 政府采购", explained((3, None)), 1, "政府采购"),
    Case("CMP005", "no 名词解释", explained((6, None), (7, None)), 1, "名词解释"),
    Case("CMP005", "机关运行经费 only defined in the glossary", explained((0, None)), 1, "机关运行经费"),
    Case("CMP006", "amount, parts, change and reason", explained(), 0),
    Case(
        "CMP006",
        "unchanged needs no reason",
        explained(
            (
                2,
                "2025年“三公”经费预算数为346.30万元，与2024年预算持平。其中：因公出国（境）费288.70万元，"
                "公务用车购置及运行费32.20万元，公务接待费25.40万元。",
            )
        ),
        0,
    ),
    Case(
        "CMP006",
        "a heading asking for the reason is no reason",
        make_disclosure(
            paragraphs=[
                "四、财政拨款“三公”经费预算情况及增减变化原因",
                "2024年“三公”经费预算1.66万元，其中因公出国（境）费0.00万元；公务用车购置及运维费1.40万元；"
                "公务接待费0.26万元。与2023年相比减少0.02万元。",
                "五、部门整体绩效目标",
            ]
        ),
        1,
        "增减变化的原因",
    ),
    Case(
        "CMP006",
        "no parts and no reason",
        explained((2, "2024年“三公”经费预算3.20万元，比上年减少0.90万元。")),
        1,
        "组成（因公出国（境）费、公务用车购置及运行费、公务接待费）、增减变化的原因",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)


def _mine(name: str) -> list[Finding]:
    return [f for f in check(parsed(name)).findings if f.rule.startswith("CMP")]


def _lines(name: str) -> list[str]:
    return sample_path(name).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", ["beidaihe", "chengde", "jiyuan"])
def test_complete_samples(name: str) -> None:
    assert [f.message for f in _mine(name)] == []


def test_yuanjiang_lists_23_tables_and_lacks_9() -> None:
    lines = _lines("yuanjiang")
    # The document's own list of its tables (lines 228–250): 23 of them.
    assert lines[227] == "1\t收支总表" and lines[249] == "23\t整体支出绩效目标表"
    findings = _mine("yuanjiang")
    missing = {}
    for f in findings:
        assert f.severity is Severity.WARNING
        assert [loc.line for loc in f.locations] == sorted(loc.line for loc in f.locations)
        entry = f.locations[-1].line  # the second contents list, one row per table
        number, title = lines[entry - 1].split("\t")
        assert f.locations[-1].text == f"目录：{number}、{title}"
        missing[int(number)] = (f.rule, title)
    assert missing == {
        2: ("CMP001", "收入总表"),
        4: ("CMP003", "支出预算分类汇总表（按政府预算经济分类）"),
        5: ("CMP003", "支出预算分类汇总表（按部门预算经济分类）"),
        7: ("CMP001", "一般公共预算支出表"),
        9: ("CMP003", "一般公共预算基本支出表--人员经费(工资福利支出)(按政府预算经济分类)"),
        10: ("CMP003", "一般公共预算基本支出表--人员经费(工资福利支出)(按部门预算经济分类)"),
        11: ("CMP003", "一般公共预算基本支出表--人员经费(对个人和家庭的补助)(按政府预算经济分类)"),
        12: ("CMP003", "一般公共预算基本支出表--人员经费(对个人和家庭的补助)(按部门预算经济分类)"),
        23: ("CMP003", "整体支出绩效目标表"),
    }
    # Each is listed in both contents lists (lines 52–98 and 228–250).
    assert all(len(f.locations) == 2 for f in findings)
    # Printed, under a slightly different title: “19、国有资本经营预算表” is the 国有资本经营预算支出表.
    assert lines[245] == "19\t国有资本经营预算表" and lines[472] == "国有资本经营预算支出表"
    # What the document prints: the 收支总表 is followed directly by the 支出总表 (no 收入总表).
    assert lines[251] == "收支总表" and lines[293] == "支出总表"
    assert not any("收入总表" in line for line in lines[251:293])


def test_a_deleted_required_table_is_caught() -> None:
    d = parsed("chengde")
    without = dataclasses.replace(d, tables=tuple(t for t in d.tables if t.kind is not K.INCOME))
    [finding] = [f for f in check(without).findings if f.rule.startswith("CMP")]
    assert finding.rule == "CMP001" and "收入总表" in finding.message
    assert finding.locations[0].line == 1  # the table set starts with the 部门预算收支总表 on line 1


def test_a_table_of_contents_entry_without_its_table_is_caught() -> None:
    d = parsed("jiyuan")
    without = dataclasses.replace(d, tables=tuple(t for t in d.tables if t.kind is not K.ECONOMIC_SUMMARY))
    [finding] = [f for f in check(without).findings if f.rule.startswith("CMP")]
    assert finding.rule == "CMP003" and [loc.line for loc in finding.locations] == [24]
    assert finding.locations[0].text == "目录：七、支出经济分类汇总表"


def test_missing_things_have_places_of_their_own() -> None:
    """Several missing explanations (or tables) are several findings a user can suppress one by one."""
    report = check(explained((3, None), (4, None)))
    missing = [f for f in report.findings if f.rule == "CMP005"]
    assert len(missing) == 2 and len({f.fingerprint for f in missing}) == 2
    assert [loc.table_kind for f in missing for loc in f.locations] == ["procurement", "assets"]
    report = check(make_disclosure(*tables(K.INCOME, K.GOV_FUND)))
    tables_missing = [f for f in report.findings if f.rule == "CMP001"]
    assert len({f.fingerprint for f in tables_missing}) == 2
