"""A folder of files that belong to one disclosure becomes one model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from _samples import parsed, sample_path
from yusuan import jsonio
from yusuan.api import parse_path, parse_together
from yusuan.errors import SeveralDisclosures, YusuanError


def split_sample(tmp_path: Path, name: str) -> Path:
    """The sample cut into an explanation file and a tables file, as publishers often do."""
    lines = sample_path(name).read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "disclosure"
    folder.mkdir()
    first_table = next(i for i, line in enumerate(lines) if line.startswith("2024年部门收支预算表"))
    (folder / "1-说明.txt").write_text("".join(lines[:first_table]), encoding="utf-8")
    (folder / "2-表格.txt").write_text("".join(lines[first_table:]), encoding="gb18030")
    return folder


def test_a_folder_is_one_disclosure_with_every_item_naming_its_file(tmp_path: Path) -> None:
    whole = parsed("jiyuan")
    combined = parse_path(split_sample(tmp_path, "jiyuan"))
    assert (combined.department, combined.year, combined.scope) == (whole.department, whole.year, whole.scope)
    assert [t.title for t in combined.tables] == [t.title for t in whole.tables]
    assert {t.source for t in combined.tables} == {"2-表格.txt"}
    assert {f.source for f in combined.facts} == {"1-说明.txt"}
    assert [(f.key, f.value) for f in combined.facts] == [(f.key, f.value) for f in whole.facts]
    # Projects combine goal tables and budget tables across the files.
    assert len(combined.projects) == len(whole.projects)
    assert all(p.source == "2-表格.txt" for p in combined.projects)
    # Line numbers are the files' own lines.
    first = combined.tables[0]
    assert first.line == 1
    assert jsonio.from_dict(jsonio.to_dict(combined)) == combined


def test_unreadable_files_in_a_folder_are_listed_and_the_rest_is_read(tmp_path: Path) -> None:
    folder = split_sample(tmp_path, "jiyuan")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    combined = parse_path(folder)
    assert combined.partial
    assert any(s.startswith("scan.pdf：") for s in combined.skipped)
    assert len(combined.tables) == len(parsed("jiyuan").tables)


def test_an_empty_or_unreadable_folder_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(YusuanError, match="文件夹是空的"):
        parse_path(empty)
    (empty / "notes.txt").write_text("今天天气很好。\n" * 20, encoding="utf-8")
    with pytest.raises(YusuanError, match="没有可识别的预算公开文件"):
        parse_path(empty)


def test_a_folder_with_one_file_is_that_file(tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(sample_path("beidaihe"), folder / "a.txt")
    combined = parse_path(folder)
    assert [t.title for t in combined.tables] == [t.title for t in parsed("beidaihe").tables]
    assert not combined.partial


def test_files_given_together_are_one_complete_disclosure(tmp_path: Path) -> None:
    folder = split_sample(tmp_path, "jiyuan")
    files = sorted(folder.iterdir())
    # Alone, each half looks cut off (contents without tables; tables without explanation) …
    assert all(parse_path(f).partial for f in files)
    # … together they are the whole disclosure.
    combined = parse_together(files, source="together")
    assert not combined.partial, combined.skipped
    assert len(combined.tables) == len(parsed("jiyuan").tables)


def test_cli_together(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from yusuan.cli import app

    files = [str(f) for f in sorted(split_sample(tmp_path, "jiyuan").iterdir())]
    result = CliRunner().invoke(app, ["check", "--together", "--json", *files])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["partial"] is False and report["summary"]["error"] == 0


def folder_of(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in names:
        shutil.copy(sample_path(name), folder / sample_path(name).name)
    return folder


def test_a_folder_of_complete_disclosures_of_one_year_is_not_combined(tmp_path: Path) -> None:
    """Two 2024 disclosures each print their own 收支总表: they are two documents."""
    folder = folder_of(tmp_path, "beidaihe", "jiyuan")
    with pytest.raises(SeveralDisclosures) as raised:
        parse_path(folder)
    several = raised.value
    assert "各自独立" in several.message and "都有《" in several.reason
    assert [Path(d.source).name for d in several.parts] == sorted(p.name for p in folder.iterdir())
    assert [d.department for d in several.parts] == [
        parsed("beidaihe").department,
        parsed("jiyuan").department,
    ]


def test_files_of_different_years_are_separate_disclosures(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, "chengde", "jiyuan")
    with pytest.raises(SeveralDisclosures, match="年度不同：2024、2025"):
        parse_together(sorted(folder.iterdir()), source="x")


def test_cli_checks_a_folder_of_disclosures_one_by_one(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from yusuan.cli import app

    folder = folder_of(tmp_path, "beidaihe", "jiyuan")
    (folder / "readme.txt").write_text("今天天气很好。\n" * 5, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--json", "--fail-on", "never", str(folder)])
    assert "中是 2 份各自独立的公开文件" in result.stderr
    assert "readme.txt：未识别到任何预算表格" in result.stderr
    assert result.exit_code == 2  # a file of the folder could not be read; the others are checked
    reports = json.loads(result.stdout)
    by_file = {Path(r["file"]).name: r for r in reports}
    assert set(by_file) == {"hebei-beidaihe-ybj-2024-unit.txt", "henan-jiyuan-ybj-2024-dept.txt"}
    # Each is checked on its own: no difference between one's text and the other's tables.
    assert all(r["summary"]["error"] == 0 for r in reports)


def test_cli_refuses_complete_disclosures_given_together(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from yusuan.cli import app

    files = [str(p) for p in sorted(folder_of(tmp_path, "beidaihe", "jiyuan").iterdir())]
    result = CliRunner().invoke(app, ["check", "--together", *files])
    assert result.exit_code == 2
    assert "各自独立的公开文件" in result.stderr and "Traceback" not in result.output
