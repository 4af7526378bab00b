"""The PDF reader: blocks from ruled, whitespace and rotated tables; the Shanghai sample PDFs;
bad input; fuzzed files; streaming a long document.

Expected values on the real PDFs were read off the rendered pages (page numbers in comments).
Where the extraction, not the reader, gets a sample wrong, the test is a strict xfail naming the
block sequence it receives and what it should make of it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.api import parse_bytes, parse_path
from yusuan.errors import UnreadableInput, YusuanError
from yusuan.formats.base import CellRow, SourceDocument, TextLine
from yusuan.formats.pdf import read_pdf
from yusuan.formats.pdf_layout import find_grids, join_chars, layout_page
from yusuan.formats.pdf_page import Char, Edge
from yusuan.model import Disclosure, DocumentKind, Table, TableKind

FIXTURES = Path(__file__).resolve().parent / "pdf_fixtures"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "pdf"
SHANGHAI = {
    "czj": "shanghai-czj-2025-unit.pdf",
    "fuliyuan": "shanghai-putuo-fuliyuan-2024-unit.pdf",
    "wanli2023": "shanghai-putuo-wanli-2023-dept.pdf",
    "wanli2024": "shanghai-putuo-wanli-2024-dept.pdf",
    "final": "shanghai-putuo-czj-2024-final.pdf",
}
NINE = [
    TableKind.SUMMARY,
    TableKind.INCOME,
    TableKind.EXPENDITURE,
    TableKind.FISCAL_SUMMARY,
    TableKind.GENERAL_PUBLIC,
    TableKind.GOV_FUND,
    TableKind.STATE_CAPITAL,
    TableKind.GENERAL_PUBLIC_BASIC,
    TableKind.THREE_PUBLIC,
]
D = Decimal


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def sample(name: str) -> Path:
    path = SAMPLES / SHANGHAI[name]
    if not path.exists():
        pytest.skip(f"sample not available: {path}")
    return path


@cache
def parsed(name: str) -> Disclosure:
    return parse_path(sample(name))


@cache
def blocks_of(name: str) -> SourceDocument:
    path = sample(name)
    return read_pdf(path.read_bytes(), str(path))


def rows_on(document: SourceDocument, page: int) -> list[tuple[str, ...]]:
    return [b.cells for b in document.blocks if isinstance(b, CellRow) and b.page == page]


def texts_on(document: SourceDocument, page: int) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, TextLine) and b.page == page]


def table(d: Disclosure, kind: TableKind) -> Table:
    found = [t for t in d.tables if t.kind is kind]
    assert len(found) == 1, [(t.kind, t.title) for t in d.tables]
    return found[0]


def amounts(t: Table, code: str | None, name: str | None = None) -> list[Decimal | None]:
    """The amounts of the row with ``code`` (or, for a total, ``name``), in column order."""
    rows = [r for r in t.rows if r.code == code and (name is None or r.name == name)]
    assert len(rows) == 1, (code, name, [(r.code, r.name) for r in t.rows])
    return [rows[0].values.get(c.key) for c in t.columns]


# --- layout geometry ---------------------------------------------------------------------------


def chars(text: str, x: float, top: float, size: float = 10.0, step: float | None = None) -> list[Char]:
    """Characters of ``text`` from ``x``, one per ``step`` points (CJK full, ASCII half width)."""
    out = []
    for ch in text:
        width = size if ord(ch) > 127 else size / 2
        out.append(Char(ch, x, x + width, top, top + size))
        x += step if step is not None else width
    return out


def frame(xs: list[float], ys: list[float]) -> list[Edge]:
    """A fully ruled grid."""
    return [Edge(True, y, xs[0], xs[-1]) for y in ys] + [Edge(False, x, ys[0], ys[-1]) for x in xs]


def test_spaces_between_characters() -> None:
    assert join_chars(chars("合计", 0, 0, step=18)) == "合计"  # letter-spaced CJK: no space
    assert join_chars(chars("目录", 0, 0, step=20)) == "目 录"  # a whole character apart
    typed = chars("第一部分概况", 0, 0)
    typed[4] = Char("概", 45, 55, 0, 10, space=True)
    assert join_chars(typed) == "第一部分 概况"  # a space typed in the file is kept
    assert join_chars(chars("20106", 0, 0) + chars("01", 30, 0)) == "20106 01"


def test_a_missing_rule_merges_cells() -> None:
    xs, ys = [0.0, 50.0, 100.0], [0.0, 20.0, 40.0]
    edges = [Edge(True, y, 0, 100) for y in ys] + [Edge(False, 0, 0, 40), Edge(False, 100, 0, 40)]
    edges.append(Edge(False, 50, 20, 40))  # the middle rule only in the second row
    (grid,) = find_grids(edges)
    assert (grid.xs, grid.ys) == (tuple(xs), tuple(ys))
    assert grid.regions[0][0] == grid.regions[0][1] != grid.regions[1][0] != grid.regions[1][1]
    layout = layout_page(chars("收入", 30, 5) + chars("1", 10, 25) + chars("2", 60, 25), edges)
    # the merged cell is a whole-width group header inside the table: a row, text in its first cell
    assert [i.cells for i in layout.items] == [("收入", ""), ("1", "2")]


def test_text_outside_tables_in_reading_order() -> None:
    edges = frame([0, 60, 120], [40, 60, 80])
    page = chars("表一", 0, 10) + chars("甲", 5, 45) + chars("9", 70, 45) + chars("乙", 5, 65)
    page += chars("9", 70, 65) + chars("注：说明。", 0, 90)
    items = layout_page(page, edges).items
    assert [(i.text, i.cells) for i in items] == [
        ("表一", None),
        ("", ("甲", "9")),
        ("", ("乙", "9")),
        ("注：说明。", None),
    ]


def test_two_lines_with_gaps_are_not_yet_a_table() -> None:
    page = chars("编号", 0, 0) + chars("金额", 200, 0) + chars("1", 0, 15) + chars("5", 200, 15)
    assert all(i.cells is None for i in layout_page(page, []).items)


# --- fixtures: blocks ------------------------------------------------------------------------

INCOME_HEADER = [
    ("项目", "", "", "", "收入预算", "", "", "", ""),
    (
        "功能分类科目编码",
        "",
        "",
        "功能分类科目名称",
        "合计",
        "财政拨款收入",
        "事业收入",
        "事业单位经营收入",
        "其他收入",
    ),
    ("类", "款", "项", "", "", "", "", "", ""),
]


def test_ruled_table_over_two_pages_repeats_its_header_rows() -> None:
    document = read_pdf(fixture("budget-ruled.pdf"), "budget-ruled.pdf")
    page2, page3 = rows_on(document, 2), rows_on(document, 3)
    assert page2[:3] == INCOME_HEADER  # merged cells leave empty cells; the wrapped header is joined
    assert page3[:3] == INCOME_HEADER  # printed again on the next page, and emitted again
    assert page2[3] == ("201", "", "", "一般公共服务支出", "8,000,000", "8,000,000", "", "", "")
    assert page2[-1] == (
        "208",
        "05",
        "05",
        "机关事业单位基本养老保险缴费支出",
        "2,000,000",
        "2,000,000",
        "",
        "",
        "",
    )
    assert page3[-1] == ("合计", "", "", "", "12,345,678", "12,345,678", "", "", "")
    assert all(len(r) == 9 for r in page2 + page3)
    assert not any(b.collapsed for b in document.blocks if isinstance(b, CellRow))


def test_title_and_metadata_are_text_lines_before_the_rows() -> None:
    document = read_pdf(fixture("budget-ruled.pdf"), "budget-ruled.pdf")
    assert texts_on(document, 2) == ["2024年部门收入预算总表", "编制单位：上海市测试区示范局", "单位：元"]
    assert texts_on(document, 4) == [
        "2024年部门“三公”经费和机关运行经费预算表",
        "编制单位：上海市测试区示范局",
        "单位：万元",
        "注：本表金额单位为万元。",  # the note under the table comes after its rows
    ]
    last = [b for b in document.blocks if b.page == 4]
    assert isinstance(last[-2], CellRow) and last[-2].cells[0] == "12.50"


def test_running_headers_and_page_numbers_are_dropped() -> None:
    document = read_pdf(fixture("budget-ruled.pdf"), "budget-ruled.pdf")
    texts = [b.text for b in document.blocks if isinstance(b, TextLine)]
    assert "上海市测试区示范局2024年部门预算" not in texts  # running header, on every page
    assert not [t for t in texts if t.startswith("- ")]  # page numbers “- 2 -”
    assert texts[:3] == [
        "上海市测试区2024年区级部门预算",
        "预算主管部门：上海市测试区示范局",
        "2024年部门预算编制说明",
    ]


@pytest.mark.parametrize(
    "name", ["budget-ruled.pdf", "landscape-rotated.pdf", "whitespace-table.pdf", "column-rules.pdf"]
)
def test_every_block_has_a_page_and_a_running_line_number(name: str) -> None:
    document = read_pdf(fixture(name), name)
    lines = [b.line for b in document.blocks]
    assert lines == list(range(1, len(lines) + 1))
    assert all(b.page is not None and b.page >= 1 for b in document.blocks)
    pages = [b.page or 0 for b in document.blocks]
    assert pages == sorted(pages)


def test_a_page_stored_rotated_reads_as_displayed() -> None:
    document = read_pdf(fixture("landscape-rotated.pdf"), "landscape-rotated.pdf")
    assert texts_on(document, 1) == ["2024年部门收入预算总表", "编制单位：上海市测试区示范局", "单位：元"]
    rows = rows_on(document, 1)
    assert rows[:3] == INCOME_HEADER
    assert rows[3] == ("210", "", "", "卫生健康支出", "1,000,000", "1,000,000", "", "", "")
    assert rows[-1] == ("合计", "", "", "", "12,345,678", "12,345,678", "", "", "")


def test_a_table_aligned_by_whitespace_only() -> None:
    document = read_pdf(fixture("whitespace-table.pdf"), "whitespace-table.pdf")
    assert texts_on(document, 1) == [
        "2024年部门一般公共预算支出功能分类预算表",
        "编制单位：上海市测试区示范局",
        "单位：元",
        "说明：本表为按空格对齐的表格，用于测试。",
    ]
    assert rows_on(document, 1) == [
        ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("2010601", "行政运行", "5,000,000", "5,000,000", ""),
        ("2010602", "一般行政管理事务", "3,000,000", "", "3,000,000"),
        ("2080501", "行政单位离退休", "345,678", "345,678", ""),
        ("", "合计", "8,345,678", "5,345,678", "3,000,000"),
    ]


def test_rows_without_rules_between_them_are_split() -> None:
    document = read_pdf(fixture("column-rules.pdf"), "column-rules.pdf")
    assert rows_on(document, 1) == [
        ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("2010601", "行政运行", "5,000,000", "5,000,000", "0"),
        ("2010602", "一般行政管理事务", "3,000,000", "0", "3,000,000"),
        ("2080501", "行政单位离退休", "345,678", "345,678", "0"),
    ]


def test_the_fixture_budget_parses_to_tables_over_pages() -> None:
    d = parse_bytes(fixture("budget-ruled.pdf"), "budget-ruled.pdf")
    assert d.department == "上海市测试区示范局"
    assert d.year == 2024
    assert [t.kind for t in d.tables] == [TableKind.INCOME, TableKind.THREE_PUBLIC]
    income, three = d.tables
    assert income.unit == "元" and three.unit == "万元"
    assert [r.code for r in income.rows if r.code][:3] == ["201", "20106", "2010601"]
    assert {r.page for r in income.rows} == {2, 3}  # one table over two pages
    assert amounts(income, "2080505")[:2] == [D("2000000"), D("2000000")]
    assert amounts(income, None, "合计")[:2] == [D("12345678"), D("12345678")]
    assert [r.values.get(c.key) for c in three.columns for r in three.rows] == [
        D("12.50"),
        D("2.00"),
        D("0.50"),
        D("10.00"),
        None,
        D("10.00"),
        D("88.80"),
    ]
    facts = {f.key: f.value for f in d.facts}
    assert facts["income.total"] == D("1234.57")


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scanned.pdf", "该PDF为扫描件，无文字层，无法读取文字。"),
        ("encrypted.pdf", "需要密码"),
        ("corrupt.pdf", "PDF文件已损坏或不完整"),
    ],
)
def test_unreadable_pdfs_raise_one_clear_chinese_line(name: str, message: str) -> None:
    with pytest.raises(UnreadableInput) as info:
        parse_bytes(fixture(name), name)
    assert message in info.value.message
    assert "\n" not in info.value.message


@pytest.mark.parametrize("data", [b"", b"%PDF-", b"%PDF-1.7\n", fixture("budget-ruled.pdf")[:3000]])
def test_empty_and_truncated_pdfs_are_clean_errors(data: bytes) -> None:
    with pytest.raises(YusuanError) as info:
        read_pdf(data, "x.pdf")
    assert info.value.message and "\n" not in info.value.message


@pytest.mark.parametrize("name", ["scanned.pdf", "encrypted.pdf", "corrupt.pdf"])
def test_the_cli_exits_2_on_unreadable_pdfs(run_cli: object, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(fixture(name))
    result = run_cli(["parse", str(path)])  # type: ignore[operator]
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr


def test_a_page_that_cannot_be_read_is_skipped_and_named() -> None:
    document = read_pdf(fixture("partly-broken.pdf"), "partly-broken.pdf")
    assert document.skipped == ("第2页已损坏，无法读取，已跳过",)
    assert {b.page for b in document.blocks} == {1, 3}


def test_a_scanned_page_among_text_pages_is_reported() -> None:
    pdfgen = _fixture_module("pdfgen")
    pdf = pdfgen.Pdf()
    pdf.page().text_top(60, 80, "第一部分 文字页", 14)
    pdf.page().image(8, 8, bytes(64), 40, 40, 500, 700)
    document = read_pdf(pdf.build(), "mixed.pdf")
    assert [b.text for b in document.blocks if isinstance(b, TextLine)] == ["第一部分 文字页"]
    assert document.skipped == ("第2页为扫描图像，无文字层，未读取",)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_truncated_and_bit_flipped_pdfs_raise_only_yusuan_errors(data: st.DataObject) -> None:
    original = fixture("budget-ruled.pdf")
    if data.draw(st.booleans(), label="truncate"):
        mutated = original[: data.draw(st.integers(0, len(original) - 1), label="length")]
    else:
        buffer = bytearray(original)
        for _ in range(data.draw(st.integers(1, 8), label="flips")):
            position = data.draw(st.integers(0, len(buffer) - 1), label="position")
            buffer[position] ^= 1 << data.draw(st.integers(0, 7), label="bit")
        mutated = bytes(buffer)
    try:
        parse_bytes(mutated, "fuzzed.pdf")
    except YusuanError as error:
        assert error.message and "\n" not in error.message


# --- streaming ---------------------------------------------------------------------------------

_PEAK = """
import json, re, sys
from yusuan.formats.pdf import read_pdf
from yusuan.formats.pdf_layout import find_grids, join_chars, layout_page
from yusuan.formats.pdf_page import Char, Edge

def peak_kb():  # this process's own high-water mark (ru_maxrss may carry the parent's over exec)
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s*(\\d+)", status.read()).group(1))

data = open(sys.argv[1], "rb").read()
before = peak_kb()
document = read_pdf(data, "long.pdf")
print(json.dumps({"blocks": len(document.blocks), "pages": max(b.page for b in document.blocks),
                  "growth_kb": peak_kb() - before}))
"""


@cache
def _fixture_module(name: str) -> ModuleType:
    """A module of ``pdf_fixtures/`` (the PDF writer that made the fixtures)."""
    sys.path.insert(0, str(FIXTURES))
    try:
        spec = importlib.util.spec_from_file_location(name, FIXTURES / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while being built
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(FIXTURES))


def _peak_growth(tmp_path: Path, pages: int) -> dict[str, int]:
    path = tmp_path / f"long-{pages}.pdf"
    path.write_bytes(_fixture_module("make_fixtures").long_table_pdf(pages))
    out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True)
    result: dict[str, int] = json.loads(out.stdout)
    return result


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory read from /proc")
def test_a_500_page_pdf_streams_in_bounded_memory(tmp_path: Path) -> None:
    small = _peak_growth(tmp_path, 50)
    large = _peak_growth(tmp_path, 500)
    assert large["pages"] == 500 and large["blocks"] == 500 * 21 + 3
    # Ten times the pages may not cost ten times the memory: only the blocks accumulate.
    assert large["growth_kb"] - small["growth_kb"] < 40 * 1024, (small, large)


# --- the Shanghai sample PDFs: what the reader emits ----------------------------------------------


def test_czj_summary_header_keeps_merged_cells_apart() -> None:
    rows = rows_on(blocks_of("czj"), 7)  # page 7: 2025年预算单位财务收支预算总表
    assert rows[0] == ("本年收入", "", "本年支出", "", "", "", "")
    assert rows[4] == (
        "一、财政拨款收入",
        "171,915,169",
        "一、一般公共服务支出",
        "127,886,849",
        "60,330,260",
        "24,531,459",
        "43,025,130",
    )
    assert rows[-1] == (
        "收入总计",
        "171,915,169",
        "支出总计",
        "171,915,169",
        "102,464,260",
        "25,177,779",
        "44,273,130",
    )


def test_wanli_metadata_line_is_two_text_lines() -> None:
    document = blocks_of("wanli2023")
    assert texts_on(document, 10) == [
        "2023年部门财务收支预算总表",
        "编制部门：上海市普陀区人民政府万里街道办事处",
        "单位：元",
    ]
    assert rows_on(document, 10)[2] == (
        "一、财政拨款收入",
        "164,978,640",
        "一、一般公共服务支出",
        "2,976,800",
    )


def test_wanli_continuation_pages_with_and_without_repeated_headers() -> None:
    document = blocks_of("wanli2023")
    page12 = rows_on(document, 12)  # no header printed on this page
    assert page12[0] == ("204", "", "", "公共安全支出", "1,252,300", "1,252,300", "", "", "")
    # the name overflows its cell and is clipped at the bottom border: still one cell
    assert (
        "208",
        "05",
        "05",
        "机关事业单位基本养老保险缴费支出",
        "4,412,547",
        "4,412,547",
        "",
        "",
        "",
    ) in page12
    page21 = rows_on(document, 21)  # header printed again
    assert page21[0] == ("项目", "", "", "", "一般公共预算支出", "", "")
    assert page21[3] == ("204", "06", "", "司法", "150,000", "0", "150,000")


def test_a_lone_total_row_keeps_the_columns_of_the_table_it_ends() -> None:
    # wanli 2024 page 15: only the 合计 row of the 收入预算总表, its merged cell over 类|款|项|名称
    assert rows_on(blocks_of("wanli2024"), 15) == [
        ("合计", "", "", "", "156,211,123", "156,211,123", "0", "0", "0")
    ]


@pytest.mark.parametrize("name", list(SHANGHAI))
def test_sample_blocks_are_numbered_through_the_document(name: str) -> None:
    document = blocks_of(name)
    assert [b.line for b in document.blocks] == list(range(1, len(document.blocks) + 1))
    assert all(b.page for b in document.blocks)
    assert document.skipped == ()


# --- the Shanghai sample PDFs through the extraction ------------------------------------------


@pytest.mark.parametrize("name", ["czj", "fuliyuan"])
def test_the_nine_tables_are_found_with_their_kinds(name: str) -> None:
    d = parsed(name)
    assert [t.kind for t in d.tables] == NINE
    assert all(t.unit == ("万元" if t.kind is TableKind.THREE_PUBLIC else "元") for t in d.tables)


@pytest.mark.parametrize("name", ["wanli2023", "wanli2024"])
def test_the_nine_tables_of_a_department_with_bianzhi_bumen(name: str) -> None:
    d = parsed(name)
    assert [t.kind for t in d.tables if t.kind is not TableKind.PERFORMANCE_PROJECTS] == NINE


@pytest.mark.parametrize(
    ("name", "department", "year", "scope"),
    [("czj", "上海市财政局", 2025, "单位"), ("fuliyuan", "上海市普陀区社会福利院", 2024, "单位")],
)
def test_metadata(name: str, department: str, year: int, scope: str) -> None:
    d = parsed(name)
    assert (d.department, d.year, d.kind, d.scope.value if d.scope else None) == (
        department,
        year,
        DocumentKind.BUDGET,
        scope,
    )


@pytest.mark.parametrize(("name", "year"), [("wanli2023", 2023), ("wanli2024", 2024)])
def test_metadata_of_a_department_with_bianzhi_bumen(name: str, year: int) -> None:
    d = parsed(name)
    assert (d.department, d.year) == ("上海市普陀区人民政府万里街道办事处", year)


def test_czj_income_table_runs_over_two_pages_as_one_table() -> None:
    income = table(parsed("czj"), TableKind.INCOME)  # pages 8–9
    assert {r.page for r in income.rows} == {8, 9}
    assert [r.code for r in income.rows[:3]] == ["201", "20106", "2010601"]
    assert amounts(income, "201")[:2] == [D("127886849"), D("127886849")]
    assert amounts(income, "2010601")[:2] == [D("84861719"), D("84861719")]
    assert amounts(income, "2210203")[:2] == [D("11800000"), D("11800000")]
    assert amounts(income, None, "合计") == [D("171915169"), D("171915169"), None, None, None]
    assert len([r for r in income.rows if r.code]) == 23


def test_czj_basic_expenditure_by_economic_class_over_three_pages() -> None:
    basic = table(parsed("czj"), TableKind.GENERAL_PUBLIC_BASIC)  # pages 17–19
    assert {r.page for r in basic.rows} == {17, 18, 19}
    assert amounts(basic, "30217") == [D("191000"), None, D("191000")]
    assert amounts(basic, None, "合计") == [D("127642039"), D("102464260"), D("25177779")]


def test_fuliyuan_income_with_business_income() -> None:
    income = table(parsed("fuliyuan"), TableKind.INCOME)  # page 8
    assert amounts(income, "2081005") == [D("9584796"), D("6964796"), D("2620000"), None, None]
    assert amounts(income, None, "合计") == [D("12121164"), D("9501164"), D("2620000"), None, None]


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("czj", ["346.30", "288.70", "25.40", "32.20", None, "32.20", "2517.78"]),  # page 20
        ("fuliyuan", ["6.4", "0", "0", "6.4", None, "6.4", "0"]),  # page 15
    ],
)
def test_three_public_and_operating_costs_table(name: str, values: list[str | None]) -> None:
    three = table(parsed(name), TableKind.THREE_PUBLIC)
    assert three.unit == "万元"
    assert len(three.rows) == 1
    assert [three.rows[0].values.get(c.key) for c in three.columns] == [D(v) if v else None for v in values]


def test_the_final_accounts_read_without_error() -> None:
    d = parsed("final")  # 3.7 MB, 万元; full support of 决算 is later work
    assert d.kind is DocumentKind.FINAL_ACCOUNTS
    general = table(d, TableKind.GENERAL_PUBLIC)  # page 15, 一般公共预算财政拨款支出决算表
    assert general.unit == "万元"
    assert amounts(general, "2010601") == [D("1511.89"), D("1503.52"), D("8.37")]


def test_shanghai_column_keys_use_the_vocabulary() -> None:
    d = parsed("czj")
    keys = {t.kind: [c.key for c in t.columns] for t in d.tables}
    assert keys[TableKind.INCOME] == [
        "total",
        "fiscal",
        "business_income",
        "operating_income",
        "other_income",
    ]
    assert keys[TableKind.EXPENDITURE] == ["total", "basic", "project"]
    assert keys[TableKind.GENERAL_PUBLIC] == ["total", "basic", "project"]
    assert keys[TableKind.THREE_PUBLIC] == [
        "total",
        "overseas",
        "reception",
        "vehicle",
        "vehicle_purchase",
        "vehicle_operation",
        "operating_costs",
    ]


def test_contents_end_where_the_body_starts() -> None:
    d = parsed("czj")
    assert d.toc[-1].title == "其他相关情况说明"
    texts = [p.text for p in d.paragraphs]
    # The cover page (before the contents) is running text; the body follows the contents.
    assert texts[:4] == [
        "上海市2025年市级单位预算",
        "预算单位：上海市财政局",
        "上海市财政局（单位）主要职能",
        "上海市财政局是主管全市财政工作的市政府组成部门。",
    ]


def test_contents_entries_without_dot_leaders() -> None:
    d = parsed("wanli2024")
    assert [e.title for e in d.toc[:2]] == ["部门主要职能", "部门机构设置"]


def test_wanli_goal_tables_are_five_projects() -> None:
    d = parsed("wanli2023")
    assert [(p.name, p.category) for p in d.projects] == [
        ("新建万里街道社区公共服务中心", "特定目标类"),  # page 31, 4,100,000.00
        ("就业援助基地补贴", "特定目标类"),  # page 32, 6,351,000.00
        ("社区环境整治和建设经费", "特定目标类"),  # page 33, 4,563,800.00
        ("各类工作经费", "特定目标类"),  # page 34, 7595500.00
        ("公共服务设施运行经费", "其他运转类"),  # page 35, 10,903,043.00
    ]


def test_a_table_ruled_by_horizontal_lines_only_is_read_by_its_alignment() -> None:
    edges = [Edge(True, 5, 0, 300), Edge(True, 23, 0, 300), Edge(True, 72, 0, 300)]  # 三线表
    page: list[Char] = []
    rows = [
        ("科目", "合计", "基本"),
        ("行政运行", "500", "500"),
        ("事业运行", "300", ""),
        ("合计", "800", "500"),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            page += chars(value, [0, 150, 250][c], 10 + r * 15) if value else []
    assert [i.cells for i in layout_page(page, edges).items] == [
        ("科目", "合计", "基本"),
        ("行政运行", "500", "500"),
        ("事业运行", "300", ""),
        ("合计", "800", "500"),
    ]


def test_threads_take_turns_with_pdfium() -> None:
    data = fixture("budget-ruled.pdf")
    with ThreadPoolExecutor(4) as pool:
        documents = list(pool.map(lambda _: read_pdf(data, "x.pdf"), range(8)))
    assert all(d.blocks == documents[0].blocks for d in documents)


# --- PDFs written by LibreOffice from Word tables (tests/formats/fixtures, made by other tools) --

LIBREOFFICE = Path(__file__).resolve().parent / "fixtures"


@cache
def libreoffice_blocks(name: str) -> SourceDocument:
    path = LIBREOFFICE / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"fixture not available: {path}")
    return read_pdf(path.read_bytes(), path.name)


def test_a_row_broken_over_a_page_is_one_row() -> None:
    # 收入总表: the code 2101501 wraps in its narrow cell, and the page breaks between 210150 and 1
    document = libreoffice_blocks("beidaihe")
    rows = [b.cells for b in document.blocks if isinstance(b, CellRow)]
    assert ("11", "2101501", "行政运行", "206.05", "206.05", "206.05", "", "", "", "", "", "", "") in rows
    assert not [r for r in rows if [c for c in r if c] == ["1"]]  # no fragment row left
    assert not [b for b in document.blocks if isinstance(b, TextLine) and b.text.startswith("- ")]


def test_numbers_wrapped_in_narrow_cells_stay_one_number() -> None:
    rows = [b.cells for b in libreoffice_blocks("jiyuan").blocks if isinstance(b, CellRow) and b.page == 11]
    assert rows[3][:7] == ("", "合计", "6,465.30", "6,465.30", "5,497.60", "4,930.60", "967.70")


def test_a_hyphen_ending_a_line_is_kept() -> None:
    texts = [c for b in libreoffice_blocks("jiyuan").blocks if isinstance(b, CellRow) for c in b.cells]
    assert "医疗服务能力提升专项-DRG付费方式改革" in texts


def test_a_wrapped_note_is_one_note() -> None:
    from _samples import parsed as parsed_text

    expected = table(parsed_text("jiyuan"), TableKind.THREE_PUBLIC).notes
    assert len(expected) == 2 and expected[1].endswith("（含外宾接待）支出。")
    path = LIBREOFFICE / "jiyuan.pdf"
    if not path.exists():
        pytest.skip(f"fixture not available: {path}")
    assert table(parse_path(path), TableKind.THREE_PUBLIC).notes == expected


def test_a_table_title_printed_on_every_page_keeps_its_first_printing() -> None:
    pdfgen = _fixture_module("pdfgen")
    pdf = pdfgen.Pdf()
    for number in range(1, 5):
        page = pdf.page()
        page.text_top(200, 20, "2024年部门收入预算总表", 14)  # in the top margin, on every page
        page.text_top(60, 90, f"第{number}页正文。", 10.5)
        page.text_top(280, 800, f"第 {number} 页", 9)  # page number in the bottom margin
    texts = [b.text for b in read_pdf(pdf.build(), "x.pdf").blocks if isinstance(b, TextLine)]
    assert texts == ["2024年部门收入预算总表", "第1页正文。", "第2页正文。", "第3页正文。", "第4页正文。"]


@pytest.mark.parametrize(
    ("name", "code", "values", "total", "pages"),
    [
        # 2023 pages 11–14: 208 05 05 on page 12 (name clipped by its cell), 合计 on page 14
        (
            "wanli2023",
            "2080505",
            [D("4412547"), D("4412547"), None, None, None],
            D("164978640"),
            {11, 12, 13, 14},
        ),
        # 2024 pages 11–15: 212 01 04 on page 14, the lone 合计 row on page 15; zeros printed as 0
        (
            "wanli2024",
            "2120104",
            [D("6043390"), D("6043390"), D(0), D(0), D(0)],
            D("156211123"),
            {11, 12, 13, 14, 15},
        ),
    ],
)
def test_wanli_income_table_over_pages(
    name: str, code: str, values: list[Decimal | None], total: Decimal, pages: set[int]
) -> None:
    income = table(parsed(name), TableKind.INCOME)
    assert {r.page for r in income.rows} == pages
    assert amounts(income, code) == values
    assert amounts(income, None, "合计")[:2] == [total, total]


def test_text_whose_font_has_no_unicode_map_is_refused_clearly() -> None:
    pdfgen = _fixture_module("pdfgen")
    pdf = pdfgen.Pdf()
    pdf.page().text_top(60, 80, "\ue001\ue002\ue003\ue004", 14)  # glyph codes with no characters behind them
    built = pdf.build()
    data = built.replace(b"/Encoding /UniGB-UCS2-H", b"/Encoding /Identity-H  ")  # same length
    assert len(data) == len(built)
    with pytest.raises(UnreadableInput, match="字体缺少文字编码表"):
        read_pdf(data, "glyphs.pdf")
