"""Compose a complete, consistent disclosure from one data entry (issue 5, the input side).

``BudgetInput`` (:mod:`yusuan.compose.model`) is what a clerk enters; :func:`derive` turns it into
the whole :class:`~yusuan.model.Disclosure` — standard tables, goal tables, procurement, assets
and the explanatory text — consistent by construction. :mod:`yusuan.compose.jsonform` gives the
input a JSON form; :mod:`yusuan.compose.template` writes and reads the Excel template.
"""

from yusuan.compose.consistency import consistency
from yusuan.compose.derive import ComposeError, derive
from yusuan.compose.model import (
    Assets,
    BudgetInput,
    EconomicLine,
    ExpenditureLine,
    IndicatorInput,
    OrgUnitInput,
    PriorYear,
    ProcurementInput,
    ProjectInput,
    Reasons,
    Source,
    ThreePublic,
    UnitInfo,
)

__all__ = [
    "Assets",
    "BudgetInput",
    "ComposeError",
    "EconomicLine",
    "ExpenditureLine",
    "IndicatorInput",
    "OrgUnitInput",
    "PriorYear",
    "ProcurementInput",
    "ProjectInput",
    "Reasons",
    "Source",
    "ThreePublic",
    "UnitInfo",
    "consistency",
    "derive",
]
