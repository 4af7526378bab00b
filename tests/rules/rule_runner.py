"""Running one rule case and asserting its findings."""

from __future__ import annotations

from builders import Case

from yusuan.rules import check
from yusuan.rules.config import CheckConfig
from yusuan.rules.findings import Severity


def run_case(case: Case) -> None:
    report = check(case.disclosure, CheckConfig())
    found = [f for f in report.findings if f.rule == case.rule and f.severity.rank >= Severity.WARNING.rank]
    messages = [f.message for f in found]
    assert len(found) == case.findings, messages
    for f in found:
        assert f.locations and all(loc.line for loc in f.locations), f  # no finding without a place
        if case.contains:
            assert case.contains in f.message, f.message
