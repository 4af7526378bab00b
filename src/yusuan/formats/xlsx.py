"""Reader for Excel workbooks: XLSX (openpyxl) and XLS, Excel 97-2003 (xlrd).

A budget workbook usually holds one table per sheet, with the title (and 单位：万元) in rows
above it. Each visible sheet is read top to bottom:

* a row with two or more filled cells is a :class:`CellRow`, padded to the sheet's used width;
  a merged range gives its value once, in its top-left cell, and empty cells for the rest;
* a row with one filled cell is a :class:`TextLine` (a title, a note, a paragraph) when that
  cell is merged across the table, starts with 注/说明, stands in a sheet of one column, or is
  not inside a table (nothing but text or empty rows above it); otherwise it is a table row
  whose other cells are empty (``其中：办公用房 | | |``);
* an empty row is a :class:`Blank`;
* a sheet that does not open with a title row gets its name as the title (unless the name is a
  default one such as ``Sheet1``).

Numbers are written as printed: with the decimals (and thousands separators, percent sign) of
the cell's number format where it has one, otherwise exactly as stored, converted through
``Decimal(str(value))`` (never float arithmetic). Formulas give their cached values (the values
Excel or WPS last computed); a formula that was never computed is reported, not guessed.

Hidden sheets, rows and columns are not read (a printed disclosure does not show them) and each
is listed in :attr:`SourceDocument.skipped`.

Provenance: ``page`` is the sheet's position in the workbook (1-based, hidden sheets counted)
and ``line`` the row number as Excel shows it, so a number leads back to its sheet and row.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from yusuan.errors import UnreadableInput
from yusuan.formats.base import Blank, Block, CellRow, SourceDocument, TextLine
from yusuan.formats.docx import refuse_encrypted_ole

_DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表|表)\s*\d*$", re.I)
_NOTE = re.compile(r"^\s*(?:注|说明|备注)\s*[:：\d１-９.、]?")
_DECIMALS = re.compile(r"0\.(0+)")
_MAX_COLUMNS = 200  # a budget table is never wider; formatting can stretch the used range far
_FORMULA_WITHOUT_VALUE = re.compile(rb"<c\b[^>]*>(?:(?!</c>).)*?<f[\s>/](?:(?!</c>).)*?</c>", re.S)
_VALUE = re.compile(rb"<v>[^<]")


@dataclass
class _Sheet:
    """One sheet as plain values, whatever library read it."""

    name: str
    position: int  # 1-based, in workbook order
    rows: list[tuple[int, list[str]]]  # (row number, cell texts from the first used column)
    merged_across: set[tuple[int, int]] = field(default_factory=set)  # (row, column) anchors spanning columns
    width: int = 0


# --- XLSX -----------------------------------------------------------------------------------


def read_xlsx(data: bytes, source: str) -> SourceDocument:
    workbook = _open_xlsx(data, source)
    skipped: list[str] = []
    sheets: list[_Sheet] = []
    for position, sheet in enumerate(workbook.worksheets, start=1):
        if sheet.sheet_state != "visible":
            if any(cell.value not in (None, "") for cell in sheet._cells.values()):
                skipped.append(f"隐藏的工作表“{sheet.title}”未读取")
            continue
        sheets.append(_xlsx_sheet(sheet, position, skipped))
    uncomputed = _formulas_without_values(data)
    if uncomputed:
        skipped.append(
            f"有 {uncomputed} 个公式单元格没有保存计算结果，按空白读取；请用 Excel 或 WPS 打开并保存后再试"
        )
    return _document(sheets, source, "xlsx", skipped)


def _open_xlsx(data: bytes, source: str) -> Any:
    """The workbook, fully loaded: read-only mode exposes neither merged ranges nor hidden rows."""
    import openpyxl  # type: ignore[import-untyped]

    try:
        # Warnings such as "no default style" or "extension not supported" are not the user's concern.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(BytesIO(data), data_only=True, read_only=False)
    except Exception as exc:  # zipfile, XML and openpyxl raise many types for broken files
        raise UnreadableInput(
            "Excel（XLSX）文件已损坏，无法读取（压缩包或表格内容有误）。请重新下载，或在 Excel 中另存后再试。",
            source=source,
        ) from exc


def _xlsx_sheet(sheet: Any, position: int, skipped: list[str]) -> _Sheet:
    # Only the cells stored in the file: iter_rows() would create every cell of the used
    # range, which one formatted cell at row 1048576 stretches to a million rows.
    texts = {
        (r, c): text
        for (r, c), cell in sheet._cells.items()
        if c <= _MAX_COLUMNS and (text := _xlsx_text(cell))
    }
    hidden_rows = {r for r, d in sheet.row_dimensions.items() if d.hidden}
    hidden_columns = {
        c
        for d in sheet.column_dimensions.values()
        if d.hidden and d.min
        for c in range(d.min, min(d.max or d.min, _MAX_COLUMNS) + 1)
    }
    merged = {(m.min_row, m.min_col): (m.max_row, m.max_col) for m in sheet.merged_cells.ranges}
    return _visible(sheet.title, position, texts, hidden_rows, hidden_columns, merged, skipped)


def _visible(
    name: str,
    position: int,
    texts: dict[tuple[int, int], str],
    hidden_rows: set[int],
    hidden_columns: set[int],
    merged: dict[tuple[int, int], tuple[int, int]],
    skipped: list[str],
) -> _Sheet:
    """The sheet without its hidden rows and columns; those that hold something are reported."""
    _report_hidden(name, sorted({r for r, _ in texts if r in hidden_rows}), "行", skipped)
    _report_hidden(
        name, sorted({c for r, c in texts if c in hidden_columns and r not in hidden_rows}), "列", skipped
    )
    by_row: dict[int, dict[int, str]] = {}
    for (r, c), text in sorted(texts.items()):
        if r not in hidden_rows and c not in hidden_columns:
            by_row.setdefault(r, {})[c] = text
    numbers = range(min(by_row, default=1), max(by_row, default=0) + 1)
    return _assemble(
        name, position, [(r, by_row.get(r, {})) for r in numbers if r not in hidden_rows], merged
    )


def _xlsx_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    return format_value(value, getattr(cell, "number_format", None) or "General")


def _formulas_without_values(data: bytes) -> int:
    """Formula cells saved without a computed value (written by a program, never opened)."""
    count = 0
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    xml = archive.read(name)
                    if b"<f" in xml:
                        count += sum(
                            1 for m in _FORMULA_WITHOUT_VALUE.finditer(xml) if not _VALUE.search(m.group(0))
                        )
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return 0
    return count


# --- XLS ------------------------------------------------------------------------------------


def read_xls(data: bytes, source: str) -> SourceDocument:
    refuse_encrypted_ole(data, source)
    import xlrd  # type: ignore[import-untyped]

    try:
        book = _open_xls(xlrd, data)
    except Exception as exc:  # xlrd raises XLRDError, struct errors, IndexError … on broken files
        message = str(exc).lower()
        if "encrypt" in message or "password" in message:
            raise UnreadableInput(
                "文件有密码保护（已加密），无法读取。请在 Excel 或 WPS 中取消密码后另存，再试。",
                source=source,
            ) from exc
        raise UnreadableInput(
            "Excel 97-2003（XLS）文件已损坏，无法读取。请重新下载，或在 Excel 中另存为 XLSX 后再试。",
            source=source,
        ) from exc
    skipped: list[str] = []
    sheets: list[_Sheet] = []
    try:
        for position in range(book.nsheets):
            sheet = book.sheet_by_index(position)
            if sheet.visibility != 0:
                if sheet.nrows:
                    skipped.append(f"隐藏的工作表“{sheet.name}”未读取")
                continue
            sheets.append(_xls_sheet(book, sheet, position + 1, skipped))
    except Exception as exc:  # a sheet that cannot be decoded: the file is broken
        raise UnreadableInput(
            "Excel 97-2003（XLS）文件已损坏，无法读取。请重新下载，或在 Excel 中另存为 XLSX 后再试。",
            source=source,
        ) from exc
    return _document(sheets, source, "xls", skipped)


class _Quiet(io.StringIO):
    """xlrd prints warnings (``WARNING *** OLE2 inconsistency``) to standard output, which
    would corrupt ``yusuan parse --json``; they go nowhere instead."""

    def write(self, text: str) -> int:
        return len(text)


_QUIET = _Quiet()


def _open_xls(xlrd: Any, data: bytes) -> Any:
    """With formatting records (merged ranges, hidden rows, number formats) where they decode."""
    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=_QUIET)
    except Exception as exc:
        if "encrypt" in str(exc).lower():
            raise
        return xlrd.open_workbook(file_contents=data, formatting_info=False, logfile=_QUIET)


def _xls_sheet(book: Any, sheet: Any, position: int, skipped: list[str]) -> _Sheet:
    import xlrd

    texts = {
        (r + 1, c + 1): text
        for r in range(sheet.nrows)
        for c in range(min(sheet.ncols, _MAX_COLUMNS))
        if (text := _xls_text(book, sheet.cell(r, c), xlrd))
    }
    hidden_rows = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden}
    hidden_columns = {c + 1 for c, info in sheet.colinfo_map.items() if info.hidden}
    merged = {(r0 + 1, c0 + 1): (r1, c1) for r0, r1, c0, c1 in sheet.merged_cells}
    return _visible(sheet.name, position, texts, hidden_rows, hidden_columns, merged, skipped)


def _xls_text(book: Any, cell: Any, xlrd: Any) -> str:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return format_value(str(cell.value), "@")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "是" if cell.value else "否"
    number_format = "General"
    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
    if xf is not None and xf.format_key in book.format_map:
        number_format = book.format_map[xf.format_key].format_str
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return format_value(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), number_format)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_value(cell.value, "General")
    return format_value(cell.value, number_format)


# --- numbers as printed ---------------------------------------------------------------------


def format_value(value: object, number_format: str) -> str:
    """A cell's value as the sheet prints it, for the formats budget tables use."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float):
        return _format_number(value, number_format)
    return str(value).replace("\xa0", " ").replace("\u200b", "").strip()


def _format_number(value: float, number_format: str) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return ""
    if not number.is_finite():
        return ""
    section = _positive_section(number_format)
    if section is None:
        return _plain(number)
    percent = "%" in section
    if percent:
        number *= 100
    match = _DECIMALS.search(section)
    places = len(match.group(1)) if match else 0
    quantum = Decimal(1).scaleb(-places)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)  # as Excel rounds: half away from zero
    grouped = "," in section.split(".")[0].rstrip(",")  # trailing commas scale, they do not group
    text = f"{rounded:,.{places}f}" if grouped else f"{rounded:.{places}f}"
    if rounded == 0 and "-" in text:
        text = text.replace("-", "")
    return text + ("%" if percent else "")


def _positive_section(number_format: str) -> str | None:
    """The part of a number format for positive numbers, or ``None`` for General / text formats."""
    section = number_format.split(";")[0]
    section = re.sub(r"\[[^\]]*\]|\"[^\"]*\"|\\.|_.|\*.", "", section)
    if not any(ch in section for ch in "0#?") or section.strip().lower() == "general":
        return None
    return section


def _plain(number: Decimal) -> str:
    """A number as stored, without exponent and without a trailing ``.0`` of a float.

    A float that a formula computed (``349.27000000000004``) is cut to the 15 significant
    digits a float holds, as Excel shows it.
    """
    digits = len(number.as_tuple().digits)
    if digits > 15:
        number = number.quantize(Decimal(1).scaleb(number.adjusted() - 14))
    number = number.normalize()
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


# --- rows to blocks -------------------------------------------------------------------------


def _report_hidden(sheet: str, numbers: Sequence[int], what: str, skipped: list[str]) -> None:
    if not numbers:
        return
    label = "、".join(_ranges(numbers, what))
    skipped.append(f"工作表“{sheet}”的隐藏{what}（{label}）未读取")


def _ranges(numbers: Sequence[int], what: str) -> Iterator[str]:
    start = previous = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == previous + 1:
            previous = n
            continue
        name = (lambda k: _column_name(k)) if what == "列" else str
        yield f"第{name(start)}{what}" if start == previous else f"第{name(start)}–{name(previous)}{what}"
        if n is not None:
            start = previous = n


def _column_name(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _assemble(
    name: str,
    position: int,
    raw: list[tuple[int, dict[int, str]]],
    merged: dict[tuple[int, int], tuple[int, int]],
) -> _Sheet:
    """Rows as lists from the first to the last used column."""
    used = [c for _, values in raw for c in values]
    if not used:
        return _Sheet(name, position, [])
    first, last = min(used), max(used)
    numbers = {r for r, _ in raw}
    # A range merged across empty columns still belongs to the table (its last cell is empty).
    last = max(
        [
            last,
            *(min(end, _MAX_COLUMNS) for (r, c), (_, end) in merged.items() if r in numbers and c >= first),
        ]
    )
    rows = [(r, [values.get(c, "") for c in range(first, last + 1)]) for r, values in raw]
    across = {
        (r, c - first)
        for (r, c), (_, end) in merged.items()
        if end > c and c >= first and (end - c + 1) * 2 >= last - c + 1
    }
    return _Sheet(name, position, rows, across, last - first + 1)


def _document(sheets: list[_Sheet], source: str, layout: str, skipped: list[str]) -> SourceDocument:
    blocks: list[Block] = []
    for sheet in sheets:
        blocks.extend(_sheet_blocks(sheet))
    if not any(isinstance(b, TextLine | CellRow) for b in blocks):
        raise UnreadableInput(
            "工作簿中没有可读取的内容（所有工作表为空或已隐藏）。请确认选择了正确的文件。", source=source
        )
    return SourceDocument(source=source, blocks=tuple(blocks), layout=layout, skipped=tuple(skipped))


def _sheet_blocks(sheet: _Sheet) -> Iterable[Block]:
    page = sheet.position
    rows = _trim(sheet.rows)
    if not rows:
        return []
    blocks: list[Block] = []
    first_filled = next(cells for _, cells in rows if any(cells))
    if not _is_text_row(first_filled, True, sheet, rows[0][0]) and not _DEFAULT_SHEET.match(
        sheet.name.strip()
    ):
        blocks.append(TextLine(sheet.name.strip(), rows[0][0], page))
    in_table = False
    for number, cells in rows:
        filled = [c for c in cells if c]
        if not filled:
            blocks.append(Blank(number, page))
            in_table = False
        elif len(filled) == 1 and _is_text_row(cells, not in_table, sheet, number):
            blocks.append(TextLine(filled[0], number, page))
            in_table = False
        else:
            blocks.append(CellRow(tuple(cells), number, page))
            in_table = True
    blocks.append(Blank(rows[-1][0] + 1, page))
    return blocks


def _is_text_row(cells: list[str], outside_table: bool, sheet: _Sheet, number: int) -> bool:
    filled = [(j, c) for j, c in enumerate(cells) if c]
    if len(filled) != 1:
        return False
    column, text = filled[0]
    if sheet.width <= 1 or outside_table:
        return True
    # Inside a table only a cell merged across it, or a note, in the first column is text.
    return column == 0 and ((number, column) in sheet.merged_across or bool(_NOTE.match(text)))


def _trim(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Leading and trailing empty rows dropped; runs of empty rows kept as one."""
    out: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        if not any(cells) and (not out or not any(out[-1][1])):
            continue
        out.append((number, cells))
    while out and not any(out[-1][1]):
        out.pop()
    return out
