"""The terminal report of a check (Rich): per file a header, then findings by severity and table.

Each finding reads like a compiler diagnostic::

    SUM002 错误 《支出总表》 2101501 行政运行 “合计”列 第307行
        《支出总表》“2101501 行政运行”行：“合计”为 473.78，而基本支出、项目支出之和为 473.77 …
        相关位置：《支出总表》 2101501 行政运行 “基本支出”列 第307行（473.77）

Findings within rounding tolerance collapse into one line unless asked for. Document text is
printed as plain text (never as Rich markup): documents are untrusted input.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from yusuan.report.common import (
    Grouped,
    by_severity_and_table,
    heading,
    place,
    place_with_value,
    rounding_line,
    skipped_text,
    split_rounding,
)
from yusuan.rules import CheckReport, Finding, Severity

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "cyan"}
MAX_PLACES = 8  # related places listed per finding before "……另有 N 处"
DEFAULT_WIDTH = 120


def render_terminal(
    reports: Sequence[CheckReport],
    *,
    show_rounding: bool = False,
    color: bool = False,
    width: int | None = None,
    config: str | None = None,
) -> str:
    """The report of every file as text; ANSI colours only with ``color``."""
    console = Console(
        record=True,
        file=io.StringIO(),
        width=width or DEFAULT_WIDTH,
        force_terminal=color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for report in reports:
        _render_file(console, report, show_rounding)
    if len(reports) > 1:
        _render_total(console, reports)
    if config:
        console.print(Text(f"使用的配置文件：{config}", style="dim"))
    return console.export_text(styles=color)


def _render_file(console: Console, report: CheckReport, show_rounding: bool) -> None:
    d = report.disclosure
    console.rule(Text(heading(d), style="bold"))
    console.print(Text(f"文件：{report.source}"), soft_wrap=True)
    console.print(_counts(report))
    if d.partial:
        note = f"注意：文件不完整，只检查了读到的部分（已跳过：{skipped_text(d)}）。"
        console.print(Text(note, style="bold yellow"), soft_wrap=True)
    shown, collapsed = split_rounding(report.findings, show_rounding)
    if not shown and not collapsed:
        console.print(Text("未发现问题。", style="green"))
    for grouped in by_severity_and_table(shown):
        _render_severity(console, grouped)
    if collapsed:
        console.print()
        console.print(Text(rounding_line(len(collapsed), "（加 --show-rounding 逐条显示）"), style="dim"))
    console.print()


def _counts(report: CheckReport) -> Text:
    text = Text("结果：")
    for i, severity in enumerate((Severity.ERROR, Severity.WARNING, Severity.INFO)):
        count = report.summary[severity.value]
        if i:
            text.append("，")
        text.append(f"{severity.label} {count} 处", style=STYLES[severity] if count else "")
    rounding = sum(1 for f in report.findings if f.rounding)
    if rounding:
        text.append(f"（提示中 {rounding} 处为四舍五入误差）")
    return text


def _render_severity(console: Console, grouped: Grouped) -> None:
    console.print()
    title = f"{grouped.severity.label}（{grouped.count} 处）"
    console.print(Text(title, style=STYLES[grouped.severity]))
    for name, findings in grouped.groups:
        console.print(Text(f"  {name}", style="bold"), soft_wrap=True)
        for finding in findings:
            _render_finding(console, finding)


def _render_finding(console: Console, finding: Finding) -> None:
    head = Text("    ")
    head.append(finding.rule, style="bold")
    head.append(" ")
    head.append(finding.severity.label, style=STYLES[finding.severity])
    head.append(" " + place(finding.locations[0]))
    console.print(head, soft_wrap=True)
    console.print(Text(f"        {_one_line(finding.message)}"), soft_wrap=True)
    others = finding.locations[1:]
    table = finding.locations[0].table_title  # related places in the same table: title left out
    for i, loc in enumerate(others[:MAX_PLACES]):
        label = "相关位置：" if i == 0 else "          "
        console.print(Text(f"        {label}{place_with_value(loc, table)}", style="dim"), soft_wrap=True)
    if len(others) > MAX_PLACES:
        more = f"        ……另有 {len(others) - MAX_PLACES} 处相关位置（--json 或 --html 中列出全部）"
        console.print(Text(more, style="dim"))


def _render_total(console: Console, reports: Sequence[CheckReport]) -> None:
    totals = {s: sum(r.summary[s.value] for r in reports) for s in Severity}
    parts = "，".join(f"{s.label} {totals[s]} 处" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    console.print(Text(f"共检查 {len(reports)} 个文件：{parts}。", style="bold"))


def _one_line(text: str) -> str:
    return " ".join(text.split())
