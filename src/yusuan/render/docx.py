"""A Word document (python-docx): headings, paragraphs, ruled tables with merged header cells,
A4 landscape pages with the page number in the footer.

The package, styles and section come from python-docx; the body is written as WordprocessingML
directly (one ``parse_xml`` per block), because building large tables cell by cell through
python-docx's object API costs seconds. Merged cells are Word's own: ``gridSpan`` across
columns and ``vMerge`` down rows, so Word, WPS and yusuan's reader (``formats/docx.py``) see
the same grid.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from yusuan.errors import YusuanError
from yusuan.render.document import (
    Cell,
    CellRole,
    Heading,
    PageBreak,
    RenderedDocument,
    TableBlock,
    TextBlock,
    place,
)

__all__ = ["render_docx"]

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_FONT = "宋体"
# Usable width of an A4 landscape page with 2 cm margins, in twentieths of a point.
_PAGE_WIDTH = 13840
_NO_BORDERS = "".join(
    f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_JC = {"left": "left", "center": "center", "right": "right"}


def _docx() -> Any:
    try:
        import docx
    except ModuleNotFoundError:
        raise YusuanError(
            "生成 DOCX 需要软件包 python-docx，当前未安装。请安装：pip install 'yusuan[office]'"
        ) from None
    return docx


def _runs(text: str, bold: bool = False, size: int | None = None) -> str:
    props = ""
    if bold or size:
        props = (
            "<w:rPr>" + ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "") + "</w:rPr>"
        )
    parts = text.split("\n")
    out = []
    for i, part in enumerate(parts):
        br = "<w:br/>" if i else ""
        out.append(f'<w:r>{props}{br}<w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(out)


def _paragraph(
    text: str,
    *,
    jc: str | None = None,
    bold: bool = False,
    size: int | None = None,
    style: str | None = None,
    indent_first: bool = False,
    indent: int = 0,
) -> str:
    props = []
    if style:
        props.append(f'<w:pStyle w:val="{style}"/>')
    props.append('<w:spacing w:before="0" w:after="0"/>')
    if indent_first:
        props.append('<w:ind w:firstLineChars="200" w:firstLine="480"/>')
    elif indent:
        props.append(f'<w:ind w:left="{indent * 240}"/>')
    if jc:
        props.append(f'<w:jc w:val="{jc}"/>')
    return f"<w:p><w:pPr>{''.join(props)}</w:pPr>{_runs(text, bold, size)}</w:p>"


def _tc(cell: Cell | None, width: int, span: int, vmerge: str | None, header: bool, total: bool) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        props.append("<w:vMerge/>")
    if header:
        props.append('<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>')
    props.append('<w:vAlign w:val="center"/>')
    if cell is None:
        body = "<w:p/>"
    else:
        align = "center" if header else cell.align.value
        indent = cell.indent if cell.role is CellRole.NAME else 0
        body = _paragraph(cell.text, jc=_JC[align], bold=header or total, size=18, indent=indent)
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{body}</w:tc>"


def _grid_widths(block: TableBlock) -> list[int]:
    widths = list(block.widths) or [1] * block.width
    total = sum(widths) or 1
    return [max(400, _PAGE_WIDTH * w // total) for w in widths]


def _table_xml(block: TableBlock) -> str:
    widths = _grid_widths(block)
    placed = place(block.rows, block.width)
    continued: dict[tuple[int, int], Cell] = {}
    for placed_row in placed:
        for p in placed_row:
            for dr in range(1, p.cell.rowspan):
                continued[(p.row + dr, p.col)] = p.cell
    rows = []
    header_rows = len(block.header)
    for r, placed_row in enumerate(placed):
        starts = {p.col: p.cell for p in placed_row}
        header = r < header_rows
        total = not header and block.rows[r].total
        tcs = []
        col = 0
        while col < block.width:
            cell = starts.get(col)
            if cell is not None:
                span = min(cell.colspan, block.width - col)
                vmerge = "restart" if cell.rowspan > 1 else None
                tcs.append(_tc(cell, sum(widths[col : col + span]), span, vmerge, header, total))
                col += span
            elif (r, col) in continued:
                span = min(continued[(r, col)].colspan, block.width - col)
                tcs.append(_tc(None, sum(widths[col : col + span]), span, "continue", header, total))
                col += span
            else:
                tcs.append(_tc(None, widths[col], 1, None, header, total))
                col += 1
        row_props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        rows.append(f"<w:tr>{row_props}{''.join(tcs)}</w:tr>")
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f"<w:tbl {_NS}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _meta_xml(block: TableBlock) -> str:
    """The metadata line as a borderless one-row table (as Word disclosures print it)."""
    count = len(block.meta)
    width = _PAGE_WIDTH // count
    cells = []
    for i, text in enumerate(block.meta):
        jc = "left" if i == 0 else "right" if i == count - 1 else "center"
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{_paragraph(text, jc=jc, size=20)}</w:tc>'
        )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in block.meta)
    return (
        f'<w:tbl {_NS}><w:tblPr><w:tblW w:w="{_PAGE_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{_NO_BORDERS}</w:tblBorders>"
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"<w:tr>{''.join(cells)}</w:tr></w:tbl>"
    )


def _block_xml(block: object) -> list[str]:
    if isinstance(block, TableBlock):
        out = [_paragraph(block.title, jc="center", bold=True, size=28)]
        if block.meta:
            out.append(_meta_xml(block))
        out.append(_table_xml(block))
        out.extend(_paragraph(note, size=18) for note in block.notes)
        out.append(_paragraph(""))  # a blank line ends the table (and keeps the next one apart)
        return out
    if isinstance(block, Heading):
        return [
            _paragraph(block.text, bold=True, size=32 if block.level == 1 else 28 if block.level == 2 else 24)
        ]
    if isinstance(block, TextBlock):
        return [_paragraph(block.text, indent_first=True, size=24)]
    if isinstance(block, PageBreak):
        return ['<w:p><w:r><w:br w:type="page"/></w:r></w:p>']
    return []


def _with_namespace(fragment: str) -> str:
    """A body fragment as a standalone element with the WordprocessingML namespace declared."""
    if fragment.startswith(f"<w:tbl {_NS}"):
        return fragment
    tag_end = fragment.index(">") if not fragment.startswith("<w:p/") else 4
    return fragment[:tag_end] + f" {_NS}" + fragment[tag_end:]


def _setup(document: Any, docx: Any, title: str) -> None:
    section = document.sections[0]
    section.orientation = docx.enum.section.WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = docx.shared.Mm(297), docx.shared.Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, docx.shared.Mm(20))
    normal = document.styles["Normal"]
    normal.font.name = _FONT
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(docx.oxml.ns.qn("w:rFonts"))
    if fonts is None:
        fonts = docx.oxml.OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(docx.oxml.ns.qn("w:eastAsia"), _FONT)
    footer = section.footer.paragraphs[0]
    footer.alignment = docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(
        docx.oxml.parse_xml(f'<w:fldSimple {_NS} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    document.core_properties.title = title
    document.core_properties.author = "yusuan"


def render_docx(document: RenderedDocument) -> bytes:
    """The document as DOCX (the writer registered for ``docx``)."""
    docx = _docx()
    out_doc = docx.Document()
    _setup(out_doc, docx, document.title)
    body = out_doc.element.body
    sect = body[-1]  # the final section properties stay last
    parse_xml = docx.oxml.parse_xml
    for block in document.blocks:
        for fragment in _block_xml(block):
            sect.addprevious(parse_xml(_with_namespace(fragment)))
    out = io.BytesIO()
    out_doc.save(out)
    return out.getvalue()
