"""Reference tests never read or write the developer's own data directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from yusuan.reference import ENV_DATA_DIR


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "yusuan-data"
    monkeypatch.setenv(ENV_DATA_DIR, str(folder))
    yield folder
