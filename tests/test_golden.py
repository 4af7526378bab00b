"""The parsed samples equal their reviewed golden files (tests/golden/*.json).

A difference is either a regression or an improvement; in the second case check the new output
against the document and rewrite the files with ``python scripts/update_golden.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from _samples import PDF_SAMPLES, TEXT_SAMPLES, parsed, sample_path
from yusuan.jsonio import to_dict

GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_dict(name: str) -> dict[str, Any]:
    data = to_dict(parsed(name))
    data["source"] = sample_path(name).name  # independent of where the samples live
    return data


def first_difference(expected: Any, actual: Any, path: str = "$") -> str | None:
    if type(expected) is not type(actual):
        return f"{path}: expected {expected!r}, got {actual!r}"
    if isinstance(expected, dict):
        for key in expected.keys() | actual.keys():
            if key not in actual or key not in expected:
                return f"{path}.{key}: {'missing' if key not in actual else 'unexpected'}"
            found = first_difference(expected[key], actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list):
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            found = first_difference(e, a, f"{path}[{i}]")
            if found:
                return found
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} items, got {len(actual)}"
        return None
    return None if expected == actual else f"{path}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize("name", [*sorted(TEXT_SAMPLES), *sorted(PDF_SAMPLES)])
def test_parse_matches_golden(name: str) -> None:
    path = GOLDEN / f"{sample_path(name).stem}.json"
    expected = json.loads(path.read_text(encoding="utf-8"))
    difference = first_difference(expected, golden_dict(name))
    assert difference is None, f"{path.name}: {difference}"
