"""A parsed and checked disclosure as rows of the store's tables, in CSV text.

This runs in the worker processes of an ingest: everything a document needs except its
``documents`` row (revision and current flag depend on what the store already holds) is turned
into CSV here, so the single writer only concatenates text and hands it to the database's bulk
loader (DuckDB ``COPY``, PostgreSQL ``COPY FROM STDIN``). An empty text is stored as NULL.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yusuan.model import CodeScheme, Disclosure, Table, TableKind
from yusuan.rules.config import CheckConfig
from yusuan.rules.context import UNIT_YUAN, CheckContext
from yusuan.rules.engine import CheckReport
from yusuan.rules.findings import Finding, Location
from yusuan.rules.tables import clean
from yusuan.store.schema import CHILD_TABLES, FIGURE_KEYS

DOC_ID_DIGITS = 16
WAN = "万元"
ZERO = Decimal(0)
LEVELS = {3: 1, 5: 2, 7: 3}  # code length → 类 / 款 / 项


@dataclass(frozen=True, slots=True)
class DocumentHead:
    """The fields of a document's ``documents`` row that come from the document itself."""

    doc_id: str
    content_hash: str
    source_name: str
    department: str | None
    unit_code: str | None
    year: int | None
    kind: str
    scope: str | None
    unit: str | None
    layout: str | None
    doc_key: str
    partial: bool
    skipped: tuple[str, ...]
    errors: int
    warnings: int
    infos: int
    table_count: int


@dataclass(frozen=True, slots=True)
class Prepared:
    """One document ready to be written: its head and the CSV text of each child table."""

    head: DocumentHead
    csv: Mapping[str, str]
    rows: int  # CSV rows in all child tables (for batching)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def doc_id_of(hash_hex: str) -> str:
    return hash_hex[:DOC_ID_DIGITS]


def document_key(disclosure: Disclosure, source_name: str) -> str:
    """What makes two stored documents versions of one: department + year + kind + scope.

    A document that names no department is only a version of itself under its source name.
    """
    who = disclosure.department or f"source:{source_name}"
    scope = disclosure.scope.value if disclosure.scope else ""
    return f"{who}|{disclosure.year or ''}|{disclosure.kind.value}|{scope}"


def _num(value: Decimal | None) -> str | None:
    if value is None:
        return None
    if not value.is_finite():
        return None
    return format(value, "f")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _location(loc: Location) -> dict[str, Any]:
    place: dict[str, Any] = {}
    for name in (
        "line",
        "page",
        "table_kind",
        "table_title",
        "row_code",
        "row_name",
        "column",
        "column_label",
        "text",
        "source",
    ):
        item = getattr(loc, name)
        if item is not None:
            place[name] = item
    if loc.value is not None:
        place["value"] = _num(loc.value)
    return place


class _Sheets:
    """One CSV buffer per child table."""

    def __init__(self) -> None:
        self.buffers = {t: io.StringIO() for t in CHILD_TABLES}
        self.writers = {t: csv.writer(b, lineterminator="\n") for t, b in self.buffers.items()}
        self.count = 0

    def add(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        self.writers[table].writerows(rows)
        self.count += len(rows)

    def add_text(self, table: str, text: str, rows: int) -> None:
        self.buffers[table].write(text)
        self.count += rows

    def texts(self) -> dict[str, str]:
        return {t: b.getvalue() for t, b in self.buffers.items()}


def _table_rows(doc_id: str, tables: Sequence[Table], sheets: _Sheets) -> None:
    """``tables``, ``table_columns``, ``table_rows`` and ``cells`` (printed amounts only)."""
    heads: list[tuple[Any, ...]] = []
    columns: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    cells: list[str] = []
    for table_no, table in enumerate(tables, 1):
        heads.append(
            (
                doc_id,
                table_no,
                table.kind.value,
                table.title,
                table.unit,
                table.year,
                table.line,
                table.page,
                table.empty,
                _json(list(table.notes)) if table.notes else None,
                table.source,
                len(table.rows),
            )
        )
        numbers = {c.key: n for n, c in enumerate(table.columns, 1)}
        columns.extend((doc_id, table_no, n, c.key, c.label, True) for n, c in enumerate(table.columns, 1))
        for row_no, row in enumerate(table.rows, 1):
            rows.append(
                (
                    doc_id,
                    table_no,
                    row_no,
                    row.code,
                    row.name,
                    row.level,
                    row.scheme.value if row.scheme else None,
                    row.section,
                    row.unit_code,
                    row.code2,
                    row.name2,
                    _json(dict(row.attrs)) if row.attrs else None,
                    row.line,
                    row.page,
                )
            )
            for key, amount in row.values.items():
                if amount is None or not amount.is_finite():
                    continue  # an empty cell is not stored
                column_no = numbers.get(key)
                if column_no is None:  # a value under no printed column: keep it under its key
                    column_no = numbers[key] = len(numbers) + 1
                    columns.append((doc_id, table_no, column_no, key, key, False))
                # Numbers only: written directly, faster than the csv module for the most rows.
                cells.append(f"{doc_id},{table_no},{row_no},{column_no},{amount:f}\n")
    sheets.add("tables", heads)
    sheets.add("table_columns", columns)
    sheets.add("table_rows", rows)
    sheets.add_text("cells", "".join(cells), len(cells))


def _finding_row(doc_id: str, finding_no: int, f: Finding) -> tuple[Any, ...]:
    first = f.locations[0] if f.locations else Location()
    difference = f.difference
    return (
        doc_id,
        finding_no,
        f.rule,
        f.family,
        f.severity.value,
        f.message,
        f.rounding,
        f.fingerprint,
        _num(f.expected),
        _num(f.actual),
        _num(difference),
        first.table_kind,
        first.table_title,
        first.row_code,
        first.row_name,
        first.column,
        first.column_label,
        first.line,
        first.page,
        _json([_location(loc) for loc in f.locations]),
    )


def _to_wan(ctx: CheckContext, value: Decimal, unit: str | None) -> Decimal:
    return ctx.to_unit(value, unit or ctx.disclosure.unit, WAN)


def figure_rows(
    doc_id: str, disclosure: Disclosure, config: CheckConfig, context: CheckContext | None = None
) -> list[tuple[Any, ...]]:
    """The key figures in 万元: the table figure a fact key names, else the stated fact.

    ``context``: the check's own, whose figures are already worked out (else a new one)."""
    from yusuan.rules.text import table_figure

    ctx = (
        context
        if context is not None and context.disclosure is disclosure
        else CheckContext(disclosure, config)
    )
    rows: list[tuple[Any, ...]] = []
    for key in FIGURE_KEYS:
        figure = None if key.startswith("change.") else _safe_figure(table_figure, ctx, key)
        if figure is not None:
            value = _to_wan(ctx, figure.value, figure.unit)
            rows.append((doc_id, key, _num(value), "table", figure.label))
            continue
        fact = disclosure.fact(key)
        if fact is not None and fact.unit in UNIT_YUAN:
            rows.append((doc_id, key, _num(_to_wan(ctx, fact.value, fact.unit)), "text", fact.text))
    return rows


def key_figures_row(doc_id: str, figures: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The figures as one row, a column per key (``key_figures``)."""
    value = {row[1]: row[2] for row in figures}
    return (doc_id, *(value.get(key) for key in FIGURE_KEYS))


def _safe_figure(read: Any, ctx: CheckContext, key: str) -> Any:
    # A figure that cannot be read is missing from the store, never a failed ingest.
    try:
        return read(ctx, key)
    except Exception:
        return None


def function_rows(doc_id: str, disclosure: Disclosure) -> list[tuple[Any, ...]]:
    """Spending by function code (类/款/项) in 万元: the expenditure table, else general public.

    A code printed under a department and again under its units counts once (the units' rows),
    a code printed for several units is summed — as the cross-table rules read it."""
    from yusuan.rules.crosstable import function_rows as coded_rows
    from yusuan.rules.crosstable import role_keys

    for kind in (TableKind.EXPENDITURE, TableKind.GENERAL_PUBLIC):
        for table in disclosure.tables_of(kind):
            keys = role_keys(table, "total")
            if not keys or not any(r.scheme is CodeScheme.FUNCTION for r in table.rows):
                continue
            amounts: dict[str, Decimal] = {}
            names: dict[str, str] = {}
            for row in coded_rows(table):
                code = row.code or ""
                amounts[code] = amounts.get(code, ZERO) + sum((row.values.get(k) or ZERO for k in keys), ZERO)
                names.setdefault(code, clean(row.name))
            factor = _wan_factor(table.unit or disclosure.unit)
            return [
                (
                    doc_id,
                    code,
                    names[code] or None,
                    LEVELS.get(len(code), len(code)),
                    _num(amount * factor),
                    kind.value,
                )
                for code, amount in sorted(amounts.items())
            ]
    return []


def _wan_factor(unit: str | None) -> Decimal:
    """What an amount in ``unit`` is multiplied by to be in 万元 (unknown units: as printed)."""
    if unit not in UNIT_YUAN:
        return Decimal(1)
    return UNIT_YUAN[unit] / UNIT_YUAN[WAN]


def prepare(
    disclosure: Disclosure,
    report: CheckReport,
    *,
    hash_hex: str,
    source_name: str,
    config: CheckConfig | None = None,
    context: CheckContext | None = None,
) -> Prepared:
    """The rows of one document for every child table, as CSV text (``context``: the one the
    check ran in, to reuse the figures it worked out)."""
    config = config or CheckConfig()
    doc_id = doc_id_of(hash_hex)
    sheets = _Sheets()
    _table_rows(doc_id, disclosure.tables, sheets)
    sheets.add(
        "facts",
        [
            (doc_id, n, f.key, _num(f.value), f.unit, f.text, f.line, f.page, f.source)
            for n, f in enumerate(disclosure.facts, 1)
        ],
    )
    figures = figure_rows(doc_id, disclosure, config, context)
    sheets.add("figures", figures)
    sheets.add("key_figures", [key_figures_row(doc_id, figures)])
    sheets.add("function_amounts", function_rows(doc_id, disclosure))
    sheets.add("findings", [_finding_row(doc_id, n, f) for n, f in enumerate(report.findings, 1)])
    projects, indicators = _project_rows(doc_id, disclosure)
    sheets.add("projects", projects)
    sheets.add("indicators", indicators)
    sheets.add(
        "procurement",
        [
            (
                doc_id,
                n,
                p.project,
                p.item,
                p.catalogue_code,
                p.measure,
                _num(p.quantity),
                _num(p.unit_price),
                _num(p.amount),
                _num(p.project_budget),
                p.line,
                p.source,
            )
            for n, p in enumerate(disclosure.procurement, 1)
        ],
    )
    sheets.add(
        "assets",
        [
            (doc_id, n, a.name, _num(a.quantity), _num(a.value), a.level, a.line, a.source)
            for n, a in enumerate(disclosure.assets, 1)
        ],
    )
    summary = report.summary
    head = DocumentHead(
        doc_id=doc_id,
        content_hash=hash_hex,
        source_name=source_name,
        department=disclosure.department,
        unit_code=disclosure.unit_code,
        year=disclosure.year,
        kind=disclosure.kind.value,
        scope=disclosure.scope.value if disclosure.scope else None,
        unit=disclosure.unit,
        layout=disclosure.layout,
        doc_key=document_key(disclosure, source_name),
        partial=disclosure.partial,
        skipped=tuple(disclosure.skipped),
        errors=summary["error"],
        warnings=summary["warning"],
        infos=summary["info"],
        table_count=len(disclosure.tables),
    )
    return Prepared(head, sheets.texts(), sheets.count)


def _amount_map(values: Mapping[str, Decimal | None]) -> str | None:
    return _json({k: _num(v) for k, v in values.items()}) if values else None


def _project_rows(doc_id: str, disclosure: Disclosure) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    projects: list[tuple[Any, ...]] = []
    indicators: list[tuple[Any, ...]] = []
    for n, p in enumerate(disclosure.projects, 1):
        projects.append(
            (
                doc_id,
                n,
                p.code,
                p.name,
                _num(p.amount),
                p.category,
                p.unit_code,
                p.goal,
                p.description,
                _amount_map(p.funding),
                _amount_map(p.schedule),
                p.line,
                p.source,
                len(p.indicators),
            )
        )
        indicators.extend(
            (
                doc_id,
                n,
                i,
                ind.level1,
                ind.level2,
                ind.level3,
                ind.description,
                ind.value,
                ind.comparator,
                _num(ind.number),
                ind.value_unit,
                ind.basis,
                ind.line,
            )
            for i, ind in enumerate(p.indicators, 1)
        )
    return projects, indicators


def join_csv(parts: Iterable[str]) -> str:
    return "".join(parts)
