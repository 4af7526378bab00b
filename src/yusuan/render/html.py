"""A self-contained HTML page: ruled tables with merged header cells, print CSS, no scripts.

Every string from the document is escaped. Each table's title is a heading, its metadata a
one-row table of its own (as Word disclosures print it), its notes paragraphs below it. A page
break is a CSS break, so printing from a browser starts each main table on a new page.
"""

from __future__ import annotations

from html import escape

from yusuan.render.document import (
    Cell,
    CellRole,
    GridRow,
    Heading,
    PageBreak,
    RenderedDocument,
    TableBlock,
    TextBlock,
)

__all__ = ["render_html", "render_html_text"]

_CSS = """
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; margin: 2em auto; max-width: 60em;
  color: #000; line-height: 1.6; }
h1 { text-align: center; font-size: 1.6em; }
h2 { font-size: 1.3em; } h3 { font-size: 1.15em; } h4 { font-size: 1.05em; }
p.text { text-indent: 2em; margin: 0.3em 0; }
h3.table-title { text-align: center; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; margin: 0 0 0.4em; font-size: 0.9em; }
table.grid th, table.grid td { border: 1px solid #000; padding: 0.2em 0.4em; }
table.grid th { background: #f2f2f2; font-weight: bold; text-align: center; }
table.meta td { border: none; padding: 0 0.4em; font-size: 0.95em; }
table.meta td:last-child { text-align: right; }
td.amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.code, td.label { text-align: center; }
tr.total td { font-weight: bold; }
td.i1 { padding-left: 1.4em; } td.i2 { padding-left: 2.4em; } td.i3 { padding-left: 3.4em; }
p.note { font-size: 0.9em; margin: 0.2em 0 1em; }
div.page-break { break-before: page; page-break-before: always; }
@media print {
  body { margin: 0; max-width: none; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  @page { size: A4 landscape; margin: 15mm; @bottom-center { content: counter(page); } }
}
"""


def _text(text: str) -> str:
    return "<br>".join(escape(part) for part in text.split("\n"))


def _cell(cell: Cell, tag: str) -> str:
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f' rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f' colspan="{cell.colspan}"')
    classes = [cell.role.value] if tag == "td" else []
    if cell.indent and cell.role is CellRole.NAME:
        classes.append(f"i{min(cell.indent, 3)}")
    if classes:
        attrs.append(f' class="{" ".join(classes)}"')
    return f"<{tag}{''.join(attrs)}>{_text(cell.text)}</{tag}>"


def _row(row: GridRow, tag: str) -> str:
    css = ' class="total"' if row.total else ""
    return f"<tr{css}>" + "".join(_cell(c, tag) for c in row.cells) + "</tr>"


def _table(block: TableBlock) -> list[str]:
    out = [f'<h3 class="table-title">{_text(block.title)}</h3>']
    if block.meta:
        cells = "".join(f"<td>{_text(m)}</td>" for m in block.meta)
        out.append(f'<table class="meta"><tr>{cells}</tr></table>')
    out.append('<table class="grid">')
    if block.widths:
        total = sum(block.widths)
        cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in block.widths)
        out.append(f"<colgroup>{cols}</colgroup>")
    if block.header:
        out.append("<thead>" + "".join(_row(r, "th") for r in block.header) + "</thead>")
    out.append("<tbody>" + "".join(_row(r, "td") for r in block.body) + "</tbody>")
    out.append("</table>")
    out.extend(f'<p class="note">{_text(note)}</p>' for note in block.notes)
    return out


def render_html_text(document: RenderedDocument) -> str:
    """The document as one HTML page (a string)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(document.title)}</title>",
        f'<meta name="generator" content="yusuan ({escape(document.layout)})">',
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    for block in document.blocks:
        if isinstance(block, TableBlock):
            parts.extend(_table(block))
        elif isinstance(block, Heading):
            level = min(block.level + 1, 4)
            parts.append(f"<h{level}>{_text(block.text)}</h{level}>")
        elif isinstance(block, TextBlock):
            parts.append(f'<p class="text">{_text(block.text)}</p>')
        elif isinstance(block, PageBreak):
            parts.append('<div class="page-break"></div>')
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def render_html(document: RenderedDocument) -> bytes:
    """The document as one UTF-8 HTML page (the writer registered for ``html``)."""
    return render_html_text(document).encode("utf-8")
