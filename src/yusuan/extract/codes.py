"""Classification codes: normalising printed forms and telling which tree a code belongs to."""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.model import CodeScheme

_PROCUREMENT = re.compile(r"^[ABC]\d{2,}$")
# Code length -> depth (类 = 1, 款 = 2, 项 = 3) in the function and economic trees.
_FUNCTION_LEVELS = {3: 1, 5: 2, 7: 3}
_ECONOMIC_LEVELS = {3: 1, 5: 2}


# Memoised (a pure function of the cell): the code columns of every table ask, and the
# classification codes recur across tables and documents.
@lru_cache(maxsize=4096)
def normalize_code(cell: str) -> str | None:
    """Return the code printed in ``cell`` with spacing removed, or ``None`` if it is not a code.

    ``210 15 50`` → ``2101550``; ``41900123000000010510 5`` (a code broken over two lines) →
    ``419001230000000105105``; ``A05040101`` stays as is.
    """
    # String tests instead of regexes: this runs for several cells of every table row. Digits
    # are what ``\d`` matches (``isdecimal``); the stripped text starts and ends with one.
    compact = cell.replace("\u3000", " ").replace("\n", " ").strip().replace(" ", "")
    if compact.isdecimal():
        return compact
    if len(compact) >= 3 and compact[0] in "ABC" and compact[1:].isdecimal():
        return compact
    return None


# Memoised (a pure function of the code): every row of a table asks, the codes recur.
@lru_cache(maxsize=4096)
def scheme_of(code: str) -> CodeScheme | None:
    """Guess the classification of a bare code from its length and first digit."""
    if not code.isdigit():
        return CodeScheme.PROCUREMENT if _PROCUREMENT.match(code) else None
    if len(code) in (3, 5, 7) and code[0] == "2":
        return CodeScheme.FUNCTION
    if len(code) in (3, 5) and code[0] == "3":
        return CodeScheme.DEPT_ECONOMIC
    if len(code) in (3, 5) and code[0] == "5":
        return CodeScheme.GOV_ECONOMIC
    if len(code) >= 12:
        return CodeScheme.PROJECT
    return None


@lru_cache(maxsize=4096)
def level_of(code: str, scheme: CodeScheme | None) -> int | None:
    """Depth in the code tree: 类 = 1, 款 = 2, 项 = 3."""
    if scheme is CodeScheme.FUNCTION:
        return _FUNCTION_LEVELS.get(len(code))
    if scheme is CodeScheme.DEPT_ECONOMIC or scheme is CodeScheme.GOV_ECONOMIC:
        return _ECONOMIC_LEVELS.get(len(code))
    return None
