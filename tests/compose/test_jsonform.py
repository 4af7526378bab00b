"""The JSON form of BudgetInput: exact round trip, clear errors."""

from __future__ import annotations

import json

import pytest

from compose.budgets import small_budget
from yusuan.compose import ComposeError, jsonform
from yusuan.generate import generate_input


@pytest.mark.parametrize("seed", range(4))
def test_round_trip(seed: int) -> None:
    budget = generate_input(seed, lines=10 + seed, carryover=True, unit_funds=True, funds=seed % 2 == 0)
    assert jsonform.loads(jsonform.dumps(budget)) == budget
    assert jsonform.loads(jsonform.dumps(small_budget())) == small_budget()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d.__setitem__("schema", "other"), "不是预算录入数据"),
        (lambda d: d["lines"][0].__setitem__("personnel", "abc"), "字段 lines[0].personnel “abc”不是数字"),
        (lambda d: d["lines"][0].__setitem__("personnel", 1.5), "字段 lines[0].personnel 金额应写成字符串"),
        (lambda d: d["lines"][0].__setitem__("source", "拨款"), "字段 lines[0].source “拨款”不是可选值"),
        (lambda d: d["unit"].__setitem__("year", "2025"), "字段 unit.year 应为整数"),
        (lambda d: d["unit"].__setitem__("colour", "red"), "字段 unit.colour 不是已知的字段"),
        (lambda d: d["unit"].pop("name"), "缺少必填字段"),
    ],
)
def test_errors(edit: object, expected: str) -> None:
    data = jsonform.to_dict(small_budget())
    edit(data)  # type: ignore[operator]
    with pytest.raises(ComposeError) as caught:
        jsonform.loads(json.dumps(data, ensure_ascii=False))
    assert expected in caught.value.message


def test_not_json() -> None:
    with pytest.raises(ComposeError, match="不是有效的 JSON"):
        jsonform.loads("{")
