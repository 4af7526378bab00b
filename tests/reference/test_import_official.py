"""``import_official``: 财政部's 《政府收支分类科目》 as Excel or CSV, in the layouts it comes in."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from yusuan.errors import YusuanError
from yusuan.model import CodeScheme
from yusuan.reference import Status, import_official, load_reference
from yusuan.reference.store import read_stored

FIXTURES = Path(__file__).parent / "fixtures"
Cell = str | int | float | None


def xlsx(path: Path, rows: Sequence[Sequence[Cell]], merge: Sequence[str] = (), title: str = "Sheet") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cells in merge:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def csv_file(path: Path, rows: Sequence[Sequence[str]], encoding: str, delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def stored(path: Path) -> dict[str, str]:
    return {r.code: r.name for r in read_stored(path)}


def test_one_code_column_with_income_rows_and_bad_rows(tmp_path: Path, data_dir: Path) -> None:
    source = xlsx(
        tmp_path / "2025年政府收支分类科目.xlsx",
        [
            ["2025年政府收支分类科目"],
            ["科目编码", "科目名称", "说明"],
            [101, "税收收入", "反映税收收入。"],
            [10101, "增值税", ""],
            [201, "一般公共服务支出", "反映……"],
            [20101, "人大事务", ""],
            ["2010101", " 行政运行 ", ""],
            ["2101", "四位编码", ""],
            [2101501, None, ""],
        ],
    )
    result = import_official(source, 2025)
    assert result.rows_imported == 3
    assert result.path == data_dir / "codes" / "official-2025.csv"
    assert result.stated_year == 2025
    assert result.schemes == (CodeScheme.FUNCTION,)
    assert stored(result.path) == {"201": "一般公共服务支出", "20101": "人大事务", "2010101": "行政运行"}
    assert any("2101" in s and "第 8 行" in s for s in result.skipped), result.skipped
    assert any("2101501" in s and "没有名称" in s for s in result.skipped), result.skipped
    assert any("收入科目 2 行" in s for s in result.skipped), result.skipped


def test_provenance_is_kept_with_every_row(tmp_path: Path) -> None:
    source = xlsx(tmp_path / "official.xlsx", [["科目编码", "科目名称"], [2101501, "行政运行"]])
    result = import_official(source, 2025)
    (row,) = read_stored(result.path)
    assert row.source_file == "official.xlsx"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.imported)
    reference_row = load_reference(2025).lookup("2101501")
    assert reference_row is not None and reference_row.official
    assert reference_row.status is Status.CONFIRMED
    assert reference_row.source.startswith("official.xlsx（")


def test_split_lei_kuan_xiang_under_a_merged_header(tmp_path: Path) -> None:
    """The book layout: 科目编码 merged over 类 | 款 | 项; 款/项 as numbers lose their zero."""
    source = xlsx(
        tmp_path / "book.xlsx",
        [
            ["科目编码", None, None, "科目名称"],
            ["类", "款", "项", None],
            [210, None, None, "卫生健康支出"],
            [None, 11, None, "行政事业单位医疗"],
            [None, None, 1, "行政单位医疗"],
            [None, None, 3, "公务员医疗补助"],
            [None, 15, None, "医疗保障管理事务"],
            [None, None, 1, "行政运行"],
            [221, "02", "01", "住房公积金"],
        ],
        merge=["A1:C1"],
    )
    result = import_official(source, 2024)
    assert stored(result.path) == {
        "210": "卫生健康支出",
        "21011": "行政事业单位医疗",
        "2101101": "行政单位医疗",
        "2101103": "公务员医疗补助",
        "21015": "医疗保障管理事务",
        "2101501": "行政运行",
        "2210201": "住房公积金",
    }
    assert result.stated_year is None


def test_names_of_each_level_in_their_own_column(tmp_path: Path) -> None:
    source = xlsx(
        tmp_path / "levels.xlsx",
        [
            ["科目编码", "类名称", "款名称", "项名称"],
            ["210", "卫生健康支出", None, None],
            ["21015", None, "医疗保障管理事务", None],
            ["2101501", None, None, "行政运行"],
            ["2101550", None, None, "事业运行"],
        ],
    )
    result = import_official(source, 2024)
    assert stored(result.path) == {
        "210": "卫生健康支出",
        "21015": "医疗保障管理事务",
        "2101501": "行政运行",
        "2101550": "事业运行",
    }


def test_gbk_csv_with_spaced_codes(tmp_path: Path) -> None:
    source = csv_file(
        tmp_path / "功能分类.csv",
        [
            ["2024年支出功能分类科目", "", ""],
            ["功能分类科目编码", "功能分类科目名称", "备注"],
            ["210", "卫生健康支出", ""],
            ["210 15", "医疗保障管理事务", ""],
            ["210 15 01", "行政运行", "反映……"],
        ],
        encoding="gbk",
    )
    result = import_official(source, 2024)
    assert stored(result.path) == {"210": "卫生健康支出", "21015": "医疗保障管理事务", "2101501": "行政运行"}
    assert result.stated_year == 2024


def test_utf8_tab_separated_with_code_and_name_in_one_cell(tmp_path: Path) -> None:
    source = csv_file(
        tmp_path / "list.txt",
        [["科目"], ["301 工资福利支出"], ["30101 基本工资"], ["30113 住房公积金"]],
        encoding="utf-8-sig",
        delimiter="\t",
    )
    result = import_official(source, 2024)
    assert stored(result.path) == {"301": "工资福利支出", "30101": "基本工资", "30113": "住房公积金"}
    assert result.schemes == (CodeScheme.DEPT_ECONOMIC,)


def test_xls_book_layout() -> None:
    """A committed Excel 97-2003 file (written by fixtures/make_fixtures.py with LibreOffice)."""
    result = import_official(FIXTURES / "official-2025.xls", 2025)
    assert stored(result.path) == {
        "201": "一般公共服务支出",
        "20101": "人大事务",
        "2010101": "行政运行",
        "210": "卫生健康支出",
        "21015": "医疗保障管理事务",
        "2101501": "行政运行",
        "2101550": "事业运行",
        "2101599": "其他医疗保障管理事务支出",
    }
    assert result.stated_year == 2025 and result.skipped == []


def test_sheets_of_several_classifications_and_a_later_import(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    function = book.active
    function.title = "支出功能分类"
    for row in (["科目编码", "科目名称"], ["2101501", "行政运行"]):
        function.append(row)
    economic = book.create_sheet("部门预算支出经济分类")
    for row in (["科目编码", "科目名称"], ["30101", "基本工资"], ["50101", "工资奖金津补贴"]):
        economic.append(row)
    book.save(tmp_path / "all.xlsx")
    first = import_official(tmp_path / "all.xlsx", 2025)
    assert first.schemes == (CodeScheme.FUNCTION, CodeScheme.DEPT_ECONOMIC, CodeScheme.GOV_ECONOMIC)
    assert first.rows_imported == 3
    # A later file with the function codes only replaces the function rows and keeps the rest.
    later = xlsx(tmp_path / "function.xlsx", [["科目编码", "科目名称"], ["2101550", "事业运行"]])
    second = import_official(later, 2025)
    assert stored(second.path) == {"2101550": "事业运行", "30101": "基本工资", "50101": "工资奖金津补贴"}


def test_a_code_listed_twice_under_two_names(tmp_path: Path) -> None:
    source = xlsx(
        tmp_path / "dup.xlsx", [["科目编码", "科目名称"], ["30213", "维修（护）费"], ["30213", "维修费"]]
    )
    result = import_official(source, 2025)
    assert stored(result.path) == {"30213": "维修（护）费"}
    assert any("30213" in s and "重复" in s for s in result.skipped)


def one_line_chinese(error: YusuanError) -> str:
    message = str(error)
    assert "\n" not in message and re.search(r"[\u4e00-\u9fff]", message), message
    return message


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.csv", b"", "文件为空"),
        ("broken.xlsx", b"this is not a workbook", "不是 Excel 工作簿"),
        ("zip.xlsx", b"PK\x03\x04broken zip", "无法读取 Excel 文件"),
        ("ole.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "无法读取 Excel 文件"),
        ("binary.bin", b"\x00\x01\x02\x03" * 50, "无法识别的文件格式"),
        ("latin.csv", b"\xff\xfe\xff\xfe\x80\x81", "无法识别文件编码"),
        ("notes.csv", "这是一份说明，不是科目表\n没有编码\n".encode(), "未找到科目编码列"),
        ("income.csv", "科目编码,科目名称\n101,税收收入\n10101,增值税\n".encode(), "没有支出功能分类"),
    ],
)
def test_bad_input_is_a_one_line_chinese_error(
    tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(YusuanError) as caught:
        import_official(path, 2025)
    assert fragment in one_line_chinese(caught.value)
    assert caught.value.source == str(path)


def test_missing_file_and_bad_year(tmp_path: Path) -> None:
    with pytest.raises(YusuanError) as missing:
        import_official(tmp_path / "nope.xlsx", 2025)
    assert "找不到文件" in one_line_chinese(missing.value)
    source = xlsx(tmp_path / "ok.xlsx", [["科目编码", "科目名称"], ["2101501", "行政运行"]])
    with pytest.raises(YusuanError) as year:
        import_official(source, 25)
    assert "年度" in one_line_chinese(year.value)


def test_an_unwritable_data_directory(tmp_path: Path) -> None:
    source = xlsx(tmp_path / "ok.xlsx", [["科目编码", "科目名称"], ["2101501", "行政运行"]])
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    with pytest.raises(YusuanError) as caught:
        import_official(source, 2025, data_dir=blocker)
    assert "无法写入数据目录" in one_line_chinese(caught.value)


def test_a_broken_stored_list_is_reported_and_replaced(tmp_path: Path, data_dir: Path) -> None:
    target = data_dir / "codes" / "official-2025.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\xff\xfe garbage")
    with pytest.raises(YusuanError) as caught:
        load_reference(2025)
    assert "重新导入" in one_line_chinese(caught.value)
    source = xlsx(tmp_path / "ok.xlsx", [["科目编码", "科目名称"], ["2101501", "行政运行"]])
    import_official(source, 2025)
    assert load_reference(2025).lookup("2101501") is not None
