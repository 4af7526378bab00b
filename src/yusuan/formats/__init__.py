"""Readers per input format, chosen by sniffing the content (never by the file name alone).

Each reader turns bytes into a :class:`~yusuan.formats.base.SourceDocument` (blocks of text lines
and cell rows). Readers for heavy formats live in their own modules and are imported only when a
file of that format arrives, so the core install stays light; a reader whose optional dependency
is missing raises :class:`~yusuan.errors.UnreadableInput` naming the extra to install.
"""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from yusuan.errors import UnreadableInput
from yusuan.formats.base import SourceDocument

Reader = Callable[[bytes, str], SourceDocument]


@dataclass(frozen=True)
class Format:
    name: str  # pdf, docx, xlsx, xls, doc, html, text
    reader: str  # "module:function", imported on first use
    label: str  # how the format is called in messages


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "yusuan.formats.text:read_text", "文本"),
        Format("pdf", "yusuan.formats.pdf:read_pdf", "PDF"),
        Format("docx", "yusuan.formats.docx:read_docx", "Word（DOCX）"),
        Format("doc", "yusuan.formats.docx:read_doc", "Word 97-2003（DOC）"),
        Format("xlsx", "yusuan.formats.xlsx:read_xlsx", "Excel（XLSX）"),
        Format("xls", "yusuan.formats.xlsx:read_xls", "Excel 97-2003（XLS）"),
        Format("html", "yusuan.formats.html:read_html", "网页（HTML）"),
    )
}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97 / Excel 97 compound file


def sniff(data: bytes, name: str = "") -> str:
    """The format of ``data`` from its first bytes (the name only breaks ties between OLE files)."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-" or head[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        return _sniff_zip(data)
    if head[:8] == _OLE:
        return "xls" if name.lower().endswith((".xls", ".et")) or b"Workbook" in data[:65536] else "doc"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in head.lower():
        return "html"
    return "text"


def _sniff_zip(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "zip-broken"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip-other"


def reader_for(kind: str, source: str) -> Reader:
    if kind == "zip-broken":
        raise UnreadableInput(
            "文件是损坏的压缩包（DOCX/XLSX 文件已损坏或未下载完整），无法读取。请重新下载后再试。",
            source=source,
        )
    if kind == "zip-other":
        raise UnreadableInput(
            "文件是压缩包，但不是 Word（DOCX）或 Excel（XLSX）文件。请解压后逐个提供预算文件。", source=source
        )
    fmt = FORMATS[kind]
    module_name, function = fmt.reader.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("yusuan"):
            raise UnreadableInput(
                f"暂不支持读取{fmt.label}文件。请提供文本（TXT）版本。", source=source
            ) from exc
        raise UnreadableInput(
            f"读取{fmt.label}文件需要安装可选组件：pip install 'yusuan[{fmt.name}]'（缺少 {exc.name}）。",
            source=source,
        ) from exc
    reader: Reader = getattr(module, function)
    return reader


def read(data: bytes, source: str) -> SourceDocument:
    """Read any supported file into blocks."""
    return reader_for(sniff(data, source), source)(data, source)
