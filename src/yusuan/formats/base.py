"""The intermediate representation every reader produces: a flat sequence of blocks.

A block is a line of running text, a row of table cells, or a blank separator. Readers for
other formats (DOCX, XLSX, PDF, HTML) produce the same blocks, so table and text recognition
in :mod:`yusuan.extract` works once for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.frozen import fast_init


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    line: int
    page: int | None = None


@dataclass(frozen=True, slots=True)
class CellRow:
    cells: tuple[str, ...]
    line: int
    page: int | None = None
    # True where the reader knows merged cells were collapsed into one (Word tables read as
    # one cell per line): the row may have fewer cells than the table has columns.
    collapsed: bool = False


@dataclass(frozen=True, slots=True)
class Blank:
    line: int
    page: int | None = None


# A reader makes one block per printed line: construct them faster.
for _block in (TextLine, CellRow, Blank):
    fast_init(_block)
del _block

Block = TextLine | CellRow | Blank


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """What a reader hands to extraction: blocks plus what it could not read."""

    source: str
    blocks: tuple[Block, ...]
    layout: str  # e.g. "cell-per-line", "tab-separated", "mixed"
    encoding: str | None = None
    skipped: tuple[str, ...] = ()
