"""The shipped reference data: provenance on every row, statuses, years, and the reference of a
budget year (function rows are year-bound; the user's official list takes precedence)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from yusuan.model import CodeScheme
from yusuan.reference import ReferenceRow, Status, load_reference, normalize_name, same_name
from yusuan.reference.shipped import shipped_coverage, shipped_rows
from yusuan.reference.store import StoredRow, official_path, write_stored

REPO = Path(__file__).resolve().parents[2]
SHARED_REFERENCE = REPO.parent / "shared" / "reference"


def rows_of(scheme: CodeScheme) -> list[ReferenceRow]:
    return [r for r in shipped_rows() if r.scheme is scheme]


def test_every_row_has_provenance_and_a_consistent_shape() -> None:
    for row in shipped_rows():
        assert row.sources, row
        assert row.checked_by, row
        assert re.fullmatch(r"\d{3}(\d{2}){0,2}", row.code), row
        assert row.level == {3: 1, 5: 2, 7: 3}[len(row.code)], row
        assert row.parent == (row.code[:-2] if row.level > 1 else None), row
        assert row.name and row.name == row.name.strip(), row
        assert all(2015 <= y <= 2030 for y in row.years), row


def test_statuses_follow_the_evidence() -> None:
    """Nothing from memory is confirmed: an unverified row has no document printing it, a
    confirmed row has at least two sources."""
    for row in shipped_rows():
        documents = [s for s in row.sources if s.split(":")[0].endswith((".txt", ".pdf"))]
        if row.status is Status.CONFIRMED:
            assert len(row.sources) >= 2, row
        if row.status is Status.UNVERIFIED:
            assert not {"printed", "numbering"} & set(row.checked_by), row
            assert not documents, row


def test_counts_by_scheme_and_status() -> None:
    counts = Counter((r.scheme.value, r.status.value) for r in shipped_rows())
    assert counts[("function", "unverified")] == 0  # every function row is printed in a document
    assert counts[("dept_economic", "confirmed")] >= 35
    assert sum(counts.values()) >= 300


def test_the_thirty_function_classes_are_complete_for_2024_and_2025() -> None:
    classes = [r for r in rows_of(CodeScheme.FUNCTION) if r.level == 1]
    assert len(classes) == 30
    assert {r.code for r in classes} == {
        str(c) for c in (*range(201, 218), *range(219, 225), 227, *range(229, 235))
    }
    coverage = shipped_coverage()
    assert [(c.scheme, c.level, c.years) for c in coverage] == [(CodeScheme.FUNCTION, 1, (2024, 2025))]
    for year in (2024, 2025):
        assert load_reference(year).is_complete(CodeScheme.FUNCTION, 1)
    assert not load_reference(2023).is_complete(CodeScheme.FUNCTION, 1)


def test_rows_carry_the_documents_that_print_them() -> None:
    row = load_reference(2024).lookup("2101501")
    assert row is not None
    assert (row.name, row.scheme, row.status) == ("行政运行", CodeScheme.FUNCTION, Status.CONFIRMED)
    assert row.years == (2024, 2025)
    assert "hebei-beidaihe-ybj-2024-unit.txt:409" in row.sources
    assert "hebei-beidaihe-ybj-2024-unit.txt" in row.source


def test_function_rows_hold_for_the_years_they_are_known_for() -> None:
    """20139 社会工作事务 appears in 2025: in a 2024 reference it is only an unverified row."""
    in_2025 = load_reference(2025).lookup("20139")
    in_2024 = load_reference(2024).lookup("20139")
    assert in_2025 is not None and in_2024 is not None
    assert in_2025.status is Status.OBSERVED
    assert in_2024.status is Status.UNVERIFIED
    assert "未见于 2024 年" in in_2024.note


def test_economic_rows_hold_for_any_year() -> None:
    for year in (2019, 2024, 2026):
        row = load_reference(year).lookup("30202")
        assert row is not None and row.name == "印刷费" and row.status is Status.CONFIRMED


def test_a_code_known_under_two_names_keeps_both_best_first() -> None:
    """50601: 资本性支出 as printed in 济源 2024; 资本性支出（一） from the (unverified) draft."""
    reference = load_reference(2024)
    names = [(r.name, r.status) for r in reference.candidates("50601")]
    assert names == [("资本性支出", Status.OBSERVED), ("资本性支出（一）", Status.UNVERIFIED)]
    assert reference.knows_name("50601", "资本性支出(一)")


def test_year_none_gives_no_year_bound_certainty() -> None:
    reference = load_reference(None)
    row = reference.lookup("2101501")
    assert row is not None and row.status is Status.UNVERIFIED
    assert not reference.is_complete(CodeScheme.FUNCTION, 1)


def stored(code: str, name: str, scheme: CodeScheme = CodeScheme.FUNCTION) -> StoredRow:
    return StoredRow(scheme, code, name, "2025年政府收支分类科目.xlsx", "2025-01-15")


def test_the_users_official_list_takes_precedence(data_dir: Path) -> None:
    write_stored(
        official_path(2025, data_dir), [stored("2101501", "行政运行（新）"), stored("2101560", "测试项目")]
    )
    reference = load_reference(2025)
    row = reference.lookup("2101501")
    assert row is not None and row.official and row.name == "行政运行（新）"
    assert [r.official for r in reference.candidates("2101501")] == [True]  # the shipped row gives way
    assert row.source == "2025年政府收支分类科目.xlsx（2025-01-15 导入）"
    assert reference.lookup("2101560") is not None
    # A partial list (two codes) does not stand for the whole classification.
    assert not reference.is_official(CodeScheme.FUNCTION)
    assert reference.lookup("2210201") is not None  # shipped rows fill in the rest
    assert load_reference(2024).lookup("2101560") is None  # other years are untouched


def test_a_complete_official_list_replaces_the_shipped_rows_of_its_classification(data_dir: Path) -> None:
    classes = [r for r in rows_of(CodeScheme.FUNCTION) if r.level == 1]
    write_stored(official_path(2025, data_dir), [stored(r.code, r.name) for r in classes])
    reference = load_reference(2025)
    assert reference.is_official(CodeScheme.FUNCTION)
    assert reference.lookup("2101501") is None  # not in the official list: unknown that year
    assert reference.lookup("30101") is not None  # other classifications keep the shipped rows


def test_an_explicit_data_dir_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    write_stored(official_path(2030, folder), [stored("2990101", "测试科目")])
    assert load_reference(2030, folder).lookup("2990101") is not None
    assert load_reference(2030).lookup("2990101") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("维修（护）费", "维修(护)费"),
        ("其他社会保障 缴费", "其他社会保障缴费"),
        ("因公出国（境）费用", "因公出国(境)费用"),
        ("卫生健康支出（类）", "卫生健康支出"),
        ("其中：基本工资", "基本工资"),
        ("一、一般公共服务支出", "一般公共服务支出"),
        ("资本性支出〔一〕", "资本性支出（一）"),
    ],
)
def test_names_compare_without_spacing_bracket_width_and_markers(a: str, b: str) -> None:
    assert same_name(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("资本性支出（一）", "资本性支出"),
        ("机关事业单位基本养老保险缴费", "机关事业单位基本养老保险费"),
        ("维修费", "维修(护)费"),
    ],
)
def test_different_names_stay_different(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)


def test_the_committed_data_is_what_the_build_script_makes() -> None:
    if not SHARED_REFERENCE.exists():
        pytest.skip("../shared/reference not available")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_reference.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
