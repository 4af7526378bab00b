"""parse(render(derive(x))) gives back the derived disclosure, and it checks clean."""

from __future__ import annotations

import pytest

from compose.budgets import small_budget
from render.roundtrip import differences
from yusuan import rules
from yusuan.api import parse_bytes
from yusuan.compose import derive
from yusuan.generate import generate_disclosure
from yusuan.render import render
from yusuan.rules import Severity


def _defects(findings: list[rules.Finding]) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]


def test_small_budget_round_trips_as_text() -> None:
    model = derive(small_budget())
    parsed = parse_bytes(render(model, "txt"), "rendered.txt")
    assert differences(model, parsed) == []
    assert _defects(list(rules.check(parsed).findings)) == []


@pytest.mark.parametrize("seed", range(6))
def test_generated_budgets_round_trip_as_text(seed: int) -> None:
    model = generate_disclosure(
        seed,
        lines=5 + seed * 11,
        carryover=seed % 2 == 0,
        funds=seed % 3 == 0,
        three_public=True,
        unit_funds=seed % 2 == 1,
    )
    parsed = parse_bytes(render(model, "txt"), "rendered.txt")
    assert differences(model, parsed) == []
    assert _defects(list(rules.check(parsed).findings)) == []
