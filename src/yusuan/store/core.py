"""The :class:`Store`: a corpus of disclosures in DuckDB or PostgreSQL (see docs/store.md)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

from yusuan.model import Disclosure
from yusuan.rules.config import CheckConfig
from yusuan.rules.engine import CheckReport
from yusuan.store import queries as ready
from yusuan.store.backend import Backend, connect
from yusuan.store.ingest import Progress, ingest, ingest_prepared
from yusuan.store.records import content_hash, prepare
from yusuan.store.schema import (
    POSTGRES_INDEXES,
    SCHEMA_VERSION,
    TABLES,
    VIEWS,
    columns,
    create_tables,
    create_views,
)
from yusuan.store.types import (
    DepartmentSummary,
    DocumentDetail,
    DocumentSummary,
    IngestItem,
    IngestResult,
    QueryResult,
    StoredAsset,
    StoredColumn,
    StoredFact,
    StoredFigure,
    StoredFinding,
    StoredIndicator,
    StoredProcurement,
    StoredProject,
    StoredRow,
    StoredTable,
    StoreError,
)

_SUMMARY_COLUMNS = (
    "doc_id, content_hash, source_name, department, unit_code, year, kind, scope, unit, revision,"
    " is_current, ingested_at, partial, skipped, errors, warnings, infos, table_count"
)


def tidy(value: Any) -> Any:
    """An amount without the store's trailing zeros, at least to the cent: 12.5000000000 → 12.50."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return value
    reduced = value.normalize()
    exponent = reduced.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        return value.quantize(Decimal("0.01"))
    return reduced


def _summary(row: Sequence[Any]) -> DocumentSummary:
    ingested = row[11]
    if isinstance(ingested, str):
        ingested = datetime.fromisoformat(ingested)
    return DocumentSummary(
        doc_id=row[0],
        content_hash=row[1],
        source_name=row[2],
        department=row[3],
        unit_code=row[4],
        year=row[5],
        kind=row[6],
        scope=row[7],
        unit=row[8],
        revision=int(row[9]),
        is_current=bool(row[10]),
        ingested_at=ingested,
        partial=bool(row[12]),
        skipped=tuple(row[13].split("\n")) if row[13] else (),
        errors=int(row[14]),
        warnings=int(row[15]),
        infos=int(row[16]),
        tables=int(row[17]),
    )


class Store:
    """A corpus of disclosures. Open with :func:`open_store`.

    Thread safety: every method takes an internal lock, so one Store may be shared by the
    threads of a web server (calls run one at a time on its single connection). For parallel
    reads open one Store per process (PostgreSQL), or per process read-only (DuckDB).
    """

    def __init__(self, db: Backend, *, read_only: bool = False) -> None:
        self._db = db
        self._lock = threading.RLock()
        self.read_only = read_only
        if not read_only:
            self._ensure_schema()
        else:
            self._check_version()

    @property
    def backend(self) -> str:
        """``duckdb`` or ``postgresql``."""
        return self._db.dialect

    def describe(self) -> str:
        return self._db.describe()

    # ------------------------------------------------------------------ schema

    def _stored_version(self) -> int | None:
        try:
            _, rows = self._db.fetch("SELECT value FROM store_meta WHERE key = 'schema_version'")
        except Exception:
            if self._db.dialect == "postgresql":
                self._db.rollback()
            return None
        return int(rows[0][0]) if rows else None

    def _check_version(self) -> None:
        version = self._stored_version()
        if version is None:
            raise StoreError("这个数据库还没有 yusuan 数据；请先用 yusuan ingest 导入文件。")
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"数据库由另一个版本的 yusuan 建立（结构版本 {version}，本版本为 {SCHEMA_VERSION}）；"
                "请换一个新的数据库文件重新导入。"
            )

    def _ensure_schema(self) -> None:
        version = self._stored_version()
        if version == SCHEMA_VERSION:
            return
        if version is not None:
            self._check_version()
        self._db.begin()
        try:
            for statement in create_tables():
                self._db.execute(statement)
            if self._db.dialect == "postgresql":
                for statement in POSTGRES_INDEXES:
                    self._db.execute(statement)
            for statement in create_views():
                self._db.execute(statement)
            self._db.execute(
                "INSERT INTO store_meta (key, value) VALUES (?, ?)", ["schema_version", str(SCHEMA_VERSION)]
            )
            self._db.commit()
        except Exception as exc:
            self._db.rollback()
            detail = " ".join(str(exc).split())[:200]
            raise StoreError(f"无法在数据库中建立 yusuan 的表（{detail}）。请检查数据库权限。") from exc

    # ------------------------------------------------------------------ writing

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("数据库以只读方式打开，不能导入。")

    def ingest_paths(
        self,
        paths: Iterable[str | Path],
        *,
        workers: int | None = None,
        progress: bool | Progress = False,
        config: CheckConfig | None = None,
        folders_as_documents: bool = False,
    ) -> IngestResult:
        """Parse, check and store files (a folder: each file in it). ``workers`` processes parse
        in parallel (default: one per core). ``progress=True`` shows a Rich progress bar on
        standard error; a :class:`~yusuan.store.ingest.Progress` receives the counts instead.
        A failing file never stops the others: it is in the result's ``failed``."""
        self._writable()
        display = _rich_progress() if progress is True else (progress or None)
        with self._lock:
            self._db.bulk_threads(1)  # the cores are busy parsing
            try:
                return ingest(
                    self._db,
                    paths,
                    workers=workers,
                    config=config,
                    progress=display,
                    folders_as_documents=folders_as_documents,
                )
            finally:
                self._db.bulk_threads(None)

    def ingest_disclosure(
        self,
        disclosure: Disclosure,
        report: CheckReport | None = None,
        *,
        content: bytes,
        source_name: str,
        config: CheckConfig | None = None,
    ) -> IngestItem:
        """Store one disclosure already in memory (``content``: the bytes it was read from,
        for the content hash). Without ``report`` the disclosure is checked here."""
        self._writable()
        if report is None:
            from yusuan.rules.engine import check

            report = check(disclosure, config)
        prepared = prepare(
            disclosure, report, hash_hex=content_hash(content), source_name=source_name, config=config
        )
        with self._lock:
            return ingest_prepared(self._db, prepared, source_name)

    # ------------------------------------------------------------------ reading

    def _fetch(
        self, sql: str, params: Sequence[Any] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._lock:
            try:
                return self._db.fetch(sql, params)
            except Exception:
                if self._db.dialect == "postgresql":
                    self._db.rollback()
                raise

    def documents(
        self,
        *,
        department: str | None = None,
        year: int | None = None,
        kind: str | None = None,
        scope: str | None = None,
        search: str | None = None,
        current_only: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[DocumentSummary]:
        """Stored documents, by department, year, scope and revision. ``department`` is exact;
        ``search`` matches part of the department or source name."""
        where, args = self._document_filters(department, year, kind, scope, search, current_only)
        sql = (
            f"SELECT {_SUMMARY_COLUMNS} FROM documents{where}"
            " ORDER BY department, year, kind, scope, revision, doc_id"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [int(limit), int(offset)]
        _, rows = self._fetch(sql, args)
        return [_summary(r) for r in rows]

    def count_documents(
        self,
        *,
        department: str | None = None,
        year: int | None = None,
        kind: str | None = None,
        scope: str | None = None,
        search: str | None = None,
        current_only: bool = True,
    ) -> int:
        where, args = self._document_filters(department, year, kind, scope, search, current_only)
        _, rows = self._fetch(f"SELECT COUNT(*) FROM documents{where}", args)
        return int(rows[0][0])

    @staticmethod
    def _document_filters(
        department: str | None,
        year: int | None,
        kind: str | None,
        scope: str | None,
        search: str | None,
        current_only: bool,
    ) -> tuple[str, list[Any]]:
        conditions: list[str] = []
        args: list[Any] = []
        for column, value in (("department", department), ("year", year), ("kind", kind), ("scope", scope)):
            if value is not None:
                conditions.append(f"{column} = ?")
                args.append(value)
        if search:
            conditions.append("(strpos(department, ?) > 0 OR strpos(source_name, ?) > 0)")
            args += [search, search]
        if current_only:
            conditions.append("is_current")
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), args

    def document(self, doc_id: str) -> DocumentDetail | None:
        """Everything stored about one document (any revision), or None."""
        _, rows = self._fetch(f"SELECT {_SUMMARY_COLUMNS} FROM documents WHERE doc_id = ?", [doc_id])
        if not rows:
            return None
        summary = _summary(rows[0])
        _, revisions = self._fetch(
            f"SELECT {_SUMMARY_COLUMNS} FROM documents WHERE doc_key ="
            " (SELECT doc_key FROM documents WHERE doc_id = ?) ORDER BY revision",
            [doc_id],
        )
        return DocumentDetail(
            summary=summary,
            tables=self._tables(doc_id),
            facts=tuple(
                StoredFact(k, tidy(v), u, t, ln)
                for k, v, u, t, ln in self._rows(
                    "SELECT key, value, unit, text, line FROM facts WHERE doc_id = ? ORDER BY fact_no", doc_id
                )
            ),
            figures=tuple(
                StoredFigure(k, tidy(v), o, lb)
                for k, v, o, lb in self._rows(
                    "SELECT key, value_wan, origin, label FROM figures WHERE doc_id = ? ORDER BY key", doc_id
                )
            ),
            findings=self._findings(doc_id),
            projects=self._projects(doc_id),
            procurement=tuple(
                StoredProcurement(pj, it, cc, ms, tidy(q), tidy(up), tidy(a), ln)
                for pj, it, cc, ms, q, up, a, ln in self._rows(
                    "SELECT project, item, catalogue_code, measure, quantity, unit_price, amount, line"
                    " FROM procurement WHERE doc_id = ? ORDER BY item_no",
                    doc_id,
                )
            ),
            assets=tuple(
                StoredAsset(n or "", tidy(q), tidy(v), int(lv), ln)
                for n, q, v, lv, ln in self._rows(
                    "SELECT name, quantity, value, level, line FROM assets WHERE doc_id = ? ORDER BY asset_no",
                    doc_id,
                )
            ),
            revisions=tuple(_summary(r) for r in revisions),
        )

    def _rows(self, sql: str, doc_id: str) -> list[tuple[Any, ...]]:
        return self._fetch(sql, [doc_id])[1]

    def _tables(self, doc_id: str) -> tuple[StoredTable, ...]:
        heads = self._rows(
            "SELECT table_no, kind, title, unit, year, line, page, empty, notes"
            " FROM tables WHERE doc_id = ? ORDER BY table_no",
            doc_id,
        )
        columns: dict[int, dict[int, tuple[StoredColumn, bool]]] = {}
        for table_no, column_no, key, label, printed in self._rows(
            "SELECT table_no, column_no, key, label, printed FROM table_columns WHERE doc_id = ?"
            " ORDER BY table_no, column_no",
            doc_id,
        ):
            columns.setdefault(table_no, {})[column_no] = (StoredColumn(key, label or ""), bool(printed))
        values: dict[tuple[int, int], dict[str, Decimal | None]] = {}
        for table_no, row_no, column_no, amount in self._rows(
            "SELECT table_no, row_no, column_no, amount FROM cells WHERE doc_id = ?"
            " ORDER BY table_no, row_no, column_no",
            doc_id,
        ):
            values.setdefault((table_no, row_no), {})[columns[table_no][column_no][0].key] = tidy(amount)
        rows: dict[int, list[StoredRow]] = {}
        for table_no, row_no, code, name, level, scheme, section, unit_code, line in self._rows(
            "SELECT table_no, row_no, code, name, level, scheme, section, unit_code, line"
            " FROM table_rows WHERE doc_id = ? ORDER BY table_no, row_no",
            doc_id,
        ):
            rows.setdefault(table_no, []).append(
                StoredRow(
                    code=code,
                    name=name,
                    level=level,
                    values=values.get((table_no, row_no), {}),
                    line=line,
                    section=section,
                    unit_code=unit_code,
                    scheme=scheme,
                )
            )
        return tuple(
            StoredTable(
                table_no=table_no,
                kind=kind,
                title=title or "",
                unit=unit,
                year=year,
                line=line,
                page=page,
                empty=bool(empty),
                notes=tuple(json.loads(notes)) if notes else (),
                columns=tuple(c for c, printed in columns.get(table_no, {}).values() if printed),
                rows=tuple(rows.get(table_no, ())),
            )
            for table_no, kind, title, unit, year, line, page, empty, notes in heads
        )

    def _findings(self, doc_id: str) -> tuple[StoredFinding, ...]:
        rows = self._rows(
            "SELECT rule, family, severity, message, rounding, fingerprint, expected, actual, table_kind,"
            " table_title, row_code, row_name, column_key, column_label, line, page, locations"
            " FROM findings WHERE doc_id = ? ORDER BY finding_no",
            doc_id,
        )
        return tuple(
            StoredFinding(
                rule=r[0],
                family=r[1],
                severity=r[2],
                message=r[3],
                rounding=bool(r[4]),
                fingerprint=r[5],
                expected=tidy(r[6]),
                actual=tidy(r[7]),
                table_kind=r[8],
                table_title=r[9],
                row_code=r[10],
                row_name=r[11],
                column_key=r[12],
                column_label=r[13],
                line=r[14],
                page=r[15],
                locations=tuple(json.loads(r[16] or "[]")),
            )
            for r in rows
        )

    def _projects(self, doc_id: str) -> tuple[StoredProject, ...]:
        indicators: dict[int, list[StoredIndicator]] = {}
        for project_no, *fields in self._rows(
            "SELECT project_no, level1, level2, level3, description, value, comparator, number,"
            " value_unit, basis, line FROM indicators WHERE doc_id = ? ORDER BY project_no, indicator_no",
            doc_id,
        ):
            fields[6] = tidy(fields[6])
            indicators.setdefault(project_no, []).append(StoredIndicator(*fields))
        return tuple(
            StoredProject(
                n, code, name or "", tidy(amount), cat, unit, goal, line, tuple(indicators.get(n, ()))
            )
            for n, code, name, amount, cat, unit, goal, line in self._rows(
                "SELECT project_no, code, name, amount, category, unit_code, goal, line"
                " FROM projects WHERE doc_id = ? ORDER BY project_no",
                doc_id,
            )
        )

    def departments(self) -> list[DepartmentSummary]:
        """Departments with current documents, and the years they cover."""
        _, rows = self._fetch(
            "SELECT department, year, COUNT(*) FROM documents WHERE is_current AND department IS NOT NULL"
            " GROUP BY department, year ORDER BY department, year"
        )
        found: dict[str, tuple[list[int], int]] = {}
        for department, year, count in rows:
            years, total = found.get(department, ([], 0))
            if year is not None:
                years.append(int(year))
            found[department] = (years, total + int(count))
        return [DepartmentSummary(d, tuple(y), n) for d, (y, n) in found.items()]

    def years(self) -> list[int]:
        _, rows = self._fetch(
            "SELECT DISTINCT year FROM documents WHERE is_current AND year IS NOT NULL ORDER BY year"
        )
        return [int(r[0]) for r in rows]

    def query(self, name: str, **filters: Any) -> QueryResult:
        """Run a ready analysis (see :data:`yusuan.store.QUERIES`); filters by parameter name."""
        spec, sql, args, values = ready.build(name, filters)
        names, rows = self._fetch(sql, args)
        labels = dict(spec.columns)
        return QueryResult(
            name=spec.name,
            title=spec.title,
            columns=tuple(names),
            labels=tuple(labels.get(n, n) for n in names),
            rows=tuple(tuple(tidy(v) for v in row) for row in rows),
            params=values,
        )

    def table_counts(self) -> dict[str, int]:
        """Rows in each table (documents: every revision)."""
        counts = {}
        for table in TABLES:
            _, rows = self._fetch(f"SELECT COUNT(*) FROM {table}")
            counts[table] = int(rows[0][0])
        return counts

    def relation_rows(
        self, name: str, *, doc_ids: Iterable[str] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """All rows of one table or view (for exports), or only those of the given documents."""
        if name not in TABLES and name not in VIEWS:
            raise StoreError(f"没有名为 {name} 的表或视图。")
        order = ", ".join(columns(name)[:2]) if name in TABLES else "1"
        if doc_ids is None:
            return self._fetch(f"SELECT * FROM {name} ORDER BY {order}")
        wanted = sorted(set(doc_ids))
        if not wanted:
            names, _ = self._fetch(f"SELECT * FROM {name} LIMIT 0")
            return names, []
        marks = ", ".join("?" for _ in wanted)
        return self._fetch(f"SELECT * FROM {name} WHERE doc_id IN ({marks}) ORDER BY {order}", wanted)

    def export_parquet(self, folder: str | Path) -> list[Path]:
        """One Parquet file per table and view in ``folder`` (created if missing)."""
        from yusuan.store.export import export_parquet

        with self._lock:
            return export_parquet(self, self._db, Path(folder))

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _rich_progress() -> Progress:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        ProgressColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as RichProgress
    from rich.progress import Task as RichTask
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: RichTask) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"每秒 {speed:.0f} 份")

    bar = RichProgress(
        TextColumn("导入"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        RateColumn(),
        TextColumn("已用"),
        TimeElapsedColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    task: list[Any] = []

    def start(total: int) -> None:
        bar.start()
        task.append(bar.add_task("导入", total=total))

    def advance(n: int) -> None:
        bar.advance(task[0], n)

    def finish() -> None:
        bar.stop()

    return Progress(start, advance, finish)


def open_store(target: str | Path, *, read_only: bool = False) -> Store:
    """Open (and create if needed) a store: a DuckDB file path, or a ``postgresql://`` URL.

    Raises :class:`~yusuan.store.StoreError` with a one-line Chinese message when it cannot.
    """
    text = str(target).strip()
    if not text:
        raise StoreError("没有给出数据库：请用 --db 给出 DuckDB 文件路径或 postgresql:// 地址。")
    db = connect(text, read_only=read_only)
    try:
        return Store(db, read_only=read_only)
    except BaseException:
        db.close()
        raise
