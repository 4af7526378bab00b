"""The JSON form of a check (``yusuan check --json``), described by ``schema/check.schema.json``.

Amounts are strings holding the decimal exactly (``"2.00"``, ``"-0.01"``), never JSON numbers;
a location lists only the fields that are set.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from decimal import Decimal
from importlib import resources
from typing import Any

from yusuan.rules import CheckReport, Finding, Location

SCHEMA_VERSION = "yusuan.check/1"
SCHEMA_RESOURCE = "schema/check.schema.json"

JsonObject = dict[str, Any]


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def location_to_dict(loc: Location) -> JsonObject:
    result: JsonObject = {}
    for f in fields(loc):
        value = getattr(loc, f.name)
        if value is not None:
            result[f.name] = str(value) if isinstance(value, Decimal) else value
    return result


def finding_to_dict(finding: Finding) -> JsonObject:
    return {
        "rule": finding.rule,
        "family": finding.family,
        "severity": finding.severity.value,
        "message": finding.message,
        "locations": [location_to_dict(loc) for loc in finding.locations],
        "expected": _amount(finding.expected),
        "actual": _amount(finding.actual),
        "difference": _amount(finding.difference),
        "fingerprint": finding.fingerprint,
        "rounding": finding.rounding,
        "data": dict(finding.data),
    }


def report_to_dict(report: CheckReport, config: str | None = None) -> JsonObject:
    d = report.disclosure
    return {
        "schema": SCHEMA_VERSION,
        "file": report.source,
        "department": d.department,
        "year": d.year,
        "partial": d.partial,
        "skipped": list(d.skipped),
        "config": config,
        "summary": report.summary,
        "findings": [finding_to_dict(f) for f in report.findings],
    }


def dumps(reports: Sequence[CheckReport], *, single: bool, config: str | None = None) -> str:
    """One object for a single file, a list for several; UTF-8 text, Chinese unescaped."""
    data: JsonObject | list[JsonObject]
    items = [report_to_dict(r, config) for r in reports]
    data = items[0] if single and len(items) == 1 else items
    return json.dumps(data, ensure_ascii=False, indent=2)


def load_schema() -> JsonObject:
    """The JSON Schema (draft 2020-12) of :func:`dumps` output, as shipped in the package."""
    text = resources.files("yusuan").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: JsonObject = json.loads(text)
    return schema
