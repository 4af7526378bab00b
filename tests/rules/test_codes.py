"""Codes against the reference data (CODE rules), on small cases and on the real samples."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from builders import Case, make_disclosure, make_table
from rule_runner import run_case

from _samples import SAMPLES, TEXT_SAMPLES, parsed
from yusuan.model import CodeScheme, Disclosure
from yusuan.model import TableKind as K
from yusuan.reference import ENV_DATA_DIR
from yusuan.reference.store import StoredRow, official_path, write_stored
from yusuan.rules import check
from yusuan.rules.config import CheckConfig
from yusuan.rules.findings import Finding, Severity


@pytest.fixture(autouse=True)
def no_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The developer's own imported lists must not change these tests."""
    folder = tmp_path / "yusuan-data"
    monkeypatch.setenv(ENV_DATA_DIR, str(folder))
    yield folder


def doc(*rows: tuple[str, str], year: int = 2024, second: Sequence[tuple[str, str]] = ()) -> Disclosure:
    """A 支出总表 with the given (code, name) rows, and optionally a 基本支出表 with more."""
    tables = [make_table(K.EXPENDITURE, "支出总表", ["total"], [(c, n, {"total": "1.00"}) for c, n in rows])]
    if second:
        tables.append(
            make_table(
                K.GENERAL_PUBLIC_BASIC,
                "一般公共预算基本支出表",
                ["total"],
                [(c, n, {"total": "1.00"}) for c, n in second],
                line=50,
            )
        )
    return make_disclosure(*tables, year=year)


def with_gov_code(code: str, name: str, code2: str, name2: str) -> Disclosure:
    """A 部门预算经济分类 row that prints its 政府预算经济分类 beside it (as 济源 does)."""
    table = make_table(
        K.GENERAL_PUBLIC_BASIC,
        "基本支出表",
        ["total"],
        [(code, name, {"total": "1.00"}, {"code2": code2, "name2": name2})],
    )
    return make_disclosure(table)


CASES = [
    Case(
        "CODE001", "codes of the year's reference", doc(("210", "卫生健康支出"), ("2101501", "行政运行")), 0
    ),
    Case(
        "CODE001",
        "a function code whose 类 does not exist",
        doc(("218", "地震灾后恢复重建支出"), ("2180101", "恢复重建")),
        2,
        "不是 2024 年支出功能分类的“类”",
    ),
    Case(
        "CODE001",
        "a code the incomplete shipped data lacks is only info",
        doc(("2101560", "某项支出")),
        0,
    ),
    Case("CODE002", "spacing and bracket width are not differences", doc(("30213", "维修(护)费")), 0),
    Case(
        "CODE002",
        "30202 printed as 咨询费",
        doc(("30202", "咨询费")),
        1,
        "30202 为“印刷费”（参考科目中“咨询费”的编码为 30203）",
    ),
    Case("CODE002", "an unverified reference name gives info only", doc(("50202", "会议费用")), 0),
    Case(
        "CODE002",
        "the 政府预算经济分类 code beside the 部门预算 one",
        with_gov_code("30201", "办公费", "50201", "办公费"),
        1,
        "50201 为“办公经费”",
    ),
    Case(
        "CODE003",
        "one name printed with different spacing",
        doc(("30112", "其他社会保障 缴费"), second=[("30112", "其他社会保障缴费")]),
        0,
    ),
    Case(
        "CODE003",
        "one code under two names",
        doc(("30213", "维修（护）费"), second=[("30213", "维修费")]),
        1,
        "“维修（护）费”（《支出总表》第 2 行）、“维修费”（《一般公共预算基本支出表》第 51 行）",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)


def findings(disclosure: Disclosure, rule: str) -> list[Finding]:
    return [f for f in check(disclosure, CheckConfig()).findings if f.rule == rule]


def test_codes_the_shipped_data_lacks_are_one_grouped_info() -> None:
    (finding,) = findings(doc(("2101560", "某项支出"), ("2101570", "另一项支出")), "CODE001")
    assert finding.severity is Severity.INFO
    assert (
        "2 个科目编码不在内置参考数据 2024 年的科目中：2101560 某项支出、2101570 另一项支出"
        in finding.message
    )
    assert "yusuan codes import" in finding.message
    assert [loc.row_code for loc in finding.locations] == ["2101560", "2101570"]


def test_a_code_known_only_in_another_year_is_at_most_info() -> None:
    """20139 社会工作事务 is printed in a 2025 document; a 2024 document naming it otherwise is
    not contradicted by a confirmed row."""
    (finding,) = findings(doc(("20139", "社会工作"), year=2024), "CODE002")
    assert finding.severity is Severity.INFO
    assert "未见于 2024 年" in finding.message
    (in_2025,) = findings(doc(("20139", "社会工作"), year=2025), "CODE002")
    assert in_2025.severity is Severity.WARNING


def test_an_imported_official_list_makes_a_missing_code_a_warning(no_user_data: Path) -> None:
    classes = [(str(c), f"类{c}") for c in (*range(201, 218), *range(219, 225), 227, *range(229, 235))]
    rows = [
        StoredRow(CodeScheme.FUNCTION, c, n, "2024年政府收支分类科目.xlsx", "2024-01-10") for c, n in classes
    ]
    rows.append(
        StoredRow(CodeScheme.FUNCTION, "2101501", "行政运行", "2024年政府收支分类科目.xlsx", "2024-01-10")
    )
    write_stored(official_path(2024, no_user_data), rows)
    found = findings(doc(("2101501", "行政运行"), ("2101550", "事业运行")), "CODE001")
    assert [(f.severity, f.locations[0].row_code) for f in found] == [(Severity.WARNING, "2101550")]
    assert "导入的财政部 2024 年《政府收支分类科目》支出功能分类中没有这一编码" in found[0].message
    (renamed,) = findings(doc(("210", "卫生健康支出")), "CODE002")
    assert "导入的财政部科目表 2024年政府收支分类科目.xlsx（2024-01-10 导入）" in renamed.message


def test_a_broken_imported_list_does_not_stop_the_check(no_user_data: Path) -> None:
    target = official_path(2024, no_user_data)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\xff\xfe not csv")
    found = findings(doc(("30202", "咨询费")), "CODE001")
    assert any("已导入的科目表无法读取" in f.message for f in found)
    assert len(findings(doc(("30202", "咨询费")), "CODE002")) == 1  # the shipped data still checks


def code_findings(name: str) -> list[Finding]:
    return [f for f in check(parsed(name)).findings if f.rule.startswith("CODE")]


@pytest.mark.parametrize("name", sorted(TEXT_SAMPLES))
def test_samples_print_every_code_under_its_reference_name(name: str) -> None:
    """Read line by line: the four samples print every code under the name the other documents
    and the drafts give it, and each code under one name only (no finding, not even info)."""
    assert [f.message for f in code_findings(name)] == []


def test_every_sample_code_is_checked() -> None:
    """The rules do see the samples' codes: 济源 prints 政府预算经济分类 codes beside its 部门预算
    ones (e.g. line 413: ``302 13 维修(护)费 502 09 维修(护)费``)."""
    from yusuan.rules.codes import _printed
    from yusuan.rules.context import CheckContext

    printed = _printed(CheckContext(parsed("jiyuan")))
    assert {(p.code, p.name) for p in printed} >= {("30213", "维修(护)费"), ("50209", "维修(护)费")}
    assert len({p.code for p in printed}) == 67


FULIYUAN = SAMPLES / "pdf" / "shanghai-putuo-fuliyuan-2024-unit.pdf"


def fuliyuan() -> Disclosure:
    from yusuan.api import parse_path

    if not FULIYUAN.exists():
        pytest.skip("PDF sample not available")
    try:
        return parse_path(FULIYUAN)
    except Exception as exc:  # the PDF reader is optional (yusuan[pdf])
        pytest.skip(f"PDF not readable here: {exc}")


def test_a_unit_that_renumbered_its_302_kuan_is_found() -> None:
    """普陀区社会福利院 2024, 《一般公共预算基本支出部门预算经济分类预算表》 (p. 14) prints
    ``302 02 咨询费``, ``302 03 水费``, ``302 04 电费`` … ``302 13 其他商品和服务支出`` and
    ``303 离退休人员经费`` / ``303 01 退休费``: its own sequence, not the national codes
    (30202 印刷费, 30205 水费, 30206 电费, 30299 其他商品和服务支出, 303 对个人和家庭的补助)."""
    report = check(fuliyuan())
    mismatches = {f.locations[0].row_code: f for f in report.findings if f.rule == "CODE002"}
    assert set(mismatches) == {
        "30108",
        "30202",
        "30203",
        "30204",
        "30205",
        "30206",
        "30207",
        "30208",
        "30211",
        "30212",
        "30213",
        "303",
        "30301",
    }
    assert all(f.severity is Severity.WARNING for f in mismatches.values())
    assert "30202 印作“咨询费”" in mismatches["30202"].message
    assert "（参考科目中“水费”的编码为 30205）" in mismatches["30203"].message
    assert "“机关事业单位基本养老保险缴费”" in mismatches["30108"].message
    (unlisted,) = [f for f in report.findings if f.rule == "CODE001"]
    assert unlisted.severity is Severity.INFO and "30210 车辆运行费" in unlisted.message
    assert not [f for f in report.findings if f.rule == "CODE003"]
