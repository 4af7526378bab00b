"""科目编码 (codes): rules to be added; see docs/architecture.md."""

from __future__ import annotations

FAMILY = "codes"
