"""Facts stated in the explanatory text (yusuan.extract.facts).

The expected facts of the four samples were written down sentence by sentence from the
documents themselves (line numbers are the sample files' lines); each table is the complete
set, so a fact the extractor should not state fails the test as much as a missing one.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _samples import SAMPLES as SAMPLE_DIR
from _samples import parsed
from yusuan.api import parse_path
from yusuan.extract.facts import (
    _DROPPED,
    _NUMBER_MENTION,
    _TERM_LIST,
    _TERM_RE,
    _ZERO_MENTION,
    _final_characters,
    _search_term,
    extract_facts,
)
from yusuan.model import CodeScheme, Column, Disclosure, Fact, Paragraph, Row, Table, TableKind
from yusuan.rules import check
from yusuan.rules.findings import Finding, Severity

Expected = set[tuple[str, str, int]]  # (key, value as printed, line)


def sample_paragraphs(name: str) -> tuple[Paragraph, ...]:
    """The running text of a sample as the document builder segments it."""
    return parsed(name).paragraphs


def sample_facts(name: str) -> tuple[Fact, ...]:
    """The sample's facts, function lines resolved with its own tables (as the parser does)."""
    return extract_facts(sample_paragraphs(name), parsed(name).tables)


def as_set(facts: Sequence[Fact]) -> Expected:
    return {(f.key, str(f.value), f.line) for f in facts}


def facts_of(*lines: str, first_line: int = 1) -> tuple[Fact, ...]:
    return extract_facts([Paragraph(text, first_line + i) for i, text in enumerate(lines)])


def assert_exact(facts: Sequence[Fact], expected: Expected) -> None:
    found = as_set(facts)
    assert len(found) == len(facts), "the same (key, line, value) was emitted twice"
    missing, extra = expected - found, found - expected
    assert not missing and not extra, f"missing {sorted(missing)}; unexpected {sorted(extra)}"


# --------------------------------------------------------------------------- the samples

BEIDAIHE: Expected = {
    # 1、收入说明
    ("income.total", "349.27", 1531),
    ("income.general_public", "349.27", 1531),
    ("income.gov_fund", "0.00", 1531),
    ("income.state_capital", "0.00", 1531),
    ("income.special_account", "0.00", 1531),
    ("income.unit_funds", "0.00", 1531),
    ("income.carryover", "0.00", 1531),
    # 2、支出说明 (the project items 办公辅助（服务）28.65 万元 … are not keyed)
    ("expenditure.total", "349.27", 1533),
    ("expenditure.basic", "289.59", 1533),
    ("expenditure.basic.personnel", "273.24", 1533),
    ("expenditure.basic.public", "16.35", 1533),
    ("expenditure.project", "59.68", 1533),
    # 3、比上年增减情况: 收支安排 speaks of both sides
    ("income.total", "349.27", 1536),
    ("expenditure.total", "349.27", 1536),
    ("change.income.total", "-55.4", 1536),
    ("change.expenditure.total", "-55.4", 1536),
    ("change.expenditure.basic", "21.84", 1536),
    ("change.expenditure.basic.personnel", "21.03", 1536),
    ("change.expenditure.basic.public", "0.81", 1536),
    ("change.expenditure.project", "-77.24", 1536),
    # 三、机关运行经费 (its parts 办公及印刷费4.05万元 … are not keyed)
    ("operating_costs", "16.35", 1538),
    # 四、“三公”经费: “与2023年相比增加0.00万元” follows the whole and its parts
    ("three_public.total", "0.00", 1541),
    ("three_public.overseas", "0.00", 1541),
    ("three_public.vehicle", "0.00", 1541),
    ("three_public.vehicle_purchase", "0.00", 1541),
    ("three_public.vehicle_operation", "0.00", 1541),
    ("three_public.reception", "0.00", 1541),
    ("change.three_public.total", "0.00", 1541),
    # 七、国有资产信息
    ("assets.total", "16.47", 2191),
    ("assets.new.total", "0.00", 2191),
}

CHENGDE: Expected = {
    ("income.total", "9473.74", 1988),
    ("income.general_public", "7534.32", 1988),
    ("income.gov_fund", "0.00", 1988),
    ("income.state_capital", "0.00", 1988),
    ("income.special_account", "0.00", 1988),
    ("income.unit_funds", "0.00", 1988),
    ("income.carryover", "1939.42", 1988),
    ("expenditure.total", "9473.74", 1990),
    ("expenditure.basic", "1789.03", 1990),
    ("expenditure.basic.personnel", "1692.56", 1990),
    ("expenditure.basic.public", "96.47", 1990),
    ("expenditure.project", "7684.71", 1990),
    # lines 1991-2004 list projects (财政年初预算资金59.5万元 …): nothing keyed
    ("income.total", "9473.74", 2006),
    ("expenditure.total", "9473.74", 2006),
    ("change.income.total", "-1602.01", 2006),
    ("change.expenditure.total", "-1602.01", 2006),
    ("change.expenditure.basic", "85.78", 2006),
    # “…没有困难群众基本生活补助1517万元” is not the 收支安排 named before it
    ("expenditure.basic.personnel", "1692.56", 2006),
    ("prior.expenditure.basic.personnel", "1606.99", 2006),
    ("change.expenditure.basic.personnel", "85.57", 2006),
    ("expenditure.basic.public", "96.47", 2006),
    ("prior.expenditure.basic.public", "96.26", 2006),
    ("change.expenditure.basic.public", "0.21", 2006),
    ("change.expenditure.project", "-1687.79", 2006),
    ("operating_costs", "96.47", 2008),
    ("three_public.total", "1.66", 2010),
    ("three_public.overseas", "0.00", 2010),
    ("three_public.vehicle", "1.40", 2010),
    ("three_public.vehicle_purchase", "0.00", 2010),
    ("three_public.vehicle_operation", "1.40", 2010),
    ("three_public.reception", "0.26", 2010),
    ("change.three_public.total", "-0.02", 2010),
    # (the reason “…结算中心公务接待较上年减少0.02万元” is a sub-unit's: not keyed)
    # 绩效指标 “参保率稳定在 95%”, “40 种耗材” … are targets: nothing keyed
    ("assets.total", "1076.14", 3684),
    ("assets.new.total", "0.70", 3684),
}

JIYUAN: Expected = {
    # 一、收入支出预算总体情况
    ("income.total", "6465.30", 78),
    ("expenditure.total", "6465.30", 78),
    ("change.income.total", "-379.10", 78),
    ("change.expenditure.total", "-379.10", 78),
    ("change_pct.income.total", "-5.54", 78),
    ("change_pct.expenditure.total", "-5.54", 78),
    # 二、收入预算: 收入合计 = 本年收入合计
    ("income.current_year", "6465.30", 82),
    ("income.general_public", "5497.60", 82),
    ("income.gov_fund", "967.70", 82),
    # 三、支出预算
    ("expenditure.total", "6465.30", 86),
    ("expenditure.basic", "3323.60", 86),
    ("share_pct.expenditure.basic", "51.41", 86),
    ("expenditure.project", "3141.70", 86),
    ("share_pct.expenditure.project", "48.59", 86),
    # 四、财政拨款收入支出 (a sentence wrapped over lines 90 and 92)
    ("income.general_public", "5497.60", 90),
    ("expenditure.general_public", "5497.60", 90),
    ("income.gov_fund", "967.70", 90),
    ("expenditure.gov_fund", "967.70", 90),
    ("income.state_capital", "0", 90),
    ("expenditure.state_capital", "0", 90),
    ("change.income.general_public", "-1140.30", 90),
    ("change.expenditure.general_public", "-1140.30", 90),
    ("change_pct.income.general_public", "-17.18", 90),
    ("change_pct.expenditure.general_public", "-17.18", 90),
    ("change.income.gov_fund", "761.20", 92),
    ("change.expenditure.gov_fund", "761.20", 92),
    ("change_pct.income.gov_fund", "368.62", 92),
    ("change_pct.expenditure.gov_fund", "368.62", 92),
    ("change.income.state_capital", "0", 92),  # 与上年持平，无增减变动
    ("change.expenditure.state_capital", "0", 92),
    # 五、一般公共预算支出: its parts and shares are of 一般公共预算支出, not of the total
    ("expenditure.general_public", "5497.60", 96),
    ("expenditure.general_public.basic", "3323.60", 96),
    ("share_pct.expenditure.general_public.basic", "60.46", 96),
    ("expenditure.general_public.project", "2174", 96),
    ("share_pct.expenditure.general_public.project", "39.54", 96),
    # 六、一般公共预算基本支出
    ("expenditure.general_public.basic", "3323.60", 100),
    ("expenditure.general_public.basic.personnel", "3193.10", 100),
    ("share_pct.expenditure.general_public.basic.personnel", "96.07", 100),
    ("expenditure.general_public.basic.public", "130.50", 100),
    ("share_pct.expenditure.general_public.basic.public", "3.93", 100),
    # 七、“三公”经费
    ("three_public.total", "3.20", 104),
    ("change.three_public.total", "-0.90", 104),
    ("change_pct.three_public.total", "-21.95", 104),
    ("three_public.overseas", "0", 108),
    ("change.three_public.overseas", "0", 108),  # 预算数与2023年持平
    ("three_public.reception", "1.20", 110),
    ("change.three_public.reception", "0.50", 112),  # 预算数比2023年增加0.50万元 (wrapped)
    ("change_pct.three_public.reception", "71.43", 112),
    ("three_public.vehicle", "2", 114),
    ("three_public.vehicle_purchase", "0", 114),
    ("change.three_public.vehicle_purchase", "0", 114),  # 其中，公务用车购置费 0万元。与2023年持平
    ("three_public.vehicle_operation", "2", 114),
    ("change.three_public.vehicle_operation", "-1.40", 114),
    ("change_pct.three_public.vehicle_operation", "-41.18", 114),
    # 八、九、政府性基金 / 国有资本经营预算支出
    ("expenditure.gov_fund", "967.70", 118),
    ("expenditure.state_capital", "0", 122),
    # 十、（一）机关（机构）运转经费
    ("operating_costs", "130.50", 128),
    ("change.operating_costs", "-10.40", 128),
    ("change_pct.operating_costs", "-7.38", 128),
    # （二）政府采购
    ("procurement.total", "636.78", 132),
    ("procurement.goods", "1.78", 132),
    ("procurement.works", "0", 132),
    ("procurement.services", "635", 132),
    # （三）预算绩效: 涉及预算拨款3141.7万元，共26个项目
    ("performance.amount", "3141.7", 136),
    ("performance.project_count", "26", 136),
    # （五）国有资产: 单价50万元以上 is a threshold, not a figure
    ("assets.vehicles", "2", 144),
    ("assets.vehicles.general", "2", 144),
    ("assets.vehicles.law_enforcement", "0", 144),
    ("assets.vehicles.other", "0", 144),
    ("assets.general_equipment", "0", 144),
    ("assets.special_equipment", "0", 144),
}

YUANJIANG: Expected = {
    # （一）收入预算 (wrapped: 下降 / 10.28% on the next line)
    ("income.total", "582.97", 160),
    ("income.general_public", "582.97", 160),
    ("income.gov_fund", "0.00", 160),
    ("income.state_capital", "0.00", 160),
    ("income.special_account", "0.00", 160),
    ("income.business", "0.00", 160),
    ("income.operating", "0.00", 160),
    ("income.superior_subsidy", "0.00", 160),
    ("income.affiliated", "0.00", 160),
    ("income.other", "0.00", 160),
    # (社会保障基金预算资金, 上级财政补助收入: no key)
    ("change.income.total", "-66.79", 160),
    ("change_pct.income.total", "-10.28", 163),
    # (二) 支出预算, by function class: 210 卫生健康支出 542.00 and 221 住房保障支出 40.97 in the
    # tables (lines 305 and 309)
    ("expenditure.total", "582.97", 171),
    ("function.210", "542.00", 171),
    ("function.221", "40.97", 171),
    ("change.expenditure.total", "-66.79", 171),
    ("change_pct.expenditure.total", "-10.28", 171),
    # 四、一般公共预算拨款支出: the heading scopes (一) 基本支出 and (二) 项目支出
    ("expenditure.general_public", "582.97", 177),
    ("function.210", "542.00", 177),
    ("share_pct.function.210", "92.97", 177),  # 542.00 / 582.97 = 92.97%
    ("function.221", "40.97", 177),
    ("share_pct.function.221", "7.03", 177),  # 40.97 / 582.97 = 7.03%
    ("expenditure.general_public.basic", "514.75", 179),
    ("expenditure.general_public.project", "68.22", 181),
    # 七、（一）机关运行经费
    ("operating_costs", "18.14", 195),
    ("change.operating_costs", "-28.86", 195),
    ("change_pct.operating_costs", "-61.40", 195),
    # （二）“三公”经费 (wrapped: 公 / 务用车运行费 0.00 万元 on line 199)
    ("three_public.total", "3.00", 197),
    ("three_public.reception", "3.00", 197),
    ("three_public.vehicle", "0.00", 197),
    ("three_public.vehicle_purchase", "0.00", 197),
    ("three_public.vehicle_operation", "0.00", 199),
    ("three_public.overseas", "0.00", 199),
    ("change.three_public.total", "0", 199),  # 2024 年“三公”经费预算与 2023 年持平
    # (三) 一般性支出 (人数 200 人: no key)
    ("meeting_costs", "1", 201),
    ("training_costs", "0", 201),
    # (四) 政府采购
    ("procurement.total", "0", 203),
    ("procurement.goods", "0", 203),
    ("procurement.works", "0", 203),
    ("procurement.services", "0", 203),
    # (五) 国有资产: existing, then planned (拟新增配置 / 新增配备)
    ("assets.vehicles", "0", 205),
    ("assets.vehicles.confidential", "0", 205),
    ("assets.vehicles.emergency", "0", 205),
    ("assets.vehicles.law_enforcement", "0", 205),
    ("assets.vehicles.special_technical", "0", 205),
    ("assets.vehicles.other", "0", 205),
    ("assets.general_equipment", "0", 205),
    ("assets.special_equipment", "0", 205),
    ("assets.new.vehicles", "0", 205),
    ("assets.new.vehicles.confidential", "0", 205),
    ("assets.new.vehicles.emergency", "0", 205),
    ("assets.new.vehicles.law_enforcement", "0", 205),
    ("assets.new.vehicles.special_technical", "0", 205),
    ("assets.new.vehicles.other", "0", 205),
    ("assets.new.general_equipment", "0", 205),
    ("assets.new.special_equipment", "0", 205),
    # (六) 绩效: 582.97 万 / 元 wrapped; its 基本支出/项目支出 split is not keyed
    ("performance.amount", "582.97", 207),
}

SAMPLES = {"beidaihe": BEIDAIHE, "chengde": CHENGDE, "jiyuan": JIYUAN, "yuanjiang": YUANJIANG}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_facts_are_exactly_the_stated_ones(name: str) -> None:
    assert_exact(sample_facts(name), SAMPLES[name])


@pytest.mark.parametrize(
    ("name", "key", "value", "line"),
    [
        # required by the issue
        ("chengde", "income.total", "9473.74", 1988),
        ("chengde", "income.carryover", "1939.42", 1988),
        ("chengde", "expenditure.basic", "1789.03", 1990),
        ("chengde", "expenditure.basic.personnel", "1692.56", 1990),
        ("chengde", "expenditure.basic.public", "96.47", 1990),
        ("chengde", "expenditure.project", "7684.71", 1990),
        ("chengde", "three_public.total", "1.66", 2010),
        ("chengde", "change.expenditure.total", "-1602.01", 2006),
        ("beidaihe", "change.expenditure.basic", "21.84", 1536),
        ("beidaihe", "change.expenditure.project", "-77.24", 1536),
        ("beidaihe", "operating_costs", "16.35", 1538),
        ("jiyuan", "share_pct.expenditure.basic", "51.41", 86),
        ("jiyuan", "change_pct.income.total", "-5.54", 78),
    ],
)
def test_required_facts(name: str, key: str, value: str, line: int) -> None:
    matching = [f for f in sample_facts(name) if f.key == key and f.line == line]
    assert [str(f.value) for f in matching] == [value]


def test_sample_fact_units_and_text() -> None:
    facts = {(f.key, f.line): f for f in sample_facts("jiyuan")}
    share = facts[("share_pct.expenditure.basic", 86)]
    assert (share.unit, share.value) == ("%", Decimal("51.41"))
    assert share.text.startswith("济源产城融合示范区医疗保障局部门2024年支出合计6465.30万元")
    assert share.text.endswith("占51.41%；")
    assert facts[("assets.vehicles", 144)].unit == "辆"
    assert facts[("assets.general_equipment", 144)].unit == "台（套）"
    assert facts[("performance.project_count", 136)].unit == "个"
    assert facts[("income.total", 78)].unit == "万元"
    # a sentence wrapped over two lines is reported whole, from the line the figure starts on
    change = facts[("change.income.gov_fund", 92)]
    assert "政府性基金收支预算增加761.20万元" in change.text


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_facts_are_typed_and_quote_their_sentence(name: str) -> None:
    running_text = "".join(p.text for p in sample_paragraphs(name))
    for fact in sample_facts(name):
        assert isinstance(fact.value, Decimal)
        assert fact.unit in {"万元", "%", "辆", "台", "台（套）", "个"}
        assert fact.text and fact.text in running_text
        assert fact.text.endswith(("。", "；", ";")) or len(fact.text) > 10


def test_whole_document_is_fast() -> None:
    paragraphs = sample_paragraphs("jiyuan")
    extract_facts(paragraphs)
    started = time.perf_counter()
    for _ in range(10):
        extract_facts(paragraphs)
    # about 7 ms on a developer machine; the bound leaves room for slow CI machines
    assert (time.perf_counter() - started) / 10 < 0.1


def test_time_is_linear_in_text_size() -> None:
    block = [
        "2024年本部门支出预算582.97万元，其中：基本支出514.75万元，项目支出68.22万元。",
        "（一）拟订全市医疗保障政策、规划和标准，并组织实施。",
    ]
    small = [Paragraph(text, i) for i, text in enumerate(block * 50, start=1)]
    large = [Paragraph(text, i) for i, text in enumerate(block * 500, start=1)]
    extract_facts(small)
    started = time.perf_counter()
    extract_facts(small)
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    facts = extract_facts(large)
    large_time = time.perf_counter() - started
    assert len(facts) == 3 * 500
    assert large_time < max(small_time, 0.001) * 30  # 10x the text, far from 100x the time


# --------------------------------------------------------------------------- phrasing variants


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["2024年本部门支出预算100.00万元，比上年增加10.00万元，增长11.11%。"],
            {
                ("expenditure.total", "100.00", 1),
                ("change.expenditure.total", "10.00", 1),
                ("change_pct.expenditure.total", "11.11", 1),
            },
            id="比上年增加-增长",
        ),
        pytest.param(
            ["2025年收入预算80万元，较上年减少20万元，下降20%。"],
            {
                ("income.total", "80", 1),
                ("change.income.total", "-20", 1),
                ("change_pct.income.total", "-20", 1),
            },
            id="较上年减少-下降",
        ),
        pytest.param(
            ["2024年机关运行经费预算12.5万元，与上年持平。"],
            {("operating_costs", "12.5", 1), ("change.operating_costs", "0", 1)},
            id="与上年持平",
        ),
        pytest.param(
            ["2024年“三公”经费预算数为6万元，与2023年预算相比无增减。"],
            {("three_public.total", "6", 1), ("change.three_public.total", "0", 1)},
            id="相比无增减",
        ),
        pytest.param(
            ["公用经费5万元，较上年增加0.1万元，与上年基本持平。"],
            {("expenditure.basic.public", "5", 1), ("change.expenditure.basic.public", "0.1", 1)},
            id="基本持平-is-not-zero",
        ),
        pytest.param(
            ["2024年“三公”经费预算为12,345.00元，其中公务接待费2,345.00元。"],
            {("three_public.total", "12345.00", 1), ("three_public.reception", "2345.00", 1)},
            id="元-with-thousands",
        ),
        pytest.param(
            ["2024年支出合计200万元，其中：基本支出160万元，占比80%；项目支出40万元，占支出总额的20%。"],
            {
                ("expenditure.total", "200", 1),
                ("expenditure.basic", "160", 1),
                ("share_pct.expenditure.basic", "80", 1),
                ("expenditure.project", "40", 1),
                ("share_pct.expenditure.project", "20", 1),
            },
            id="占比-and-占…的",
        ),
        pytest.param(
            ["２０２４年机关运行经费预算为１２．５万元，比上年减少１．５万元，下降１０．７１％。"],
            {
                ("operating_costs", "12.5", 1),
                ("change.operating_costs", "-1.5", 1),
                ("change_pct.operating_costs", "-10.71", 1),
            },
            id="full-width-digits",
        ),
        pytest.param(
            [
                "政府采购预算总额 1 万元， 其中， 货物类采购预算 1 万元; "
                "工程类采购预算 0 万元; 服务类采购预算 0 万 元。"
            ],
            {
                ("procurement.total", "1", 1),
                ("procurement.goods", "1", 1),
                ("procurement.works", "0", 1),
                ("procurement.services", "0", 1),
            },
            id="spaces-and-ascii-semicolons",
        ),
        pytest.param(
            ["2024年部门预算收入总计120万元，其中：财政拨款收入100万元，上年结转20万元。"],
            {("income.total", "120", 1), ("income.fiscal", "100", 1), ("income.carryover", "20", 1)},
            id="收入总计-with-carryover",
        ),
        pytest.param(
            ["2024年本部门收入预算90万元，其中：一般公共预算拨款80万元，政府性基金预算拨款10万元。"],
            {
                ("income.total", "90", 1),
                ("income.general_public", "80", 1),
                ("income.gov_fund", "10", 1),
            },
            id="fund-names-take-the-side-of-their-whole",
        ),
        pytest.param(
            ["一般公共预算支出50万元，其中：基本支出30万元，占60%；项目支出20万元，占40%。"],
            {
                ("expenditure.general_public", "50", 1),
                ("expenditure.general_public.basic", "30", 1),
                ("share_pct.expenditure.general_public.basic", "60", 1),
                ("expenditure.general_public.project", "20", 1),
                ("share_pct.expenditure.general_public.project", "40", 1),
            },
            id="parts-inherit-the-fund",
        ),
        pytest.param(
            ["2023年收支总计各为300万元，与2022年相比，收、支总计各增加30万元，增长11.11%。"],
            {
                ("income.total", "300", 1),
                ("expenditure.total", "300", 1),
                ("change.income.total", "30", 1),
                ("change.expenditure.total", "30", 1),
                ("change_pct.income.total", "11.11", 1),
                ("change_pct.expenditure.total", "11.11", 1),
            },
            id="收支-both-sides",
        ),
        pytest.param(
            ["人员经费支出100万元，上年人员经费支出90万元，较上年增加10万元。"],
            {
                ("expenditure.basic.personnel", "100", 1),
                ("prior.expenditure.basic.personnel", "90", 1),
                ("change.expenditure.basic.personnel", "10", 1),
            },
            id="prior-year-figure",
        ),
        pytest.param(
            ["（二）公务接待费 1.20万元，主要用于接待检查指导工作。预算数比2023年增加0.50万元。"],
            {("three_public.reception", "1.20", 1), ("change.three_public.reception", "0.50", 1)},
            id="change-refers-to-the-previous-sentence",
        ),
        pytest.param(
            ["政府性基金拨款支出预算为0；国有资本经营预算拨款支出预算为0。"],
            {("expenditure.gov_fund", "0", 1), ("expenditure.state_capital", "0", 1)},
            id="bare-为0",
        ),
        pytest.param(
            ["本单位编报绩效目标的项目共12个，涉及项目预算资金4,222.51万元。"],
            {("performance.project_count", "12", 1), ("performance.amount", "4222.51", 1)},
            id="performance",
        ),
        pytest.param(
            [
                "截至2024年8月31日，本单位共有车辆3辆，其中：执法执勤用车1辆、其他用车2辆；单价100万元（含）以上设备（不含车辆）1台（套）。"
            ],
            {
                ("assets.vehicles", "3", 1),
                ("assets.vehicles.law_enforcement", "1", 1),
                ("assets.vehicles.other", "2", 1),
                ("assets.equipment", "1", 1),
            },
            id="vehicles-and-threshold",
        ),
        pytest.param(
            ["2025年部门预算安排购置车辆1辆，其中：一般公务用车1辆。"],
            {("assets.new.vehicles", "1", 1), ("assets.new.vehicles.general", "1", 1)},
            id="planned-vehicles",
        ),
        pytest.param(
            ["截至2023年底，本部门共有按规定配备的公务用车2辆。"],
            {("assets.vehicles", "2", 1)},
            id="existing-vehicles-配备",
        ),
        pytest.param(
            ["上年度结转资金20万元，上年度末固定资产金额为10万元。"],
            {("income.carryover", "20", 1), ("assets.total", "10", 1)},
            id="上年度结转-and-上年度末-are-not-prior",
        ),
        pytest.param(
            ["会议费预算 1 万元，人数 200 人；培训费预算 0.5 万元。"],
            {("meeting_costs", "1", 1), ("training_costs", "0.5", 1)},
            id="meeting-and-training",
        ),
    ],
)
def test_phrasing_variants(lines: list[str], expected: Expected) -> None:
    assert_exact(facts_of(*lines), expected)


def test_wrapped_lines_are_joined_and_report_the_starting_line() -> None:
    facts = facts_of(
        "（一）收入预算：2024 年本部门收入预算 582.97 万",
        "元，其中：一般公共预算拨款 582.97 万元。收入较去年减少 66.79 万元，下降",
        "10.28%，主要是人员减少。",
        first_line=10,
    )
    assert_exact(
        facts,
        {
            ("income.total", "582.97", 10),
            ("income.general_public", "582.97", 11),
            ("change.income.total", "-66.79", 11),
            ("change_pct.income.total", "-10.28", 12),
        },
    )
    total = facts[0]
    assert (
        total.text
        == "（一）收入预算：2024 年本部门收入预算 582.97 万元，其中：一般公共预算拨款 582.97 万元。"
    )


def test_a_heading_is_not_joined_to_the_next_line() -> None:
    facts = facts_of("三、机关运行经费安排情况", "2024年机关运行经费16.35万元。")
    assert [(f.key, f.line, f.text) for f in facts] == [
        ("operating_costs", 2, "2024年机关运行经费16.35万元。")
    ]


def test_a_fund_heading_scopes_the_parts_below_it() -> None:
    facts = facts_of(
        "四、一般公共预算拨款支出",
        "(一) 基本支出: 2024年本部门基本支出预算数514.75万元。",
        "七、其他重要事项的情况说明",
        "基本支出514.75万元。",
    )
    assert as_set(facts) == {
        ("expenditure.general_public.basic", "514.75", 2),
        ("expenditure.basic", "514.75", 4),
    }


def test_page_is_passed_through() -> None:
    facts = extract_facts([Paragraph("2024年机关运行经费为2,517.78万元。", 40, page=6)])
    assert [(f.key, f.value, f.line, f.page) for f in facts] == [
        ("operating_costs", Decimal("2517.78"), 40, 6)
    ]


def test_restated_figure_on_another_line_is_kept_but_never_duplicated() -> None:
    facts = facts_of(
        "2024年机关运行经费16.35万元，机关运行经费16.35万元。",
        "2024年机关运行经费共计安排16.35万元。",
    )
    assert [(f.key, f.line) for f in facts] == [("operating_costs", 1), ("operating_costs", 2)]


# --------------------------------------------------------------------------- what is not a fact


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(
            [
                "八、名词解释",
                "1、财政拨款收入：指本级财政当年拨付的资金，包括一般公共预算拨款、政府性基金预算拨款。",
                "9、“三公”经费：纳入财政预算管理的“三公”经费，是指用财政拨款安排的因公出国（境）费、公务用车购置及运维费和公务接待费。",
                "10、机关运行经费：是指各部门（单位）的公用经费，包括办公及印刷费、邮电费、差旅费、会议费。",
            ],
            id="名词解释",
        ),
        pytest.param(
            [
                "一、部门职责及机构设置情况",
                "（一）拟订全市城镇职工和城乡居民医疗保险、生育保险、医疗救助等医疗保障政策、制度、规划和标准。",
                "济源产城融合示范区医疗保障局部门内设机构7个，另设有1个局属单位。",
                "本预算为汇总预算，包括局机关本级预算和1个局属单位预",
                "算。",
            ],
            id="职责和机构",
        ),
        pytest.param(
            [
                "绩效指标：全省基本医疗保险参保率稳定在 95%；城乡居民参保患者住院报销比例平均达到 70%。",
                "绩效指标：全年开展一批药品集采和 40 种耗材集采，对所辖县飞行检查均不少于 2 家医药机构。",
                "全民参保率稳定在95％以上，低收入人口参保率保持在99%以上。",
            ],
            id="performance-targets",
        ),
        pytest.param(
            [
                "11、困难群众基本生活补助1517万元",
                "1、2024年度医保服务大厅人员经费项目：财政年初预算资金59.5万元",
                # function lines are keyed only with the tables that give their codes
                "1. “社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”53.84万元。"
                "2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%。",
                "其中：卫生健康支出542.00万元，占92.97%；住房保障支出40.97万元，占7.03%。",
            ],
            id="projects-and-function-items-without-tables",
        ),
        pytest.param(
            ["济源产城融合示范区医疗保障局负责管理的专项转移支付项目共有2项，豫财社2023-248号文件。"],
            id="document-numbers",
        ),
    ],
)
def test_unrelated_text_yields_no_facts(lines: list[str]) -> None:
    assert facts_of(*lines) == ()


def test_figures_in_a_stated_reason_are_not_keyed() -> None:
    facts = facts_of(
        "“三公”经费预算安排1.66万元。与2024年相比减少0.02万元，增减变化的主要原因是某中心公务接待费较上年减少0.02万元"
    )
    assert as_set(facts) == {("three_public.total", "1.66", 1), ("change.three_public.total", "-0.02", 1)}


def test_parts_of_operating_costs_are_not_keyed() -> None:
    facts = facts_of(
        "机关运行经费共计安排16.35万元。其中：办公及印刷费4.05万元，培训费2.06万元，公用经费1万元。"
    )
    assert as_set(facts) == {("operating_costs", "16.35", 1)}


def test_a_change_after_several_parts_is_ambiguous() -> None:
    facts = facts_of("“三公”经费3万元，其中公务接待费1万元、公务用车运行维护费2万元，比上年减少1万元。")
    assert {f.key for f in facts} == {
        "three_public.total",
        "three_public.reception",
        "three_public.vehicle_operation",
    }


def test_a_term_qualified_by_another_is_not_keyed() -> None:
    assert facts_of("“三公”经费财政拨款支出预算为0.95万元。") == ()


def test_the_budget_column_of_final_accounts_is_not_keyed() -> None:
    facts = facts_of(
        "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
    )
    assert facts == ()


def test_thresholds_are_not_figures() -> None:
    facts = facts_of("单价50万元以上通用设备3台（套），单位价值100万元以上专用设备0台（套）；通用设备5台。")
    assert as_set(facts) == {("assets.general_equipment", "3", 1), ("assets.special_equipment", "0", 1)}


def test_sub_items_of_income_and_expenditure_are_not_bare_totals() -> None:
    facts = facts_of("上级财政补助收入10万元，卫生健康支出20万元，社会保障基金预算资金5万元。")
    assert facts == ()


# --------------------------------------------------------------------------- robustness

_ALPHABET = (
    "0123456789０１２.．,，。；;：:、（）()%％ 万元辆台套个\n"
    "收入支出基本项目人员公用经费三公其中比上年增加减少下降持平与占为预算绩效目标"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60), max_size=8))
def test_any_text_gives_well_formed_facts(lines: list[str]) -> None:
    paragraphs = [Paragraph(text, 100 + i) for i, text in enumerate(lines)]
    facts = extract_facts(paragraphs)
    assert len({(f.key, f.line, f.value) for f in facts}) == len(facts)
    for fact in facts:
        assert 100 <= fact.line < 100 + len(lines)
        assert isinstance(fact.value, Decimal)
        assert fact.unit and fact.key


# --------------------------------------------------------------------------- function lines

# A function-class tree as a document's tables print it (code + name). 行政运行 stands under two
# 款, and 其他社会保障和就业支出 names both a 款 and its 项.
FUNCTION_LINES = (
    ("201", "一般公共服务支出"),
    ("20101", "人大事务"),
    ("2010101", "行政运行"),
    ("20103", "政府办公厅（室）及相关机构事务"),
    ("2010301", "行政运行"),
    ("20129", "群众团体事务"),
    ("2012902", "一般行政管理事务"),
    ("208", "社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"),
    ("20899", "其他社会保障和就业支出"),
    ("2089999", "其他社会保障和就业支出"),
    ("210", "卫生健康支出"),
    ("21011", "行政事业单位医疗"),
    ("2101102", "事业单位医疗"),
    ("221", "住房保障支出"),
    ("22102", "住房改革支出"),
    ("2210201", "住房公积金"),
)


def function_table(year: int | None = 2023) -> Table:
    rows = tuple(
        Row(code, name, (len(code) - 1) // 2, {"total": Decimal(1)}, 500 + i, scheme=CodeScheme.FUNCTION)
        for i, (code, name) in enumerate(FUNCTION_LINES)
    )
    columns = (Column("total", "合计"),)
    return Table(
        TableKind.GENERAL_PUBLIC, "一般公共预算支出功能分类预算表", columns, rows, (), False, 500, year=year
    )


def function_facts(*lines: str, year: int | None = 2023) -> tuple[Fact, ...]:
    paragraphs = [Paragraph(text, 1 + i) for i, text in enumerate(lines)]
    return extract_facts(paragraphs, (function_table(year),))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            [
                "3. “一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）”45.41万元，主要用于群众团体事务一般行政管理事务",
                "。2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%。主要原因是：群众团体事务一般",
                "行政管理事务经费增加。",
            ],
            {
                ("function.2012902", "45.41", 1),
                ("prior.function.2012902", "11.67", 2),
                ("function.2012902", "45.41", 2),
                ("change_pct.function.2012902", "314.82", 2),
            },
            id="shanghai-item",
        ),
        pytest.param(
            [
                "1.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”220.63万元，"
                "上年执行数132.59万元，比上年执行数增加88.04万元，增长66.40%。"
            ],
            {
                ("function.2080506", "220.63", 1),
                ("prior.function.2080506", "132.59", 1),
                ("change.function.2080506", "88.04", 1),
                ("change_pct.function.2080506", "66.40", 1),
            },
            id="上年执行数-增加-增长",
        ),
        pytest.param(
            [
                "“住房保障支出（类）住房改革支出（款）住房公积金（项）”352.67万元。比上年执行数减少88.08万元，下降19.98%。"
            ],
            {
                ("function.2210201", "352.67", 1),
                ("change.function.2210201", "-88.08", 1),
                ("change_pct.function.2210201", "-19.98", 1),
            },
            id="减少-下降-signed",
        ),
        pytest.param(
            [
                "8. “卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）”20.00万元。2022年当年预算执行数为20.00万元，"
                "2023年预算安排20.00万元，比2022年预算执行数持平。"
            ],
            {
                ("function.2101102", "20.00", 1),
                ("prior.function.2101102", "20.00", 1),
                ("change.function.2101102", "0", 1),
            },
            id="持平",
        ),
        pytest.param(
            [
                "2024年本部门一般公共预算拨款支出582.97万元，其中：卫生健康支出542.00万元，占92.97%；住房保障支出40.97万元，占7.03%。"
            ],
            {
                ("expenditure.general_public", "582.97", 1),
                ("function.210", "542.00", 1),
                ("share_pct.function.210", "92.97", 1),
                ("function.221", "40.97", 1),
                ("share_pct.function.221", "7.03", 1),
            },
            id="bare-class-names-and-shares",
        ),
        pytest.param(
            ["1.“一般公共服务支出”科目12,789万元，主要用于人员经费、公用经费等基本支出。"],
            {("function.201", "12789", 1)},
            id="科目",
        ),
        pytest.param(
            ["1. “一般公共服务 (类) 群众团体 事务 (款) 一般行政管理事务 (项)”45.41 万元。"],
            {("function.2012902", "45.41", 1)},
            id="spaces-width-and-支出-tolerated",
        ),
        pytest.param(
            [
                "“其他社会保障和就业支出（款）其他社会保障和就业支出（项）”10.00万元。",
                "其中：其他社会保障和就业支出10.00万元。",
            ],
            {("function.2089999", "10.00", 1)},
            id="a-name-on-two-levels-needs-its-level",
        ),
        pytest.param(
            [
                "5、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金",
                "缴费支出（项）。主要用于：在职人员的职业年金缴费支出。年初预算为80.81万",
                "元，支出决算为80.38万元。",
                "6、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗",
                "（项）。主要用于：",
                "事业单位医疗。年初预算为62.29万元，支出决算为60.99万元。",
            ],
            {("function.2080506", "80.38", 3), ("function.2101102", "60.99", 6)},
            id="final-accounts-items-wrapped-mid-name",
        ),
        pytest.param(
            [
                "“住房保障支出（类）住房改革支出（款）住房公积金（项）”33.58万元。2021年预算执行数为30.00万元，"
                "执行数为31.00万元，2023年预算安排33.58万元。"
            ],
            {("function.2210201", "33.58", 1)},
            id="other-years-and-undated-执行数-are-not-keyed",
        ),
        pytest.param(
            [
                "“住房保障支出（类）住房改革支出（款）住房公积金（项）”33.58万元。主要原因是：上年执行数为30万元。"
            ],
            {("function.2210201", "33.58", 1)},
            id="reason",
        ),
        pytest.param(
            [
                "“住房保障支出（类）住房改革支出（款）住房公积金（项）”33.58万元。机关运行经费10万元，2023年预算安排5万元。"
            ],
            {("function.2210201", "33.58", 1), ("operating_costs", "10", 1)},
            id="another-subject-ends-the-item",
        ),
    ],
)
def test_function_lines(lines: list[str], expected: Expected) -> None:
    assert_exact(function_facts(*lines), expected)


def test_function_facts_quote_their_sentence() -> None:
    facts = {
        (f.key, f.line): f
        for f in function_facts(
            "3. “一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）”45.41万元，主要用于群众团体事务。",
            "2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%。",
        )
    }
    heading = facts[("function.2012902", 1)]
    assert (heading.unit, heading.value) == ("万元", Decimal("45.41"))
    assert heading.text.startswith(
        "3. “一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）”45.41万元"
    )
    pct = facts[("change_pct.function.2012902", 2)]
    assert (pct.unit, pct.value) == ("%", Decimal("314.82"))
    assert (
        pct.text
        == "2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%。"
    )


def test_without_a_table_year_the_latest_year_stated_is_the_budget_year() -> None:
    facts = function_facts(
        "“住房保障支出（类）住房改革支出（款）住房公积金（项）”33.58万元。",
        "2023年当年预算执行数为33.74万元，2024年预算安排33.58万元。",
        year=None,
    )
    assert as_set(facts) == {
        ("function.2210201", "33.58", 1),
        ("prior.function.2210201", "33.74", 2),
        ("function.2210201", "33.58", 2),
    }


def test_unknown_or_ambiguous_lines_key_nothing() -> None:
    facts = function_facts(
        "1. “住房保障支出（类）住房改革支出（款）住房公积金（项）”33.58万元。",
        # an obsolete class name: not in the tables, so neither this item nor the one before
        "2. “医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）”50.37万元，主要用于人员医疗保险。"
        "2022年当年预算执行数为44.17万元，2023年预算安排50.37万元，比2022年预算执行数增加14.04%。",
        # 行政运行 stands under two 款 of the tables
        "3. “行政运行（项）”30.00万元，上年执行数20.00万元，比上年执行数增加10.00万元。",
        # levels out of order
        "4. “住房公积金（项）住房改革支出（款）”30.00万元。",
    )
    assert as_set(facts) == {("function.2210201", "33.58", 1)}


def test_a_chain_item_goes_on_over_paragraphs_until_the_next_item_or_heading() -> None:
    facts = function_facts(
        "1、一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）。主要用于：",
        "群众团体工作。2023年预算安排10.00万元。",
        "2022年当年预算执行数为9.50万元。",
        "2、年度工作",
        "2023年预算安排8.00万元。",
        "三、其他说明",
        "2023年预算安排7.00万元。",
    )
    assert as_set(facts) == {("function.2012902", "10.00", 2), ("prior.function.2012902", "9.50", 3)}


def test_a_bare_name_does_not_go_on_to_the_next_paragraph() -> None:
    facts = function_facts("其中：卫生健康支出542.00万元。", "2023年预算安排20.00万元。")
    assert as_set(facts) == {("function.210", "542.00", 1)}


_FUNCTION_ALPHABET = (
    _ALPHABET + "（类）（款）（项）“”科目卫生健康住房保障改革公积金行政运行执行数安排2022年2023年"
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=_FUNCTION_ALPHABET, max_size=60), max_size=8))
def test_any_text_with_tables_gives_well_formed_facts(lines: list[str]) -> None:
    paragraphs = [Paragraph(text, 100 + i) for i, text in enumerate(lines)]
    facts = extract_facts(paragraphs, (function_table(),))
    codes = {code for code, _ in FUNCTION_LINES}
    assert len({(f.key, f.line, f.value) for f in facts}) == len(facts)
    for fact in facts:
        assert 100 <= fact.line < 100 + len(lines)
        if "function." in fact.key:
            assert fact.key.rsplit(".", 1)[1] in codes


# --------------------------------------------------------------------------- function lines in the PDFs

PDF = SAMPLE_DIR / "pdf"


@cache
def pdf_disclosure(name: str) -> Disclosure:
    pytest.importorskip("pdfplumber")
    path = PDF / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"sample not available: {path}")
    return parse_path(path)


def function_counts(disclosure: Disclosure) -> dict[str, int]:
    """How many facts of each function key family (function, prior, change, change_pct, share_pct)."""
    counted = Counter(
        f.key.split("function.")[0] + "function" for f in disclosure.facts if "function." in f.key
    )
    return dict(counted)


@pytest.mark.parametrize(
    ("name", "lines", "counts"),
    [
        # 34 items: each states its amount twice (heading, 预算安排) and last year's 执行数; 32 a
        # percentage, 2 持平 (公共法律服务, 科普活动)
        (
            "shanghai-putuo-wanli-2023-dept",
            34,
            {"function": 68, "prior.function": 34, "change_pct.function": 32, "change.function": 2},
        ),
        (
            "shanghai-putuo-wanli-2024-dept",
            33,
            {"function": 66, "prior.function": 33, "change_pct.function": 28, "change.function": 5},
        ),
        # item 5 names the obsolete class 医疗卫生与计划生育支出 (the tables print 卫生健康支出): not keyed
        (
            "shanghai-putuo-fuliyuan-2024-unit",
            5,
            {"function": 10, "prior.function": 5, "change_pct.function": 5},
        ),
        ("shanghai-czj-2025-unit", 4, {"function": 4}),  # “一般公共服务支出”科目12,789万元 …
        # 决算: 4 classes with their shares, 11 items (支出决算; 年初预算 is not keyed)
        ("shanghai-putuo-czj-2024-final", 15, {"function": 15, "share_pct.function": 4}),
    ],
)
def test_pdf_function_lines(name: str, lines: int, counts: dict[str, int]) -> None:
    disclosure = pdf_disclosure(name)
    assert function_counts(disclosure) == counts
    codes = {f.key.rsplit(".", 1)[1] for f in disclosure.facts if "function." in f.key}
    assert len(codes) == lines
    printed = {r.code for t in disclosure.tables for r in t.rows if r.scheme is CodeScheme.FUNCTION}
    assert codes <= printed


# Every function line the text states against the general public table (元, rounded to 万元), and
# every stated percentage against (this year − last year) ÷ last year: the only differences are
# the documents' real defects (see test_function_line_defects_are_found).
TEXT_VS_TABLE_DEFECTS = {
    "shanghai-putuo-wanli-2023-dept": {("function.2080506", "441.25", 105)},
    "shanghai-putuo-wanli-2024-dept": {("function.2210201", "352.67", 147)},
    "shanghai-putuo-fuliyuan-2024-unit": {
        ("function.2081005", "738.66", 56),
        ("function.2081005", "738.66", 57),
    },
}
PERCENT_DEFECTS = {
    "shanghai-putuo-wanli-2023-dept": {
        ("change_pct.function.2012902", "314.82", 72),
        ("change_pct.function.2080506", "60.54", 105),
    },
    "shanghai-putuo-wanli-2024-dept": {("change_pct.function.2210201", "0.53", 147)},
}
CENT = Decimal("0.01")


@pytest.mark.parametrize(
    "name",
    ["shanghai-putuo-wanli-2023-dept", "shanghai-putuo-wanli-2024-dept", "shanghai-putuo-fuliyuan-2024-unit"],
)
def test_pdf_function_lines_against_tables_and_arithmetic(name: str) -> None:
    disclosure = pdf_disclosure(name)
    table = next(t for t in disclosure.tables if t.kind is TableKind.GENERAL_PUBLIC)
    assert table.unit == "元"
    printed = {r.code: r.values["total"] or Decimal(0) for r in table.rows if r.code}
    facts = [f for f in disclosure.facts if "function." in f.key]
    differing = {
        (f.key, str(f.value), f.line)
        for f in facts
        if f.key.startswith("function.")
        and f.value != (printed[f.key.removeprefix("function.")] / 10000).quantize(CENT, ROUND_HALF_UP)
    }
    assert differing == TEXT_VS_TABLE_DEFECTS.get(name, set())
    wrong = set()
    for pct in (f for f in facts if f.key.startswith("change_pct.")):
        code = pct.key.rsplit(".", 1)[1]
        # the sentence's own figures: the last ones stated up to the percentage
        prior = [f for f in facts if f.key == f"prior.function.{code}" and f.line <= pct.line][-1]
        current = [f for f in facts if f.key == f"function.{code}" and f.line <= pct.line][-1]
        if prior.value and ((current.value - prior.value) / prior.value * 100).quantize(CENT) != pct.value:
            wrong.add((pct.key, str(pct.value), pct.line))
    assert wrong == PERCENT_DEFECTS.get(name, set())


def _findings(disclosure: Disclosure, rule: str) -> list[Finding]:
    return [f for f in check(disclosure).findings if f.rule == rule and f.severity is Severity.ERROR]


def _quoted(findings: list[Finding], quote: str, line: int, page: int) -> list[Finding]:
    return [
        f
        for f in findings
        if any(quote in (loc.text or "") and (loc.line, loc.page) == (line, page) for loc in f.locations)
    ]


def test_function_line_defects_are_found() -> None:
    """Real defects of the Shanghai PDFs, found by the text rules with the new facts."""
    # 万里 2023, item 16: headed 220.63万元 (the table: 2,206,272元), but the sentence copies item
    # 15's “2023年预算安排441.25万元 … 增加60.54%”.
    wanli_2023 = _findings(pdf_disclosure("shanghai-putuo-wanli-2023-dept"), "TXT001")
    found = _quoted(
        wanli_2023,
        "2022年当年预算执行数为132.59万元，2023年预算安排441.25万元，比2022年预算执行数增加60.54%。",
        105,
        7,
    )
    assert len(found) == 1 and "2080506" in found[0].message
    assert (found[0].expected, found[0].actual) == (Decimal("220.6272"), Decimal("441.25"))
    # 万里 2024, item 31 住房公积金: headed 350.35万元 (the table: 3,503,499元), but “2024年预算安排
    # 352.67万元” (2023's figure; its 0.53% is 350.35 over 348.52).
    wanli_2024 = _findings(pdf_disclosure("shanghai-putuo-wanli-2024-dept"), "TXT001")
    found = _quoted(
        wanli_2024,
        "2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%。",
        147,
        9,
    )
    assert len(found) == 1 and "2210201" in found[0].message
    assert (found[0].expected, found[0].actual) == (Decimal("350.3499"), Decimal("352.67"))
    # 社会福利院 2024, item 4 社会福利事业单位: 738.66万元 in the text, 6,964,796元 in the
    # general public table (the items then add up to 950.12万元 of fiscal spending).
    fuliyuan = _findings(pdf_disclosure("shanghai-putuo-fuliyuan-2024-unit"), "TXT001")
    quote = "“社会保障和就业支出（类）社会福利（款）社会福利事业单位（项）”738.66万元"
    assert _quoted(fuliyuan, quote, 56, 6)
    # Messages name the code (科目2080506), never the internal key (function.2080506).
    assert not any("function." in f.message for f in wanli_2023 + wanli_2024 + fuliyuan)


def test_percentage_against_last_years_figure_is_found() -> None:
    """万里 2023, item 3 群众团体事务: 11.67 → 45.41万元 is +289.12%, the text says 314.82%."""
    found = _quoted(
        _findings(pdf_disclosure("shanghai-putuo-wanli-2023-dept"), "TXT005"),
        "2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%。",
        72,
        6,
    )
    assert found and found[0].actual == Decimal("314.82")


# --------------------------------------------------------------------------- term lookup


def test_final_characters_reads_the_term_syntax() -> None:
    assert _final_characters("公务用?车(?:辆)?购置费?(?:用)?") == frozenset("置费用")
    assert _final_characters("其他[^，；。]{0,12}?用车") == frozenset("车")
    assert _final_characters("设备(?:（不含车辆）)?") == frozenset("备）")
    assert _final_characters("收[、，]") == frozenset("、，")
    # Any final character, an empty match, or syntax it does not read: try it everywhere.
    assert _final_characters("用[^车]") is None
    assert _final_characters("(?:收入)?") is None
    assert _final_characters(r"收\w") is None
    assert _final_characters("收(?=入)") is None


_TERM_TEXT = st.sampled_from([pattern for pattern, _ in _TERM_LIST]).flatmap(
    lambda pattern: st.from_regex(pattern, fullmatch=True)
)


@settings(max_examples=400, deadline=None)
@given(
    before=st.text(alphabet="一般公共预算收入支出费用车年为，其中2023", max_size=12),
    term=_TERM_TEXT,
    after=st.text(alphabet="为安排预算数共计合", max_size=3),
)
def test_term_lookup_by_final_character_finds_what_the_full_search_finds(
    before: str, term: str, after: str
) -> None:
    label = before + term + after
    for start in (0, max(len(label) - 32, 0)):
        full, fast = _TERM_RE.search(label, start), _search_term(label, start)
        assert (full and (full.start(), full.lastgroup)) == (fast and (fast.start(), fast.lastgroup))


_PLAIN_DROPPED = re.compile(
    r"[\s\u200b“”\"'‘’「」『』]+|[（(]上一?年度?[，,]?下同[)）]|[（(]以[^（()）]{1,12}为准[)）]"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\u3000“”\"'‘’「」『』（()）上一年度，,下同以为准经费12", max_size=30))
def test_dropped_text_is_what_the_plain_pattern_drops(text: str) -> None:
    """The dropped-text pattern is written to start with one character set; it drops the same."""
    assert [m.span() for m in _DROPPED.finditer(text)] == [m.span() for m in _PLAIN_DROPPED.finditer(text)]


_PLAIN_MENTION = re.compile(
    r"(?<![\d.,，A-Za-z\-])(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>万元|亿元|千元|元|%|‰|辆|台（套）|台/套|台|套|个|平方米|㎡)"
    r"|为(?P<zero>0(?:\.0+)?)(?=[，,；。）]|$)"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789.,，a-为万元%个台（套）。；支出", max_size=30))
def test_mentions_are_what_one_plain_pattern_finds(text: str) -> None:
    """Numbers and bare zeros are found by two patterns; together they find what one finds."""
    found = sorted([*_NUMBER_MENTION.finditer(text), *_ZERO_MENTION.finditer(text)], key=lambda m: m.start())
    plain = list(_PLAIN_MENTION.finditer(text))
    assert [m.span() for m in found] == [m.span() for m in plain]
    assert [m.groupdict().get("num") or m.group("zero") for m in found] == [
        m.group("num") or m.group("zero") for m in plain
    ]
