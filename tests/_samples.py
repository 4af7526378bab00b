"""The real sample disclosures in ../shared/samples, parsed once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from yusuan.api import parse_path
from yusuan.model import Disclosure

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
TEXT_SAMPLES = {
    "beidaihe": SAMPLES / "hebei-beidaihe-ybj-2024-unit.txt",
    "chengde": SAMPLES / "hebei-chengde-ybj-2025-dept.txt",
    "jiyuan": SAMPLES / "henan-jiyuan-ybj-2024-dept.txt",
    "yuanjiang": SAMPLES / "hunan-yuanjiang-ybj-2024-dept.txt",
}

PDF_SAMPLES = {
    "czj": SAMPLES / "pdf" / "shanghai-czj-2025-unit.pdf",
    "fuliyuan": SAMPLES / "pdf" / "shanghai-putuo-fuliyuan-2024-unit.pdf",
    "wanli2023": SAMPLES / "pdf" / "shanghai-putuo-wanli-2023-dept.pdf",
    "wanli2024": SAMPLES / "pdf" / "shanghai-putuo-wanli-2024-dept.pdf",
}


def sample_path(name: str) -> Path:
    """The sample's path; skips the test where ../shared is not beside the checkout."""
    path = TEXT_SAMPLES.get(name) or PDF_SAMPLES[name]
    if not path.exists():
        pytest.skip(f"sample not available: {path}")
    return path


@cache
def parsed(name: str) -> Disclosure:
    return parse_path(sample_path(name))
