"""The ``yusuan`` command line: a thin layer over :mod:`yusuan.api` and :mod:`yusuan.jsonio`.

Exit codes: 0 = done; 2 = a file could not be parsed, the command line was wrong, or an
internal error happened (reported in one Chinese line, never as a traceback unless ``--debug``).
Every text a user sees is Simplified Chinese.
"""

from __future__ import annotations

import io
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.core
import typer.main
from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from yusuan import __version__
from yusuan.errors import YusuanError
from yusuan.model import Disclosure, Table, TableKind

EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

STDIN_NAME = "-"

# Chinese names of the canonical table kinds (DOMAIN.md §2).
KIND_LABELS: dict[TableKind, str] = {
    TableKind.SUMMARY: "收支总表",
    TableKind.INCOME: "收入总表",
    TableKind.EXPENDITURE: "支出总表",
    TableKind.FISCAL_SUMMARY: "财政拨款收支总表",
    TableKind.GENERAL_PUBLIC: "一般公共预算支出表",
    TableKind.GENERAL_PUBLIC_BASIC: "一般公共预算基本支出表",
    TableKind.GENERAL_PUBLIC_BASIC_DETAIL: "基本支出明细表",
    TableKind.ECONOMIC_SUMMARY: "支出经济分类汇总表",
    TableKind.GOV_FUND: "政府性基金预算支出表",
    TableKind.STATE_CAPITAL: "国有资本经营预算支出表",
    TableKind.SPECIAL_ACCOUNT: "财政专户管理资金支出表",
    TableKind.THREE_PUBLIC: "“三公”经费支出表",
    TableKind.PROJECTS: "项目支出表",
    TableKind.PERFORMANCE_PROJECTS: "项目绩效目标表",
    TableKind.PERFORMANCE_OVERALL: "整体绩效目标表",
    TableKind.PROCUREMENT: "政府采购预算表",
    TableKind.ASSETS: "固定资产占用表",
    TableKind.ORGANIZATION: "机构设置",
    TableKind.OTHER: "其他表格",
}

# The key facts shown in the summary, in this order (DOMAIN.md §2 fact keys).
KEY_FACTS: tuple[tuple[str, str], ...] = (
    ("income.total", "收入总计"),
    ("income.current_year", "本年收入合计"),
    ("income.carryover", "上年结转结余"),
    ("income.general_public", "一般公共预算拨款收入"),
    ("income.gov_fund", "政府性基金预算拨款收入"),
    ("income.state_capital", "国有资本经营预算拨款收入"),
    ("income.special_account", "财政专户管理资金收入"),
    ("income.unit_funds", "单位资金收入"),
    ("expenditure.total", "支出总计"),
    ("expenditure.basic", "基本支出"),
    ("expenditure.basic.personnel", "　其中：人员经费"),
    ("expenditure.basic.public", "　　　　公用经费"),
    ("expenditure.project", "项目支出"),
    ("three_public.total", "“三公”经费"),
    ("three_public.overseas", "　因公出国（境）费"),
    ("three_public.vehicle", "　公务用车购置及运行费"),
    ("three_public.vehicle_purchase", "　　公务用车购置费"),
    ("three_public.vehicle_operation", "　　公务用车运行维护费"),
    ("three_public.reception", "　公务接待费"),
    ("operating_costs", "机关运行经费"),
    ("procurement.total", "政府采购预算"),
    ("assets.total", "固定资产总额"),
)

LAYOUT_LABELS: dict[str, str] = {
    "cell-per-line": "每格一行（由 Word 文件导出的文本）",
    "tab-separated": "制表符分隔（由 PDF 文件导出的文本）",
    "mixed": "混合版式",
    "text": "纯文字（未见表格）",
}

HELP_MAIN = (
    "yusuan：解析中国部门预算（决算）公开文件，转换为统一的结构化数据。\n\n"
    "示例：yusuan parse examples/hebei-chengde-ybj-2025-dept.txt"
)
HELP_PARSE = (
    "解析一个或多个预算公开文件。\n\n"
    "默认输出便于阅读的中文摘要；加 --json 输出完整的结构化数据（多个文件时为 JSON 数组）。"
    "任何文件解析失败时，其余文件照常处理，最后以退出码 2 结束。"
)

_HELP_OPTION_TEXT = "显示本帮助并退出。"


def _localise_usage(usage: str) -> str:
    return usage.replace("Usage:", "用法：", 1)


class _ChineseCommand(typer.core.TyperCommand):
    """A command whose usage line and ``--help`` option speak Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = "[选项]"

    def get_usage(self, ctx: Any) -> str:
        return _localise_usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP_OPTION_TEXT
        return option


class _ChineseGroup(typer.core.TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = "[选项]"
        self.subcommand_metavar = "命令 [参数]..."

    def get_usage(self, ctx: Any) -> str:
        return _localise_usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP_OPTION_TEXT
        return option


def _localise_rich_help() -> None:
    """Chinese titles for the panels of Typer's help screens."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - rich is a dependency, but Typer may render plainly
        return
    for name, text in {
        "ARGUMENTS_PANEL_TITLE": "参数",
        "OPTIONS_PANEL_TITLE": "选项",
        "COMMANDS_PANEL_TITLE": "命令",
        "ERRORS_PANEL_TITLE": "错误",
        "ABORTED_TEXT": "已中止。",
        "REQUIRED_LONG_STRING": "[必填]",
        "DEFAULT_STRING": "[默认：{}]",
        "DEPRECATED_STRING": "（已弃用）",
        "ENVVAR_STRING": "[环境变量：{}]",
        "RICH_HELP": "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。",
    }.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


_localise_rich_help()

app = typer.Typer(
    name="yusuan",
    cls=_ChineseGroup,
    help=HELP_MAIN,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"yusuan {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="显示版本号并退出。", callback=_version_callback, is_eager=True),
    ] = False,
) -> None:
    """yusuan：解析中国部门预算（决算）公开文件，转换为统一的结构化数据。"""


# --------------------------------------------------------------------------------------------
# parse


def _parse_path(path: str) -> Disclosure:
    """Parse one file (``-`` = standard input). Imported lazily so ``--help`` stays fast."""
    from yusuan import api

    if path == STDIN_NAME:
        return api.parse_bytes(sys.stdin.buffer.read(), source="<stdin>")
    return api.parse_path(path)


# Tests replace this to run the command line without the extraction pipeline.
PARSE: Callable[[str], Disclosure] = _parse_path


@dataclass
class _Outcome:
    parsed: list[Disclosure] = field(default_factory=list)
    failed: int = 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _err(message: str) -> None:
    sys.stderr.write(_one_line(message) + "\n")
    sys.stderr.flush()


def _internal_error_message(exc: BaseException, where: str | None = None) -> str:
    place = f"{where}：" if where else ""
    detail = _one_line(f"{type(exc).__name__}: {exc}")
    return (
        f"错误：{place}内部错误（{detail}）。这是 yusuan 的缺陷，不是您文件的问题；"
        "请把这行信息报告给开发者，加 --debug 重新运行可查看详细的出错位置。"
    )


def _display_name(file: str) -> str:
    return "标准输入" if file == STDIN_NAME else file


def _parse_all(files: Sequence[str], debug: bool) -> _Outcome:
    outcome = _Outcome()
    for file in files:
        try:
            outcome.parsed.append(PARSE(file))
        except YusuanError as exc:
            outcome.failed += 1
            _err(f"错误：{_display_name(file)}：{exc.message}")
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            outcome.failed += 1
            if debug:
                traceback.print_exc(file=sys.stderr)
            _err(_internal_error_message(exc, _display_name(file)))
    return outcome


def _write_stdout(text: str, *, utf8_only: bool) -> None:
    """Write to standard output whatever its encoding.

    JSON is always UTF-8: if the terminal's encoding (e.g. GBK) cannot hold a character, the
    JSON goes out as UTF-8 bytes rather than corrupted. The summary replaces such characters.
    """
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        buffer = getattr(sys.stdout, "buffer", None)
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        if utf8_only and buffer is not None:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
        elif buffer is not None:
            sys.stdout.flush()
            buffer.write(text.encode(encoding, errors="replace"))
        else:
            sys.stdout.write(text.encode(encoding, errors="replace").decode(encoding))
    sys.stdout.flush()


def _write_output(text: str, out: Path | None, *, utf8_only: bool = False) -> None:
    if out is None:
        _write_stdout(text, utf8_only=utf8_only)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        _err(f"错误：{out}：无法写入输出文件（{exc.strerror or exc}）。请检查路径和权限。")
        raise typer.Exit(EXIT_ERROR) from None
    _err(f"已写入：{out}")


@app.command("parse", cls=_ChineseCommand, help=HELP_PARSE)
def parse_command(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help=(
                "要解析的文件，可以有多个；“-” 表示从标准输入读取。"
                "目前支持 TXT 文本（UTF-8、GBK/GB18030、UTF-16）。"
            ),
            show_default=False,
        ),
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="输出 JSON 结构化数据，而不是中文摘要。")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="把结果写入文件 OUT（UTF-8），而不是打印到屏幕。",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="出现内部错误时显示完整的出错信息（供开发者排查）。")
    ] = False,
) -> None:
    outcome = _parse_all(files, debug)
    if outcome.parsed:
        if json_output:
            from yusuan import jsonio

            data: Disclosure | list[Disclosure]
            data = outcome.parsed[0] if len(files) == 1 else outcome.parsed
            _write_output(jsonio.dumps(data) + "\n", out, utf8_only=True)
        else:
            _write_output(render_summaries(outcome.parsed, color=out is None), out)
        for d in outcome.parsed:
            if d.partial and json_output:
                skipped = "；".join(d.skipped) or "原因未知"
                _err(f"注意：{d.source}：文件不完整，只解析了部分内容（{skipped}）。")
    if outcome.failed:
        if len(files) > 1:
            _err(f"共 {len(files)} 个文件，{len(outcome.parsed)} 个解析成功，{outcome.failed} 个失败。")
        raise typer.Exit(EXIT_ERROR)


# --------------------------------------------------------------------------------------------
# the Chinese summary


def _fmt_amount(value: object) -> str:
    return "" if value is None else str(value)


def _table_remark(table: Table) -> str:
    parts = []
    if table.empty:
        parts.append("空表")
    parts.extend(_one_line(n) for n in table.notes)
    text = "；".join(parts)
    return text if len(text) <= 40 else text[:39] + "…"


def _grouped(tables: Sequence[Table]) -> list[tuple[int, int, list[Table]]]:
    """Number the tables; runs of per-project goal tables collapse into one entry."""
    groups: list[tuple[int, int, list[Table]]] = []
    for i, t in enumerate(tables, 1):
        if groups and t.kind is TableKind.PERFORMANCE_PROJECTS:
            first, last, group = groups[-1]
            if group[0].kind is TableKind.PERFORMANCE_PROJECTS and last == i - 1:
                group.append(t)
                groups[-1] = (first, i, group)
                continue
        groups.append((i, i, [t]))
    return groups


def _render_one(console: Console, d: Disclosure) -> None:
    title = d.department or "（未识别到单位名称）"
    heading = f"{title}　{d.year or '？'} 年{d.scope.value if d.scope else ''}{d.kind.value}"
    console.rule(Text(heading, style="bold"))

    info = RichTable.grid(padding=(0, 2))
    info.add_column(style="bold")
    info.add_column()
    info.add_row("来源文件", Text(d.source))
    info.add_row("单位名称", Text(d.department or "未识别"))
    info.add_row("单位编码", Text(d.unit_code or "未印出"))
    info.add_row("预算年度", Text(str(d.year) if d.year else "未识别"))
    info.add_row("公开范围", Text(f"{d.scope.value}预算" if d.scope else "未识别"))
    info.add_row("文件类型", Text(d.kind.value))
    info.add_row("金额单位", Text(d.unit or "未识别"))
    info.add_row("版式", Text(LAYOUT_LABELS.get(d.layout or "", d.layout or "未识别")))
    if d.partial:
        skipped = "；".join(d.skipped) or "原因未知"
        info.add_row("完整性", Text(f"不完整，已跳过：{skipped}", style="bold yellow"))
    else:
        info.add_row("完整性", Text("完整"))
    console.print(info)
    console.print()

    if d.tables:
        tables = RichTable(
            title=f"识别到的表格（{len(d.tables)} 张）", box=box.SIMPLE_HEAD, title_justify="left"
        )
        tables.add_column("序号", justify="right")
        tables.add_column("类型", overflow="fold")
        tables.add_column("kind", overflow="fold")
        tables.add_column("印刷标题", overflow="fold", ratio=3)
        tables.add_column("行数", justify="right")
        tables.add_column("空表/说明", overflow="fold", ratio=2)
        for first, last, group in _grouped(d.tables):
            t = group[0]
            if len(group) == 1:
                number, title, count, remark = str(first), t.title, str(len(t.rows)), _table_remark(t)
            else:
                number = f"{first}–{last}"
                title = f"{t.title} 等 {len(group)} 张"
                count = str(sum(len(g.rows) for g in group))
                remark = "每个项目一张，指标见下方项目统计"
            tables.add_row(
                number,
                Text(KIND_LABELS.get(t.kind, "")),
                Text(t.kind.value),
                Text(title),
                count,
                Text(remark),
            )
        console.print(tables)
    else:
        console.print("未识别到表格。")
    console.print()

    known = {key for key, _ in KEY_FACTS}
    rows = [(label, d.fact(key), d.fact(f"change.{key}")) for key, label in KEY_FACTS]
    shown = [(label, fact, change) for label, fact, change in rows if fact is not None]
    if shown:
        facts = RichTable(title="情况说明中的主要数字", box=box.SIMPLE_HEAD, title_justify="left")
        facts.add_column("项目")
        facts.add_column("金额", justify="right")
        facts.add_column("单位")
        facts.add_column("比上年增减", justify="right")
        facts.add_column("行号", justify="right")
        for label, fact, change in shown:
            assert fact is not None
            delta = "" if change is None else f"{change.value:+f}"
            facts.add_row(Text(label), _fmt_amount(fact.value), Text(fact.unit), delta, str(fact.line))
        console.print(facts)
    else:
        console.print("情况说明中未识别到主要数字。")
    others = sum(1 for f in d.facts if f.key not in known and not f.key.startswith("change."))
    indicators = sum(len(p.indicators) for p in d.projects)
    console.print(
        f"项目 {len(d.projects)} 个（绩效指标 {indicators} 条）；政府采购 {len(d.procurement)} 项；"
        f"资产 {len(d.assets)} 行；机构 {len(d.organization)} 个；其他数字 {others} 条；"
        f"说明文字 {len(d.paragraphs)} 段。"
    )
    console.print()


def render_summaries(
    disclosures: Sequence[Disclosure], *, color: bool = False, width: int | None = None
) -> str:
    """The readable Chinese summary of each disclosure, as text.

    With ``color`` and a terminal on standard output, the text carries ANSI colours and fits the
    terminal's width; otherwise it is plain text ``width`` (default 120) columns wide.
    """
    styled = color and sys.stdout.isatty()
    if width is None:
        width = Console().width if styled else 120
    console = Console(
        record=True,
        file=io.StringIO(),
        width=width,
        force_terminal=styled,
        color_system="auto" if styled else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for d in disclosures:
        _render_one(console, d)
    return console.export_text(styles=styled)


# --------------------------------------------------------------------------------------------
# entry point


def _usage_error_message(exc: Any) -> str:
    """One Chinese line for a command-line usage error (Click's messages are English)."""
    name = type(exc).__name__
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", None) or "yusuan"
    detail = _one_line(str(exc.format_message()))
    no_command = re.match(r"No such command '([^']*)'\.(?: Did you mean '([^']*)'\?)?", detail)
    if name == "NoSuchOption":
        option = getattr(exc, "option_name", "") or ""
        possibilities = list(getattr(exc, "possibilities", None) or [])
        hint = f"（是否想用 {'、'.join(possibilities)}？）" if possibilities else ""
        what = f"没有 {option} 这个选项{hint}"
    elif name == "MissingParameter":
        param = getattr(exc, "param", None)
        label = getattr(param, "metavar", None) or getattr(param, "name", None) or ""
        what = "缺少要解析的文件" if label in ("FILE", "files") else f"缺少参数 {label}".rstrip()
    elif name in ("BadOptionUsage", "BadArgumentUsage"):
        option = getattr(exc, "option_name", "") or ""
        if option and "requires an argument" in detail:
            what = f"选项 {option} 后面缺少取值"
        else:
            what = f"选项 {option} 用法不对（{detail}）" if option else f"用法不对（{detail}）"
    elif name == "BadParameter":
        what = f"参数取值不对（{detail}）"
    elif no_command:
        hint = f"（是否想用 {no_command.group(2)}？）" if no_command.group(2) else ""
        what = f"没有 {no_command.group(1)} 这个命令{hint}"
    else:
        what = f"命令用法不对（{detail}）"
    return f"错误：{what}。运行 “{command} --help” 查看用法。"


def _is_usage_error(exc: BaseException) -> bool:
    return hasattr(exc, "exit_code") and hasattr(exc, "format_message") and hasattr(exc, "ctx")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script passes it to ``sys.exit``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="yusuan", standalone_mode=False)
    except KeyboardInterrupt:
        _err("已中断。")
        return EXIT_INTERRUPTED
    except typer.Abort:
        _err("已中止。")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            # ``yusuan`` alone: the help has been shown (Rich prints it; plain Click returns it).
            text = str(getattr(exc, "format_message", lambda: "")())
            if text.strip():
                sys.stdout.write(text + "\n")
            return EXIT_OK
        if _is_usage_error(exc):
            _err(_usage_error_message(exc))
            return EXIT_ERROR
        if debug:
            traceback.print_exc(file=sys.stderr)
        _err(_internal_error_message(exc))
        return EXIT_ERROR
    return result if isinstance(result, int) else EXIT_OK


def run() -> NoReturn:
    sys.exit(main())


if __name__ == "__main__":
    run()
