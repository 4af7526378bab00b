"""parse(render(derive(x))) gives back the derived disclosure, and it checks clean."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compose.budgets import small_budget
from render.roundtrip import differences
from yusuan import rules
from yusuan.api import parse_bytes
from yusuan.compose import derive
from yusuan.generate import generate_disclosure
from yusuan.model import Scope
from yusuan.render import render
from yusuan.rules import Severity


def _defects(findings: list[rules.Finding]) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]


# Every format yusuan writes (txt is also covered for any generated budget below).
FORMATS = ("txt", "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_small_budget_round_trips(fmt: str) -> None:
    model = derive(small_budget())
    parsed = parse_bytes(render(model, fmt), f"rendered.{fmt}")
    assert differences(model, parsed) == []
    assert _defects(list(rules.check(parsed).findings)) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", [0, 1])
def test_generated_budgets_round_trip(fmt: str, seed: int) -> None:
    model = generate_disclosure(
        seed, lines=12 + seed * 40, carryover=True, funds=seed == 0, three_public=True, unit_funds=True
    )
    parsed = parse_bytes(render(model, fmt), f"rendered.{fmt}")
    assert differences(model, parsed) == []
    assert _defects(list(rules.check(parsed).findings)) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    lines=st.integers(min_value=5, max_value=200),
    scope=st.sampled_from(Scope),
    options=st.fixed_dictionaries(
        {
            "carryover": st.booleans(),
            "funds": st.booleans(),
            "three_public": st.booleans(),
            "unit_funds": st.booleans(),
        }
    ),
)
def test_generated_budgets_round_trip_as_text(
    seed: int, lines: int, scope: Scope, options: dict[str, bool]
) -> None:
    """check(parse(render(x))) has no finding, and the parse gives back the model, for any budget."""
    model = generate_disclosure(seed, lines=lines, scope=scope, **options)
    parsed = parse_bytes(render(model, "txt"), "rendered.txt")
    assert differences(model, parsed) == []
    assert _defects(list(rules.check(parsed).findings)) == []
