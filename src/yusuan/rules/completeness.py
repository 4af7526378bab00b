"""公开完整性 (completeness): rules to be added; see docs/architecture.md."""

from __future__ import annotations

FAMILY = "completeness"
