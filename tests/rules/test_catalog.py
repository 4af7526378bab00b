"""The rule catalogue: ids, documentation, and a passing and a failing case for every rule."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from _samples import parsed
from yusuan.rules import check
from yusuan.rules.catalog import all_rules
from yusuan.rules.findings import Severity


def all_cases() -> list[object]:
    cases: list[object] = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        if path.stem == "test_catalog":
            continue
        module = importlib.import_module(path.stem)
        cases.extend(getattr(module, "CASES", []))
    return cases


def test_rule_ids_are_unique_and_documented() -> None:
    rules = all_rules()
    assert len({r.id for r in rules}) == len(rules)
    for r in rules:
        assert re.fullmatch(r"[A-Z]{2,5}\d{3}", r.id), r.id
        assert r.title and re.search(r"[\u4e00-\u9fff]", r.title), r.id
        assert len(r.doc) > 30 and re.search(r"[\u4e00-\u9fff]", r.doc), (
            f"{r.id}: document the rule in Chinese"
        )


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    cases = all_cases()
    for r in all_rules():
        mine = [c for c in cases if c.rule == r.id]  # type: ignore[attr-defined]
        assert any(c.findings == 0 for c in mine), f"{r.id} has no passing case"  # type: ignore[attr-defined]
        assert any(c.findings > 0 for c in mine), f"{r.id} has no failing case"  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["beidaihe", "chengde", "jiyuan"])
def test_consistent_samples_have_no_error(name: str) -> None:
    report = check(parsed(name))
    errors = [f.message for f in report.findings if f.severity is Severity.ERROR]
    assert errors == []
