"""From a reader's blocks to the canonical :class:`~yusuan.model.Disclosure`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TypeVar

from yusuan.extract.facts import extract_facts
from yusuan.extract.kinds import looks_like_title, normalize_title
from yusuan.extract.projects import extract_projects
from yusuan.extract.segment import Chunk, is_meta_text, segment
from yusuan.extract.tables import build_table
from yusuan.formats.base import Blank, Block, CellRow, SourceDocument, TextLine
from yusuan.model import (
    AssetLine,
    Disclosure,
    DocumentKind,
    OrgUnit,
    Paragraph,
    ProcurementItem,
    Project,
    Row,
    Scope,
    Table,
    TableKind,
    TocEntry,
)

_DEPT_META = re.compile(
    r"^(?:部门|单位|预算单位|编制单位|编制部门|预算部门|预算主管部门|主管部门)(?:名称)?\s*[:：]\s*(.+?)"
    r"(?:\s+(?:金额)?单位\s*[:：].*)?$"
)
_CODE_META = re.compile(r"^(?:部门|单位)(?:编码|代码)\s*[:：]\s*(\d{3,})$")
_CODE_NAME = re.compile(r"^(\d{3,})\s*([^\d\s].*)$")
_UNIT_WORDS = re.compile(r"^(?:万元|元|千元|亿元)$")
# Organisation names end in one of these; a heading that names none is not about a department.
_ORG = r"(?:局|委员会|委|办公室|办事处|办|院|中心|所|站|馆|处|会|部|厅|政府|队|校|学|园|社|台|集团|公司|单位|机关|法院|检察院)(?:（[^）]*）|\([^)]*\))?"
_HEADING_DEPT = (
    re.compile(
        rf"^(?P<name>[^，。、：:；]{{2,40}}?{_ORG})\s*(?:19|20)\d{{2}}\s*年度?\s*(?:部门|单位)?(?:预算|决算)"
    ),
    re.compile(
        rf"^(?:19|20)\d{{2}}\s*年度?\s*(?P<name>[^，。、：:；]{{2,40}}?{_ORG})(?:部门|单位)?\s*(?:预算|决算)"
    ),
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_UNIT_META = re.compile(r"单位\s*[:：]\s*(万元|元)")
_YEAR_META = re.compile(r"预算年度\s*[:：]\s*((?:19|20)\d{2})")
_SPACES = re.compile(r"[\s\u3000]+")
# Every sign of a cut-off file ends with this; a combined disclosure judges the sign again.
CUT_OFF = "（文件可能不完整）"
_V = TypeVar("_V")
_S = TypeVar("_S")


def build_disclosure(document: SourceDocument) -> Disclosure:
    segmented = segment(document.blocks)
    unit = _document_unit(segmented.chunks)
    tables = tuple(build_table(chunk, unit) for chunk in segmented.chunks)
    paragraphs = tuple(Paragraph(p.text, p.line, p.page) for p in segmented.paragraphs)
    headings = [p.text for p in paragraphs[:60]] + [e.title for e in segmented.toc[:5]]
    meta_lines = [p.text for p in paragraphs if is_meta_text(p.text)]
    department, unit_code = _department(
        [*(t for c in segmented.chunks for t in c.meta), *meta_lines], headings, tables
    )
    toc = tuple(segmented.toc)
    last_block = next((b for b in reversed(document.blocks) if not isinstance(b, Blank)), None)
    skipped = [*document.skipped, *_truncation(tables, toc, paragraphs, last_block)]
    return Disclosure(
        source=document.source,
        department=department,
        unit_code=unit_code,
        year=_year(segmented.chunks, tables, headings),
        scope=_scope(tables, headings),
        kind=_kind(tables, headings),
        unit=unit,
        organization=_organization(tables),
        toc=toc,
        tables=tables,
        facts=extract_facts(paragraphs, tables),
        projects=extract_projects(tables),
        procurement=_procurement(tables),
        assets=_assets(tables),
        paragraphs=paragraphs,
        partial=bool(skipped),
        skipped=tuple(skipped),
        layout=document.layout,
    )


def combine_disclosures(
    parts: Sequence[tuple[str, Disclosure]], source: str, problems: Sequence[str] = ()
) -> Disclosure:
    """One disclosure from several files (named by the first item of each pair).

    Every item keeps the file it came from in ``source``, so its lines stay meaningful. Projects
    are read again over all tables, because goal tables and project budget tables may sit in
    different files.
    """
    with_tables = [d for _, d in parts if d.tables] or [d for _, d in parts]

    def vote(values: Iterable[_V | None]) -> _V | None:
        counted = Counter(v for v in values if v is not None)
        return counted.most_common(1)[0][0] if counted else None

    def tagged(items: Iterable[_S], name: str) -> list[_S]:
        return [replace(item, source=name) for item in items]  # type: ignore[type-var]

    tables = tuple(t for name, d in parts for t in tagged(d.tables, name))
    toc = tuple(e for name, d in parts for e in tagged(d.toc, name))
    paragraphs = tuple(p for name, d in parts for p in tagged(d.paragraphs, name))
    # A part alone may look cut off (an explanation without its tables): judge the whole again.
    read_notes = [f"{name}：{s}" for name, d in parts for s in d.skipped if not s.endswith(CUT_OFF)]
    skipped = [*problems, *read_notes, *_truncation(tables, toc, paragraphs, None)]
    return Disclosure(
        source=source,
        department=vote(d.department for d in with_tables) or vote(d.department for _, d in parts),
        unit_code=vote(d.unit_code for d in with_tables) or vote(d.unit_code for _, d in parts),
        year=vote(d.year for _, d in parts),
        scope=vote(d.scope for _, d in parts),
        kind=vote(d.kind for _, d in parts) or DocumentKind.BUDGET,
        unit=vote(d.unit for d in with_tables),
        organization=tuple(u for name, d in parts for u in tagged(d.organization, name)),
        toc=toc,
        tables=tables,
        # Read again against all tables: a text names function lines printed in another file.
        facts=tuple(f for name, d in parts for f in tagged(extract_facts(d.paragraphs, tables), name)),
        projects=tuple(_with_sources(extract_projects(tables), tables)),
        procurement=tuple(i for name, d in parts for i in tagged(d.procurement, name)),
        assets=tuple(a for name, d in parts for a in tagged(d.assets, name)),
        paragraphs=paragraphs,
        partial=bool(skipped),
        skipped=tuple(skipped),
        layout="+".join(sorted({d.layout for _, d in parts if d.layout})) or None,
    )


# Tables a disclosure prints once: finding one of them in two files means two disclosures.
_ONCE_PER_DISCLOSURE = frozenset(
    {
        TableKind.SUMMARY,
        TableKind.INCOME,
        TableKind.EXPENDITURE,
        TableKind.FISCAL_SUMMARY,
        TableKind.GENERAL_PUBLIC,
        TableKind.THREE_PUBLIC,
    }
)


def separate_disclosures(parts: Sequence[tuple[str, Disclosure]]) -> str | None:
    """Why these files are separate disclosures rather than parts of one (``None`` if they may
    be one): a table printed once per disclosure found in two files, or two different years.

    Combining, say, five complete disclosures of a folder would compare each one's text with
    the others' tables and report hundreds of differences that are not there."""
    years = sorted({d.year for _, d in parts if d.year is not None})
    if len(years) > 1:
        return f"年度不同：{'、'.join(str(y) for y in years)}"
    seen: dict[TableKind, str] = {}
    for name, disclosure in parts:
        for kind in dict.fromkeys(t.kind for t in disclosure.tables if t.kind in _ONCE_PER_DISCLOSURE):
            if kind in seen:
                title = next(t.title for t in disclosure.tables if t.kind is kind)
                return f"{seen[kind]} 和 {name} 都有《{normalize_title(title) or title}》"
            seen[kind] = name
    return None


def _with_sources(projects: Iterable[Project], tables: tuple[Table, ...]) -> Iterator[Project]:
    """A project's file is the file of the goal (or budget) table printed at its line."""
    for project in projects:
        table = next(
            (t for t in tables if any(r.line == project.line for r in t.raw) or t.line == project.line), None
        )
        yield replace(project, source=table.source if table else None)


# --- document metadata ---------------------------------------------------------------------


def _document_unit(chunks: list[Chunk]) -> str | None:
    units = Counter(
        m.group(1)
        for c in chunks
        for text in c.meta
        if "位" in text and (m := _UNIT_META.search(text.replace(" ", "")))
    )
    return units.most_common(1)[0][0] if units else None


def _department(
    meta: list[str], headings: list[str], tables: tuple[Table, ...]
) -> tuple[str | None, str | None]:
    """The department (or unit) name and code, from table headers first, then headings."""
    names: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    for text in (m.strip() for m in meta):
        if match := _CODE_META.match(text.replace(" ", "")):
            codes[match.group(1)] += 1
        elif match := _DEPT_META.match(text):
            value = _SPACES.sub("", match.group(1))
            if not _UNIT_WORDS.match(value) and value not in ("本级",):
                names[value] += 1
        elif match := _CODE_NAME.match(text):
            codes[match.group(1)] += 1
            names[_SPACES.sub("", match.group(2))] += 1
    name = names.most_common(1)[0][0] if names else _department_from_headings(headings)
    code = codes.most_common(1)[0][0] if codes else _unit_code_from_rows(name, tables)
    return name, code


def _department_from_headings(headings: Iterable[str]) -> str | None:
    for text in headings:
        compact = _SPACES.sub("", text)
        for pattern in _HEADING_DEPT:
            match = pattern.match(compact)
            if match and 2 <= len(match.group("name")) <= 40:
                return re.sub(r"^第[一二三四五六七八九十]+部分", "", match.group("name"))
    return None


def _unit_code_from_rows(name: str | None, tables: tuple[Table, ...]) -> str | None:
    if not name:
        return None
    for table in tables:
        for row in table.rows:
            if row.unit_code and _SPACES.sub("", row.name) == name:
                return row.unit_code
    return None


def _year(chunks: list[Chunk], tables: tuple[Table, ...], headings: list[str]) -> int | None:
    declared = Counter(int(m.group(1)) for c in chunks for t in c.meta if (m := _YEAR_META.search(t)))
    if declared:
        return declared.most_common(1)[0][0]
    # The tables' own years first: the text also names last year (与2023年预算相比 …).
    titled = Counter(t.year for t in tables if t.year is not None)
    if titled:
        return titled.most_common(1)[0][0]
    mentioned: Counter[int] = Counter()
    for text in headings:
        if "预算" in text or "决算" in text:
            mentioned.update(int(y) for y in _YEAR.findall(text.replace(" ", "")))
    return mentioned.most_common(1)[0][0] if mentioned else None


def _scope(tables: tuple[Table, ...], headings: list[str]) -> Scope | None:
    texts = [t.title for t in tables] + headings
    unit = sum("单位预算" in t or "单位决算" in t for t in texts)
    department = sum("部门预算" in t or "部门决算" in t for t in texts)
    if unit > department:
        return Scope.UNIT
    if department:
        return Scope.DEPARTMENT
    return None


def _kind(tables: tuple[Table, ...], headings: list[str]) -> DocumentKind:
    texts = [t.title for t in tables] + headings
    final = sum("决算" in t for t in texts)
    budget = sum("预算" in t for t in texts)
    return DocumentKind.FINAL_ACCOUNTS if final > budget else DocumentKind.BUDGET


# --- special tables ------------------------------------------------------------------------


def _attr(row: Row, *words: str) -> str | None:
    for label, value in row.attrs.items():
        if any(w in label for w in words):
            return value
    return None


def _organization(tables: tuple[Table, ...]) -> tuple[OrgUnit, ...]:
    units = []
    for table in tables:
        if table.kind is not TableKind.ORGANIZATION:
            continue
        for row in table.rows:
            name = row.name or _attr(row, "名称")
            if not name:
                continue
            units.append(
                OrgUnit(
                    name=name,
                    nature=_attr(row, "性质"),
                    rank=_attr(row, "规格", "级别"),
                    funding_form=_attr(row, "经费", "保障"),
                    line=row.line,
                    code=row.unit_code,
                )
            )
    return tuple(units)


def _procurement(tables: tuple[Table, ...]) -> tuple[ProcurementItem, ...]:
    items = []
    for table in tables:
        if table.kind is not TableKind.PROCUREMENT:
            continue
        for row in table.rows:
            item = _attr(row, "物品", "品目", "采购项目名称")
            if not item or _SPACES.sub("", row.name).endswith(("合计", "小计")):
                continue
            values = dict(row.values)
            items.append(
                ProcurementItem(
                    project=row.name,
                    item=item,
                    catalogue_code=row.code,
                    measure=_attr(row, "计量"),
                    quantity=values.get("quantity"),
                    unit_price=values.get("unit_price"),
                    amount=values.get("amount")
                    or next((v for k, v in values.items() if k.startswith("amount")), None),
                    line=row.line,
                    project_budget=values.get("project_budget"),
                    values=values,
                )
            )
    return tuple(items)


def _assets(tables: tuple[Table, ...]) -> tuple[AssetLine, ...]:
    lines = []
    for table in tables:
        if table.kind is not TableKind.ASSETS:
            continue
        for row in table.rows:
            name = row.name.strip()
            level = (
                0
                if _SPACES.sub("", name).endswith(("总额", "合计", "总计"))
                else 2
                if name.startswith("其中")
                else 1
            )
            lines.append(
                AssetLine(
                    name=name,
                    quantity=row.values.get("quantity"),
                    value=row.values.get("value"),
                    line=row.line,
                    level=level,
                )
            )
    return tuple(lines)


# --- partial reads -------------------------------------------------------------------------


def _truncation(
    tables: tuple[Table, ...],
    toc: tuple[TocEntry, ...],
    paragraphs: tuple[Paragraph, ...],
    last: Block | None,
) -> list[str]:
    """Signs that the document stops before its end (a file cut off half-way)."""
    problems = []
    listed = _unique_titles(e.title for e in toc if looks_like_title(e.title))
    found = {normalize_title(t.title) for t in tables}
    present = [_listed_found(title, found) for title in listed]
    if len(listed) >= 3 and not any(present):
        problems.append(f"目录列出了 {len(listed)} 张表格，但文件中一张也没有找到{CUT_OFF}")
    elif any(present) and not present[-1]:
        after = len(present) - 1 - max(i for i, p in enumerate(present) if p)
        # One missing last table is a defect of the document, not a sign of truncation; a file
        # that stops inside a table, or that misses everything after some point, was cut.
        if isinstance(last, CellRow) or after >= 2:
            problems.append(f"目录中最后 {after} 张表格均未找到{CUT_OFF}")
    if tables and sum(len(p.text) for p in paragraphs) < 200:
        problems.append(f"只找到表格，没有找到预算情况说明文字{CUT_OFF}")
    if isinstance(last, TextLine) and _ends_mid_sentence(last.text):
        problems.append(f"文件在第 {last.line} 行的句子中间结束{CUT_OFF}")
    if tables and _ends_mid_row(tables[-1]):
        table = tables[-1]
        problems.append(
            f"最后一张表「{table.title}」在第 {table.raw[-1].line} 行中断，之后的内容缺失{CUT_OFF}"
        )
    return problems


def _ends_mid_sentence(text: str) -> bool:
    """A long last line without closing punctuation: headings are short, sentences end in 。"""
    compact = _SPACES.sub("", text)
    return len(compact) >= 25 and not compact.endswith(tuple('。；！？.;!?）)”"：:'))


def _ends_mid_row(table: Table) -> bool:
    """The last row is shorter than the table's data rows all were: the file stops inside it."""
    if table.kind in (TableKind.PERFORMANCE_PROJECTS, TableKind.PERFORMANCE_OVERALL) or len(table.raw) < 3:
        return False
    widths = Counter(len(r.cells) for r in table.raw[:-1])
    usual, count = widths.most_common(1)[0]
    tail = len(table.raw[-1].cells)
    return count >= 2 and tail < usual - 1 and not table.notes


def _unique_titles(titles: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for title in titles:
        seen.setdefault(normalize_title(title), None)
    return list(seen)


def _listed_found(title: str, found: set[str]) -> bool:
    wanted = normalize_title(title)
    return any(wanted in f or f in wanted for f in found if f)
