"""The HTML report: well-formed, self-contained, cells and sentences highlighted, input escaped."""

from __future__ import annotations

import dataclasses

from report.helpers import PARAGRAPH, SENTENCE, assert_well_formed, disclosure, report
from yusuan.model import Disclosure
from yusuan.report.html import render_html
from yusuan.rules import CheckReport, Finding, Severity
from yusuan.rules.context import CheckContext


def test_page_is_well_formed_and_self_contained() -> None:
    page = render_html([report()])
    assert_well_formed(page)
    assert '<html lang="zh-CN">' in page and "<style>" in page
    assert "检查报告" in page and "问题清单" in page and "涉及的表格" in page
    assert "http://" not in page and "https://" not in page


def test_offending_cells_are_highlighted_and_linked() -> None:
    page = render_html([report()])
    tree = assert_well_formed(page)
    # the finding is about 合计 of the 行政运行 row (line 12): its cell, primary, error
    hits = tree.with_class("cell-hit", "sev-error")
    texts = {(e.attrs["id"], e.text.strip()) for e in hits}
    primary = tree.by_id("d1-t0-r1-c0")  # table 0, row 1 (line 12), column 0 (合计)
    assert primary in hits and primary.text.startswith("10.00")
    assert "SUM002" in primary.attrs["title"] and "相差 +1.00" in primary.attrs["title"]
    # the parts it was compared with are marked as related, not as the offending cell
    for column in (1, 2):
        assert "cell-rel" in tree.by_id(f"d1-t0-r1-c{column}").classes
    assert ("d1-t0-r1-c0", "10.001") in texts  # the value and the link to finding 1
    # the finding links to its cells, the cell links back to the finding
    finding = tree.by_id("d1-f1")
    assert "sev-error" in finding.classes
    assert '<a href="#d1-t0-r1-c0">' in page and '<a href="#d1-f1">1</a>' in page
    # a cell without findings is plain
    assert "id" not in next(e for e in tree.elements if e.tag == "td" and e.text == "4.00").attrs


def test_findings_about_a_table_point_at_its_title() -> None:
    tree = assert_well_formed(render_html([report()]))
    heading = next(e for e in tree.elements if e.tag == "h4")
    assert "支出总表" in heading.text and "3" in heading.text  # link to finding 3 (TREE003)


def test_sentence_is_shown_in_its_paragraph_with_the_figure_marked() -> None:
    page = render_html([report()])
    tree = assert_well_formed(page)
    context = tree.with_class("context")
    assert len(context) == 1
    assert context[0].text.endswith(PARAGRAPH)  # the whole paragraph, after the line number
    sentence = tree.with_class("sentence")[0]
    assert sentence.text == SENTENCE
    figure = tree.with_class("figure")
    assert [e.text for e in figure] == ["349.27"]  # 1.00 in the same sentence is not marked


def test_rounding_findings_are_collapsed_unless_asked() -> None:
    tree = assert_well_formed(render_html([report()]))
    details = [e for e in tree.elements if e.tag == "details"]
    assert len(details) == 1 and "另有 1 处差异在四舍五入误差范围内" in details[0].text
    tree = assert_well_formed(render_html([report()], show_rounding=True))
    assert not [e for e in tree.elements if e.tag == "details"]


def test_everything_from_the_document_is_escaped() -> None:
    title = "<script>alert('t')</script>支出总表"
    row = '<img src="http://evil.example/x.png" onerror="alert(1)">行政运行'
    paragraph = f'<b onclick="x()">说明</b>{SENTENCE}</blockquote><script>alert(2)</script>'
    d = disclosure(title=title, row_name=row, paragraph=paragraph)
    d = dataclasses.replace(d, department="<i>局</i>", source="<evil>.txt")
    page = render_html([report(d)], failures=[("<bad>.txt", "<script>无法读取</script>")])
    tree = assert_well_formed(page)
    assert "<script>" not in page and "<img" not in page and "<b onclick" not in page
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;支出总表" in page
    assert next(e for e in tree.elements if e.tag == "h4").text.startswith(f"《{title}》")
    assert any(e.tag == "td" and e.text.startswith(row) for e in tree.elements)
    assert tree.with_class("sentence")[0].text == SENTENCE  # still found inside the hostile paragraph


def test_several_files_one_page() -> None:
    page = render_html([report(), report()], failures=[("missing.txt", "文件不存在，请检查路径。")])
    tree = assert_well_formed(page)
    assert [e.attrs["id"] for e in tree.with_class("file")] == ["d1", "d2"]
    assert "无法读取的文件" in page and "missing.txt：文件不存在" in page
    overview = [e for e in tree.elements if e.tag == "a" and e.attrs["href"] in ("#d1", "#d2")]
    assert len(overview) == 2


def test_a_clean_file() -> None:
    d = disclosure()
    page = render_html([CheckReport(d.source, d, ())])
    tree = assert_well_formed(page)
    assert "未发现问题" in page and not tree.with_class("cell-hit")


def test_side_by_side_tables_keep_their_blocks(hand_built: Disclosure) -> None:
    """收入 | 支出 printed side by side: one line, each block with its own columns."""
    summary = hand_built.tables[0]
    income, spending = summary.rows
    summary = dataclasses.replace(summary, rows=(income, dataclasses.replace(spending, line=income.line)))
    d = dataclasses.replace(hand_built, tables=(summary,))
    ctx = CheckContext(d)
    finding = Finding(
        "SUM003",
        "arithmetic",
        Severity.ERROR,
        "收入总计与支出总计不相等。",
        (ctx.cell(summary, summary.rows[1], "expenditure"), ctx.cell(summary, summary.rows[0], "income")),
    )
    tree = assert_well_formed(render_html([CheckReport(d.source, d, (finding,))]))
    headers = [e.text for e in tree.elements if e.tag == "th"]
    assert headers[-6:] == ["行号", "项目", "收入 / 预算数", "编码", "项目", "支出 / 预算数"]
    data = next(e for e in tree.elements if e.tag == "table" and "data" in e.classes)
    assert data.text.count("一、一般公共预算拨款收入") == 1 and "行政运行" in data.text
    assert len([e for e in tree.elements if e.tag == "td" and "line" in e.classes]) == 1  # one printed line
    assert "cell-hit" in tree.by_id("d1-t0-r1-c1").classes
    assert "cell-rel" in tree.by_id("d1-t0-r0-c0").classes


def test_a_table_with_only_rounding_findings_is_not_shown() -> None:
    d = disclosure()
    rounding = [f for f in report(d).findings if f.rounding]
    tree = assert_well_formed(render_html([CheckReport(d.source, d, tuple(rounding))]))  # no broken link
    assert not [e for e in tree.elements if e.tag == "h4"]
    assert render_html([CheckReport(d.source, d, tuple(rounding))], show_rounding=True).count("<h4>") == 1
