"""Running one rule case and asserting its findings."""

from __future__ import annotations

from builders import Case

from yusuan.rules import check
from yusuan.rules.catalog import rule_by_id
from yusuan.rules.config import CheckConfig
from yusuan.rules.findings import Severity


def run_case(case: Case) -> None:
    """The rule's findings of warning or worse count; an info rule's own findings count too."""
    rule = rule_by_id(case.rule)
    assert rule is not None, f"no rule {case.rule}"
    floor = min(rule.severity.rank, Severity.WARNING.rank)
    report = check(case.disclosure, CheckConfig())
    found = [f for f in report.findings if f.rule == case.rule and f.severity.rank >= floor]
    messages = [f.message for f in found]
    assert len(found) == case.findings, messages
    for f in found:
        assert f.locations and all(loc.line for loc in f.locations), f  # no finding without a place
        if case.contains:
            assert case.contains in f.message, f.message
