"""Plain text in the "cell per line" family: text as Word exports a disclosure.

Each table cell is a line starting with a tab, a blank line ends a table row; a horizontally
merged cell is printed once and a cell covered by a vertical merge as an empty cell (as Word
does), so yusuan's text reader (``formats/text.py``) reads the header spans back. Running text
is one line per paragraph; a page break is a form feed on a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from yusuan.render.document import (
    GridRow,
    Heading,
    PageBreak,
    RenderedDocument,
    TableBlock,
    TextBlock,
    expand,
    place,
)

__all__ = ["render_text", "render_text_bytes", "word_rows"]


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split("\n")).strip()


def word_rows(rows: Sequence[GridRow], width: int) -> list[list[str]]:
    """Each row's cells as Word lists them: a cell starting in the row, or an empty cell where a
    cell from a row above reaches down (one per covering cell, whatever its column span)."""
    placed = place(rows, width)
    # (row, col) -> (colspan) of every position covered by a vertical merge from above
    continued: dict[tuple[int, int], int] = {}
    for placed_row in placed:
        for p in placed_row:
            for dr in range(1, p.cell.rowspan):
                continued[(p.row + dr, p.col)] = p.cell.colspan
    out: list[list[str]] = []
    for r, placed_row in enumerate(placed):
        starts = {p.col: p for p in placed_row}
        cells: list[str] = []
        col = 0
        while col < width:
            if col in starts:
                cells.append(starts[col].cell.text)
                col += starts[col].cell.colspan
            elif (r, col) in continued:
                cells.append("")
                col += continued[(r, col)]
            else:
                col += 1
        out.append(cells)
    return out


def _cell_lines(text: str) -> list[str]:
    lines = [part.replace("\t", " ").strip() for part in text.split("\n")] or [""]
    # A continuation line must not start with a tab (it would be a cell of its own).
    return ["\t" + lines[0], *(line for line in lines[1:] if line)]


def _table(block: TableBlock) -> Iterator[str]:
    yield _one_line(block.title)
    if block.meta:
        yield from ("\t" + _one_line(m) for m in block.meta)
        yield ""
    # Header rows full width (a merged cell's text, then empty cells): the reader spreads a label
    # over the columns below it; body rows as Word lists them.
    header = tab_rows(block.header, block.width)
    body = word_rows(block.rows, block.width)[len(block.header) :]
    for cells in header + body:
        for cell in cells:
            yield from _cell_lines(cell)
        yield ""
    yield ""
    yield from (_one_line(n) for n in block.notes)


def tab_rows(rows: Sequence[GridRow], width: int) -> list[list[str]]:
    """Each row padded to the full width: a merged cell's text in its first row and column."""
    grid = expand(rows, width)
    return [[p.cell.text if p is not None else "" for p in row] for row in grid]


def _tab_table(block: TableBlock) -> Iterator[str]:
    yield _one_line(block.title)
    if block.meta:
        yield "\t".join(_one_line(m) for m in block.meta) + ("\t" if len(block.meta) == 1 else "")
    for cells in tab_rows(block.rows, block.width):
        yield "\t".join(_one_line(c) for c in cells)
    yield ""
    yield from (_one_line(n) for n in block.notes)


FAMILIES = ("cell-per-line", "tab-separated")


def render_text(document: RenderedDocument, family: str = "cell-per-line") -> str:
    """The document as text in ``family`` (see :data:`FAMILIES`); UTF-8 when encoded by the caller."""
    table = _table if family == "cell-per-line" else _tab_table
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, TableBlock):
            lines.extend(table(block))
        elif isinstance(block, Heading | TextBlock):
            text = _one_line(block.text)
            if text:
                lines.append(text)
        elif isinstance(block, PageBreak):
            lines.append("\f")
    return "\n".join(lines) + "\n"


def render_text_bytes(document: RenderedDocument) -> bytes:
    """:func:`render_text` encoded as UTF-8 (the writer registered for ``txt``)."""
    return render_text(document).encode("utf-8")
