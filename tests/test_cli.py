"""The ``yusuan`` command line: summary, ``--json``, ``-o``, errors, exit codes, help in Chinese."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from yusuan import __version__, cli, jsonio
from yusuan.errors import NotADisclosure, UnreadableInput
from yusuan.model import Disclosure, TableKind

REPO = Path(__file__).resolve().parents[1]
CLI_DOC = REPO / "docs" / "cli.md"

# The ``run_cli`` fixture (conftest.py): args -> result with exit_code, stdout, stderr.
CliRunner = Callable[[Sequence[str]], Any]


def assert_one_chinese_error_line(stderr: str, *fragments: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("错误："), stderr
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def fake_parser(monkeypatch: pytest.MonkeyPatch, disclosure_factory: Callable[..., Disclosure]) -> list[str]:
    """Replace the parser: ``bad*`` files fail, ``crash*`` files raise a bug, others give a disclosure."""
    calls: list[str] = []

    def parse(path: str) -> Disclosure:
        calls.append(path)
        name = Path(path).name
        if name.startswith("bad"):
            raise NotADisclosure("未识别到任何预算表格或预算说明数字。", source=path)
        if name.startswith("crash"):
            raise RuntimeError("boom")
        return disclosure_factory(source=path)

    monkeypatch.setattr(cli, "PARSE", parse)
    return calls


# ---------------------------------------------------------------------------------------------
# version and help


def test_version(run_cli: CliRunner) -> None:
    result = run_cli(["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"yusuan {__version__}"


def test_help_is_chinese(run_cli: CliRunner) -> None:
    for args in (["--help"], ["-h"], ["parse", "--help"], []):
        result = run_cli(args)
        assert result.exit_code == 0, args
        assert "显示本帮助并退出" in result.stdout
        assert "Show this message" not in result.stdout
        assert "用法" in result.stdout
    assert "解析一个或多个预算公开文件" in run_cli(["parse", "--help"]).stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["parse"], "缺少要解析的文件"),
        (["parse", "--jsn", "x.txt"], "没有 --jsn 这个选项"),
        (["pars", "x.txt"], "没有 pars 这个命令"),
        (["parse", "x.txt", "-o"], "-o 后面缺少取值"),
    ],
)
def test_usage_errors_are_one_chinese_line(run_cli: CliRunner, args: list[str], fragment: str) -> None:
    result = run_cli(args)
    assert result.exit_code == 2
    assert_one_chinese_error_line(result.stderr, fragment, "--help")
    assert result.stdout == ""


# ---------------------------------------------------------------------------------------------
# behaviour, with a stand-in parser (independent of the extraction)


def test_summary_lists_what_was_found(run_cli: CliRunner, fake_parser: list[str]) -> None:
    result = run_cli(["parse", "a.txt"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for text in (
        "承德市医疗保障局",
        "447",
        "2025",
        "部门预算",
        "万元",
        "每格一行",
        "不完整",
        "第 120 行之后的内容缺失",
        "收支总表",
        "summary",
        "部门预算收支总表",
        "政府性基金预算支出表",
        "空表",
        "收入总计",
        "9473.74",
        "项目 1 个（绩效指标 2 条）",
        "政府采购 1 项",
    ):
        assert text in out, text
    assert "\x1b[" not in out  # no colour codes when not writing to a terminal
    assert result.stderr == ""


def test_summary_groups_per_project_goal_tables(
    run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch, disclosure_factory: Callable[..., Disclosure]
) -> None:
    base = disclosure_factory()
    goal = dataclasses.replace(
        base.tables[1], kind=TableKind.PERFORMANCE_PROJECTS, title="1、项目绩效目标表", empty=False, notes=()
    )
    d = dataclasses.replace(base, tables=(base.tables[0], goal, goal, goal, base.tables[1]))
    monkeypatch.setattr(cli, "PARSE", lambda path: d)
    out = run_cli(["parse", "x.txt"]).stdout
    assert "2–4" in out and "1、项目绩效目标表 等 3 张" in out
    assert "识别到的表格（5 张）" in out


def test_json_is_the_library_result(
    run_cli: CliRunner, fake_parser: list[str], disclosure_factory: Callable[..., Disclosure]
) -> None:
    result = run_cli(["parse", "--json", "a.txt"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == jsonio.to_dict(disclosure_factory(source="a.txt"))
    assert jsonio.from_dict(data) == disclosure_factory(source="a.txt")


def test_json_for_several_files_is_a_list(run_cli: CliRunner, fake_parser: list[str]) -> None:
    result = run_cli(["parse", "--json", "a.txt", "b.txt"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["source"] for d in data] == ["a.txt", "b.txt"]


def test_output_file(run_cli: CliRunner, fake_parser: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run_cli(["parse", "a.txt", "--json", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert str(out) in result.stderr and "已写入" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["department"] == "承德市医疗保障局"

    summary = tmp_path / "summary.txt"
    assert run_cli(["parse", "a.txt", "--output", str(summary)]).exit_code == 0
    assert "收入总计" in summary.read_text(encoding="utf-8")


def test_unwritable_output_file(run_cli: CliRunner, fake_parser: list[str], tmp_path: Path) -> None:
    result = run_cli(["parse", "a.txt", "--json", "-o", str(tmp_path / "missing-dir" / "out.json")])
    assert result.exit_code == 2
    assert_one_chinese_error_line(result.stderr, "无法写入")


def test_a_failing_file_does_not_stop_the_others(run_cli: CliRunner, fake_parser: list[str]) -> None:
    result = run_cli(["parse", "--json", "a.txt", "bad.txt", "c.txt"])
    assert result.exit_code == 2
    assert fake_parser == ["a.txt", "bad.txt", "c.txt"]
    assert [d["source"] for d in json.loads(result.stdout)] == ["a.txt", "c.txt"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert errors == ["错误：bad.txt：未识别到任何预算表格或预算说明数字。"]
    assert "1 个失败" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_single_failing_file(run_cli: CliRunner, fake_parser: list[str]) -> None:
    result = run_cli(["parse", "bad.txt"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert_one_chinese_error_line(result.stderr, "bad.txt")


def test_internal_error_is_one_line_and_debug_shows_it(run_cli: CliRunner, fake_parser: list[str]) -> None:
    result = run_cli(["parse", "crash.txt"])
    assert result.exit_code == 2
    assert_one_chinese_error_line(result.stderr, "crash.txt", "内部错误", "--debug", "RuntimeError: boom")

    result = run_cli(["parse", "crash.txt", "--debug"])
    assert result.exit_code == 2
    assert "Traceback" in result.stderr and "内部错误" in result.stderr


def test_internal_error_outside_parsing_is_caught(
    run_cli: CliRunner, fake_parser: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> str:
        raise ValueError("render failed")

    monkeypatch.setattr(cli, "render_summaries", broken)
    result = run_cli(["parse", "a.txt"])
    assert result.exit_code == 2
    assert_one_chinese_error_line(result.stderr, "内部错误", "--debug")


def test_user_errors_never_show_a_traceback(run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(path: str) -> Disclosure:
        raise UnreadableInput("文件为空，没有可读取的内容。", source=path)

    monkeypatch.setattr(cli, "PARSE", parse)
    result = run_cli(["parse", "--debug", "empty.txt"])
    assert result.exit_code == 2
    assert_one_chinese_error_line(result.stderr, "empty.txt", "文件为空")


# ---------------------------------------------------------------------------------------------
# the real parser (needs the extraction pipeline)


def test_json_equals_the_python_api(run_cli: CliRunner, sample_path: Path) -> None:
    from yusuan import api

    result = run_cli(["parse", "--json", str(sample_path)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == jsonio.to_dict(api.parse_path(str(sample_path)))


def test_summary_of_the_bundled_example(run_cli: CliRunner, example_path: Path) -> None:
    result = run_cli(["parse", str(example_path)])
    assert result.exit_code == 0, result.stderr
    assert "承德市医疗保障局" in result.stdout
    assert "收支总表" in result.stdout


def test_missing_file(run_cli: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent.txt"
    result = run_cli(["parse", str(missing)])
    assert result.exit_code == 2
    assert_one_chinese_error_line(result.stderr, str(missing), "文件不存在")


def test_directory_instead_of_file(run_cli: CliRunner, tmp_path: Path) -> None:
    result = run_cli(["parse", str(tmp_path)])
    assert result.exit_code == 2
    assert_one_chinese_error_line(result.stderr, "文件夹")


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "yusuan", *args], input=stdin, capture_output=True, env=env, timeout=120
    )


def test_python_dash_m_and_stdin(example_path: Path) -> None:
    version = _run("--version")
    assert version.returncode == 0 and version.stdout.decode().strip() == f"yusuan {__version__}"

    from_file = _run("parse", "--json", str(example_path))
    assert from_file.returncode == 0, from_file.stderr.decode()
    from_stdin = _run("parse", "--json", "-", stdin=example_path.read_bytes())
    assert from_stdin.returncode == 0, from_stdin.stderr.decode()
    a, b = json.loads(from_file.stdout), json.loads(from_stdin.stdout)
    assert b["source"] == "<stdin>"
    a.pop("source"), b.pop("source")
    assert a == b


def test_json_stays_utf8_on_a_non_utf8_terminal(example_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    args = [sys.executable, "-m", "yusuan", "parse", "--json", str(example_path)]
    result = subprocess.run(args, capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))["department"] == "承德市医疗保障局"


def test_empty_stdin() -> None:
    result = _run("parse", "-", stdin=b"")
    assert result.returncode == 2
    assert_one_chinese_error_line(result.stderr.decode("utf-8"), "错误：标准输入：", "为空")


def test_subprocess_errors_have_no_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 16)
    result = _run("parse", str(garbage))
    assert result.returncode == 2
    assert_one_chinese_error_line(result.stderr.decode("utf-8"), "garbage.bin")


# ---------------------------------------------------------------------------------------------
# docs/cli.md carries the reference generated from the command definitions


def cli_reference() -> str:
    """Markdown reference of every command, generated from the Typer/Click definitions."""
    import typer.main

    group = typer.main.get_command(cli.app)
    sections = ["### yusuan", "", (group.help or "").strip(), ""]
    sections += _params_markdown(group.params)
    sections += _commands_markdown(group, "yusuan")
    return "\n".join(sections).rstrip() + "\n"


def _commands_markdown(group: Any, path: str) -> list[str]:
    """Every command of a group, and of its sub-groups (``yusuan codes import``), by name."""
    sections: list[str] = []
    for name in sorted(getattr(group, "commands", {})):
        command = group.commands[name]
        subcommands = getattr(command, "commands", None)
        arguments = [
            f"{p.metavar or p.name.upper()}{'...' if p.nargs == -1 else ''}"
            for p in command.params
            if p.param_type_name == "argument"
        ]
        usage = [path, name, "[选项]", *(["命令 [参数]..."] if subcommands else arguments)]
        sections += [
            f"### {path} {name}",
            "",
            "```",
            " ".join(usage),
            "```",
            "",
            (command.help or "").strip(),
            "",
        ]
        sections += _params_markdown(command.params)
        if subcommands:
            sections += _commands_markdown(command, f"{path} {name}")
    return sections


def _params_markdown(params: list[Any]) -> list[str]:
    rows = ["| 参数/选项 | 说明 |", "|---|---|"]
    for p in params:
        if p.param_type_name == "argument":
            names = f"`{p.metavar or p.name.upper()}`"
        else:
            metavar = "" if p.is_flag else f" {p.metavar or 'VALUE'}"
            names = ", ".join(f"`{o}{metavar}`" for o in [*p.opts, *p.secondary_opts])
        text = (p.help or "").replace("|", "\\|")
        names = names.replace("|", "\\|")  # a pipe inside a table cell, even in code
        rows.append(f"| {names} | {text} |")
    rows.append("| `-h`, `--help` | 显示本帮助并退出。 |")
    return [*rows, ""]


BEGIN = "<!-- BEGIN GENERATED REFERENCE (tests/test_cli.py; YUSUAN_UPDATE_DOCS=1 to refresh) -->"
END = "<!-- END GENERATED REFERENCE -->"


def test_cli_doc_is_current() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    fresh = f"{head}{BEGIN}\n\n{cli_reference()}\n{END}{tail}"
    if os.environ.get("YUSUAN_UPDATE_DOCS") == "1":
        CLI_DOC.write_text(fresh, encoding="utf-8")
        return
    assert text == fresh, (
        "docs/cli.md is out of date: YUSUAN_UPDATE_DOCS=1 python -m pytest tests/test_cli.py"
    )


# ---------------------------------------------------------------------------------------------
# README quick start and CI agree with the repository


def test_readme_quick_start_matches_the_repository() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    install_and_run, test = (b.strip() for b in blocks[:2])
    assert "\n" not in install_and_run and "\n" not in test, "the quick start is two one-line commands"
    example = re.search(r"yusuan (?:parse|check) (\S+)$", install_and_run)
    assert example and (REPO / example.group(1)).is_file()
    assert test.endswith("&& python -m pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    # the command itself, possibly under `timeout` (so that a hang fails CI rather than overruns it)
    command = re.search(r"^(?:timeout [-=\w ]+ )?python -m pytest(?: \|\| status=\$\?)?$", ci, re.M)
    assert command, ".ci/run must run the README's test command"
    assert os.access(REPO / ".ci" / "run", os.X_OK)
