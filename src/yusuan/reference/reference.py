"""The reference for one budget year: shipped rows plus the user's imported official list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from yusuan.model import CodeScheme
from yusuan.reference.model import YEARLY_SCHEMES, ReferenceRow, Status
from yusuan.reference.names import normalize_name
from yusuan.reference.shipped import shipped_coverage, shipped_rows
from yusuan.reference.store import official_path, read_stored

# An imported list stands for the whole classification of its year (a code missing from it does
# not exist that year) when it holds at least this many 类 of it; a smaller file is a partial
# list: its rows take precedence and the shipped rows fill in the rest.
OFFICIAL_MIN_CLASSES: Mapping[CodeScheme, int] = {
    CodeScheme.FUNCTION: 20,
    CodeScheme.DEPT_ECONOMIC: 5,
    CodeScheme.GOV_ECONOMIC: 8,
}


@dataclass(frozen=True)
class CodeReference:
    """Known codes and names for one budget year, best row first for every code."""

    year: int | None
    by_code: Mapping[str, tuple[ReferenceRow, ...]]
    # Classifications an imported official list covers completely for this year.
    official_schemes: frozenset[CodeScheme] = frozenset()
    # (scheme, level) listed completely by the shipped data for this year (e.g. the 30 function 类).
    complete_levels: frozenset[tuple[CodeScheme, int]] = frozenset()

    def lookup(self, code: str) -> ReferenceRow | None:
        """The best-established row for ``code`` (an official row first), or ``None``."""
        rows = self.by_code.get(code)
        return rows[0] if rows else None

    def candidates(self, code: str) -> tuple[ReferenceRow, ...]:
        """Every name the code is known under this year, best first."""
        return self.by_code.get(code, ())

    def knows_name(self, code: str, name: str) -> bool:
        """Whether ``code`` is known under ``name`` (compared normalised)."""
        return (code, normalize_name(name)) in self._names

    @cached_property
    def _names(self) -> frozenset[tuple[str, str]]:
        return frozenset((r.code, normalize_name(r.name)) for r in self.rows())

    def is_official(self, scheme: CodeScheme) -> bool:
        return scheme in self.official_schemes

    def is_complete(self, scheme: CodeScheme, level: int) -> bool:
        """Whether every code of this level exists in the reference (a missing one is unknown)."""
        return scheme in self.official_schemes or (scheme, level) in self.complete_levels

    def codes_named(self, scheme: CodeScheme, name: str) -> tuple[str, ...]:
        """The codes whose confirmed or observed name this is (``水费`` → ``30205``)."""
        return self._codes_by_name.get((scheme, normalize_name(name)), ())

    @cached_property
    def _codes_by_name(self) -> dict[tuple[CodeScheme, str], tuple[str, ...]]:
        index: dict[tuple[CodeScheme, str], list[str]] = defaultdict(list)
        for row in self.rows():
            codes = index[(row.scheme, normalize_name(row.name))]
            if row.trusted and row.code not in codes:
                codes.append(row.code)
        return {key: tuple(codes) for key, codes in index.items() if codes}

    def rows(self, scheme: CodeScheme | None = None) -> Iterator[ReferenceRow]:
        for rows in self.by_code.values():
            yield from (r for r in rows if scheme is None or r.scheme is scheme)

    def __len__(self) -> int:
        return len(self.by_code)

    def __contains__(self, code: object) -> bool:
        return code in self.by_code


def load_reference(year: int | None, data_dir: Path | None = None, *, imported: bool = True) -> CodeReference:
    """The reference for budget ``year``: the shipped rows (function rows not known for that year
    downgraded to ``unverified``) and the rows the user imported for it, which take precedence
    (``imported=False``: the shipped rows only).

    Raises :class:`~yusuan.errors.YusuanError` when the user's stored list cannot be read.
    """
    path = official_path(year, data_dir) if year is not None and imported else None
    try:
        stat = path.stat() if path else None
    except OSError:
        stat = None
    key = (stat.st_mtime_ns, stat.st_size) if stat else None
    return _build(year, path if key else None, key)


@lru_cache(maxsize=32)
def _build(year: int | None, path: Path | None, _version: tuple[int, int] | None) -> CodeReference:
    imported = (
        [r.reference_row(year) for r in read_stored(path)] if path is not None and year is not None else []
    )
    official = _official_schemes(imported)
    rows: dict[str, list[ReferenceRow]] = defaultdict(list)
    for row in imported:
        rows[row.code].append(row)
    imported_codes = set(rows)
    for row in shipped_rows():
        if row.scheme not in official and row.code not in imported_codes:
            rows[row.code].append(_for_year(row, year))
    complete = frozenset((c.scheme, c.level) for c in shipped_coverage() if year in c.years)
    ordered = {code: tuple(sorted(found, key=_rank)) for code, found in rows.items()}
    return CodeReference(year, ordered, official, complete)


def _official_schemes(rows: list[ReferenceRow]) -> frozenset[CodeScheme]:
    classes: dict[CodeScheme, set[str]] = defaultdict(set)
    for row in rows:
        if row.level == 1:
            classes[row.scheme].add(row.code)
    return frozenset(s for s, found in classes.items() if len(found) >= OFFICIAL_MIN_CLASSES[s])


def _for_year(row: ReferenceRow, year: int | None) -> ReferenceRow:
    """A function row not attested for ``year``: its code may have changed, so it is unverified."""
    if row.scheme not in YEARLY_SCHEMES or row.known_for(year) or row.status is Status.UNVERIFIED:
        return row
    seen = "、".join(str(y) for y in row.years)
    note = f"见于 {seen} 年的文件，未见于 {year} 年" if year else f"见于 {seen} 年的文件"
    return replace(row, status=Status.UNVERIFIED, note="；".join(p for p in (row.note, note) if p))


def _rank(row: ReferenceRow) -> tuple[int, int, int]:
    return (-int(row.official), -row.status.rank, -max(row.years, default=0))
