"""``yusuan ingest``, ``yusuan query``, ``yusuan export`` on both backends: exit codes, one-line
Chinese errors, and outputs that equal the Python API's answers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from yusuan.cli import main
from yusuan.store import open_store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_exit_codes_and_summary(
    db_target: str, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "ingest", str(corpus), "--db", db_target, "--workers", "1")
    assert code == 0, err
    assert "新增 6 份" in out and "失败 0 份" in out
    code, out, _ = run(capsys, "ingest", str(corpus), "--db", db_target, "--no-progress")
    assert code == 0 and "未变 6 份" in out
    (corpus / "bad.txt").write_text("没有任何数字\n", encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(corpus), "--db", db_target, "--workers", "1")
    assert code == 1
    assert "失败 1 份" in out
    assert [line for line in err.splitlines() if line.startswith("失败：")] == [
        line for line in err.splitlines() if "bad.txt" in line
    ]


def test_ingest_refuses_bad_paths_and_databases(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(tmp_path / "s.duckdb")
    code, _, err = run(capsys, "ingest", str(corpus), str(tmp_path / "nope.txt"), "--db", target)
    assert code == 2 and "nope.txt" in err and "不存在" in err
    assert not Path(target).exists()
    code, _, err = run(capsys, "ingest", str(corpus), "--db", "mysql://x/y")
    assert code == 2 and err.count("\n") == 1 and err.startswith("错误：")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "ingest", str(empty), "--db", target)
    assert code == 2 and "没有可导入的文件" in err


def test_query_formats_equal_the_api(
    db_target: str, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "ingest", str(corpus), "--db", db_target, "--workers", "1")
    with open_store(db_target) as store:
        expected = store.query("three-public", year=2024)
    code, out, _ = run(
        capsys, "query", "three-public", "--year", "2024", "--db", db_target, "--format", "csv"
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == expected.columns
    assert [row[1] for row in rows[1:]] == [r[1] for r in expected.rows]
    code, out, _ = run(
        capsys, "query", "three-public", "--year", "2024", "--db", db_target, "--format", "json"
    )
    data = json.loads(out)
    assert [r["total"] for r in data["rows"]] == [str(r[3]) for r in expected.rows]
    code, out, _ = run(capsys, "query", "three-public", "--year", "2024", "--db", db_target)
    assert code == 0 and "“三公”经费排名及变化" in out and str(expected.rows[0][1]) in out


def test_query_to_parquet_and_export(
    db_target: str, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import duckdb

    run(capsys, "ingest", str(corpus), "--db", db_target, "--workers", "1")
    out_file = tmp_path / "basic.parquet"
    code, _, err = run(
        capsys, "query", "basic-project", "--db", db_target, "--format", "parquet", "-o", str(out_file)
    )
    assert code == 0, err
    assert duckdb.connect().execute(f"SELECT COUNT(*) FROM '{out_file}'").fetchone() == (6,)
    code, out, err = run(capsys, "export", "--parquet", str(tmp_path / "all"), "--db", db_target)
    assert code == 0, err
    assert (tmp_path / "all" / "lines.parquet").is_file() and "已导出" in out


def test_query_errors_are_one_chinese_line(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(tmp_path / "s.duckdb")
    code, _, err = run(capsys, "query", "findings", "--db", target)
    assert code == 2 and "数据库文件不存在" in err
    run(capsys, "ingest", str(corpus), "--db", target, "--workers", "1")
    for args, needle in (
        (("query", "nothing"), "没有名为 nothing"),
        (("query", "three-public"), "需要给出条件"),
        (("query", "basic-project", "--code", "201"), "不支持条件 --code"),
        (("query", "findings", "--format", "parquet"), "-o"),
        (("query", "findings", "--exact"), "须与 department"),
    ):
        code, _, err = run(capsys, *args, "--db", target)
        assert code == 2 and needle in err and err.count("\n") == 1, (args, err)
    code, out, _ = run(capsys, "query", "--db", target)
    assert code == 0 and "three-public" in out and "function-code" in out and "--exact" in out


def test_query_exact_department(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(tmp_path / "s.duckdb")
    run(capsys, "ingest", str(corpus), "--db", target, "--workers", "1")
    with open_store(target) as store:
        name = store.departments()[0].department
    part = name[1:-1]
    code, out, _ = run(capsys, "query", "findings", "--department", part, "--db", target, "--format", "json")
    assert code == 0 and {r["department"] for r in json.loads(out)["rows"]} == {name}
    code, out, _ = run(
        capsys, "query", "findings", "--department", part, "--exact", "--db", target, "--format", "json"
    )
    assert code == 0 and json.loads(out)["rows"] == []
    code, out, _ = run(
        capsys, "query", "findings", "--department", name, "--exact", "--db", target, "--format", "json"
    )
    assert code == 0 and {r["department"] for r in json.loads(out)["rows"]} == {name}


def test_a_folder_can_be_one_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "hebei-chengde-ybj-2025-dept.txt"
    folder = tmp_path / "承德"
    folder.mkdir()
    (folder / "说明和表格.txt").write_bytes(example.read_bytes())
    target = str(tmp_path / "s.duckdb")
    code, out, err = run(
        capsys, "ingest", str(folder), "--db", target, "--folder-is-document", "--workers", "1"
    )
    assert code == 0 and "新增 1 份" in out, err
    with open_store(target) as store:
        (doc,) = store.documents()
        assert doc.source_name == str(folder) and doc.department == "承德市医疗保障局"
    code, out, _ = run(capsys, "ingest", str(folder), "--db", target, "--folder-is-document")
    assert code == 0 and "未变 1 份" in out


def test_a_folder_of_several_disclosures_is_not_stored_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from store.conftest import generated, write_json

    folder = tmp_path / "两个部门"
    folder.mkdir()
    write_json(folder, "a.json", generated(61, 2024))
    write_json(folder, "b.json", generated(62, 2024))
    target = str(tmp_path / "s.duckdb")
    code, out, err = run(capsys, "ingest", str(folder), "--db", target, "--folder-is-document")
    assert code == 1 and "失败 1 份" in out, (out, err)
    assert "2 份各自独立的公开文件" in out + err and "去掉 --folder-is-document" in out + err
    # Without the option, each file is a document of its own.
    code, out, err = run(capsys, "ingest", str(folder), "--db", target)
    assert code == 0 and "新增 2 份" in out, (out, err)
