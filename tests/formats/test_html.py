"""The web page reader: spans as a padded grid, GBK pages, what a browser hides, text outside tables."""

from __future__ import annotations

import pytest

from yusuan.api import parse_bytes
from yusuan.errors import YusuanError
from yusuan.formats import read
from yusuan.formats.base import Blank, CellRow, TextLine
from yusuan.formats.html import read_html

TABLE = """
<table border=1>
 <caption>部门收支预算表</caption>
 <tr><td rowspan=2>序号</td><td colspan=2>收入</td><td colspan="2">支出</td></tr>
 <tr><td>项&nbsp;&nbsp;目</td><td>预算数</td><td>项目</td><td>预算数</td>
 <tr><td>1<td>一般公共预算拨款收入<td>5,497.60<td rowspan=2>卫生健康支出<td>6,465.30</tr>
 <tr><td>2</td><td>政府性基金预算拨款收入</td><td>967.70</td><td></td></tr>
</table>
"""


def _blocks(page: str, encoding: str = "utf-8") -> list[TextLine | CellRow | Blank]:
    return list(read_html(page.encode(encoding), "t.html").blocks)


def test_rowspan_and_colspan_become_a_padded_grid() -> None:
    blocks = _blocks(f"<html><body>{TABLE}</body></html>")
    assert isinstance(blocks[0], TextLine) and blocks[0].text == "部门收支预算表"
    assert [b.cells for b in blocks if isinstance(b, CellRow)] == [
        ("序号", "收入", "", "支出", ""),
        ("", "项  目", "预算数", "项目", "预算数"),
        ("1", "一般公共预算拨款收入", "5,497.60", "卫生健康支出", "6,465.30"),
        ("2", "政府性基金预算拨款收入", "967.70", "", ""),
    ]
    assert [b.line for b in blocks] == list(range(1, len(blocks) + 1))


def test_text_around_tables_scripts_and_hidden_parts() -> None:
    page = f"""<!DOCTYPE html><html><head><title>网站标题</title>
    <style>td {{ color: red }}</style><script>document.write("<table><tr><td>假</td></tr></table>")</script>
    </head><body><div class="nav" style="display: none">首页 &gt; 公开</div>
    <h1>2024年部门预算</h1><p>收入总计6,465.30万元，
      比上年减少379.10万元。</p><p>&nbsp;</p>
    {TABLE}<p>注：本表金额单位为万元。<br>第二行</p><noscript>请启用脚本</noscript></body></html>"""
    blocks = _blocks(page)
    texts = [b.text for b in blocks if isinstance(b, TextLine)]
    assert texts == [
        "2024年部门预算",
        "收入总计6,465.30万元， 比上年减少379.10万元。",
        "部门收支预算表",
        "注：本表金额单位为万元。",
        "第二行",
    ]
    assert isinstance(blocks[2], Blank)
    assert not any("假" in c for b in blocks if isinstance(b, CellRow) for c in b.cells)


@pytest.mark.parametrize(
    "meta",
    ['<meta charset="gb2312">', '<meta http-equiv="Content-Type" content="text/html; charset=GBK">', ""],
)
def test_gbk_pages_are_decoded(meta: str) -> None:
    page = f"<html><head>{meta}</head><body><p>部门预算收支总表</p>{TABLE}</body></html>"
    document = read_html(page.encode("gbk"), "t.htm")
    assert document.encoding in ("gb18030", "gbk")
    assert isinstance(document.blocks[0], TextLine) and document.blocks[0].text == "部门预算收支总表"


def test_a_page_declaring_the_wrong_charset_is_still_read() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>部门预算收支总表</p></body></html>'
    document = read_html(page.encode("gb18030"), "t.html")
    assert [b.text for b in document.blocks if isinstance(b, TextLine)] == ["部门预算收支总表"]


def test_a_layout_table_around_content_is_not_a_data_table() -> None:
    page = f"<table width=100%><tr><td><p>一、收支预算总表</p>{TABLE}</td></tr><tr><td>版权所有</td></tr></table>"
    blocks = _blocks(page)
    texts = [b.text for b in blocks if isinstance(b, TextLine)]
    assert texts == ["一、收支预算总表", "部门收支预算表", "版权所有"]
    assert len([b for b in blocks if isinstance(b, CellRow)]) == 4


def test_cell_line_breaks_and_unclosed_cells() -> None:
    page = "<table><tr><td>绩效目标<td>1.第一句<br>2.第二句<p>3.第三句</table>"
    assert [b.cells for b in _blocks(page) if isinstance(b, CellRow)] == [
        ("绩效目标", "1.第一句\n2.第二句\n3.第三句")
    ]


def test_the_registry_sniffs_pages_and_the_sample_page_parses() -> None:
    page = f"<!doctype html><html><body><p>2024年部门预算</p>{TABLE}</body></html>".encode()
    assert read(page, "download.txt").layout == "html"
    disclosure = parse_bytes(page, "x.html")
    assert disclosure.tables[0].title == "部门收支预算表"


@pytest.mark.parametrize(
    "page", [b"<html><body></body></html>", b"<html><script>var a=1;</script></html>", b"<table></table>"]
)
def test_pages_without_text_are_refused(page: bytes) -> None:
    with pytest.raises(YusuanError) as info:
        parse_bytes(page, "empty.html")
    assert "\n" not in info.value.message


def test_spans_are_clamped() -> None:
    page = '<table><tr><td colspan="99999">标题</td></tr><tr><td rowspan="0">a</td><td>b</td></tr><tr><td>c</td></tr></table>'
    rows = [b.cells for b in _blocks(page) if isinstance(b, CellRow)]
    assert len(rows) == 3 and all(len(r) == 1000 for r in rows)
    assert rows[2][:2] == ("", "c")


def test_tables_nested_absurdly_deep_fail_cleanly() -> None:
    page = "<table><tr><td>" * 3000 + "深处" + "</td></tr></table>" * 3000
    with pytest.raises(YusuanError):
        parse_bytes(page.encode(), "deep.html")
