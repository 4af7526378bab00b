"""Importing 财政部's annual 《政府收支分类科目》 (Excel or CSV) into the user's data directory.

The table's layout varies: one code column (``科目编码``) or the code split in ``类 | 款 | 项``
columns (款 and 项 printed as two digits, the 类 printed once on its own row), one name column
(``科目名称``) or the names of each level in their own column, a two-row header with merged
cells, or the code and name in one cell (``2010101 行政运行``). Columns are recognised by their
header words and by what their cells hold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from yusuan.errors import YusuanError
from yusuan.extract.codes import scheme_of
from yusuan.model import CodeScheme
from yusuan.reference.model import SCHEMES
from yusuan.reference.names import normalize_name
from yusuan.reference.sheets import Sheet, read_sheets
from yusuan.reference.store import StoredRow, official_path, read_stored, write_stored

_DIGITS = re.compile(r"^\d[\d\s]*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_COMBINED = re.compile(r"^(\d{3}(?:\s?\d{2}){0,2})\s*([^\d\s].*)$")
_YEAR = re.compile(r"(20\d{2})\s*年")
_NOT_CODE_LABELS = ("序号", "行次", "栏次", "金额", "预算数", "决算数", "说明", "备注")
_SPLIT_LEVELS = {"类": 1, "款": 2, "项": 3}


@dataclass(frozen=True)
class ImportResult:
    """What ``yusuan codes import`` did: rows stored, where, and what it left out (and why)."""

    rows_imported: int
    path: Path
    skipped: list[str] = field(default_factory=list)
    # The year the file's own title states (《2025年政府收支分类科目》), when it says one.
    stated_year: int | None = None
    schemes: tuple[CodeScheme, ...] = ()


@dataclass(frozen=True)
class _Columns:
    code: int | None  # one column holding the whole code
    split: dict[int, int]  # level (1 类, 2 款, 3 项) -> column of that code part
    names: list[int]  # name columns, outermost level first


@dataclass
class _Found:
    rows: list[StoredRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    income: int = 0


def import_official(path: Path, year: int, data_dir: Path | None = None) -> ImportResult:
    """Read an official classification list and store its expenditure codes for ``year``.

    A later import for the same year replaces the classifications it contains (function,
    部门/政府预算经济分类) and keeps the others.
    """
    if not 2000 <= year <= 2100:
        raise YusuanError(f"年度“{year}”无效，应为四位数年份，例如 2025。")
    sheets = read_sheets(path)
    found, stated, recognised = _Found(), None, False
    for sheet in sheets:
        columns, start = _find_columns(sheet.rows)
        stated = stated or _stated_year(sheet.rows[: start + 1] if columns else sheet.rows[:5])
        if columns is None:
            continue
        recognised = True
        _read_rows(sheet, columns, start, path.name, found)
    _check_found(path, found, recognised)
    rows = _unique(found)
    target = official_path(year, data_dir)
    schemes = tuple(s for s in SCHEMES if any(r.scheme is s for r in rows))
    write_stored(target, [*_kept(target, schemes), *rows])
    return ImportResult(len(rows), target, _skipped_messages(found), stated, schemes)


def _check_found(path: Path, found: _Found, recognised: bool) -> None:
    if not recognised:
        raise YusuanError(
            "未找到科目编码列和科目名称列：表头应含“科目编码”（或“类、款、项”）和“科目名称”。",
            source=str(path),
        )
    if not found.rows:
        raise YusuanError(
            "文件中没有支出功能分类或支出经济分类科目（编码以 2、3、5 开头的 3、5、7 位数字）。",
            source=str(path),
        )


def _kept(target: Path, schemes: tuple[CodeScheme, ...]) -> list[StoredRow]:
    """Rows of an earlier import for the same year, of the classifications not imported now."""
    try:
        return [r for r in read_stored(target) if r.scheme not in schemes]
    except YusuanError:
        return []  # an unreadable earlier import is replaced


def _skipped_messages(found: _Found) -> list[str]:
    messages = list(found.skipped)
    if found.income:
        messages.append(f"收入科目 {found.income} 行（编码以 1 开头）未导入：yusuan 只检查支出科目。")
    return messages


# --- finding the columns ---------------------------------------------------------------------
def _find_columns(rows: list[list[str]]) -> tuple[_Columns | None, int]:
    """The columns and the index of the first data row."""
    start = next((i for i, row in enumerate(rows[:60]) if _looks_like_data(row)), None)
    if start is None:
        return None, 0
    labels = _labels(rows[max(0, start - 4) : start])
    data = rows[start : start + 400]
    digit_columns = [j for j in range(_width(rows)) if _share(data, j, _is_digits) >= 0.5]
    text_columns = [j for j in range(_width(rows)) if _share(data, j, _has_cjk) >= 0.5]
    split = _split_columns(labels, digit_columns, data)
    code = None if split else _code_column(labels, digit_columns, data)
    names = _name_columns(labels, text_columns)
    if not names or (code is None and not split and not _combined(data, names[0])):
        return None, start
    return _Columns(code, split, names), start


def _looks_like_data(row: list[str]) -> bool:
    codes = [
        c for c in row if _DIGITS.match(c) and len(_compact(c)) in (3, 5, 7) and _compact(c)[0] in "1235"
    ]
    combined = any(_COMBINED.match(c) for c in row)
    return (bool(codes) and any(_has_cjk(c) for c in row)) or combined


def _labels(header: list[list[str]]) -> dict[int, str]:
    labels: dict[int, str] = {}
    for row in header:
        for j, cell in enumerate(row):
            if cell and not _DIGITS.match(cell):
                labels[j] = labels.get(j, "") + re.sub(r"\s+", "", cell)
    return labels


def _split_columns(labels: dict[int, str], digits: list[int], data: list[list[str]]) -> dict[int, int]:
    split: dict[int, int] = {}
    for j in digits:
        label = labels.get(j, "")
        level = _SPLIT_LEVELS.get(label[-1:]) if label and "名称" not in label else None
        if level and not split.get(level):
            split[level] = j
    if 1 in split and 2 in split:
        return split
    return _split_by_width(digits, data)


def _split_by_width(digits: list[int], data: list[list[str]]) -> dict[int, int]:
    """Adjacent digit columns holding 3-digit then 2-digit parts: 类 | 款 (| 项) without labels."""
    for j in digits:
        if j + 1 in digits and _typical_length(data, j) == 3 and _typical_length(data, j + 1) == 2:
            split = {1: j, 2: j + 1}
            if j + 2 in digits and _typical_length(data, j + 2) == 2:
                split[3] = j + 2
            return split
    return {}


def _code_column(labels: dict[int, str], digits: list[int], data: list[list[str]]) -> int | None:
    usable = [j for j in digits if not any(word in labels.get(j, "") for word in _NOT_CODE_LABELS)]
    labelled = [j for j in usable if re.search(r"编码|代码|编号|科目", labels.get(j, ""))]
    shaped = [j for j in usable if _typical_length(data, j) in (3, 5, 7)]
    chosen = labelled or shaped
    return chosen[0] if chosen else None


def _name_columns(labels: dict[int, str], text: list[int]) -> list[int]:
    usable = [j for j in text if not any(word in labels.get(j, "") for word in ("说明", "备注"))]
    named = [j for j in usable if "名称" in labels.get(j, "")]
    if named:
        return named  # several: one name column per level (类名称 | 款名称 | 项名称)
    by_level = [j for j in usable if labels.get(j, "")[-1:] in _SPLIT_LEVELS]
    return by_level if len(by_level) > 1 else usable[:1]


def _combined(data: list[list[str]], column: int) -> bool:
    return _share(data, column, lambda c: bool(_COMBINED.match(c))) >= 0.3


# --- reading the rows ------------------------------------------------------------------------
def _read_rows(sheet: Sheet, columns: _Columns, start: int, source: str, found: _Found) -> None:
    today = date.today().isoformat()
    for index, code, name in _records(sheet.rows[start:], columns):
        where = f"{sheet.name} 第 {start + index + 1} 行"
        scheme = scheme_of(code)
        if code.startswith("1"):
            found.income += 1
        elif scheme not in SCHEMES or scheme is None:
            found.skipped.append(f"{where}：编码“{code}”不是支出功能分类或经济分类科目编码，未导入。")
        elif not name:
            found.skipped.append(f"{where}：科目 {code} 没有名称，未导入。")
        else:
            found.rows.append(StoredRow(scheme, code, name, source, today))


def _records(rows: list[list[str]], columns: _Columns) -> Iterator[tuple[int, str, str]]:
    """(row index, code, name) of the rows that hold a code."""
    context: dict[int, str] = {}
    for index, row in enumerate(rows):
        name = _name(row, columns.names)
        if columns.split:
            code = _split_code(row, columns.split, context)
        elif columns.code is not None:
            code = _compact(_cell(row, columns.code)) if _DIGITS.match(_cell(row, columns.code)) else ""
        else:
            code, name = _split_combined(name)
        if code:
            yield index, code, name


def _split_code(row: list[str], split: dict[int, int], context: dict[int, str]) -> str:
    """``201 | 01 | 01`` → 2010101; a 款 row printed without its 类 inherits the last 类."""
    code = ""
    for level in (1, 2, 3):
        column = split.get(level)
        part = _compact(_cell(row, column)) if column is not None else ""
        if not part or not part.isdigit():
            continue
        whole = level == 1 or len(part) > 2
        code = part if whole else (code or context.get(level - 1, "")) + part.zfill(2)
        context[level] = code
    return code


def _split_combined(name: str) -> tuple[str, str]:
    match = _COMBINED.match(name)
    return (_compact(match.group(1)), match.group(2).strip()) if match else ("", name)


def _name(row: list[str], columns: list[int]) -> str:
    """The innermost level's name when names sit in one column per level."""
    for column in reversed(columns):
        text = re.sub(r"\s+", "", _cell(row, column))
        if text:
            return text
    return ""


def _unique(found: _Found) -> list[StoredRow]:
    rows: dict[str, StoredRow] = {}
    for row in found.rows:
        first = rows.setdefault(row.code, row)
        if first is not row and normalize_name(first.name) != normalize_name(row.name):
            found.skipped.append(
                f"科目 {row.code} 重复出现且名称不同（“{first.name}”与“{row.name}”），保留先出现的“{first.name}”。"
            )
    order = {s: i for i, s in enumerate(SCHEMES)}
    return sorted(rows.values(), key=lambda r: (order[r.scheme], r.code))


# --- small helpers ---------------------------------------------------------------------------
def _stated_year(rows: Sequence[Sequence[str]]) -> int | None:
    for row in rows:
        text = "".join(row)
        if "科目" in text or "分类" in text:
            match = _YEAR.search(text)
            if match:
                return int(match.group(1))
    return None


def _cell(row: list[str], column: int | None) -> str:
    return row[column] if column is not None and column < len(row) else ""


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_digits(cell: str) -> bool:
    return bool(_DIGITS.match(cell))


def _has_cjk(cell: str) -> bool:
    return bool(_CJK.search(cell))


def _width(rows: list[list[str]]) -> int:
    return max((len(r) for r in rows), default=0)


def _share(rows: list[list[str]], column: int, test: Callable[[str], bool]) -> float:
    cells = [_cell(r, column) for r in rows]
    filled = [c for c in cells if c]
    if not filled:
        return 0.0
    return sum(1 for c in filled if test(c)) / len(filled)


def _typical_length(rows: list[list[str]], column: int) -> int:
    lengths = Counter(len(_compact(_cell(r, column))) for r in rows if _DIGITS.match(_cell(r, column)))
    return lengths.most_common(1)[0][0] if lengths else 0
