"""Reader for disclosures given as plain text.

Two layout families are recognised line by line, without being told which one a file uses:

* **cell per line** (text extracted from Word files): each table cell is a line starting with a
  tab, a blank line ends a table row, and a line without a tab directly after a cell continues
  that cell (a paragraph break inside the cell);
* **tab separated** (text extracted from PDFs): one table row per line, cells separated by tabs.

Everything else is running text. Extraction noise (``[bookmark: …]``, ``{ TC … }`` fields,
``page number`` placeholders, bare page numbers, Markdown emphasis) is removed here.
"""

from __future__ import annotations

import codecs
import re

from yusuan.errors import UnreadableInput
from yusuan.formats.base import Blank, Block, CellRow, SourceDocument, TextLine

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_TC_FIELD = re.compile(r"\{[ \t]*TC\b[^}\n]*\}")
_OTHER_FIELD = re.compile(r"\{[ \t]*(?:PAGE|NUMPAGES|HYPERLINK|REF|PAGEREF)\b[^}\n]*\}")
_EMPHASIS = re.compile(r"\*\*|__")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page number|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|-\s*\d+\s*-|\d{1,4})\s*$", re.I
)


_NOT_TEXT = "文件不是文本（含大量二进制数据），无法按文本读取。请提供 TXT、PDF、DOCX 或 XLSX 文件。"
_TRUNCATED_CHARACTER = "文件末尾有一个不完整的字符（文件可能被截断），已忽略"


def decode(data: bytes, source: str) -> tuple[str, str, list[str]]:
    """Decode a text file whatever its encoding (UTF-8, UTF-16, GBK/GB18030), or refuse clearly.

    Returns the text, the encoding, and notes on what could not be read (a character cut off at
    the end of a truncated file).
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _checked(*_decode_tolerating_cut_end(data, encoding), source)
    if not data.strip():
        raise UnreadableInput("文件为空，没有可读取的内容。请确认选择了正确的文件。", source=source)
    utf16 = _utf16_without_bom(data[:20000])
    if utf16 is not None:
        try:
            return _checked(*_decode_tolerating_cut_end(data, utf16), source)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:20000]:
        raise UnreadableInput(_NOT_TEXT, source=source)
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(*_decode_tolerating_cut_end(data, encoding), source)
        except UnicodeDecodeError:
            continue
    raise UnreadableInput(
        "无法识别文件的文字编码（不是 UTF-8、UTF-16 或 GBK/GB18030）。请另存为 UTF-8 文本后重试。",
        source=source,
    )


def _decode_tolerating_cut_end(data: bytes, encoding: str) -> tuple[str, str, list[str]]:
    """Strict decoding, except that a multi-byte character cut off at the very end is dropped."""
    try:
        return data.decode(encoding), encoding, []
    except UnicodeDecodeError as error:
        if error.start < len(data) - 3 or error.start == 0:
            raise
        return data[: error.start].decode(encoding), encoding, [_TRUNCATED_CHARACTER]


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text puts the NUL bytes of ASCII characters (digits, tabs, newlines) on one parity."""
    if b"\x00" not in head:
        return None  # the common case, found without slicing the bytes
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if even + odd < max(4, len(head) // 100):
        return None
    if odd >= 9 * even:
        return "utf-16-le"
    if even >= 9 * odd:
        return "utf-16-be"
    return None


def _checked(text: str, encoding: str, notes: list[str], source: str) -> tuple[str, str, list[str]]:
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 50):
        raise UnreadableInput(_NOT_TEXT, source=source)
    if not text.strip("\ufeff \t\r\n\u3000"):
        raise UnreadableInput("文件为空，没有可读取的内容。请确认选择了正确的文件。", source=source)
    return text, encoding, notes


def clean_noise(text: str) -> str:
    text = _BOOKMARK.sub("", text)
    text = _TC_FIELD.sub("", text)
    text = _OTHER_FIELD.sub("", text)
    # Most texts have no emphasis: a substring test is much cheaper than the pattern's scan.
    return _EMPHASIS.sub("", text) if "**" in text or "__" in text else text


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def read_text(data: bytes, source: str) -> SourceDocument:
    text, encoding, notes = decode(data, source)
    blocks, layout = text_to_blocks(text)
    return SourceDocument(
        source=source, blocks=tuple(blocks), layout=layout, encoding=encoding, skipped=tuple(notes)
    )


def text_to_blocks(text: str) -> tuple[list[Block], str]:
    """Split text into blocks. Returns the blocks and the layout family that dominated."""
    # The noise patterns never cross a line, so cleaning the whole text at once is the same as
    # cleaning each line, and much faster.
    text = clean_noise(text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", ""))
    # Paragraphs between blank lines. In text from Word files most of them are one table row,
    # a cell per line: such a paragraph is read whole, with string methods, not line by line.
    paragraphs = text.split("\n\n")
    # A line holding one tab-prefixed cell is a Word cell only where such lines dominate;
    # in tab-separated text it is a row whose first cell is empty.
    reader = _BlockReader(word_cells=_single_cell_lines_dominate(text, paragraphs))
    blocks = reader.blocks
    number = 1
    for paragraph in paragraphs:
        if number > 1:
            reader.flush()  # the empty line the paragraphs were split at
            blocks.append(Blank(number))
            number += 1
        if reader.word_cells and _is_cell_run(paragraph):
            lines = paragraph.count("\n") + 1
            reader.row(number, paragraph, lines)
            number += lines
            continue
        for line in paragraph.split("\n"):
            reader.line(number, line)
            number += 1
    return reader.finish()


class _BlockReader:
    """Turns lines into blocks, collecting the cells of a cell-per-line row until it ends."""

    def __init__(self, word_cells: bool) -> None:
        self.word_cells = word_cells
        self.blocks: list[Block] = []
        self.cell_lines = 0
        self.tab_rows = 0
        self.pending: list[str] | None = None  # cells of a cell-per-line row being collected
        self.pending_line = 0

    def row(self, number: int, paragraph: str, lines: int) -> None:
        """A whole paragraph of ``lines`` one-cell lines, between blank lines: one row."""
        self.flush()
        self.cell_lines += lines
        cells = paragraph[1:].split("\n\t")  # each line is a tab and a cell
        self.blocks.append(CellRow(tuple([c.strip() for c in cells]), number, collapsed=True))

    def line(self, number: int, raw: str) -> None:
        line = raw.rstrip(" \u3000")
        if self.word_cells and _is_single_cell(line):
            self.cell_lines += 1
            if self.pending is None:
                self.pending, self.pending_line = [], number
            self.pending.append(line[1:])
            return
        if not line.strip(" \t\u3000"):
            if line.startswith("\t") and not self.word_cells:
                return  # a row of empty cells only
            self.flush()
            self.blocks.append(Blank(number))
            return
        pending = self.pending
        if pending is not None and not is_page_number(line):
            # A paragraph break inside a Word cell: the line continues the last cell.
            pending[-1] = f"{pending[-1]}\n{line.strip()}" if pending[-1].strip() else line.strip()
            return
        self.flush()
        if is_page_number(line):
            return
        if "\t" in line and not _is_prose_with_tab(line):
            self.tab_rows += 1
            self.blocks.append(CellRow(tuple(c.strip() for c in line.split("\t")), number))
        else:
            self.blocks.append(TextLine(line.replace("\t", " ").strip(), number))

    def flush(self) -> None:
        if self.pending is not None:
            cells = tuple([c.strip() for c in self.pending])
            self.blocks.append(CellRow(cells, self.pending_line, collapsed=True))
            self.pending = None

    def finish(self) -> tuple[list[Block], str]:
        self.flush()
        cell_lines, tab_rows = self.cell_lines, self.tab_rows
        if cell_lines and tab_rows:
            layout = (
                "cell-per-line"
                if cell_lines > tab_rows * 3
                else "tab-separated"
                if tab_rows > cell_lines
                else "mixed"
            )
        else:
            layout = "cell-per-line" if cell_lines else "tab-separated" if tab_rows else "text"
        return self.blocks, layout


def _is_single_cell(line: str) -> bool:
    """One tab, at the start (``^\\t[^\\t]*$``): a cell of a Word table. Plain string methods,
    not a regex, because this runs for every line of the file."""
    return line[:1] == "\t" and line.find("\t", 1) < 0


def _is_cell_run(paragraph: str) -> bool:
    """Whether every line of the paragraph is a single cell: as many tabs as lines, each one
    at a line's start."""
    if paragraph[:1] != "\t":
        return False
    breaks = paragraph.count("\n")
    return paragraph.count("\n\t") == breaks and paragraph.count("\t") == breaks + 1


def _single_cell_lines_dominate(text: str, paragraphs: list[str]) -> bool:
    """Whether lines holding one tab-prefixed cell outnumber lines with other tabs (two or more
    tabs, or one tab after text)."""
    tabs = text.count("\t")
    starting = text.count("\n\t") + (text[:1] == "\t")
    if tabs == starting:  # every tab starts a line, and no line has two
        return tabs > 0
    single = multi = 0
    for paragraph in paragraphs:
        if "\t" not in paragraph:
            continue
        for line in paragraph.split("\n"):
            tabs = line.count("\t")
            if tabs == 1 and line[0] == "\t":
                single += 1
            elif tabs:
                multi += 1
    return single > multi


def _is_prose_with_tab(line: str) -> bool:
    """A sentence with a stray tab in it (Word tab stops), not a table row."""
    cells = [c for c in line.split("\t") if c.strip()]
    return len(cells) <= 3 and any(len(c) > 50 and any(p in c for p in "，。；") for c in cells)
