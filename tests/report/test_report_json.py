"""The JSON form of a check: amounts as strings, only set location fields, valid against the schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from report.helpers import report
from yusuan.report.json import dumps, load_schema, report_to_dict


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shape(validator: jsonschema.protocols.Validator) -> None:
    data = report_to_dict(report(), config="yusuan.toml")
    validator.validate(data)
    assert data["file"] == "hand.txt" and data["config"] == "yusuan.toml"
    assert data["summary"] == {"error": 2, "warning": 1, "info": 1}
    first = data["findings"][0]
    assert first["rule"] == "SUM002" and first["severity"] == "error"
    assert (first["expected"], first["actual"], first["difference"]) == ("9.00", "10.00", "1.00")
    assert first["locations"][0] == {
        "line": 12,
        "table_kind": "expenditure",
        "table_title": "支出总表",
        "row_code": "2101501",
        "row_name": "行政运行",
        "column": "total",
        "column_label": "合计",
        "value": "10.00",
    }
    text = data["findings"][1]["locations"][0]
    assert set(text) == {"line", "text", "value"}
    assert data["findings"][2]["expected"] is None and data["findings"][3]["rounding"] is True
    assert len(first["fingerprint"]) == 12


def test_one_file_an_object_several_a_list(validator: jsonschema.protocols.Validator) -> None:
    one = json.loads(dumps([report()], single=True))
    several = json.loads(dumps([report(), report()], single=False))
    validator.validate(one)
    validator.validate(several)
    assert isinstance(one, dict) and isinstance(several, list) and len(several) == 2
    assert "测试市医疗保障局" in dumps([report()], single=True)  # Chinese not escaped


def test_schema_rejects_numbers_for_amounts(validator: jsonschema.protocols.Validator) -> None:
    data = report_to_dict(report())
    data["findings"][0]["expected"] = 9.0
    assert not validator.is_valid(data)
