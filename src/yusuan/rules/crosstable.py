"""表间一致 (crosstable): rules to be added; see docs/architecture.md."""

from __future__ import annotations

FAMILY = "crosstable"
