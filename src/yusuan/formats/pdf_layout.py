"""Page layout from characters and ruling lines: text lines and table rows in reading order.

Pure geometry, no PDF library: :mod:`yusuan.formats.pdf_page` supplies the characters and
lines, this module decides what is a table and what is running text.

Ruled tables (``_grids``)
    Ruling lines are snapped and joined, and lines that touch form one table. The distinct x of
    its vertical lines are the column boundaries, the distinct y of its horizontal lines the
    row boundaries. Where a boundary between two grid cells is not drawn, the cells are one
    merged cell; its text goes to its top-left grid cell and the others stay empty, which is how
    tab-separated text from a PDF prints merged header cells (``collapsed=False`` rows). A
    character belongs to the cell holding a point just below its top, so a word that overflows
    a cell and is clipped at its bottom border stays in its own cell. Text wrapped in a cell is
    joined (CJK directly, words with a space, a numbered item on a new line). A grid row holding
    several lines of amounts without rules between them is split into one row per line, unless
    the lines are one number broken to fit a narrow cell (``6,4`` / ``65.`` / ``30``). Rows
    spanning the whole table at its top or bottom (a title or a note printed inside the frame)
    are text lines.

Tables aligned by whitespace only (``_stream_tables``)
    Characters outside ruled tables are grouped into lines, and a line into segments wherever
    the gap between characters is wider than two characters. Three or more consecutive lines
    of at least two segments, close together, are a table; its columns are the x-ranges that
    the segments of its fullest lines cover, and every segment goes to the column it overlaps
    most.

Everything else is a text line; a line whose segments are far apart (``编制单位：…`` at the left
and ``单位：元`` at the right margin) is one text line per segment.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from yusuan.formats.pdf_page import Char, Edge

_SNAP = 2.0  # points: ruling lines closer than this are the same line
_AMOUNT = re.compile(r"^[-+]?[\d,，.．%]+$")
_WHOLE_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．]\d+)?%?$")
_NOTE = re.compile(r"^\s*(?:注|说明|备注)")
_TITLE_OR_NOTE = re.compile(
    r"表\s*(?:[（(][^（）()]*[）)])?$|^[（(][^（）()]{1,20}[）)]$|单位\s*[:：]|^\s*(?:注|说明|备注)"
)
_ITEM_START = re.compile(r"^(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、)")


@dataclass(frozen=True, slots=True)
class PageItem:
    """A text line (``cells`` is None) or a table row, with its vertical place on the page."""

    top: float
    bottom: float
    left: float
    text: str = ""
    cells: tuple[str, ...] | None = None


@dataclass(slots=True)
class Line:
    """Characters on one baseline, left to right."""

    chars: list[Char]
    top: float
    bottom: float

    @property
    def left(self) -> float:
        return self.chars[0].x0

    @property
    def right(self) -> float:
        return self.chars[-1].x1

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return join_chars(self.chars)


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: column and row boundaries and the merged-cell map."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    # region id of every grid cell, row-major; cells of one merged cell share an id
    regions: tuple[tuple[int, ...], ...]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def contains(self, x: float, y: float) -> bool:
        left, top, right, bottom = self.box
        return left - _SNAP <= x <= right + _SNAP and top - _SNAP <= y <= bottom + _SNAP

    def cell_at(self, x: float, y: float) -> tuple[int, int]:
        col = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        row = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return row, col


@dataclass
class PageLayout:
    items: list[PageItem] = field(default_factory=list)
    # column boundaries of the page's last ruled table (for the next page, where the table runs
    # to the bottom of this one: the caller knows which text at the bottom is a page footer)
    open_columns: tuple[float, ...] | None = None
    # cells of the page's last row whose text fills its cell to the edge (it may go on over the
    # page): column -> the row item holding that cell's text and the text's column in it
    open_cells: dict[int, tuple[PageItem, int]] = field(default_factory=dict)
    # the page starts with rows of the table left open at the bottom of the page before
    continues_table: bool = False


# --- text ----------------------------------------------------------------------------------


def _is_wide(ch: str) -> bool:
    """CJK characters and full-width punctuation: no space is read between two of them."""
    return ord(ch) >= 0x2E80


def join_chars(chars: Sequence[Char]) -> str:
    """The text of characters on one line: a space where a visible gap separates words.

    A space typed in the file is kept (one for a run). Otherwise, between two CJK characters
    only a gap of nearly a whole character is a space (text positioned apart, such as a
    letter-spaced ``合  计``, reads as ``合计``); between others a quarter character is.
    """
    out: list[str] = []
    previous: Char | None = None
    for ch in chars:
        if previous is not None:
            gap = ch.x0 - previous.x1
            size = max(previous.size, ch.size, 1.0)
            wide = _is_wide(previous.text[-1]) and _is_wide(ch.text[0])
            if (ch.space and gap > 0.1 * size) or gap > (0.9 if wide else 0.25) * size:
                out.append(" ")
        out.append(ch.text)
        previous = ch
    return "".join(out)


def group_lines(chars: Sequence[Char]) -> list[Line]:
    """Characters grouped into lines (by vertical overlap), top to bottom, each left to right."""
    lines: list[Line] = []
    for ch in sorted(chars, key=lambda c: (c.top + c.bottom) / 2):
        middle = (ch.top + ch.bottom) / 2
        line = lines[-1] if lines else None
        if line is not None and line.top <= middle <= line.bottom:
            line.chars.append(ch)
            line.top, line.bottom = min(line.top, ch.top), max(line.bottom, ch.bottom)
        else:
            lines.append(Line([ch], ch.top, ch.bottom))
    for line in lines:
        line.chars.sort(key=lambda c: c.x0)
    return lines


def split_segments(line: Line) -> list[Line]:
    """Pieces of a line separated by gaps wider than two characters."""
    pieces: list[Line] = []
    for ch in line.chars:
        last = pieces[-1] if pieces else None
        if last is not None and ch.x0 - last.right <= 2.0 * max(ch.size, last.chars[-1].size, 1.0):
            last.chars.append(ch)
            last.top, last.bottom = min(last.top, ch.top), max(last.bottom, ch.bottom)
        else:
            pieces.append(Line([ch], ch.top, ch.bottom))
    return pieces


def join_cell_lines(lines: Sequence[Line]) -> str:
    """The text of a cell printed on several lines: wrapped text joined, numbered items kept apart."""
    out = ""
    for line in lines:
        out = join_wrapped(out, line.text)
    return out


def join_wrapped(text: str, more: str) -> str:
    """``more`` continuing ``text`` on the next line of a cell: CJK and digits join directly,
    words get a space, a numbered item starts a new line."""
    if not text or not more:
        return text or more
    if _ITEM_START.match(more) and not _AMOUNT.match(more):  # "2.…" starts an item, "65." not
        return f"{text}\n{more}"
    if text[-1].isascii() and text[-1].isalpha() and more[0].isascii() and more[0].isalpha():
        return f"{text} {more}"
    return text + more


# --- ruled tables --------------------------------------------------------------------------


def _merge_edges(edges: Sequence[Edge]) -> list[Edge]:
    """Collinear pieces joined: a table border drawn cell by cell becomes one line."""
    merged: list[Edge] = []
    for horizontal in (True, False):
        group = sorted((e for e in edges if e.horizontal is horizontal), key=lambda e: e.pos)
        clusters: list[list[Edge]] = []
        for edge in group:
            if clusters and edge.pos - clusters[-1][-1].pos <= _SNAP:
                clusters[-1].append(edge)
            else:
                clusters.append([edge])
        for cluster in clusters:
            pos = statistics.fmean(e.pos for e in cluster)
            start = end = None
            for edge in sorted(cluster, key=lambda e: e.start):
                if start is not None and end is not None and edge.start <= end + _SNAP:
                    end = max(end, edge.end)
                    continue
                if start is not None and end is not None:
                    merged.append(Edge(horizontal, pos, start, end))
                start, end = edge.start, edge.end
            if start is not None and end is not None:
                merged.append(Edge(horizontal, pos, start, end))
    return merged


def _touch(h: Edge, v: Edge) -> bool:
    return h.start - _SNAP <= v.pos <= h.end + _SNAP and v.start - _SNAP <= h.pos <= v.end + _SNAP


def _components(edges: list[Edge]) -> list[list[Edge]]:
    """Groups of ruling lines that touch each other (one group per table)."""
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    horizontal = [i for i, e in enumerate(edges) if e.horizontal]
    vertical = [i for i, e in enumerate(edges) if not e.horizontal]
    for i in horizontal:
        for j in vertical:
            if _touch(edges[i], edges[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Edge]] = {}
    for i, edge in enumerate(edges):
        groups.setdefault(find(i), []).append(edge)
    return list(groups.values())


def _positions(values: Sequence[float]) -> tuple[float, ...]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SNAP:
            out.append(value)
    return tuple(out)


def _covers(edges: Sequence[Edge], pos: float, middle: float) -> bool:
    return any(abs(e.pos - pos) <= _SNAP and e.start - _SNAP <= middle <= e.end + _SNAP for e in edges)


def _grid(edges: list[Edge]) -> Grid | None:
    hs = [e for e in edges if e.horizontal]
    vs = [e for e in edges if not e.horizontal]
    if not hs or not vs:
        return None
    # Open sides (no outer vertical border) still bound the table where the rules end.
    xs = _positions([e.pos for e in vs] + [min(e.start for e in hs), max(e.end for e in hs)])
    ys = _positions([e.pos for e in hs] + [min(e.start for e in vs), max(e.end for e in vs)])
    if len(xs) < 2 or len(ys) < 2:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(cols):
            middle_x = (xs[c] + xs[c + 1]) / 2
            if c + 1 < cols and not _covers(vs, xs[c + 1], middle_y):
                parent[find(r * cols + c + 1)] = find(r * cols + c)
            if r + 1 < rows and not _covers(hs, ys[r + 1], middle_x):
                parent[find((r + 1) * cols + c)] = find(r * cols + c)
    regions = tuple(tuple(find(r * cols + c) for c in range(cols)) for r in range(rows))
    return Grid(xs, ys, regions)


def find_grids(edges: Sequence[Edge]) -> list[Grid]:
    """The ruled tables of a page, top to bottom."""
    grids = [g for group in _components(_merge_edges(edges)) if (g := _grid(group)) is not None]
    return sorted(grids, key=lambda g: g.ys[0])


def _anchor_point(ch: Char) -> tuple[float, float]:
    return (ch.x0 + ch.x1) / 2, ch.top + 0.3 * (ch.bottom - ch.top)


@dataclass
class _Region:
    row: int
    col: int
    last_row: int
    last_col: int
    chars: list[Char] = field(default_factory=list)


def _regions(grid: Grid) -> dict[int, _Region]:
    regions: dict[int, _Region] = {}
    for r, row in enumerate(grid.regions):
        for c, region_id in enumerate(row):
            region = regions.get(region_id)
            if region is None:
                regions[region_id] = _Region(r, c, r, c)
            else:
                region.last_row, region.last_col = max(region.last_row, r), max(region.last_col, c)
    return regions


def _grid_table(
    grid: Grid, chars: Sequence[Char], columns: tuple[float, ...] | None
) -> tuple[list[PageItem], dict[int, tuple[PageItem, int]]]:
    """The table's items and the open cells of its last row (see :class:`PageLayout`)."""
    regions = _regions(grid)
    for ch in chars:
        r, c = grid.cell_at(*_anchor_point(ch))
        regions[grid.regions[r][c]].chars.append(ch)
    column_of = _column_map(grid.xs, columns)
    width = (len(columns) - 1) if columns else len(grid.xs) - 1
    rows: list[tuple[PageItem, bool]] = []
    first_item: dict[int, PageItem] = {}
    for r in range(len(grid.ys) - 1):
        anchored = [g for g in regions.values() if g.row == r and g.chars]
        if anchored:
            produced = _row_items(grid, r, anchored, column_of, width)
            first_item[r] = produced[0][0]
            rows.extend(produced)
    items = _edge_rows_as_text(rows)
    kept = {id(item) for item in items if item.cells is not None}
    open_cells: dict[int, tuple[PageItem, int]] = {}
    last = len(grid.ys) - 2
    for c, region_id in enumerate(grid.regions[last]):
        region = regions[region_id]
        anchor = first_item.get(region.row)
        if anchor is not None and id(anchor) in kept and _fills_its_cell(grid, region):
            open_cells[column_of[c]] = (anchor, column_of[region.col])
    return items, open_cells


def _fills_its_cell(grid: Grid, region: _Region) -> bool:
    """The region's last line of text runs across the whole cell: wrapped text may go on."""
    if not region.chars:
        return False
    return _fills(group_lines(region.chars)[-1], grid.xs[region.last_col + 1] - grid.xs[region.col])


def _wrapped(lines: list[Line], width: float) -> bool:
    """Lines of one number or code broken to fit a narrow cell (``6,4`` / ``65.`` / ``30``), not
    numbers of their own: a piece that is not a whole number, or every line but the last full."""
    pieces = [ln.text.replace(" ", "") for ln in lines]
    if not all(_WHOLE_NUMBER.match(p) for p in pieces):
        return True
    return all(_fills(ln, width) for ln in lines[:-1])


def _fills(line: Line, width: float) -> bool:
    """A line as wide as its cell allows (less the padding and a character): the text wrapped."""
    return line.right - line.left >= width - 1.2 * line.size - 6.0


def _column_map(xs: tuple[float, ...], columns: tuple[float, ...] | None) -> list[int]:
    """Index in ``columns`` of each grid column (the grid's own index without ``columns``)."""
    if not columns:
        return list(range(len(xs) - 1))
    return [min(range(len(columns) - 1), key=lambda i: abs(columns[i] - x)) for x in xs[:-1]]


def _row_items(
    grid: Grid, r: int, anchored: list[_Region], column_of: list[int], width: int
) -> list[tuple[PageItem, bool]]:
    """One grid row as table rows (several where it holds unruled rows of amounts).

    Each row comes with a flag: True where a single cell spans the whole width.
    """
    texts = {g.col: group_lines(g.chars) for g in anchored}
    widths = {g.col: grid.xs[g.last_col + 1] - grid.xs[g.col] for g in anchored}
    bands = _sub_rows({g.col: texts[g.col] for g in anchored if g.last_row == r}, widths)
    whole = len(anchored) == 1 and anchored[0].col == 0 and anchored[0].last_col == len(grid.xs) - 2
    out: list[tuple[PageItem, bool]] = []
    for index, (band_top, band_bottom) in enumerate(bands):
        cells = [""] * width
        for g in anchored:
            lines = texts[g.col]
            if len(bands) > 1 and g.last_row == r:
                lines = [ln for ln in lines if band_top <= (ln.top + ln.bottom) / 2 < band_bottom]
            elif index:
                lines = []
            if lines:
                cells[column_of[g.col]] = join_cell_lines(lines)
        top = max(grid.ys[r], band_top)
        bottom = min(grid.ys[r + 1], band_bottom)
        out.append((PageItem(top, bottom, grid.xs[0], cells=tuple(cells)), whole))
    return out


def _sub_rows(texts: dict[int, list[Line]], widths: dict[int, float]) -> list[tuple[float, float]]:
    """Bands of a grid row that prints several rows of amounts without rules between them.

    Only where at least two cells hold the same number (two or more) of lines of amounts and
    codes only, line beside line, and not all of them are wrapped text (every line but the last
    filling its cell, as ``9473.7`` over ``4`` in a narrow column): a wrapped name, header,
    code or amount keeps the row whole.
    """
    whole = [(float("-inf"), float("inf"))]
    numeric = {
        col: lines
        for col, lines in texts.items()
        if len(lines) > 1 and all(_AMOUNT.match(ln.text.replace(" ", "")) for ln in lines)
    }
    if all(_wrapped(lines, widths[col]) for col, lines in numeric.items()):
        return whole
    numeric_lines = list(numeric.values())
    if len(numeric_lines) < 2:
        return whole
    counts = [len(lines) for lines in numeric_lines]
    n = max(set(counts), key=counts.count)
    same = [lines for lines in numeric_lines if len(lines) == n]
    reference = same[0]
    aligned = all(
        a.top < b.bottom and b.top < a.bottom
        for other in same[1:]
        for a, b in zip(reference, other, strict=True)
    )
    if len(same) < 2 or not aligned:
        return whole
    bands: list[tuple[float, float]] = []
    for i, line in enumerate(reference):
        upper = (reference[i - 1].bottom + line.top) / 2 if i else float("-inf")
        lower = (line.bottom + reference[i + 1].top) / 2 if i + 1 < n else float("inf")
        bands.append((upper, lower))
    return bands


def _edge_rows_as_text(rows: list[tuple[PageItem, bool]]) -> list[PageItem]:
    """A title printed inside the frame (``财政项目支出绩效目标填报表``, ``（2023年度）``) or a note
    under the last row: a single cell over the whole width at the table's top or bottom that
    reads like a title or note is a text line. A whole-width group header (``财政拨款“三公”经费``
    over every column) and such cells inside the table stay rows.
    """

    def text_of(item: PageItem) -> str:
        return next((c for c in item.cells or () if c), "")

    first = 0
    while first < len(rows) and rows[first][1] and _TITLE_OR_NOTE.search(text_of(rows[first][0])):
        first += 1
    last = len(rows)
    while last > first and rows[last - 1][1] and _NOTE.match(text_of(rows[last - 1][0])):
        last -= 1
    out: list[PageItem] = []
    for index, (item, _) in enumerate(rows):
        if first <= index < last:
            out.append(item)
            continue
        for part in text_of(item).split("\n"):
            out.append(PageItem(item.top, item.bottom, item.left, text=part))
    return out


# --- whitespace tables ---------------------------------------------------------------------


def _stream_tables(lines: list[Line]) -> list[PageItem]:
    """Text lines and the rows of tables aligned by whitespace, in order."""
    items: list[PageItem] = []
    pieces = [split_segments(line) for line in lines]
    i = 0
    while i < len(lines):
        end = _table_run(lines, pieces, i)
        if end - i >= 3:
            items.extend(_stream_rows(lines[i:end], pieces[i:end]))
            i = end
            continue
        items.extend(_text_items(pieces[i]))
        i += 1
    return items


def _table_run(lines: list[Line], pieces: list[list[Line]], start: int) -> int:
    """End (exclusive) of the run of table-like lines starting at ``start`` (``start`` if none).

    A table-like line has two or more segments; a line whose segments are all ``label：value``
    pairs (``编制单位：…  单位：元``) is the table's metadata, not a row.
    """
    end = start
    while end < len(lines) and len(pieces[end]) >= 2 and not _labels_only(pieces[end]):
        if end > start and lines[end].top - lines[end - 1].bottom > 2.0 * lines[end].size:
            break
        end += 1
    return end


def _labels_only(segments: list[Line]) -> bool:
    return all(":" in s.text or "：" in s.text for s in segments)


def _stream_rows(lines: list[Line], pieces: list[list[Line]]) -> list[PageItem]:
    fullest = max(len(p) for p in pieces)
    body = [p for p in pieces if len(p) >= max(2, fullest - 1)]
    columns = _positions_ranges([(seg.left, seg.right) for p in body for seg in p])
    items: list[PageItem] = []
    for line, segs in zip(lines, pieces, strict=True):
        cells = [""] * len(columns)
        for seg in segs:
            col = _best_column(columns, seg.left, seg.right)
            cells[col] = f"{cells[col]} {seg.text}".strip()
        items.append(PageItem(line.top, line.bottom, line.left, cells=tuple(cells)))
    return items


def _positions_ranges(ranges: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for left, right in sorted(ranges):
        if merged and left <= merged[-1][1] + 1.0:
            merged[-1] = (merged[-1][0], max(merged[-1][1], right))
        else:
            merged.append((left, right))
    return merged


def _best_column(columns: list[tuple[float, float]], left: float, right: float) -> int:
    def overlap(i: int) -> float:
        a, b = columns[i]
        return min(b, right) - max(a, left)

    best = max(range(len(columns)), key=overlap)
    if overlap(best) > 0:
        return best
    middle = (left + right) / 2
    return min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - middle))


def _text_items(segments: list[Line]) -> list[PageItem]:
    return [PageItem(s.top, s.bottom, s.left, text=s.text) for s in segments]


# --- the page ------------------------------------------------------------------------------


def layout_page(
    chars: Sequence[Char], edges: Sequence[Edge], columns: tuple[float, ...] | None = None
) -> PageLayout:
    """Text lines and table rows of a page, top to bottom.

    ``columns`` are the column boundaries of a table left open at the bottom of the previous
    page: a first table with the same outer frame whose boundaries are a subset of them (a page
    holding only a 合计 row, whose merged cell hides the code columns) keeps that column count.
    """
    grids = find_grids(edges)
    in_grid: list[list[Char]] = [[] for _ in grids]
    free: list[Char] = []
    for ch in chars:
        x, y = _anchor_point(ch)
        owner = next((i for i, g in enumerate(grids) if g.contains(x, y)), None)
        (free if owner is None else in_grid[owner]).append(ch)
    items: list[PageItem] = []
    lines = group_lines(free)
    first_top = min((ln.top for ln in lines), default=float("inf"))
    open_columns: tuple[float, ...] | None = None
    open_cells: dict[int, tuple[PageItem, int]] = {}
    continues_table = False
    for index, (grid, grid_chars) in enumerate(zip(grids, in_grid, strict=True)):
        continued = index == 0 and grid.ys[0] <= first_top and _continues(grid, columns)
        inherited = columns if continued and columns and len(columns) > len(grid.xs) else None
        rows, open_cells = _grid_table(grid, grid_chars, inherited)
        items.extend(rows)
        if rows:
            continues_table = continues_table or continued
            open_columns = inherited or grid.xs
    items.extend(_stream_tables(lines))
    items.sort(key=lambda item: (item.top, item.left))
    return PageLayout(items, open_columns, open_cells, continues_table)


def _continues(grid: Grid, columns: tuple[float, ...] | None) -> bool:
    """Same outer frame as the table left open on the page before, and no column boundary of
    its own: the table goes on (with all its columns or fewer, where a merged cell hides some)."""
    if not columns or len(columns) < len(grid.xs):
        return False
    if abs(grid.xs[0] - columns[0]) > 3 or abs(grid.xs[-1] - columns[-1]) > 3:
        return False
    return all(any(abs(x - c) <= 3 for c in columns) for x in grid.xs)
