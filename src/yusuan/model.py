"""The canonical model of a budget disclosure.

Every reader (text, DOCX, XLSX, PDF, HTML) produces a :class:`Disclosure`; every later stage
(check, render, store) consumes one. The types are frozen dataclasses; every amount is a
``Decimal`` exactly as printed (never a float), and every number carries the source line
(and page, where the format has pages) it was read from.

Vocabulary (table kinds, fact keys) follows ``DOMAIN.md`` of the project.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from yusuan.frozen import fast_init

SCHEMA_VERSION = "yusuan.disclosure/1"


class Scope(StrEnum):
    """Whether the document is a whole department's budget or one unit's."""

    DEPARTMENT = "部门"
    UNIT = "单位"


class DocumentKind(StrEnum):
    BUDGET = "预算"
    FINAL_ACCOUNTS = "决算"


class TableKind(StrEnum):
    SUMMARY = "summary"
    INCOME = "income"
    EXPENDITURE = "expenditure"
    FISCAL_SUMMARY = "fiscal_summary"
    GENERAL_PUBLIC = "general_public"
    GENERAL_PUBLIC_BASIC = "general_public_basic"
    GENERAL_PUBLIC_BASIC_DETAIL = "general_public_basic_detail"
    ECONOMIC_SUMMARY = "economic_summary"
    GOV_FUND = "gov_fund"
    STATE_CAPITAL = "state_capital"
    SPECIAL_ACCOUNT = "special_account"
    THREE_PUBLIC = "three_public"
    PROJECTS = "projects"
    PERFORMANCE_PROJECTS = "performance_projects"
    PERFORMANCE_OVERALL = "performance_overall"
    PROCUREMENT = "procurement"
    ASSETS = "assets"
    ORGANIZATION = "organization"
    OTHER = "other"


class CodeScheme(StrEnum):
    """Which classification a row's code belongs to."""

    FUNCTION = "function"  # 支出功能分类科目: 210 / 21015 / 2101501
    DEPT_ECONOMIC = "dept_economic"  # 部门预算支出经济分类: 301 / 30101
    GOV_ECONOMIC = "gov_economic"  # 政府预算支出经济分类: 501 / 50101
    PROJECT = "project"  # 项目编码
    PROCUREMENT = "procurement"  # 政府采购目录: A05040101


@dataclass(frozen=True, slots=True)
class Column:
    """A value column. ``key`` is stable across documents; ``label`` is the printed header path."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table.

    ``values`` maps column keys to the printed amount, or ``None`` for an empty cell.
    ``section`` tells the block of a side-by-side table (``income`` / ``expenditure`` /
    ``economic_dept`` / ``economic_gov``), ``None`` elsewhere. ``unit_code`` is set on rows that
    stand for a unit or department (``036001``) rather than a classification line.
    """

    code: str | None
    name: str
    level: int | None
    values: Mapping[str, Decimal | None]
    line: int
    page: int | None = None
    scheme: CodeScheme | None = None
    unit_code: str | None = None
    section: str | None = None
    # Secondary classification printed on the same row (e.g. 政府预算经济分类 beside 部门预算经济分类).
    code2: str | None = None
    name2: str | None = None
    # Text printed in non-amount columns (项目类型, 计量单位 …), by column label.
    attrs: Mapping[str, str] = field(default_factory=dict)
    # True when the reader's cells were realigned: text extracted from a PDF dropped an empty
    # cell inside the row, and the table's own column sums showed where (see extract.tables).
    repaired: bool = False


@dataclass(frozen=True, slots=True)
class RawRow:
    """Cells of one printed row as read, before interpretation (kept for tables like goal tables)."""

    cells: tuple[str, ...]
    line: int
    page: int | None = None
    collapsed: bool = False  # merged cells printed once (see formats.base.CellRow)


@dataclass(frozen=True, slots=True)
class Table:
    kind: TableKind
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...]
    empty: bool
    line: int
    page: int | None = None
    unit: str | None = None  # 万元 / 元 as printed for this table
    year: int | None = None  # budget year printed in the title or header
    raw: tuple[RawRow, ...] = field(default=(), repr=False, compare=False)
    # The file this came from, when a disclosure combines several files (else None).
    source: str | None = None
    # The source line where each of ``notes`` starts (same order); empty when not known.
    note_lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    """A number stated in the explanatory text."""

    key: str
    value: Decimal
    unit: str
    text: str
    line: int
    page: int | None = None
    # The file this came from, when a disclosure combines several files (else None).
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    level1: str
    level2: str
    level3: str
    description: str
    value: str  # as printed: ≥95%, ≤28.65万元, 及时
    comparator: str | None  # >=, <=, >, <, =
    number: Decimal | None
    value_unit: str | None
    basis: str
    line: int


@dataclass(frozen=True, slots=True)
class Project:
    code: str | None
    name: str
    amount: Decimal | None
    funding: Mapping[str, Decimal | None]
    schedule: Mapping[str, Decimal]  # 3月底 -> 25 (percent, cumulative)
    goal: str
    indicators: tuple[Indicator, ...]
    line: int
    unit_code: str | None = None
    category: str | None = None  # 其他运转类 / 特定目标类
    description: str = ""  # 预算规模及资金用途
    # The file this came from, when a disclosure combines several files (else None).
    source: str | None = None


@dataclass(frozen=True, slots=True)
class ProcurementItem:
    project: str
    item: str
    catalogue_code: str | None
    measure: str | None  # 计量单位
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None
    line: int
    project_budget: Decimal | None = None
    values: Mapping[str, Decimal | None] = field(default_factory=dict)
    # The file this came from, when a disclosure combines several files (else None).
    source: str | None = None


@dataclass(frozen=True, slots=True)
class AssetLine:
    name: str
    quantity: Decimal | None
    value: Decimal | None
    line: int
    level: int = 1  # 0 = the total (资产总额), 1 = a category, 2 = an of-which line (其中：…)
    # The file this came from, when a disclosure combines several files (else None).
    source: str | None = None


@dataclass(frozen=True, slots=True)
class OrgUnit:
    name: str
    nature: str | None  # 单位性质: 行政 / 事业 / 参公
    rank: str | None  # 单位规格: 正处级 ...
    funding_form: str | None  # 经费保障形式
    line: int
    code: str | None = None
    # The file this came from, when a disclosure combines several files (else None).
    source: str | None = None


@dataclass(frozen=True, slots=True)
class TocEntry:
    title: str
    line: int
    number: str | None = None
    # The file this came from, when a disclosure combines several files (else None).
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    line: int
    page: int | None = None
    # The file this came from, when a disclosure combines several files (else None).
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Disclosure:
    source: str
    department: str | None
    unit_code: str | None
    year: int | None
    scope: Scope | None
    kind: DocumentKind
    unit: str | None  # the document's main currency unit (万元 / 元)
    organization: tuple[OrgUnit, ...] = ()
    toc: tuple[TocEntry, ...] = ()
    tables: tuple[Table, ...] = ()
    facts: tuple[Fact, ...] = ()
    projects: tuple[Project, ...] = ()
    procurement: tuple[ProcurementItem, ...] = ()
    assets: tuple[AssetLine, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    partial: bool = False
    skipped: tuple[str, ...] = ()
    layout: str | None = None
    schema: str = SCHEMA_VERSION

    def tables_of(self, kind: TableKind) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if t.kind is kind)

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)


# Rows, cells and facts are made by the thousand per document: construct them faster.
for _model in (
    Column,
    Row,
    RawRow,
    Table,
    Fact,
    Indicator,
    Project,
    ProcurementItem,
    AssetLine,
    OrgUnit,
    TocEntry,
    Paragraph,
    Disclosure,
):
    fast_init(_model)
del _model
