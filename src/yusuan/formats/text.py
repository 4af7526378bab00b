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
    return _EMPHASIS.sub("", text)


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
    lines = clean_noise(text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "")).split("\n")
    # A line holding one tab-prefixed cell is a Word cell only where such lines dominate;
    # in tab-separated text it is a row whose first cell is empty.
    word_cells = _single_cell_lines_dominate(lines)
    blocks: list[Block] = []
    cell_lines = tab_rows = 0
    pending: list[str] | None = None  # cells of a cell-per-line row being collected
    pending_line = 0

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            blocks.append(CellRow(tuple([c.strip() for c in pending]), pending_line, collapsed=True))
            pending = None

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip(" \u3000")
        if word_cells and _is_single_cell(line):
            cell_lines += 1
            if pending is None:
                pending, pending_line = [], number
            pending.append(line[1:])
            continue
        if not line.strip(" \t\u3000"):
            if line.startswith("\t") and not word_cells:
                continue  # a row of empty cells only
            flush()
            blocks.append(Blank(number))
            continue
        if pending is not None and not is_page_number(line):
            # A paragraph break inside a Word cell: the line continues the last cell.
            pending[-1] = f"{pending[-1]}\n{line.strip()}" if pending[-1].strip() else line.strip()
            continue
        flush()
        if is_page_number(line):
            continue
        if "\t" in line and not _is_prose_with_tab(line):
            tab_rows += 1
            blocks.append(CellRow(tuple(c.strip() for c in line.split("\t")), number))
        else:
            blocks.append(TextLine(line.replace("\t", " ").strip(), number))
    flush()
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
    return blocks, layout


def _is_single_cell(line: str) -> bool:
    """One tab, at the start (``^\\t[^\\t]*$``): a cell of a Word table. Plain string methods,
    not a regex, because this runs for every line of the file."""
    return line[:1] == "\t" and line.find("\t", 1) < 0


def _single_cell_lines_dominate(lines: list[str]) -> bool:
    """Whether lines holding one tab-prefixed cell outnumber lines with other tabs (two or more
    tabs, or one tab after text)."""
    single = multi = 0
    for line in lines:
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
