"""The JSON form: exact round trip, amounts as strings, and every output valid against the schema."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan import jsonio, model
from yusuan.model import (
    SCHEMA_VERSION,
    AssetLine,
    CodeScheme,
    Column,
    Disclosure,
    DocumentKind,
    Fact,
    Indicator,
    OrgUnit,
    Paragraph,
    ProcurementItem,
    Project,
    Row,
    Scope,
    Table,
    TableKind,
    TocEntry,
)

TOP_LEVEL_KEYS = {
    "schema",
    "source",
    "department",
    "unit_code",
    "year",
    "scope",
    "unit",
    "organization",
    "toc",
    "tables",
    "facts",
    "projects",
    "procurement",
    "assets",
    "paragraphs",
    "kind",
    "partial",
    "skipped",
    "layout",
}

# Which schema definition describes each model class (the root object describes Disclosure).
SCHEMA_DEFS: dict[type, str | None] = {
    Disclosure: None,
    Table: "table",
    Column: "column",
    Row: "row",
    Fact: "fact",
    Indicator: "indicator",
    Project: "project",
    ProcurementItem: "procurementItem",
    AssetLine: "assetLine",
    OrgUnit: "orgUnit",
    TocEntry: "tocEntry",
    Paragraph: "paragraph",
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = jsonio.load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid(validator: jsonschema.protocols.Validator, obj: Any) -> None:
    errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:10])


# ---------------------------------------------------------------------------------------------
# hand-built disclosure


def test_round_trip_is_exact(hand_built: Disclosure) -> None:
    assert jsonio.from_dict(jsonio.to_dict(hand_built)) == hand_built


def test_round_trip_through_json_text(hand_built: Disclosure) -> None:
    assert jsonio.loads(jsonio.dumps(hand_built)) == hand_built
    assert jsonio.loads(jsonio.dumps([hand_built, hand_built])) == [hand_built, hand_built]


def test_output_validates_against_schema(
    hand_built: Disclosure, validator: jsonschema.protocols.Validator
) -> None:
    assert_valid(validator, jsonio.to_dict(hand_built))


def test_top_level_keys(hand_built: Disclosure) -> None:
    obj = jsonio.to_dict(hand_built)
    assert set(obj) == TOP_LEVEL_KEYS
    assert obj["schema"] == SCHEMA_VERSION
    assert obj["kind"] == "预算"
    assert obj["scope"] == "部门"
    assert obj["partial"] is True
    assert obj["skipped"] == ["第 120 行之后的内容缺失（文件可能不完整）"]


def test_amounts_are_strings_keeping_the_printed_scale(hand_built: Disclosure) -> None:
    obj = jsonio.to_dict(hand_built)
    summary = obj["tables"][0]
    assert summary["rows"][0]["values"] == {"income": "5497.60", "expenditure": None}
    assert summary["rows"][1]["values"] == {"income": None, "expenditure": "0.00"}
    assert [f["value"] for f in obj["facts"]] == ["9473.74", "-1602.01", "-5.54"]
    project = obj["projects"][0]
    assert project["amount"] == "28.65"
    assert project["schedule"] == {"3月底": "25", "12月底": "100"}
    assert project["indicators"][0]["number"] == "95"
    assert project["indicators"][1]["number"] is None
    assert obj["procurement"][0]["unit_price"] == "0.55"


def test_table_layout(hand_built: Disclosure) -> None:
    summary, gov_fund = jsonio.to_dict(hand_built)["tables"]
    assert list(summary) == [
        "kind",
        "title",
        "columns",
        "rows",
        "notes",
        "note_lines",
        "empty",
        "line",
        "unit",
        "year",
        "page",
    ]
    assert summary["columns"] == [
        {"key": "income", "label": "收入/预算数"},
        {"key": "expenditure", "label": "支出/预算数"},
    ]
    assert "raw" not in summary
    assert "page" not in gov_fund  # optional fields appear only when set
    assert gov_fund["empty"] is True and gov_fund["rows"] == []


def test_optional_row_fields_only_when_set(hand_built: Disclosure) -> None:
    plain, rich = jsonio.to_dict(hand_built)["tables"][0]["rows"]
    assert set(plain) == {"code", "name", "level", "values", "line"}
    assert plain["code"] is None and plain["level"] is None
    assert rich == {
        "code": "2101501",
        "name": "行政运行",
        "level": 3,
        "values": {"income": None, "expenditure": "0.00"},
        "line": 14,
        "page": 2,
        "scheme": "function",
        "unit_code": "447001",
        "section": "expenditure",
        "code2": "50101",
        "name2": "工资奖金津补贴",
        "attrs": {"项目类型": "其他运转类"},
    }


def test_fact_layout(hand_built: Disclosure) -> None:
    facts = jsonio.to_dict(hand_built)["facts"]
    assert facts[0] == {
        "key": "income.total",
        "value": "9473.74",
        "unit": "万元",
        "text": "收入总计9473.74万元。",
        "line": 80,
    }
    assert facts[1]["page"] == 3


def test_dumps_is_readable_utf8_json(hand_built: Disclosure) -> None:
    text = jsonio.dumps(hand_built)
    assert "承德市医疗保障局" in text  # not \\u-escaped
    assert text.startswith('{\n  "schema": ')
    listed = json.loads(jsonio.dumps([hand_built, hand_built]))
    assert isinstance(listed, list) and len(listed) == 2


def test_every_model_field_is_in_the_schema() -> None:
    """Adding a field to the model must come with its JSON form (jsonio + schema)."""
    schema = jsonio.load_schema()
    for cls, name in SCHEMA_DEFS.items():
        definition = schema if name is None else schema["$defs"][name]
        fields = {f.name for f in dataclasses.fields(cls) if f.compare}
        assert fields == set(definition["properties"]), cls.__name__
        assert definition["additionalProperties"] is False


def test_schema_enums_match_the_model() -> None:
    schema = jsonio.load_schema()
    assert schema["$defs"]["table"]["properties"]["kind"]["enum"] == [k.value for k in TableKind]
    assert schema["$defs"]["row"]["properties"]["scheme"]["enum"] == [s.value for s in CodeScheme]
    assert schema["properties"]["scope"]["enum"] == [s.value for s in Scope] + [None]
    assert schema["properties"]["kind"]["enum"] == [k.value for k in DocumentKind]
    assert schema["properties"]["schema"]["const"] == model.SCHEMA_VERSION


def test_schema_describes_every_property() -> None:
    schema = jsonio.load_schema()
    for name, definition in [("$", schema), *schema["$defs"].items()]:
        for prop, spec in definition.get("properties", {}).items():
            described = "description" in spec or (
                "$ref" in spec and "description" in schema["$defs"][spec["$ref"].rsplit("/", 1)[-1]]
            )
            assert described, f"{name}.{prop} has no description"


def test_schema_file_is_shipped_in_the_package() -> None:
    import yusuan

    assert (Path(yusuan.__file__).parent / jsonio.SCHEMA_RESOURCE).is_file()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o: o.update(schema="yusuan.disclosure/0"), "schema"),
        (lambda o: o.pop("tables"), "tables"),
        (lambda o: o["facts"][0].update(value=9473.74), "value"),
        (lambda o: o["facts"][0].update(value="九千"), "value"),
        (lambda o: o["facts"][0].update(value="NaN"), "value"),
        (lambda o: o["tables"][0].update(kind="budget"), "kind"),
        (lambda o: o["tables"][0]["rows"][0].update(line="12"), "line"),
        (lambda o: o["tables"][0]["rows"][0].update(line=True), "line"),
        (lambda o: o["tables"][0]["rows"][1].update(attrs={"项目类型": 1}), "attrs"),
        (lambda o: o.update(scope="全部"), "scope"),
        (lambda o: o.update(toc=[["名词解释", 3]]), "toc"),
    ],
)
def test_from_dict_rejects_malformed_data(
    hand_built: Disclosure, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    obj = jsonio.to_dict(hand_built)
    change(obj)
    with pytest.raises(jsonio.JsonFormatError, match=message):
        jsonio.from_dict(obj)


def test_loads_rejects_non_json() -> None:
    with pytest.raises(jsonio.JsonFormatError):
        jsonio.loads("not json")
    with pytest.raises(jsonio.JsonFormatError):
        jsonio.loads("42")


def test_non_finite_amounts_are_refused(hand_built: Disclosure) -> None:
    bad = dataclasses.replace(hand_built, facts=(Fact("income.total", Decimal("NaN"), "万元", "", 1),))
    with pytest.raises(ValueError):
        jsonio.to_dict(bad)


# ---------------------------------------------------------------------------------------------
# property: any disclosure round-trips and validates

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_opt_text = st.none() | _text
_line = st.integers(min_value=1, max_value=100_000)
_opt_page = st.none() | st.integers(min_value=1, max_value=500)
_amount = st.from_regex(r"-?[0-9]{1,9}(\.[0-9]{1,4})?", fullmatch=True).map(Decimal)
_opt_amount = st.none() | _amount
_keys = st.text("abcdefghij_", min_size=1, max_size=6)
_amount_map = st.dictionaries(_keys, _opt_amount, max_size=4)

_rows = st.builds(
    Row,
    code=_opt_text,
    name=_text,
    level=st.none() | st.integers(min_value=1, max_value=4),
    values=_amount_map,
    line=_line,
    page=_opt_page,
    scheme=st.none() | st.sampled_from(CodeScheme),
    unit_code=_opt_text,
    section=_opt_text,
    code2=_opt_text,
    name2=_opt_text,
    attrs=st.dictionaries(_text, _text, max_size=2),
)
_tables = st.builds(
    Table,
    kind=st.sampled_from(TableKind),
    title=_text,
    columns=st.lists(st.builds(Column, _keys, _text), max_size=3).map(tuple),
    rows=st.lists(_rows, max_size=3).map(tuple),
    notes=st.lists(_text, max_size=2).map(tuple),
    empty=st.booleans(),
    line=_line,
    page=_opt_page,
    unit=_opt_text,
    year=st.none() | st.integers(min_value=1900, max_value=2100),
)
_indicators = st.builds(
    Indicator,
    level1=_text,
    level2=_text,
    level3=_text,
    description=_text,
    value=_text,
    comparator=st.sampled_from([None, ">=", "<=", ">", "<", "="]),
    number=_opt_amount,
    value_unit=_opt_text,
    basis=_text,
    line=_line,
)
_projects = st.builds(
    Project,
    code=_opt_text,
    name=_text,
    amount=_opt_amount,
    funding=_amount_map,
    schedule=st.dictionaries(_text, _amount, max_size=4),
    goal=_text,
    indicators=st.lists(_indicators, max_size=3).map(tuple),
    line=_line,
    unit_code=_opt_text,
    category=_opt_text,
    description=_text,
)
_disclosures = st.builds(
    Disclosure,
    source=_text,
    department=_opt_text,
    unit_code=_opt_text,
    year=st.none() | st.integers(min_value=1900, max_value=2100),
    scope=st.none() | st.sampled_from(Scope),
    kind=st.sampled_from(DocumentKind),
    unit=_opt_text,
    organization=st.lists(
        st.builds(OrgUnit, _text, _opt_text, _opt_text, _opt_text, _line, _opt_text), max_size=2
    ).map(tuple),
    toc=st.lists(st.builds(TocEntry, _text, _line, _opt_text), max_size=2).map(tuple),
    tables=st.lists(_tables, max_size=3).map(tuple),
    facts=st.lists(st.builds(Fact, _keys, _amount, _text, _text, _line, _opt_page), max_size=3).map(tuple),
    projects=st.lists(_projects, max_size=2).map(tuple),
    procurement=st.lists(
        st.builds(
            ProcurementItem,
            project=_text,
            item=_text,
            catalogue_code=_opt_text,
            measure=_opt_text,
            quantity=_opt_amount,
            unit_price=_opt_amount,
            amount=_opt_amount,
            line=_line,
            project_budget=_opt_amount,
            values=_amount_map,
        ),
        max_size=2,
    ).map(tuple),
    assets=st.lists(
        st.builds(AssetLine, _text, _opt_amount, _opt_amount, _line, st.integers(min_value=1, max_value=3)),
        max_size=2,
    ).map(tuple),
    paragraphs=st.lists(st.builds(Paragraph, _text, _line, _opt_page), max_size=2).map(tuple),
    partial=st.booleans(),
    skipped=st.lists(_text, max_size=2).map(tuple),
    layout=_opt_text,
)


def _exponents(d: Disclosure) -> list[int | str]:
    """The scale of every amount, to check that the printed number of decimals survives."""
    return [
        v.as_tuple().exponent for t in d.tables for r in t.rows for v in r.values.values() if v is not None
    ] + [f.value.as_tuple().exponent for f in d.facts]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_disclosures)
def test_any_disclosure_round_trips_and_validates(d: Disclosure) -> None:
    obj = jsonio.to_dict(d)
    back = jsonio.from_dict(json.loads(json.dumps(obj)))
    assert back == d
    assert _exponents(back) == _exponents(d)
    validator = jsonschema.Draft202012Validator(jsonio.load_schema())
    assert_valid(validator, obj)


# ---------------------------------------------------------------------------------------------
# the real samples (need the extraction pipeline)


def test_samples_round_trip_and_validate(
    sample_path: Path, validator: jsonschema.protocols.Validator
) -> None:
    from yusuan import api  # imported here: the tests above must not depend on the extraction

    d = api.parse_path(sample_path)
    obj = jsonio.to_dict(d)
    assert_valid(validator, obj)
    assert jsonio.from_dict(obj) == d
    assert jsonio.loads(jsonio.dumps(d)) == d
    assert set(obj) == TOP_LEVEL_KEYS
