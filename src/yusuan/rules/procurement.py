"""政府采购与资产 (procurement): rules to be added; see docs/architecture.md."""

from __future__ import annotations

FAMILY = "procurement"
