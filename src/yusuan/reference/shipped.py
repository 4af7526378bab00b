"""The reference data shipped with the package (``yusuan/data/codes/*.csv``, built by
``scripts/build_reference.py``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from yusuan.model import CodeScheme
from yusuan.reference.model import SCHEMES, ReferenceRow, Status

LEVELS = {"类": 1, "款": 2, "项": 3}


@dataclass(frozen=True, slots=True)
class Coverage:
    """A level of a classification that the shipped rows list completely for some years."""

    scheme: CodeScheme
    level: int
    years: tuple[int, ...]
    count: int
    basis: str


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("yusuan").joinpath("data", "codes", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(";") if part)


def _row(scheme: CodeScheme, record: dict[str, str]) -> ReferenceRow:
    return ReferenceRow(
        code=record["code"],
        name=record["name"],
        scheme=scheme,
        level=LEVELS[record["level"]],
        parent=record["parent"] or None,
        status=Status(record["status"]),
        years=tuple(int(y) for y in _split(record["years"])),
        sources=_split(record["sources"]),
        checked_by=_split(record["checked_by"]),
        note=record["note"],
    )


@cache
def shipped_rows() -> tuple[ReferenceRow, ...]:
    """Every shipped row, for every year."""
    return tuple(_row(scheme, record) for scheme in SCHEMES for record in _read(f"{scheme.value}.csv"))


@cache
def shipped_coverage() -> tuple[Coverage, ...]:
    return tuple(
        Coverage(
            scheme=CodeScheme(record["scheme"]),
            level=LEVELS[record["level"]],
            years=tuple(int(y) for y in _split(record["years"])),
            count=int(record["count"]),
            basis=record["basis"],
        )
        for record in _read("coverage.csv")
    )
