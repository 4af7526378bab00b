"""Round trip: parse(render(model)) gives back the model's tables, rows, amounts and facts.

For the text samples' parsed models and for generated budgets, in every format yusuan writes.
Differences are listed by ``render.roundtrip.differences`` (one line each).
"""

from __future__ import annotations

import pytest

from _samples import parsed
from render.roundtrip import differences
from yusuan.api import parse_bytes
from yusuan.generate import generate_disclosure
from yusuan.model import Disclosure
from yusuan.render import render

# Samples whose parsed model round-trips exactly in every format.
EXACT_SAMPLES = ("beidaihe", "chengde")

# Facts a generated model states that its own text does not express the way the parser reads
# them (the generator's text, not the renderer, is the cause; reported to the generator's owner):
# ``income.current_year`` is implied (总收入 − 上年结转), never printed as one figure;
# ``change.three_public.total`` is printed as “与上年相比减少…”, which the parser does not read;
# ``performance.project_count`` is printed (安排项目N个) but not part of the generated facts.
GENERATED_FACT_GAPS = frozenset(
    {"income.current_year", "change.three_public.total", "performance.project_count"}
)


def round_trip(model: Disclosure, fmt: str) -> Disclosure:
    return parse_bytes(render(model, fmt), f"rendered.{fmt}")


@pytest.mark.parametrize("name", EXACT_SAMPLES)
@pytest.mark.parametrize("fmt", ["txt"])
def test_sample_round_trip(name: str, fmt: str) -> None:
    model = parsed(name)
    assert differences(model, round_trip(model, fmt)) == []


@pytest.mark.parametrize("fmt", ["txt"])
def test_generated_round_trip(fmt: str) -> None:
    failures = {}
    for seed in range(20):
        model = generate_disclosure(seed, lines=5 + seed * 7 % 60)
        diffs = differences(model, round_trip(model, fmt), ignore_facts=GENERATED_FACT_GAPS)
        if diffs:
            failures[seed] = diffs[:5]
    assert failures == {}
