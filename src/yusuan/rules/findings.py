"""Findings: what a check reports, like a compiler's diagnostics.

A :class:`Finding` carries the rule's catalogue fields (id, family, severity) and the instance
fields: a Chinese message naming the figures, the places involved (every one of them, never a
placeholder), the expected and actual figures and their difference, and a stable fingerprint
that a user can put in a suppression list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # a printed number contradicts an identity beyond rounding
    WARNING = "warning"  # a likely defect: missing table or explanation, year mismatch …
    INFO = "info"  # worth knowing; rounding differences within tolerance

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """One place a finding involves: a table cell, a table, or a sentence of the text."""

    line: int | None = None
    page: int | None = None
    table_kind: str | None = None
    table_title: str | None = None
    row_code: str | None = None
    row_name: str | None = None
    column: str | None = None  # the column key
    column_label: str | None = None  # the printed header path
    text: str | None = None  # the sentence, for findings about the explanatory text
    value: Decimal | None = None  # the figure printed at this place
    source: str | None = None  # in a disclosure combined from several files, the file of this place

    def describe(self) -> str:
        """A short Chinese description: 《支出总表》 2101501 行政运行 / 基本支出，第 307 行."""
        parts: list[str] = []
        if self.table_title:
            parts.append(f"《{self.table_title}》")
        row = " ".join(p for p in (self.row_code, self.row_name) if p)
        if row:
            parts.append(row)
        if self.column_label:
            parts.append(f"“{self.column_label}”列")
        where = " ".join(parts)
        if self.text and not where:
            snippet = self.text if len(self.text) <= 60 else self.text[:58] + "…"
            where = f"说明：“{snippet}”"
        position = []
        if self.source:
            position.append(f"{self.source} ")
        if self.page is not None:
            position.append(f"第 {self.page} 页")
        if self.line is not None:
            position.append(f"第 {self.line} 行")
        return "，".join(p for p in (where, "".join(position)) if p)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    family: str
    severity: Severity
    message: str
    locations: tuple[Location, ...]
    expected: Decimal | None = None
    actual: Decimal | None = None
    # True when the difference is within rounding tolerance (reported at most as info).
    rounding: bool = False
    data: tuple[tuple[str, str], ...] = field(default=())  # extra evidence, e.g. (("year", "2023"),)

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected

    @property
    def fingerprint(self) -> str:
        """Stable across runs and unrelated edits: rule + the places (not the line numbers)."""
        places = "|".join(
            f"{loc.table_kind}/{loc.row_code}/{loc.row_name}/{loc.column}/{(loc.text or '')[:40]}"
            for loc in self.locations
        )
        return hashlib.sha1(f"{self.rule}|{places}".encode()).hexdigest()[:12]

    @property
    def first_line(self) -> int:
        return min((loc.line for loc in self.locations if loc.line is not None), default=0)
