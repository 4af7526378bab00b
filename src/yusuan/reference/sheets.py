"""Reading a spreadsheet (XLSX, XLS, CSV in UTF-8 or GBK) as sheets of text cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from yusuan.errors import YusuanError

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[str]]


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the file, cells as stripped text (``201`` not ``201.0``)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise YusuanError("找不到文件，请检查路径。", source=str(path)) from None
    except OSError as exc:
        raise YusuanError(f"无法读取文件（{exc.strerror or exc}）。", source=str(path)) from exc
    if not data.strip():
        raise YusuanError("文件为空。", source=str(path))
    kind = _kind(path, data)
    if kind == "xlsx":
        return _read_xlsx(path, data)
    if kind == "xls":
        return _read_xls(path, data)
    return [Sheet(path.stem, _read_csv(path, data))]


def _kind(path: Path, data: bytes) -> str:
    if data.startswith(_XLSX_MAGIC):
        return "xlsx"
    if data.startswith(_XLS_MAGIC):
        return "xls"
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise YusuanError("文件扩展名是 Excel，但内容不是 Excel 工作簿（文件可能已损坏）。", source=str(path))
    if b"\x00" in data[:4096]:
        raise YusuanError("无法识别的文件格式：请提供 Excel（.xlsx/.xls）或 CSV 文件。", source=str(path))
    return "csv"


def cell_text(value: Any) -> str:
    """A cell value as text: numbers without a spurious ``.0``, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).replace("\r", "").replace("\n", "").strip()


def _rows(values: Iterable[Iterable[Any]]) -> list[list[str]]:
    return [[cell_text(v) for v in row] for row in values]


def _read_xlsx(path: Path, data: bytes) -> list[Sheet]:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise YusuanError(
            "读取 .xlsx 需要 openpyxl：pip install 'yusuan[office]'。", source=str(path)
        ) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = [Sheet(str(ws.title), _rows(ws.iter_rows(values_only=True))) for ws in book.worksheets]
        book.close()
    except Exception as exc:  # zipfile, XML and openpyxl raise many types for broken files
        raise YusuanError(
            f"无法读取 Excel 文件（{type(exc).__name__}），文件可能已损坏。", source=str(path)
        ) from exc
    return sheets


def _read_xls(path: Path, data: bytes) -> list[Sheet]:
    try:
        import xlrd  # type: ignore[import-untyped]
    except ImportError:
        raise YusuanError("读取 .xls 需要 xlrd：pip install 'yusuan[office]'。", source=str(path)) from None
    try:
        book = xlrd.open_workbook(file_contents=data)
        return [
            Sheet(str(sheet.name), _rows(sheet.row_values(r) for r in range(sheet.nrows)))
            for sheet in book.sheets()
        ]
    except Exception as exc:  # xlrd raises its own and struct errors for broken files
        raise YusuanError(
            f"无法读取 Excel 文件（{type(exc).__name__}），文件可能已损坏。", source=str(path)
        ) from exc


def _read_csv(path: Path, data: bytes) -> list[list[str]]:
    text = _decode(path, data)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return _rows(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise YusuanError(f"CSV 格式有误（{exc}）。", source=str(path)) from exc


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise YusuanError("无法识别文件编码：CSV 文件应为 UTF-8 或 GBK 编码。", source=str(path))
