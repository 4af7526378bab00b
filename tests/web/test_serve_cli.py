"""``yusuan serve``: what goes wrong before serving is one Chinese line and exit code 2."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from yusuan.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["serve", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_database_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "没有这个文件夹" / "corpus.duckdb"
    code, out, err = run(["--db", str(db), "--port", "0", "--data-dir", str(tmp_path / "u")], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("错误：") and err.count("\n") == 1
    assert "文件夹不存在" in err and "Traceback" not in err
    assert not (tmp_path / "u").exists()  # nothing created for a server that did not start


def test_database_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("这不是数据库\n", encoding="utf-8")
    code, _, err = run(["--db", str(db), "--port", "0", "--data-dir", str(tmp_path / "u")], capsys)
    assert code == 2
    assert err.startswith("错误：") and err.count("\n") == 1 and "Traceback" not in err


def test_unreachable_postgresql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    code, _, err = run(["--db", url, "--port", "0", "--data-dir", str(tmp_path / "u")], capsys)
    assert code == 2
    assert err.startswith("错误：") and err.count("\n") == 1 and "Traceback" not in err


def test_busy_port(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, _, err = run(
            ["--db", str(tmp_path / "c.duckdb"), "--port", str(port), "--data-dir", str(tmp_path / "u")],
            capsys,
        )
    assert code == 2
    assert f"127.0.0.1:{port}" in err and "端口已被占用" in err and f"--port {port + 1}" in err


def test_unknown_host(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        [
            "--db",
            str(tmp_path / "c.duckdb"),
            "--host",
            "no-such-host.invalid",
            "--data-dir",
            str(tmp_path / "u"),
        ],
        capsys,
    )
    assert code == 2
    assert "无法识别主机地址" in err


def test_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--port", "70000"], capsys)
    assert code == 2
    assert "--port" in err and "Traceback" not in err
