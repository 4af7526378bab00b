"""Reader for web pages (HTML, HTM) with the disclosure's tables inline.

Government sites publish disclosures as pages written by hand or exported from Word, often in
GBK / GB2312 and with loose markup. The standard library's tolerant ``html.parser`` is enough:

* text outside tables becomes a :class:`TextLine` per block element (``p``, ``div``,
  ``h1``…, ``li``, a ``br`` line break); an empty paragraph (``<p>&nbsp;</p>``) a
  :class:`Blank`; whitespace collapses as a browser shows it, ``&nbsp;`` stays a space;
* a table becomes one :class:`CellRow` per ``tr``, padded to the table grid: ``rowspan`` /
  ``colspan`` give the cell's text once, in its first row and column, and empty cells for the
  rest of the span (``collapsed=False``); a ``caption`` is a text line before the table;
* a table holding other tables is page layout, not data: its cells are read as running
  content, so the tables inside it become tables of their own;
* ``script``, ``style``, ``head`` (with its ``title``), forms and anything hidden
  (``hidden``, ``display:none``, ``visibility:hidden``) are left out.

The encoding is the page's BOM, else its ``<meta charset>`` (GB2312/GBK read as GB18030, the
superset browsers use), else what the text reader detects (UTF-8, GB18030 …).

``line`` is the running number of the block on the page (as for DOCX: markup has no stable
printed lines and is often all on one source line); ``page`` is ``None``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from yusuan.errors import UnreadableInput
from yusuan.formats.base import Blank, Block, CellRow, SourceDocument, TextLine
from yusuan.formats.text import decode, is_page_number

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_GB = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "euc-cn", "cp936", "936", "x-cp20936"})
_SPACE = re.compile(r"[ \t\r\n\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_SKIP = frozenset(
    {
        "script",
        "style",
        "head",
        "title",
        "noscript",
        "template",
        "select",
        "textarea",
        "iframe",
        "svg",
        "object",
        "button",
    }
)
_BLOCK = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
        "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "hr", "address",
        "figure", "figcaption", "form", "fieldset", "center", "body",
    }
)  # fmt: skip
_MAX_SPAN = 1000  # the HTML standard's limit for colspan; rowspan is clamped to the table


@dataclass
class _Container:
    """A run of content: the page itself, a table cell, or a caption."""

    items: list[str | _Table | None] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)

    def flush(self) -> None:
        text = _clean("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.items.append(text)


@dataclass
class _Cell(_Container):
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    caption: _Container | None = None
    open_cell: _Cell | None = None

    def close_cell(self) -> None:
        if self.open_cell is not None:
            self.open_cell.flush()
            self.open_cell = None


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).replace("\xa0", " ").replace("\u200b", "").strip(" \u3000")


def _span(value: str | None, limit: int) -> int:
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    return limit if number == 0 else max(1, min(number, limit))


class _PageParser(HTMLParser):
    """Collects the page's content as nested containers (page → tables → cells → tables …)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Container()
        self.tables: list[_Table] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, inside something skipped)
        self.paragraph_marks: list[tuple[_Container, int]] = []
        self.in_caption = False

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def container(self) -> _Container:
        table = self.tables[-1] if self.tables else None
        if table is None:
            return self.page
        if self.in_caption and table.caption is not None:
            return table.caption
        if table.open_cell is not None:
            return table.open_cell
        return self._outer()

    def _outer(self) -> _Container:
        """Where stray text inside a table (outside its cells) goes: before the table, as browsers do."""
        for table in reversed(self.tables[:-1]):
            if table.open_cell is not None:
                return table.open_cell
        return self.page

    # --- tags -----------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden = self.skipping or tag in _SKIP or _is_hidden(attrs)
        if tag not in _VOID:
            self.stack.append((tag, hidden))
        if hidden:
            return
        if tag == "br":
            self.container().flush()
        elif tag == "table":
            self._open_table()
        elif tag in ("tr", "td", "th", "caption") and self.tables:
            self._table_part(tag, dict(attrs))
        elif tag in _BLOCK:
            container = self.container()
            container.flush()
            if tag == "p":
                self.paragraph_marks.append((container, len(container.items)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return  # a stray end tag
        hidden = self.skipping
        while self.stack:
            open_tag, open_hidden = self.stack.pop()
            if open_tag == tag:
                hidden = open_hidden
                break
        if hidden:
            return
        if tag == "table" and self.tables:
            self._close_table()
        elif tag in ("td", "th", "tr") and self.tables:
            self.tables[-1].close_cell()
        elif tag == "caption" and self.tables:
            self.in_caption = False
            caption = self.tables[-1].caption
            if caption is not None:
                caption.flush()
        elif tag in _BLOCK:
            container = self.container()
            container.flush()
            if tag == "p":
                self._end_paragraph(container)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.container().buffer.append(data)

    # --- tables ---------------------------------------------------------------------------------
    def _open_table(self) -> None:
        self.container().flush()
        table = _Table()
        self.container().items.append(table)
        self.tables.append(table)

    def _close_table(self) -> None:
        table = self.tables.pop()
        table.close_cell()
        self.in_caption = False

    def _table_part(self, tag: str, attrs: dict[str, str | None]) -> None:
        table = self.tables[-1]
        table.close_cell()
        if tag == "caption":
            table.caption = _Container()
            self.in_caption = True
        elif tag == "tr":
            table.rows.append([])
        else:
            if not table.rows:
                table.rows.append([])
            cell = _Cell(
                rowspan=_span(attrs.get("rowspan"), 65534), colspan=_span(attrs.get("colspan"), _MAX_SPAN)
            )
            table.rows[-1].append(cell)
            table.open_cell = cell

    def _end_paragraph(self, container: _Container) -> None:
        while self.paragraph_marks:
            marked, count = self.paragraph_marks.pop()
            if marked is container:
                if len(container.items) == count:
                    container.items.append(None)  # an empty paragraph: a blank line
                return

    def finish(self) -> _Container:
        self.close()
        while self.tables:
            self._close_table()
        self.page.flush()
        return self.page


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden" or (name == "style" and value and _HIDDEN_STYLE.search(value)):
            return True
        if name == "aria-hidden" and value == "true":
            return True
    return False


# --- content to blocks ----------------------------------------------------------------------


class _Emitter:
    def __init__(self) -> None:
        self.blocks: list[Block] = []

    @property
    def _next(self) -> int:
        return len(self.blocks) + 1

    def flow(self, container: _Container) -> None:
        for item in container.items:
            if item is None:
                self.blocks.append(Blank(self._next))
            elif isinstance(item, str):
                if not is_page_number(item):
                    self.blocks.append(TextLine(item, self._next))
            else:
                self.table(item)

    def table(self, table: _Table) -> None:
        if table.caption is not None:
            self.flow(table.caption)
        if any(isinstance(i, _Table) for row in table.rows for cell in row for i in cell.items):
            for row in table.rows:  # a layout frame: its cells are running content
                for cell in row:
                    self.flow(cell)
            return
        for cells in _grid(table.rows):
            self.blocks.append(CellRow(tuple(cells), self._next))


def _grid(rows: list[list[_Cell]]) -> list[list[str]]:
    """Rows padded to the table grid: a spanning cell's text once, empty cells for the rest."""
    taken: set[tuple[int, int]] = set()
    grid: list[dict[int, str]] = [{} for _ in rows]
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            text = "\n".join(i for i in cell.items if isinstance(i, str))
            grid[r][c] = text
            for dr in range(min(cell.rowspan, len(rows) - r)):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    width = max((c + 1 for r, c in taken), default=0)
    return [[row.get(c, "") for c in range(width)] for row in grid]


def _decode_page(data: bytes, source: str) -> tuple[str, str, list[str]]:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, source)
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii").lower() if match else None
    if declared in _GB:
        declared = "gb18030"
    if declared:
        try:
            return data.decode(declared), declared, []
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return decode(data, source)
    except UnreadableInput:
        if declared is None:
            raise
    try:
        text = data.decode(declared, errors="replace")
    except LookupError as exc:
        raise UnreadableInput(
            f"网页声明的文字编码“{declared}”无法识别。请另存为 UTF-8 后再试。", source=source
        ) from exc
    return text, declared, [f"网页中有不符合其声明编码（{declared}）的字符，已替换为“\ufffd”"]


def read_html(data: bytes, source: str) -> SourceDocument:
    text, encoding, notes = _decode_page(data, source)
    parser = _PageParser()
    try:
        parser.feed(text)
        page = parser.finish()
    except (AssertionError, ValueError) as exc:  # html.parser's last-resort errors on broken markup
        raise UnreadableInput(
            "网页内容无法解析（HTML 结构严重损坏）。请重新下载后再试。", source=source
        ) from exc
    emitter = _Emitter()
    try:
        emitter.flow(page)
    except RecursionError as exc:  # tables nested hundreds deep: no real page does that
        raise UnreadableInput(
            "网页中的表格嵌套过深，无法读取。请确认保存的是预算公开的正文页面。", source=source
        ) from exc
    if not any(isinstance(b, TextLine | CellRow) for b in emitter.blocks):
        raise UnreadableInput("网页中没有可读取的文字。请确认保存的是预算公开的正文页面。", source=source)
    return SourceDocument(
        source=source, blocks=tuple(emitter.blocks), layout="html", encoding=encoding, skipped=tuple(notes)
    )
