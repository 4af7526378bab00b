"""文字规范 (wording): rules to be added; see docs/architecture.md."""

from __future__ import annotations

FAMILY = "wording"
