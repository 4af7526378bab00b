"""The ``yusuan`` command line: a thin layer over :mod:`yusuan.api` and :mod:`yusuan.jsonio`.

Exit codes: 0 = done; 2 = a file could not be parsed, the command line was wrong, or an
internal error happened (reported in one Chinese line, never as a traceback unless ``--debug``).
Every text a user sees is Simplified Chinese.
"""

from __future__ import annotations

import importlib
import io
import json
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Protocol

import typer
import typer.core
import typer.main
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from yusuan import __version__
from yusuan.errors import SeveralDisclosures, UnreadableInput, YusuanError
from yusuan.model import Disclosure, Table, TableKind
from yusuan.report.labels import KIND_LABELS

if TYPE_CHECKING:
    from yusuan.rules import CheckConfig, CheckReport, Severity
    from yusuan.rules.docs import RuleEntry

EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

STDIN_NAME = "-"

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
    "yusuan：解析和检查中国部门预算（决算）公开文件。\n\n"
    "示例：yusuan check examples/hebei-chengde-ybj-2025-dept.txt"
)
HELP_PARSE = (
    "解析一个或多个预算公开文件。\n\n"
    "默认输出便于阅读的中文摘要；加 --json 输出完整的结构化数据（多个文件时为 JSON 数组）。"
    "任何文件解析失败时，其余文件照常处理，最后以退出码 2 结束。"
)
FILE_FORMATS = (
    "支持 PDF、Word（DOCX/DOC）、Excel（XLSX/XLS）、网页（HTML）和文本（TXT）；"
    "给出文件夹时，其中的文件合起来作为一份公开文件（若是几份各自独立的公开文件，则逐份处理）；“-” 表示从标准输入读取。"
)
HELP_CHECK = (
    "检查一个或多个预算公开文件：表内合计、科目层级、表间一致、说明与表格一致、年度、用语、"
    "公开完整性、政府采购与资产、绩效目标、科目编码。\n\n"
    "默认输出按级别和表格分组的中文报告；--json 输出结构化结果；--html 另外生成一个独立的网页报告。"
    "退出码：0 = 没有达到 --fail-on 级别的问题；1 = 有；2 = 有文件无法读取（其余文件照常检查）。"
)
HELP_RULES = "列出全部检查规则：编号、类别、默认级别、标题和说明。给出编号时显示该规则的完整说明。"
HELP_CODES = "科目编码参考数据。"
HELP_CODES_IMPORT = (
    "导入财政部发布的《政府收支分类科目》科目表（Excel 或 CSV），保存到用户数据目录，"
    "供检查该年度文件的科目编码和名称时使用。"
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
    """yusuan：解析和检查中国部门预算（决算）公开文件。"""


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
    # (file as named to the user, the one-line Chinese reason) of each file that failed
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


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


TOGETHER_HELP = "把给出的多个文件作为同一份公开文件合并解析（如说明 PDF 加表格 XLSX）；文件夹总是合并解析。"
# Options shared by several commands.
DebugOption = Annotated[
    bool, typer.Option("--debug", help="出现内部错误时显示完整的出错信息（供开发者排查）。")
]
TogetherOption = Annotated[bool, typer.Option("--together", help=TOGETHER_HELP)]


def _parse_together(files: Sequence[str], debug: bool) -> _Outcome:
    """Several files of one disclosure as one model."""
    from yusuan import api

    outcome = _Outcome()
    name = " + ".join(files)
    try:
        outcome.parsed.append(api.parse_together(files, source=name))
    except YusuanError as exc:
        _fail(outcome, name, exc.message)
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        if debug:
            traceback.print_exc(file=sys.stderr)
        _fail(outcome, name, _internal_error_message(exc, name), internal=True)
    return outcome


def _parse_all(files: Sequence[str], debug: bool, together: bool = False) -> _Outcome:
    if together and len(files) > 1:
        return _parse_together(files, debug)
    outcome = _Outcome()
    for file in files:
        try:
            outcome.parsed.append(PARSE(file))
        except SeveralDisclosures as exc:
            _take_separately(outcome, file, exc)
        except YusuanError as exc:
            _fail(outcome, file, exc.message)
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            if debug:
                traceback.print_exc(file=sys.stderr)
            _fail(outcome, file, _internal_error_message(exc, _display_name(file)), internal=True)
    return outcome


def _take_separately(outcome: _Outcome, folder: str, several: SeveralDisclosures) -> None:
    """A folder of several complete disclosures: each file is a document of its own."""
    count = len(several.parts)
    _err(f"提示：{folder} 中是 {count} 份各自独立的公开文件（{several.reason}），逐份处理。")
    outcome.parsed.extend(several.parts)
    for problem in several.problems:
        name, _, message = problem.partition("：")
        _fail(outcome, str(Path(folder) / name), message)


def _fail(outcome: _Outcome, file: str, message: str, *, internal: bool = False) -> None:
    """Report a file that could not be read (or checked) and remember it."""
    name = _display_name(file)
    line = message if internal else f"错误：{name}：{message}"
    _err(line)
    reason = line.removeprefix("错误：").removeprefix(f"{name}：")
    outcome.failures.append((name, _one_line(reason)))


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
            help=f"要解析的文件，可以有多个。{FILE_FORMATS}",
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
    together: TogetherOption = False,
    debug: DebugOption = False,
) -> None:
    outcome = _parse_all(files, debug, together)
    single = len(files) == 1 or together
    if outcome.parsed:
        if json_output:
            from yusuan import jsonio

            data: Disclosure | list[Disclosure]
            data = outcome.parsed[0] if single and len(outcome.parsed) == 1 else outcome.parsed
            _write_output(jsonio.dumps(data) + "\n", out, utf8_only=True)
        else:
            _write_output(render_summaries(outcome.parsed, color=out is None), out)
        for d in outcome.parsed:
            if d.partial and json_output:
                skipped = "；".join(d.skipped) or "原因未知"
                _err(f"注意：{d.source}：文件不完整，只解析了部分内容（{skipped}）。")
    if outcome.failed:
        if not single:
            _err(f"共 {len(files)} 个文件，{len(outcome.parsed)} 个解析成功，{outcome.failed} 个失败。")
        raise typer.Exit(EXIT_ERROR)


# --------------------------------------------------------------------------------------------
# check


class FailOn(StrEnum):
    """From which severity on a finding makes ``yusuan check`` exit with 1."""

    ERROR = "error"
    WARNING = "warning"
    NEVER = "never"

    @property
    def level(self) -> Severity | None:
        from yusuan.rules import Severity

        return None if self is FailOn.NEVER else Severity(self.value)


EXIT_FINDINGS = 1


def _check_config(path: Path | None) -> CheckConfig:
    """The configuration: ``--config``, else the nearest yusuan.toml / pyproject.toml."""
    from yusuan.rules import find_config, load_config

    if path is not None and not path.is_file():
        raise YusuanError("配置文件不存在，请检查路径。", source=str(path))
    return load_config(path if path is not None else find_config())


def _check_all(
    disclosures: Sequence[Disclosure], config: CheckConfig, outcome: _Outcome, debug: bool
) -> list[CheckReport]:
    from yusuan.rules import check

    reports = []
    for d in disclosures:
        try:
            reports.append(check(d, config))
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            if debug:
                traceback.print_exc(file=sys.stderr)
            _fail(outcome, d.source, _internal_error_message(exc, d.source), internal=True)
    return reports


def _check_exit_code(reports: Sequence[CheckReport], outcome: _Outcome, fail_on: FailOn) -> int:
    if outcome.failed:
        return EXIT_ERROR
    if any(r.reaches(fail_on.level) for r in reports):
        return EXIT_FINDINGS
    return EXIT_OK


@app.command("check", cls=_ChineseCommand, help=HELP_CHECK)
def check_command(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help=f"要检查的文件，可以有多个。{FILE_FORMATS}",
            show_default=False,
        ),
    ],
    json_output: Annotated[
        bool,
        typer.Option("--json", help="输出 JSON（格式见 yusuan/schema/check.schema.json），而不是中文报告。"),
    ] = False,
    html_out: Annotated[
        Path | None,
        typer.Option(
            "--html",
            metavar="OUT.html",
            help="另外生成一个独立的 HTML 报告文件（表格中高亮有问题的单元格，说明文字中高亮有问题的语句）。",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            metavar="error|warning|never",
            help="出现哪一级及以上的问题时以退出码 1 结束：error（错误）、warning（警告及错误）、never（从不）。",
            case_sensitive=False,
        ),
    ] = FailOn.ERROR,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="PATH",
            help="配置文件（yusuan.toml，或含 [tool.yusuan] 的 pyproject.toml）；默认从当前目录向上查找。",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    show_rounding: Annotated[
        bool, typer.Option("--show-rounding", help="逐条显示四舍五入误差范围内的差异（默认合并为一行）。")
    ] = False,
    together: TogetherOption = False,
    debug: DebugOption = False,
) -> None:
    try:
        settings = _check_config(config)
    except YusuanError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_ERROR) from None
    outcome = _parse_all(files, debug, together)
    reports = _check_all(outcome.parsed, settings, outcome, debug)
    shown = files[:1] if together else files
    _write_check_reports(reports, outcome, settings, shown, json_output, html_out, show_rounding)
    if outcome.failed and len(files) > 1 and not together:
        _err(f"共 {len(files)} 个文件，{len(reports)} 个已检查，{outcome.failed} 个无法读取。")
    raise typer.Exit(_check_exit_code(reports, outcome, fail_on))


def _write_check_reports(
    reports: list[CheckReport],
    outcome: _Outcome,
    settings: CheckConfig,
    files: Sequence[str],
    json_output: bool,
    html_out: Path | None,
    show_rounding: bool,
) -> None:
    from yusuan.report.html import render_html
    from yusuan.report.json import dumps
    from yusuan.report.terminal import render_terminal

    if html_out is not None and (reports or outcome.failures):
        page = render_html(
            reports, failures=outcome.failures, show_rounding=show_rounding, config=settings.source
        )
        _write_output(page, html_out)
    if not reports:
        return
    if json_output:
        _write_stdout(dumps(reports, single=len(files) == 1, config=settings.source) + "\n", utf8_only=True)
        return
    styled = sys.stdout.isatty()
    width = Console().width if styled else None
    text = render_terminal(
        reports, show_rounding=show_rounding, color=styled, width=width, config=settings.source
    )
    _write_stdout(text, utf8_only=False)


# --------------------------------------------------------------------------------------------
# rules


def _rule_entries(ids: Sequence[str]) -> list[RuleEntry]:
    from yusuan.rules.docs import entries

    catalogue = entries()
    if not ids:
        return list(catalogue)
    known = {e.id: e for e in catalogue}
    unknown = [i for i in ids if i.upper() not in known]
    if unknown:
        raise YusuanError(f"没有规则 {'、'.join(unknown)}。运行 “yusuan rules” 查看全部规则。")
    return [known[i.upper()] for i in ids]


@app.command("rules", cls=_ChineseCommand, help=HELP_RULES)
def rules_command(
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="RULE", help="只显示这些规则的完整说明，例如 SUM001。", show_default=False),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="输出 JSON 数组，而不是中文列表。")] = False,
) -> None:
    try:
        items = _rule_entries(ids or [])
    except YusuanError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_ERROR) from None
    if json_output:
        text = json.dumps([e.to_dict() for e in items], ensure_ascii=False, indent=2)
        _write_stdout(text + "\n", utf8_only=True)
    else:
        _write_stdout(render_rules(items, full=bool(ids)), utf8_only=False)


def render_rules(items: Sequence[RuleEntry], *, full: bool = False, width: int = 120) -> str:
    """The catalogue as plain text: a table per family, or each rule's whole explanation."""
    from yusuan.rules.docs import by_family

    console = Console(record=True, file=io.StringIO(), width=width, color_system=None, markup=False)
    title_width = max((cell_len(e.title) for e in items), default=10)
    for name, group in by_family(items):
        if full:
            for e in group:
                console.rule(Text(f"{e.id} {e.title}", style="bold"))
                console.print(Text(f"类别：{e.family_name}　级别：{e.severity.label}（{e.severity.value}）"))
                console.print(Text(e.doc))
                console.print()
            continue
        table = RichTable(
            title=f"{name}（{len(group)} 条）", box=box.SIMPLE_HEAD, title_justify="left", expand=True
        )
        table.add_column("编号", no_wrap=True, width=8)
        table.add_column("级别", no_wrap=True, width=4)
        table.add_column("标题", no_wrap=True, width=title_width)
        table.add_column("说明", ratio=1, overflow="fold")
        for e in group:
            table.add_row(e.id, e.severity.label, Text(e.title), Text(e.summary))
        console.print(table)
    if not full:
        console.print(Text(f"共 {len(items)} 条规则。“yusuan rules 编号” 显示某条规则的完整说明。"))
    return console.export_text()


# --------------------------------------------------------------------------------------------
# demo-data


HELP_DEMO_DATA = (
    "生成一份随机但内部一致的示例预算公开数据（河北版式的标准表格、情况说明、项目绩效目标），"
    "输出 JSON 结构化数据。同一个 --seed 总是生成同一份数据；数据满足全部检查规则（没有错误或警告）。"
)


@app.command("demo-data", cls=_ChineseCommand, help=HELP_DEMO_DATA)
def demo_data_command(
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", help="随机种子；相同的种子生成相同的数据。")
    ] = 0,
    lines: Annotated[
        int,
        typer.Option(
            "--lines", metavar="N", help="支出功能分类“项”级科目的行数（5 至 500）。", min=5, max=500
        ),
    ] = 20,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", metavar="YYYY", help="预算年度，例如 2024；不给出时随机选择。", min=2000, max=2100
        ),
    ] = None,
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
) -> None:
    from yusuan import jsonio
    from yusuan.generate import generate_disclosure

    disclosure = generate_disclosure(seed, lines=lines, year=year)
    _write_output(jsonio.dumps(disclosure) + "\n", out, utf8_only=True)


# --------------------------------------------------------------------------------------------
# template, render (compose: one data entry → the whole disclosure)


HELP_TEMPLATE = (
    "生成预算公开录入模板（Excel）：每类数据一个工作表，带填写说明、下拉列表（科目编码和名称来自内置科目表）"
    "和数字校验。填好后用 yusuan render 生成全部公开表格和情况说明。"
    "输出文件以 .json 结尾时写出预算录入 JSON（与模板内容相同的结构化数据）。"
)
HELP_RENDER = (
    "由一次录入的数据生成完整的预算公开文件：标准表格（收支总表、收入总表、支出总表、财政拨款收支总表、"
    "一般公共预算支出表、基本支出表、政府性基金、国有资本经营、“三公”经费）、项目绩效目标表、政府采购、"
    "资产，以及数字全部来自数据的情况说明。INPUT 可以是填好的录入模板（.xlsx）、预算录入 JSON，"
    "或 yusuan 的公开文件 JSON（parse --json、demo-data 的输出，按原样重新排版）。"
    "生成前先检查：有错误时列出问题并以退出码 1 结束，不生成文件（--force 强制生成）。"
)


@app.command("template", cls=_ChineseCommand, help=HELP_TEMPLATE)
def template_command(
    out: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="模板文件名，如 模板.xlsx（以 .json 结尾时写出预算录入 JSON）。",
            dir_okay=False,
            show_default=False,
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YYYY",
            help="预算年度（决定下拉列表使用哪一年的科目表）；默认为明年。",
            min=2000,
            max=2100,
            show_default=False,
        ),
    ] = None,
    example: Annotated[
        bool,
        typer.Option("--example", help="预先填入一份随机生成、前后一致的示例预算（可直接试用 render）。"),
    ] = False,
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", help="示例数据的随机种子（与 --example 一起使用）。")
    ] = 0,
) -> None:
    import datetime

    from yusuan.compose import jsonform
    from yusuan.compose.template import template_bytes
    from yusuan.generate import generate_input

    budget_year = year if year is not None else datetime.datetime.now(datetime.UTC).year + 1
    budget = generate_input(seed, year=budget_year) if example else None
    try:
        if out.suffix.lower() == ".json":
            if budget is None:
                _err("错误：写出预算录入 JSON 需要数据：请加 --example，或输出 .xlsx 模板后填写。")
                raise typer.Exit(EXIT_ERROR)
            out.write_text(jsonform.dumps(budget) + "\n", encoding="utf-8")
        else:
            out.write_bytes(template_bytes(year=budget_year, example=budget))
    except OSError as exc:
        _err(f"错误：{out}：无法写入（{exc.strerror or exc}）。请检查路径和权限。")
        raise typer.Exit(EXIT_ERROR) from None
    what = "示例数据" if example else "录入模板"
    _err(f"已写入{what}（{budget_year} 年）：{out}")


def _render_stem(d: Disclosure, fallback: str) -> str:
    """The output files' name: 单位名称 + 年度 + 预算, without characters a file name cannot hold."""
    if d.department and d.year:
        scope = d.scope.value if d.scope is not None else ""
        stem = f"{d.department}{d.year}年{scope}预算公开"
    else:
        stem = fallback
    return re.sub(r'[\\/:*?"<>|\s]+', "_", stem).strip("._") or "yusuan"


@app.command("render", cls=_ChineseCommand, help=HELP_RENDER)
def render_command(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT", help="录入模板（.xlsx）、预算录入 JSON 或公开文件 JSON。", show_default=False
        ),
    ],
    to: Annotated[
        str,
        typer.Option("--to", metavar="FORMATS", help="输出格式，用逗号分隔：docx、xlsx、pdf、html、txt。"),
    ] = "docx,xlsx,pdf,html",
    out_dir: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", help="输出目录（不存在时创建）。", file_okay=False),
    ] = Path("."),
    layout: Annotated[
        str,
        typer.Option("--layout", metavar="hebei|henan|hunan|shanghai", help="表格版式（省份样式）。"),
    ] = "hebei",
    force: Annotated[bool, typer.Option("--force", help="检查发现错误时仍然生成文件。")] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="PATH",
            help="检查使用的配置文件（yusuan.toml 或 pyproject.toml）；默认从当前目录向上查找。",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    from yusuan.compose.inputs import load_disclosure
    from yusuan.render import FORMATS, LAYOUTS
    from yusuan.report.terminal import render_terminal
    from yusuan.rules import Severity, check

    formats = [f.strip().lower() for f in to.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if not formats or unknown:
        what = f"不支持的输出格式“{'、'.join(unknown)}”" if unknown else "--to 没有给出输出格式"
        _err(f"错误：{what}。可用的格式：{'、'.join(FORMATS)}，例如 --to docx,xlsx,pdf,html。")
        raise typer.Exit(EXIT_ERROR)
    if layout not in LAYOUTS:
        _err(f"错误：未知的版式“{layout}”。可用的版式：{'、'.join(LAYOUTS)}。")
        raise typer.Exit(EXIT_ERROR)
    try:
        settings = _check_config(config)
        loaded = load_disclosure(source)
        _err(f"已读取{loaded.kind.value}：{source}")
        report = check(loaded.disclosure, settings)
    except YusuanError as exc:
        _err(f"错误：{exc}" if exc.source else f"错误：{source}：{exc.message}")
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        if debug:
            traceback.print_exc(file=sys.stderr)
        _err(_internal_error_message(exc, str(source)))
        raise typer.Exit(EXIT_ERROR) from None
    from yusuan.compose import consistency

    entered = consistency(loaded.budget) if loaded.budget is not None else ()
    errors = len(entered) + sum(1 for f in report.findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in report.findings if f.severity is Severity.WARNING)
    for problem in entered:
        _write_stdout(f"录入数据不一致：{problem}\n", utf8_only=False)
    if errors > len(entered) or warnings:
        _write_stdout(render_terminal([report], config=settings.source), utf8_only=False)
    if errors and not force:
        _err(f"错误：数据检查发现 {errors} 处错误，未生成文件。请改正后重试，或加 --force 强制生成。")
        raise typer.Exit(EXIT_FINDINGS)
    if errors:
        _err(f"注意：数据检查发现 {errors} 处错误，按 --force 仍然生成。")
    elif warnings:
        _err(f"注意：数据检查发现 {warnings} 条警告（见上），文件照常生成。")
    from yusuan.render import render_files

    try:
        written = render_files(
            loaded.disclosure, formats, out_dir, _render_stem(loaded.disclosure, source.stem), layout=layout
        )
    except YusuanError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        if debug:
            traceback.print_exc(file=sys.stderr)
        _err(_internal_error_message(exc, str(source)))
        raise typer.Exit(EXIT_ERROR) from None
    for path in written:
        _err(f"已生成：{path}")
    _err(f"共生成 {len(written)} 个文件，位于 {out_dir}。")


# --------------------------------------------------------------------------------------------
# codes


codes_app = typer.Typer(
    name="codes",
    cls=_ChineseGroup,
    help=HELP_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(codes_app, name="codes")


@codes_app.command("import", cls=_ChineseCommand, help=HELP_CODES_IMPORT)
def codes_import_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="财政部《政府收支分类科目》的科目表（Excel 或 CSV）。",
            show_default=False,
        ),
    ],
    year: Annotated[
        int,
        typer.Option("--year", metavar="YYYY", help="科目表适用的预算年度，例如 2025。", min=2000, max=2100),
    ],
    debug: DebugOption = False,
) -> None:
    try:
        if not file.is_file():
            raise UnreadableInput("文件不存在，请检查路径。", source=str(file))
        result = IMPORT_CODES(file, year)
    except YusuanError as exc:
        source = exc.source or str(file)
        _err(f"错误：{source}：{exc.message}")
        raise typer.Exit(EXIT_ERROR) from None
    lines = [f"已导入 {result.rows_imported} 行 {year} 年科目，保存在：{result.path}"]
    lines += [f"未导入：{_one_line(str(note))}" for note in getattr(result, "skipped", None) or ()]
    _write_stdout("\n".join(lines) + "\n", utf8_only=False)
    stated = getattr(result, "stated_year", None)
    if stated is not None and stated != year:
        _err(f"注意：{file}：文件标题写的是 {stated} 年的科目，而 --year 为 {year}，请确认年度。")


class ImportResult(Protocol):
    """What :func:`yusuan.reference.import_official` returns (it may also carry ``skipped``, the
    rows left out and why, and ``stated_year``, the year the file's title names)."""

    @property
    def rows_imported(self) -> int: ...

    @property
    def path(self) -> Path: ...


def _import_official(path: Path, year: int) -> ImportResult:
    """Load an official code list into the user's data directory (:mod:`yusuan.reference`)."""
    try:
        reference = importlib.import_module("yusuan.reference")
    except ModuleNotFoundError as exc:
        if exc.name != "yusuan.reference":
            raise
        reference = None
    function = getattr(reference, "import_official", None)
    if function is None:
        raise YusuanError("本版本尚不支持导入科目表（缺少 yusuan.reference.import_official）。")
    result: ImportResult = function(path, year)
    return result


# Tests replace this to run the command without the reference data module.
IMPORT_CODES: Callable[[Path, int], ImportResult] = _import_official


# --------------------------------------------------------------------------------------------
# serve (the web app, yusuan.web; needs the web extra)


HELP_SERVE = (
    "启动网页应用：上传并检查文件（可一次上传多个），浏览和检索文件库，查看部门各年度情况，"
    "用图表比较部门和年度；同时提供 JSON 接口（说明见 /docs）。需要安装可选组件 yusuan\\[web]。"
)


@app.command("serve", cls=_ChineseCommand, help=HELP_SERVE)
def serve_command(
    db: Annotated[
        str,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="文件库：DuckDB 数据库文件路径，或 PostgreSQL 连接地址（postgresql://…）。",
        ),
    ] = "yusuan.duckdb",
    host: Annotated[str, typer.Option("--host", metavar="HOST", help="监听地址。")] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option("--port", metavar="PORT", help="监听端口（0 = 自动选择空闲端口）。", min=0, max=65535),
    ] = 8000,
    data_dir: Annotated[
        Path,
        typer.Option(
            "--data-dir", metavar="DIR", help="保存上传文件的目录（按内容哈希命名）。", file_okay=False
        ),
    ] = Path("yusuan-uploads"),
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", metavar="MB", help="单个上传文件的大小上限（MB）。", min=0.01)
    ] = 20.0,
    debug: DebugOption = False,
) -> None:
    try:
        from yusuan.web.server import serve
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("yusuan"):
            raise
        _err(f"错误：网页应用需要安装可选组件：pip install 'yusuan[web]'（缺少 {exc.name}）。")
        raise typer.Exit(EXIT_ERROR) from None
    try:
        serve(db, data_dir, host=host, port=port, max_upload_mb=max_upload_mb, announce=_announce)
    except YusuanError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_ERROR) from None
    except OSError as exc:
        _err(f"错误：{data_dir}：无法使用数据目录（{exc.strerror or exc}）。请换一个 --data-dir。")
        raise typer.Exit(EXIT_ERROR) from None


def _announce(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------------------------
# store: ingest, query, export (docs/store.md)

HELP_INGEST = (
    "把预算公开文件解析、检查后存入数据库（默认是当前目录下的 DuckDB 文件 yusuan.duckdb；"
    "也可以是 postgresql:// 地址）。给出文件夹时导入其中的每个文件。\n\n"
    "同一内容的文件再次导入不会改变数据库；同一部门、年度、类型、范围的新文件作为新版本保存，"
    "最新导入的为当前版本。多个进程并行解析；某个文件失败不影响其他文件，最后列出失败的文件和原因。"
    "退出码：0 = 全部成功（含未变的文件）；1 = 有文件失败；2 = 参数、路径或数据库有问题，什么也没有导入。"
)
HELP_QUERY = (
    "对数据库中的文件运行现成的分析，如一个部门的历年预算、同一年度各部门对比、“三公”经费排名及变化、"
    "基本支出与项目支出占比、某功能科目在各部门的支出、各部门检查发现的问题。\n\n"
    "不给出查询名称时列出全部查询及其条件。结果可以输出为表格（默认）、CSV、JSON 或 Parquet；金额单位为万元。"
)
HELP_EXPORT = "把数据库中的全部表和视图导出为 Parquet 文件（每个表或视图一个文件），供分析人员使用。"
DEFAULT_DB = "yusuan.duckdb"

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        metavar="DB",
        envvar="YUSUAN_DB",
        help="数据库：DuckDB 文件路径，或 postgresql://用户:密码@主机:端口/数据库名。",
    ),
]


class QueryFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    PARQUET = "parquet"


def _store_error(exc: YusuanError) -> NoReturn:
    _err(f"错误：{exc}")
    raise typer.Exit(EXIT_ERROR)


def _open_store_for_reading(db: str) -> Any:
    from yusuan.store import open_store
    from yusuan.store.backend import is_postgres_url

    if not is_postgres_url(db) and "://" not in db and not Path(db).is_file():
        raise YusuanError(
            "数据库文件不存在。请先用 yusuan ingest 导入文件，或用 --db 给出正确的路径。", source=db
        )
    return open_store(db, read_only=not is_postgres_url(db))


@app.command("ingest", cls=_ChineseCommand, help=HELP_INGEST)
def ingest_command(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="要导入的文件或文件夹，可以有多个。", show_default=False),
    ],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[
        int | None,
        typer.Option("--workers", metavar="N", help="并行解析的进程数；默认等于处理器核数。", min=1, max=256),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress", help="是否显示进度条；默认在终端中显示。", show_default=False
        ),
    ] = None,
    folders_as_documents: Annotated[
        bool,
        typer.Option(
            "--folder-is-document", help="每个给出的文件夹作为一份公开文件（如说明 PDF 加表格 XLSX）。"
        ),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="PATH",
            help="检查配置文件（yusuan.toml 或 pyproject.toml）；默认从当前目录向上查找。",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    from yusuan.store import open_store

    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        _err(f"错误：{p}：文件或文件夹不存在，请检查路径。")
    if missing:
        _err("没有导入任何文件。")
        raise typer.Exit(EXIT_ERROR)
    try:
        settings = _check_config(config)
        store = open_store(db)
    except YusuanError as exc:
        _store_error(exc)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        with store:
            result = store.ingest_paths(
                paths,
                workers=workers,
                progress=show,
                config=settings,
                folders_as_documents=folders_as_documents,
            )
    except YusuanError as exc:
        _store_error(exc)
    if not result.items:
        _err("错误：给出的文件夹中没有可导入的文件（支持 .txt .pdf .docx .doc .xlsx .xls .html .json）。")
        raise typer.Exit(EXIT_ERROR)
    rate = len(result.items) / result.seconds if result.seconds > 0 else 0.0
    _write_stdout(
        f"导入完成：新增 {len(result.added)} 份，新版本 {len(result.revised)} 份，未变 {len(result.unchanged)} 份，"
        f"失败 {len(result.failed)} 份（共 {len(result.items)} 个文件，用时 {result.seconds:.1f} 秒，"
        f"每秒 {rate:.0f} 份，{result.workers} 个进程）。数据库：{store.describe()}\n",
        utf8_only=False,
    )
    if result.failed:
        for item in result.failed:
            _err(f"失败：{item.source}：{_one_line(item.message or '')}")
        raise typer.Exit(EXIT_FINDINGS)


def _query_listing() -> str:
    from yusuan.store import QUERIES

    lines = ["可用的查询（yusuan query 名称 [条件]）：", ""]
    for spec in QUERIES.values():
        lines.append(f"{spec.name}　{spec.title}")
        lines.append(f"    {spec.description}")
        conditions = "；".join(
            f"--{p.name} {'（必填）' if p.required else ''}{p.label}"
            for p in spec.params
            if p.name not in ("limit", "exact")
        )
        exact = "；--exact 部门全称匹配" if spec.param("exact") else ""
        lines.append(f"    条件：{conditions}{exact}；--limit 最多行数")
        lines.append("")
    return "\n".join(lines)


def _cell(value: object) -> str:
    from decimal import Decimal

    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _is_number(value: object) -> bool:
    from decimal import Decimal

    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def render_query(result: Any, fmt: QueryFormat) -> str:
    """A query result as a table (Chinese headers), CSV or JSON (column names)."""
    if fmt is QueryFormat.CSV:
        import csv

        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([[_cell(v) for v in row] for row in result.rows])
        return text.getvalue()
    if fmt is QueryFormat.JSON:
        data = {
            "query": result.name,
            "title": result.title,
            "params": dict(result.params),
            "unit": "万元",
            "columns": [
                {"name": n, "label": lb} for n, lb in zip(result.columns, result.labels, strict=True)
            ],
            "rows": [
                {
                    n: v if v is None or isinstance(v, int | str) else _cell(v)
                    for n, v in zip(result.columns, row, strict=True)
                }
                for row in result.rows
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # Wide enough for any row: a table is read whole, lines are not wrapped (trailing spaces cut).
    console = Console(record=True, file=io.StringIO(), width=2000, color_system=None, markup=False)
    table = RichTable(title=f"{result.title}（金额单位：万元）", box=box.SIMPLE_HEAD, title_justify="left")
    for index, label in enumerate(result.labels):
        numeric = any(_is_number(row[index]) for row in result.rows)
        table.add_column(Text(label), justify="right" if numeric else "left", overflow="fold")
    for row in result.rows:
        table.add_row(*(Text(_cell(v)) for v in row))
    console.print(table)
    console.print(Text(f"共 {len(result.rows)} 行。"))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


@app.command("query", cls=_ChineseCommand, help=HELP_QUERY)
def query_command(
    name: Annotated[
        str | None,
        typer.Argument(metavar="NAME", help="查询名称；不给出时列出全部查询。", show_default=False),
    ] = None,
    db: DbOption = DEFAULT_DB,
    department: Annotated[
        str | None,
        typer.Option("--department", metavar="TEXT", help="部门名称中包含的文字。", show_default=False),
    ] = None,
    exact: Annotated[
        bool,
        typer.Option("--exact", help="--department 须是部门（单位）全称，而不是名称中包含的文字。"),
    ] = False,
    year: Annotated[
        int | None, typer.Option("--year", metavar="YYYY", help="预算年度。", show_default=False)
    ] = None,
    code: Annotated[
        str | None,
        typer.Option(
            "--code", metavar="CODE", help="支出功能分类科目编码（function-code 查询）。", show_default=False
        ),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", metavar="预算|决算", help="只看预算或决算。", show_default=False)
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", help="最多输出多少行。", min=1, show_default=False)
    ] = None,
    fmt: Annotated[
        QueryFormat,
        typer.Option("--format", metavar="table|csv|json|parquet", help="输出格式。", case_sensitive=False),
    ] = QueryFormat.TABLE,
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="写入文件 OUT（parquet 格式必须给出）。",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    if name is None:
        _write_stdout(_query_listing(), utf8_only=False)
        return
    if fmt is QueryFormat.PARQUET and out is None:
        _err("错误：--format parquet 需要用 -o 给出输出文件，例如 -o result.parquet。")
        raise typer.Exit(EXIT_ERROR)
    filters = {
        "department": department,
        "exact": exact or None,
        "year": year,
        "code": code,
        "kind": kind,
        "limit": limit,
    }
    try:
        from yusuan.store import QUERIES

        spec = QUERIES.get(name)
        if spec is not None:
            # Options a query does not take are ignored only when not given.
            extra = [k for k, v in filters.items() if v is not None and spec.param(k) is None]
            if extra:
                raise YusuanError(
                    f"查询 {name} 不支持条件 {'、'.join('--' + k for k in extra)}。运行 “yusuan query” 查看各查询的条件。"
                )
        with _open_store_for_reading(db) as store:
            result = store.query(name, **filters)
    except YusuanError as exc:
        _store_error(exc)
    if fmt is QueryFormat.PARQUET:
        from yusuan.store.export import rows_to_parquet

        assert out is not None
        try:
            rows_to_parquet(result.columns, result.rows, out)
        except Exception as exc:
            _err(f"错误：{out}：无法写入 Parquet 文件（{_one_line(str(exc))[:200]}）。请检查路径和权限。")
            raise typer.Exit(EXIT_ERROR) from None
        _err(f"已写入：{out}（{len(result.rows)} 行）")
        return
    _write_output(render_query(result, fmt), out, utf8_only=fmt is not QueryFormat.TABLE)


@app.command("export", cls=_ChineseCommand, help=HELP_EXPORT)
def export_command(
    parquet: Annotated[
        Path,
        typer.Option("--parquet", metavar="DIR", help="导出到这个文件夹（不存在时新建）。", file_okay=False),
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    try:
        with _open_store_for_reading(db) as store:
            written = store.export_parquet(parquet)
    except YusuanError as exc:
        _store_error(exc)
    _write_stdout(
        f"已导出 {len(written)} 个 Parquet 文件到 {parquet}：{'、'.join(p.stem for p in written)}\n",
        utf8_only=False,
    )


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
        what = _missing_parameter(exc, ctx)
    elif name in ("BadOptionUsage", "BadArgumentUsage"):
        option = getattr(exc, "option_name", "") or ""
        if option and "requires an argument" in detail:
            what = f"选项 {option} 后面缺少取值"
        else:
            what = f"选项 {option} 用法不对（{detail}）" if option else f"用法不对（{detail}）"
    elif name == "BadParameter":
        what = _bad_parameter(exc, detail)
    elif no_command:
        hint = f"（是否想用 {no_command.group(2)}？）" if no_command.group(2) else ""
        what = f"没有 {no_command.group(1)} 这个命令{hint}"
    else:
        what = f"命令用法不对（{detail}）"
    return f"错误：{what}。运行 “{command} --help” 查看用法。"


_MISSING_FILE = {"parse": "缺少要解析的文件", "check": "缺少要检查的文件", "import": "缺少要导入的文件"}


def _option_name(param: Any) -> str:
    opts = list(getattr(param, "opts", None) or [])
    return max(opts, key=len) if opts else str(getattr(param, "name", "") or "")


def _missing_parameter(exc: Any, ctx: Any) -> str:
    param = getattr(exc, "param", None)
    if getattr(param, "param_type_name", "") == "option":
        return f"缺少选项 {_option_name(param)}"
    label = getattr(param, "metavar", None) or getattr(param, "name", None) or ""
    if label in ("FILE", "files", "file"):
        return _MISSING_FILE.get(getattr(getattr(ctx, "command", None), "name", ""), "缺少文件")
    return f"缺少参数 {label}".rstrip()


def _bad_parameter(exc: Any, detail: str) -> str:
    """``--fail-on`` 的取值 bad 无效 …: Click's messages for choices, integers and ranges, in Chinese."""
    name = _option_name(getattr(exc, "param", None))
    choice = re.search(r"'([^']*)' is not one of (.*?)\.?$", detail)
    if choice:
        values = "、".join(re.findall(r"'([^']*)'", choice.group(2)))
        return f"{name} 的取值 {choice.group(1)} 无效，可选：{values}"
    if "valid integer" in detail:
        return f"{name} 应是整数"
    bound = re.search(r"(greater|less) than or equal to (\S+?)\.?$", detail)
    if bound:
        return f"{name} 的取值不能{'小' if bound.group(1) == 'greater' else '大'}于 {bound.group(2)}"
    outside = re.search(r"(\S+) is not in the range (\S+?)\.?$", detail)
    if outside:
        return f"{name} 的取值 {outside.group(1)} 超出范围 {outside.group(2)}"
    return f"参数取值不对（{detail}）"


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
