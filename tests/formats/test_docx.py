"""The Word reader: body order, merged cells as a padded grid, noise left out, DOC conversion, bad files."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from yusuan.api import parse_bytes
from yusuan.errors import UnreadableInput, YusuanError
from yusuan.extract.document import build_disclosure
from yusuan.formats import docx as docx_reader
from yusuan.formats import read
from yusuan.formats.base import Blank, CellRow, SourceDocument, TextLine
from yusuan.formats.docx import format_number, read_doc, read_docx

FIXTURES = Path(__file__).parent / "fixtures"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _package(
    body: str,
    content_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    parts: dict[str, str] | None = None,
) -> bytes:
    """A minimal DOCX around ``body`` (the children of ``w:body``), with ``numbering`` / ``styles`` parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        rels = "".join(
            f'<Relationship Id="r{kind}" Target="{kind}.xml" '
            f'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"/>'
            for kind in parts or {}
        )
        archive.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for kind, xml in (parts or {}).items():
            archive.writestr(
                f"word/{kind}.xml", f'<?xml version="1.0"?><w:{kind} xmlns:w="{W}">{xml}</w:{kind}>'
            )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{content_type}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{W}" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f"<w:body>{body}</w:body></w:document>",
        )
    return buffer.getvalue()


def _p(text: str, extra: str = "") -> str:
    return f'<w:p>{extra}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


def _blocks(body: str) -> list[TextLine | CellRow | Blank]:
    return list(read_docx(_package(body), "t.docx").blocks)


def _rows(body: str) -> list[tuple[str, ...]]:
    return [b.cells for b in _blocks(body) if isinstance(b, CellRow)]


def test_paragraphs_and_tables_keep_their_order_and_block_numbers() -> None:
    table = f"<w:tbl><w:tr>{_tc('项目')}{_tc('预算数')}</w:tr><w:tr>{_tc('合计')}{_tc('1.00')}</w:tr></w:tbl>"
    blocks = _blocks(_p("收支总表") + table + _p("") + _p("注：单位万元。") + table)
    assert [type(b).__name__ for b in blocks] == [
        "TextLine", "CellRow", "CellRow", "Blank", "TextLine", "CellRow", "CellRow"
    ]  # fmt: skip
    assert [b.line for b in blocks] == list(range(1, 8))
    assert all(b.page is None for b in blocks)


def test_merged_cells_become_a_padded_grid() -> None:
    span2 = "<w:gridSpan w:val='2'/>"
    restart, cont = "<w:vMerge w:val='restart'/>", "<w:vMerge/>"
    body = (
        "<w:tbl>"
        f"<w:tr>{_tc('序号', restart)}{_tc('收入', span2)}{_tc('支出', span2)}</w:tr>"
        f"<w:tr>{_tc('', cont)}{_tc('项目')}{_tc('预算数')}{_tc('项目')}{_tc('预算数')}</w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>{_tc('一、收入')}{_tc('1.00')}{_tc('一、支出', span2)}</w:tr>"
        "</w:tbl>"
    )
    assert _rows(body) == [
        ("序号", "收入", "", "支出", ""),
        ("", "项目", "预算数", "项目", "预算数"),
        ("", "一、收入", "1.00", "一、支出", ""),
    ]
    assert not any(b.collapsed for b in _blocks(body) if isinstance(b, CellRow))


def test_python_docx_merges_read_back() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "科目"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "本年收入"
    table.cell(1, 1).text, table.cell(1, 2).text = "小计", "财政拨款"
    for j, text in enumerate(("合计", "5.00", "5.00")):
        table.cell(2, j).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    rows = [b.cells for b in read_docx(buffer.getvalue(), "t.docx").blocks if isinstance(b, CellRow)]
    assert rows == [("科目", "本年收入", ""), ("", "小计", "财政拨款"), ("合计", "5.00", "5.00")]


def test_cell_paragraphs_join_with_newlines() -> None:
    cell = f"<w:tc>{_p('1.第一句')}{_p('')}{_p('2.第二句')}</w:tc>"
    assert _rows(f"<w:tbl><w:tr>{_tc('绩效目标')}{cell}</w:tr></w:tbl>") == [
        ("绩效目标", "1.第一句\n2.第二句")
    ]


def test_a_table_holding_tables_is_a_layout_frame() -> None:
    inner = f"<w:tbl><w:tr>{_tc('项目')}{_tc('金额')}</w:tr><w:tr>{_tc('合计')}{_tc('2.00')}</w:tr></w:tbl>"
    body = f"<w:tbl><w:tr><w:tc>{_p('收入总表')}{inner}{_p('')}</w:tc></w:tr></w:tbl>"
    blocks = _blocks(body)
    assert isinstance(blocks[0], TextLine) and blocks[0].text == "收入总表"
    assert [b.cells for b in blocks if isinstance(b, CellRow)] == [("项目", "金额"), ("合计", "2.00")]


def test_hidden_deleted_and_field_code_text_is_left_out() -> None:
    hidden = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
    deleted = "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
    field = "<w:r><w:instrText> PAGE </w:instrText></w:r>"
    inserted = "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
    body = f"<w:p><w:r><w:t>正文</w:t></w:r>{hidden}{deleted}{field}{inserted}</w:p>"
    assert [b.text for b in _blocks(body) if isinstance(b, TextLine)] == ["正文插入"]


def test_text_boxes_are_read_once_after_their_paragraph() -> None:
    box = f"<w:txbxContent>{_p('文本框里的说明')}</w:txbxContent>"
    run = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing>"
        f"{box}</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    blocks = _blocks(f"<w:p><w:r><w:t>锚定段落</w:t></w:r>{run}</w:p>")
    assert [b.text for b in blocks if isinstance(b, TextLine)] == ["锚定段落", "文本框里的说明"]


def test_table_of_contents_loses_page_numbers_and_footers_are_noise() -> None:
    toc_style = "<w:pPr><w:pStyle w:val='TOC1'/></w:pPr>"
    toc = f"<w:p>{toc_style}<w:r><w:t>一、部门职责</w:t></w:r><w:r><w:tab/><w:t>3</w:t></w:r></w:p>"
    body = _p("目录") + toc + _p("- 2 -") + _p("正文")
    assert [b.text for b in _blocks(body) if isinstance(b, TextLine)] == ["目录", "一、部门职责", "正文"]
    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "第 1 页 共 9 页 北戴河区医疗保障局"
    document.add_paragraph("正文")
    buffer = io.BytesIO()
    document.save(buffer)
    assert [b.text for b in read_docx(buffer.getvalue(), "t.docx").blocks if isinstance(b, TextLine)] == [
        "正文"
    ]


def test_a_tabbed_paragraph_is_a_row_of_cells() -> None:
    body = "<w:p><w:r><w:t>部门名称：承德市医疗保障局</w:t><w:tab/><w:tab/><w:t>单位：万元</w:t></w:r></w:p>"
    assert _rows(body) == [("部门名称：承德市医疗保障局", "单位：万元")]


def test_line_breaks_split_a_paragraph_and_nbsp_is_a_space() -> None:
    body = "<w:p><w:r><w:t>2024年</w:t><w:br/><w:t>部门\u00a0预算</w:t></w:r></w:p>"
    assert [b.text for b in _blocks(body) if isinstance(b, TextLine)] == ["2024年", "部门 预算"]


def test_macro_enabled_documents_read_like_documents() -> None:
    data = _package(_p("收支总表"), "application/vnd.ms-word.document.macroEnabled.main+xml")
    assert [b.text for b in read_docx(data, "t.docm").blocks if isinstance(b, TextLine)] == ["收支总表"]


NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf06c"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
)
STYLES = (
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="MyHeading"><w:basedOn w:val="Heading1"/></w:style>'
)


def _numbered(text: str, num_id: str = "", level: int = 0, style: str = "") -> str:
    numbering = f"<w:numPr><w:ilvl w:val='{level}'/><w:numId w:val='{num_id}'/></w:numPr>" if num_id else ""
    style_xml = f"<w:pStyle w:val='{style}'/>" if style else ""
    return _p(text, f"<w:pPr>{style_xml}{numbering}</w:pPr>")


def test_automatic_list_numbers_are_printed() -> None:
    body = (
        _numbered("部门职责", "1")
        + _numbered("主要职能", "1", 1)
        + _numbered("内设机构", "1", 1)
        + _numbered("机构设置", style="MyHeading")
        + _numbered("单位构成", "1", 1)
        + _numbered("办公辅助绩效目标表", "2")
        + _numbered("要点", "2", 1)
        + _numbered("办公辅助绩效目标表", "2")
        + _numbered("不编号", "0")
    )
    data = _package(body, parts={"numbering": NUMBERING, "styles": STYLES})
    assert [b.text for b in read_docx(data, "t.docx").blocks if isinstance(b, TextLine)] == [
        "一、部门职责",
        "（一）主要职能",
        "（二）内设机构",
        "二、机构设置",
        "（一）单位构成",
        "5、办公辅助绩效目标表",
        "要点",
        "6、办公辅助绩效目标表",
        "不编号",
    ]


@pytest.mark.parametrize(
    ("value", "fmt", "printed"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (105, "chineseCounting", "一百零五"),
        (110, "chineseCounting", "一百一十"),
        (3, "decimalEnclosedCircle", "③"),
        (2, "ideographTraditional", "乙"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (7, "decimalZero", "07"),
    ],
)
def test_list_number_formats(value: int, fmt: str, printed: str) -> None:
    assert format_number(value, fmt) == printed


# --- an extraction problem the grid exposes -------------------------------------------------

SCHEDULE_BLOCKS = (
    TextLine("1、办公辅助（服务）绩效目标表", 1),
    CellRow(("项目编码", "13030424P000004101552", "项目名称", "办公辅助（服务）", "", "", ""), 2),
    CellRow(("预算规模及资金用途", "预算数", "28.65", "其中：财政资金", "28.65", "其他资金", ""), 3),
    CellRow(("", "办公辅助服务费按时拨付，保障工作正常运转", "", "", "", "", ""), 4),
    CellRow(("资金支出计划（%）", "3月底", "6月底", "10月底", "12月底", "", ""), 5),
    CellRow(("", "25%", "50%", "75%", "100%", "", ""), 6),
)


def test_projects_schedule_from_a_padded_grid() -> None:
    disclosure = build_disclosure(SourceDocument("t.docx", SCHEDULE_BLOCKS, "docx"))
    assert dict(disclosure.projects[0].schedule) == {"3月底": 25, "6月底": 50, "10月底": 75, "12月底": 100}


SPANNING_LABEL_BLOCKS = (
    TextLine("1、办公辅助（服务）绩效目标表", 1),
    CellRow(("项目编码", "", "13030424P000004101552", "项目名称", "", "办公辅助（服务）", ""), 2),
    CellRow(("预算规模及资金用途", "预算数", "", "28.65", "其中：财政资金", "28.65", ""), 3),
    CellRow(("", "办公辅助服务费按时拨付，保障工作正常运转", "", "", "", "", ""), 4),
    CellRow(("资金支出计划（%）", "3月底", "", "6月底", "10月底", "", "12月底"), 5),
    CellRow(("", "25%", "", "50%", "75%", "", "100%"), 6),
    CellRow(("绩效目标", "1.办公辅助服务费按时拨付", "", "", "", "", ""), 7),
    CellRow(("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", ""), 8),
    CellRow(("产出指标", "数量指标", "保障人数", "保障办公人数", "6人", "年度工作计划", ""), 9),
)


def test_goal_table_with_labels_spanning_two_columns() -> None:
    disclosure = build_disclosure(SourceDocument("t.docx", SPANNING_LABEL_BLOCKS, "docx"))
    (project,) = disclosure.projects
    assert (project.code, project.name, project.amount) == (
        "13030424P000004101552",
        "办公辅助（服务）",
        Decimal("28.65"),
    )
    assert dict(project.schedule) == {"3月底": 25, "6月底": 50, "10月底": 75, "12月底": 100}
    assert project.goal == "1.办公辅助服务费按时拨付" and len(project.indicators) == 1


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "为空"),
        (b"PK\x03\x04" + bytes(200), "损坏"),
        (_package(_p("x"))[:300], "损坏"),
        (_package(""), "没有可读取的文字"),
    ],
)
def test_bad_word_files_give_one_clear_line(data: bytes, words: str) -> None:
    with pytest.raises(YusuanError) as info:
        parse_bytes(data, "bad.docx")
    assert words in info.value.message and "\n" not in info.value.message


def test_a_zip_without_the_main_part_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/other.xml", "<x/>")
    with pytest.raises(UnreadableInput, match="DOCX"):
        read_docx(buffer.getvalue(), "bad.docx")


def _encrypted_ole() -> bytes:
    """The start of a password-protected Office file: an OLE file with an EncryptedPackage stream."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(500)
    )


@pytest.mark.parametrize("name", ["secret.docx", "secret.doc", "secret.xlsx", "secret.xls"])
def test_password_protected_files_are_refused(name: str) -> None:
    with pytest.raises(UnreadableInput, match="密码"):
        read(_encrypted_ole(), name)


def test_doc_without_libreoffice_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(UnreadableInput) as info:
        read_doc((FIXTURES / "small.doc").read_bytes(), "old.doc")
    message = info.value.message
    assert (
        "另存为 DOCX" in message and "apt-get install libreoffice-writer" in message and "\n" not in message
    )


def test_a_hanging_converter_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(docx_reader, "DOC_TIMEOUT_SECONDS", 1)
    with pytest.raises(UnreadableInput, match="超过 1 秒"):
        read_doc(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.doc")


def test_a_converter_that_writes_nothing_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(UnreadableInput, match="未能转换"):
        read_doc(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.doc")


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="no LibreOffice"
)
def test_doc_is_converted_with_libreoffice() -> None:
    data = (FIXTURES / "small.doc").read_bytes()
    document = read(data, "small.doc")
    assert document.layout == "doc"
    rows = [b.cells for b in document.blocks if isinstance(b, CellRow)]
    assert ("1", "一、一般公共预算拨款收入", "349.27", "一、一般公共服务支出", "") in rows
    with contextlib.suppress(YusuanError):  # LibreOffice may recover part of a cut file, or not
        read(data[: len(data) // 2], "cut.doc")
