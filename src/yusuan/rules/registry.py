"""Rules: a stable id, a family, a default severity, a Chinese title, and a check function whose
docstring (Chinese: what is wrong, why it matters, an example) is the rule's documentation.

Rules are immutable values collected from the family modules listed in
:mod:`yusuan.rules.catalog`; there is no mutable global registry, so checks of many documents
can run at once (a web service) with different configurations.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from yusuan.rules.findings import Location, Severity

if TYPE_CHECKING:
    from yusuan.rules.context import CheckContext


@dataclass(frozen=True, slots=True)
class Issue:
    """What a check function yields; the engine turns it into a :class:`Finding`."""

    message: str
    locations: tuple[Location, ...]
    expected: Decimal | None = None
    actual: Decimal | None = None
    # A difference no larger than this is rounding, not an error.
    tolerance: Decimal = Decimal(0)
    # Grade this instance differently from the rule's default (e.g. a warning where the
    # reference data behind an error is unconfirmed).
    severity: Severity | None = None
    data: tuple[tuple[str, str], ...] = ()


CheckFunction = Callable[["CheckContext"], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    family: str
    severity: Severity
    title: str
    check: CheckFunction

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first paragraph of the documentation."""
        return self.doc.split("\n\n", 1)[0].replace("\n", "")


def rule(id: str, *, family: str, severity: Severity, title: str) -> Callable[[CheckFunction], Rule]:
    """Declare a rule: ``@rule("SUM001", family="arithmetic", severity=Severity.ERROR, title=…)``."""

    def declare(check: CheckFunction) -> Rule:
        if not (check.__doc__ or "").strip():
            raise ValueError(f"rule {id} needs a docstring: it is the rule's documentation")
        return Rule(id=id, family=family, severity=severity, title=title, check=check)

    return declare


def rules_in(module: object) -> tuple[Rule, ...]:
    """The rules a family module declares, in source order."""
    found = [value for value in vars(module).values() if isinstance(value, Rule)]
    return tuple(sorted(found, key=lambda r: r.id))
