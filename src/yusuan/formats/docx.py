"""Reader for Word files: DOCX directly, DOC (Word 97-2003) through LibreOffice when it is installed.

The document body is walked in XML order, so paragraphs and tables interleave exactly as printed
(python-docx's ``paragraphs`` and ``tables`` lists would lose that order).

* A paragraph becomes a :class:`TextLine` per printed line (a manual line break starts a new
  one); an empty paragraph becomes a :class:`Blank`. A paragraph laid out with tab stops
  (``单位名称：…⇥⇥单位：万元``) is a row of cells, as the text reader treats a tabbed line.
* A table becomes one :class:`CellRow` per table row, **padded to the table grid**: a cell
  merged across columns (``gridSpan``) or rows (``vMerge``) gives its text once, in its first
  column and row, and empty cells for the rest of the span (``collapsed=False``). The
  paragraphs of a cell are joined with newlines.
* A table that holds other tables is a layout frame, not a data table: its cells are read as
  running content, so the tables inside it become tables of their own.
* Text boxes are read after the paragraph that anchors them. Headers and footers (page
  numbers, running titles) are not part of the body and are left out, as are deleted
  (tracked) and hidden text. Table-of-contents lines lose their page numbers.

``line`` is the running number of the block in the body (1, 2, 3 … over paragraphs, blank
paragraphs and table rows alike); Word has no stable line numbers, and this order is what a
reader sees. ``page`` is ``None``: page breaks depend on the renderer.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from typing import Any

from yusuan.errors import UnreadableInput
from yusuan.formats.base import Blank, Block, CellRow, SourceDocument, TextLine
from yusuan.formats.text import clean_noise, is_page_number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ENCRYPTED_OLE = "EncryptedPackage".encode("utf-16-le")
_TOC_STYLE = re.compile(r"^(?:toc|TOC|目录)\s*\d", re.I)
_TOC_PAGE = re.compile(r"[\t .…·•_\-－]*\d{1,4}\s*$")
# Elements whose content is never printed text of the body.
_SKIPPED = frozenset(
    {
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}instrText",
        f"{_W}delInstrText",
        f"{_W}fldData",
        f"{_W}footnoteReference",
        f"{_W}endnoteReference",
        f"{_W}commentReference",
        f"{_MC}Fallback",  # the VML copy of a text box already read from mc:Choice
    }
)
_FLOW_WRAPPERS = frozenset({f"{_W}customXml", f"{_W}ins", f"{_W}moveTo", f"{_W}smartTag"})

DOC_TIMEOUT_SECONDS = 120
_NEEDS_LIBREOFFICE = (
    "这是旧版 Word 97-2003（DOC）文件，读取它需要 LibreOffice。"
    "请在 Word 或 WPS 中另存为 DOCX，或安装 LibreOffice：apt-get install libreoffice-writer。"
)
_ENCRYPTED = "文件有密码保护（已加密），无法读取。请在 Word、Excel 或 WPS 中取消密码后另存，再试。"


def read_docx(data: bytes, source: str) -> SourceDocument:
    body, numbering = _open_body(data, source)
    walker = _BodyWalker(numbering)
    try:
        walker.flow(body)
    except RecursionError as exc:  # content nested hundreds deep: no real document does that
        raise UnreadableInput("Word 文件中的表格或文本框嵌套过深，无法读取。", source=source) from exc
    blocks = walker.blocks
    if not any(isinstance(b, TextLine | CellRow) for b in blocks):
        raise UnreadableInput(
            "Word 文件中没有可读取的文字（可能只有图片，例如扫描件）。请提供带文字的文件。", source=source
        )
    return SourceDocument(source=source, blocks=tuple(blocks), layout="docx")


def read_doc(data: bytes, source: str) -> SourceDocument:
    """Old binary Word: convert to DOCX with LibreOffice (a private profile, a time limit)."""
    refuse_encrypted_ole(data, source)
    converter = shutil.which("soffice") or shutil.which("libreoffice")
    if converter is None:
        raise UnreadableInput(_NEEDS_LIBREOFFICE, source=source)
    converted = convert_with_libreoffice(converter, data, "doc", "docx", source)
    document = read_docx(converted, source)
    return replace(document, layout="doc")


def refuse_encrypted_ole(data: bytes, source: str) -> None:
    """A password-protected DOCX/XLSX is an OLE file holding an ``EncryptedPackage`` stream."""
    # The stream directory can sit anywhere in the file, so the whole file is searched (fast).
    if _ENCRYPTED_OLE in data or b"Microsoft.Container.EncryptionTransform" in data:
        raise UnreadableInput(_ENCRYPTED, source=source)


def convert_with_libreoffice(converter: str, data: bytes, suffix: str, target: str, source: str) -> bytes:
    """Convert ``data`` with ``soffice --headless --convert-to TARGET``; clear errors on failure.

    A private user profile per run lets conversions run side by side (LibreOffice otherwise
    locks its shared profile), and the whole process group is killed on timeout, since the
    ``soffice`` launcher leaves its worker process behind when only the launcher is killed.
    """
    with tempfile.TemporaryDirectory(prefix="yusuan-lo-") as tmp:
        folder = Path(tmp)
        path = folder / f"input.{suffix}"
        path.write_bytes(data)
        command = [
            converter,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(path),
        ]
        _run(command, source)
        output = folder / f"input.{target}"
        if not output.is_file() or output.stat().st_size == 0:
            raise UnreadableInput(
                "LibreOffice 未能转换该文件（文件可能已损坏）。请在 Word 或 WPS 中另存为 DOCX 后再试。",
                source=source,
            )
        return output.read_bytes()


def _run(command: list[str], source: str) -> None:
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise UnreadableInput(
            f"无法启动 LibreOffice（{exc.strerror or exc}）。请另存为 DOCX 后再试。", source=source
        ) from exc
    try:
        process.wait(timeout=DOC_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise UnreadableInput(
            f"用 LibreOffice 转换文件超过 {DOC_TIMEOUT_SECONDS} 秒，已放弃。请另存为 DOCX 后再试。",
            source=source,
        ) from exc


def _open_body(data: bytes, source: str) -> tuple[Any, Numbering]:
    """The ``w:body`` element and the list numbering; any failure of the package is one clear error.

    The main part is taken whatever its content type, so macro-enabled documents and
    templates (.docm, .dotx) read like documents; python-docx's ``Document()`` refuses them.
    """
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.parser import parse_xml
    from docx.package import Package

    try:
        part = Package.open(BytesIO(data)).main_document_part
        element = getattr(part, "element", None)
        if element is None:
            element = parse_xml(part.blob)
        body = element.find(f"{_W}body")
    except (PackageNotFoundError, KeyError) as exc:
        raise UnreadableInput(
            "Word（DOCX）文件不完整：缺少正文部分（文件可能已损坏或未下载完整）。请重新下载后再试。",
            source=source,
        ) from exc
    except Exception as exc:  # zipfile, lxml and python-docx raise many types for broken files
        raise UnreadableInput(
            "Word（DOCX）文件已损坏，无法读取（压缩包或 XML 内容有误）。请重新下载，或在 Word 中另存后再试。",
            source=source,
        ) from exc
    if body is None:
        raise UnreadableInput("Word（DOCX）文件没有正文。请确认选择了正确的文件。", source=source)
    return body, _numbering(part, parse_xml)


def _numbering(part: Any, parse_xml: Any) -> Numbering:
    """List numbering and paragraph styles; a broken numbering part only costs the numbers."""
    try:
        related = {
            rel.reltype.rsplit("/", 1)[-1]: rel.target_part
            for rel in part.rels.values()
            if not rel.is_external
        }
        return Numbering(
            *(parse_xml(related[k].blob) if k in related else None for k in ("numbering", "styles"))
        )
    except Exception:  # lxml / python-docx errors on a damaged side part
        return Numbering(None, None)


def _attr(element: Any, path: str) -> str | None:
    """``w:val`` of the child at ``path`` (``None`` where the child is absent)."""
    child = element.find(path)
    if child is None:
        return None
    value = child.get(f"{_W}val")
    return "" if value is None else str(value)


def _int_attr(element: Any, path: str, default: int) -> int:
    value = _attr(element, path)
    try:
        return max(0, min(int(value), 1000)) if value else default
    except ValueError:
        return default


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                yield from _children(content, tag)


def _is_hidden_run(run: Any) -> bool:
    value = _attr(run, f"{_W}rPr/{_W}vanish")
    return value is not None and value not in ("0", "false", "off")


def _collect(element: Any, parts: list[str], boxes: list[Any]) -> None:
    """Printed text of a paragraph (runs, tabs, breaks); text boxes are set aside in ``boxes``."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}txbxContent":
            boxes.append(child)
        elif tag in _SKIPPED or (tag == f"{_W}r" and _is_hidden_run(child)):
            continue
        elif isinstance(tag, str):
            _collect(child, parts, boxes)


def paragraph_text(paragraph: Any, numbering: Numbering | None = None) -> tuple[str, list[Any]]:
    """The printed text, with its list number (一、 1. （一）) where Word numbers it automatically."""
    parts: list[str] = [numbering.label(paragraph)] if numbering is not None else []
    boxes: list[Any] = []
    _collect(paragraph, parts, boxes)
    # A no-break space aligns words in Word (合\xa0\xa0计); as printed it is a space.
    return "".join(parts).replace("\xa0", " ").replace("\u200b", ""), boxes


class _BodyWalker:
    """Turns body content into blocks, numbering them as they are produced."""

    def __init__(self, numbering: Numbering) -> None:
        self.blocks: list[Block] = []
        self.in_toc = False
        self.numbering = numbering

    @property
    def _next(self) -> int:
        return len(self.blocks) + 1

    def flow(self, container: Any) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                self.paragraph(child)
            elif tag == f"{_W}tbl":
                self.table(child)
            elif tag == f"{_W}sdt":
                self.content_control(child)
            elif tag in _FLOW_WRAPPERS:
                self.flow(child)

    def content_control(self, sdt: Any) -> None:
        gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
        was_toc = self.in_toc
        if gallery is not None and "Contents" in str(gallery.get(f"{_W}val") or ""):
            self.in_toc = True
        content = sdt.find(f"{_W}sdtContent")
        if content is not None:
            self.flow(content)
        self.in_toc = was_toc

    # --- paragraphs ---------------------------------------------------------------------------
    def paragraph(self, paragraph: Any) -> None:
        text, boxes = paragraph_text(paragraph, self.numbering)
        style = _attr(paragraph, f"{_W}pPr/{_W}pStyle") or ""
        if (self.in_toc or _TOC_STYLE.match(style)) and "\t" in text:
            text = _TOC_PAGE.sub("", text)
        self.text(text)
        for box in boxes:
            self.flow(box)

    def text(self, text: str) -> None:
        if not text.strip(" \t\u3000\xa0\n"):
            self.blocks.append(Blank(self._next))
            return
        for raw in text.split("\n"):
            line = clean_noise(raw).strip(" \u3000\xa0")
            if not line.strip("\t") or is_page_number(line):
                continue
            pieces = [p.strip(" \u3000\xa0") for p in line.split("\t")]
            filled = [p for p in pieces if p]
            if len(filled) > 1 and not _is_prose(filled):
                self.blocks.append(CellRow(tuple(filled), self._next))
            else:
                self.blocks.append(TextLine(" ".join(filled), self._next))

    # --- tables -------------------------------------------------------------------------------
    def table(self, table: Any) -> None:
        rows = list(_children(table, f"{_W}tr"))
        cells = [list(_children(row, f"{_W}tc")) for row in rows]
        if any(cell.find(f".//{_W}tbl") is not None for row in cells for cell in row):
            # A frame around other content: read the cells as running content.
            for row in cells:
                for cell in row:
                    self.flow(cell)
            return
        grid = [_grid_row(row, row_cells, self.numbering) for row, row_cells in zip(rows, cells, strict=True)]
        width = max((len(g) for g in grid), default=0)
        for row_grid in grid:
            padded = row_grid + [""] * (width - len(row_grid))
            self.blocks.append(CellRow(tuple(padded), self._next))


def _grid_row(row: Any, cells: list[Any], numbering: Numbering) -> list[str]:
    """A table row as one string per grid column; spans and vertical continuations left empty."""
    out = [""] * _int_attr(row, f"{_W}trPr/{_W}gridBefore", 0)
    for cell in cells:
        span = max(1, _int_attr(cell, f"{_W}tcPr/{_W}gridSpan", 1))
        vmerge = _attr(cell, f"{_W}tcPr/{_W}vMerge")
        hmerge = _attr(cell, f"{_W}tcPr/{_W}hMerge")
        continues = (vmerge is not None and vmerge != "restart") or (hmerge not in (None, "restart"))
        out.append("" if continues else cell_text(cell, numbering))
        out.extend([""] * (span - 1))
    out.extend([""] * _int_attr(row, f"{_W}trPr/{_W}gridAfter", 0))
    return out


def cell_text(cell: Any, numbering: Numbering | None = None) -> str:
    """The paragraphs of a cell, each stripped, joined with newlines (empty ones left out)."""
    lines: list[str] = []
    for paragraph in _paragraphs(cell):
        text, boxes = paragraph_text(paragraph, numbering)
        lines.extend(_cell_lines(text))
        for box in boxes:
            lines.extend(line for p in _paragraphs(box) for line in _cell_lines(paragraph_text(p)[0]))
    return "\n".join(lines)


def _cell_lines(text: str) -> Iterable[str]:
    for raw in text.split("\n"):
        line = clean_noise(raw).replace("\t", " ").strip(" \u3000\xa0")
        if line:
            yield line


def _paragraphs(container: Any) -> Iterator[Any]:
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _paragraphs(content)
        elif child.tag in _FLOW_WRAPPERS:
            yield from _paragraphs(child)


def _is_prose(pieces: list[str]) -> bool:
    """A sentence with a stray tab stop (Word indentation), not a row of cells."""
    return len(pieces) <= 3 and any(len(p) > 50 and any(m in p for m in "，。；") for p in pieces)


# --- automatic list numbering ---------------------------------------------------------------

_CHINESE_DIGITS = "零一二三四五六七八九"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class _Level:
    format: str  # w:numFmt: decimal, chineseCounting, …
    text: str  # w:lvlText: "%1、", "（%2）"
    start: int


class Numbering:
    """Word's automatic list numbers, which are not in the text runs.

    Headings such as ``一、部门职责`` and table titles such as ``1、…绩效目标表`` are often
    numbered by Word itself; without the number a heading loses its shape and two tables
    numbered ``2、X`` and ``3、X`` would read as one. Counters run per list (``numId``), a
    level restarting when a higher level advances, as Word prints them.
    """

    def __init__(self, numbering: Any, styles: Any) -> None:
        self.lists: dict[str, dict[int, _Level]] = {}
        self.style_lists: dict[str, tuple[str, int | None]] = {}
        self.counters: dict[str, list[int | None]] = {}
        if numbering is not None:
            self._read_lists(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_lists(self, numbering: Any) -> None:
        abstract: dict[str, dict[int, _Level]] = {}
        for definition in numbering.iterchildren(f"{_W}abstractNum"):
            abstract[str(definition.get(f"{_W}abstractNumId"))] = {
                _digits(lvl.get(f"{_W}ilvl")): _level(lvl) for lvl in definition.iterchildren(f"{_W}lvl")
            }
        for num in numbering.iterchildren(f"{_W}num"):
            levels = dict(abstract.get(_attr(num, f"{_W}abstractNumId") or "", {}))
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = _digits(override.get(f"{_W}ilvl"))
                replacement = override.find(f"{_W}lvl")
                if replacement is not None:
                    levels[ilvl] = _level(replacement)
                start = _attr(override, f"{_W}startOverride")
                if start and start.isdigit() and ilvl in levels:
                    levels[ilvl] = replace(levels[ilvl], start=int(start))
            self.lists[str(num.get(f"{_W}numId"))] = levels

    def _read_styles(self, styles: Any) -> None:
        based_on: dict[str, str] = {}
        own: dict[str, tuple[str, int | None]] = {}
        for style in styles.iterchildren(f"{_W}style"):
            style_id = str(style.get(f"{_W}styleId") or "")
            parent = _attr(style, f"{_W}basedOn")
            if parent:
                based_on[style_id] = parent
            num_id = _attr(style, f"{_W}pPr/{_W}numPr/{_W}numId")
            if num_id:
                level = _attr(style, f"{_W}pPr/{_W}numPr/{_W}ilvl")
                own[style_id] = (num_id, int(level) if level and level.isdigit() else None)
        for style_id in {*own, *based_on}:
            current: str | None = style_id
            for _ in range(10):  # a basedOn chain, cut short if it loops
                if current is None or current in own:
                    break
                current = based_on.get(current)
            if current in own:
                self.style_lists[style_id] = own[current]

    def label(self, paragraph: Any) -> str:
        num_id = _attr(paragraph, f"{_W}pPr/{_W}numPr/{_W}numId")
        level_text = _attr(paragraph, f"{_W}pPr/{_W}numPr/{_W}ilvl")
        style = _attr(paragraph, f"{_W}pPr/{_W}pStyle")
        if num_id is None and style in self.style_lists:
            num_id, style_level = self.style_lists[style]
            level_text = level_text or (str(style_level) if style_level is not None else None)
        levels = self.lists.get(num_id or "")
        if not levels:
            return ""  # numId 0 (numbering switched off) or an unknown list
        ilvl = int(level_text) if level_text and level_text.isdigit() else 0
        level = levels.get(ilvl)
        if level is None or level.format in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id or "", [None] * 10)
        if ilvl >= len(counters):
            return ""
        previous = counters[ilvl]
        counters[ilvl] = level.start if previous is None else previous + 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index)
            if shown is None or index >= len(counters):
                return ""
            value = counters[index] if counters[index] is not None else shown.start
            return format_number(value or 0, shown.format)

        return re.sub(r"%([1-9])", number, level.text)


def _digits(value: object) -> int:
    text = str(value or "0")
    return int(text) if text.isdigit() else 0


def _level(element: Any) -> _Level:
    start = _attr(element, f"{_W}start")
    return _Level(
        _attr(element, f"{_W}numFmt") or "decimal",
        _attr(element, f"{_W}lvlText") or "",
        int(start) if start and start.isdigit() else 1,
    )


def format_number(value: int, number_format: str) -> str:
    """A list number in one of Word's formats (the ones Chinese documents use, else decimal)."""
    if number_format in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "japaneseCounting",
    ):
        return chinese_number(value)
    if number_format == "ideographTraditional" and 1 <= value <= 10:
        return _HEAVENLY_STEMS[value - 1]
    if number_format == "decimalEnclosedCircle" and 1 <= value <= 20:
        return _CIRCLED[value - 1]
    if number_format in ("lowerLetter", "upperLetter") and value >= 1:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format in ("lowerRoman", "upperRoman") and 1 <= value < 4000:
        roman = _roman(value)
        return roman if number_format == "upperRoman" else roman.lower()
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format == "decimalFullWidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(value)


def chinese_number(value: int) -> str:
    """一, 十, 十一, 二十, 一百零五 … as list numbers are written."""
    if value <= 0 or value >= 10000:
        return str(value)
    digits = [int(d) for d in str(value)]
    units = ["千", "百", "十", ""][4 - len(digits) :]
    out = ""
    for digit, unit in zip(digits, units, strict=True):
        if digit:
            out += _CHINESE_DIGITS[digit] + unit
        elif out and not out.endswith("零"):
            out += "零"
    out = out.rstrip("零")
    return out[1:] if out.startswith("一十") else out


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= number:
            out, value = out + letters, value - number
    return out
