"""The public result types of the store (stable: the web app builds on them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from yusuan.errors import YusuanError


class StoreError(YusuanError):
    """The store cannot be opened or written (bad path or URL, server down, wrong schema …)."""


class IngestStatus(StrEnum):
    ADDED = "added"  # a new document (first of its department + year + kind + scope)
    REVISED = "revised"  # a new version of a document already stored: now the current one
    UNCHANGED = "unchanged"  # the same content (by hash) is already stored: nothing written
    FAILED = "failed"  # could not be read, checked or written: nothing written


@dataclass(frozen=True, slots=True)
class IngestItem:
    """What happened to one input."""

    source: str  # the path as given (or the source name)
    status: IngestStatus
    doc_id: str | None = None  # set unless failed
    revision: int | None = None
    message: str | None = None  # the one-line Chinese reason, for a failure


@dataclass(frozen=True, slots=True)
class IngestResult:
    items: tuple[IngestItem, ...]
    seconds: float = 0.0
    workers: int = 1
    # Where the time went: CPU seconds per stage in the workers (read, parse, check, rows),
    # and the single writer's CPU and wall seconds (write_cpu, write_wall).
    stages: Mapping[str, float] = field(default_factory=dict)

    def _with(self, status: IngestStatus) -> tuple[IngestItem, ...]:
        return tuple(i for i in self.items if i.status is status)

    @property
    def added(self) -> tuple[IngestItem, ...]:
        return self._with(IngestStatus.ADDED)

    @property
    def revised(self) -> tuple[IngestItem, ...]:
        return self._with(IngestStatus.REVISED)

    @property
    def unchanged(self) -> tuple[IngestItem, ...]:
        return self._with(IngestStatus.UNCHANGED)

    @property
    def failed(self) -> tuple[IngestItem, ...]:
        return self._with(IngestStatus.FAILED)

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One stored document (a row of ``documents``)."""

    doc_id: str
    content_hash: str
    source_name: str
    department: str | None
    unit_code: str | None
    year: int | None
    kind: str  # 预算 / 决算
    scope: str | None  # 部门 / 单位
    unit: str | None  # 万元 / 元
    revision: int
    is_current: bool
    ingested_at: datetime
    partial: bool
    skipped: tuple[str, ...]
    errors: int
    warnings: int
    infos: int
    tables: int


@dataclass(frozen=True, slots=True)
class StoredColumn:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class StoredRow:
    code: str | None
    name: str | None
    level: int | None
    values: Mapping[str, Decimal | None]  # column key → printed amount; empty cells are absent
    line: int | None
    section: str | None = None
    unit_code: str | None = None
    scheme: str | None = None


@dataclass(frozen=True, slots=True)
class StoredTable:
    table_no: int
    kind: str
    title: str
    unit: str | None
    year: int | None
    line: int | None
    page: int | None
    empty: bool
    notes: tuple[str, ...]
    columns: tuple[StoredColumn, ...]
    rows: tuple[StoredRow, ...]


@dataclass(frozen=True, slots=True)
class StoredFact:
    key: str
    value: Decimal
    unit: str | None
    text: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class StoredFigure:
    """A key figure of the document in 万元: from its tables where printed, else its text."""

    key: str
    value_wan: Decimal
    origin: str  # table / text
    label: str | None


@dataclass(frozen=True, slots=True)
class StoredFinding:
    rule: str
    family: str
    severity: str  # error / warning / info
    message: str
    rounding: bool
    fingerprint: str
    expected: Decimal | None
    actual: Decimal | None
    table_kind: str | None
    table_title: str | None
    row_code: str | None
    row_name: str | None
    column_key: str | None
    column_label: str | None
    line: int | None
    page: int | None
    locations: tuple[Mapping[str, Any], ...]  # every place, as in the check JSON


@dataclass(frozen=True, slots=True)
class StoredIndicator:
    level1: str | None
    level2: str | None
    level3: str | None
    description: str | None
    value: str | None
    comparator: str | None
    number: Decimal | None
    value_unit: str | None
    basis: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class StoredProject:
    project_no: int
    code: str | None
    name: str
    amount: Decimal | None
    category: str | None
    unit_code: str | None
    goal: str | None
    line: int | None
    indicators: tuple[StoredIndicator, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredProcurement:
    project: str | None
    item: str | None
    catalogue_code: str | None
    measure: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None
    line: int | None


@dataclass(frozen=True, slots=True)
class StoredAsset:
    name: str
    quantity: Decimal | None
    value: Decimal | None
    level: int
    line: int | None


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    summary: DocumentSummary
    tables: tuple[StoredTable, ...]
    facts: tuple[StoredFact, ...]
    figures: tuple[StoredFigure, ...]
    findings: tuple[StoredFinding, ...]
    projects: tuple[StoredProject, ...]
    procurement: tuple[StoredProcurement, ...]
    assets: tuple[StoredAsset, ...]
    revisions: tuple[DocumentSummary, ...] = ()  # every stored version of this document, oldest first


@dataclass(frozen=True, slots=True)
class DepartmentSummary:
    department: str
    years: tuple[int, ...]
    documents: int  # current documents


@dataclass(frozen=True, slots=True)
class QueryParam:
    name: str
    label: str  # Chinese, for forms and help
    type: type  # int, str or bool
    required: bool = False
    help: str = ""


@dataclass(frozen=True, slots=True)
class QuerySpec:
    """A ready analysis: ``yusuan query NAME``, ``Store.query(NAME, **filters)``."""

    name: str
    title: str  # Chinese
    description: str  # Chinese
    params: tuple[QueryParam, ...]
    columns: tuple[tuple[str, str], ...]  # (column name, Chinese label), in output order

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True, slots=True)
class QueryResult:
    name: str
    title: str
    columns: tuple[str, ...]
    labels: tuple[str, ...]  # Chinese column headers, same order
    rows: tuple[tuple[Any, ...], ...]
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]
