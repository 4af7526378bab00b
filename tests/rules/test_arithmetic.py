"""Arithmetic inside tables (SUM rules)."""

from __future__ import annotations

import pytest
from builders import Case, make_disclosure, make_table
from rule_runner import run_case

from yusuan.model import TableKind as K

EXPENDITURE = ["total", "basic", "project"]


def expenditure(total: str, *rows: tuple[str | None, str, str, str, str]) -> object:
    return make_table(
        K.EXPENDITURE,
        "支出总表",
        EXPENDITURE,
        [
            ("", "合计", {"total": total}),
            *[(c, n, {"total": t, "basic": b, "project": p}) for c, n, t, b, p in rows],
        ],
    )


CASES = [
    Case(
        "SUM001",
        "total row adds up",
        make_disclosure(
            make_table(
                K.EXPENDITURE,
                "支出总表",
                ["total"],
                [
                    (None, "合计", {"total": "349.27"}),
                    ("208", "社会保障和就业支出", {"total": "39.71"}),
                    ("210", "卫生健康支出", {"total": "288.69"}),
                    ("221", "住房保障支出", {"total": "20.87"}),
                ],
            )
        ),
        0,
    ),
    Case(
        "SUM001",
        "total row off by one",
        make_disclosure(
            make_table(
                K.EXPENDITURE,
                "支出总表",
                ["total"],
                [
                    (None, "合计", {"total": "350.27"}),
                    ("208", "社会保障和就业支出", {"total": "39.71"}),
                    ("210", "卫生健康支出", {"total": "288.69"}),
                    ("221", "住房保障支出", {"total": "20.87"}),
                ],
            )
        ),
        1,
        "349.27",
    ),
    Case(
        "SUM001",
        "rounding within tolerance is not an error",
        make_disclosure(
            make_table(
                K.EXPENDITURE,
                "支出总表",
                ["total"],
                [
                    (None, "合计", {"total": "349.28"}),
                    ("208", "社会保障和就业支出", {"total": "39.71"}),
                    ("210", "卫生健康支出", {"total": "288.69"}),
                    ("221", "住房保障支出", {"total": "20.87"}),
                ],
            )
        ),
        0,
    ),
    Case(
        "SUM002",
        "total = basic + project",
        make_disclosure(
            make_table(
                K.EXPENDITURE,
                "支出总表",
                EXPENDITURE,
                [
                    ("2101501", "行政运行", {"total": "473.78", "basic": "473.78"}),
                    ("2101502", "一般行政管理事务", {"total": "68.22", "project": "68.22"}),
                ],
            )
        ),
        0,
    ),
    Case(
        "SUM002",
        "total column contradicts its parts",
        make_disclosure(
            make_table(
                K.EXPENDITURE,
                "支出总表",
                EXPENDITURE,
                [("2101501", "行政运行", {"total": "473.78", "basic": "463.78", "project": "0.00"})],
            )
        ),
        1,
        "473.78",
    ),
    Case(
        "SUM002",
        "of-which columns are not parts",
        make_disclosure(
            make_table(
                K.FISCAL_SUMMARY,
                "财政拨款收支总表",
                ["total", "general_public", "general_public.of_which_fiscal", "gov_fund"],
                [
                    (
                        None,
                        "合计",
                        {
                            "total": "100.00",
                            "general_public": "60.00",
                            "general_public.of_which_fiscal": "50.00",
                            "gov_fund": "40.00",
                        },
                    )
                ],
            )
        ),
        0,
    ),
    Case(
        "SUM003",
        "summary identities hold",
        make_disclosure(
            make_table(
                K.SUMMARY,
                "收支总表",
                ["income"],
                [
                    (None, "一、一般公共预算拨款收入", {"income": "100.00"}, {"section": "income"}),
                    (None, "二、政府性基金预算拨款收入", {"income": "20.00"}, {"section": "income"}),
                    (None, "本年收入合计", {"income": "120.00"}, {"section": "income"}),
                    (None, "上年结转结余", {"income": "5.00"}, {"section": "income"}),
                    (None, "收入总计", {"income": "125.00"}, {"section": "income"}),
                ],
            )
        ),
        0,
    ),
    Case(
        "SUM003",
        "收入总计 is not 本年收入合计 + 上年结转",
        make_disclosure(
            make_table(
                K.SUMMARY,
                "收支总表",
                ["income"],
                [
                    (None, "一、一般公共预算拨款收入", {"income": "100.00"}, {"section": "income"}),
                    (None, "本年收入合计", {"income": "100.00"}, {"section": "income"}),
                    (None, "上年结转结余", {"income": "5.00"}, {"section": "income"}),
                    (None, "收入总计", {"income": "100.00"}, {"section": "income"}),
                ],
            )
        ),
        1,
        "105.00",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)
