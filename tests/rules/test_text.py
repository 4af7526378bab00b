"""The explanatory text against the tables and itself (TXT rules)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from builders import Case, fact, make_disclosure, make_table
from rule_runner import run_case

from _samples import SAMPLES, parsed
from yusuan.api import parse_path
from yusuan.model import Disclosure, Fact, OrgUnit, Table
from yusuan.model import TableKind as K
from yusuan.rules import check
from yusuan.rules.findings import Finding, Severity


def summary(unit: str = "万元", **lines: str) -> Table:
    """A 收支总表 with income lines by name: summary(收入总计="349.27")."""
    rows = [(None, name, {"income": value}, {"section": "income"}) for name, value in lines.items()]
    return make_table(K.SUMMARY, "收支总表", ["income", "expenditure"], rows, unit=unit, line=10)


def basic_table(public: str) -> Table:
    row = (
        None,
        "合计",
        {"total": "289.59", "personnel": str(Decimal("289.59") - Decimal(public)), "public": public},
    )
    return make_table(
        K.GENERAL_PUBLIC_BASIC, "一般公共预算基本支出表", ["total", "personnel", "public"], [row], line=40
    )


def three_public(**values: str) -> Table:
    keys = ["total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]
    return make_table(K.THREE_PUBLIC, "“三公”经费支出表", keys, [(None, "合计", values)], line=60)


def spending(**values: str) -> Table:
    return make_table(
        K.EXPENDITURE, "支出总表", ["total", "basic", "project"], [(None, "合计", values)], line=80
    )


def text(*facts: Fact, tables: tuple[Table, ...] = (), **kw: object) -> Disclosure:
    return make_disclosure(*tables, facts=facts, **kw)


SPENDING = spending(total="349.27", basic="289.59", project="59.68")
OTHER_SPENDING = make_table(
    K.EXPENDITURE,
    "支出总表",
    ["total", "basic", "project", "operating_expenditure"],
    [
        (
            None,
            "合计",
            {"total": "359.27", "basic": "289.59", "project": "59.68", "operating_expenditure": "10.00"},
        )
    ],
)


def changes(total: str) -> tuple[Fact, ...]:
    keys = ("change.expenditure.total", "change.expenditure.basic", "change.expenditure.project")
    return tuple(fact(k, v, CHANGE) for k, v in zip(keys, (total, "21.84", "-77.24"), strict=True))


THREE = "“三公”经费预算6万元，其中因公出国（境）费0万元，公务用车购置及运行费3万元，公务接待费0万元。"
CHANGE = "较2023年预算减少55.4万元，其中：基本支出增加21.84万元……项目支出减少77.24万元。"
GP = "expenditure.general_public"

CASES = [
    Case(
        "TXT001",
        "收入总计 as in the summary",
        text(fact("income.total", "349.27"), tables=(summary(收入总计="349.27"),)),
        0,
    ),
    Case(
        "TXT001",
        "收入总计 not the summary's",
        text(fact("income.total", "394.27"), tables=(summary(收入总计="349.27"),)),
        1,
        "349.27",
    ),
    Case(
        "TXT001",
        "whole 万元 in the text, 元 in the table: rounding allowed",
        text(fact("income.total", "17192"), tables=(summary("元", 收入总计="171915169"),)),
        0,
    ),
    Case(
        "TXT001",
        "whole 万元 in the text, 元 in the table: beyond rounding",
        text(fact("income.total", "17190"), tables=(summary("元", 收入总计="171915169"),)),
        1,
        "折合 17191.5169万元",
    ),
    Case(
        "TXT001",
        "an empty government-fund table is 0",
        text(
            fact("expenditure.gov_fund", "0"),
            tables=(make_table(K.GOV_FUND, "政府性基金预算支出表", ["total"], []),),
        ),
        0,
    ),
    Case(
        "TXT001",
        "an empty government-fund table is not 967.70",
        text(
            fact("expenditure.gov_fund", "967.70"),
            tables=(make_table(K.GOV_FUND, "政府性基金预算支出表", ["total"], []),),
        ),
        1,
    ),
    Case(
        "TXT001",
        "公务接待费 as in the “三公” table",
        text(fact("three_public.reception", "3.00"), tables=(three_public(total="3.00", reception="3.00"),)),
        0,
    ),
    Case(
        "TXT001",
        "公务接待费 not the “三公” table's",
        text(fact("three_public.reception", "2.00"), tables=(three_public(total="3.00", reception="3.00"),)),
        1,
        "公务接待费",
    ),
    Case(
        "TXT001",
        "a function line stated in the text (function.<code>)",
        text(
            fact("function.2101501", "206.05"),
            tables=(
                make_table(
                    K.EXPENDITURE, "支出总表", ["total"], [("2101501", "行政运行", {"total": "206.05"})]
                ),
            ),
        ),
        0,
    ),
    Case(
        "TXT001",
        "a function line stated in the text differs",
        text(
            fact("function.2101501", "260.05"),
            tables=(
                make_table(
                    K.EXPENDITURE, "支出总表", ["total"], [("2101501", "行政运行", {"total": "206.05"})]
                ),
            ),
        ),
        1,
        "206.05",
    ),
    Case(
        "TXT002",
        "机关运行经费 = 公用经费",
        text(fact("operating_costs", "16.35"), tables=(basic_table("16.35"),)),
        0,
    ),
    Case(
        "TXT002",
        "机关运行经费 ≠ 公用经费 (a warning: 事业单位 may be included)",
        text(fact("operating_costs", "13.35"), tables=(basic_table("16.35"),)),
        1,
        "16.35",
    ),
    Case(
        "TXT002",
        "机关运行经费 printed in a table (Shanghai) differs",
        text(
            fact("operating_costs", "2517.78"),
            tables=(
                make_table(
                    K.THREE_PUBLIC,
                    "“三公”经费和机关运行经费预算表",
                    ["total", "机关运行经费预算数"],
                    [(None, "", {"total": "346.30", "机关运行经费预算数": "2571.78"})],
                ),
            ),
        ),
        1,
        "2571.78",
    ),
    Case(
        "TXT003",
        "“三公” 3 = 0 + 3 + 0",
        text(
            *(
                fact(k, v, THREE)
                for k, v in (
                    ("three_public.total", "3"),
                    ("three_public.overseas", "0"),
                    ("three_public.vehicle", "3"),
                    ("three_public.reception", "0"),
                )
            )
        ),
        0,
    ),
    Case(
        "TXT003",
        "“三公” 6 ≠ 0 + 3 + 0",
        text(
            *(
                fact(k, v, THREE)
                for k, v in (
                    ("three_public.total", "6"),
                    ("three_public.overseas", "0"),
                    ("three_public.vehicle", "3"),
                    ("three_public.reception", "0"),
                )
            )
        ),
        1,
        "= 3",
    ),
    Case(
        "TXT003",
        "stated sources larger than the income they are part of",
        text(
            fact("income.total", "349.27"),
            fact("income.general_public", "349.27"),
            fact("income.gov_fund", "50.00"),
        ),
        1,
        "不能超过总数",
    ),
    Case(
        "TXT004",
        "a change is the sum of its parts' changes",
        text(*changes("-55.4"), tables=(SPENDING,)),
        0,
    ),
    Case(
        "TXT004",
        "a change is not the sum of its parts' changes",
        text(*changes("-45.4"), tables=(SPENDING,)),
        1,
        "-55.40",
    ),
    Case(
        "TXT004",
        "other kinds of spending (经营支出): basic + project is not the whole",
        text(*changes("-45.4"), tables=(OTHER_SPENDING,)),
        0,
    ),
    Case(
        "TXT004",
        "this year − last year = the stated change",
        text(
            fact("expenditure.basic.personnel", "1692.56"),
            fact("prior.expenditure.basic.personnel", "1606.99"),
            fact("change.expenditure.basic.personnel", "85.57"),
        ),
        0,
    ),
    Case(
        "TXT004",
        "this year − last year ≠ the stated change",
        text(
            fact("expenditure.basic.personnel", "1692.56"),
            fact("prior.expenditure.basic.personnel", "1606.99"),
            fact("change.expenditure.basic.personnel", "58.57"),
        ),
        1,
        "85.57",
    ),
    Case(
        "TXT004",
        "an increase larger than this year's amount",
        text(
            fact(f"{GP.replace('general_public', 'gov_fund')}", "0"),
            fact("change.expenditure.gov_fund", "1421.25"),
        ),
        1,
        "不可能为负数",
    ),
    Case(
        "TXT005",
        "下降21.95% = 0.90 ÷ (3.20 + 0.90)",
        text(
            fact("three_public.total", "3.20"),
            fact("change.three_public.total", "-0.90"),
            fact("change_pct.three_public.total", "-21.95", unit="%"),
        ),
        0,
    ),
    Case(
        "TXT005",
        "下降28.13% divides by this year instead of last",
        text(
            fact("three_public.total", "3.20"),
            fact("change.three_public.total", "-0.90"),
            fact("change_pct.three_public.total", "-28.13", unit="%"),
        ),
        1,
        "-21.95%",
    ),
    Case(
        "TXT005",
        "an increase stated as a decrease",
        text(
            fact("three_public.total", "3.20"),
            fact("change.three_public.total", "-0.90"),
            fact("change_pct.three_public.total", "21.95", unit="%"),
        ),
        1,
    ),
    Case(
        "TXT006",
        "占51.41% = 3323.60 ÷ 6465.30",
        text(
            fact("expenditure.total", "6465.30"),
            fact("expenditure.basic", "3323.60"),
            fact("share_pct.expenditure.basic", "51.41", unit="%"),
        ),
        0,
    ),
    Case(
        "TXT006",
        "占52.41% ≠ 3323.60 ÷ 6465.30",
        text(
            fact("expenditure.total", "6465.30"),
            fact("expenditure.basic", "3323.60"),
            fact("share_pct.expenditure.basic", "52.41", unit="%"),
        ),
        1,
        "51.41%",
    ),
    Case(
        "TXT006",
        "the whole read from the tables when the text does not state it",
        text(
            fact(f"{GP}.basic", "3323.60"),
            fact(f"share_pct.{GP}.basic", "60.46", unit="%"),
            tables=(
                make_table(
                    K.GENERAL_PUBLIC,
                    "一般公共预算支出表",
                    ["total", "basic", "project"],
                    [(None, "合计", {"total": "5497.60", "basic": "3323.60", "project": "2174.00"})],
                ),
            ),
        ),
        0,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}: {c.name}")
def test_case(case: Case) -> None:
    run_case(case)


def _mine(disclosure: Disclosure, prefix: str) -> list[Finding]:
    return [
        f
        for f in check(disclosure).findings
        if f.rule.startswith(prefix) and f.severity.rank >= Severity.WARNING.rank
    ]


def test_operating_costs_of_administrative_units_only_is_an_error() -> None:
    """机关运行经费 is the 公用经费 of 行政单位: with only such units the two must be equal."""
    disclosure = text(fact("operating_costs", "13.35"), tables=(basic_table("16.35"),))
    (mixed,) = _mine(
        replace(
            disclosure,
            organization=(OrgUnit("局本级", "行政", None, None, 5), OrgUnit("中心", "事业", None, None, 6)),
        ),
        "TXT002",
    )
    (admin,) = _mine(replace(disclosure, organization=(OrgUnit("局本级", "行政", None, None, 5),)), "TXT002")
    assert mixed.severity is Severity.WARNING and admin.severity is Severity.ERROR


def test_a_statement_is_placed_at_its_sentence() -> None:
    disclosure = text(
        fact("income.total", "394.27", "2024年预算收入394.27万元。", line=1531),
        tables=(summary(收入总计="349.27"),),
    )
    (finding,) = _mine(disclosure, "TXT001")
    sentence = next(loc for loc in finding.locations if loc.text)
    assert sentence.line == 1531 and sentence.text == "2024年预算收入394.27万元。"
    assert any(loc.table_title == "收支总表" and loc.value == Decimal("349.27") for loc in finding.locations)


# --------------------------------------------------------------------------- real samples


@pytest.mark.parametrize("name", ["beidaihe", "chengde", "jiyuan", "yuanjiang"])
def test_the_samples_texts_agree_with_their_tables(name: str) -> None:
    """Every figure the four texts state was checked by hand against the tables: all agree."""
    assert [f.message for f in _mine(parsed(name), "TXT")] == []


def _with_fact(name: str, key: str, value: str, line: int | None = None) -> tuple[Disclosure, Fact]:
    disclosure = parsed(name)
    facts = list(disclosure.facts)
    at = next(i for i, f in enumerate(facts) if f.key == key and (line is None or f.line == line))
    facts[at] = replace(facts[at], value=Decimal(value))
    return replace(disclosure, facts=tuple(facts)), facts[at]


MUTATIONS = [
    ("beidaihe", "income.total", "394.27", 1531, "TXT001"),
    ("jiyuan", "expenditure.gov_fund", "976.70", 118, "TXT001"),
    ("yuanjiang", "three_public.reception", "2.00", None, "TXT001"),
    ("chengde", "operating_costs", "97.47", None, "TXT002"),
    ("jiyuan", "three_public.overseas", "1.00", None, "TXT003"),
    ("beidaihe", "change.expenditure.project", "-76.24", None, "TXT004"),
    ("chengde", "prior.expenditure.basic.personnel", "1605.99", None, "TXT004"),
    ("jiyuan", "change_pct.three_public.total", "-28.13", None, "TXT005"),
    ("yuanjiang", "change_pct.operating_costs", "-159.09", None, "TXT005"),
    ("jiyuan", "share_pct.expenditure.basic", "52.41", None, "TXT006"),
]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: f"{m[0]}-{m[1]}")
def test_a_changed_statement_is_found_at_its_sentence(
    mutation: tuple[str, str, str, int | None, str],
) -> None:
    name, key, value, line, rule = mutation
    disclosure, changed = _with_fact(name, key, value, line)
    found = _mine(disclosure, rule)
    assert found, f"{rule} did not find the change of {key}"
    assert any(loc.line == changed.line and loc.text == changed.text for f in found for loc in f.locations)


# --------------------------------------------------------------------------- the Shanghai PDFs

WANLI_2023 = SAMPLES / "pdf" / "shanghai-putuo-wanli-2023-dept.pdf"


@cache
def _pdf(path: Path) -> Disclosure:
    pytest.importorskip("pdfplumber")
    if not path.exists():
        pytest.skip(f"sample not available: {path}")
    return parse_path(path)


def test_wanli_2023_says_the_government_fund_grew_from_nothing_to_nothing() -> None:
    """A real defect: “政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元” — the fund has no
    money this year, so it cannot have grown by 1421.25万元 (the figure of the line before)."""
    found = _mine(_pdf(WANLI_2023), "TXT004")
    quote = "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元"
    assert found and all(f.severity is Severity.ERROR for f in found)
    assert any(
        quote in (loc.text or "") and loc.line == 63 and loc.page == 6 for f in found for loc in f.locations
    )
    assert any("1421.25" in f.message and "不可能为负数" in f.message for f in found)
