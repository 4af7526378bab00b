"""Store fixtures: every store test runs on DuckDB and on PostgreSQL.

PostgreSQL tests read the server URL from ``YUSUAN_TEST_POSTGRES_URL`` (``.ci/run`` starts a
server and sets it) and each work in a schema of their own. Without the variable they are
skipped — unless ``YUSUAN_REQUIRE_POSTGRES=1`` (as in CI), where a missing server fails them.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("duckdb")

from yusuan import jsonio
from yusuan.generate import generate_disclosure
from yusuan.model import Disclosure, Paragraph

POSTGRES_URL = os.environ.get("YUSUAN_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("YUSUAN_REQUIRE_POSTGRES") == "1"
BACKENDS = ("duckdb", "postgresql")


@pytest.fixture(autouse=True)
def no_worker_left() -> Iterator[None]:
    """No worker process outlives a test: a leftover worker once made the interpreter wait
    for it forever at exit, after every test had passed."""
    yield
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


# Seeds of the generated corpus: three departments over two or three years.
CORPUS = ((11, 2023), (11, 2024), (12, 2024), (13, 2023), (13, 2024), (13, 2025))


def _with_search_path(url: str, schema: str) -> str:
    option = quote(f"-csearch_path={schema}")
    return f"{url}{'&' if '?' in url else '?'}options={option}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("YUSUAN_REQUIRE_POSTGRES=1 but YUSUAN_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set YUSUAN_TEST_POSTGRES_URL)")
    psycopg = pytest.importorskip("psycopg")
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=5) as con:
            con.execute("SELECT 1")
    except psycopg.Error as exc:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL server at YUSUAN_TEST_POSTGRES_URL not reachable: {exc}")
        pytest.skip(f"PostgreSQL server not reachable: {exc}")
    return POSTGRES_URL


@pytest.fixture(params=BACKENDS)
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh, empty store lives: a DuckDB file, or a PostgreSQL schema of its own."""
    if request.param == "duckdb":
        yield str(tmp_path / "store.duckdb")
        return
    import psycopg

    server = request.getfixturevalue("postgres_server")
    schema = f"yusuan_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _with_search_path(server, schema)
    finally:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")


def generated(seed: int, year: int) -> Disclosure:
    return generate_disclosure(seed, lines=8, year=year, three_public=True)


def write_json(folder: Path, name: str, disclosure: Disclosure) -> Path:
    path = folder / name
    path.write_text(jsonio.dumps(disclosure), encoding="utf-8")
    return path


def revised(disclosure: Disclosure) -> Disclosure:
    """The same document (department, year, kind, scope) with different content."""
    extra = Paragraph("补充说明：本表数据已按批复调整。", line=99999)
    return replace(disclosure, paragraphs=(*disclosure.paragraphs, extra))


@pytest.fixture(scope="session")
def corpus_disclosures() -> dict[str, Disclosure]:
    return {f"d{seed}-{year}.json": generated(seed, year) for seed, year in CORPUS}


@pytest.fixture
def corpus(tmp_path: Path, corpus_disclosures: dict[str, Disclosure]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, disclosure in corpus_disclosures.items():
        write_json(folder, name, disclosure)
    return folder
