"""Comparing a disclosure with the one parsed back from its rendering.

``differences(expected, actual)`` lists, one line each, what a round trip lost or changed:
tables (kind, title, notes, column keys), rows (code, unit code, name, section, amounts),
facts (key, value), projects (code, name, amount, funding, schedule, goal, indicators),
procurement items and asset lines, and the disclosure's metadata. Amounts are compared as
numbers (``Decimal('1.50') == Decimal('1.5')``). An empty list means the round trip is exact.

Used by every format's round-trip test (``tests/render/test_roundtrip.py``, and the PDF writer's).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

from yusuan.model import Disclosure, Project, Row, Table, TableKind

# Goal tables are compared through Disclosure.projects (a generated model has projects but no
# goal tables; rendering prints one per project).
_FREEFORM = frozenset({TableKind.PERFORMANCE_PROJECTS})


def _amounts(values: Iterable[tuple[str, Decimal | None]]) -> tuple[tuple[str, Decimal | None], ...]:
    return tuple(sorted((k, None if v is None else v.normalize()) for k, v in values))


def row_key(row: Row) -> tuple[object, ...]:
    return (
        row.code,
        row.unit_code,
        row.name,
        row.section,
        row.code2,
        row.name2,
        _amounts(row.values.items()),
        tuple(sorted(row.attrs.items())),
    )


def _table_differences(where: str, a: Table, b: Table) -> list[str]:
    out: list[str] = []
    if a.title != b.title:
        out.append(f"{where}: title {a.title!r} != {b.title!r}")
    if [c.key for c in a.columns] != [c.key for c in b.columns]:
        out.append(f"{where}: columns {[c.key for c in a.columns]} != {[c.key for c in b.columns]}")
    if a.notes != b.notes:
        out.append(f"{where}: notes {a.notes} != {b.notes}")
    if a.empty != b.empty:
        out.append(f"{where}: empty {a.empty} != {b.empty}")
    if a.unit != b.unit:
        out.append(f"{where}: unit {a.unit} != {b.unit}")
    ra, rb = [row_key(r) for r in a.rows], [row_key(r) for r in b.rows]
    if ra != rb:
        for i in range(max(len(ra), len(rb))):
            x = ra[i] if i < len(ra) else None
            y = rb[i] if i < len(rb) else None
            if x != y:
                out.append(f"{where} row {i}: {x} != {y}")
                if len(out) > 12:
                    out.append(f"{where}: … ({len(ra)} rows expected, {len(rb)} read)")
                    break
    return out


def table_differences(expected: Sequence[Table], actual: Sequence[Table]) -> list[str]:
    """Tables matched in order within each kind."""
    out: list[str] = []
    kinds = [
        k for k in dict.fromkeys([t.kind for t in expected] + [t.kind for t in actual]) if k not in _FREEFORM
    ]
    for kind in kinds:
        a = [t for t in expected if t.kind is kind]
        b = [t for t in actual if t.kind is kind]
        if len(a) != len(b):
            out.append(
                f"{kind.value}: {len(a)} tables expected, {len(b)} read "
                f"({[t.title for t in a]} / {[t.title for t in b]})"
            )
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out.extend(_table_differences(f"{kind.value}[{i}] {x.title}", x, y))
    return out


def _project_key(p: Project) -> tuple[object, ...]:
    return (
        p.code,
        p.name,
        p.amount,
        _amounts(p.funding.items()),
        _amounts((k, v) for k, v in p.schedule.items()),
        p.goal,
        p.description,
        tuple(
            (
                i.level1,
                i.level2,
                i.level3,
                i.description,
                i.value,
                i.comparator,
                i.number,
                i.value_unit,
                i.basis,
            )
            for i in p.indicators
        ),
    )


def differences(
    expected: Disclosure, actual: Disclosure, *, ignore_facts: frozenset[str] = frozenset()
) -> list[str]:
    """Everything the round trip changed, one line each (empty: identical).

    ``ignore_facts``: fact keys left out of the comparison — only for documented exceptions.
    """
    out: list[str] = []
    for attr in ("department", "unit_code", "year", "scope", "kind", "unit"):
        if getattr(expected, attr) != getattr(actual, attr):
            out.append(f"{attr}: {getattr(expected, attr)!r} != {getattr(actual, attr)!r}")
    out.extend(table_differences(expected.tables, actual.tables))
    fa = Counter((f.key, f.value.normalize()) for f in expected.facts if f.key not in ignore_facts)
    fb = Counter((f.key, f.value.normalize()) for f in actual.facts if f.key not in ignore_facts)
    if fa != fb:
        out.append(f"facts lost: {sorted((fa - fb).elements())}; facts added: {sorted((fb - fa).elements())}")
    pa = [_project_key(p) for p in expected.projects]
    pb = [_project_key(p) for p in actual.projects]
    if pa != pb:
        for x, y in zip(pa, pb, strict=False):
            if x != y:
                out.append(f"project {x[1]!r}: {x} != {y}")
        if len(pa) != len(pb):
            out.append(f"projects: {len(pa)} expected, {len(pb)} read")
    ia = [(i.project, i.item, i.catalogue_code, i.quantity, i.amount) for i in expected.procurement]
    ib = [(i.project, i.item, i.catalogue_code, i.quantity, i.amount) for i in actual.procurement]
    if ia != ib:
        out.append(f"procurement: {ia} != {ib}")
    aa = [(x.name, x.quantity, x.value, x.level) for x in expected.assets]
    ab = [(x.name, x.quantity, x.value, x.level) for x in actual.assets]
    if aa != ab:
        out.append(f"assets: {aa} != {ab}")
    return out
