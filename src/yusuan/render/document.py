"""A format-neutral document built from a :class:`~yusuan.model.Disclosure`.

Every writer (plain text, HTML, XLSX, DOCX, PDF) renders the same :class:`RenderedDocument`: a
sequence of blocks — :class:`Heading`, :class:`TextBlock`, :class:`PageBreak`,
:class:`TableBlock` — in printed order. Everything a writer needs is decided here, once: the
table titles and metadata lines, the header grid with its merged cells, the code columns of the
layout, the amounts as printed (two decimals), the 空表列示 note of an empty table, which rows are
totals. Writers only place the text.

Grid cells follow HTML semantics: a row lists the cells that *start* in it, left to right; a cell
spans ``rowspan`` rows and ``colspan`` columns; :func:`place` gives every cell its grid position
and :func:`expand` the full grid, for writers that address cells by position (DOCX, XLSX, PDF).

Order of the document: the disclosure's tables, project goal tables and paragraphs by their
source line (model order for equal lines), so that a parsed document is printed in the order it
was read and a generated one in the order it was generated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from yusuan.errors import YusuanError
from yusuan.model import CodeScheme, Disclosure, Project, Row, Scope, Table, TableKind

__all__ = [
    "LAYOUTS",
    "Align",
    "Block",
    "Cell",
    "CellRole",
    "GridRow",
    "Heading",
    "PageBreak",
    "Placed",
    "RenderedDocument",
    "TableBlock",
    "TextBlock",
    "build_document",
    "expand",
    "format_amount",
    "place",
]


class CellRole(StrEnum):
    """What a cell holds; writers use it for alignment and number formats."""

    LABEL = "label"  # a header label
    CODE = "code"  # a classification / project / unit code
    NAME = "name"  # a row's name (indented by level)
    AMOUNT = "amount"  # an amount as printed (two decimals), or empty
    TEXT = "text"  # any other text


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed cell. ``value`` is the amount behind an :attr:`CellRole.AMOUNT` cell (``None``
    for an empty one), so that spreadsheet writers can store a number rather than text."""

    text: str
    role: CellRole = CellRole.TEXT
    rowspan: int = 1
    colspan: int = 1
    indent: int = 0  # levels of indentation (row names: 类 0, 款 1, 项 2)
    value: Decimal | None = None

    @property
    def align(self) -> Align:
        if self.role is CellRole.AMOUNT:
            return Align.RIGHT
        if self.role in (CellRole.LABEL, CellRole.CODE):
            return Align.CENTER
        return Align.LEFT


@dataclass(frozen=True, slots=True)
class GridRow:
    """The cells that start in one row; ``total`` marks a 合计/总计 line (printed bold)."""

    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True, slots=True)
class Placed:
    """A cell with its top-left grid position."""

    cell: Cell
    row: int
    col: int


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A printed table.

    ``meta`` is the line printed between the title and the grid (unit code and name, budget
    year, ``单位：万元``); ``header`` and ``body`` are grid rows of ``width`` columns (see
    :func:`place`); ``widths`` are relative column widths (characters). ``kind`` is the model's
    table kind (goal tables: ``PERFORMANCE_PROJECTS``).
    """

    title: str
    kind: TableKind
    meta: tuple[str, ...]
    width: int
    header: tuple[GridRow, ...]
    body: tuple[GridRow, ...]
    notes: tuple[str, ...] = ()
    empty: bool = False
    widths: tuple[int, ...] = ()
    unit: str | None = None

    @property
    def rows(self) -> tuple[GridRow, ...]:
        return self.header + self.body


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading: level 1 = 第一部分, 2 = 一、, 3 = （一）/ 1、 (as printed in ``text``)."""

    text: str
    level: int


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph of running text."""

    text: str


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page (paged formats); other formats may ignore it."""


Block = Heading | TextBlock | PageBreak | TableBlock


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """The whole disclosure as blocks, with the metadata writers put in document properties."""

    title: str
    department: str | None
    year: int | None
    unit: str | None
    layout: str
    blocks: tuple[Block, ...] = field(default=())

    def tables(self) -> tuple[TableBlock, ...]:
        return tuple(b for b in self.blocks if isinstance(b, TableBlock))


# --- grid helpers ----------------------------------------------------------------------------


def place(rows: Sequence[GridRow], width: int) -> tuple[tuple[Placed, ...], ...]:
    """Every cell of ``rows`` with its grid position (HTML table semantics).

    ``width`` is not needed to place cells; it is part of the signature so that callers state the
    grid they expect."""
    below: dict[int, set[int]] = {}  # row -> columns taken by cells reaching down from above
    placed_rows: list[tuple[Placed, ...]] = []
    for r, row in enumerate(rows):
        taken = below.pop(r, None)
        col = 0
        placed: list[Placed] = []
        for cell in row.cells:
            if taken:
                while col in taken:
                    col += 1
            placed.append(Placed(cell, r, col))
            for dr in range(1, cell.rowspan):
                below.setdefault(r + dr, set()).update(range(col, col + cell.colspan))
            col += cell.colspan
        placed_rows.append(tuple(placed))
    return tuple(placed_rows)


def expand(rows: Sequence[GridRow], width: int) -> tuple[tuple[Placed | None, ...], ...]:
    """The full grid: at each position the cell that starts there, else ``None`` (covered)."""
    grid: list[list[Placed | None]] = [[None] * width for _ in rows]
    for placed_row in place(rows, width):
        for p in placed_row:
            if p.row < len(grid) and p.col < width:
                grid[p.row][p.col] = p
    return tuple(tuple(r) for r in grid)


def format_amount(value: Decimal | None) -> str:
    """An amount as the samples print it: two decimals (more only where the value has more)."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return f"{value:f}"
    return f"{value:.2f}"


def _plain_number(value: Decimal | None) -> str:
    """A quantity or percentage as printed: no trailing zeros (100, 0.5)."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# --- layouts -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Layout:
    """How a layout family prints what the model leaves open."""

    name: str
    description: str
    split_codes: bool  # 类 | 款 | 项 columns instead of one 科目编码 column
    meta_row: bool  # a row of unit code and name, budget year and unit above each table
    heading_levels: bool = True


LAYOUTS: dict[str, Layout] = {
    "hebei": Layout(
        "hebei",
        "河北（承德、北戴河）：一个“科目编码”列，表上方列出单位编码名称、预算年度和金额单位",
        split_codes=False,
        meta_row=True,
    ),
    "henan": Layout(
        "henan",
        "河南（济源）：类、款、项分列的科目编码，表上方只列金额单位",
        split_codes=True,
        meta_row=False,
    ),
    "hunan": Layout(
        "hunan",
        "湖南（沅江）：类、款、项分列的科目编码，表上方列出单位名称和金额单位",
        split_codes=True,
        meta_row=True,
    ),
    "shanghai": Layout(
        "shanghai", "上海：一个“功能分类科目编码”列，表上方只列金额单位", split_codes=False, meta_row=False
    ),
}


def layout_of(name: str) -> Layout:
    try:
        return LAYOUTS[name]
    except KeyError:
        known = "、".join(LAYOUTS)
        raise YusuanError(f"未知的版式“{name}”。可用的版式：{known}。") from None


# --- tables --------------------------------------------------------------------------------

_SEP = "/"
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计|.*(?:合计|总计)|小计)$")
_SCHEME_GROUP = {
    CodeScheme.FUNCTION: "功能分类科目",
    CodeScheme.DEPT_ECONOMIC: "部门预算支出经济分类科目",
    CodeScheme.GOV_ECONOMIC: "政府预算支出经济分类科目",
    CodeScheme.PROJECT: "项目",
    CodeScheme.PROCUREMENT: "政府采购品目",
}
# Tables printed as a classification tree (code columns even when empty).
_TREE_KINDS = frozenset(
    {
        TableKind.INCOME,
        TableKind.EXPENDITURE,
        TableKind.GENERAL_PUBLIC,
        TableKind.GENERAL_PUBLIC_BASIC,
        TableKind.GOV_FUND,
        TableKind.STATE_CAPITAL,
        TableKind.SPECIAL_ACCOUNT,
        TableKind.ECONOMIC_SUMMARY,
    }
)
_EMPTY_WHAT = {
    TableKind.GOV_FUND: "政府性基金预算财政拨款预算",
    TableKind.STATE_CAPITAL: "国有资本经营预算财政拨款预算",
    TableKind.SPECIAL_ACCOUNT: "财政专户管理资金预算",
    TableKind.THREE_PUBLIC: "财政拨款“三公”经费预算",
    TableKind.PROCUREMENT: "政府采购预算",
    TableKind.ASSETS: "固定资产",
}


@dataclass(frozen=True, slots=True)
class _Col:
    """A printed column: its header path and how a model row fills it."""

    path: tuple[str, ...]
    role: CellRole
    source: str  # "unit_code", "code", "code:0..2" (类/款/项), "name", "code2", "name2", "value:KEY", "attr:LABEL"
    section: str | None = None


def empty_note(table: Table, scope: Scope | None) -> str:
    """The 空表列示 note printed under an empty table that has none of its own."""
    what = _EMPTY_WHAT.get(table.kind) or re.sub(r"^(?:部门|单位)?预算", "", table.title).rstrip("表")
    who = "本部门" if scope is Scope.DEPARTMENT else "本单位"
    return f"注：{who}无{what}，此表为空表。"


def _is_total(row: Row) -> bool:
    return row.code is None and bool(_TOTAL.match(row.name.replace(" ", "")))


def _value_cell(row: Row, key: str) -> Cell:
    value = row.values.get(key)
    if value is None and key in row.attrs:
        return Cell(row.attrs[key], CellRole.AMOUNT)  # a dash or text printed in an amount column
    return Cell(format_amount(value), CellRole.AMOUNT, value=value)


def _name_indent(row: Row) -> int:
    return max(0, (row.level or 1) - 1)


def _section_columns(table: Table) -> list[_Col] | None:
    """Side-by-side blocks (收入 | 支出 …): a name column and the value columns of each block."""
    sections = list(dict.fromkeys(r.section for r in table.rows if r.section))
    if not sections:
        if table.kind not in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
            return None
        sections = list(dict.fromkeys(c.key.split(".")[0] for c in table.columns))
    cols: list[_Col] = []
    for section in sections:
        own = [c for c in table.columns if c.key == section or c.key.startswith(section + ".")]
        if not own:
            continue
        parts = own[0].label.split(_SEP)
        if len(parts) >= 2 and parts[1].startswith("项目"):
            name_path = tuple(parts[:2])
        else:
            name_path = (parts[0], "项目")
        cols.append(_Col(name_path, CellRole.NAME, "name", section))
        for c in own:
            path = tuple(p for p in c.label.split(_SEP) if p != name_path[-1]) or (c.label,)
            cols.append(_Col(path, CellRole.AMOUNT, f"value:{c.key}", section))
    return cols if any(c.section for c in cols) else None


def _code_group(table: Table) -> str:
    schemes = [r.scheme for r in table.rows if r.scheme is not None]
    if schemes:
        return _SCHEME_GROUP[schemes[0]]
    if table.kind is TableKind.GENERAL_PUBLIC_BASIC:
        return _SCHEME_GROUP[CodeScheme.DEPT_ECONOMIC]
    return _SCHEME_GROUP[CodeScheme.FUNCTION]


def _plain_columns(table: Table, layout: Layout) -> list[_Col]:
    has_codes = any(r.code for r in table.rows) or table.kind in _TREE_KINDS
    cols: list[_Col] = []
    name_path: tuple[str, ...]
    if any(r.unit_code for r in table.rows):
        # A column of its own: a unit code (201, 036001) would read as a classification code.
        cols.append(_Col(("单位代码",), CellRole.CODE, "unit_code"))
    if has_codes:
        group = _code_group(table)
        if layout.split_codes:
            cols += [_Col(("科目编码", p), CellRole.CODE, f"code:{i}") for i, p in enumerate("类款项")]
            name_path = ("科目名称",)
        else:
            cols.append(_Col((group, "科目编码"), CellRole.CODE, "code"))
            name_path = (group, "科目名称")
    elif table.kind is TableKind.PROCUREMENT:
        name_path = ("政府采购项目来源", "项目名称")
    elif table.kind is TableKind.ORGANIZATION:
        name_path = ("单位名称",)
    else:
        name_path = ("项目",)
    cols.append(_Col(name_path, CellRole.NAME, "name"))
    if any(r.code2 or r.name2 for r in table.rows):
        cols.append(_Col(("政府预算支出经济分类科目", "科目编码"), CellRole.CODE, "code2"))
        cols.append(_Col(("政府预算支出经济分类科目", "科目名称"), CellRole.NAME, "name2"))
    values = [_Col(tuple(c.label.split(_SEP)), CellRole.AMOUNT, f"value:{c.key}") for c in table.columns]
    # Value columns under the name column's own group (政府采购项目来源/预算资金) stay beside it.
    beside = [c for c in values if len(name_path) > 1 and c.path[0] == name_path[0]]
    keys = {c.key for c in table.columns}
    texts = list(dict.fromkeys(k for r in table.rows for k in r.attrs if k not in keys))
    cols += beside
    cols += [_Col(tuple(t.split(_SEP)), CellRole.TEXT, f"attr:{t}") for t in texts]
    cols += [c for c in values if c not in beside]
    return cols


def _header(cols: Sequence[_Col]) -> tuple[GridRow, ...]:
    """The merged header grid: a group label spans the columns under it, a leaf spans down."""
    depth = max((len(c.path) for c in cols), default=1)
    rows: list[list[Cell]] = [[] for _ in range(depth)]
    j = 0
    covered: set[tuple[int, int]] = set()
    for r in range(depth):
        j = 0
        while j < len(cols):
            path = cols[j].path or ("",)
            if (r, j) in covered or r >= len(path):
                j += 1
                continue
            if r == len(path) - 1:  # the leaf: spans down to the bottom row
                span_down = depth - r
                rows[r].append(Cell(path[r], CellRole.LABEL, rowspan=span_down))
                covered.update((rr, j) for rr in range(r, depth))
                j += 1
                continue
            end = j
            while (
                end + 1 < len(cols)
                and len(cols[end + 1].path) > r + 1
                and cols[end + 1].path[: r + 1] == path[: r + 1]
            ):
                end += 1
            rows[r].append(Cell(path[r], CellRole.LABEL, colspan=end - j + 1))
            covered.update((r, k) for k in range(j, end + 1))
            j = end + 1
    return tuple(GridRow(tuple(cells)) for cells in rows)


def _cell_for(col: _Col, row: Row | None, layout: Layout) -> Cell:
    if row is None:
        return Cell("", col.role, value=None)
    source = col.source
    if source == "code":
        return Cell(row.code or "", CellRole.CODE)
    if source == "unit_code":
        return Cell(row.unit_code or "", CellRole.CODE)
    if source.startswith("code:"):
        return Cell(_code_part(row, int(source[5:])), CellRole.CODE)
    if source == "name":
        return Cell(row.name, CellRole.NAME, indent=_name_indent(row) if row.code else 0)
    if source == "code2":
        return Cell(row.code2 or "", CellRole.CODE)
    if source == "name2":
        return Cell(row.name2 or "", CellRole.NAME)
    if source.startswith("value:"):
        return _value_cell(row, source[6:])
    return Cell(row.attrs.get(source[5:], ""), CellRole.TEXT)


def _code_part(row: Row, part: int) -> str:
    code = row.code
    if code is None:
        return ""
    bounds = ((0, 3), (3, 5), (5, len(code))) if code.isdigit() else ((0, len(code)), (0, 0), (0, 0))
    start, end = bounds[part]
    return code[start:end]


def _body(table: Table, cols: Sequence[_Col], layout: Layout) -> list[GridRow]:
    sections = list(dict.fromkeys(c.section for c in cols if c.section))
    if sections:
        by_section = {s: [r for r in table.rows if r.section == s] for s in sections}
        count = max((len(v) for v in by_section.values()), default=0)
        body = []
        for i in range(count):
            cells = []
            total = False
            for col in cols:
                rows = by_section[col.section or ""]
                row = rows[i] if i < len(rows) else None
                cells.append(_cell_for(col, row, layout))
                total = total or (row is not None and _is_total(row))
            body.append(GridRow(tuple(cells), total))
        return body
    return [GridRow(tuple(_cell_for(c, r, layout) for c in cols), _is_total(r)) for r in table.rows]


def _widths(cols: Sequence[_Col], header: Sequence[GridRow], body: Sequence[GridRow]) -> tuple[int, ...]:
    widths = []
    grid = expand(list(header) + list(body), len(cols))
    for j, col in enumerate(cols):
        longest = max(
            (len(p.cell.text) + 2 * p.cell.indent for row in grid if (p := row[j]) and p.cell.colspan == 1),
            default=4,
        )
        widths.append(min(max(longest, 4 if col.role is CellRole.AMOUNT else 6), 30))
    return tuple(widths)


def _meta(table: Table, disclosure: Disclosure, layout: Layout) -> tuple[str, ...]:
    unit = table.unit
    if table.kind is TableKind.ASSETS:
        unit = None  # the assets table states its unit in the value column's header
    unit_line = f"单位：{unit}" if unit else ""
    if not layout.meta_row:
        return (unit_line,) if unit_line else ()
    meta = []
    if table.year is not None and table.kind not in (TableKind.PROCUREMENT, TableKind.ASSETS):
        meta.append(f"预算年度：{table.year}")
    if unit_line:
        meta.append(unit_line)
    if not meta:
        return ()  # the unit's code and name alone would not read as metadata
    return (*_who(disclosure), *meta)


def _who(disclosure: Disclosure) -> tuple[str, ...]:
    """The unit's code and name as the Hebei tables print them (447承德市医疗保障局); without a
    code, the name after its label (部门名称：…), so that it still reads as metadata."""
    if not disclosure.department:
        return ()
    if disclosure.unit_code:
        return (f"{disclosure.unit_code}{disclosure.department}",)
    label = "部门名称" if disclosure.scope is Scope.DEPARTMENT else "单位名称"
    return (f"{label}：{disclosure.department}",)


def table_block(table: Table, disclosure: Disclosure, layout: Layout) -> TableBlock:
    """A model table as printed: header grid from the columns' label paths, rows, notes."""
    if table.kind is TableKind.PERFORMANCE_OVERALL or _is_text_grid(table):
        return _text_grid_block(table, disclosure, layout)
    cols = _section_columns(table) or _plain_columns(table, layout)
    header = _header(cols)
    body = _body(table, cols, layout)
    if not body:
        body = [GridRow(tuple(Cell("", c.role) for c in cols))]  # an empty table keeps one blank row
    notes = table.notes
    if table.empty and not notes and table.kind in _EMPTY_WHAT:
        notes = (empty_note(table, disclosure.scope),)
    return TableBlock(
        title=table.title,
        kind=table.kind,
        meta=_meta(table, disclosure, layout),
        width=len(cols),
        header=header,
        body=tuple(body),
        notes=notes,
        empty=table.empty,
        widths=_widths(cols, header, body),
        unit=table.unit,
    )


_NTH_COLUMN = re.compile(r"^第(\d+)列$")


def _is_text_grid(table: Table) -> bool:
    """A table read as text only: its rows keep their cells by position (第N列)."""
    return (
        not table.columns
        and bool(table.rows)
        and all(_NTH_COLUMN.match(k) for r in table.rows for k in r.attrs)
        and any(r.attrs for r in table.rows)
    )


def _text_grid_block(table: Table, disclosure: Disclosure, layout: Layout) -> TableBlock:
    width = max(
        (int(m.group(1)) for r in table.rows for k in r.attrs if (m := _NTH_COLUMN.match(k))), default=1
    )
    body = tuple(
        GridRow(tuple(Cell(r.attrs.get(f"第{j + 1}列", ""), CellRole.TEXT) for j in range(width)))
        for r in table.rows
    )
    return TableBlock(
        title=table.title,
        kind=table.kind,
        meta=_meta(table, disclosure, layout),
        width=width,
        header=(),
        body=body,
        notes=table.notes,
        empty=table.empty,
        widths=_widths([_Col((), CellRole.TEXT, "")] * width, (), body),
        unit=table.unit,
    )


# --- goal tables -------------------------------------------------------------------------------

_GOAL_WIDTH = 7


def _spread(labels: Sequence[Cell], width: int) -> tuple[Cell, ...]:
    """Cells stretched over ``width`` columns (the last ones take the spare columns)."""
    n = len(labels)
    if n == 0:
        return ()
    base, spare = divmod(width, n)
    out = []
    for i, cell in enumerate(labels):
        span = base + (1 if i >= n - spare else 0)
        out.append(
            Cell(
                cell.text, cell.role, rowspan=cell.rowspan, colspan=span, indent=cell.indent, value=cell.value
            )
        )
    return tuple(out)


def goal_table_block(project: Project, number: int, unit: str | None) -> TableBlock:
    """A project's 绩效目标表 in the key–value form of Word disclosures (one table per project)."""
    width = max(_GOAL_WIDTH, 3 + 2 * len(project.funding))
    label, text, amount = CellRole.LABEL, CellRole.TEXT, CellRole.AMOUNT
    name = [Cell("项目名称", label), Cell(project.name, text)]
    if project.code:
        identity = _spread([Cell("项目编码", label), Cell(project.code, CellRole.CODE)], 3)
        identity += _spread(name, width - 3)
    else:  # no code printed rather than an empty cell (the reader would take the next label for it)
        identity = (name[0], *_spread(name[1:], width - 1))
    rows: list[GridRow] = [GridRow(identity)]
    # The purpose goes on a row of its own below the amounts (none when there is no purpose: an
    # empty row would read as the end of the table in a spreadsheet).
    budget = [
        Cell("预算规模及资金用途", label, rowspan=2 if project.description else 1),
        Cell("预算数", label),
    ]
    budget.append(Cell(format_amount(project.amount), amount, value=project.amount))
    for i, (source, value) in enumerate(project.funding.items()):
        budget.append(Cell(f"其中：{source}" if i == 0 else source, label))
        budget.append(Cell(format_amount(value), amount, value=value))
    rows.append(GridRow((budget[0], *_spread(budget[1:], width - 1))))
    if project.description:
        rows.append(GridRow((Cell(project.description, text, colspan=width - 1),)))
    if project.schedule:
        months = [Cell(m, label) for m in project.schedule]
        shares = [Cell(f"{_plain_number(v)}%", text) for v in project.schedule.values()]
        rows.append(GridRow((Cell("资金支出计划（%）", label, rowspan=2), *_spread(months, width - 1))))
        rows.append(GridRow(_spread(shares, width - 1)))
    rows.append(GridRow((Cell("绩效目标", label), Cell(project.goal, text, colspan=width - 1))))
    grid_labels = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
    rows.append(GridRow(_spread([Cell(t, label) for t in grid_labels], width)))
    rows += _indicator_rows(project, width)
    return TableBlock(
        title=f"{number}、{project.name}绩效目标表",
        kind=TableKind.PERFORMANCE_PROJECTS,
        meta=(f"单位：{unit}",) if unit else (),
        width=width,
        header=(),
        body=tuple(rows),
        widths=(12, 10, 12, 14, 10, 10, 12) + (8,) * (width - _GOAL_WIDTH),
        unit=unit,
    )


def _indicator_rows(project: Project, width: int) -> list[GridRow]:
    """One row per indicator; equal 一级 and 二级 cells of consecutive rows are merged down.

    Columns as in the grid's header row (``_spread`` of its six labels over ``width``)."""
    spans = [c.colspan for c in _spread([Cell("")] * 6, width)]
    inds = project.indicators
    rows: list[GridRow] = []
    levels = ("level1", "level2")
    for i, ind in enumerate(inds):
        cells: list[Cell] = []
        for level in range(2):
            keys = levels[: level + 1]
            same_as_above = i > 0 and all(getattr(inds[i - 1], a) == getattr(ind, a) for a in keys)
            if same_as_above:
                continue
            down = 1
            while i + down < len(inds) and all(getattr(inds[i + down], a) == getattr(ind, a) for a in keys):
                down += 1
            cells.append(Cell(getattr(ind, levels[level]), CellRole.TEXT, rowspan=down, colspan=spans[level]))
        rest = (ind.level3, ind.description, ind.value, ind.basis)
        cells += [Cell(t, CellRole.TEXT, colspan=span) for t, span in zip(rest, spans[2:], strict=True)]
        rows.append(GridRow(tuple(cells)))
    return rows


# --- paragraphs and the document -----------------------------------------------------------------

_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_LEVEL2 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL3 = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?!\d))")
_SENTENCE = re.compile(r"[。；;：:，,]")


def heading_level(text: str) -> int | None:
    """The level of a numbered heading line, or ``None`` for running text."""
    stripped = text.strip()
    if len(stripped) > 40 or _SENTENCE.search(stripped.rstrip("：:")):
        return None
    if _PART.match(stripped):
        return 1
    if _LEVEL2.match(stripped):
        return 2
    if _LEVEL3.match(stripped):
        return 3
    return None


def _text_block(text: str) -> Heading | TextBlock:
    level = heading_level(text)
    return Heading(text, level) if level is not None else TextBlock(text)


def document_title(disclosure: Disclosure) -> str:
    who = "部门" if disclosure.scope is Scope.DEPARTMENT else "单位"
    year = f"{disclosure.year}年" if disclosure.year else ""
    kind = disclosure.kind.value
    return f"{disclosure.department or ''}{year}{who}{kind}公开"


def build_document(disclosure: Disclosure, layout: str = "hebei") -> RenderedDocument:
    """The disclosure as printed blocks in ``layout`` (see :data:`LAYOUTS`)."""
    chosen = layout_of(layout)
    items: list[tuple[int, int, Block]] = []
    order = 0

    def add(line: int, block: Block) -> None:
        nonlocal order
        items.append((line, order, block))
        order += 1

    goal_tables = [t for t in disclosure.tables if t.kind is TableKind.PERFORMANCE_PROJECTS]
    for table in disclosure.tables:
        if table.kind is TableKind.PERFORMANCE_PROJECTS:
            continue  # printed from the projects below
        add(table.line, table_block(table, disclosure, chosen))
    unit = disclosure.unit or "万元"
    with_goals = [p for p in disclosure.projects if p.indicators or not goal_tables]
    for n, project in enumerate(with_goals, start=1):
        add(project.line, goal_table_block(project, n, unit))
    for paragraph in disclosure.paragraphs:
        add(paragraph.line, _text_block(paragraph.text))
    items.sort(key=lambda item: (item[0], item[1]))
    blocks = _with_page_breaks([b for _, _, b in items])
    return RenderedDocument(
        title=document_title(disclosure),
        department=disclosure.department,
        year=disclosure.year,
        unit=disclosure.unit,
        layout=chosen.name,
        blocks=tuple(blocks),
    )


def _with_page_breaks(blocks: Iterable[Block]) -> list[Block]:
    """Each main table starts a page; goal tables and the text flow on."""
    out: list[Block] = []
    previous: Block | None = None
    for block in blocks:
        starts_page = isinstance(block, TableBlock) and block.kind is not TableKind.PERFORMANCE_PROJECTS
        text_after_table = isinstance(previous, TableBlock) and not isinstance(block, TableBlock)
        if out and (starts_page or text_after_table) and not isinstance(previous, PageBreak):
            out.append(PageBreak())
        out.append(block)
        previous = block
    return out
