"""Code trees (TREE rules)."""

from __future__ import annotations

import pytest
from builders import Case, make_disclosure, make_table
from rule_runner import run_case

from yusuan.model import TableKind as K


def tree(*rows: tuple[str, str, str]) -> object:
    return make_disclosure(
        make_table(K.INCOME, "收入总表", ["total"], [(c, n, {"total": v}) for c, n, v in rows])
    )


CASES = [
    Case(
        "TREE001",
        "类 = Σ款, 款 = Σ项",
        tree(
            ("210", "卫生健康支出", "288.69"),
            ("21011", "行政事业单位医疗", "22.96"),
            ("2101101", "行政单位医疗", "9.79"),
            ("2101103", "公务员医疗补助", "13.17"),
            ("21015", "医疗保障管理事务", "265.73"),
            ("2101501", "行政运行", "265.73"),
        ),
        0,
    ),
    Case(
        "TREE001",
        "款 does not add up",
        tree(
            ("210", "卫生健康支出", "288.69"),
            ("21011", "行政事业单位医疗", "22.96"),
            ("2101101", "行政单位医疗", "9.79"),
            ("2101103", "公务员医疗补助", "12.17"),
            ("21015", "医疗保障管理事务", "265.73"),
            ("2101501", "行政运行", "265.73"),
        ),
        1,
        "21011",
    ),
    Case(
        "TREE002",
        "301 = Σ301xx",
        tree(
            ("301", "工资福利支出", "103.23"), ("30101", "基本工资", "73.57"), ("30102", "津贴补贴", "29.66")
        ),
        0,
    ),
    Case(
        "TREE002",
        "302 is not Σ302xx",
        tree(("302", "商品和服务支出", "16.35"), ("30201", "办公费", "4.05"), ("30207", "邮电费", "2.22")),
        1,
        "6.27",
    ),
    Case(
        "TREE003",
        "every 项 has its 款 and 类",
        tree(
            ("210", "卫生健康支出", "9.79"),
            ("21011", "行政事业单位医疗", "9.79"),
            ("2101101", "行政单位医疗", "9.79"),
        ),
        0,
    ),
    Case(
        "TREE003",
        "a 项 without its 款",
        tree(("210", "卫生健康支出", "9.79"), ("2101101", "行政单位医疗", "9.79")),
        1,
        "21011",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)
