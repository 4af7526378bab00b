#!/usr/bin/env python3
"""Rewrite tests/golden/*.json from the current parser output.

Only run this after checking, table by table, that the new output is right against the source
document (the golden files are reviewed by hand; see tests/golden/README.md). ``git diff
tests/golden`` shows exactly what changed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

from _samples import PDF_SAMPLES, TEXT_SAMPLES  # noqa: E402
from test_golden import GOLDEN, golden_dict  # noqa: E402


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, sample in [*sorted(TEXT_SAMPLES.items()), *sorted(PDF_SAMPLES.items())]:
        path = GOLDEN / f"{sample.stem}.json"
        path.write_text(json.dumps(golden_dict(name), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
