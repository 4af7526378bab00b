"""The demo-data generator: deterministic, consistent (no error or warning), valid JSON, and the rules
catch a single changed amount in it."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan import jsonio, rules
from yusuan.generate import generate_disclosure, generate_input
from yusuan.model import Disclosure, Scope, TableKind
from yusuan.rules import Severity

CliRunner = Callable[[Sequence[str]], Any]

_VALIDATOR = jsonschema.Draft202012Validator(jsonio.load_schema())


def _defects(d: Disclosure) -> list[str]:
    return [
        f"{f.rule} {f.severity}: {f.message}"
        for f in rules.check(d).findings
        if f.severity in (Severity.ERROR, Severity.WARNING)
    ]


def test_same_seed_same_disclosure() -> None:
    assert generate_disclosure(7) == generate_disclosure(7)
    assert generate_input(7, lines=40) == generate_input(7, lines=40)
    assert jsonio.dumps(generate_disclosure(7, lines=50)) == jsonio.dumps(generate_disclosure(7, lines=50))
    assert generate_disclosure(7) != generate_disclosure(8)


def test_standard_tables_and_facts() -> None:
    d = generate_disclosure(1, lines=30, year=2024)
    assert d.year == 2024
    kinds = [t.kind for t in d.tables]
    for kind in (
        TableKind.SUMMARY,
        TableKind.INCOME,
        TableKind.EXPENDITURE,
        TableKind.FISCAL_SUMMARY,
        TableKind.GENERAL_PUBLIC,
        TableKind.GENERAL_PUBLIC_BASIC,
        TableKind.GOV_FUND,
        TableKind.STATE_CAPITAL,
        TableKind.THREE_PUBLIC,
    ):
        assert kind in kinds
    expenditure = d.tables_of(TableKind.EXPENDITURE)[0]
    assert [c.key for c in expenditure.columns][:3] == ["total", "basic", "project"]
    assert sum(1 for r in expenditure.rows if r.code and len(r.code) == 7) == 30
    for empty in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL):
        table = d.tables_of(empty)[0]
        assert table.empty and "空表列示" in table.notes[0]
    total, basic, project = (
        d.fact(k) for k in ("expenditure.total", "expenditure.basic", "expenditure.project")
    )
    assert total and basic and project and total.value == basic.value + project.value
    personnel, public = d.fact("expenditure.basic.personnel"), d.fact("expenditure.basic.public")
    assert personnel and public and basic.value == personnel.value + public.value
    assert sum((p.amount or Decimal(0) for p in d.projects), Decimal(0)) == project.value
    for p in d.projects:
        assert {i.level1 for i in p.indicators} == {"产出指标", "效益指标", "满意度指标"}
    counts = {"quantity", "unit_price"}  # printed as entered (件, 台; a unit price may have more decimals)
    for table in d.tables:
        for row in table.rows:
            for key, v in row.values.items():
                assert key in counts or v is None or v.as_tuple().exponent == -2
    for kind in (TableKind.PROCUREMENT, TableKind.ASSETS):
        assert d.tables_of(kind)
    assert d.fact("assets.total") is not None


@pytest.mark.parametrize(
    "options",
    [
        {"scope": Scope.DEPARTMENT},
        {"carryover": True},
        {"carryover": False, "three_public": False},
        {"three_public": True},
        {"year": 2023, "lines": 5},
        {"year": 2025, "lines": 500},
        {"funds": True},
        {"funds": True, "carryover": True, "scope": Scope.DEPARTMENT, "lines": 5},
        {"funds": False},
        {"unit_funds": True},
        {"unit_funds": True, "carryover": True, "funds": True, "three_public": True, "lines": 200},
    ],
)
def test_options_give_consistent_disclosures(options: dict[str, Any]) -> None:
    d = generate_disclosure(3, **options)
    assert _defects(d) == []
    if options.get("carryover"):
        carry = d.fact("income.carryover")
        assert carry is not None and carry.value > 0
    if options.get("three_public") is not None:
        stated = d.fact("three_public.total")
        assert stated is not None and (stated.value > 0) is options["three_public"]
    if "funds" in options:
        gov_fund = d.tables_of(TableKind.GOV_FUND)[0]
        stated = d.fact("income.gov_fund")
        assert stated is not None
        assert gov_fund.empty is not options["funds"]
        assert (stated.value > 0) is options["funds"]
    if options.get("unit_funds"):
        unit_funds, special = d.fact("income.unit_funds"), d.fact("income.special_account")
        assert unit_funds is not None and special is not None
        assert unit_funds.value + special.value > 0
    if "lines" in options:
        expenditure = d.tables_of(TableKind.EXPENDITURE)[0]
        assert sum(1 for r in expenditure.rows if r.code and len(r.code) == 7) == options["lines"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    lines=st.integers(min_value=5, max_value=500),
    scope=st.sampled_from(Scope),
    options=st.fixed_dictionaries(
        {},
        optional={
            "carryover": st.booleans(),
            "funds": st.booleans(),
            "three_public": st.booleans(),
            "unit_funds": st.booleans(),
        },
    ),
)
def test_generated_disclosures_check_clean_and_round_trip(
    seed: int, lines: int, scope: Scope, options: dict[str, bool]
) -> None:
    d = generate_disclosure(seed, lines=lines, scope=scope, **options)
    assert _defects(d) == []
    data = jsonio.to_dict(d)
    assert jsonio.from_dict(data) == d
    _VALIDATOR.validate(json.loads(jsonio.dumps(d)))


def test_lines_out_of_range() -> None:
    with pytest.raises(ValueError):
        generate_disclosure(1, lines=4)
    with pytest.raises(ValueError):
        generate_disclosure(1, lines=501)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_one_changed_amount_is_an_error(seed: int) -> None:
    d = generate_disclosure(seed)
    index = next(i for i, t in enumerate(d.tables) if t.kind is TableKind.EXPENDITURE)
    table = d.tables[index]
    at = next(i for i, r in enumerate(table.rows) if r.code and len(r.code) == 7)
    row = table.rows[at]
    old = row.values["total"]
    assert old is not None
    changed = dataclasses.replace(row, values={**row.values, "total": old + Decimal("1.00")})
    rows = (*table.rows[:at], changed, *table.rows[at + 1 :])
    tables = (*d.tables[:index], dataclasses.replace(table, rows=rows), *d.tables[index + 1 :])
    findings = rules.check(dataclasses.replace(d, tables=tables)).findings
    assert any(f.severity is Severity.ERROR for f in findings)


def test_cli_demo_data(run_cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    result = run_cli(["demo-data", "--seed", "5", "--lines", "8", "--year", "2024", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    d = jsonio.from_dict(json.loads(out.read_text(encoding="utf-8")))
    assert d == generate_disclosure(5, lines=8, year=2024)

    result = run_cli(["demo-data", "--seed", "5", "--lines", "8", "--year", "2024"])
    assert result.exit_code == 0
    assert result.stdout == jsonio.dumps(d) + "\n"

    result = run_cli(["demo-data", "--lines", "3"])
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：")

    result = run_cli(["demo-data", "--help"])
    assert result.exit_code == 0
    assert "随机种子" in result.stdout
