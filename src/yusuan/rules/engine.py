"""Running the rules over a disclosure and collecting findings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import Disclosure
from yusuan.rules.catalog import all_rules
from yusuan.rules.config import CheckConfig
from yusuan.rules.context import CheckContext
from yusuan.rules.findings import Finding, Location, Severity
from yusuan.rules.registry import Issue, Rule


@dataclass(frozen=True)
class CheckReport:
    source: str
    disclosure: Disclosure
    findings: tuple[Finding, ...]

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(f.severity.value for f in self.findings)
        return {s.value: counts.get(s.value, 0) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}

    def reaches(self, level: Severity | None) -> bool:
        """Whether any finding is at least as severe as ``level`` (None: never)."""
        return level is not None and any(f.severity.rank >= level.rank for f in self.findings)


def active_rules(config: CheckConfig) -> tuple[Rule, ...]:
    return tuple(r for r in all_rules() if r.id not in config.disabled)


def check(
    disclosure: Disclosure, config: CheckConfig | None = None, *, context: CheckContext | None = None
) -> CheckReport:
    """Run every active rule. ``context``: a :class:`CheckContext` of this disclosure and config
    for the caller to keep, with what the rules worked out (the store reads its figures)."""
    config = config or CheckConfig()
    if context is None:
        context = CheckContext(disclosure, config)
    elif context.disclosure is not disclosure or context.config != config:
        raise ValueError("check: the context is of another disclosure or configuration")
    findings: list[Finding] = []
    for rule in active_rules(config):
        findings.extend(_run(rule, context))
    findings = [f for f in findings if f.fingerprint not in config.suppress]
    findings.sort(key=lambda f: (-f.severity.rank, f.first_line, f.rule))
    return CheckReport(disclosure.source, disclosure, tuple(_unique(findings)))


def _run(rule: Rule, context: CheckContext) -> list[Finding]:
    severity = context.config.severity_of(rule.id, rule.severity)
    try:
        return [_finding(rule, severity, issue) for issue in rule.check(context)]
    except Exception as exc:  # a failing rule must not stop the others: it becomes a finding
        place = Location(line=1)  # the rule failed as a whole: the finding is about the document
        return [
            Finding(
                rule=rule.id,
                family=rule.family,
                severity=Severity.WARNING,
                message=f"规则 {rule.id} 执行出错，未能完成检查（{type(exc).__name__}: {exc}）。请报告此问题。",
                locations=(place,),
            )
        ]


def _finding(rule: Rule, severity: Severity, issue: Issue) -> Finding:
    grade = issue.severity or severity
    rounding = False
    if (
        issue.expected is not None
        and issue.actual is not None
        and issue.tolerance > 0
        and abs(issue.actual - issue.expected) <= issue.tolerance
    ):
        grade, rounding = Severity.INFO, True
    if not issue.locations:
        raise ValueError(f"rule {rule.id} reported a finding without a place")
    return Finding(
        rule=rule.id,
        family=rule.family,
        severity=grade,
        message=issue.message,
        locations=issue.locations,
        expected=issue.expected,
        actual=issue.actual,
        rounding=rounding,
        data=issue.data,
    )


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    result = []
    for f in findings:
        key = (f.rule, f.fingerprint, f.message)
        if key not in seen:
            seen.add(key)
            result.append(f)
    return result


def difference_text(expected: Decimal, actual: Decimal) -> str:
    """``相差 +0.02`` — the sign says whether the printed figure is larger."""
    diff = actual - expected
    return f"相差 {'+' if diff > 0 else ''}{diff}"
