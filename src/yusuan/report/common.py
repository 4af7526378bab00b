"""What the renderers share: headings, places written like a compiler's diagnostics, grouping."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from yusuan.model import Disclosure, TableKind
from yusuan.rules import CheckReport, Finding, Location, Severity

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
TEXT_GROUP = "情况说明"
DOCUMENT_GROUP = "整份文件"
SNIPPET = 40

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


def heading(d: Disclosure) -> str:
    """``沅江市医疗保障局　2024 年部门预算``."""
    name = d.department or "（未识别到单位名称）"
    year = f"{d.year} 年" if d.year else "年度未识别 "
    scope = d.scope.value if d.scope else ""
    return f"{name}　{year}{scope}{d.kind.value}"


def counts_text(report: CheckReport) -> str:
    """``错误 2 处，警告 1 处，提示 0 处``."""
    summary = report.summary
    return "，".join(f"{s.label} {summary[s.value]} 处" for s in SEVERITIES)


def skipped_text(d: Disclosure) -> str:
    return "；".join(d.skipped) or "原因未知"


def snippet(text: str, size: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def position(loc: Location) -> str:
    """``第3页 第307行`` (``说明.pdf 第3页`` where the document combines several files)."""
    parts = []
    source = getattr(loc, "source", None)  # set on places in a document read from a folder
    if source:
        parts.append(PurePath(str(source)).name)
    if loc.page is not None:
        parts.append(f"第{loc.page}页")
    if loc.line is not None:
        parts.append(f"第{loc.line}行")
    return " ".join(parts)


def where(loc: Location, within: str | None = None) -> str:
    """The place without its position: ``《支出总表》 2101501 行政运行 “合计”列``.

    ``within``: the title of the table being described, left out when the place is in it.
    """
    parts: list[str] = []
    if loc.table_title and loc.table_title != within:
        parts.append(f"《{loc.table_title}》")
    row = " ".join(p for p in (loc.row_code, loc.row_name) if p)
    if row:
        parts.append(row)
    if loc.column_label:
        parts.append(f"“{loc.column_label}”列")
    if loc.text and not parts:
        parts.append(f"{TEXT_GROUP}“{snippet(loc.text)}”")
    return " ".join(parts)


def place(loc: Location, within: str | None = None) -> str:
    """The whole place: ``《支出总表》 2101501 行政运行 “合计”列 第307行``."""
    return " ".join(p for p in (where(loc, within), position(loc)) if p) or "（位置未知）"


def place_with_value(loc: Location, within: str | None = None) -> str:
    value = f"（{loc.value}）" if loc.value is not None else ""
    return place(loc, within) + value


def group_name(finding: Finding) -> str:
    """Where a finding belongs: the table or the text of its first place (the one it is about)."""
    first = finding.locations[0]
    if first.table_title:
        return f"《{first.table_title}》"
    if first.text:
        return TEXT_GROUP
    titled = next((loc.table_title for loc in finding.locations if loc.table_title), None)
    return f"《{titled}》" if titled else DOCUMENT_GROUP


@dataclass(frozen=True)
class Grouped:
    """Findings of one severity, by table in order of first appearance."""

    severity: Severity
    groups: list[tuple[str, list[Finding]]]

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.groups)


def by_severity_and_table(findings: Iterable[Finding]) -> list[Grouped]:
    result = []
    items = list(findings)
    for severity in SEVERITIES:
        groups: dict[str, list[Finding]] = {}
        for f in items:
            if f.severity is severity:
                groups.setdefault(group_name(f), []).append(f)
        if groups:
            result.append(Grouped(severity, list(groups.items())))
    return result


def split_rounding(findings: Sequence[Finding], show_rounding: bool) -> tuple[list[Finding], list[Finding]]:
    """(findings to show one by one, rounding findings collapsed into one line)."""
    if show_rounding:
        return list(findings), []
    shown = [f for f in findings if not f.rounding]
    return shown, [f for f in findings if f.rounding]


def rounding_line(count: int, hint: str = "") -> str:
    return f"另有 {count} 处差异在四舍五入误差范围内{hint}。"
