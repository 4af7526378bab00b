"""Fixtures of the web tests: an app over a temporary store and data folder, and a test client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx2")

from fastapi.testclient import TestClient  # noqa: E402

from yusuan.web import create_app  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hebei-chengde-ybj-2025-dept.txt"


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


DEMO_DEPARTMENTS = ("承德市示例卫生健康委员会", "承德市示例财政局", "承德市示例医疗保障局")
DEMO_YEARS = (2023, 2024, 2025)


def demo_corpus() -> list[tuple[str, bytes]]:
    """Generated consistent budgets of three departments over three years, as yusuan JSON files.

    ``generate_disclosure`` names a random department per seed; the name (and unit code) is set
    here so that one department has several years.
    """
    import dataclasses

    from yusuan import jsonio
    from yusuan.generate import generate_disclosure
    from yusuan.model import Scope

    files = []
    for d, department in enumerate(DEMO_DEPARTMENTS):
        for y, year in enumerate(DEMO_YEARS):
            disclosure = generate_disclosure(
                100 + 10 * d + y, lines=8 + 3 * d, year=year, scope=Scope.DEPARTMENT, three_public=True
            )
            disclosure = dataclasses.replace(disclosure, department=department, unit_code=f"90{d}001")
            files.append((f"demo-{d}-{year}.json", jsonio.dumps(disclosure).encode()))
    return files


@pytest.fixture(scope="session")
def demo_files() -> list[tuple[str, bytes]]:
    return demo_corpus()
