"""What the renderers share: headings, places written like a compiler's diagnostics, grouping."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from yusuan.model import Disclosure
from yusuan.report.labels import KIND_LABELS
from yusuan.rules import Finding, Location, Severity

__all__ = ["KIND_LABELS"]

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
TEXT_GROUP = "情况说明"
DOCUMENT_GROUP = "整份文件"
SNIPPET = 40


def heading(d: Disclosure) -> str:
    """``沅江市医疗保障局　2024 年部门预算``."""
    name = d.department or "（未识别到单位名称）"
    year = f"{d.year} 年" if d.year else "年度未识别 "
    scope = d.scope.value if d.scope else ""
    return f"{name}　{year}{scope}{d.kind.value}"


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
