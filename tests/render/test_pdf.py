"""PDF writer: parse(render(model, "pdf")) gives back the model; fonts are embedded; a missing
font is one clear Chinese error; the layout decisions hold on their own.

The round trip reads the PDF with yusuan's own reader (PDFium characters and ruling lines), so
what is checked is what a reader of the printed page gets back: every table, row, amount and
fact. Differences are listed by ``render.roundtrip.differences`` (one line each).
"""

from __future__ import annotations

import ctypes
import dataclasses
import multiprocessing
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
import pytest

from _samples import REPO, parsed
from render.pdf_batch import budget_size, pdf_round_trip
from render.roundtrip import differences, table_differences
from yusuan import jsonio
from yusuan.api import parse_bytes
from yusuan.errors import YusuanError
from yusuan.formats.base import TextLine
from yusuan.formats.pdf import read_pdf
from yusuan.generate import generate_disclosure
from yusuan.model import Disclosure, DocumentKind, Paragraph
from yusuan.render import fonts, render
from yusuan.render.document import Cell, CellRole, GridRow, TableBlock, build_document
from yusuan.render.pdf import meta_parts, render_pdf, table_layout, text_width

GENERATED = 200


@pytest.fixture(autouse=True)
def _fresh_font_lookup() -> None:
    fonts._find.cache_clear()


def round_trip(model: Disclosure, layout: str = "hebei") -> Disclosure:
    return parse_bytes(render(model, "pdf", layout=layout), "rendered.pdf")


@pytest.mark.parametrize("name", ["beidaihe", "chengde"])
def test_sample_round_trip(name: str) -> None:
    model = parsed(name)
    assert differences(model, round_trip(model)) == []


@pytest.mark.parametrize(("name", "layout"), [("jiyuan", "henan"), ("yuanjiang", "hunan")])
def test_sample_facts_procurement_assets_round_trip(name: str, layout: str) -> None:
    model = parsed(name)
    back = round_trip(model, layout)
    assert Counter((f.key, f.value.normalize()) for f in back.facts) == Counter(
        (f.key, f.value.normalize()) for f in model.facts
    )
    assert [(i.item, i.catalogue_code, i.amount) for i in back.procurement] == [
        (i.item, i.catalogue_code, i.amount) for i in model.procurement
    ]
    assert [(a.name, a.value) for a in back.assets] == [(a.name, a.value) for a in model.assets]
    assert [(p.name, p.amount) for p in back.projects] == [(p.name, p.amount) for p in model.projects]


def test_jiyuan_tables_round_trip() -> None:
    model = parsed("jiyuan")
    assert table_differences(model.tables, round_trip(model, "henan").tables) == []


def test_yuanjiang_tables_round_trip() -> None:
    model = parsed("yuanjiang")
    assert table_differences(model.tables, round_trip(model, "hunan").tables) == []


@pytest.mark.parametrize(("name", "layout"), [("jiyuan", "henan"), ("yuanjiang", "hunan")])
def test_goal_tables_round_trip(name: str, layout: str) -> None:
    model = parsed(name)
    back = round_trip(model, layout)
    assert [(p.code, len(p.indicators)) for p in back.projects] == [
        (p.code, len(p.indicators)) for p in model.projects
    ]


def test_generated_round_trip() -> None:
    """200 generated budgets (most of 5–8 lines, every tenth of up to 120) written as PDF and
    read back: the same model, and ``check`` finds nothing the model itself does not have."""
    workers = max(1, min(4, os.cpu_count() or 1))
    # Fresh worker processes: PDFium and Typst keep native state that a fork would share.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        results = pool.map(pdf_round_trip, range(GENERATED), chunksize=5)
    failures = {seed: (diffs, problems) for seed, diffs, problems in results if diffs or problems}
    assert len(results) == GENERATED
    assert failures == {}


def test_generated_budget_sizes() -> None:
    sizes = [budget_size(seed) for seed in range(GENERATED)]
    assert min(sizes) == 5
    assert max(sizes) >= 100
    assert sum(size > 20 for size in sizes) >= 15


def test_fonts_are_subset_and_embedded() -> None:
    data = render(generate_disclosure(3, lines=5), "pdf")
    fonts_used = _page_fonts(data)
    assert fonts_used, "no text in the PDF"
    assert all(fonts_used.values()), f"fonts not embedded: {fonts_used}"
    # A subset carries a tag (ABCDEF+Name), and the file holds only the glyphs printed: the CJK
    # font files are 10–30 MB, the whole disclosure here well under 1 MB.
    assert all(re.match(r"^[A-Z]{6}\+", name) for name in fonts_used)
    assert len(data) < 1_000_000


def _page_fonts(data: bytes) -> dict[str, bool]:
    """Base name of every font that text is printed in -> whether its program is embedded."""
    document = pdfium.PdfDocument(data)
    found: dict[str, bool] = {}
    try:
        for index in range(len(document)):
            page = document[index]
            for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
                obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
                if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
                    continue
                font = pdfium_c.FPDFTextObj_GetFont(obj)
                size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
                name = ctypes.create_string_buffer(size)
                pdfium_c.FPDFFont_GetBaseFontName(font, name, size)
                found[name.value.decode("latin-1")] = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
            page.close()
    finally:
        document.close()
    return found


def test_missing_font_is_one_chinese_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.ENV, raising=False)
    monkeypatch.setattr(fonts, "KNOWN_FILES", ())
    monkeypatch.setattr(fonts, "_fontconfig_files", list)
    with pytest.raises(fonts.FontMissing) as caught:
        render(generate_disclosure(1, lines=5), "pdf")
    message = str(caught.value)
    assert "\n" not in message
    assert "未找到中文字体" in message
    assert "fonts-noto-cjk" in message
    assert fonts.ENV in message


def test_configured_font_that_is_not_there(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(fonts.ENV, str(tmp_path / "nope.ttf"))
    with pytest.raises(fonts.FontMissing, match="不存在"):
        fonts.find_cjk_font()
    not_a_font = tmp_path / "budget.txt"
    not_a_font.write_text("不是字体", encoding="utf-8")
    monkeypatch.setenv(fonts.ENV, str(not_a_font))
    with pytest.raises(fonts.FontMissing, match="没有可用的中文字体"):
        fonts.find_cjk_font()


def test_configured_font_file_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    found = fonts.find_cjk_font()
    monkeypatch.setenv(fonts.ENV, str(found.path))
    assert fonts.find_cjk_font() == found


def test_missing_font_on_the_command_line(tmp_path: Path) -> None:
    """``yusuan render --to pdf`` without a usable font: exit code 2, one Chinese line, no file."""
    source = tmp_path / "budget.json"
    source.write_text(jsonio.dumps(generate_disclosure(1, lines=5)), encoding="utf-8")
    env = {**os.environ, fonts.ENV: str(tmp_path / "missing.ttc")}
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "yusuan", "render", str(source), "--to", "pdf", "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert len(errors) == 1
    assert fonts.ENV in errors[0]
    assert not out.exists() or not list(out.glob("*.pdf"))


def test_typesetting_failure_is_a_yusuan_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.render import pdf

    monkeypatch.setattr(pdf, "TEMPLATE", "#let x = (")
    with pytest.raises(YusuanError, match="生成PDF失败"):
        render_pdf(build_document(generate_disclosure(1, lines=5)))


def test_text_that_looks_like_markup_is_printed_as_it_is() -> None:
    """Text reaches Typst as JSON data, never as markup: nothing in a disclosure can change the
    page or break the typesetting."""
    model = generate_disclosure(1, lines=5)
    text = '#set page(width: 1pt) $x$ *粗体* [链接] <label> @ref \\ "引号" `code` // 注释 /* x */ = 标题'
    with_markup = dataclasses.replace(model, paragraphs=(Paragraph(text, 1), *model.paragraphs))
    lines = [b.text for b in read_pdf(render(with_markup, "pdf"), "x.pdf").blocks if isinstance(b, TextLine)]
    assert text in lines


def test_disclosure_without_tables_or_text() -> None:
    empty = Disclosure(
        source="x",
        department=None,
        unit_code=None,
        year=None,
        scope=None,
        kind=DocumentKind.BUDGET,
        unit=None,
    )
    assert render(empty, "pdf").startswith(b"%PDF-")


# --- layout decisions, without Typst -----------------------------------------------------------


def _table(header: list[list[Cell]], body: list[list[Cell]], title: str = "支出总表") -> TableBlock:
    width = sum(c.colspan for c in header[-1]) if header else sum(c.colspan for c in body[0])
    return TableBlock(
        title=title,
        kind=build_document(generate_disclosure(1, lines=5)).tables()[0].kind,
        meta=(),
        width=max(width, max(sum(c.colspan for c in r) for r in body)),
        header=tuple(GridRow(tuple(r)) for r in header),
        body=tuple(GridRow(tuple(r)) for r in body),
    )


def _amounts(n: int, text: str = "1234567.89") -> list[Cell]:
    return [Cell(text, CellRole.AMOUNT) for _ in range(n)]


def test_narrow_table_is_portrait_and_fills_the_width() -> None:
    block = _table(
        [[Cell("科目编码", CellRole.LABEL), Cell("科目名称", CellRole.LABEL), Cell("合计", CellRole.LABEL)]],
        [[Cell("2010101", CellRole.CODE), Cell("行政运行", CellRole.NAME), *_amounts(1)]],
    )
    layout = table_layout(block)
    assert not layout.landscape
    assert layout.size == 9.0
    assert sum(layout.widths) == pytest.approx(595.28 - 2 * 56.0)


def test_wide_table_turns_landscape_and_keeps_amounts_on_one_line() -> None:
    labels = [Cell(f"第{i}列支出", CellRole.LABEL) for i in range(14)]
    block = _table([labels], [_amounts(14)])
    layout = table_layout(block)
    assert layout.landscape
    for width in layout.widths:
        assert width >= text_width("1234567.89") * layout.size  # no amount is broken


def test_very_wide_table_is_set_smaller() -> None:
    block = _table([[Cell(f"列{i}", CellRole.LABEL) for i in range(24)]], [_amounts(24)])
    layout = table_layout(block)
    assert layout.landscape
    assert layout.size < 9.0
    assert sum(layout.widths) <= 841.89 - 2 * 56.0 + 0.01


def test_long_title_is_set_smaller_not_broken() -> None:
    title = "一般公共预算基本支出表--公用经费(商品和服务支出)(按政府预算经济分类)"
    block = _table([[Cell("项目", CellRole.LABEL)]], [[Cell("办公费", CellRole.NAME)]], title=title)
    layout = table_layout(block)
    assert layout.title_size < 15.0
    assert text_width(title) * layout.title_size <= 595.28 - 2 * 56.0


def test_unit_code_and_name_are_labelled() -> None:
    assert meta_parts(("447承德市医疗保障局", "预算年度：2025", "单位：万元")) == [
        "单位编码：447",
        "单位名称：承德市医疗保障局",
        "预算年度：2025",
        "单位：万元",
    ]
    assert meta_parts(("某某局", "单位：元")) == ["单位名称：某某局", "单位：元"]
