"""Test data of the web tests: the bundled example, the cross-format fixtures, generated corpora."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from yusuan import jsonio
from yusuan.generate import generate_disclosure
from yusuan.model import Scope, TableKind

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "hebei-chengde-ybj-2025-dept.txt"
FIXTURES = REPO / "tests" / "formats" / "fixtures"

DEMO_DEPARTMENTS = ("承德市示例卫生健康委员会", "承德市示例财政局", "承德市示例医疗保障局")
DEMO_YEARS = (2023, 2024, 2025)


def demo_corpus() -> list[tuple[str, bytes]]:
    """Generated consistent budgets of three departments over three years, as yusuan JSON files.

    ``generate_disclosure`` names a random department per seed; the name (and unit code) is set
    here so that one department has several years.
    """
    files = []
    for d, department in enumerate(DEMO_DEPARTMENTS):
        for y, year in enumerate(DEMO_YEARS):
            disclosure = generate_disclosure(
                100 + 10 * d + y, lines=8 + 3 * d, year=year, scope=Scope.DEPARTMENT, three_public=True
            )
            disclosure = dataclasses.replace(disclosure, department=department, unit_code=f"90{d}001")
            files.append((f"demo-{d}-{year}.json", jsonio.dumps(disclosure).encode()))
    return files


def wrong_amount_json(seed: int = 3) -> bytes:
    """A generated consistent budget with one 项 amount of the expenditure table raised by 1.00."""
    d = generate_disclosure(seed, lines=6, year=2024)
    ti = next(i for i, t in enumerate(d.tables) if t.kind is TableKind.EXPENDITURE)
    table = d.tables[ti]
    ri = next(i for i, r in enumerate(table.rows) if r.code and len(r.code) == 7)
    row = table.rows[ri]
    values = {**row.values, "total": (row.values["total"] or Decimal(0)) + Decimal("1.00")}
    rows = (*table.rows[:ri], dataclasses.replace(row, values=values), *table.rows[ri + 1 :])
    tables = (*d.tables[:ti], dataclasses.replace(table, rows=rows), *d.tables[ti + 1 :])
    return jsonio.dumps(dataclasses.replace(d, tables=tables)).encode()
