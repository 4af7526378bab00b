"""说明与表格一致 (text): rules to be added; see docs/architecture.md."""

from __future__ import annotations

FAMILY = "text"
