"""Parquet files for analysts: every table and view, or one query's result.

DuckDB writes Parquet itself. For PostgreSQL the tables are copied (``COPY … TO STDOUT``, CSV)
into an in-memory DuckDB with the same schema and views, which then writes the files: one
code path, and no Arrow dependency.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yusuan.store.backend import CSV_OPTIONS, Backend, DuckDBBackend, PostgresBackend
from yusuan.store.schema import TABLES, VIEWS, columns, create_tables, create_views
from yusuan.store.types import StoreError

if TYPE_CHECKING:
    from yusuan.store.core import Store


def _prepare_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise StoreError("导出位置已有同名文件，不是文件夹；请换一个文件夹。", source=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"无法建立导出文件夹（{exc.strerror or exc}）。请检查路径和权限。", source=str(folder)
        ) from exc


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def export_parquet(store: Store, db: Backend, folder: Path) -> list[Path]:
    _prepare_folder(folder)
    if isinstance(db, DuckDBBackend):
        return _write_all(db.con, folder)
    if isinstance(db, PostgresBackend):
        return _export_postgres(db, folder)
    raise StoreError("这种数据库不支持导出 Parquet。")


def _write_all(con: Any, folder: Path) -> list[Path]:
    written = []
    for name in (*TABLES, *VIEWS):
        path = folder / f"{name}.parquet"
        con.execute(f"COPY (SELECT * FROM {name}) TO '{_quoted(path)}' (FORMAT parquet)")
        written.append(path)
    return written


def _export_postgres(db: PostgresBackend, folder: Path) -> list[Path]:
    import duckdb

    mirror = duckdb.connect(":memory:")
    try:
        for statement in create_tables():
            mirror.execute(statement)
        for statement in create_views():
            mirror.execute(statement)
        with tempfile.TemporaryDirectory(prefix="yusuan-export-") as tmp:
            for table in TABLES:
                path = Path(tmp) / f"{table}.csv"
                cols = ", ".join(f'"{c}"' for c in columns(table))
                with (
                    open(path, "wb") as out,
                    db.con.cursor() as cursor,
                    cursor.copy(f"COPY {table} ({cols}) TO STDOUT (FORMAT csv)") as copy,
                ):
                    for chunk in copy:
                        out.write(chunk)
                if path.stat().st_size:
                    mirror.execute(f"COPY {table} ({cols}) FROM '{_quoted(path)}' {CSV_OPTIONS}")
        return _write_all(mirror, folder)
    finally:
        mirror.close()


def _sql_type(values: Sequence[Any]) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return "VARCHAR"
    if all(isinstance(v, bool) for v in present):
        return "BOOLEAN"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "BIGINT"
    if all(isinstance(v, (int, Decimal)) and not isinstance(v, bool) for v in present):
        return "DECIMAL(38, 10)"
    if all(isinstance(v, datetime) for v in present):
        return "TIMESTAMP"
    if all(isinstance(v, date) for v in present):
        return "DATE"
    return "VARCHAR"


def rows_to_parquet(names: Sequence[str], rows: Sequence[Sequence[Any]], path: Path) -> None:
    """A query result as one Parquet file (column types from the values: integers, exact
    decimals, text)."""
    import duckdb

    types = [_sql_type([r[i] for r in rows]) for i in range(len(names))]
    body = ", ".join(f'"{n}" {t}' for n, t in zip(names, types, strict=True))
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(
        [["" if v is None else (format(v, "f") if isinstance(v, Decimal) else v) for v in r] for r in rows]
    )
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"CREATE TABLE result ({body})")
        if rows:
            fd, tmp = tempfile.mkstemp(suffix=".csv", prefix="yusuan-query-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                    out.write(text.getvalue())
                con.execute(f"COPY result FROM '{_quoted(Path(tmp))}' {CSV_OPTIONS}")
            finally:
                os.unlink(tmp)
        con.execute(f"COPY result TO '{_quoted(path)}' (FORMAT parquet)")
    finally:
        con.close()
