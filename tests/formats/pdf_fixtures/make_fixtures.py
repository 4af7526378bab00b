#!/usr/bin/env python3
"""Build the PDF fixtures of ``tests/formats/test_pdf.py`` (run from anywhere; no dependencies).

The fixtures are committed; rerun this script after changing it and review the diff of the
tests, not of the binary files. Figures are invented, in the layout of the Shanghai budget set.

* ``budget-ruled.pdf``: a text page, then a ruled 收入预算总表 in 元 over two landscape pages
  (header repeated, codes split 类|款|项, merged header cells, a wrapped header), a “三公” table
  in 万元 with a note under it; running header and page numbers on every page; a diagonal
  watermark across the first table.
* ``landscape-rotated.pdf``: a portrait page stored with ``/Rotate 90`` holding a landscape table.
* ``whitespace-table.pdf``: a table aligned by spaces only (no ruling lines).
* ``column-rules.pdf``: a table with column rules but no rules between its data rows.
* ``scanned.pdf``: pages holding only an image (no text layer).
* ``encrypted.pdf``: RC4-encrypted with the user password ``secret``.
* ``partly-broken.pdf``: three pages, the second one's page object missing.
* ``corrupt.pdf``: a PDF header followed by garbage.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pdfgen import Page, Pdf, text_width  # noqa: E402

DEPARTMENT = "上海市测试区示范局"
RUNNING_HEADER = f"{DEPARTMENT}2024年部门预算"


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    align: str = "center"  # center, left, right


def draw_table(
    page: Page,
    left: float,
    top: float,
    widths: list[float],
    heights: list[float],
    cells: list[Cell],
    size: float = 9.0,
    rules: bool = True,
    whole_lines: bool = False,
) -> float:
    """Draw a ruled table and return its bottom: each cell framed, or (``whole_lines``, for a
    table without merged cells) one line per row and column boundary across the table."""
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] + h)
    if whole_lines:
        for y in ys:
            page.line(xs[0], y, xs[-1], y)
        for x in xs:
            page.line(x, ys[0], x, ys[-1])
    for cell in cells:
        x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
        y0, y1 = ys[cell.row], ys[cell.row + cell.rowspan]
        if rules and not whole_lines:
            page.rect(x0, y0, x1 - x0, y1 - y0)
        lines = cell.text.split("\n") if cell.text else []
        block = len(lines) * size * 1.2
        for i, line in enumerate(lines):
            line_top = y0 + (y1 - y0 - block) / 2 + i * size * 1.2
            if cell.align == "left":
                page.text_top(x0 + 2, line_top, line, size)
            elif cell.align == "right":
                page.text_right(x1 - 2, line_top, line, size)
            else:
                page.text_top((x0 + x1 - text_width(line, size)) / 2, line_top, line, size)
    return ys[-1]


def furniture(page: Page, number: int) -> None:
    """Running header and page number: noise the reader must drop."""
    page.text_top(40, 16, RUNNING_HEADER, 8)
    label = f"- {number} -"
    page.text_top((page.width - text_width(label, 9)) / 2, page.height - 26, label, 9)


INCOME_HEADER = [
    Cell(0, 0, "项目", colspan=4),
    Cell(0, 4, "收入预算", colspan=5),
    Cell(1, 0, "功能分类科目编码", colspan=3),
    Cell(1, 3, "功能分类科目名称", rowspan=2),
    Cell(1, 4, "合计", rowspan=2),
    Cell(1, 5, "财政拨款收入", rowspan=2),
    Cell(1, 6, "事业收入", rowspan=2),
    Cell(1, 7, "事业单位\n经营收入", rowspan=2),
    Cell(1, 8, "其他收入", rowspan=2),
    Cell(2, 0, "类"),
    Cell(2, 1, "款"),
    Cell(2, 2, "项"),
]
INCOME_ROWS_1 = [
    ("201", "", "", "一般公共服务支出", "8,000,000"),
    ("201", "06", "", "财政事务", "8,000,000"),
    ("201", "06", "01", "行政运行", "5,000,000"),
    ("201", "06", "02", "一般行政管理事务", "3,000,000"),
    ("208", "", "", "社会保障和就业支出", "2,345,678"),
    ("208", "05", "", "行政事业单位养老支出", "2,345,678"),
    ("208", "05", "01", "行政单位离退休", "345,678"),
    ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "2,000,000"),
]
INCOME_ROWS_2 = [
    ("210", "", "", "卫生健康支出", "1,000,000"),
    ("210", "11", "", "行政事业单位医疗", "1,000,000"),
    ("210", "11", "01", "行政单位医疗", "1,000,000"),
    ("221", "", "", "住房保障支出", "1,000,000"),
    ("221", "02", "", "住房改革支出", "1,000,000"),
    ("221", "02", "01", "住房公积金", "1,000,000"),
]
INCOME_WIDTHS = [36, 36, 36, 200, 90, 90, 80, 80, 80]


def income_cells(rows: list[tuple[str, str, str, str, str]], total: bool) -> list[Cell]:
    cells = list(INCOME_HEADER)
    for i, (lei, kuan, xiang, name, amount) in enumerate(rows, start=3):
        cells += [Cell(i, 0, lei), Cell(i, 1, kuan), Cell(i, 2, xiang), Cell(i, 3, name, align="left")]
        cells += [Cell(i, 4, amount, align="right"), Cell(i, 5, amount, align="right")]
        cells += [Cell(i, c, "") for c in (6, 7, 8)]
    if total:
        row = 3 + len(rows)
        cells += [Cell(row, 0, "合计", colspan=4), Cell(row, 4, "12,345,678", align="right")]
        cells += [Cell(row, 5, "12,345,678", align="right")] + [Cell(row, c, "") for c in (6, 7, 8)]
    return cells


def table_title(page: Page, title: str, unit: str, top: float = 50) -> float:
    page.text_top((page.width - text_width(title, 16)) / 2, top, title, 16)
    page.text_top(50, top + 28, f"编制单位：{DEPARTMENT}", 10.5)
    page.text_right(page.width - 50, top + 28, f"单位：{unit}", 10.5)
    return top + 48


def budget_ruled() -> bytes:
    pdf = Pdf()
    text = pdf.page()
    furniture(text, 1)
    text.text_top(120, 90, "上海市测试区2024年区级部门预算", 18)
    text.text_top(150, 120, f"预算主管部门：{DEPARTMENT}", 12)
    text.text_top(60, 180, "2024年部门预算编制说明", 14)
    paragraph = [
        f"2024年，{DEPARTMENT}收入预算1,234.57万元，其中：财政拨款收入1,234.57万",
        "元，比2023年预算增加12.34万元。",
        "支出预算1,234.57万元，其中：基本支出934.57万元，项目支出300.00万元。",
    ]
    for i, line in enumerate(paragraph):
        text.text_top(60, 210 + i * 20, line, 10.5)

    first = pdf.page(842, 595)
    furniture(first, 2)
    watermark = "内部资料 仅供测试".encode("utf-16-be").hex().upper()
    first.raw(f"q 0.85 g BT /F1 48 Tf 0.7071 0.7071 -0.7071 0.7071 260 120 Tm <{watermark}> Tj ET Q")
    top = table_title(first, "2024年部门收入预算总表", "元")
    draw_table(
        first,
        50,
        top,
        INCOME_WIDTHS,
        [22, 22, 22] + [22] * len(INCOME_ROWS_1),
        income_cells(INCOME_ROWS_1, total=False),
    )

    second = pdf.page(842, 595)
    furniture(second, 3)
    draw_table(
        second,
        50,
        50,
        INCOME_WIDTHS,
        [22, 22, 22] + [22] * (len(INCOME_ROWS_2) + 1),
        income_cells(INCOME_ROWS_2, total=True),
    )

    three = pdf.page(842, 595)
    furniture(three, 4)
    top = table_title(three, "2024年部门“三公”经费和机关运行经费预算表", "万元")
    cells = [
        Cell(0, 0, "“三公”经费预算数", colspan=6),
        Cell(0, 6, "机关运行经费预算数", rowspan=3),
        Cell(1, 0, "合计", rowspan=2),
        Cell(1, 1, "因公出国(境)费", rowspan=2),
        Cell(1, 2, "公务接待费", rowspan=2),
        Cell(1, 3, "公务用车购置及运行费", colspan=3),
        Cell(2, 3, "小计"),
        Cell(2, 4, "购置费"),
        Cell(2, 5, "运行费"),
    ]
    values = ["12.50", "2.00", "0.50", "10.00", "", "10.00", "88.80"]
    cells += [Cell(3, c, v, align="right") for c, v in enumerate(values)]
    bottom = draw_table(three, 50, top, [100] * 7, [24, 24, 24, 30], cells)
    three.text_top(50, bottom + 6, "注：本表金额单位为万元。", 10.5)
    return pdf.build()


def landscape_rotated() -> bytes:
    pdf = Pdf()
    page = pdf.page(842, 595, rotate=90)
    top = table_title(page, "2024年部门收入预算总表", "元")
    draw_table(
        page,
        50,
        top,
        INCOME_WIDTHS,
        [22, 22, 22] + [22] * len(INCOME_ROWS_2) + [22],
        income_cells(INCOME_ROWS_2, total=True),
    )
    return pdf.build()


WHITESPACE_ROWS = [
    ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
    ("2010601", "行政运行", "5,000,000", "5,000,000", ""),
    ("2010602", "一般行政管理事务", "3,000,000", "", "3,000,000"),
    ("2080501", "行政单位离退休", "345,678", "345,678", ""),
    ("", "合计", "8,345,678", "5,345,678", "3,000,000"),
]


def whitespace_table() -> bytes:
    pdf = Pdf()
    page = pdf.page()
    top = table_title(page, "2024年部门一般公共预算支出功能分类预算表", "元")
    lefts = [50, 130, 0, 0, 0]
    rights = [0, 0, 360, 450, 540]
    for r, row in enumerate(WHITESPACE_ROWS):
        y = top + 10 + r * 20
        for c, value in enumerate(row):
            if not value:
                continue
            if rights[c]:
                page.text_right(rights[c], y, value, 10)
            else:
                page.text_top(lefts[c], y, value, 10)
    page.text_top(50, top + 130, "说明：本表为按空格对齐的表格，用于测试。", 10.5)
    return pdf.build()


def column_rules() -> bytes:
    """Column rules and a rule under the header; data rows are not separated by rules."""
    pdf = Pdf()
    page = pdf.page(842, 595)
    top = table_title(page, "2024年部门支出预算总表", "元")
    widths = [90, 200, 100, 100, 100]
    header = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    rows = [
        ("2010601", "行政运行", "5,000,000", "5,000,000", "0"),
        ("2010602", "一般行政管理事务", "3,000,000", "0", "3,000,000"),
        ("2080501", "行政单位离退休", "345,678", "345,678", "0"),
    ]
    xs = [50.0]
    for w in widths:
        xs.append(xs[-1] + w)
    bottom = top + 24 + 20 * len(rows) + 8
    page.line(xs[0], top, xs[-1], top)
    page.line(xs[0], top + 24, xs[-1], top + 24)
    page.line(xs[0], bottom, xs[-1], bottom)
    for x in xs:
        page.line(x, top, x, bottom)
    for c, label in enumerate(header):
        page.text_top((xs[c] + xs[c + 1] - text_width(label, 10)) / 2, top + 7, label, 10)
    for r, row in enumerate(rows):
        y = top + 30 + r * 20
        for c, value in enumerate(row):
            if c < 2:
                page.text_top(xs[c] + 3, y, value, 10)
            else:
                page.text_right(xs[c + 1] - 3, y, value, 10)
    return pdf.build()


def scanned() -> bytes:
    pdf = Pdf()
    for _ in range(2):
        page = pdf.page()
        pixels = bytes((x * 7 + y * 3) % 256 for y in range(64) for x in range(48))
        page.image(48, 64, pixels, 40, 40, 515, 762)
    return pdf.build()


def simple_pages(count: int) -> Pdf:
    pdf = Pdf()
    for number in range(1, count + 1):
        page = pdf.page()
        page.text_top(60, 80, f"第{number}部分 测试文字", 14)
        page.text_top(60, 110, f"这是第{number}页的正文，用于测试。", 10.5)
    return pdf


def encrypted() -> bytes:
    return simple_pages(1).build(user_password="secret")


def partly_broken() -> bytes:
    return simple_pages(3).build(broken_pages=(1,))


def corrupt() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes((i * 37 + 11) % 256 for i in range(2000))


FIXTURES = {
    "budget-ruled.pdf": budget_ruled,
    "landscape-rotated.pdf": landscape_rotated,
    "whitespace-table.pdf": whitespace_table,
    "column-rules.pdf": column_rules,
    "scanned.pdf": scanned,
    "encrypted.pdf": encrypted,
    "partly-broken.pdf": partly_broken,
    "corrupt.pdf": corrupt,
}


def long_table_pdf(pages: int) -> bytes:
    """A document of ``pages`` landscape pages, each a ruled table of 20 rows (for the streaming test)."""
    pdf = Pdf()
    header = [
        Cell(0, c, label) for c, label in enumerate(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    ]
    for number in range(1, pages + 1):
        page = pdf.page(842, 595)
        if number == 1:
            table_title(page, "2024年部门支出预算总表", "元")
        cells = list(header)
        for r in range(1, 21):
            code = f"2{number % 100:02d}{r:02d}01"
            amount = f"{number * 1000 + r:,}"
            cells += [Cell(r, 0, code), Cell(r, 1, f"第{number}页第{r}行", align="left")]
            cells += [Cell(r, c, amount, align="right") for c in (2, 3)] + [Cell(r, 4, "0", align="right")]
        draw_table(page, 50, 110, [90, 220, 120, 120, 120], [20] * 21, cells, whole_lines=True)
    return pdf.build()


def main() -> None:
    for name, build in FIXTURES.items():
        (HERE / name).write_bytes(build())
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
