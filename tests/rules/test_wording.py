"""Wording (WD rules): template residue, empty reasons, 部门 wording in a 单位 document, obsolete
class names."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import Case, make_disclosure, make_table
from rule_runner import run_case

from _samples import parsed, sample_path
from yusuan.api import parse_path
from yusuan.model import Disclosure, Scope
from yusuan.model import TableKind as K
from yusuan.rules import Finding, check
from yusuan.rules.findings import Severity

PDF = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "pdf"


def text(*paragraphs: str, scope: Scope = Scope.DEPARTMENT, year: int = 2024) -> Disclosure:
    return make_disclosure(paragraphs=paragraphs, scope=scope, year=year)


def rows_named(*names: str, title: str = "财政拨款收支总表") -> Disclosure:
    return make_disclosure(
        make_table(K.FISCAL_SUMMARY, title, ["total"], [(None, n, {"total": None}) for n in names])
    )


CASES = [
    Case("WD001", "a real direction", text("2024年“三公”经费预算比上年减少0.50万元。"), 0),
    Case("WD001", "document numbers in 【】 are not placeholders", text("依据承财社【2022】2号文件。"), 0),
    Case(
        "WD001",
        "增加（减少） left from the template",
        text("2024年“三公”经费预算比上年增加（减少）0.50万元。"),
        1,
        "增加（减少）",
    ),
    Case("WD001", "XX placeholder", text("主要用于XX工作。"), 1, "XX"),
    Case(
        "WD001",
        "【】 placeholder in a table note",
        make_disclosure(
            make_table(
                K.GOV_FUND,
                "政府性基金预算支出表",
                ["total"],
                [],
                notes=["注：【单位名称】无政府性基金预算。"],
            )
        ),
        1,
        "【单位名称】",
    ),
    Case("WD002", "a reason is given", text("与上年相比减少0.90万元，主要原因是人员减少。"), 0),
    Case("WD002", "等原因 is not a marker", text("因合同支付进度条款等原因减少支付。"), 0),
    Case(
        "WD002",
        "reasons listed below the marker",
        text("比上年增加10.00万元，主要原因如下：", "（1）人员增加；", "（2）项目增加。"),
        0,
    ),
    Case(
        "WD002",
        "主要原因是。",
        text("（二）公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是。其中：购置费0.00万元。"),
        1,
        "主要原因是。",
    ),
    Case(
        "WD002",
        "a sentence broken by the PDF line end",
        text("（二）公务用车购置及运行费6.40万元，与2023年预算持平，主要原", "因：。"),
        1,
    ),
    Case(
        "WD002",
        "原因是： and then the next section",
        text("比上年减少0.90万元，增减变化的主要原因是：", "五、政府采购预算情况"),
        1,
    ),
    Case("WD003", "本部门 in a 部门 document", text("2024年本部门收入预算582.97万元。"), 0),
    Case(
        "WD003",
        "generic uses of 部门 in a 单位 document",
        text(
            "按照部门预算管理有关规定，本单位向财政部门报送预算。",
            "八、名词解释",
            "1、部门预算支出：包括人员类项目支出和运转类项目支出。",
            scope=Scope.UNIT,
        ),
        0,
    ),
    Case(
        "WD003",
        "部门预算安排 in a 单位 document",
        text("2025年部门预算安排购置车辆0辆；部门预算安排购置设备0台。", scope=Scope.UNIT),
        2,
        "部门",
    ),
    Case(
        "WD003",
        "本部门 in a 单位 document",
        text("本部门机关运行经费18.14万元。", scope=Scope.UNIT),
        1,
        "本部门",
    ),
    Case(
        "WD003",
        "a 部门 table title in a 单位 document",
        make_disclosure(
            make_table(K.SUMMARY, "部门预算收支总表", ["total"], [(None, "合计", {"total": "1.00"})]),
            scope=Scope.UNIT,
        ),
        1,
        "部门预算收支总表",
    ),
    Case("WD004", "the current name", text("卫生健康支出542.00万元。"), 0),
    Case("WD004", "the old name before it changed", text("医疗卫生与计划生育支出542.00万元。", year=2018), 0),
    Case(
        "WD004",
        "the old name in the text",
        text("5. “医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）”50.37万元。"),
        1,
        "卫生健康支出",
    ),
    Case(
        "WD004",
        "the old name as a table row",
        rows_named("（九）医疗卫生与计划生育支出", "（十）卫生健康支出"),
        1,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)


def _mine(findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.rule.startswith("WD")]


def _line(name: str, line: int) -> str:
    return sample_path(name).read_text(encoding="utf-8").splitlines()[line - 1]


def test_jiyuan_prints_obsolete_class_names_in_its_2024_fiscal_summary() -> None:
    findings = _mine(check(parsed("jiyuan")).findings)
    warnings = {
        (f.locations[0].line, f.locations[0].row_name) for f in findings if f.severity is Severity.WARNING
    }
    assert warnings == {(284, "（九）医疗卫生与计划生育支出"), (290, "（十五）资源勘探信息等支出")}
    # The table prints the obsolete rows beside the current ones, in a 2024 budget.
    assert _line("jiyuan", 284).strip() == "（九）医疗卫生与计划生育支出"
    assert _line("jiyuan", 285).startswith("\t\t（十）卫生健康支出\t5,131.90")
    assert _line("jiyuan", 290).strip() == "（十五）资源勘探信息等支出"
    # Names whose change year is not confirmed are only hinted at.
    hints = {f.locations[0].row_name for f in findings if f.severity is Severity.INFO}
    assert hints == {"（十二）城乡社区事务支出", "（十三）农林水事务支出"}
    assert "（十二）城乡社区事务支出\t967.70" in _line("jiyuan", 287)


@pytest.mark.parametrize("name", ["beidaihe", "chengde", "yuanjiang"])
def test_no_wording_findings_where_the_text_is_clean(name: str) -> None:
    # 北戴河 is a 单位 budget: its glossary speaks of 部门预算支出 and 各部门（单位） in general.
    assert [f.message for f in _mine(check(parsed(name)).findings)] == []


def test_beidaihe_glossary_mentions_departments_in_general() -> None:
    assert parsed("beidaihe").scope is Scope.UNIT
    assert _line("beidaihe", 2233).startswith("7、部门预算支出：")


def _pdf(name: str) -> Disclosure:
    path = PDF / name
    if not path.exists():
        pytest.skip(f"sample not available: {path}")
    try:
        return parse_path(path)
    except Exception as exc:  # no PDF reader in this installation
        pytest.skip(f"cannot read PDF here: {exc}")


def test_fuliyuan_pdf_reason_stops_and_obsolete_class_name() -> None:
    findings = _mine(check(_pdf("shanghai-putuo-fuliyuan-2024-unit.pdf")).findings)
    reasons = [f.locations[0].text for f in findings if f.rule == "WD002"]
    assert reasons == ["（二）公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是。"]
    quoted = [f.locations[0].text or "" for f in findings if f.rule == "WD004" and f.locations[0].text]
    assert any(
        "“医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）”50.37万元" in q for q in quoted
    )


def test_czj_unit_pdf_speaks_of_its_department_budget() -> None:
    findings = [f for f in _mine(check(_pdf("shanghai-czj-2025-unit.pdf")).findings) if f.rule == "WD003"]
    quotes = [f.locations[0].text or "" for f in findings]
    assert len(quotes) == 2
    assert quotes[0].startswith("2025年部门预算安排购置车辆0辆")
    assert quotes[1].startswith("部门预算安排购置单价100万元（含）以上设备")


@pytest.mark.parametrize(
    "text",
    [
        "比上年增加（减少）0.50万元",
        "下降(增长)",
        "增（减）",
        "减(增)",
        "增长/下降",
        "增加／减少",
        "主要用于XX工作",
        "ＸＸ单位",
        "xx项目",
        "ｘｘ",
        "××万元",
        "【】",
        "【 】",
        "【填写金额】",
    ],
)
def test_the_residue_hint_finds_every_residue(text: str) -> None:
    # The hint decides which text the residue patterns search: it must hold wherever they match.
    from yusuan.rules.wording import _RESIDUE, RESIDUE_HINT

    assert any(pattern.search(text) for pattern, _ in _RESIDUE)
    assert RESIDUE_HINT.search(text)


def test_the_residue_hint_passes_over_plain_text() -> None:
    from yusuan.rules.wording import RESIDUE_HINT

    assert not RESIDUE_HINT.search("2024年收入预算349.27万元，比上年增加12.00万元（主要是人员经费增加）。")


def test_a_glossary_line_number_does_not_hide_the_same_line_of_another_file() -> None:
    """Line numbers restart in each file of a folder: the glossary's line 2 in one file must not
    take line 2 of the other file out of the check."""
    from dataclasses import replace

    from yusuan.model import Paragraph

    glossary = (
        Paragraph("八、名词解释", 1, source="说明.txt"),
        Paragraph("1、部门预算支出：指各部门的支出。", 2, source="说明.txt"),
    )
    body = (Paragraph("本部门机关运行经费18.14万元。", 2, source="表格说明.txt"),)
    disclosure = replace(text(scope=Scope.UNIT), paragraphs=glossary + body)
    found = [f for f in _mine(check(disclosure).findings) if f.rule == "WD003"]
    assert [f.locations[0].text for f in found] == ["本部门机关运行经费18.14万元。"]
