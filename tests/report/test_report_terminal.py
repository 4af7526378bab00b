"""The terminal report: header, grouping by severity and table, diagnostics, rounding collapsed."""

from __future__ import annotations

import dataclasses

from report.helpers import disclosure, report
from yusuan.report.terminal import render_terminal
from yusuan.rules import CheckReport


def test_header_and_counts() -> None:
    out = render_terminal([report()])
    assert "测试市医疗保障局　2024 年部门预算" in out
    assert "文件：hand.txt" in out
    assert "结果：错误 2 处，警告 1 处，提示 1 处（提示中 1 处为四舍五入误差）" in out
    assert "\x1b[" not in out


def test_findings_read_like_compiler_diagnostics() -> None:
    lines = render_terminal([report()]).splitlines()
    head = "    SUM002 错误 《支出总表》 2101501 行政运行 “合计”列 第12行"
    assert head in lines
    at = lines.index(head)
    assert "相差 +1.00" in lines[at + 1]
    # the other places, without repeating the table's title
    assert lines[at + 2].strip() == "相关位置：2101501 行政运行 “基本支出”列 第12行（6.00）"
    assert lines[at + 3].strip() == "2101501 行政运行 “项目支出”列 第12行（3.00）"
    # a finding about the text names the sentence
    assert any(line.startswith("    SUM001 错误 情况说明“2024年收入总计349.27万元") for line in lines)


def test_grouped_by_severity_then_table() -> None:
    out = render_terminal([report()])
    errors, warnings = out.index("错误（2 处）"), out.index("警告（1 处）")
    assert errors < warnings
    block = out[errors:warnings]
    assert "  《支出总表》" in block and "  情况说明" in block
    assert out.index("TREE003 警告") > warnings


def test_rounding_is_one_line_unless_asked() -> None:
    out = render_terminal([report()])
    assert "另有 1 处差异在四舍五入误差范围内（加 --show-rounding 逐条显示）。" in out
    assert "SUM002 提示" not in out and "提示（" not in out
    out = render_terminal([report()], show_rounding=True)
    assert "提示（1 处）" in out and "SUM002 提示 《支出总表》 合计 “基本支出”列 第11行" in out
    assert "另有" not in out


def test_partial_document_and_clean_file() -> None:
    d = dataclasses.replace(disclosure(), partial=True, skipped=("第 120 行之后的内容缺失",))
    out = render_terminal([CheckReport(d.source, d, ())])
    assert "注意：文件不完整，只检查了读到的部分（已跳过：第 120 行之后的内容缺失）。" in out
    assert "未发现问题。" in out


def test_untrusted_text_is_not_markup() -> None:
    d = disclosure(title="[bold red]支出总表[/]", row_name="[link=http://x]行政运行")
    out = render_terminal([report(d)], color=True)
    assert "[bold red]支出总表[/]" in out and "[link=http://x]行政运行" in out


def test_several_files_end_with_a_total() -> None:
    out = render_terminal([report(), report()], config="yusuan.toml")
    assert "共检查 2 个文件：错误 4 处，警告 2 处，提示 2 处。" in out
    assert "使用的配置文件：yusuan.toml" in out
