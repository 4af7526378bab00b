"""Database connections: an embedded DuckDB file, or a PostgreSQL server.

Both speak the same SQL (see :mod:`yusuan.store.schema`); what differs is connecting, parameter
style (SQL here is written with ``?``), bulk loading (DuckDB ``COPY`` from a temporary CSV
file, PostgreSQL ``COPY … FROM STDIN``) and transactions.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from yusuan.store.types import StoreError

Params = Sequence[Any] | None

POSTGRES_PREFIXES = ("postgresql://", "postgres://")
# The CSV the store writes (Python's csv module): stated, never sniffed.
CSV_OPTIONS = "(FORMAT csv, HEADER false, DELIMITER ',', QUOTE '\"', ESCAPE '\"', AUTO_DETECT false)"


def is_postgres_url(target: str) -> bool:
    return target.startswith(POSTGRES_PREFIXES)


class Backend(ABC):
    dialect: str

    @abstractmethod
    def execute(self, sql: str, params: Params = None) -> None: ...

    @abstractmethod
    def fetch(self, sql: str, params: Params = None) -> tuple[list[str], list[tuple[Any, ...]]]: ...

    @abstractmethod
    def copy_csv(self, table: str, columns: Sequence[str], text: str) -> None:
        """Append CSV rows (no header; empty field = NULL) to ``table``."""

    @abstractmethod
    def begin(self) -> None: ...

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def rollback(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    def bulk_threads(self, threads: int | None) -> None:  # noqa: B027 - optional for a backend
        """How many threads the engine may use (DuckDB); ``None`` restores the default."""

    def describe(self) -> str:
        return self.dialect


class DuckDBBackend(Backend):
    dialect = "duckdb"

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        try:
            import duckdb
        except ImportError as exc:
            raise StoreError(
                "缺少 DuckDB：请先安装 yusuan 的 store 组件（pip install 'yusuan[store]'）。"
            ) from exc
        self.path = path
        folder = Path(path).parent if path != ":memory:" else None
        if folder is not None and not folder.is_dir():
            raise StoreError(f"数据库文件所在的文件夹不存在（{folder}），请检查 --db 路径。", source=path)
        if folder is not None and Path(path).is_dir():
            raise StoreError("这是一个文件夹，不是数据库文件；请给出 .duckdb 文件的路径。", source=path)
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(_duckdb_open_message(str(exc)), source=path) from exc
        except duckdb.Error as exc:
            raise StoreError(
                f"无法打开数据库文件（{_first_line(exc)}）。它可能不是 DuckDB 数据库文件。", source=path
            ) from exc
        self._tmp: str | None = None
        self._default_threads = self.con.execute("SELECT current_setting('threads')").fetchone()

    def describe(self) -> str:
        return f"DuckDB {self.path}"

    def execute(self, sql: str, params: Params = None) -> None:
        self.con.execute(sql, list(params) if params is not None else None)

    def fetch(self, sql: str, params: Params = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = self.con.execute(sql, list(params) if params is not None else None)
        names = [d[0] for d in cursor.description or ()]
        return names, cursor.fetchall()

    def copy_csv(self, table: str, columns: Sequence[str], text: str) -> None:
        if not text:
            return
        if self._tmp is None:
            self._tmp = tempfile.mkdtemp(prefix="yusuan-store-")
        path = os.path.join(self._tmp, f"{table}.csv")
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        cols = ", ".join(f'"{c}"' for c in columns)
        quoted = path.replace("'", "''")
        self.con.execute(f"COPY {table} ({cols}) FROM '{quoted}' {CSV_OPTIONS}")

    def begin(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        self.con.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(Exception):  # no transaction open: nothing to undo
            self.con.execute("ROLLBACK")

    def bulk_threads(self, threads: int | None) -> None:
        value = threads if threads is not None else (self._default_threads or (None,))[0]
        if value is not None:
            self.con.execute(f"SET threads = {int(value)}")

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None


def _first_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def _duckdb_open_message(detail: str) -> str:
    if "lock" in detail.lower():
        return "数据库文件正被另一个程序使用（例如正在运行的 yusuan web 或另一次导入），请关闭后再试。"
    return f"无法打开数据库文件（{' '.join(detail.split())[:200]}）。请检查路径和权限。"


class PostgresBackend(Backend):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                "缺少 PostgreSQL 驱动 psycopg：请先安装 yusuan 的 store 组件（pip install 'yusuan[store]'）。"
            ) from exc
        self.url = url
        try:
            self.con = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(
                f"无法连接 PostgreSQL 数据库（{_first_line(exc)}）。请检查 --db 地址、用户名、密码，"
                "以及数据库服务器是否已启动。",
                source=_redacted(url),
            ) from exc
        except Exception as exc:  # a malformed URL is a ProgrammingError or ValueError in psycopg
            raise StoreError(
                f"PostgreSQL 数据库地址格式不对（{_first_line(exc)}）。"
                "应形如 postgresql://用户:密码@主机:5432/数据库名。",
                source=_redacted(url),
            ) from exc
        self._in_transaction = False

    def describe(self) -> str:
        return f"PostgreSQL {_redacted(self.url)}"

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Params = None) -> None:
        self.con.execute(self._sql(sql) if params is not None else sql, params)

    def fetch(self, sql: str, params: Params = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = self.con.execute(self._sql(sql) if params is not None else sql, params)
        names = [d.name for d in cursor.description or ()]
        return names, cursor.fetchall()

    def copy_csv(self, table: str, columns: Sequence[str], text: str) -> None:
        if not text:
            return
        cols = ", ".join(f'"{c}"' for c in columns)
        with (
            self.con.cursor() as cursor,
            cursor.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as copy,
        ):
            copy.write(text.encode("utf-8"))

    def begin(self) -> None:
        self.con.execute("BEGIN")
        self._in_transaction = True

    def commit(self) -> None:
        self.con.execute("COMMIT")
        self._in_transaction = False

    def rollback(self) -> None:
        with contextlib.suppress(Exception):  # the connection is gone: the server rolled back
            self.con.execute("ROLLBACK")
        self._in_transaction = False

    def close(self) -> None:
        self.con.close()


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("://")
    if not sep or "@" not in tail:
        return url
    credentials, _, rest = tail.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{head}://{user}:***@{rest}" if ":" in credentials else url


def connect(target: str, *, read_only: bool = False) -> Backend:
    if is_postgres_url(target):
        return PostgresBackend(target)
    if "://" in target:
        raise StoreError(
            "不支持的数据库地址：请给出 DuckDB 文件路径（如 yusuan.duckdb）或 postgresql://… 地址。",
            source=target,
        )
    return DuckDBBackend(target, read_only=read_only)
