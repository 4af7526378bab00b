"""PDF writer: a :class:`~yusuan.render.document.RenderedDocument` typeset by Typst.

Why Typst (the ``typst`` package: the Typst compiler, Apache-2.0, in a binary wheel)
----------------------------------------------------------------------------------------
Measured on one table of 100 rows × 8 columns with merged header cells, after warm-up, one core
(``/tmp``-style prototype, 2025 hardware, the machine shared with other jobs):

* ReportLab (BSD): 0.04 s — but it embeds only TrueType-outline fonts, and the Chinese fonts
  most users have (Debian's and Fedora's Noto CJK, Source Han, macOS' PingFang) are
  CFF-outline OpenType; it would tie yusuan to a handful of older TrueType fonts (文泉驿, AR PL).
* fpdf2 (LGPL-3.0): embeds CFF and TTC fonts, but took 0.9 s (0.25 s loading the font, 0.25 s
  subsetting it with fontTools, the rest laying out cells in Python): a 100-line budget would
  not fit the 2-second budget of all four formats.
* Typst: 0.12–0.15 s; embeds and subsets CFF, TrueType and collection fonts; tables with
  column and row spans whose header rows repeat on every page; line breaking by Chinese rules
  (no 。，、 at the start of a line); landscape pages mid-document; page numbers from a counter.

How
---
The document becomes one JSON value (``sys.inputs.doc``) read by a fixed Typst program
(:data:`TEMPLATE`): no text of the disclosure is ever spliced into Typst markup, so no text can
break or inject markup. Layout decisions that need the text — column widths, portrait or
landscape, the table font size — are taken here in Python (:func:`table_layout`), so they are
tested without Typst.

The PDF is read back by yusuan's own reader (``formats/pdf.py``: PDFium characters and ruling
lines), and the layout serves it as it serves a person: every cell ruled (a merged header cell
is one ruled box), amounts and codes never wrapped, a table title and its 单位/年度 line below
the top 10 % of the page (the reader takes text repeated there for a running header), page
numbers (``— 3 —``) in the bottom margin, no extra space between Chinese and Latin characters
(it would read as a typed space).
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yusuan.errors import YusuanError
from yusuan.render.document import (
    Align,
    Cell,
    CellRole,
    GridRow,
    Heading,
    PageBreak,
    RenderedDocument,
    TableBlock,
    TextBlock,
    place,
)
from yusuan.render.fonts import TYPST_MISSING, find_cjk_font

if TYPE_CHECKING:
    import typst

__all__ = ["TEMPLATE", "TableLayout", "render_pdf", "table_layout"]

# A4 in points and the page margins (the top margin keeps a table title below the top 10 % of
# the page, where the PDF reader looks for running headers).
_A4 = (595.28, 841.89)
_MARGIN_X = 56.0  # ~2 cm
_MARGIN_TOP = {False: 90.0, True: 68.0}  # portrait, landscape
_MARGIN_BOTTOM = 62.0
_PORTRAIT_WIDTH = _A4[0] - 2 * _MARGIN_X
_LANDSCAPE_WIDTH = _A4[1] - 2 * _MARGIN_X

_COVER_SIZE = 26.0  # the document's title on its cover page
_HEADING_SIZES = {1: 18.0, 2: 14.0, 3: 12.0}  # headings by level (points)
_TITLE_SIZE = 15.0  # a table title, smaller down to _TITLE_MIN where a long one would wrap
_TITLE_MIN = 10.0
_TABLE_SIZES = (9.0, 8.0, 7.0, 6.5)  # table font sizes tried, largest first (points)
_INSET_X = 3.0  # cell padding left and right (points)
_NARROW = 0.55  # width of a Latin letter or digit in em (CJK characters are 1 em)
_WRAP_MIN_EM = 6.0
# Room left beside the widest text of a column. Without it, the PDF reader takes an amount that
# fills its cell at the foot of a page for wrapped text going on, and joins the repeated header
# row at the top of the next page to it (a tight column in any PDF would be read so).
_SLACK_EM = 1.3  # a name or text column wraps, but keeps at least this many characters

_META_LABEL = re.compile(r"^[^：:]{1,8}[：:]")  # 单位：万元, 预算年度：2025
_COMPILE = threading.Lock()  # one compilation at a time per process (Typst caches are shared)

TEMPLATE = r"""
#let doc = json(bytes(sys.inputs.doc))
#set document(title: doc.title, author: doc.author)
#set text(font: doc.font, size: 10.5pt, lang: "zh", region: "cn", cjk-latin-spacing: none)
#set page(
  paper: "a4",
  margin: (x: doc.margin_x * 1pt, top: doc.margin_top * 1pt, bottom: doc.margin_bottom * 1pt),
  footer: context align(center, text(size: 9pt)[— #counter(page).display() —]),
)
#set par(justify: true, leading: 0.8em, spacing: 0.8em)
#set table.cell(breakable: false)

#let lines(s) = if type(s) == array { s.join(linebreak()) } else { s }

#let place-align(a) = if a == "right" { right + horizon } else if a == "center" { center + horizon } else { left + horizon }

// A cell is a string (plain text, aligned as its column) or a dictionary: t text (or lines),
// c/r column/row span, a alignment, i indent (em), b bold.
#let grid-cell(c) = if type(c) == str { c } else {
  let body = lines(c.t)
  if c.at("i", default: 0) > 0 { body = h(c.i * 1em) + body }
  if c.at("b", default: false) { body = text(weight: "bold", body) }
  if "a" in c or "c" in c or "r" in c {
    table.cell(colspan: c.at("c", default: 1), rowspan: c.at("r", default: 1),
      ..if "a" in c { (align: place-align(c.a)) }, body)
  } else { body }
}

#let print-table(t) = {
  block(breakable: false, width: 100%, {
    align(center, text(size: t.title_size * 1pt, weight: "bold", lines(t.title)))
    if t.meta.len() > 0 {
      // One line, parts apart (a reader takes each part for a line of its own); a part is
      // never broken, the line breaks between parts.
      set text(size: 9pt)
      set par(justify: false)
      if t.meta.len() == 1 { align(right, box(t.meta.at(0))) }
      else { t.meta.map(box).join(h(3em) + h(1fr)) }
    }
  })
  v(-0.3em)
  set text(size: t.size * 1pt)
  set par(justify: false, leading: 0.45em)
  table(
    columns: t.widths.map(w => w * 1pt),
    stroke: 0.5pt + black,
    inset: (x: doc.inset_x * 1pt, y: 0.42em),
    align: t.align.map(place-align),
    ..if t.header.len() > 0 { (table.header(..t.header.map(grid-cell)),) },
    ..t.body.map(grid-cell),
  )
  if t.notes.len() > 0 {
    set text(size: 9pt)
    set par(justify: false)
    v(0.2em)
    for n in t.notes { par(lines(n)) }
  }
}

#if doc.cover != "" {
  page(footer: none, {
    v(28%)
    align(center, text(size: doc.cover_size * 1pt, weight: "bold", doc.cover))
  })
  counter(page).update(1)
}

#for b in doc.blocks {
  if b.type == "heading" {
    if b.level == 1 { align(center, text(size: b.size * 1pt, weight: "bold", lines(b.text))) }
    else { block(above: 1.2em, below: 0.8em, text(size: b.size * 1pt, weight: "bold", lines(b.text))) }
  } else if b.type == "text" {
    par(first-line-indent: (amount: 2em, all: true), lines(b.text))
  } else if b.type == "break" {
    pagebreak(weak: true)
  } else if b.type == "table" {
    if b.landscape {
      page(flipped: true, margin: (x: doc.margin_x * 1pt, top: doc.margin_top_landscape * 1pt, bottom: doc.margin_bottom * 1pt), print-table(b))
    } else {
      print-table(b)
      v(1em)
    }
  }
}
"""


@dataclass(frozen=True, slots=True)
class TableLayout:
    """How one table is set: column widths (points), font size (points), page orientation."""

    widths: tuple[float, ...]
    size: float
    landscape: bool
    title_size: float = _TITLE_SIZE


def render_pdf(document: RenderedDocument) -> bytes:
    """The document as an A4 PDF with its Chinese font subset-embedded."""
    font = find_cjk_font()
    payload = json.dumps(_payload(document, font.family), ensure_ascii=False, separators=(",", ":"))
    compiler = _compiler(font.folder)
    with _COMPILE:
        try:
            data = compiler.compile(TEMPLATE.encode("utf-8"), sys_inputs={"doc": payload}, pdf_tags=False)
        except Exception as error:  # Typst reports its own errors; the user gets one Chinese line
            message = getattr(error, "message", str(error))
            raise YusuanError(f"生成PDF失败（排版程序报告：{message}）。请将输入文件反馈给开发者。") from None
    if not isinstance(data, bytes):  # pragma: no cover - compile() returns bytes without output=
        raise YusuanError("生成PDF失败：排版程序没有返回PDF。请将输入文件反馈给开发者。")
    return data


@cache
def _compiler(folder: Path) -> typst.Compiler:
    """A Typst compiler with the font's folder (and Typst's own fonts for a missing glyph such
    as ≥ in a font without it); kept per process, so fonts are scanned once and Typst's caches
    help the next document."""
    try:
        import typst
    except ImportError:
        raise YusuanError(TYPST_MISSING) from None
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(folder)])
    return typst.Compiler(font_paths=fonts, ignore_system_fonts=True)


# --- the JSON value the template reads --------------------------------------------------------


def _payload(document: RenderedDocument, family: str) -> dict[str, Any]:
    return {
        "title": document.title,
        "author": document.department or "",
        "font": family,
        "margin_x": _MARGIN_X,
        "margin_top": _MARGIN_TOP[False],
        "margin_top_landscape": _MARGIN_TOP[True],
        "margin_bottom": _MARGIN_BOTTOM,
        "inset_x": _INSET_X,
        "cover": document.title,
        "cover_size": _fitting_size(document.title, _PORTRAIT_WIDTH, _HEADING_SIZES[2], _COVER_SIZE),
        "blocks": [_block(b) for b in document.blocks],
    }


def _block(block: Heading | TextBlock | PageBreak | TableBlock) -> dict[str, Any]:
    if isinstance(block, Heading):
        size = _HEADING_SIZES.get(block.level, _HEADING_SIZES[3])
        fitting = min(size, _fitting_size(block.text, _PORTRAIT_WIDTH, _HEADING_SIZES[3]))
        return {"type": "heading", "level": block.level, "size": fitting, "text": _lines(block.text)}
    if isinstance(block, TextBlock):
        return {"type": "text", "text": _lines(_no_break_after_clauses(block.text))}
    if isinstance(block, PageBreak):
        return {"type": "break"}
    layout = table_layout(block)
    aligns = _column_aligns(block)
    return {
        "type": "table",
        "title": _lines(block.title),
        "title_size": layout.title_size,
        "meta": meta_parts(block.meta),
        "notes": [_lines(n) for n in block.notes],
        "widths": [round(w, 2) for w in layout.widths],
        "size": layout.size,
        "landscape": layout.landscape,
        "align": [a.value for a in aligns],
        "header": [
            _cell(
                _balanced_label(p.cell, layout.widths[p.col] if p.cell.colspan == 1 else None, layout.size),
                False,
                None,
            )
            for placed in place(block.header, block.width)
            for p in placed
        ],
        "body": [
            _cell(p.cell, bold, aligns[p.col])
            for row, placed in zip(block.body, place(block.body, block.width), strict=True)
            for p, bold in zip(placed, _bold(row), strict=True)
        ],
    }


def _no_break_after_clauses(text: str) -> str:
    """A paragraph whose lines never end at a clause mark (。；：) inside it: a word joiner
    (U+2060, invisible, dropped by text extraction) ties the mark to the next character.

    Why: a reader of the PDF sees lines, not paragraphs, and yusuan's fact extraction (as a
    reader of any PDF must) joins lines into sentences unless a line ends one; a line ending at
    ``；`` mid-paragraph would cut “…运维费1161.46万元)；” from “公务接待费…。与上年相比减少…”,
    and the change would be read as the 公务接待费's."""
    return _CLAUSE_END.sub("\\g<0>\u2060", text)


def _lines(text: str) -> str | list[str]:
    """Text with line breaks as a list of lines (the template joins them with line breaks)."""
    return text.split("\n") if "\n" in text else text


def _column_aligns(block: TableBlock) -> list[Align]:
    """Each column's alignment in the body: the alignment of most of its one-column cells."""
    votes: list[Counter[Align]] = [Counter() for _ in range(block.width)]
    for placed in place(block.body, block.width):
        for p in placed:
            if p.cell.colspan == 1 and p.cell.text:
                votes[p.col][p.cell.align] += 1
    return [v.most_common(1)[0][0] if v else Align.LEFT for v in votes]


def _balanced_label(cell: Cell, width: float | None, size: float) -> Cell:
    """A one-column header label too long for its column, broken into two even lines
    (财政拨款 / 收入) rather than wherever the line fills (财政拨款收 / 入)."""
    text = cell.text
    if width is None or "\n" in text or text_width(text) * size <= width - 2 * _INSET_X - 1.0:
        return cell
    cut = math.ceil(len(text) / 2)
    return replace(cell, text=f"{text[:cut]}\n{text[cut:]}")


def _bold(row: GridRow) -> list[bool]:
    """Which cells of a row print bold: those of a 合计/总计 line. In a table of blocks side by
    side (收入 | 支出) only the block whose name is a total: a name cell starts its block's run,
    cells before the first name go with it."""
    if not row.total:
        return [False] * len(row.cells)
    names = [bool(_TOTAL_NAME.search(c.text)) for c in row.cells if c.role is CellRole.NAME]
    if not names:
        return [c.role is not CellRole.LABEL for c in row.cells]
    state = names[0]
    out: list[bool] = []
    for cell in row.cells:
        if cell.role is CellRole.NAME:
            state = bool(_TOTAL_NAME.search(cell.text))
        out.append(state and cell.role is not CellRole.LABEL)
    return out


def _cell(cell: Cell, bold: bool, column: Align | None) -> str | dict[str, object]:
    """A cell as the template reads it: a plain string where nothing differs from its column
    (most cells: Typst lays a plain cell out faster than a styled one)."""
    spec: dict[str, object] = {}
    if cell.colspan > 1:
        spec["c"] = cell.colspan
    if cell.rowspan > 1:
        spec["r"] = cell.rowspan
    if cell.align is not column:
        spec["a"] = cell.align.value
    if cell.indent:
        spec["i"] = cell.indent
    if bold:
        spec["b"] = True
    text = _lines(cell.text)
    if not spec and isinstance(text, str):
        return text
    spec["t"] = text
    return spec


_CLAUSE_END = re.compile(r"[。；;：:！!？?](?=\S)")
_TOTAL_NAME = re.compile(r"合\s*计|总\s*计|小\s*计")
_CODE_AND_NAME = re.compile(r"^(\d{3,})\s*([^\d\s].*)$")


def meta_parts(meta: tuple[str, ...]) -> list[str]:
    """The line between a table's title and its grid, as labelled parts.

    A unit printed as code and name (``447承德市医疗保障局``, as Hebei's tables print it) gets
    its labels, ``单位编码：447`` and ``单位名称：承德市医疗保障局``: in a PDF the parts of this
    line are separate text lines, and yusuan's reader (like any reader of a PDF without the
    spreadsheet's cells) takes an unlabelled one for the table's title.
    """
    parts: list[str] = []
    for text in (m.strip() for m in meta):
        if match := _CODE_AND_NAME.match(text):
            parts += [f"单位编码：{match.group(1)}", f"单位名称：{match.group(2).strip()}"]
        elif text and not _META_LABEL.match(text):
            parts.append(f"单位名称：{text}")
        elif text:
            parts.append(text)
    return parts


def _cells(row: GridRow) -> list[list[object]]:
    """Each cell as [text, colspan, rowspan, align, indent (em), bold]."""
    return [
        [c.text, c.colspan, c.rowspan, c.align.value, c.indent, row.total and c.role is not CellRole.LABEL]
        for c in row.cells
    ]


# --- table layout -------------------------------------------------------------------------------


def text_width(text: str) -> float:
    """Width of the longest line of ``text`` in em: CJK and full-width characters 1, others
    :data:`_NARROW`."""
    return max((sum(_char_width(ch) for ch in line) for line in text.split("\n")), default=0.0)


def _char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else _NARROW


def _wraps(cell: Cell) -> bool:
    """Names and other text may wrap in their cell; codes and amounts must not (a number cut
    in two is two numbers to a reader)."""
    return cell.role in (CellRole.NAME, CellRole.TEXT, CellRole.LABEL) and cell.align is not Align.RIGHT


def table_layout(block: TableBlock) -> TableLayout:
    """Column widths that print every code and amount on one line, on a portrait page if the
    table fits there at the normal size, else on a landscape page, at a smaller size if needed;
    a title too long for one line at the normal size is set smaller (a title broken over two
    lines reads as two titles)."""
    layout = _grid_layout(block)
    available = _LANDSCAPE_WIDTH if layout.landscape else _PORTRAIT_WIDTH
    return replace(layout, title_size=_fitting_size(block.title, available, _TITLE_MIN, _TITLE_SIZE))


def _fitting_size(text: str, available: float, least: float, most: float = 100.0) -> float:
    """The largest size (half points, between ``least`` and ``most``) that sets ``text`` on one
    line of ``available`` width."""
    width = text_width(text) * 1.02  # a margin for the font's own advance widths
    if width <= 0:
        return most
    return max(least, min(most, math.floor(available / width * 2) / 2))


def _grid_layout(block: TableBlock) -> TableLayout:
    for size in _TABLE_SIZES:
        natural, least, labelled = _column_needs(block, size)
        for landscape in (False, True):
            available = _LANDSCAPE_WIDTH if landscape else _PORTRAIT_WIDTH
            if sum(natural) <= available or (landscape and sum(least) <= available):
                return TableLayout(_fit(natural, least, labelled, available), size, landscape)
    size = _TABLE_SIZES[-1]
    natural, least, _ = _column_needs(block, size)
    scale = _LANDSCAPE_WIDTH / sum(least)
    return TableLayout(tuple(w * scale for w in least), size, True)


def _column_needs(block: TableBlock, size: float) -> tuple[list[float], list[float], list[bool]]:
    """Per column, in points: the width that prints every cell on one line, the least width
    (codes and amounts on one line, labels on two lines, names wrapped at :data:`_WRAP_MIN_EM`),
    and whether a header label rather than the body sets the column's width."""
    width = block.width
    natural = [0.0] * width
    least = [0.0] * width
    label_need = [0.0] * width
    spanning: list[tuple[int, int, float, float]] = []
    for placed_row in place(block.rows, width):
        for p in placed_row:
            need = (text_width(p.cell.text) + p.cell.indent + _SLACK_EM) * size + 2 * _INSET_X + 2.0
            floor = _least_width(p.cell, need, size)
            if p.cell.colspan == 1:
                natural[p.col] = max(natural[p.col], need)
                least[p.col] = max(least[p.col], floor)
                if p.cell.role is CellRole.LABEL:
                    label_need[p.col] = max(label_need[p.col], need)
            else:
                spanning.append((p.col, p.cell.colspan, need, floor))
    minimum = 2 * size + 2 * _INSET_X  # an empty column still shows two characters
    natural = [max(w, minimum) for w in natural]
    least = [max(w, minimum) for w in least]
    for col, span, need, floor in spanning:  # a merged cell wider than its columns widens them
        _widen(natural, col, span, need)
        _widen(least, col, span, floor)
    labelled = [label_need[j] >= natural[j] and least[j] < natural[j] for j in range(width)]
    return natural, least, labelled


def _least_width(cell: Cell, need: float, size: float) -> float:
    """The narrowest a cell may be set: codes and amounts on one line, a header label on two
    lines, a name or text wrapped at :data:`_WRAP_MIN_EM` characters."""
    if not _wraps(cell):
        return need
    if cell.role is CellRole.LABEL:
        half = math.ceil(text_width(cell.text) / 2)
        return min(need, max(2, half) * size + 2 * _INSET_X + 2.0)
    return min(need, _WRAP_MIN_EM * size + 2 * _INSET_X)


def _widen(widths: list[float], col: int, span: int, need: float) -> None:
    end = min(col + span, len(widths))
    have = sum(widths[col:end])
    if have < need and end > col:
        extra = (need - have) / (end - col)
        for j in range(col, end):
            widths[j] += extra


def _fit(
    natural: list[float], least: list[float], labelled: list[bool], available: float
) -> tuple[float, ...]:
    """Widths filling ``available``: the natural widths stretched when they fit. Else the least
    widths, then room for names (up to one line each), then for whole header labels (a label
    one line wide or two balanced lines, never a last character alone on its line), and what
    is left to the columns that are not labels."""
    total = sum(natural)
    if total <= available:
        return tuple(w * available / total for w in natural)
    widths = list(least)
    room = available - sum(least)
    names = [j for j in range(len(widths)) if not labelled[j] and natural[j] > least[j]]
    wanted = sum(natural[j] - least[j] for j in names)
    share = min(1.0, room / wanted) if wanted > 0 else 0.0
    for j in names:
        widths[j] += (natural[j] - least[j]) * share
    room -= wanted * share
    for j in sorted((j for j in range(len(widths)) if labelled[j]), key=lambda j: natural[j] - least[j]):
        if natural[j] - least[j] <= room:
            room -= natural[j] - widths[j]
            widths[j] = natural[j]
    others = [j for j in range(len(widths)) if not labelled[j] or widths[j] == natural[j]] or list(
        range(len(widths))
    )
    base = sum(widths[j] for j in others)
    for j in others:
        widths[j] += room * widths[j] / base
    return tuple(widths)
