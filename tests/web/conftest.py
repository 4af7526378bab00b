"""Fixtures of the web tests: an app over a temporary store and data folder, and a test client."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx2")

from fastapi.testclient import TestClient

from web.webdata import EXAMPLE, demo_corpus
from yusuan.web import create_app


@pytest.fixture(scope="session")
def example_bytes() -> bytes:
    return EXAMPLE.read_bytes()


POSTGRES_URL = os.environ.get("YUSUAN_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("YUSUAN_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="module", params=("duckdb", "postgresql"))
def store_target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh store on each backend: a DuckDB file, or a PostgreSQL schema of its own
    (``YUSUAN_TEST_POSTGRES_URL``; skipped without it unless ``YUSUAN_REQUIRE_POSTGRES=1``)."""
    if request.param == "duckdb":
        yield str(tmp_path_factory.mktemp("store") / "corpus.duckdb")
        return
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("YUSUAN_REQUIRE_POSTGRES=1 but YUSUAN_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set YUSUAN_TEST_POSTGRES_URL)")
    import psycopg

    schema = f"yusuan_web_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        separator = "&" if "?" in POSTGRES_URL else "?"
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "uploads"


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return str(tmp_path / "corpus.duckdb")


@pytest.fixture
def client(store_url: str, data_dir: Path) -> Iterator[TestClient]:
    app = create_app(store_url, data_dir, max_upload_mb=2)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def demo_files() -> list[tuple[str, bytes]]:
    return demo_corpus()
