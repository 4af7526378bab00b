"""``yusuan template`` and ``yusuan render``."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from compose.budgets import small_budget
from yusuan import jsonio
from yusuan.api import parse_path
from yusuan.compose import jsonform
from yusuan.compose.reader import read_template
from yusuan.generate import generate_disclosure, generate_input

CliRunner = Callable[[Sequence[str]], Any]


def test_template_empty_and_example(run_cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    result = run_cli(["template", "-o", str(out), "--year", "2025"])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"PK")
    assert "已写入录入模板（2025 年）" in result.stderr

    result = run_cli(["template", "-o", str(out), "--example", "--seed", "4", "--year", "2024"])
    assert result.exit_code == 0, result.stderr
    assert read_template(out) == generate_input(4, year=2024)

    as_json = tmp_path / "录入.json"
    result = run_cli(["template", "-o", str(as_json), "--example", "--seed", "4", "--year", "2024"])
    assert result.exit_code == 0, result.stderr
    assert jsonform.loads(as_json.read_text(encoding="utf-8")) == generate_input(4, year=2024)

    result = run_cli(["template", "-o", str(as_json)])
    assert result.exit_code == 2 and result.stderr.startswith("错误：")


def test_render_from_template(run_cli: CliRunner, tmp_path: Path) -> None:
    template = tmp_path / "模板.xlsx"
    assert (
        run_cli(["template", "-o", str(template), "--example", "--seed", "2", "--year", "2025"]).exit_code
        == 0
    )
    result = run_cli(["render", str(template), "--to", "txt,pdf", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    written = sorted((tmp_path / "out").iterdir())
    assert [p.suffix for p in written] == [".pdf", ".txt"]
    for path in written:
        assert f"已生成：{path}" in result.stderr
    assert "共生成 2 个文件" in result.stderr
    budget = generate_input(2, year=2025)
    for path in written:
        parsed = parse_path(path)
        assert parsed.department == budget.unit.name
        total = parsed.fact("expenditure.total")
        assert total is not None
        assert total.value == sum((li.total for li in budget.lines), Decimal(0))


def test_render_from_budget_json_and_disclosure_json(run_cli: CliRunner, tmp_path: Path) -> None:
    budget_json = tmp_path / "budget.json"
    budget_json.write_text(jsonform.dumps(small_budget()), encoding="utf-8")
    result = run_cli(["render", str(budget_json), "--to", "txt", "-o", str(tmp_path / "a")])
    assert result.exit_code == 0, result.stderr
    assert "已读取预算录入 JSON" in result.stderr

    demo = tmp_path / "demo.json"
    demo.write_text(jsonio.dumps(generate_disclosure(3, lines=8)), encoding="utf-8")
    result = run_cli(["render", str(demo), "--to", "txt", "-o", str(tmp_path / "b")])
    assert result.exit_code == 0, result.stderr
    assert "已读取公开文件 JSON" in result.stderr


def test_inconsistent_input_is_refused_unless_forced(run_cli: CliRunner, tmp_path: Path) -> None:
    budget = small_budget()
    wrong = dataclasses.replace(budget, economic=budget.economic[1:])  # 30101 missing: XT005
    path = tmp_path / "wrong.json"
    path.write_text(jsonform.dumps(wrong), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(["render", str(path), "--to", "txt", "-o", str(out)])
    assert result.exit_code == 1
    assert "XT005" in result.stdout
    assert "未生成文件" in result.stderr and "--force" in result.stderr
    assert not out.exists()

    result = run_cli(["render", str(path), "--to", "txt", "-o", str(out), "--force"])
    assert result.exit_code == 0, result.stderr
    assert len(list(out.iterdir())) == 1


def test_bad_inputs_exit_2(run_cli: CliRunner, tmp_path: Path) -> None:
    missing = run_cli(["render", str(tmp_path / "无.xlsx"), "--to", "txt"])
    assert missing.exit_code == 2 and missing.stderr.startswith("错误：")

    text = tmp_path / "a.txt"
    text.write_text("hello", encoding="utf-8")
    result = run_cli(["render", str(text), "--to", "txt"])
    assert result.exit_code == 2 and "录入模板" in result.stderr

    bad = jsonform.to_dict(small_budget())
    bad["lines"][0]["personnel"] = "x"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    result = run_cli(["render", str(path), "--to", "txt"])
    assert result.exit_code == 2
    assert "lines[0].personnel" in result.stderr

    template = tmp_path / "空.xlsx"
    run_cli(["template", "-o", str(template), "--year", "2025"])
    result = run_cli(["render", str(template), "--to", "txt"])
    assert result.exit_code == 2
    assert "工作表“单位信息”单元格 B2" in result.stderr
    assert "Traceback" not in result.stderr

    good = tmp_path / "good.json"
    good.write_text(jsonform.dumps(small_budget()), encoding="utf-8")
    result = run_cli(["render", str(good), "--to", "bmp", "-o", str(tmp_path / "c")])
    assert result.exit_code == 2 and "bmp" in result.stderr
    result = run_cli(["render", str(good), "--to", "txt", "--layout", "mars", "-o", str(tmp_path / "c")])
    assert result.exit_code == 2 and result.stderr.startswith("错误：")


def test_contradiction_in_entered_data_is_refused(run_cli: CliRunner, tmp_path: Path) -> None:
    from yusuan.compose import Source

    wrong = small_budget(stated_income=((Source.GENERAL_PUBLIC, Decimal("1.00")),))
    path = tmp_path / "wrong.json"
    path.write_text(jsonform.dumps(wrong), encoding="utf-8")
    result = run_cli(["render", str(path), "--to", "txt", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stdout.startswith("录入数据不一致：工作表“收入”中“一般公共预算拨款”为 1.00万元")
    assert "1 处错误" in result.stderr
