"""An Excel workbook (openpyxl): a sheet per table, the explanatory text on sheets of its own.

A financial table's sheet holds its title (merged across the table), its metadata row, the header with
merged ruled cells, the rows — amounts as numbers with a two-decimal number format, so that
they can be summed and are read back exactly as printed — and its notes. The explanatory text
and the tables it embeds (机构设置, 绩效目标, 政府采购, 资产) go on one sheet, a paragraph per row, in
document order, so that yusuan's reader (``formats/xlsx.py``) finds the facts in the text where
they were written and the text keeps one run of row numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from yusuan.errors import YusuanError
from yusuan.model import TableKind
from yusuan.render.document import (
    Block,
    Cell,
    CellRole,
    Heading,
    PageBreak,
    RenderedDocument,
    TableBlock,
    TextBlock,
    place,
)

__all__ = ["render_xlsx"]

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\'“”]")
_TEXT_WIDTH = 110


def _openpyxl() -> Any:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ModuleNotFoundError:
        raise YusuanError(
            "生成 XLSX 需要软件包 openpyxl，当前未安装。请安装：pip install 'yusuan[office]'"
        ) from None
    return openpyxl


class _Styles:
    """Named styles registered once per workbook: a cell takes one by name, which is much faster
    than setting font, border and alignment objects cell by cell."""

    def __init__(self, openpyxl: Any, wb: Any) -> None:
        st = openpyxl.styles
        side = st.Side(style="thin", color="000000")
        border = st.Border(left=side, right=side, top=side, bottom=side)
        center = st.Alignment(horizontal="center", vertical="center", wrap_text=True)

        def add(name: str, **kwargs: Any) -> str:
            wb.add_named_style(st.NamedStyle(name=name, **kwargs))
            return name

        self.title = add("ys-title", font=st.Font(bold=True, size=14), alignment=center)
        self.meta = add("ys-meta")
        fill = st.PatternFill("solid", fgColor="F2F2F2")
        self.header = add("ys-header", font=st.Font(bold=True), border=border, alignment=center, fill=fill)
        self.border = add("ys-border", border=border)
        right = st.Alignment(horizontal="right", vertical="center")
        self.amount = add("ys-amount", border=border, alignment=right, number_format="0.00")
        self.amount_total = add(
            "ys-amount-total", border=border, alignment=right, number_format="0.00", font=st.Font(bold=True)
        )
        self.code = add("ys-code", border=border, alignment=center)
        self.code_total = add("ys-code-total", border=border, alignment=center, font=st.Font(bold=True))
        self.text = [
            add(
                f"ys-text-{i}",
                border=border,
                alignment=st.Alignment(horizontal="left", vertical="center", wrap_text=True, indent=i),
            )
            for i in range(6)
        ]
        self.text_total = add(
            "ys-text-total",
            border=border,
            font=st.Font(bold=True),
            alignment=st.Alignment(horizontal="left", vertical="center", wrap_text=True),
        )
        self.paragraph = add("ys-paragraph", alignment=st.Alignment(wrap_text=True, vertical="top"))
        self.heading = add(
            "ys-heading",
            font=st.Font(bold=True, size=12),
            alignment=st.Alignment(wrap_text=True, vertical="top"),
        )


def _sheet_name(title: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("", re.sub(r"\s+", "", title))[:28] or "表"
    name, n = base, 2
    while name in used:
        name = f"{base[:26]}{n}"
        n += 1
    used.add(name)
    return name


def _style(cell: Cell, header: bool, total: bool, st: _Styles) -> str:
    if header:
        return st.header
    if cell.role is CellRole.AMOUNT:
        return st.amount_total if total else st.amount
    if cell.role in (CellRole.LABEL, CellRole.CODE):
        return st.code_total if total else st.code
    return st.text_total if total else st.text[min(cell.indent, 5)]


def _write_table(ws: Any, block: TableBlock, top: int, st: _Styles, merged: type) -> int:
    """Writes the table from row ``top``; returns the next free row."""
    width = block.width
    title = ws.cell(row=top, column=1, value=block.title)
    title.style = st.title
    if width > 1:
        ws.merged_cells.add(merged(_ref(top, 1, top, width)))
    row = top + 1
    if block.meta:
        columns = _meta_columns(len(block.meta), width)
        for text, col in zip(block.meta, columns, strict=True):
            ws.cell(row=row, column=col, value=text).style = st.meta
        row += 1
    grid_top = row
    header_rows = len(block.header)
    for placed_row in place(block.rows, width):
        if not placed_row:
            continue
        r0 = placed_row[0].row
        is_header = r0 < header_rows
        total = not is_header and block.rows[r0].total
        for p in placed_row:
            cell = p.cell
            r, c = grid_top + p.row, 1 + p.col
            target = ws.cell(row=r, column=c)
            target.style = _style(cell, is_header, total, st)
            if cell.role is CellRole.AMOUNT and cell.value is not None:
                target.value = float(cell.value)  # stored as Excel stores numbers; shown as printed
                places = _places(cell.value)
                if places != 2:
                    target.number_format = "0." + "0" * places
            elif cell.text:
                target.value = cell.text
                target.data_type = "s"  # a code such as 2080505 stays text
            if cell.rowspan > 1 or cell.colspan > 1:
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if dr or dc:
                            ws.cell(row=r + dr, column=c + dc).style = st.border
                # Registered directly: openpyxl's merge_cells would restyle the range's edges cell by
                # cell, which costs more than writing the whole table.
                ws.merged_cells.add(merged(_ref(r, c, r + cell.rowspan - 1, c + cell.colspan - 1)))
    row = grid_top + len(block.rows)
    for note in block.notes:
        ws.cell(row=row, column=1, value=note).style = st.meta
        row += 1
    return row


def _ref(top: int, left: int, bottom: int, right: int) -> str:
    letter = _column_letter
    return f"{letter(left)}{top}:{letter(right)}{bottom}"


def _column_letter(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(2, -exponent) if isinstance(exponent, int) else 2


def _meta_columns(count: int, width: int) -> list[int]:
    """Metadata cells spread over the table: the first at the left, the last at the right."""
    if count == 1 or width <= 1:
        return [width if count == 1 and width > 1 else 1 + min(i, width - 1) for i in range(count)]
    step = (width - 1) / (count - 1)
    columns = [1 + round(i * step) for i in range(count)]
    return [c if c > (columns[i - 1] if i else 0) else columns[i - 1] + 1 for i, c in enumerate(columns)]


def _set_widths(ws: Any, block: TableBlock, openpyxl: Any) -> None:
    letter = openpyxl.utils.get_column_letter
    for j, w in enumerate(block.widths):
        ws.column_dimensions[letter(j + 1)].width = max(8, min(w * 2 + 2, 60))


# Tables of the financial set get a sheet each; the others (机构设置, 绩效目标, 政府采购, 资产) stay
# in the explanatory text around them, on the text's sheet.
_OWN_SHEET = frozenset(
    {
        TableKind.SUMMARY,
        TableKind.INCOME,
        TableKind.EXPENDITURE,
        TableKind.FISCAL_SUMMARY,
        TableKind.GENERAL_PUBLIC,
        TableKind.GENERAL_PUBLIC_BASIC,
        TableKind.GENERAL_PUBLIC_BASIC_DETAIL,
        TableKind.ECONOMIC_SUMMARY,
        TableKind.GOV_FUND,
        TableKind.STATE_CAPITAL,
        TableKind.SPECIAL_ACCOUNT,
        TableKind.THREE_PUBLIC,
        TableKind.PROJECTS,
    }
)


def _sheets(blocks: tuple[Block, ...]) -> Iterator[tuple[str, list[Block]]]:
    """Financial tables one per sheet; the text, with the tables it embeds, on one sheet per run."""
    flow: list[Block] = []
    for block in blocks:
        if isinstance(block, TableBlock) and block.kind in _OWN_SHEET:
            if flow:
                yield "text", flow
                flow = []
            yield "table", [block]
        elif not isinstance(block, PageBreak):
            flow.append(block)
    if flow:
        yield "text", flow


def render_xlsx(document: RenderedDocument) -> bytes:
    """The document as an XLSX workbook (the writer registered for ``xlsx``)."""
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    st = _Styles(openpyxl, wb)
    merged = openpyxl.worksheet.cell_range.CellRange
    wb.remove(wb.active)
    wb.properties.title = document.title
    wb.properties.creator = "yusuan"
    used: set[str] = set()
    text_sheets = 0
    for what, blocks in _sheets(document.blocks):
        if what == "table":
            block = blocks[0]
            assert isinstance(block, TableBlock)
            ws = wb.create_sheet(_sheet_name(block.title, used))
            _write_table(ws, block, 1, st, merged)
            _set_widths(ws, block, openpyxl)
            ws.print_title_rows = None
            ws.page_setup.orientation = "landscape"
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.oddFooter.center.text = "第 &P 页"
            continue
        text_sheets += 1
        ws = wb.create_sheet(_sheet_name("情况说明" if text_sheets == 1 else f"情况说明{text_sheets}", used))
        ws.column_dimensions["A"].width = _TEXT_WIDTH
        ws.oddFooter.center.text = "第 &P 页"
        row = 1
        for block in blocks:
            if isinstance(block, TableBlock):
                if row > 1:
                    row += 1  # a blank row ends the text before a table
                row = _write_table(ws, block, row, st, merged) + 1
            elif isinstance(block, Heading | TextBlock):
                cell = ws.cell(row=row, column=1, value=block.text)
                cell.style = st.heading if isinstance(block, Heading) else st.paragraph
                row += 1
    if not wb.sheetnames:
        wb.create_sheet("空")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
