"""The HTML report of a check: one self-contained page (inline CSS, no scripts, no external assets).

Per file: the summary, the findings with anchors, each table that has findings rendered from the
parsed :class:`~yusuan.model.Table` with the cells involved highlighted (linked to the finding,
the finding's message as tooltip), and for findings about the text the paragraph with the
sentence and the figure highlighted. Everything taken from a document is escaped: documents are
untrusted input.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan import __version__
from yusuan.model import Column, Disclosure, Paragraph, Row, Table
from yusuan.report.common import (
    KIND_LABELS,
    SEVERITIES,
    heading,
    place,
    rounding_line,
    skipped_text,
)
from yusuan.rules import CheckReport, Finding, Location
from yusuan.rules.catalog import rule_by_id

Failure = tuple[str, str]  # (file, Chinese message)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_html(
    reports: Sequence[CheckReport],
    *,
    failures: Sequence[Failure] = (),
    show_rounding: bool = False,
    config: str | None = None,
) -> str:
    """One HTML page for every file checked (and a list of the files that could not be read)."""
    sections = [FileSection(i, r, show_rounding).render() for i, r in enumerate(reports, 1)]
    body = [_overview(reports, failures, config), *sections]
    title = heading(reports[0].disclosure) if len(reports) == 1 else "预算公开文件检查报告"
    return _page(f"检查报告：{title}", "\n".join(body))


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}\n"
        f"<footer>由 yusuan {esc(__version__)} 生成。高亮的单元格和语句链接到对应的问题；鼠标悬停可查看问题说明。</footer>\n"
        "</body>\n</html>\n"
    )


def _overview(reports: Sequence[CheckReport], failures: Sequence[Failure], config: str | None) -> str:
    rows = "".join(
        f'<tr><td><a href="#d{i}">{esc(r.source)}</a></td><td>{esc(heading(r.disclosure))}</td>'
        + "".join(f'<td class="num">{r.summary[s.value]}</td>' for s in SEVERITIES)
        + "</tr>"
        for i, r in enumerate(reports, 1)
    )
    head = "".join(f"<th>{s.label}</th>" for s in SEVERITIES)
    parts = [
        "<header><h1>预算公开文件检查报告</h1>",
        f'<table class="overview"><thead><tr><th>文件</th><th>文件内容</th>{head}</tr></thead>',
        f"<tbody>{rows}</tbody></table>",
    ]
    if failures:
        items = "".join(f"<li>{esc(file)}：{esc(message)}</li>" for file, message in failures)
        parts.append(f'<div class="failures"><h2>无法读取的文件</h2><ul>{items}</ul></div>')
    if config:
        parts.append(f'<p class="meta">使用的配置文件：{esc(config)}</p>')
    parts.append("</header>")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# one file


@dataclass(frozen=True)
class Mark:
    """A finding pointing at a cell, a row or a table."""

    anchor: str  # the finding's id
    number: int  # its number in the list
    finding: Finding
    primary: bool  # the finding is about this place (its first location)

    @property
    def tooltip(self) -> str:
        return f"{self.number}. {self.finding.rule} {self.finding.severity.label}：{self.finding.message}"


@dataclass
class Marks:
    cells: dict[tuple[int, int, str], list[Mark]] = field(default_factory=dict)
    rows: dict[tuple[int, int], list[Mark]] = field(default_factory=dict)
    tables: dict[int, list[Mark]] = field(default_factory=dict)
    shown_tables: set[int] = field(default_factory=set)


class FileSection:
    """The section of the page for one checked file."""

    def __init__(self, index: int, report: CheckReport, show_rounding: bool) -> None:
        self.index = index
        self.report = report
        self.disclosure: Disclosure = report.disclosure
        self.show_rounding = show_rounding
        self.marks = Marks()
        for number, finding in enumerate(report.findings, 1):
            self._mark(number, finding)

    # --- ids ------------------------------------------------------------------------------
    def finding_id(self, number: int) -> str:
        return f"d{self.index}-f{number}"

    def table_id(self, ti: int) -> str:
        return f"d{self.index}-t{ti}"

    def row_id(self, ti: int, ri: int) -> str:
        return f"d{self.index}-t{ti}-r{ri}"

    def cell_id(self, ti: int, ri: int, key: str) -> str:
        ci = next((i for i, c in enumerate(self.disclosure.tables[ti].columns) if c.key == key), 0)
        return f"d{self.index}-t{ti}-r{ri}-c{ci}"

    def collapsed(self, finding: Finding) -> bool:
        return finding.rounding and not self.show_rounding

    # --- where each place is ----------------------------------------------------------------
    def resolve(self, loc: Location) -> tuple[int, int | None] | None:
        """(table index, row index or None) of a place in a table; None when it is not in one."""
        if not loc.table_title:
            return None
        tables = self.disclosure.tables
        candidates = [
            ti
            for ti, t in enumerate(tables)
            if t.title == loc.table_title and (loc.table_kind is None or t.kind.value == loc.table_kind)
        ]
        if not candidates:
            return None
        ti = next((ti for ti in candidates if _holds(tables[ti], loc.line)), candidates[0])
        return ti, _row_index(tables[ti], loc)

    def _mark(self, number: int, finding: Finding) -> None:
        for position, loc in enumerate(finding.locations):
            found = self.resolve(loc)
            if found is None:
                continue
            ti, ri = found
            mark = Mark(self.finding_id(number), number, finding, position == 0)
            if ri is not None and loc.column and loc.column in self.disclosure.tables[ti].rows[ri].values:
                self.marks.cells.setdefault((ti, ri, loc.column), []).append(mark)
            elif ri is not None:
                self.marks.rows.setdefault((ti, ri), []).append(mark)
            else:
                self.marks.tables.setdefault(ti, []).append(mark)
            if not self.collapsed(finding):
                self.marks.shown_tables.add(ti)

    def anchor_of(self, loc: Location) -> str | None:
        found = self.resolve(loc)
        if found is None or found[0] not in self.marks.shown_tables:
            return None  # not in a table, or in one shown only for collapsed rounding findings
        ti, ri = found
        if ri is None:
            return self.table_id(ti)
        row = self.disclosure.tables[ti].rows[ri]
        if loc.column and loc.column in row.values:
            return self.cell_id(ti, ri, loc.column)
        return self.row_id(ti, ri)

    # --- rendering --------------------------------------------------------------------------
    def render(self) -> str:
        d = self.disclosure
        parts = [
            f'<section class="file" id="d{self.index}">',
            f"<h2>{esc(heading(d))}</h2>",
            f'<p class="meta">文件：{esc(self.report.source)}</p>',
            self._summary(),
        ]
        if d.partial:
            parts.append(
                f'<p class="partial">注意：文件不完整，只检查了读到的部分（已跳过：{esc(skipped_text(d))}）。</p>'
            )
        parts.append(self._findings())
        parts.extend(self._tables())
        parts.append("</section>")
        return "\n".join(parts)

    def _summary(self) -> str:
        badges = "".join(
            f'<span class="badge sev-{s.value}">{s.label} {self.report.summary[s.value]}</span>'
            for s in SEVERITIES
        )
        return f'<p class="summary">{badges}</p>'

    def _findings(self) -> str:
        numbered = list(enumerate(self.report.findings, 1))
        shown = [(n, f) for n, f in numbered if not self.collapsed(f)]
        collapsed = [(n, f) for n, f in numbered if self.collapsed(f)]
        if not numbered:
            return '<p class="clean">未发现问题。</p>'
        parts = ["<h3>问题清单</h3>"]
        if shown:
            parts.append('<ol class="findings">' + "".join(self._finding(n, f) for n, f in shown) + "</ol>")
        if collapsed:
            items = "".join(self._finding(n, f) for n, f in collapsed)
            parts.append(
                f'<details class="rounding"><summary>{esc(rounding_line(len(collapsed)))}</summary>'
                f'<ol class="findings">{items}</ol></details>'
            )
        return "\n".join(parts)

    def _finding(self, number: int, finding: Finding) -> str:
        rule = rule_by_id(finding.rule)
        title = f'<span class="title">{esc(rule.title)}</span>' if rule else ""
        parts = [
            f'<li id="{self.finding_id(number)}" value="{number}" class="finding sev-{finding.severity.value}">',
            f'<div class="head"><span class="rule">{esc(finding.rule)}</span>'
            f'<span class="badge sev-{finding.severity.value}">{finding.severity.label}</span>{title}</div>',
            f'<p class="message">{esc(finding.message)}</p>',
            _figures(finding),
            '<ul class="places">' + "".join(self._place(loc) for loc in finding.locations) + "</ul>",
            *(self._context(loc) for loc in finding.locations if loc.text),
            "</li>",
        ]
        return "".join(p for p in parts if p)

    def _place(self, loc: Location) -> str:
        value = f'<span class="value">（{esc(loc.value)}）</span>' if loc.value is not None else ""
        anchor = self.anchor_of(loc)
        text = esc(place(loc))
        if anchor:
            text = f'<a href="#{anchor}">{text}</a>'
        return f"<li>{text}{value}</li>"

    def _context(self, loc: Location) -> str:
        """The paragraph holding the sentence, the sentence and its figure highlighted."""
        sentence = loc.text or ""
        paragraph = _paragraph_for(self.disclosure.paragraphs, loc)
        before = after = ""
        if paragraph is not None:
            at = paragraph.text.find(sentence)
            before, after = paragraph.text[:at], paragraph.text[at + len(sentence) :]
        line = f'<span class="line">第 {loc.line} 行</span>' if loc.line is not None else ""
        marked = f'<mark class="sentence">{_figure_marked(sentence, loc.value)}</mark>'
        return f'<blockquote class="context">{line}{esc(before)}{marked}{esc(after)}</blockquote>'

    # --- tables -----------------------------------------------------------------------------
    def _tables(self) -> Iterator[str]:
        if not self.marks.shown_tables:
            return
        yield "<h3>涉及的表格</h3>"
        for ti in sorted(self.marks.shown_tables):
            yield self._table(ti, self.disclosure.tables[ti])

    def _table(self, ti: int, table: Table) -> str:
        meta = [f"第 {table.line} 行起"]
        if table.page is not None:
            meta.insert(0, f"第 {table.page} 页")
        if table.unit:
            meta.append(f"单位：{table.unit}")
        kind = KIND_LABELS.get(table.kind, "")
        links = _links(self.marks.tables.get(ti, []))
        parts = [
            f'<section class="table" id="{self.table_id(ti)}">',
            f'<h4>《{esc(table.title)}》<span class="kind">{esc(kind)}</span>{links}</h4>',
            f'<p class="meta">{esc(" · ".join(meta))}</p>',
            f'<div class="scroll"><table class="data">{self._grid(ti, table)}</table></div>',
        ]
        parts += [f'<p class="note">{esc(n)}</p>' for n in table.notes]
        parts.append("</section>")
        return "\n".join(parts)

    def _grid(self, ti: int, table: Table) -> str:
        blocks = _blocks(table, self._marked_keys(ti, table))
        head = "<th>行号</th>" + "".join(_block_head(b) for b in blocks)
        body = []
        for line, by_section in _lines(table):
            cells = [f'<td class="line">{line}</td>']
            classes: list[str] = []
            for block in blocks:
                ri = by_section.get(block.section)
                cells.append(self._block_cells(ti, block, ri))
                if ri is not None and (ti, ri) in self.marks.rows:
                    classes.append(_hit_class(self.marks.rows[(ti, ri)], "row"))
            body.append(self._row(ti, by_section, classes, "".join(cells)))
        return f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"

    def _marked_keys(self, ti: int, table: Table) -> dict[str | None, set[str]]:
        """Keys of the highlighted cells of a table, by section."""
        marked: dict[str | None, set[str]] = {}
        for t, row, key in self.marks.cells:
            if t == ti:
                marked.setdefault(table.rows[row].section, set()).add(key)
        return marked

    def _row(self, ti: int, by_section: dict[str | None, int], classes: list[str], cells: str) -> str:
        marked = [ri for ri in by_section.values() if (ti, ri) in self.marks.rows]
        if not marked:
            return f"<tr>{cells}</tr>"
        marks = self.marks.rows[(ti, marked[0])]
        return (
            f'<tr id="{self.row_id(ti, marked[0])}" class="{" ".join(classes)}" '
            f'title="{esc(_tooltip(marks))}">{cells}</tr>'
        )

    def _block_cells(self, ti: int, block: Block, ri: int | None) -> str:
        width = len(block.columns) + 1 + (1 if block.codes else 0)
        if ri is None:
            return "<td></td>" * width
        row = self.disclosure.tables[ti].rows[ri]
        cells = []
        if block.codes:
            cells.append(f'<td class="code">{esc(row.code or row.unit_code or "")}</td>')
        links = _links(self.marks.rows.get((ti, ri), []))
        cells.append(f'<td class="name lv{row.level or 0}">{esc(row.name)}{links}</td>')
        cells += [self._cell(ti, ri, row, c) for c in block.columns]
        return "".join(cells)

    def _cell(self, ti: int, ri: int, row: Row, column: Column) -> str:
        value = row.values.get(column.key)
        text = "" if value is None else esc(value)
        marks = self.marks.cells.get((ti, ri, column.key))
        if not marks:
            return f'<td class="num">{text}</td>'
        return (
            f'<td id="{self.cell_id(ti, ri, column.key)}" class="num {_hit_class(marks, "cell")}" '
            f'title="{esc(_tooltip(marks))}">{text}{_links(marks)}</td>'
        )


# --------------------------------------------------------------------------------------------
# helpers


def _holds(table: Table, line: int | None) -> bool:
    return line is not None and (line == table.line or any(r.line == line for r in table.rows))


def _row_index(table: Table, loc: Location) -> int | None:
    if loc.line is None:
        return None
    rows = [(ri, r) for ri, r in enumerate(table.rows) if r.line == loc.line]
    if loc.column:
        keyed = [(ri, r) for ri, r in rows if loc.column in r.values]
        rows = keyed or rows
    named = [(ri, r) for ri, r in rows if loc.row_name is None or r.name == loc.row_name]
    rows = named or rows
    return rows[0][0] if rows else None


@dataclass(frozen=True)
class Block:
    """Columns printed side by side for one section (收入 | 支出 …), or the whole table."""

    section: str | None
    columns: tuple[Column, ...]
    codes: bool


def _blocks(table: Table, marked: dict[str | None, set[str]]) -> list[Block]:
    """The blocks of a table; ``marked``: keys of highlighted cells by section, always shown."""
    sections: list[str | None] = []
    for row in table.rows:
        if row.section not in sections:
            sections.append(row.section)
    blocks = []
    for section in sections:
        rows = [r for r in table.rows if r.section == section]
        columns = (
            table.columns
            if len(sections) == 1
            else _section_columns(table, section, rows, marked.get(section, set()))
        )
        blocks.append(Block(section, columns, any(r.code or r.unit_code for r in rows)))
    return blocks or [Block(None, table.columns, False)]


def _section_columns(
    table: Table, section: str | None, rows: list[Row], marked: set[str]
) -> tuple[Column, ...]:
    """The columns of one side-by-side block: named after it (``expenditure.total``), else the
    columns its rows print a figure in, else the columns its rows have at all; and the columns
    of its highlighted cells."""

    def belongs(c: Column) -> bool:
        return bool(section) and (c.key == section or c.key.startswith(f"{section}."))

    present = [c for c in table.columns if any(c.key in r.values for r in rows)]
    filled = [c for c in present if any(r.values.get(c.key) is not None for r in rows)]
    chosen = {c.key for c in ([c for c in present if belongs(c)] or filled or present)}
    chosen |= {c.key for c in present if c.key in marked}
    return tuple(c for c in table.columns if c.key in chosen)


def _block_head(block: Block) -> str:
    code = "<th>编码</th>" if block.codes else ""
    labels = "".join(f"<th>{esc(c.label.replace('/', ' / '))}</th>" for c in block.columns)
    return f"{code}<th>项目</th>{labels}"


def _lines(table: Table) -> list[tuple[int, dict[str | None, int]]]:
    """Printed lines in order, each with the row of every section printed on it."""
    lines: dict[int, dict[str | None, int]] = {}
    order: list[int] = []
    for ri, row in enumerate(table.rows):
        key = row.line
        if key in lines and row.section in lines[key]:
            key = -ri - 1  # two rows of one section on one line: keep both
        if key not in lines:
            lines[key] = {}
            order.append(key)
        lines[key][row.section] = ri
    return [(table.rows[next(iter(lines[k].values()))].line, lines[k]) for k in order]


def _hit_class(marks: list[Mark], what: str) -> str:
    worst = max(marks, key=lambda m: m.finding.severity.rank).finding.severity
    kind = "hit" if any(m.primary for m in marks) else "rel"
    return f"{what}-{kind} sev-{worst.value}"


def _tooltip(marks: list[Mark]) -> str:
    return "\n".join(m.tooltip for m in _unique(marks))


def _links(marks: list[Mark]) -> str:
    if not marks:
        return ""
    return (
        '<sup class="links">'
        + "".join(f'<a href="#{m.anchor}">{m.number}</a>' for m in _unique(marks))
        + "</sup>"
    )


def _unique(marks: list[Mark]) -> list[Mark]:
    seen: set[str] = set()
    result = []
    for m in marks:
        if m.anchor not in seen:
            seen.add(m.anchor)
            result.append(m)
    return result


def _figures(finding: Finding) -> str:
    if finding.expected is None or finding.actual is None:
        return ""
    difference = finding.difference
    sign = "+" if difference is not None and difference > 0 else ""
    note = "（在四舍五入误差范围内）" if finding.rounding else ""
    return (
        f'<p class="figures">应为 <b>{esc(finding.expected)}</b>，印为 <b>{esc(finding.actual)}</b>，'
        f"相差 <b>{sign}{esc(difference)}</b>{note}</p>"
    )


def _paragraph_for(paragraphs: Sequence[Paragraph], loc: Location) -> Paragraph | None:
    if not loc.text:
        return None
    holding = [p for p in paragraphs if loc.text in p.text]
    before = [p for p in holding if loc.line is None or p.line <= loc.line]
    if before:
        return max(before, key=lambda p: p.line)
    return holding[0] if holding else None


def _figure_marked(sentence: str, value: Decimal | None) -> str:
    """The sentence escaped, every printing of the figure in <strong>."""
    if value is None:
        return esc(sentence)
    for printed in _printings(value):
        pattern = re.compile(rf"(?<![\d.,]){re.escape(printed)}(?![\d]|\.\d)")
        pieces = pattern.split(sentence)
        if len(pieces) > 1:
            figure = f'<strong class="figure">{esc(printed)}</strong>'
            return figure.join(esc(p) for p in pieces)
    return esc(sentence)


def _printings(value: Decimal) -> list[str]:
    """How a figure may be printed: 1234.50, 1,234.50, and the magnitude of a signed change."""
    magnitude = abs(value)
    forms = [str(value), f"{value:,}", str(magnitude), f"{magnitude:,}"]
    if magnitude == magnitude.to_integral_value():
        forms.append(str(magnitude.quantize(Decimal(1))))
    return list(dict.fromkeys(forms))


CSS = """
:root { --err: #b71c1c; --err-bg: #ffebee; --warn: #8d6e00; --warn-bg: #fff8e1;
  --info: #01579b; --info-bg: #e1f5fe; --line: #d0d7de; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
  sans-serif; margin: 0 auto; max-width: 1200px; padding: 1.5rem; color: #1f2328; line-height: 1.6; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid var(--line); padding-bottom: .3rem; }
h4 .kind { font-weight: normal; color: #57606a; margin-left: .6rem; font-size: .9em; }
a { color: inherit; }
.meta, footer { color: #57606a; font-size: .9rem; }
footer { margin-top: 3rem; border-top: 1px solid var(--line); padding-top: .5rem; }
table { border-collapse: collapse; }
.overview td, .overview th { border: 1px solid var(--line); padding: .2rem .6rem; }
.badge { display: inline-block; border-radius: 3px; padding: 0 .45rem; margin-right: .4rem;
  font-size: .85rem; }
.sev-error.badge { background: var(--err-bg); color: var(--err); }
.sev-warning.badge { background: var(--warn-bg); color: var(--warn); }
.sev-info.badge { background: var(--info-bg); color: var(--info); }
.partial, .failures { background: var(--warn-bg); border-left: 4px solid #f9a825; padding: .4rem .8rem; }
.clean { color: #1a7f37; font-weight: bold; }
ol.findings { padding-left: 2rem; }
.finding { margin-bottom: 1rem; border-left: 4px solid var(--line); padding-left: .6rem; }
.finding.sev-error { border-left-color: var(--err); }
.finding.sev-warning { border-left-color: #f9a825; }
.finding.sev-info { border-left-color: var(--info); }
.finding:target { background: #fffbdd; }
.rule { font-family: monospace; font-weight: bold; margin-right: .4rem; }
.title { font-weight: bold; }
.message { margin: .2rem 0; }
.figures { margin: .2rem 0; font-size: .9rem; }
.places { margin: .2rem 0; font-size: .9rem; color: #57606a; }
.context { margin: .4rem 0; padding: .4rem .8rem; background: #f6f8fa; border-left: 3px solid var(--line); }
.context .line { color: #57606a; font-size: .8rem; margin-right: .6rem; }
mark.sentence { background: #fff3bf; }
strong.figure { background: #ffc9c9; padding: 0 .1rem; }
details.rounding { margin: .6rem 0; color: #57606a; }
.scroll { overflow-x: auto; }
table.data { font-size: .85rem; margin: .4rem 0 1rem; }
table.data th, table.data td { border: 1px solid var(--line); padding: .15rem .4rem; vertical-align: top; }
table.data th { background: #f6f8fa; font-weight: normal; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.line { color: #8c959f; text-align: right; }
td.lv2 { padding-left: 1.2rem; } td.lv3 { padding-left: 2.2rem; }
td.cell-hit.sev-error { background: var(--err-bg); outline: 2px solid var(--err); }
td.cell-hit.sev-warning { background: var(--warn-bg); outline: 2px solid #f9a825; }
td.cell-hit.sev-info { background: var(--info-bg); outline: 1px dashed var(--info); }
td.cell-rel { background: #f3f0ff; }
tr.row-hit td, tr.row-rel td { background: #fffbdd; }
td:target, tr:target td { box-shadow: inset 0 0 0 2px #0969da; }
sup.links a { margin-left: .2rem; text-decoration: none; color: #0969da; }
.note { font-size: .85rem; color: #57606a; }
"""
