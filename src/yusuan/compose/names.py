"""Names of classification codes for a budget year, from the package's reference data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from yusuan.model import CodeScheme
from yusuan.reference import Status, load_reference

__all__ = ["CodeNames", "code_names"]

# Statuses whose names can be printed in a published table.
_USABLE = (Status.CONFIRMED, Status.OBSERVED, Status.UNVERIFIED)


@dataclass(frozen=True)
class CodeNames:
    """Function and (部门预算) economic classification names known for one budget year."""

    year: int
    functions: dict[str, str]
    economics: dict[str, str]

    def with_names(self, extra: Iterable[tuple[str, str]]) -> CodeNames:
        """These names, and ``extra`` ones for codes they do not know."""
        extra = tuple(extra)
        if not extra:
            return self
        functions, economics = dict(self.functions), dict(self.economics)
        for code, name in extra:
            (economics if code.startswith("3") else functions).setdefault(code, name)
        return CodeNames(self.year, functions, economics)

    def function(self, code: str) -> str | None:
        return self.functions.get(code)

    def economic(self, code: str) -> str | None:
        return self.economics.get(code)


@lru_cache(maxsize=16)
def code_names(year: int) -> CodeNames:
    """Names for ``year``; rows confirmed or observed win over unverified ones."""
    functions: dict[str, str] = {}
    economics: dict[str, str] = {}
    rows = sorted(
        load_reference(year).rows(), key=lambda r: _USABLE.index(r.status) if r.status in _USABLE else 9
    )
    for row in rows:
        if row.status not in _USABLE:
            continue
        if row.scheme is CodeScheme.FUNCTION:
            functions.setdefault(row.code, row.name)
        elif row.scheme is CodeScheme.DEPT_ECONOMIC:
            economics.setdefault(row.code, row.name)
    return CodeNames(year, functions, economics)
