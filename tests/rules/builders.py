"""Compact builders of disclosures for rule tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from yusuan.extract.codes import level_of, scheme_of
from yusuan.model import Column, Disclosure, DocumentKind, Fact, Paragraph, Row, Scope, Table, TableKind

# (code or None, name, {key: "1.00" or None}, optional extra Row fields)
RowSpec = tuple[Any, ...]


def make_table(
    kind: TableKind,
    title: str,
    keys: Sequence[str],
    rows: Sequence[RowSpec],
    *,
    notes: Sequence[str] = (),
    unit: str = "万元",
    year: int | None = 2024,
    line: int = 1,
) -> Table:
    built = []
    for i, spec in enumerate(rows):
        code, name, values = spec[0], spec[1], spec[2]
        extra = spec[3] if len(spec) > 3 else {}
        scheme = scheme_of(code) if code else None
        built.append(
            Row(
                code=code,
                name=name,
                level=level_of(code, scheme) if code else None,
                values={k: (Decimal(values[k]) if values.get(k) is not None else None) for k in keys},
                line=line + 1 + i,
                scheme=scheme,
                **extra,
            )
        )
    empty = not any(v for r in built for v in r.values.values() if v is not None)
    return Table(
        kind,
        title,
        tuple(Column(k, k) for k in keys),
        tuple(built),
        tuple(notes),
        empty,
        line,
        None,
        unit,
        year,
    )


@dataclass
class DisclosureSpec:
    tables: list[Table] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    year: int = 2024
    scope: Scope = Scope.DEPARTMENT


def make_disclosure(
    *tables: Table, facts: Sequence[Fact] = (), paragraphs: Sequence[str] = (), **kw: Any
) -> Disclosure:
    return Disclosure(
        source="test.txt",
        department="测试局",
        unit_code="001",
        year=kw.get("year", 2024),
        scope=kw.get("scope", Scope.DEPARTMENT),
        kind=DocumentKind.BUDGET,
        unit="万元",
        tables=tuple(tables),
        facts=tuple(facts),
        paragraphs=tuple(Paragraph(text, 100 + i) for i, text in enumerate(paragraphs)),
        toc=tuple(kw.get("toc", ())),
        projects=tuple(kw.get("projects", ())),
        procurement=tuple(kw.get("procurement", ())),
        assets=tuple(kw.get("assets", ())),
    )


def fact(key: str, value: str, text: str = "", line: int = 200, unit: str = "万元") -> Fact:
    return Fact(key, Decimal(value), unit, text or f"{key} {value}{unit}", line)


@dataclass(frozen=True)
class Case:
    """A rule test as data: the rule must report ``findings`` (warning or worse) on ``disclosure``."""

    rule: str
    name: str
    disclosure: Disclosure
    findings: int
    contains: str = ""  # a fragment the message must contain
