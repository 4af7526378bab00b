"""Round trips of generated budgets through PDF, run in worker processes by ``test_pdf.py``.

A module of its own so that worker processes (started fresh, not forked: PDFium and Typst
keep native state) can import the function by name.
"""

from __future__ import annotations

from collections import Counter

from render.roundtrip import differences
from render.test_roundtrip import GENERATED_FACT_GAPS
from yusuan.api import parse_bytes
from yusuan.generate import generate_disclosure
from yusuan.model import Scope
from yusuan.render import render
from yusuan.rules.engine import check
from yusuan.rules.findings import Severity


def budget_size(seed: int) -> int:
    """Lines (项) of the generated budget ``seed``: most are small, every tenth is larger, up
    to 120 lines. Even a 5-line budget prints every table (~20 pages), and writing and reading
    it back costs ~0.35 s of CPU (Typst ~0.12 s, the PDF reader ~0.2 s); a 100-line one ~1.1 s."""
    return 5 + seed // 10 * 6 if seed % 10 == 0 else 5 + seed % 4


def pdf_round_trip(seed: int) -> tuple[int, list[str], list[str]]:
    """(seed, what the round trip changed, how ``check`` of what was read back differs from
    ``check`` of the model: an error or warning, or a finding the model does not have)."""
    scope = Scope.DEPARTMENT if seed % 2 else Scope.UNIT
    model = generate_disclosure(seed, lines=budget_size(seed), scope=scope)
    back = parse_bytes(render(model, "pdf"), f"generated-{seed}.pdf")
    diffs = differences(model, back, ignore_facts=GENERATED_FACT_GAPS)
    expected = Counter(f.fingerprint for f in check(model).findings)
    problems = [
        f"{f.rule} {f.severity.value}: {f.message}"
        for f in check(back).findings
        if f.severity in (Severity.ERROR, Severity.WARNING) or f.fingerprint not in expected
    ]
    return seed, diffs[:5], problems[:5]
