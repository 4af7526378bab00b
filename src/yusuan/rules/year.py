"""预算年度一致 (year): rules to be added; see docs/architecture.md."""

from __future__ import annotations

FAMILY = "year"
