"""Projects (项目支出) and their performance goals (项目绩效目标).

Goal tables come in three layouts, recognised by their content (never by the department):

* **key–value** (Word files, one table per project): ``项目编码 | … | 项目名称 | …``; ``预算规模及资金用途
  | 预算数 | … | 其中：财政资金 | … | 其他资金 | …`` with the purpose on the next row; ``资金支出计划（%）|
  3月底 | …`` with the percentages on the next row; ``绩效目标 | …``; then the indicator grid ``一级指标 |
  二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据`` where repeated 一级/二级 cells are empty;
* **wide** (PDF, one table for all projects): one row per project with its amounts and, per 一级
  (成本/产出/效益/满意度指标), a pair ``三级指标 | 指标值``; rows without code and name add indicators to
  the project above. PDF text extraction drops and adds empty cells, so the pairs are found from the
  cell contents and their 一级 from what the row says (满意度 names, money amounts for 成本) and from
  the column grid of complete rows; a level that cannot be told is left empty rather than guessed;
* **long** (PDF, one row per indicator): ``单位代码 | 名称 | 资金总额 | 实施期绩效目标 | 一级 | 二级 | 三级 |
  指标值 | …`` with the project columns repeated on every page.

Tables of kind ``projects`` (项目支出预算表, 专项资金预算汇总表) give each project's category
(其他运转类/特定目标类) and amounts by fund; projects listed there without a goal table are added with
no indicators. A project of a goal table is matched to a budget line by its name (spacing and
full-width forms ignored), and only where that is unique; a name that differs slightly is matched
only if the amount and unit agree and no other line comes close.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from yusuan.extract.numbers import is_amount, parse_amount
from yusuan.model import Indicator, Project, RawRow, Table, TableKind

# ---------------------------------------------------------------------------------------------
# Indicator values: ≥95%, ≤28.65万元, 100%, 大于等于85%, 及时
# ---------------------------------------------------------------------------------------------

_COMPARATOR_WORDS = {
    ">=": "≥ >= ≧ ⩾ 大于或等于 大于等于 高于或等于 多于或等于 不低于 不少于 不小于 至少 达到",
    "<=": "≤ <= ≦ ⩽ 小于或等于 小于等于 低于或等于 少于或等于 不高于 不超过 不大于 不多于 控制在",
    ">": "> 大于 高于 多于 超过",
    "<": "< 小于 低于 少于",
    "=": "= 等于",
}
# Longest first, so that 大于等于 is not read as 大于.
_PREFIXES = tuple(
    sorted(
        ((word, op) for op, words in _COMPARATOR_WORDS.items() for word in words.split()),
        key=lambda item: -len(item[0]),
    )
)


def _by_first_character(words: Sequence[tuple[str, str]]) -> dict[str, tuple[tuple[str, str], ...]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for word, op in words:
        grouped.setdefault(word[0], []).append((word, op))
    return {first: tuple(group) for first, group in grouped.items()}


# The same, by first character (still longest first): only words that can start the value are tried.
_PREFIXES_BY_FIRST = _by_first_character(_PREFIXES)
_ASCII_DIGIT = re.compile("[0-9]")
_WHITESPACE = re.compile(r"\s+")
_UNIT_IN_PARENTHESES = re.compile(r"^([^()]*\d)\(([^()\d]+)\)$")
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
)
_SUFFIX_WORDS = tuple(word for word, _ in _SUFFIXES)
_NUMBER_UNIT = re.compile(r"^([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)(.*)$")
# A unit is a short word (元, 万元, 人次, 家, %, 元/人每天 …), never a phrase about the value.
_UNIT = re.compile(r"^[%‰A-Za-z\u4e00-\u9fff]{1,5}(?:/[A-Za-z\u4e00-\u9fff]{1,6})?$")
_NOT_IN_UNIT = frozenset("于前后较之以内外增减提降低高不平均的和及或等约左右")
_PERCENT_WORDS = {"%": "%", "百分比": "%", "百分点": "百分点", "‰": "‰"}
# Units that contain a character otherwise taken as a sign of a phrase (平 as in 平均).
_UNITS_DESPITE_WORDS = frozenset({"平方米", "平方公里", "平方千米", "立方米", "平米"})


def parse_indicator_value(text: str) -> tuple[str | None, Decimal | None, str | None]:
    """``(comparator, number, unit)`` of an indicator value as printed.

    ``≥95%`` → ``(">=", 95, "%")``; ``≤28.65万元`` → ``("<=", 28.65, "万元")``; a bare ``100%`` →
    ``("=", 100, "%")``; ``大于等于85%`` → ``(">=", 85, "%")``; ``100百分比`` → ``("=", 100, "%")``.
    Qualitative values (``及时``, ``有所提升``) and values that are not one number with a unit
    (``1-12月``, ``2025年12月底前``, ``较上年度增加10%``) give ``(None, None, None)``.
    """
    body = unicodedata.normalize("NFKC", text)
    if not _ASCII_DIGIT.search(body):
        return None, None, None  # a qualitative value (及时, 有所提升): no number to read
    body = _WHITESPACE.sub("", body).replace("％", "%")
    if body.endswith(")"):
        body = _UNIT_IN_PARENTHESES.sub(r"\1\2", body)  # ≥13459.00(平方米) → ≥13459.00平方米
    comparator = None
    for word, op in _PREFIXES_BY_FIRST.get(body[:1], ()):
        if body.startswith(word):
            comparator, body = op, body[len(word) :]
            break
    for word, op in _SUFFIXES if body.endswith(_SUFFIX_WORDS) else ():
        if body.endswith(word) and len(body) > len(word):
            if comparator not in (None, op):
                return None, None, None
            comparator, body = op, body[: -len(word)]
            break
    match = _NUMBER_UNIT.match(body)
    if not match:
        return None, None, None
    unit = _unit(match.group(2))
    if unit is None and match.group(2):
        return None, None, None
    try:
        number = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None, None, None
    return comparator or "=", number, unit


def _unit(text: str) -> str | None:
    if not text:
        return None
    if text in _PERCENT_WORDS:
        return _PERCENT_WORDS[text]
    if text in _UNITS_DESPITE_WORDS:
        return text
    head = text.split("/", 1)[0]
    if not _UNIT.match(text) or any(ch in _NOT_IN_UNIT for ch in head):
        return None
    return text


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------

_SPACE = re.compile(r"[\s\u3000]+")
_DASHES = re.compile(r"^[-—–－_=]+$")
_DIGITS = re.compile(r"^\d+$")
_BROKEN_CODE = re.compile(r"^([0-9A-Za-z]{6,})\s+([0-9A-Za-z]{1,4})$")
_LEVEL1_WORDS = ("成本指标", "产出指标", "效益指标", "满意度指标")
_UNIT_CODE_MAX = 9  # 036, 036001, 201001: unit codes; project codes are much longer


# Memoised (a pure function of the text): every cell of every goal table is squashed, several
# times, and labels repeat on every project's table.
@lru_cache(maxsize=4096)
def _squash(text: str) -> str:
    """For comparing labels and names: spacing removed, full-width forms folded."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


_BLANK = " \t\u3000\n"


def _clean(text: str) -> str:
    return text.strip(_BLANK)


def _level_name(text: str) -> str:
    return _SPACE.sub("", text)


def _code(cell: str) -> str:
    text = _clean(cell)
    match = _BROKEN_CODE.match(text)
    return match.group(1) + match.group(2) if match else _SPACE.sub("", text)


def _amount(cell: str) -> Decimal | None:
    try:
        return parse_amount(cell)
    except ValueError:
        return None


def _percent(cell: str) -> Decimal | None:
    comparator, number, unit = parse_indicator_value(cell)
    if number is None or comparator != "=" or unit not in (None, "%"):
        return None
    return number


def _is_unit_code(code: str) -> bool:
    return bool(_DIGITS.match(code)) and len(code) <= _UNIT_CODE_MAX


def _blank_row(cells: Sequence[str]) -> bool:
    return all(not _clean(c) or _DASHES.match(_clean(c)) for c in cells)


_MIN_OVERLAP = 4  # shorter repeats may be the name's own words (…经费 + 经费…)


def _merge_fragment(name: str, fragment: str) -> str:
    """Join a name broken over two rows; a repeated overlap (``…医疗救`` + ``…医疗救助``) is kept once."""
    fragment = _clean(fragment)
    for size in range(min(len(name), len(fragment)), _MIN_OVERLAP - 1, -1):
        if name.endswith(fragment[:size]):
            return name + fragment[size:]
    return name + fragment


@dataclass
class _Draft:
    """A project being read from a goal table."""

    line: int
    code: str | None = None
    name: str = ""
    amount: Decimal | None = None
    funding: dict[str, Decimal | None] = field(default_factory=dict)
    schedule: dict[str, Decimal] = field(default_factory=dict)
    goal: str = ""
    description: str = ""
    unit_code: str | None = None
    category: str | None = None  # as printed in the goal table (项目类别), when it is
    indicators: list[Indicator] = field(default_factory=list)

    def project(self, budget: _BudgetLine | None = None) -> Project:
        """The project, completed from its line in a budget table (category, funds; what is missing)."""
        funding = dict(self.funding)
        for key, value in (budget.funding if budget else {}).items():
            funding.setdefault(key, value)
        return Project(
            code=self.code or None,
            name=self.name,
            amount=self.amount if self.amount is not None or budget is None else budget.amount,
            funding=funding,
            schedule=dict(self.schedule),
            goal=self.goal,
            indicators=tuple(self.indicators),
            line=self.line,
            unit_code=self.unit_code or (budget.unit_code if budget else None),
            category=budget.category if budget and budget.category else self.category,
            description=self.description,
        )


def _indicator(
    levels: tuple[str, str],
    level3: str,
    value: str,
    line: int,
    description: str = "",
    basis: str = "",
    fallback_unit: str | None = None,
) -> Indicator:
    comparator, number, unit = parse_indicator_value(value)
    if number is not None and unit is None and fallback_unit:
        unit = _unit(_squash(fallback_unit))
    return Indicator(
        level1=_level_name(levels[0]),
        level2=_level_name(levels[1]),
        level3=_clean(level3),
        description=_clean(description),
        value=_clean(value),
        comparator=comparator,
        number=number,
        value_unit=unit,
        basis=_clean(basis),
        line=line,
    )


# ---------------------------------------------------------------------------------------------
# Layout 1: key–value tables (one per project)
# ---------------------------------------------------------------------------------------------

_KV_CODE = frozenset({"项目编码", "项目代码", "项目编号"})
_KV_NAME = frozenset({"项目名称"})
_KV_IDENTITY = _KV_CODE | _KV_NAME
_KV_BUDGET = re.compile(r"^(?:预算规模|项目资金|资金规模|预算金额|年度资金总额)")
_KV_TOTAL = frozenset({"预算数", "预算金额", "资金总额", "年度资金总额", "年度资金申请总额", "合计", "总额"})
_KV_CATEGORY = frozenset({"项目类别", "项目类型"})
_KV_SCHEDULE = re.compile(r"^(?:资金|分月|分季度?|年度)?(?:支出|用款)(?:计划|进度)")
_KV_GOAL = re.compile(r"^(?:年度|项目|实施期|总体|中长期)?(?:绩效)?目标$")
_FUNDING_PREFIX = re.compile(r"^(?:其中)[:：]?")
_INDICATOR_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("level1", re.compile(r"^一级指标")),
    ("level2", re.compile(r"^二级指标")),
    ("level3", re.compile(r"^三级指标")),
    ("description", re.compile(r"指标描述|指标解释|指标说明|指标内容")),
    ("basis", re.compile(r"确定依据|依据|备注")),
    ("value", re.compile(r"^(?:指标值|目标值|绩效指标值)|指标值$")),
)
_COLUMN_LABEL = re.compile(r"名称|编码|代码|金额|资金|指标$")
_TITLE_NAME = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)?(.+?)绩效目标表?\s*$")


def _is_key(text: str) -> bool:
    return text in _KV_IDENTITY or bool(_KV_SCHEDULE.match(text) or _KV_GOAL.match(text))


def _is_key_value_table(table: Table) -> bool:
    """A row ``项目编码 | <code>`` or ``项目名称 | <name>`` (in a wide table's header a label follows)."""
    for row in table.raw:
        # Empty cells are a merged label's span in a padded grid (PDF, DOCX, XLSX): skip them.
        keys = [k for k in (_squash(c) for c in row.cells) if k]
        for key, value in itertools.pairwise(keys[:4]):
            if key in _KV_IDENTITY and value and not _COLUMN_LABEL.search(value):
                return True
    return False


def _key_value_projects(table: Table) -> list[_Draft]:
    reader = _KeyValueReader(table)
    for index in range(len(table.raw)):
        reader.feed(index)
    drafts = reader.drafts
    if len(drafts) == 1 and not drafts[0].name:
        match = _TITLE_NAME.match(table.title)
        drafts[0].name = match.group(1) if match else ""
    return drafts


class _KeyValueReader:
    def __init__(self, table: Table) -> None:
        self.rows = table.raw
        self.drafts: list[_Draft] = []
        self.columns: dict[str, int] | None = None
        self.width = 0
        self.levels = ("", "")
        self.consumed: set[int] = set()
        self.budget_row = -2

    @property
    def draft(self) -> _Draft:
        if not self.drafts:
            self.drafts.append(_Draft(line=self.rows[0].line))
        return self.drafts[-1]

    def feed(self, index: int) -> None:
        if index in self.consumed:
            return
        row = self.rows[index]
        cells = [c.strip(_BLANK) for c in row.cells]
        keys = [_squash(c) for c in cells]
        filled = [k for k in keys if k]
        if not filled:
            return
        if not _KV_IDENTITY.isdisjoint(keys):
            self._identity(row, cells, keys)
        elif "一级指标" in keys and "三级指标" in keys:
            self._indicator_header(keys)
        elif self.columns is not None:
            self._indicator_row(index, cells)
        elif (
            _KV_BUDGET.match(filled[0])
            or any(k in _KV_TOTAL for k in keys[:3])
            or (index == self.budget_row + 1 and _labels_and_amounts(filled))
        ):
            self._budget(index, cells, keys)
        elif _KV_SCHEDULE.match(filled[0]):
            self._schedule(index, cells)
        elif _KV_GOAL.match(filled[0]):
            self._goal(index, cells, keys, filled[0])

    def _goal(self, index: int, cells: list[str], keys: list[str], key: str) -> None:
        texts = [c for c in cells[keys.index(key) + 1 :] if c]
        following = index + 1
        labels_only = all(len(_squash(t)) <= 8 and _squash(t).endswith("目标") for t in texts)
        if texts and labels_only and following < len(self.rows):
            # 项目绩效目标 | 项目总目标 | 年度总体目标, the goals themselves on the row below
            texts = [_clean(c) for c in self.rows[following].cells if _clean(c)]
            self.consumed.add(following)
        self.draft.goal = "\n".join(texts)

    def _identity(self, row: RawRow, cells: list[str], keys: list[str]) -> None:
        draft = self.draft if self.drafts else None
        for i, key in enumerate(keys[:-1]):
            if key in _KV_CATEGORY and draft is not None:
                draft.category = next((c for c in cells[i + 1 :] if c), None)
                continue
            if key not in _KV_CODE and key not in _KV_NAME:
                continue
            # the next filled cell: a label may span two grid columns
            value = next((c for c in cells[i + 1 :] if c), "")
            taken = draft is not None and (
                (key in _KV_CODE and draft.code) or (key in _KV_NAME and draft.name)
            )
            if draft is None or taken or draft.indicators:
                draft = _Draft(line=row.line)
                self.drafts.append(draft)
                self.columns, self.levels = None, ("", "")
            if key in _KV_CODE:
                draft.code = _code(value) or None
            else:
                draft.name = value

    def _budget(self, index: int, cells: list[str], keys: list[str]) -> None:
        """``预算数 | 28.65 | 其中：财政资金 | 28.65 | 其他资金 | …``, and the purpose on the next row."""
        draft = self.draft
        self.budget_row = index
        filled = [(k, c) for k, c in zip(keys, cells, strict=True) if k]
        # A last label with nothing printed after it (其他资金 | ) is an empty amount.
        for (key, _), (_, value) in itertools.pairwise([*filled, ("", "")]):
            if not key or is_amount(key) or (value and not is_amount(value)):
                continue
            if key in _KV_TOTAL:
                draft.amount = _amount(value)
            elif not _KV_BUDGET.match(key):
                draft.funding[_FUNDING_PREFIX.sub("", key)] = _amount(value)
        following = index + 1
        if following < len(self.rows):
            texts = [_clean(c) for c in self.rows[following].cells if _clean(c)]
            if len(texts) == 1 and not _is_key(_squash(texts[0])) and not is_amount(texts[0]):
                draft.description = texts[0]
                self.consumed.add(following)

    def _schedule(self, index: int, cells: list[str]) -> None:
        labels = [c for c in cells[1:] if c]
        following = index + 1
        if not labels or following >= len(self.rows):
            return
        self.consumed.add(following)
        below = self.rows[following]
        row = [_clean(c) for c in below.cells]
        if not below.collapsed and not self.rows[index].collapsed:
            # A padded grid keeps columns: each value sits under its label.
            values = [row[i] if i < len(row) else "" for i, c in enumerate(cells) if i and c]
        else:
            values = row[-len(labels) :]  # merged cells printed once: the values end the row
        for label, value in zip(labels, values, strict=False):
            percent = _percent(value)
            if percent is not None:
                self.draft.schedule[_squash(label)] = percent

    def _indicator_header(self, keys: list[str]) -> None:
        columns: dict[str, int] = {}
        for i, key in enumerate(keys):
            for role, pattern in _INDICATOR_COLUMNS:
                if role not in columns and pattern.search(key):
                    columns[role] = i
                    break
        self.columns, self.width, self.levels = columns, len(keys), ("", "")

    def _indicator_row(self, index: int, cells: list[str]) -> None:
        """A row of the indicator grid (``cells`` cleaned): one indicator, levels carried down."""
        assert self.columns is not None
        row = self.rows[index]
        following = index + 1
        # A blank paragraph inside a Word cell ends the row early: its rest is the next "row".
        while len(cells) < self.width and following < len(self.rows):
            more = self.rows[following].cells
            if len(cells) + len(more) > self.width or any(_is_key(_squash(c)) for c in more[:1]):
                break
            cells.extend(_clean(c) for c in more)
            self.consumed.add(following)
            following += 1
        cells = [""] * (self.width - len(cells)) + cells[: self.width]

        def cell(role: str) -> str:
            position = self.columns.get(role) if self.columns else None
            return cells[position] if position is not None else ""

        level1 = cell("level1") or self.levels[0]
        level2 = cell("level2") or (self.levels[1] if not cell("level1") else "")
        self.levels = (level1, level2)
        level3, value = cell("level3"), cell("value")
        if not level3 and not value:
            return
        self.draft.indicators.append(
            _indicator((level1, level2), level3, value, row.line, cell("description"), cell("basis"))
        )


# ---------------------------------------------------------------------------------------------
# Header reading for the wide, long and budget tables
# ---------------------------------------------------------------------------------------------


def _labels_and_amounts(filled: list[str]) -> bool:
    """``其中：财政资金 | 4,100,000.00 | 其中：当年财政拨款 | 4,100,000.00``: label, amount, label, …"""
    return len(filled) >= 2 and all(
        is_amount(c) if i % 2 else not is_amount(c) and not _is_key(c) for i, c in enumerate(filled)
    )


def _has_amount(cells: Sequence[str]) -> bool:
    return any(_clean(c) and is_amount(c) for c in cells)


def _signature(cells: Sequence[str]) -> tuple[str, ...]:
    return tuple(_squash(c) for c in cells if _clean(c))


_HEADER_ROWS = 4
_HEADER_LABEL = frozenset({"一级指标", "三级指标", "指标值"})


def _header_block(rows: Sequence[RawRow]) -> tuple[list[list[str]], int]:
    """The header rows of a table (squashed cells) and the index of its first data row.

    The header is everything before the first row holding an amount; wide goal tables and budget
    tables always print the project's amount on its first row.
    """
    index = 0
    while index < len(rows) and not _has_amount(rows[index].cells):
        index += 1
    if index == len(rows):  # no amount at all: the header ends with the row naming the indicator columns
        labelled = [
            n for n, r in enumerate(rows[:_HEADER_ROWS]) if _HEADER_LABEL.intersection(map(_squash, r.cells))
        ]
        index = labelled[-1] + 1 if labelled else 0
    header = [[_squash(c) for c in r.cells] for r in rows[:index] if not _blank_row(r.cells)]
    return (header, index) if header else ([], 0)


def _body(rows: Sequence[RawRow], header: list[list[str]], start: int) -> list[RawRow]:
    """Data rows: blank rows and header rows repeated after a page break left out."""
    repeated = {_signature(r) for r in header}
    return [r for r in rows[start:] if not _blank_row(r.cells) and _signature(r.cells) not in repeated]


def _column_labels(header: list[list[str]]) -> list[str]:
    """One label per column: the header path (``本年拨款/一般公共预算``), group labels carried right."""
    width = max((len(r) for r in header), default=0)
    paths: list[list[str]] = [[] for _ in range(width)]
    for depth, row in enumerate(header):
        below = header[depth + 1 :]
        carried = ""
        for i in range(width):
            text = row[i] if i < len(row) else ""
            has_below = any(i < len(r) and r[i] for r in below)
            if text:
                carried = text
                paths[i].append(text)
            elif carried and has_below:
                paths[i].append(carried)
            elif not has_below:
                carried = ""
    return ["/".join(p) for p in paths]


def _find(labels: Sequence[str], pattern: str, start: int = 0) -> int | None:
    compiled = re.compile(pattern)
    return next((i for i in range(start, len(labels)) if compiled.search(labels[i])), None)


def _first(*found: int | None, default: int) -> int:
    return next((f for f in found if f is not None), default)


def _id_columns(labels: Sequence[str]) -> tuple[int, int]:
    """The columns of the code and of the project's name (a 项目/专项 label before a 单位 one)."""
    code = _first(_find(labels, r"项目.{0,4}(?:编码|代码|编号)"), _find(labels, r"编码|代码|编号"), default=0)
    name = _first(
        _find(labels, r"(?:项目|专项).{0,4}名称|名称[(（](?:项目|专项)"),
        _find(labels, r"名称"),
        default=code + 1,
    )
    return code, name


# ---------------------------------------------------------------------------------------------
# Layout 2: wide tables (one row per project, indicator pairs per 一级)
# ---------------------------------------------------------------------------------------------


@dataclass
class _Pair:
    column: int
    level3: str
    value: str
    line: int
    level1: str = ""


@dataclass
class _PairRow:
    draft: _Draft
    main: bool
    width: int
    pairs: list[_Pair]


def _is_wide_table(header: list[list[str]]) -> bool:
    cells = [c for row in header for c in row]
    return (
        sum(1 for c in cells if c.startswith("三级指标")) >= 2 or sum(c in _LEVEL1_WORDS for c in cells) >= 2
    )


def _wide_layout(header: list[list[str]]) -> tuple[int, int, int, list[str], list[str]]:
    """Columns of code and name, the first amount column, the amount labels and the 一级 names in order."""
    labels = _column_labels(header)
    code, name = _id_columns(labels)
    first_indicator = _find(labels, r"三级指标|指标值") or len(labels)
    amount_labels = [lab.rsplit("/", 1)[-1] for lab in labels[max(code, name) + 1 : first_indicator]]
    groups = [
        c for row in header for c in row if c.endswith("指标") and not c.startswith(("三级", "二级", "一级"))
    ]
    levels = list(dict.fromkeys(groups)) or list(_LEVEL1_WORDS)
    return code, name, max(code, name) + 1, amount_labels, levels


def _wide_projects(rows: Sequence[RawRow], header: list[list[str]], known: frozenset[str]) -> list[_Draft]:
    """Projects of a wide goal table; ``known`` are the (squashed) names in the budget tables."""
    reader = _WideReader(header, rows, known)
    for row in rows:
        reader.feed(row)
    return reader.finish()


class _WideReader:
    def __init__(self, header: list[list[str]], rows: Sequence[RawRow], known: frozenset[str]) -> None:
        self.code_col, self.name_col, self.amount_col, self.amount_labels, self.levels = _wide_layout(header)
        self.code_length = _modal_code_length(_code(_cell(r.cells, self.code_col)) for r in rows)
        self.known = known
        self.drafts: list[_Draft] = []
        self.pair_rows: list[_PairRow] = []
        self.unit_code: str | None = None

    def feed(self, row: RawRow) -> None:
        code, name = _code(_cell(row.cells, self.code_col)), _clean(_cell(row.cells, self.name_col))
        amounts, rest = _split_amounts(row.cells, self.amount_col, len(self.amount_labels))
        pairs = _pairs(rest, row.line)
        previous = self.drafts[-1] if self.drafts else None
        if code and not pairs and (not name or _is_unit_code(code)):
            # 036 (the department) or 036001 济源…医疗保障局 (a unit): not a project
            self.unit_code = code if _is_unit_code(code) and len(code) > 3 else self.unit_code
            return
        if (
            previous
            and code
            and _continues_code(previous, (code, name), self.code_length, amounts, self.known)
        ):
            previous.code = (previous.code or "") + code
            previous.name = _merge_fragment(previous.name, name)
            self.pair_rows.append(_PairRow(previous, False, len(row.cells), pairs))
        elif code or (name and any(a is not None for a in amounts)):
            draft = _Draft(
                row.line, None if _is_unit_code(code) else code or None, name, unit_code=self.unit_code
            )
            _set_amounts(draft, self.amount_labels, amounts)
            self.drafts.append(draft)
            self.pair_rows.append(_PairRow(draft, True, len(row.cells), pairs))
        elif previous:
            if name:  # the rest of a name broken by a page break
                previous.name = _merge_fragment(previous.name, name)
            self.pair_rows.append(_PairRow(previous, False, len(row.cells), pairs))

    def finish(self) -> list[_Draft]:
        _assign_levels(self.pair_rows, self.levels)
        for pair_row in self.pair_rows:
            pair_row.draft.indicators.extend(
                _indicator((p.level1, ""), p.level3, p.value, p.line) for p in pair_row.pairs
            )
        return self.drafts


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _modal_code_length(codes: Iterable[str]) -> int:
    lengths = Counter(len(c) for c in codes if len(c) > _UNIT_CODE_MAX)
    return lengths.most_common(1)[0][0] if lengths else 0


def _continues_code(
    previous: _Draft,
    row: tuple[str, str],
    code_length: int,
    amounts: list[Decimal | None],
    known: frozenset[str],
) -> bool:
    """A project row broken by a page break: the last digits of its code start the next row.

    The joined code has the length of the table's other codes, or the joined name is a project of
    the budget tables where the parts are not; the amounts, repeated, agree.
    """
    code, name = row
    if not previous.code or not _DIGITS.match(code) or len(code) > 3:
        return False
    if amounts[0] is not None and amounts[0] != previous.amount:
        return False
    if len(previous.code) + len(code) == code_length:
        return True
    joined = _squash(_merge_fragment(previous.name, name))
    return joined in known and _squash(previous.name) not in known and _squash(name) not in known


def _split_amounts(
    cells: Sequence[str], start: int, count: int
) -> tuple[list[Decimal | None], list[tuple[int, str]]]:
    amounts: list[Decimal | None] = []
    index = start
    while index < min(len(cells), start + count):
        text = _clean(cells[index])
        if text and not is_amount(text):
            break
        amounts.append(_amount(text))
        index += 1
    amounts.extend([None] * (count - len(amounts)))
    rest = [(i, _clean(cells[i])) for i in range(index, len(cells)) if _clean(cells[i])]
    return amounts, [(i, t) for i, t in rest if not _DASHES.match(t)]


def _set_amounts(draft: _Draft, labels: Sequence[str], amounts: Sequence[Decimal | None]) -> None:
    for position, (label, value) in enumerate(zip(labels, amounts, strict=False)):
        if position == 0 or re.search(r"合计|总计|总额|项目金额", label):
            draft.amount = value if draft.amount is None else draft.amount
        else:
            draft.funding[label] = value


def _pairs(cells: list[tuple[int, str]], line: int) -> list[_Pair]:
    """Pairs ``三级指标 | 指标值`` from the filled cells of a row, in order.

    A value is the next filled cell if it stands beside its name or reads as a number; otherwise the
    name has no value printed.
    """
    if len(cells) % 2:
        cells = _split_one(cells)
    pairs: list[_Pair] = []
    index = 0
    while index < len(cells):
        column, name = cells[index]
        following = cells[index + 1] if index + 1 < len(cells) else None
        if following and (following[0] - column <= 1 or parse_indicator_value(following[1])[1] is not None):
            pairs.append(_Pair(column, name, following[1], line))
            index += 2
        else:
            pairs.append(_Pair(column, name, "", line))
            index += 1
    return pairs


def _split_one(cells: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """An odd number of cells: one cell holds a name and its value (``每人缴纳大病保险 130元``)."""
    for position, (column, text) in enumerate(cells):
        head, _, tail = text.rpartition(" ")
        if head.strip() and parse_indicator_value(tail)[1] is not None:
            return [*cells[:position], (column, head.strip()), (column, tail), *cells[position + 1 :]]
    return cells


def _allowed(level: str, pair: _Pair) -> bool:
    satisfied = "满意" in pair.level3
    if "满意" in level:
        return satisfied
    if satisfied:
        return False
    if "成本" in level:
        unit = parse_indicator_value(pair.value)[2] or ""
        return "元" in unit or "成本" in pair.level3
    return True


def _ordered(pairs: Sequence[_Pair], levels: Sequence[str]) -> list[str]:
    """The 一级 of each pair if levels run left to right; ``""`` where the content leaves a choice."""
    options = [
        combo
        for combo in itertools.combinations(levels, len(pairs))
        if all(_allowed(level, pair) for level, pair in zip(combo, pairs, strict=True))
    ]
    if not options:
        return [""] * len(pairs)
    return [column[0] if len(set(column)) == 1 else "" for column in zip(*options, strict=True)]


def _mapped(pairs: Sequence[_Pair], columns: Mapping[int, str], levels: Sequence[str]) -> list[str] | None:
    """Levels from a column grid; ``None`` unless every pair sits on a known column in order and fits."""
    found = [columns.get(p.column, "") for p in pairs]
    if not all(found) or not all(_allowed(lv, p) for lv, p in zip(found, pairs, strict=True)):
        return None
    order = [levels.index(lv) for lv in found]
    return found if order == sorted(set(order)) else None


def _assign_levels(pair_rows: list[_PairRow], levels: Sequence[str]) -> None:
    grids = _learn_grids(pair_rows, levels)
    main_columns: dict[int, dict[int, str]] = {}
    for number, pair_row in enumerate(pair_rows):
        grid = grids.get(number)
        if pair_row.main:
            found = (_mapped(pair_row.pairs, grid, levels) if grid else None) or _ordered(
                pair_row.pairs, levels
            )
            main_columns[id(pair_row.draft)] = {
                p.column: lv for p, lv in zip(pair_row.pairs, found, strict=True) if lv
            }
        else:
            reference = grid or main_columns.get(id(pair_row.draft), {})
            found = _continuation_levels(pair_row.pairs, reference, levels)
        for pair, level in zip(pair_row.pairs, found, strict=True):
            pair.level1 = level


def _continuation_levels(
    pairs: Sequence[_Pair], columns: Mapping[int, str], levels: Sequence[str]
) -> list[str]:
    by_content = _ordered(pairs, levels) if len(pairs) > 1 or any("满意" in p.level3 for p in pairs) else None
    by_column = _mapped(pairs, columns, levels)
    if by_column is None:
        return by_content or [""] * len(pairs)
    if by_content and any(c and c != m for c, m in zip(by_content, by_column, strict=True)):
        return [""] * len(pairs)
    return by_column


def _learn_grids(pair_rows: list[_PairRow], levels: Sequence[str]) -> dict[int, dict[int, str]]:
    """Column → 一级 for each run of rows of one width (one printed page), from its complete rows.

    A row with a pair for every 一级 cannot have lost an empty cell; rows with fewer pairs may have.
    """
    grids: dict[int, dict[int, str]] = {}
    for _, run in itertools.groupby(range(len(pair_rows)), key=lambda n: pair_rows[n].width):
        numbers = list(run)
        grid = _grid_of([pair_rows[n] for n in numbers], levels)
        grids.update({n: grid for n in numbers if grid})
    return grids


def _grid_of(rows: Sequence[_PairRow], levels: Sequence[str]) -> dict[int, str]:
    grid: dict[int, str] = {}
    conflicts: set[int] = set()
    for row in rows:
        if not row.main or len(row.pairs) != len(levels):
            continue
        found = _ordered(row.pairs, levels)
        if not all(found):
            continue
        for pair, level in zip(row.pairs, found, strict=True):
            if grid.setdefault(pair.column, level) != level:
                conflicts.add(pair.column)
    return {column: level for column, level in grid.items() if column not in conflicts}


# ---------------------------------------------------------------------------------------------
# Layout 3: long tables (one row per indicator, project columns repeated)
# ---------------------------------------------------------------------------------------------

_VALUE_TYPES = frozenset({"定量", "定性"})


@dataclass(frozen=True)
class _LongColumns:
    code: int
    name: int
    amount: int | None
    goal: int | None
    level1: int
    level2: int
    level3: int
    value: int

    @classmethod
    def of(cls, labels: Sequence[str]) -> _LongColumns | None:
        last = [lab.rsplit("/", 1)[-1] for lab in labels]
        level1 = _find(last, r"^一级指标")
        if level1 is None:
            return None
        code, name = _id_columns(last)
        return cls(
            code=code,
            name=name,
            amount=_find(last, r"资金总额|金额|合计|预算数"),
            goal=_find(last, r"绩效目标"),
            level1=level1,
            level2=_find(last, r"^二级指标") or level1 + 1,
            level3=_find(last, r"^三级指标") or level1 + 2,
            value=_find(last, r"^(?:指标值|目标值)$") or level1 + 3,
        )


_LEVEL2 = re.compile(
    r"^(?:数量|质量|时效|成本|经济|社会|生态|生态环境|可持续影响|服务对象满意度|满意度)(?:效益|成本|影响)?指标$"
)


def _anchor(cells: Sequence[str], columns: _LongColumns) -> int:
    """How far a row's indicator cells are shifted from the header's columns (some rows start at 0)."""
    texts = [_squash(c) for c in cells]
    if _cell(texts, columns.level1) in _LEVEL1_WORDS or _LEVEL2.match(_cell(texts, columns.level2)):
        return 0
    for index, text in enumerate(texts):
        if text in _LEVEL1_WORDS:
            return index - columns.level1
    for index, text in enumerate(texts):
        if _LEVEL2.match(text) and index not in (columns.name, columns.goal):
            return index - columns.level2
    return 0


class _LongReader:
    def __init__(self, columns: _LongColumns) -> None:
        self.columns = columns
        self.drafts: list[_Draft] = []
        self.levels = ("", "")
        self.unit_code: str | None = None

    def feed(self, row: RawRow) -> None:
        cells = [_clean(c) for c in row.cells]
        shift = _anchor(cells, self.columns)
        if shift >= 0:
            self._project(row, cells)
        if not self.drafts:
            return

        def cell(index: int) -> str:
            return _cell(cells, index + shift) if index + shift >= 0 else ""

        level1 = cell(self.columns.level1) or self.levels[0]
        level2 = cell(self.columns.level2) or (self.levels[1] if not cell(self.columns.level1) else "")
        self.levels = (level1, level2)
        level3, value = cell(self.columns.level3), cell(self.columns.value)
        if level3 or value:
            position = self.columns.value + shift
            self.drafts[-1].indicators.append(
                _indicator((level1, level2), level3, value, row.line, *self._details(cells, position))
            )

    def _project(self, row: RawRow, cells: list[str]) -> None:
        code, name = _code(_cell(cells, self.columns.code)), _cell(cells, self.columns.name)
        if not code and not name:
            return
        unit_code = code if _is_unit_code(code) else self.unit_code
        last = self.drafts[-1] if self.drafts else None
        if (
            last
            and last.name == name
            and last.unit_code == unit_code
            and (last.code or "") == ("" if _is_unit_code(code) else code)
        ):
            return
        if last and not last.goal and not last.indicators:
            self.unit_code = self.drafts.pop().unit_code
        draft = _Draft(
            line=row.line, code=None if _is_unit_code(code) else code or None, name=name, unit_code=unit_code
        )
        draft.amount = _amount(_cell(cells, self.columns.amount)) if self.columns.amount is not None else None
        draft.goal = _cell(cells, self.columns.goal) if self.columns.goal is not None else ""
        self.drafts.append(draft)
        self.levels = ("", "")

    @staticmethod
    def _details(cells: Sequence[str], value_at: int) -> tuple[str, str, str | None]:
        """(指标值内容, 其余说明, 度量单位) from the cells after the value, found by content."""
        after = [(i, c) for i, c in enumerate(cells) if i > value_at and c]
        kinds = [i for i, c in after if c in _VALUE_TYPES]
        unit_cell = None
        if kinds:
            before = [c for i, c in after if i < kinds[0]]
            unit_cell = before[-1] if before else None
        rest = [c for _, c in after if c not in _VALUE_TYPES and c != unit_cell]
        return "；".join(rest), "", unit_cell

    def finish(self) -> list[_Draft]:
        return [d for d in self.drafts if d.goal or d.indicators]


def _long_projects(rows: Sequence[RawRow], columns: _LongColumns) -> list[_Draft]:
    reader = _LongReader(columns)
    for row in rows:
        reader.feed(row)
    return reader.finish()


# ---------------------------------------------------------------------------------------------
# Budget tables (项目支出预算表, 专项资金预算汇总表): category and amounts by fund
# ---------------------------------------------------------------------------------------------

_ORGANISATION = re.compile(r"(?:局|中心|委员会|办公室|院|所|站|馆|队|处|厅|部|委|会)(?:[(（][^)）]*[)）])?$")
_TOTAL_NAMES = frozenset({"合计", "总计", "小计"})


@dataclass
class _BudgetLine:
    name: str
    line: int
    unit_code: str | None
    category: str | None
    amount: Decimal | None
    funding: dict[str, Decimal | None]


@dataclass(frozen=True)
class _BudgetColumns:
    code: int
    name: int
    category: int | None
    amounts: tuple[tuple[int, str], ...]  # the total first

    @classmethod
    def of(cls, labels: Sequence[str], body: Sequence[RawRow]) -> _BudgetColumns:
        code, name = _id_columns(labels)
        category = _find(labels, r"项目类型|项目类别|支出类型|项目性质")
        numeric = [
            i
            for i in range(len(labels))
            if i not in (code, name, category) and all(_is_amount_or_empty(_cell(r.cells, i)) for r in body)
        ]
        total = next(
            (i for i in numeric if re.search(r"合计|总计|总额", labels[i])), numeric[0] if numeric else None
        )
        ordered = ([total] if total is not None else []) + [i for i in numeric if i != total]
        # The group over the total (预算额度 in 预算额度/总计) is over every amount: it says nothing.
        wrapper = labels[total].rpartition("/")[0] if total is not None else ""
        return cls(code, name, category, tuple((i, _without_group(labels[i], wrapper)) for i in ordered))


def _without_group(label: str, group: str) -> str:
    return label.removeprefix(group + "/") if group else label


def _is_amount_or_empty(cell: str) -> bool:
    text = _clean(cell)
    return not text or is_amount(text)


def _budget_lines(table: Table) -> list[_BudgetLine]:
    header, start = _header_block(table.raw)
    if not header:
        return []
    body = _body(table.raw, header, start)
    columns = _BudgetColumns.of(_column_labels(header), body)
    entries = [_budget_entry(row, columns) for row in body]
    lines: list[_BudgetLine] = []
    unit_code: str | None = None
    for position, (row, entry) in enumerate(zip(body, entries, strict=True)):
        if entry is None:
            continue
        code = _code(_cell(row.cells, columns.code))
        if _is_unit_row(entry, columns, entries[position + 1 :]):
            unit_code = code if _is_unit_code(code) and len(code) > 3 else unit_code
            continue
        entry.unit_code = code if _is_unit_code(code) else unit_code
        lines.append(entry)
    return lines


def _budget_entry(row: RawRow, columns: _BudgetColumns) -> _BudgetLine | None:
    name = _clean(_cell(row.cells, columns.name))
    if not name or _squash(name) in _TOTAL_NAMES:
        return None
    values = [(label, _amount(_cell(row.cells, i))) for i, label in columns.amounts]
    category = _clean(_cell(row.cells, columns.category)) if columns.category is not None else ""
    return _BudgetLine(
        name=name,
        line=row.line,
        unit_code=None,
        category=category or None,
        amount=values[0][1] if values else None,
        funding=dict(values[1:]),
    )


def _is_unit_row(entry: _BudgetLine, columns: _BudgetColumns, after: Sequence[_BudgetLine | None]) -> bool:
    """A row for the department or one of its units rather than a project.

    With a 项目类型 column, the row without one; else a row named like an organisation whose
    amount is the sum of the rows below it.
    """
    if columns.category is not None:
        return entry.category is None
    if not _ORGANISATION.search(entry.name) or entry.amount is None:
        return False
    total = Decimal(0)
    for other in after:
        if other is None:
            continue
        if _ORGANISATION.search(other.name):
            break
        total += other.amount or Decimal(0)
    return total == entry.amount


# ---------------------------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------------------------


def extract_projects(tables: Sequence[Table]) -> tuple[Project, ...]:
    """Projects with their goals, categories and funding from a disclosure's tables, in document order."""
    lines = _distinct([line for t in tables if t.kind is TableKind.PROJECTS for line in _budget_lines(t)])
    known = frozenset(_squash(line.name) for line in lines)
    drafts = _join_pages(
        [d for t in tables if t.kind is TableKind.PERFORMANCE_PROJECTS for d in _goal_projects(t, known)]
    )
    matches = _match(drafts, lines)
    projects = [draft.project(lines[matches[n]] if n in matches else None) for n, draft in enumerate(drafts)]
    matched = set(matches.values())
    projects.extend(_budget_only(line) for j, line in enumerate(lines) if j not in matched)
    return tuple(projects)


def _goal_projects(table: Table, known: frozenset[str] = frozenset()) -> list[_Draft]:
    if not table.raw:
        return []
    if _is_key_value_table(table):
        return _key_value_projects(table)
    header, start = _header_block(table.raw)
    if not header:
        return []
    body = _body(table.raw, header, start)
    long_columns = _LongColumns.of(_column_labels(header))
    if long_columns is not None:
        return _long_projects(body, long_columns)
    if _is_wide_table(header):
        return _wide_projects(body, header, known)
    return []


def _join_pages(drafts: list[_Draft]) -> list[_Draft]:
    """A project continued in the next table (the same table cut at a page break) is one project."""
    joined: list[_Draft] = []
    for draft in drafts:
        last = joined[-1] if joined else None
        if last and (last.code, last.name, last.unit_code) == (draft.code, draft.name, draft.unit_code):
            last.indicators.extend(draft.indicators)
            last.goal = last.goal or draft.goal
            continue
        joined.append(draft)
    return joined


def _distinct(lines: list[_BudgetLine]) -> list[_BudgetLine]:
    kept: dict[tuple[str, str | None, Decimal | None], _BudgetLine] = {}
    for line in lines:
        key = (_squash(line.name), line.unit_code, line.amount)
        if key in kept:
            kept[key].category = kept[key].category or line.category
            for label, value in line.funding.items():
                kept[key].funding.setdefault(label, value)
        else:
            kept[key] = line
    return list(kept.values())


def _compatible(draft: _Draft, line: _BudgetLine) -> bool:
    return draft.unit_code is None or line.unit_code is None or draft.unit_code == line.unit_code


def _match(drafts: Sequence[_Draft], lines: Sequence[_BudgetLine]) -> dict[int, int]:
    """Goal-table project → budget line: the same name first, then a near name with the same amount."""
    matches: dict[int, int] = {}
    for n, draft in enumerate(drafts):
        same = [
            j
            for j, line in enumerate(lines)
            if j not in matches.values()
            and _squash(line.name) == _squash(draft.name)
            and _compatible(draft, line)
        ]
        equal = [j for j in same if lines[j].amount == draft.amount]
        if equal or len(same) == 1:
            matches[n] = (equal or same)[0]
    for n, draft in enumerate(drafts):
        if n not in matches:
            j = _near(draft, lines, set(matches.values()))
            if j is not None and _near(lines[j], drafts, set(matches)) == n:
                matches[n] = j
    return matches


_NEAR = 0.85  # similarity of two names (difflib ratio) to be taken for the same project
_MARGIN = 0.05  # by which the best candidate must beat the next one


def _near(item: _Draft | _BudgetLine, others: Sequence[_Draft | _BudgetLine], taken: set[int]) -> int | None:
    """The one candidate whose name is close to ``item``'s and whose amount and unit agree."""
    scores: list[tuple[float, int]] = []
    for j, other in enumerate(others):
        if j in taken or other.amount is None or other.amount != item.amount:
            continue
        if item.unit_code and other.unit_code and item.unit_code != other.unit_code:
            continue
        ratio = difflib.SequenceMatcher(None, _squash(item.name), _squash(other.name)).ratio()
        scores.append((ratio, j))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < _NEAR or (len(scores) > 1 and scores[1][0] >= scores[0][0] - _MARGIN):
        return None
    return scores[0][1]


def _budget_only(line: _BudgetLine) -> Project:
    return Project(
        code=None,
        name=line.name,
        amount=line.amount,
        funding=dict(line.funding),
        schedule={},
        goal="",
        indicators=(),
        line=line.line,
        unit_code=line.unit_code,
        category=line.category,
    )
