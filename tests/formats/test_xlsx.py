"""The Excel reader: merged headers, numbers as printed, hidden content reported, titles, bad files."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from yusuan.api import parse_bytes
from yusuan.errors import UnreadableInput, YusuanError
from yusuan.formats.base import Blank, CellRow, TextLine
from yusuan.formats.xlsx import format_value, read_xls, read_xlsx

FIXTURES = Path(__file__).parent / "fixtures"


def _save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _budget_sheet() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "表1"
    sheet["A1"] = "部门收入预算表"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "单位：万元"
    sheet.merge_cells("A2:E2")
    sheet["A3"], sheet["B3"], sheet["C3"], sheet["D3"] = "科目编码", "科目名称", "合计", "本年收入"
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("C3:C4")
    sheet.merge_cells("D3:E3")
    sheet["D4"], sheet["E4"] = "小计", "财政拨款"
    sheet.append(["", "合计", 1234.5, "1,234.50", 1234.5])
    sheet.append(["210", "卫生健康支出", 1234.5, "1,234.50", 1234.5])
    for row in (5, 6):
        sheet.cell(row, 3).number_format = "#,##0.00"
        sheet.cell(row, 5).number_format = "0.00"
    sheet["A7"] = "注：本表无政府性基金。"
    return workbook


def test_merged_header_cells_become_a_padded_grid_and_titles_text_lines() -> None:
    blocks = read_xlsx(_save(_budget_sheet()), "t.xlsx").blocks
    texts = [b.text for b in blocks if isinstance(b, TextLine)]
    rows = [b.cells for b in blocks if isinstance(b, CellRow)]
    assert texts == ["部门收入预算表", "单位：万元", "注：本表无政府性基金。"]
    assert rows == [
        ("科目编码", "科目名称", "合计", "本年收入", ""),
        ("", "", "", "小计", "财政拨款"),
        ("", "合计", "1,234.50", "1,234.50", "1234.50"),
        ("210", "卫生健康支出", "1,234.50", "1,234.50", "1234.50"),
    ]
    assert {b.page for b in blocks} == {1}
    assert [b.line for b in blocks if isinstance(b, CellRow)] == [3, 4, 5, 6]  # Excel's row numbers


def test_the_workbook_parses_to_a_table_with_its_amounts() -> None:
    disclosure = parse_bytes(_save(_budget_sheet()), "t.xlsx")
    table = disclosure.tables[0]
    assert table.title == "部门收入预算表" and table.unit == "万元"
    assert [(r.code, r.name, r.values["total"]) for r in table.rows] == [
        (None, "合计", Decimal("1234.50")),
        ("210", "卫生健康支出", Decimal("1234.50")),
    ]


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (349.27, "0.00", "349.27"),
        (12.5, "0.00", "12.50"),
        (1234.5, "#,##0.00", "1,234.50"),
        (1234.5, "#,##0.00_);[Red](#,##0.00)", "1,234.50"),
        (-3.2, "0.00", "-3.20"),
        (0.25, "0%", "25%"),
        (0.0835, "0.00%", "8.35%"),
        (0.1 + 0.2, "General", "0.3"),
        (349.27, "General", "349.27"),
        (2101501, "General", "2101501"),
        (110.0, "General", "110"),
        (1e-7, "General", "0.0000001"),
        (0.005, "0.00", "0.01"),
        ("  1,234.50 ", "@", "1,234.50"),
        (True, "General", "是"),
        (datetime.datetime(2024, 3, 31), "yyyy-mm-dd", "2024-03-31"),
    ],
)
def test_numbers_are_printed_as_the_sheet_shows_them(value: object, number_format: str, printed: str) -> None:
    assert format_value(value, number_format) == printed


def test_hidden_sheets_rows_and_columns_are_skipped_and_reported() -> None:
    workbook = _budget_sheet()
    sheet = workbook.active
    sheet.insert_rows(6)
    for column, value in enumerate(("999", "作废行", "999.99"), start=1):
        sheet.cell(6, column, value)
    sheet.row_dimensions[6].hidden = True
    sheet["F3"] = "备用列"
    sheet.column_dimensions["F"].hidden = True
    junk = workbook.create_sheet("旧表")
    junk.append(["作废", "1.00"])
    junk.sheet_state = "hidden"
    document = read_xlsx(_save(workbook), "t.xlsx")
    cells = [c for b in document.blocks if isinstance(b, CellRow) for c in b.cells]
    assert "作废行" not in cells and "备用列" not in cells and "作废" not in cells
    assert document.skipped == (
        "工作表“表1”的隐藏行（第6行）未读取",
        "工作表“表1”的隐藏列（第F列）未读取",
        "隐藏的工作表“旧表”未读取",
    )


def test_a_sheet_without_a_title_row_is_titled_by_its_name() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "一般公共预算支出表"
    workbook.active.append(["科目编码", "科目名称", "合计"])
    workbook.active.append(["210", "卫生健康支出", "5.00"])
    unnamed = workbook.create_sheet("Sheet2")
    unnamed.append(["科目编码", "科目名称", "合计"])
    blocks = read_xlsx(_save(workbook), "t.xlsx").blocks
    assert [b.text for b in blocks if isinstance(b, TextLine)] == ["一般公共预算支出表"]
    assert any(isinstance(b, Blank) and b.page == 1 for b in blocks)  # sheets end with a blank
    assert {b.page for b in blocks if isinstance(b, CellRow)} == {1, 2}


def test_a_row_with_one_filled_cell_inside_a_table_stays_a_row() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (
        ["项目", "数量", "价值"],
        ["资产总额", "", "16.47"],
        ["其中：办公用房（平方米）"],
        ["车辆", "1", "2.00"],
    ):
        sheet.append(row)
    rows = [b.cells for b in read_xlsx(_save(workbook), "t.xlsx").blocks if isinstance(b, CellRow)]
    assert ("其中：办公用房（平方米）", "", "") in rows


def test_formulas_give_their_cached_values() -> None:
    disclosure = parse_bytes((FIXTURES / "beidaihe.xlsx").read_bytes(), "beidaihe.xlsx")
    basic = disclosure.tables_of(disclosure.tables[5].kind)[0]
    assert basic.rows[0].name == "合计" and basic.rows[0].values["total"] == Decimal("289.59")


def test_formulas_never_computed_are_reported() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["项目", "金额"])
    workbook.active.append(["合计", "=1+1"])
    document = read_xlsx(_save(workbook), "t.xlsx")
    assert any("公式" in s and "1 个" in s for s in document.skipped)


def test_xls_reads_like_xlsx() -> None:
    xls = read_xls((FIXTURES / "beidaihe.xls").read_bytes(), "beidaihe.xls")
    xlsx = read_xlsx((FIXTURES / "beidaihe.xlsx").read_bytes(), "beidaihe.xlsx")
    assert xls.layout == "xls"
    assert [b.cells for b in xls.blocks if isinstance(b, CellRow)] == [
        b.cells for b in xlsx.blocks if isinstance(b, CellRow)
    ]
    assert xls.skipped == xlsx.skipped


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"PK\x03\x04" + bytes(300), "bad.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(3000), "bad.xls"),
    ],
)
def test_broken_workbooks_give_one_clear_line(data: bytes, name: str) -> None:
    with pytest.raises(YusuanError) as info:
        parse_bytes(data, name)
    assert "\n" not in info.value.message and ("损坏" in info.value.message)


def test_a_workbook_with_a_broken_sheet_part_is_refused() -> None:
    source = io.BytesIO(_save(_budget_sheet()))
    target = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, data[:40] if item.filename.startswith("xl/worksheets/") else data)
    with pytest.raises(UnreadableInput, match="XLSX"):
        read_xlsx(target.getvalue(), "bad.xlsx")


def test_an_empty_workbook_is_refused() -> None:
    with pytest.raises(UnreadableInput, match="没有可读取的内容"):
        read_xlsx(_save(openpyxl.Workbook()), "empty.xlsx")


def test_a_stray_formatted_cell_far_below_does_not_stretch_the_sheet() -> None:
    workbook = _budget_sheet()
    workbook.active.cell(1048576, 200).number_format = "0.00"
    document = read_xlsx(_save(workbook), "t.xlsx")
    assert max(b.line for b in document.blocks) < 20


def test_library_warnings_stay_off_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    data = (FIXTURES / "beidaihe.xls").read_bytes()
    read_xls(data + bytes(100), "padded.xls")  # xlrd warns about the file size on stdout
    read_xlsx((FIXTURES / "beidaihe.xlsx").read_bytes(), "beidaihe.xlsx")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_hidden_rows_and_sheets_without_content_are_not_reported() -> None:
    workbook = _budget_sheet()
    workbook.active.row_dimensions[30].hidden = True
    workbook.create_sheet("空表").sheet_state = "hidden"
    assert read_xlsx(_save(workbook), "t.xlsx").skipped == ()
