"""Fixtures of the web tests: an app over a temporary store and data folder, and a test client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx2")

from fastapi.testclient import TestClient

from web.webdata import EXAMPLE, demo_corpus
from yusuan.web import create_app


@pytest.fixture(scope="session")
def example_bytes() -> bytes:
    return EXAMPLE.read_bytes()


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
