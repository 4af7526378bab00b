"""Interpreting a cut table: header rows, column roles and keys, typed rows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter, methodcaller

from yusuan.extract.codes import level_of, normalize_code, scheme_of
from yusuan.extract.columns import column_parts, identities_hold
from yusuan.extract.header import clean_label, label_paths
from yusuan.extract.kinds import classify_title
from yusuan.extract.numbers import count_amounts, is_amount, read_amount
from yusuan.extract.segment import Chunk
from yusuan.model import CodeScheme, Column, RawRow, Row, Table, TableKind

_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元|千元|亿元)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_YEAR = re.compile(
    r"((?:19|20)\d{2})年度?(?:部门|单位|市级|区级|县级|省级|预算|决算|一般公共预算|政府性基金|国有资本|财政|收支|收入|支出"
    r"|“?三公|项目支出|项目绩效|整体)"
)
_YEAR_LINE = re.compile(r"^[（(]\s*((?:19|20)\d{2})\s*年度?\s*[）)]$")
_YEAR_META = re.compile(r"预算年度\s*[:：]\s*((?:19|20)\d{2})")
_HEADER_END = frozenset({"栏次", "行次"})
_TOTAL_NAMES = frozenset({"合计", "总计"})
_NAME_LEAF = re.compile(r"名称|^项目$|^项目[（(]按.*[）)]$|^项目来源$")
_CODE_PART = frozenset({"类", "款", "项"})
_CODE_LEAF = re.compile(r"编码|代码|目录序号|^科目$")
_UNIT_CODE_LEAF = re.compile(r"^(?:单位|部门|预算单位)(?:代码|编码)$")
_IGNORED_LEAF = frozenset({"序号", "栏次", "行次"})
# Tables whose rows are not (code, name, amounts) lines; their content is read elsewhere.
_FREEFORM = frozenset({TableKind.PERFORMANCE_PROJECTS, TableKind.PERFORMANCE_OVERALL})

# Printed header words -> stable key tokens. Order matters: first match wins.
_TOKENS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), token)
    for pattern, token in (
        (r"^“?三公”?经费合计$", "total"),
        (
            r"^“?三公”?经费预算数?$|^(?:收入|支出)预算$|^(?:收入|支出)决算$"
            r"|^(?:一般公共预算|政府性基金预算|国有资本经营预算)支出$",
            "",
        ),
        (r"^机关运行经费(?:预算数|决算数)?$", "operating_costs"),
        (r"^购置费$", "vehicle_purchase"),
        (r"^运行(?:维护)?费$", "vehicle_operation"),
        (r"^(?:合计|总计|预算数|金额|预算金额|本年预算数?|资金总额|预算额度)$", "total"),
        (r"^小计$", ""),
        (r"^本年.*(?:支出|基本支出)$", ""),
        (r"^基本支出$", "basic"),
        (r".+基本支出$", ""),  # 一般公共预算基本支出 over 合计/人员经费/公用经费: the table itself
        (r"^资金性质$|^资金来源$|^本年拨款$|^政府采购项目来源$", ""),
        (r"预留.*中小.*企业", "sme_reserved"),
        (r"^本年收入(?:合计)?$", "current_year"),
        (r"^上年结转(?:结余)?$|^上年结转结余$", "carryover"),
        (r"^财政拨款(?:收入)?$", "fiscal"),
        (r"^一般公共预算", "general_public"),
        (r"^政府性基金", "gov_fund"),
        (r"^基金预算", "gov_fund"),
        (r"^国有资本经营", "state_capital"),
        (r"^财政专户", "special_account"),
        (r"^社会保险基金", "social_insurance"),
        (r"^单位资金$", "unit_funds"),
        (r"^事业收入$", "business_income"),
        (r"^(?:事业单位)?经营收入$", "operating_income"),
        (r"^上级补助收入$", "superior_subsidy"),
        (r"^附属单位上缴收入$", "subsidiary_remit"),
        (r"^其他收入$", "other_income"),
        (r"^用事业基金弥补收支差额$", "fund_offset"),
        (r"^基本支出$", "basic"),
        (r"^人员经费$", "personnel"),
        (r"^(?:日常)?公用经费$", "public"),
        (r"^项目支出$", "project"),
        (r"^其他运转类$", "operation"),
        (r"^特定目标类$", "specific"),
        (r"^工资福利支出$", "wages"),
        (r"^对个人和家庭的补助$", "households"),
        (r"^商品和服务支出$", "goods_services"),
        (r"^(?:事业单位)?经营支出$", "operating_expenditure"),
        (r"^上[缴解]上级支出$", "remit_superior"),
        (r"^对附属单位补助支出$", "subsidiary_subsidy"),
        (r"^因公出国[（(]境[）)]费(?:用)?$", "overseas"),
        (r"^公务用车购置及运行(?:维护)?费$|^公务用车购置及运维费$", "vehicle"),
        (r"^公务用车购置费$", "vehicle_purchase"),
        (r"^公务用车运行(?:维护)?费$|^公务用车运维费$", "vehicle_operation"),
        (r"^公务接待费$", "reception"),
        (r"^数量", "quantity"),
        (r"^价值|^金额[（(]", "value"),
        (r"^单价$", "unit_price"),
        (r"^预算资金$", "project_budget"),
        (r"^政府采购金额", "amount"),
        (r"^编入部门预算金额$", "in_department_budget"),
        (r"^财政代编金额$", "finance_compiled"),
    )
)


# Not frozen: built once per table and only read, it is spared the per-field object.__setattr__
# calls of a frozen dataclass's __init__.
@dataclass(slots=True)
class _Layout:
    """What each column of a table means."""

    paths: list[tuple[str, ...]]
    code_parts: list[int]  # 类 | 款 | 项 columns of the first classification group
    code_cols: list[int]  # whole-code columns of the first group
    unit_code_cols: list[int]
    name_cols: list[int]  # the first group's name column(s)
    code2_cols: list[int]  # a second classification printed on the row
    name2_cols: list[int]
    value_cols: list[int]
    text_cols: list[int]
    keys: dict[int, str]
    sections: list[tuple[str, int, list[int]]]  # (section, name column, value columns)
    text_labels: list[tuple[int, str]]  # (text column, the label its cells are kept under)


def build_table(chunk: Chunk, default_unit: str | None) -> Table:
    kind = classify_title(chunk.title)
    raw = tuple(chunk.rows)
    year = _table_year(chunk)

    def table(
        kind: TableKind, columns: tuple[Column, ...], rows: tuple[Row, ...], empty: bool, unit: str | None
    ) -> Table:
        return Table(
            kind,
            chunk.title,
            columns,
            rows,
            tuple(chunk.notes),
            empty,
            chunk.line,
            chunk.page,
            unit,
            year,
            raw,
            note_lines=tuple(chunk.note_lines),
        )

    if kind in _FREEFORM:
        # Their rows are not split into header and data: only a unit printed in the header counts.
        unit = _meta_unit(chunk) or _cells_unit(raw[: _header_end(raw)]) or default_unit
        if kind is TableKind.PERFORMANCE_PROJECTS:  # read into Disclosure.projects
            return table(kind, (), (), False, unit)
        text_rows = tuple(_text_row(r) for r in raw if any(c.strip() for c in r.cells))
        return table(kind, (), text_rows, not text_rows, unit)
    width = max((len(r.cells) for r in raw), default=0)
    # ``grid``: every data row's cells stripped once, padded to the table's width; the split,
    # the column roles and the row reading all read them.
    header, data, grid = _split(raw, width)
    lifted_header, data = _lift_code_labels(header, data)
    if lifted_header is not header:
        header, grid[0] = lifted_header, _stripped(data[0].cells, width)
    if kind is TableKind.ORGANIZATION and not data and len(header) > 1:
        header, data = header[:1], header[1:]  # a table of text only: the first row is its header
        grid = [_stripped(r.cells, width) for r in data]
    printed_unit = _meta_unit(chunk) or _cells_unit(header)
    layout = _layout([(r.cells, _collapsed(r, width)) for r in header], grid, width, kind)
    if kind is TableKind.OTHER:
        kind = _classify_by_header(layout)
    rows = _rows(data, grid, layout)
    columns = tuple(Column(layout.keys[j], _column_label(layout, j)) for j in layout.value_cols)
    # No amount other than 0 or empty (any(row.values.values()) for every row, without a call per row).
    empty = not any(map(any, map(_MAPPING_VALUES, map(_VALUES, rows))))
    if kind is TableKind.ORGANIZATION:
        empty = not rows
    # No amounts printed and no unit stated: the document's unit does not apply.
    unit = printed_unit or (default_unit if columns else None)
    return table(kind, columns, tuple(rows), empty, unit)


def _column_label(layout: _Layout, j: int) -> str:
    """The printed header path; in a side-by-side block, with the block's own heading
    (支出/项目（按功能分类）/预算数), so that equal labels of different blocks stay apart."""
    path = layout.paths[j]
    for _, name_col, values in layout.sections:
        if j in values:
            path = tuple(dict.fromkeys((*layout.paths[name_col], *path)))
    return "/".join(path) or f"第{j + 1}列"


def _text_row(raw: RawRow) -> Row:
    """A row of a table read as text only (the 整体绩效目标表): its cells, so nothing is lost."""
    cells = [c.strip() for c in raw.cells]
    name = next((c for c in cells if c), "")
    attrs = {f"第{j + 1}列": c for j, c in enumerate(cells) if c}
    return Row(None, name, None, {}, raw.line, raw.page, attrs=attrs)


def _collapsed(row: RawRow, width: int) -> bool:
    return row.collapsed and len(row.cells) < width


def _stripped(cells: tuple[str, ...], width: int) -> list[str]:
    stripped = list(map(str.strip, cells))
    if len(stripped) < width:
        stripped += [""] * (width - len(stripped))
    return stripped


# --- header / data split -------------------------------------------------------------------


def split_header(rows: tuple[RawRow, ...]) -> tuple[list[RawRow], list[RawRow]]:
    """Leading rows up to the first data row (or a 栏次 row) are the header.

    Header rows repeated after page breaks are dropped from the data.
    """
    header, data, _ = _split(rows, 0)
    return header, data


def _split(rows: tuple[RawRow, ...], width: int) -> tuple[list[RawRow], list[RawRow], list[list[str]]]:
    """Header rows, data rows, and the data rows' cells stripped and padded to ``width``."""
    end = _header_end(rows)
    header = list(rows[:end])
    labels = {clean_label(c) for r in header for c in r.cells if c.strip()}
    header_words = labels | _HEADER_END
    data: list[RawRow] = []
    grid: list[list[str]] = []
    for row in rows[end:]:
        cells = list(map(str.strip, row.cells))
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        # A row that shares no cell with the header and has no space inside a cell cannot repeat
        # it (no label can match, see _repeats_header): most data rows are told by this alone.
        surely_data = header_words.isdisjoint(cells) and len("".join(cells).split()) <= 1
        if surely_data or not _repeats_header(cells, labels):
            data.append(row)
            grid.append(cells)
    return header, data, grid


def _header_end(rows: tuple[RawRow, ...]) -> int:
    """Index of the first row after the header: a 栏次 row among the first rows, or the first
    data row."""
    first_data = None
    for i, row in enumerate(rows[:8]):
        filled = [c for c in row.cells if c.strip()]
        first = clean_label(filled[0]) if filled else ""
        if first in _HEADER_END:
            return i
        if first_data is None and (not filled or _is_data_filled(filled, first)):
            first_data = i
    if first_data is not None:
        return first_data
    for i in range(8, len(rows)):
        if _is_data_row(rows[i].cells):
            return i
    return len(rows)


def _lift_code_labels(header: list[RawRow], data: list[RawRow]) -> tuple[list[RawRow], list[RawRow]]:
    """Some tables print the 类 | 款 | 项 labels on their 合计 row (the label cells are merged
    down into it): move the labels into a header row of their own and keep the 合计 row as data."""
    if not data:
        return header, data
    first = data[0]
    labels = [clean_label(c) in _CODE_PART for c in first.cells]
    if sum(labels) < 2:
        return header, data
    label_row = RawRow(
        tuple(c if is_label else "" for c, is_label in zip(first.cells, labels, strict=True)),
        first.line,
        first.page,
    )
    total_row = RawRow(
        tuple("" if is_label else c for c, is_label in zip(first.cells, labels, strict=True)),
        first.line,
        first.page,
    )
    return [*header, label_row], [total_row, *data[1:]]


def _repeats_header(cells: list[str], labels: set[str]) -> bool:
    """A 栏次 row, or a header row printed again (after a page break) below the header
    (``cells``: the row's stripped cells)."""
    filled = list(filter(None, cells))
    if not filled:
        return False
    first = clean_label(filled[0])
    if first in _HEADER_END:
        return True
    if not labels:
        return False
    # More than half of the cells must be header labels: a data row (a code, a name, amounts)
    # fails on its first cells, so count the misses and stop there, before telling data.
    allowed_misses = (len(filled) - 1) // 2
    misses = 0 if first in labels else 1
    for cell in filled[1:]:
        if misses > allowed_misses:
            return False
        # clean_label, uncached: data cells seldom repeat, so the cache would only churn
        if "".join(cell.split()) not in labels:
            misses += 1
    return misses <= allowed_misses and not _is_data_filled(filled, first)


def _first_filled(cells: tuple[str, ...]) -> str:
    first = next(filter(str.strip, cells), None)
    return "" if first is None else clean_label(first)


def _is_data_row(cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c.strip()]
    return not filled or _is_data_filled(filled, clean_label(filled[0]))


def _is_data_filled(filled: list[str], first: str) -> bool:
    """Whether a row is data, given its filled cells and the first one's clean label."""
    if first in _TOTAL_NAMES:
        # A data 合计 row has amounts or nothing beside it; a header row has more labels.
        return all(is_amount(c) or normalize_code(c) for c in filled[1:])
    code = normalize_code(filled[0])
    if code is not None and len(code) >= 3 and code.isdigit():
        return True
    return any(("." in c or "," in c) and is_amount(c) for c in filled)


# --- columns -------------------------------------------------------------------------------


def _layout(
    header: list[tuple[tuple[str, ...], bool]], grid: list[list[str]], width: int, kind: TableKind
) -> _Layout:
    paths: list[tuple[str, ...]] = label_paths(header, width) if header else [() for _ in range(width)]
    columns = list(zip(*grid, strict=True)) if grid else [() for _ in range(width)]
    roles = [_role(path, column) for path, column in zip(paths, columns, strict=True)]
    code_parts: list[int] = []
    code_cols: list[int] = []
    unit_code_cols: list[int] = []
    name_cols: list[int] = []
    code2_cols: list[int] = []
    name2_cols: list[int] = []
    value_cols: list[int] = []
    text_cols: list[int] = []
    group = 1
    for j, role in enumerate(roles):
        if role in ("part", "code") and name_cols and not value_cols and kind is not TableKind.PROCUREMENT:
            group = 2  # a second classification (政府预算经济分类 beside 部门预算经济分类)
        if role == "part":
            (code_parts if group == 1 else code2_cols).append(j)
        elif role == "code":
            (code_cols if group == 1 else code2_cols).append(j)
        elif role == "unit_code":
            unit_code_cols.append(j)
        elif role == "name":
            if group == 1 or kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
                name_cols.append(j)
            else:
                name2_cols.append(j)
        elif role == "value":
            value_cols.append(j)
        elif role == "text":
            text_cols.append(j)
    sections = _sections(paths, name_cols, value_cols, bool(code_parts or code_cols))
    if len(sections) <= 1:
        sections = []
        if len(name_cols) > 1:  # e.g. 采购物品名称 beside 项目名称: keep the first, the rest is text
            text_cols = sorted(text_cols + name_cols[1:])
            name_cols = name_cols[:1]
    keys = _keys(paths, value_cols, sections)
    return _Layout(
        paths,
        code_parts,
        code_cols,
        unit_code_cols,
        name_cols,
        code2_cols,
        name2_cols,
        value_cols,
        text_cols,
        keys,
        sections,
        [(j, "/".join(paths[j]) or f"第{j + 1}列") for j in text_cols],
    )


def _role(path: tuple[str, ...], column: tuple[str, ...]) -> str:
    role = _leaf_role(path[-1] if path else "")
    if role is not None:
        return role
    cells = list(filter(None, column))  # the filled cells
    # Text unless at least half the cells are amounts (as in every column of amounts: tell
    # those from their first half alone).
    half = (len(cells) + 1) // 2
    if cells and count_amounts(cells[:half]) < half and count_amounts(cells) < half:
        return "text"
    return "value" if path or cells else "ignore"


@lru_cache(maxsize=1024)
def _leaf_role(leaf: str) -> str | None:
    """The role a column's bottom header label gives it, if the label alone tells."""
    if leaf in _IGNORED_LEAF:
        return "ignore"
    if leaf in _CODE_PART:
        return "part"
    if _UNIT_CODE_LEAF.search(leaf):
        return "unit_code"
    if _CODE_LEAF.search(leaf):
        return "code"
    if _NAME_LEAF.search(leaf):
        return "name"
    return None


def _sections(
    paths: list[tuple[str, ...]], name_cols: list[int], value_cols: list[int], has_codes: bool
) -> list[tuple[str, int, list[int]]]:
    """Side-by-side blocks (收入 | 支出 by function | by economic class …) of a summary table."""
    if has_codes or len(name_cols) < 2:
        return []
    sections: list[tuple[str, int, list[int]]] = []
    for i, name_col in enumerate(name_cols):
        end = name_cols[i + 1] if i + 1 < len(name_cols) else 10**6
        values = [j for j in value_cols if name_col < j < end]
        sections.append((_section_name(paths[name_col], i), name_col, values))
    names = [s[0] for s in sections]
    if len(set(names)) != len(names):
        sections = [
            (f"{name}{i + 1}" if names.count(name) > 1 else name, c, v)
            for i, (name, c, v) in enumerate(sections)
        ]
    return sections


def _section_name(path: tuple[str, ...], index: int) -> str:
    text = "".join(path)
    if "部门预算经济分类" in text:
        return "economic_dept"
    if "政府预算经济分类" in text:
        return "economic_gov"
    if "收入" in text:
        return "income"
    if "支出" in text or "功能分类" in text:
        return "expenditure"
    return f"section{index + 1}"


def _keys(
    paths: list[tuple[str, ...]], value_cols: list[int], sections: list[tuple[str, int, list[int]]]
) -> dict[int, str]:
    section_of = {j: (name, len(values)) for name, _, values in sections for j in values}
    keys: dict[int, str] = {}
    used: set[str] = set()
    for j in value_cols:
        path = paths[j]
        section = section_of.get(j)
        if section is not None:
            path = tuple(p for p in path if _section_name((p,), 0) != section[0] or p.startswith("项目"))
            path = tuple(p for p in path if p not in ("收入", "支出"))
        rest = _path_key(path)
        if section is not None:
            name, count = section
            key = name if count == 1 else f"{name}.{rest or 'total'}"
        else:
            key = rest or "total"
        base, n = key, 2
        while key in used:
            key, n = f"{base}_{n}", n + 1
        used.add(key)
        keys[j] = key
    return keys


# Memoised (a pure function of a column's labels): the same header words recur in every table.
@lru_cache(maxsize=1024)
def _path_key(path: tuple[str, ...]) -> str:
    tokens: list[str] = []
    for label in _rejoin_wrapped(path):
        token = _token(label)
        if not token:
            continue
        if tokens and tokens[-1] == "total":
            tokens[-1] = token  # 预算额度/一般公共预算 -> general_public
        elif tokens and token.startswith(tokens[-1]):
            tokens[-1] = token  # 公务用车购置及运行费 / 公务用车购置费 -> vehicle_purchase
        else:
            tokens.append(token)
    if len(tokens) > 1 and tokens[-1] == "total":
        tokens.pop()
    return ".".join(tokens)


def _rejoin_wrapped(path: tuple[str, ...]) -> tuple[str, ...]:
    """A header cell wrapped over two printed lines (预算 / 资金) can be read as two header rows:
    adjacent labels that form a known label together are one label."""
    joined: list[str] = []
    for label in path:
        fragment = joined and _token(joined[-1]) == joined[-1] and _token(label) == label
        if fragment and _token(joined[-1] + label) != joined[-1] + label:
            joined[-1] += label
        else:
            joined.append(label)
    return tuple(joined)


# Memoised (a pure function of the label): a table's value columns share their labels' words,
# and the same header words recur in every table of every document.
@lru_cache(maxsize=2048)
def _token(label: str) -> str:
    label = _YEAR.sub("", label, count=1) if _YEAR.match(label) else label
    if label.startswith("其中") and len(label) > 3:
        # 其中：财政拨款 is part of the column beside it, not of the row's total.
        return "of_which_" + _token(label[2:].lstrip(":："))
    for pattern, token in _TOKENS:
        if pattern.search(label):
            return token
    return label


def _classify_by_header(layout: _Layout) -> TableKind:
    labels = "".join("".join(p) for p in layout.paths)
    if "单位性质" in labels or "经费保障形式" in labels:
        return TableKind.ORGANIZATION
    return TableKind.OTHER


# --- rows ----------------------------------------------------------------------------------


def _rows(data: list[RawRow], grid: list[list[str]], layout: _Layout) -> list[Row]:
    """Typed rows from the data rows (``grid`` holds their stripped cells)."""
    if layout.sections:
        return _section_rows(data, grid, layout)
    rows: list[Row] = []
    pairs = _column_parts(tuple(layout.keys[j] for j in layout.value_cols))
    value_keys = [(j, layout.keys[j]) for j in layout.value_cols]
    width = len(layout.paths)
    for raw, cells in zip(data, grid, strict=True):
        values, texts = _amounts(cells, value_keys)
        realigned = _realigned(raw, values, layout, pairs) if pairs and not raw.collapsed else None
        if realigned is not None:
            shifted = _stripped(realigned.cells, width)
            row = _row(realigned, shifted, layout, *_amounts(shifted, value_keys))
            if row is not None:
                rows.append(replace(row, repaired=True))
            continue
        row = _row(raw, cells, layout, values, texts)
        if row is not None:
            rows.append(row)
    return rows


# Memoised (a pure function of the keys, used read-only here): tables of a kind share their columns.
@lru_cache(maxsize=256)
def _column_parts(keys: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    return column_parts(list(keys))


_LINE = attrgetter("line")
_VALUES = attrgetter("values")
_MAPPING_VALUES = methodcaller("values")
_WRAP = re.compile(r"(?<=[\u4e00-\u9fff）)、])[ \n]+(?=[\u4e00-\u9fff（(])")


def _unwrap(name: str) -> str:
    """Undo line wrapping inside a cell: 其他社会保障 缴费 → 其他社会保障缴费."""
    return _WRAP.sub("", name)


def _realigned(
    raw: RawRow, literal: dict[str, Decimal | None], layout: _Layout, pairs: list[tuple[str, list[str]]]
) -> RawRow | None:
    """The row with one empty cell put back, if text extraction lost it; else ``None``.

    PDF-to-text tools sometimes drop an empty cell inside a row and end the row with an extra
    empty cell, so the amounts after the gap sit one column to the left. Where the row's column
    sums fail as printed (``literal``: the amounts as printed), and inserting one empty cell at
    exactly one place (among the amount columns) makes all of them hold, that is taken as the
    row's true layout.
    """
    cells = raw.cells
    if raw.collapsed or len(cells) < 2 or cells[-1].strip() or not layout.value_cols:
        return None
    if identities_hold(literal, pairs) or not any(literal.values()):
        return None
    width = len(layout.paths)
    value_keys = [(j, layout.keys[j]) for j in layout.value_cols]
    candidates: set[tuple[str, ...]] = set()
    for k in range(layout.value_cols[0], len(cells) - 1):
        shifted = (*cells[:k], "", *cells[k:-1])
        values, _ = _amounts(_stripped(shifted, width), value_keys)
        if identities_hold(values, pairs):
            candidates.add(tuple(str(v) for v in values.values()))
            found = shifted
    if len(candidates) != 1:
        return None
    return RawRow(found, raw.line, raw.page, raw.collapsed)


def _amounts(
    cells: list[str], value_keys: list[tuple[int, str]]
) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    """The amounts of a row's value columns by key, and the text found where an amount belongs."""
    values: dict[str, Decimal | None] = {}
    texts: dict[str, str] = {}
    for j, key in value_keys:
        readable, values[key] = read_amount(cells[j])
        if not readable:
            texts[key] = cells[j]
    return values, texts


def _section_rows(data: list[RawRow], grid: list[list[str]], layout: _Layout) -> list[Row]:
    """The rows of each side-by-side block in turn, each block's in line order."""
    rows: list[Row] = []
    for name, name_col, value_cols in layout.sections:
        value_keys = [(j, layout.keys[j]) for j in value_cols]
        block: list[Row] = []
        for raw, cells in zip(data, grid, strict=True):
            label = cells[name_col]
            values, texts = _amounts(cells, value_keys)
            if not label and all(v is None for v in values.values()):
                continue
            block.append(
                Row(None, label, None, values, raw.line, raw.page, None, None, name, None, None, texts)
            )
        block.sort(key=_LINE)
        rows += block
    return rows


def _joined_text(cells: list[str], cols: list[int]) -> str:
    if len(cols) == 1:
        return cells[cols[0]]
    return " ".join(cells[j] for j in cols if cells[j])


def _row(
    raw: RawRow,
    cells: list[str],
    layout: _Layout,
    values: dict[str, Decimal | None],
    texts: dict[str, str],
) -> Row | None:
    """A typed row from its stripped ``cells`` and its read amounts (``texts`` is filled up
    with the text columns' cells)."""
    code, scheme, unit_code, stray_name = _codes(cells, layout)
    name_cols = layout.name_cols
    name = (cells[name_cols[0]] if len(name_cols) == 1 else _joined_text(cells, name_cols)) or stray_name
    if " " in name or "\n" in name:
        name = _unwrap(name)
    for j, label in layout.text_labels:
        if cells[j]:
            texts[label] = cells[j]
    if not (code or unit_code or name) and all(v is None for v in values.values()) and not texts:
        return None
    code2 = _joined_code(cells, layout.code2_cols) if layout.code2_cols else None
    name2 = (_unwrap(_joined_text(cells, layout.name2_cols)) or None) if layout.name2_cols else None
    if not name:
        # PDF text shifts a lone 合计 into whichever column is nearest; it names the row.
        for label, text in [("", name2 or ""), *texts.items()]:
            if clean_label(text) in _TOTAL_NAMES:
                name = text
                if label:
                    del texts[label]
                else:
                    name2 = None
                break
    return Row(
        code,
        name,
        level_of(code, scheme) if code else None,
        values,
        raw.line,
        raw.page,
        scheme,
        unit_code,
        None,
        code2,
        name2,
        texts,
    )


def _codes(cells: list[str], layout: _Layout) -> tuple[str | None, CodeScheme | None, str | None, str]:
    """The classification code and its scheme, the unit code, and any text that sat in a code
    column."""
    stray = ""
    code = None
    if layout.code_parts:
        parts = [cells[j] for j in layout.code_parts]
        code = _join_parts(parts) if any(parts) else None
    if code is not None and normalize_code(code) is None:
        stray, code = code, None
    unit_code = (
        next((c for c in (normalize_code(cells[j]) for j in layout.unit_code_cols) if c), None)
        if layout.unit_code_cols
        else None
    )
    for j in layout.code_cols:
        cell = cells[j]
        if not cell:
            continue
        normalized = normalize_code(cell)
        if normalized is None:
            stray = stray or cell  # e.g. 合计 printed in the code column
        elif code is None and layout.code_parts:
            unit_code = unit_code or normalized  # 类/款/项 empty: the code column names a unit
        elif code is None:
            code = normalized
    scheme = scheme_of(code) if code is not None else None
    if code is not None and scheme is None and code.isdigit() and len(code) in (3, 6, 9):
        # A bare number that is no known classification (036, 036001) stands for a unit.
        unit_code, code = unit_code or code, None
    return code, scheme, unit_code, stray


def _joined_code(cells: list[str], cols: list[int]) -> str | None:
    parts = [cells[j] for j in cols]
    if not any(parts) or not all(normalize_code(p) for p in parts if p):
        return None
    return _join_parts(parts)


def _join_parts(parts: list[str]) -> str:
    """类 | 款 | 项 cells as one code; a 款 or 项 printed without its leading zero (301 | 2) is padded."""
    joined = ""
    for i, part in enumerate(p.replace(" ", "") for p in parts):
        if i and part.isdigit() and len(part) == 1:
            part = "0" + part
        joined += part
    return joined


# --- table metadata ------------------------------------------------------------------------


def _meta_unit(chunk: Chunk) -> str | None:
    """The unit printed above the table (单位：万元)."""
    return _unit_in(chunk.meta)


def _cells_unit(rows: Sequence[RawRow]) -> str | None:
    """The unit printed in a cell of these (header) rows."""
    return _unit_in(c for r in rows for c in r.cells)


def _unit_in(texts: Iterable[str]) -> str | None:
    for text in texts:
        # Every statement of a unit holds 位 (单位): the others need no regex.
        if "位" in text and (match := _UNIT.search(text.replace(" ", ""))):
            return match.group(1)
    return None


def _table_year(chunk: Chunk) -> int | None:
    """The budget year the table states: 预算年度 in its header, a year before a budget word in the
    title (2024年部门收支预算表), or a bare (2024年度) line. A year inside a project's name
    (4、2024年中央财政…补助资金绩效目标表) is not the table's year."""
    for text in chunk.meta:
        match = "年" in text and (_YEAR_META.search(text) or _YEAR_LINE.match(text.strip()))
        if match:
            return int(match.group(1))
    match = "年" in chunk.title and _TITLE_YEAR.search(chunk.title.replace(" ", ""))
    return int(match.group(1)) if match else None
