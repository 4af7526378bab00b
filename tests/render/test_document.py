"""The block model: header grids from label paths, amounts as printed, notes, goal tables, API."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.errors import YusuanError
from yusuan.generate import generate_disclosure
from yusuan.model import Column, Disclosure, DocumentKind, Row, Scope, Table, TableKind
from yusuan.render import FORMATS, render, render_files
from yusuan.render.document import (
    LAYOUTS,
    Cell,
    GridRow,
    Heading,
    PageBreak,
    TableBlock,
    TextBlock,
    build_document,
    expand,
    format_amount,
    heading_level,
    place,
)
from yusuan.render.text import tab_rows, word_rows


def _table(kind: TableKind, columns: list[tuple[str, str]], rows: list[Row], **kw: object) -> Table:
    return Table(
        kind=kind,
        title=str(kw.get("title", "部门预算收入总表")),
        columns=tuple(Column(k, label) for k, label in columns),
        rows=tuple(rows),
        notes=tuple(kw.get("notes", ())),  # type: ignore[arg-type]
        empty=bool(kw.get("empty", False)),
        line=1,
        unit="万元",
        year=2025,
    )


def _disclosure(*tables: Table) -> Disclosure:
    return Disclosure(
        source="t",
        department="某某局",
        unit_code="101001",
        year=2025,
        scope=Scope.DEPARTMENT,
        kind=DocumentKind.BUDGET,
        unit="万元",
        tables=tables,
    )


def _only_table(d: Disclosure) -> TableBlock:
    return build_document(d).tables()[0]


def _labels(block: TableBlock) -> list[list[tuple[str, int, int]]]:
    return [[(c.text, c.rowspan, c.colspan) for c in row.cells] for row in block.header]


def test_header_grid_merges_groups_and_spans_leaves_down() -> None:
    row = Row("2010301", "行政运行", 3, {"total": Decimal("1.5"), "cy": Decimal("1.5"), "cy.fiscal": None}, 2)
    table = _table(
        TableKind.INCOME,
        [("total", "合计"), ("cy", "本年收入/小计"), ("cy.fiscal", "本年收入/财政拨款收入")],
        [row],
    )
    block = _only_table(_disclosure(table))
    assert _labels(block) == [
        [("功能分类科目", 1, 2), ("合计", 2, 1), ("本年收入", 1, 2)],
        [("科目编码", 1, 1), ("科目名称", 1, 1), ("小计", 1, 1), ("财政拨款收入", 1, 1)],
    ]
    body = [c.text for c in block.body[0].cells]
    assert body == ["2010301", "行政运行", "1.50", "1.50", ""]
    assert block.body[0].cells[1].indent == 2  # a 项 under its 类 and 款
    assert block.meta == ("101001某某局", "预算年度：2025", "单位：万元")


def test_side_by_side_summary_pairs_rows_of_each_block() -> None:
    income = Row(None, "一、一般公共预算拨款收入", None, {"income": Decimal(3)}, 2, section="income")
    spend = [
        Row(None, "一、一般公共服务支出", None, {"expenditure": Decimal(2)}, 2, section="expenditure"),
        Row(None, "支出总计", None, {"expenditure": Decimal(3)}, 3, section="expenditure"),
    ]
    table = _table(
        TableKind.SUMMARY,
        [("income", "收入/项目/预算数"), ("expenditure", "支出/项目/预算数")],
        [income, *spend],
        title="部门预算收支总表",
    )
    block = _only_table(_disclosure(table))
    assert _labels(block) == [
        [("收入", 1, 2), ("支出", 1, 2)],
        [("项目", 1, 1), ("预算数", 1, 1), ("项目", 1, 1), ("预算数", 1, 1)],
    ]
    assert [[c.text for c in r.cells] for r in block.body] == [
        ["一、一般公共预算拨款收入", "3.00", "一、一般公共服务支出", "2.00"],
        ["", "", "支出总计", "3.00"],
    ]
    assert block.body[1].total


def test_empty_table_gets_its_note_and_one_blank_row() -> None:
    table = _table(
        TableKind.GOV_FUND,
        [("total", "合计")],
        [],
        title="部门预算政府性基金预算财政拨款支出表",
        empty=True,
    )
    block = _only_table(_disclosure(table))
    assert block.notes == ("注：本部门无政府性基金预算财政拨款预算，此表为空表。",)
    assert len(block.body) == 1 and all(c.text == "" for c in block.body[0].cells)


def test_a_table_note_of_its_own_is_kept() -> None:
    note = "注：无国有资本经营预算财政拨款预算，空表列示。"
    table = _table(TableKind.STATE_CAPITAL, [("total", "合计")], [], notes=[note], empty=True)
    assert _only_table(_disclosure(table)).notes == (note,)


def test_unit_codes_get_a_column_of_their_own() -> None:
    rows = [
        Row(None, "某某局", None, {"total": Decimal(5)}, 2, unit_code="201"),
        Row("210", "卫生健康支出", 1, {"total": Decimal(5)}, 3),
    ]
    block = _only_table(_disclosure(_table(TableKind.EXPENDITURE, [("total", "合计")], rows)))
    assert [[c.text for c in r.cells] for r in block.body] == [
        ["201", "", "某某局", "5.00"],
        ["", "210", "卫生健康支出", "5.00"],
    ]
    assert block.header[0].cells[0].text == "单位代码"


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (None, ""),
        (Decimal("0"), "0.00"),
        (Decimal("12.5"), "12.50"),
        (Decimal("-3"), "-3.00"),
        (Decimal("0.125"), "0.125"),
    ],
)
def test_amounts_print_with_two_decimals_or_more(value: Decimal | None, printed: str) -> None:
    assert format_amount(value) == printed


def test_grid_placement_skips_cells_covered_from_above() -> None:
    rows = [
        GridRow((Cell("a", rowspan=2), Cell("b", colspan=2))),
        GridRow((Cell("c"), Cell("d"))),
    ]
    assert [[(p.cell.text, p.row, p.col) for p in r] for r in place(rows, 3)] == [
        [("a", 0, 0), ("b", 0, 1)],
        [("c", 1, 1), ("d", 1, 2)],
    ]
    grid = expand(rows, 3)
    assert grid[0][2] is None and grid[1][0] is None
    # Word lists a vertically merged cell again (empty) and a horizontal merge once.
    assert word_rows(rows, 3) == [["a", "b"], ["", "c", "d"]]
    assert tab_rows(rows, 3) == [["a", "b", ""], ["", "c", "d"]]


def test_generated_document_has_tables_goal_tables_text_and_page_breaks() -> None:
    doc = build_document(generate_disclosure(3, lines=10))
    kinds = [b.kind for b in doc.tables()]
    assert kinds[:3] == [TableKind.SUMMARY, TableKind.INCOME, TableKind.EXPENDITURE]
    assert TableKind.PERFORMANCE_PROJECTS in kinds
    assert any(isinstance(b, PageBreak) for b in doc.blocks)
    assert any(isinstance(b, Heading) and b.text.startswith("一、") for b in doc.blocks)
    assert any(isinstance(b, TextBlock) and "万元" in b.text for b in doc.blocks)
    goal = next(b for b in doc.tables() if b.kind is TableKind.PERFORMANCE_PROJECTS)
    assert goal.title.startswith("1、") and goal.title.endswith("绩效目标表")
    assert all(sum(c.colspan for c in r.cells) <= goal.width for r in goal.body)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("第一部分 部门概况", 1),
        ("二、部门预算安排的总体情况", 2),
        ("（一）收入预算", 3),
        ("1、收入说明", 3),
        ("2024年预算收入349.27万元，其中：…", None),
    ],
)
def test_heading_levels(text: str, level: int | None) -> None:
    assert heading_level(text) == level


def test_every_layout_renders() -> None:
    model = generate_disclosure(2, lines=6)
    for layout in LAYOUTS:
        assert render(model, "html", layout=layout).startswith(b"<!DOCTYPE html>")


def test_unknown_layout_and_format_are_clear_errors() -> None:
    model = generate_disclosure(2, lines=6)
    with pytest.raises(YusuanError, match="未知的版式"):
        render(model, "txt", layout="beijing")
    with pytest.raises(YusuanError, match="不支持的输出格式"):
        render(model, "odt")


def test_html_escapes_every_string() -> None:
    table = _table(
        TableKind.OTHER, [("total", "合计<b>")], [Row(None, "<script>x</script>", None, {}, 2)], title="A&B"
    )
    html = render(_disclosure(table), "html").decode()
    assert "<script>x" not in html and "&lt;script&gt;" in html and "A&amp;B" in html


def test_render_files_writes_each_format(tmp_path: Path) -> None:
    model = generate_disclosure(4, lines=6)
    paths = render_files(model, ["txt", "html", "xlsx", "docx"], tmp_path / "out", "demo")
    assert [p.name for p in paths] == ["demo.txt", "demo.html", "demo.xlsx", "demo.docx"]
    assert all(p.stat().st_size > 0 for p in paths)
    assert paths[2].read_bytes()[:2] == b"PK" and paths[3].read_bytes()[:2] == b"PK"


def test_pdf_is_a_format_and_fails_clearly_until_its_writer_exists() -> None:
    assert "pdf" in FORMATS
    model = generate_disclosure(4, lines=6)
    try:
        data = render(model, "pdf")
    except YusuanError as error:
        assert "PDF" in str(error)
    else:
        assert data.startswith(b"%PDF")
