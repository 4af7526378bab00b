"""Reader for PDF files with a text layer: running text and tables as blocks, page by page.

Design
------
PDFium (via ``pypdfium2``, Apache-2.0/BSD) supplies each page's characters with their boxes and
the page's path objects; :mod:`yusuan.formats.pdf_layout` rebuilds lines and tables from that
geometry. Why not pdfplumber: it parses every page in pure Python (pdfminer), and that parsing
alone bounds it. Measured on the five Shanghai sample PDFs (130 pages, one core, CPU time):
pdfplumber reaching only ``page.chars`` and ``page.edges`` (the least any pdfplumber-based reader
needs) ~11–15 pages/s, ``extract_tables()`` ~13 pages/s, narrowed to the lines strategy ~15
pages/s; this reader ~95 pages/s, text and tables included. PDFium parses in C, and the table
reconstruction here only looks at a page's few dozen ruling lines and its characters.
``python scripts/bench.py pdf`` reports both readers side by side (wall time, medians).

* **Ruled tables**: ruling lines from stroked paths and thin filled rectangles, joined into
  grids; merged cells found where a boundary is not drawn (see :mod:`~yusuan.formats.pdf_layout`).
* **Tables aligned by whitespace**: columns from the x-ranges of text segments of consecutive
  lines.
* **Tables over several pages**: every page's rows are emitted as printed, repeated header rows
  included (the extraction drops repeated headers). A page whose table shows fewer column rules
  than the table on the page before (a lone 合计 row whose merged cell hides the code columns)
  keeps the previous page's columns, so amounts stay under their headers. A row broken over the
  page (Word and LibreOffice allow it) is joined again: a first row whose every filled cell
  continues wrapped text that fills its cell at the bottom of the page before, and holds no
  amount, is the rest of that row.
* **Landscape pages**: coordinates are taken as displayed (``/Rotate`` and crop box applied).
* **Running text**: lines top to bottom; a line whose parts are far apart (``编制单位：…`` and
  ``单位：元``) is one text line per part. Page numbers and running headers/footers in the top
  and bottom margins are noise and are dropped.

Blocks and line numbers
-----------------------
Every block carries ``page`` (1-based) and ``line``: the block's position in reading order
through the whole document, counting every text line and every table row once (1, 2, 3, … with
no gaps and no restart per page). A ``line`` is therefore not a line of the PDF's text layer
but the n-th line a reader meets, which is what provenance needs to find a number again
together with its page. No ``Blank`` blocks are emitted (a PDF has no blank lines).

Streaming
---------
Pages are loaded, read and closed one at a time; only the blocks are kept, so memory stays
bounded for a document of hundreds of pages (``python scripts/bench.py pdf-memory``: reading a
generated 500-page PDF peaks a few MB above a 50-page one). PDFium is not thread-safe, so
documents are read one at a time per process (a lock).

Errors
------
Encrypted, scanned (no text layer), corrupt or truncated files raise
:class:`~yusuan.errors.UnreadableInput` with a one-line Chinese message; nothing from PDFium
escapes. A page that cannot be read while others can is skipped and named in
:attr:`SourceDocument.skipped`, so the document is reported as partly read.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from yusuan.errors import UnreadableInput
from yusuan.formats.base import Block, CellRow, SourceDocument, TextLine
from yusuan.formats.pdf_layout import PageItem, join_wrapped, layout_page
from yusuan.formats.pdf_page import PageContent, read_page
from yusuan.formats.text import is_page_number

SCANNED = "该PDF为扫描件，无文字层，无法读取文字。请提供带文字层的PDF，或先用OCR软件识别后再试。"
ENCRYPTED = "该PDF已加密，需要密码才能打开，无法读取。请先用密码打开并另存为未加密的PDF后再试。"
CORRUPT = "PDF文件已损坏或不完整（可能未下载完整），无法读取。请重新下载后再试。"
EMPTY = "PDF文件没有任何页面，没有可读取的内容。"
UNMAPPED = (
    "该PDF的字体缺少文字编码表，无法提取文字（看得见的字读不出来）。请用OCR软件识别后再试，或索取原始文件。"
)
NO_TEXT = "PDF文件中没有可读取的文字（页面为空白或只有图形）。请确认选择了正确的文件。"

_MARGIN = 0.10  # top and bottom share of the page where running headers and page numbers sit
_PAGE_LABEL = re.compile(
    r"^[-—–\s]*(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[-—–]\s*\d{1,4}\s*[-—–])[-—–\s]*$"
)
_DIGITS = re.compile(r"\d+")
_PDFIUM = threading.Lock()
_TABLE_TITLE = re.compile(r"表\s*(?:[（(][^（）()]*[）)])?$")
_SPLIT_AMOUNT = re.compile(r"\d[,.，．]\d|^[-+]?\d+[.．]\d+$")


@dataclass(frozen=True, slots=True)
class _Placed:
    """A page item with what the noise filter needs: its page and whether it sits in a margin."""

    page: int
    item: PageItem
    margin: str | None  # "top", "bottom" or None


def read_pdf(data: bytes, source: str) -> SourceDocument:
    """Read a PDF into blocks (see the module docstring for what ``line`` means)."""
    # PDFium is not thread-safe: a service reading several documents at once takes turns here.
    with _PDFIUM:
        document = _open(data, source)
        try:
            placed, skipped, scanned, pages = _read_pages(document)
        finally:
            document.close()
    if not placed:
        if pages == 0:
            raise UnreadableInput(EMPTY, source=source)
        if scanned:
            raise UnreadableInput(SCANNED, source=source)
        if any("编码表" in note for note in skipped):
            raise UnreadableInput(UNMAPPED, source=source)
        if skipped:
            raise UnreadableInput(f"{CORRUPT}（{skipped[0]}）", source=source)
        raise UnreadableInput(NO_TEXT, source=source)
    blocks = _number(_drop_noise(placed))
    return SourceDocument(source=source, blocks=tuple(blocks), layout="pdf", skipped=tuple(skipped))


def _open(data: bytes, source: str) -> pdfium.PdfDocument:
    if not data.strip():
        raise UnreadableInput("文件为空，没有可读取的内容。请确认选择了正确的文件。", source=source)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise UnreadableInput(ENCRYPTED, source=source) from exc
        raise UnreadableInput(CORRUPT, source=source) from exc
    except (OSError, ValueError, TypeError) as exc:
        raise UnreadableInput(CORRUPT, source=source) from exc


def _read_pages(document: pdfium.PdfDocument) -> tuple[list[_Placed], list[str], int, int]:
    """All pages' items; notes on pages not (fully) read; how many pages are scans; page count."""
    placed: list[_Placed] = []
    skipped: list[str] = []
    scanned = 0
    columns: tuple[float, ...] | None = None
    open_cells: dict[int, tuple[PageItem, int]] = {}
    pages = len(document)
    for number, content in _pages(document, pages, skipped):
        note = _unreadable_text(number, content)
        if note:
            skipped.append(note)
        if not content.chars:
            columns, open_cells = None, {}
            scanned += bool(content.images)
            continue
        try:
            layout = layout_page(content.chars, content.edges, columns)
        except Exception:  # a page we cannot lay out is skipped, not fatal (STYLE.md 3)
            skipped.append(f"第{number}页的版面无法解析，已跳过")
            columns, open_cells = None, {}
            continue
        page_items = _placed(number, content, layout.items)
        if layout.continues_table and open_cells:
            page_items = _join_split_row(placed, page_items, open_cells)
        placed.extend(page_items)
        columns, open_cells = layout.open_columns, layout.open_cells
        body = [p for p in page_items if p.margin is None]
        if not body or body[-1].item.cells is None:
            columns, open_cells = None, {}  # text after the last table: nothing runs over the page
    return placed, skipped, scanned, pages


def _join_split_row(
    placed: list[_Placed], page_items: list[_Placed], open_cells: dict[int, tuple[PageItem, int]]
) -> list[_Placed]:
    """A table row broken over the page (Word and LibreOffice let a row break): the part on this
    page joins the row on the page before, cell by cell.

    The first row of the page is such a part only if every cell it fills lies under a cell of
    the row before whose last line fills its cell (wrapped text that may go on) and none of its
    cells is an amount: a row of its own has a code, a name or amounts somewhere else.
    """
    index = next((i for i, p in enumerate(page_items) if p.margin is None), None)
    if index is None or page_items[index].item.cells is None:
        return page_items
    cells = page_items[index].item.cells or ()
    filled = [j for j, text in enumerate(cells) if text]
    if not filled or any(j not in open_cells or _SPLIT_AMOUNT.search(cells[j]) for j in filled):
        return page_items
    where = {id(p.item): i for i, p in enumerate(placed)}
    for j in filled:
        anchor, column = open_cells[j]
        at = where.get(id(anchor))
        if at is None:
            return page_items  # pragma: no cover - the anchor is always on the page before
        current = placed[at].item
        assert current.cells is not None
        joined = list(current.cells)
        joined[column] = join_wrapped(joined[column], cells[j])
        placed[at] = replace(placed[at], item=replace(current, cells=tuple(joined)))
        where[id(placed[at].item)] = at
        open_cells = {
            k: ((placed[at].item, c) if a is anchor else (a, c)) for k, (a, c) in open_cells.items()
        }
    return page_items[:index] + page_items[index + 1 :]


def _unreadable_text(number: int, content: PageContent) -> str | None:
    """A note for a page whose text is (partly) missing: a scanned page, or a font without a
    Unicode map (its characters cannot be known)."""
    if not content.chars and content.images:
        return f"第{number}页为扫描图像，无文字层，未读取"
    if content.unmapped and content.unmapped >= len(content.chars) // 10:
        return f"第{number}页有{content.unmapped}个字符的字体缺少编码表，这些字符无法识别，未读取"
    return None


def _pages(document: pdfium.PdfDocument, pages: int, skipped: list[str]) -> Iterator[tuple[int, PageContent]]:
    """Each readable page's content, loading and closing one page at a time."""
    for index in range(pages):
        # Any failure on one page (PDFium's or ours) skips that page only (STYLE.md 3).
        try:
            page = document[index]
        except Exception:
            skipped.append(f"第{index + 1}页已损坏，无法读取，已跳过")
            continue
        try:
            content = read_page(page)
        except Exception:
            skipped.append(f"第{index + 1}页的内容已损坏，无法读取，已跳过")
            continue
        finally:
            page.close()
        yield index + 1, content


def _placed(page: int, content: PageContent, items: list[PageItem]) -> list[_Placed]:
    """The page's items, those at its top and bottom edge marked as sitting in a margin.

    Only text at the very top or bottom of the page (nothing but margin text beyond it) and
    within a tenth of the page height from the edge counts: a page number printed under the
    last row of a table is margin text, a bare number inside the text is not.
    """
    limit = content.height * _MARGIN
    first = 0
    while first < len(items) and items[first].cells is None and items[first].bottom <= limit:
        first += 1
    last = len(items)
    while last > first and items[last - 1].cells is None and items[last - 1].top >= content.height - limit:
        last -= 1
    return [
        _Placed(page, item, "top" if i < first else "bottom" if i >= last else None)
        for i, item in enumerate(items)
    ]


def _drop_noise(placed: list[_Placed]) -> list[_Placed]:
    """Without page numbers and running headers/footers (margin text repeated on many pages).

    A table title that a spreadsheet prints at the top of every page (print titles) looks like a
    running header; its first printing is kept, so the table keeps its title, and the repeats go
    (rows that follow without text between continue the table anyway).
    """
    pages = len({p.page for p in placed})
    repeats = Counter(
        (p.margin, _DIGITS.sub("#", p.item.text))
        for p in {(p.page, p.margin, p.item.text): p for p in placed if p.margin}.values()
    )
    threshold = max(3, pages // 3)
    seen: set[str] = set()
    kept: list[_Placed] = []
    for p in placed:
        if p.margin is not None:
            text = p.item.text.strip()
            if is_page_number(text) or _PAGE_LABEL.match(text):
                continue
            if repeats[(p.margin, _DIGITS.sub("#", p.item.text))] >= threshold:
                first = text not in seen
                seen.add(text)
                if not (first and _TABLE_TITLE.search(text)):
                    continue
        kept.append(p)
    return kept


def _number(placed: list[_Placed]) -> list[Block]:
    blocks: list[Block] = []
    for line, p in enumerate(placed, start=1):
        if p.item.cells is not None:
            blocks.append(CellRow(p.item.cells, line, p.page))
        else:
            blocks.append(TextLine(p.item.text, line, p.page))
    return blocks
