"""Checking a disclosure: rules in families, findings with exact places.

``check(disclosure, config) -> CheckReport`` runs every active rule; see :mod:`.catalog` for the
families and :mod:`.registry` for how a rule is declared.
"""

from yusuan.rules.config import CheckConfig, find_config, load_config
from yusuan.rules.engine import CheckReport, check
from yusuan.rules.findings import Finding, Location, Severity

__all__ = [
    "CheckConfig",
    "CheckReport",
    "Finding",
    "Location",
    "Severity",
    "check",
    "find_config",
    "load_config",
]
