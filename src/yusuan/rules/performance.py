"""绩效目标 (performance): rules to be added; see docs/architecture.md."""

from __future__ import annotations

FAMILY = "performance"
