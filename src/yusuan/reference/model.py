"""Reference rows: one classification code with one name, its status and its provenance."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from yusuan.model import CodeScheme

# The classifications the reference data covers (codes whose scheme the rules can check).
SCHEMES: tuple[CodeScheme, ...] = (CodeScheme.FUNCTION, CodeScheme.DEPT_ECONOMIC, CodeScheme.GOV_ECONOMIC)

# Function codes are revised every year: a function row holds only for the years it is known for.
# The economic classifications change rarely; their rows hold for any year.
YEARLY_SCHEMES: frozenset[CodeScheme] = frozenset({CodeScheme.FUNCTION})


class Status(StrEnum):
    """How well a row is established (see docs/reference-data.md)."""

    CONFIRMED = "confirmed"  # an official list, or two independent sources agree
    OBSERVED = "observed"  # one source: a real document or a public code list
    UNVERIFIED = "unverified"  # name or code from memory or from the order of a list only

    @property
    def rank(self) -> int:
        return {"confirmed": 3, "observed": 2, "unverified": 1}[self.value]

    @property
    def label(self) -> str:
        return {"confirmed": "已确认", "observed": "已见于实际文件", "unverified": "未核实"}[self.value]


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """A code and one name it is known under.

    ``years`` are the budget years in which the row is attested (empty: not tied to a year);
    ``sources`` say where (a sample file, a draft list, an imported official table);
    ``checked_by`` the kinds of evidence (``printed``, ``numbering``, ``public_code`` …).
    """

    code: str
    name: str
    scheme: CodeScheme
    level: int
    parent: str | None
    status: Status
    years: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()
    checked_by: tuple[str, ...] = ()
    official: bool = False  # from a user-imported official list
    note: str = ""

    @property
    def source(self) -> str:
        """Provenance in one line."""
        return "；".join(self.sources)

    def known_for(self, year: int | None) -> bool:
        """Whether the row is attested for ``year`` (rows without years hold for every year)."""
        return not self.years or year in self.years

    @property
    def trusted(self) -> bool:
        """A row a warning may rest on (confirmed or observed)."""
        return self.status is not Status.UNVERIFIED


def level_of_code(code: str) -> int:
    """类 = 1 (3 digits), 款 = 2 (5 digits), 项 = 3 (7 digits)."""
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


def parent_of(code: str) -> str | None:
    return code[:-2] if len(code) in (5, 7) else None
