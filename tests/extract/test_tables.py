"""Table recognition on the four real samples.

Every expected value here was read off the sample documents by hand (line numbers are the
source lines of ../shared/samples/*.txt).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from _samples import TEXT_SAMPLES, parsed
from yusuan.extract.numbers import is_amount
from yusuan.extract.tables import split_header
from yusuan.model import CodeScheme, Disclosure, Row, Table, TableKind

K = TableKind

EXPECTED_KINDS = {
    "beidaihe": [
        K.SUMMARY,
        K.INCOME,
        K.EXPENDITURE,
        K.FISCAL_SUMMARY,
        K.GENERAL_PUBLIC,
        K.GENERAL_PUBLIC_BASIC,
        K.GOV_FUND,
        K.STATE_CAPITAL,
        K.THREE_PUBLIC,
        K.ORGANIZATION,
        *[K.PERFORMANCE_PROJECTS] * 6,
        K.PROCUREMENT,
        K.ASSETS,
    ],
    "chengde": [
        K.SUMMARY,
        K.INCOME,
        K.EXPENDITURE,
        K.FISCAL_SUMMARY,
        K.GENERAL_PUBLIC,
        K.GENERAL_PUBLIC_BASIC,
        K.GOV_FUND,
        K.STATE_CAPITAL,
        K.THREE_PUBLIC,
        K.ORGANIZATION,
        *[K.PERFORMANCE_PROJECTS] * 15,
        K.PROCUREMENT,
        K.ASSETS,
    ],
    "jiyuan": [
        K.SUMMARY,
        K.INCOME,
        K.EXPENDITURE,
        K.FISCAL_SUMMARY,
        K.GENERAL_PUBLIC,
        K.GENERAL_PUBLIC_BASIC,
        K.ECONOMIC_SUMMARY,
        K.THREE_PUBLIC,
        K.GOV_FUND,
        K.STATE_CAPITAL,
        K.PROJECTS,
        K.PERFORMANCE_OVERALL,
        K.PERFORMANCE_PROJECTS,
    ],
    # The 沅江 document lists 23 tables in its contents but prints only these 14.
    "yuanjiang": [
        K.SUMMARY,
        K.EXPENDITURE,
        K.FISCAL_SUMMARY,
        K.GENERAL_PUBLIC_BASIC,
        K.GENERAL_PUBLIC_BASIC_DETAIL,
        K.GENERAL_PUBLIC_BASIC_DETAIL,
        K.THREE_PUBLIC,
        K.GOV_FUND,
        K.GOV_FUND,
        K.GOV_FUND,
        K.STATE_CAPITAL,
        K.SPECIAL_ACCOUNT,
        K.PROJECTS,
        K.PERFORMANCE_PROJECTS,
    ],
}


def table(d: Disclosure, title_part: str) -> Table:
    matches = [t for t in d.tables if title_part in t.title]
    if len(matches) > 1:
        matches = [t for t in matches if t.title.endswith(title_part)] or matches
    exact = [t for t in matches if t.title == title_part]
    matches = exact or matches
    assert len(matches) == 1, [t.title for t in matches]
    return matches[0]


def row(t: Table, name: str | None = None, code: str | None = None, section: str | None = None) -> Row:
    found = [
        r
        for r in t.rows
        if (name is None or r.name == name)
        and (code is None or r.code == code)
        and (section is None or r.section == section)
    ]
    assert len(found) == 1, (name, code, [(r.code, r.name) for r in found])
    return found[0]


def amounts(r: Row) -> dict[str, str]:
    return {k: str(v) for k, v in r.values.items() if v is not None}


@pytest.mark.parametrize("name", sorted(TEXT_SAMPLES))
def test_every_table_has_the_right_kind(name: str) -> None:
    assert [t.kind for t in parsed(name).tables] == EXPECTED_KINDS[name]


@pytest.mark.parametrize("name", sorted(TEXT_SAMPLES))
def test_no_printed_amount_is_lost(name: str) -> None:
    """Every money amount printed in a data row of a code/amount table is in the row's values."""
    d = parsed(name)
    for t in d.tables:
        if t.kind in (K.PERFORMANCE_PROJECTS, K.PERFORMANCE_OVERALL):
            continue
        _, data = split_header(t.raw)
        by_line: dict[int, list[Decimal]] = {}
        for r in t.rows:
            by_line.setdefault(r.line, []).extend(v for v in r.values.values() if v is not None)
        for raw in data:
            printed = sorted(Decimal(c.replace(",", "")) for c in raw.cells if is_amount(c) and "." in c)
            kept = sorted(v for v in by_line.get(raw.line, []) if "." in str(v))
            assert printed == kept, (t.title, raw.line, raw.cells)


@pytest.mark.parametrize("name", sorted(TEXT_SAMPLES))
def test_document_metadata(name: str) -> None:
    d = parsed(name)
    expected = {
        "beidaihe": ("秦皇岛市北戴河区医疗保障局（本级）", "450001", 2024, "单位"),
        "chengde": ("承德市医疗保障局", "447", 2025, "部门"),
        "jiyuan": ("济源产城融合示范区医疗保障局", "036", 2024, "部门"),
        "yuanjiang": ("沅江市医疗保障局", "201001", 2024, "部门"),
    }[name]
    assert (d.department, d.unit_code, d.year, d.scope) == expected
    assert d.unit == "万元"
    assert d.kind == "预算"
    assert not d.partial, d.skipped


def test_beidaihe_cell_per_line_tables() -> None:
    d = parsed("beidaihe")
    summary = table(d, "单位预算收支总表")
    assert [c.key for c in summary.columns] == ["income", "expenditure"]
    assert amounts(row(summary, "一、一般公共预算拨款收入")) == {"income": "349.27"}
    assert amounts(row(summary, "十、卫生健康支出")) == {"expenditure": "288.69"}
    assert amounts(row(summary, "二十、住房保障支出")) == {"expenditure": "20.87"}
    assert amounts(row(summary, "收入总计")) == {"income": "349.27"}
    assert amounts(row(summary, "支出总计")) == {"expenditure": "349.27"}
    assert row(summary, "收入总计").line == 220  # the row starts with its 序号 cell, 34

    income = table(d, "单位预算收入总表")
    r = row(income, code="2080505")
    assert (r.name, r.level, r.scheme, r.line) == (
        "机关事业单位基本养老保险缴费支出",
        3,
        CodeScheme.FUNCTION,
        325,
    )
    assert amounts(r) == {"total": "25.88", "current_year": "25.88", "current_year.fiscal": "25.88"}
    assert [r.code for r in income.rows if r.level == 1] == ["208", "210", "221"]

    basic = table(d, "基本支出表")
    assert [c.key for c in basic.columns] == ["total", "personnel", "public"]
    assert amounts(row(basic, code="302")) == {"total": "16.35", "public": "16.35"}
    assert amounts(row(basic, code="30309")) == {"total": "0.06", "personnel": "0.06"}
    assert row(basic, code="301").scheme is CodeScheme.DEPT_ECONOMIC

    for part in ("政府性基金", "国有资本经营", "三公"):
        empty = table(d, part)
        assert empty.empty and empty.rows == ()
        assert any("空表列示" in n for n in empty.notes)

    assert [(u.name, u.nature, u.rank, u.funding_form) for u in d.organization] == [
        ("秦皇岛市北戴河区医疗保障局（本级）", "行政", "正科级", "财政拨款")
    ]
    (item,) = d.procurement
    assert (item.project, item.item, item.catalogue_code, item.measure) == (
        "2024年运转类公用项目经费(三保)",
        "复印纸",
        "A05040101",
        "箱",
    )
    assert (item.quantity, item.unit_price, item.amount, item.project_budget) == (
        Decimal("100"),
        Decimal("0.02"),
        Decimal("2.00"),
        Decimal("10.84"),
    )
    assert (d.assets[0].name, d.assets[0].quantity, d.assets[0].value) == ("资产总额", None, Decimal("16.47"))
    assert (d.assets[-1].quantity, d.assets[-1].value) == (Decimal("110"), Decimal("16.47"))


def test_chengde_department_with_units_and_three_public_rows() -> None:
    d = parsed("chengde")
    summary = table(d, "部门预算收支总表")
    assert amounts(row(summary, "上年结转结余", section="income")) == {"income": "1939.42"}
    assert amounts(row(summary, "收入总计")) == {"income": "9473.74"}
    three = table(d, "三公")
    assert [c.key for c in three.columns] == ["total", "general_public", "gov_fund", "state_capital"]
    assert amounts(row(three, "“三公”经费小计")) == {"total": "1.66", "general_public": "1.66"}
    assert amounts(row(three, "公务用车运行维护费")) == {"total": "1.40", "general_public": "1.40"}
    assert amounts(row(three, "三、公务接待费")) == {"total": "0.26", "general_public": "0.26"}
    assert not three.empty
    assert [u.name for u in d.organization] == [
        "承德市医疗保障局本级",
        "承德市医疗保险基金管理结算中心",
        "承德市城乡居民基本医疗保险基金管理结算中心",
    ]
    assert len(d.procurement) == 7
    assert sum((i.amount or Decimal(0)) for i in d.procurement) == Decimal("22.46")
    # Two goal tables for two projects with the same name stay two tables.
    # A year in a project's name is not the table's year; a table without amounts has no unit.
    assert table(d, "4、2024年中央财政医疗服务与保障能力提升补助资金绩效目标表").year is None
    assert table(d, "部门机构设置情况").unit is None
    assert [a.level for a in d.assets] == [0, 1, 2, 1, 1, 1]
    titles = [t.title for t in d.tables if t.kind is K.PERFORMANCE_PROJECTS]
    assert "2、医疗保障管理和业务工作经费绩效目标表" in titles
    assert "3、医疗保障管理和业务工作经费绩效目标表" in titles


def test_jiyuan_tab_separated_split_codes_and_page_breaks() -> None:
    d = parsed("jiyuan")
    summary = table(d, "部门收支预算表")
    assert amounts(row(summary, "一、一般公共预算")) == {"income": "5497.60"}  # printed 5,497.60
    assert amounts(row(summary, "十、卫生健康")) == {"expenditure": "5131.90"}

    expenditure = table(d, "部门支出预算表")
    assert [c.key for c in expenditure.columns] == [
        "total",
        "basic",
        "basic.personnel.wages",
        "basic.personnel.households",
        "basic.public",
        "project",
        "project.operation",
        "project.specific",
    ]
    r = row(expenditure, code="2101550")  # printed as 210 | 15 | 50
    assert (r.name, r.level, r.line) == ("事业运行", 3, 257)
    assert amounts(r) == {
        "total": "2016.00",
        "basic": "2016.00",
        "basic.personnel.wages": "2010.70",
        "basic.personnel.households": "1.00",
        "basic.public": "4.30",
    }
    unit = row(expenditure, name="济源产城融合示范区医疗保障局")
    assert (unit.code, unit.unit_code) == (None, "036")

    fiscal = table(d, "财政拨款收支总体情况表")  # runs over two pages, header repeated
    assert [c.key for c in fiscal.columns][-1] == "expenditure.state_capital"
    assert amounts(row(fiscal, "（十二）城乡社区事务支出")) == {
        "expenditure.total": "967.70",
        "expenditure.gov_fund": "967.70",
    }
    assert amounts(row(fiscal, "支出合计")) == {
        "expenditure.total": "6465.30",
        "expenditure.general_public": "5497.60",
        "expenditure.general_public.of_which_fiscal": "4930.60",
        "expenditure.gov_fund": "967.70",
    }

    basic = table(d, "一般公共预算基本支出表")  # two pages
    r = row(basic, code="30217")
    assert (r.name, r.code2, r.name2, r.line) == ("公务接待费", "50206", "公务接待费", 380)
    assert amounts(row(basic, "合计")) == {"total": "3323.60", "personnel": "3193.10", "public": "130.50"}

    econ = table(d, "支出经济分类汇总表")  # three pages, codes split 类 | 款 on both sides
    assert len([r for r in econ.rows if r.code]) == 39
    r = row(econ, code="30307")
    assert (r.name, r.code2, r.name2) == ("医疗费补助", "50901", "社会福利和救助")
    assert amounts(r) == {
        "total": "2357.40",
        "general_public": "1961.10",
        "general_public.of_which_fiscal": "1404.10",
        "gov_fund": "396.30",
    }

    gov_fund = table(d, "政府性基金预算支出预算表")
    # The text extraction dropped an empty cell in each of these rows (the amounts sat under
    # 公用经费/其他运转类); the table's own sums put them back under 项目支出/特定目标类.
    r = row(gov_fund, code="2120809")
    assert r.repaired and amounts(r) == {"total": "196.30", "project": "196.30", "project.specific": "196.30"}
    assert all(r.repaired for r in gov_fund.rows)
    assert not any(r.repaired for t in d.tables if t is not gov_fund for r in t.rows)

    overall = table(d, "整体绩效目标表")  # kept row by row, so nothing is lost
    assert overall.year == 2024 and len(overall.rows) == 40
    assert any(r.attrs.get("第4列") == "6,465.30" for r in overall.rows)

    three = table(d, "三公")
    assert amounts(three.rows[0]) == {
        "total": "3.20",
        "vehicle": "2.00",
        "vehicle_operation": "2.00",
        "reception": "1.20",
    }
    state = table(d, "国有资本经营")
    assert state.empty and any("没有国有资本经营预算支出" in n for n in state.notes)

    projects = table(d, "项目支出预算表")
    r = row(projects, "综合救助专项-参保退休人员体检费")
    assert (r.unit_code, r.attrs.get("项目类型")) == ("036002", "特定目标类")
    assert amounts(r) == {"total": "541.00", "gov_fund": "541.00"}
    assert len(d.toc) >= 13


def test_yuanjiang_wide_summary_and_out_of_order_rows() -> None:
    d = parsed("yuanjiang")
    summary = table(d, "收支总表")
    assert summary.kind is K.SUMMARY
    assert [c.key for c in summary.columns] == ["income", "expenditure", "economic_dept", "economic_gov"]
    assert amounts(row(summary, "一、基本支出")) == {"economic_dept": "514.75"}
    assert amounts(row(summary, "二、机关商品和服务支出")) == {"economic_gov": "86.36"}
    assert amounts(row(summary, "（十）卫生健康支出")) == {"expenditure": "542.00"}
    assert amounts(row(summary, "本年支出合计", section="economic_gov")) == {"economic_gov": "582.97"}

    expenditure = table(d, "支出总表")
    assert [r.unit_code for r in expenditure.rows if r.unit_code] == ["201", "201001"]
    assert [r.code for r in expenditure.rows if r.code] == [
        "210",
        "21015",
        "2101501",
        "2101502",
        "221",
        "22102",
        "2210201",
    ]

    basic = table(d, "一般公共预算基本支出表")  # over two pages, rows out of code order
    codes = [r.code for r in basic.rows if r.code]
    assert codes[:4] == ["301", "30102", "30199", "30107"]
    assert len(codes) == 20
    assert amounts(row(basic, "合计")) == {"total": "514.75", "personnel": "496.61", "public": "18.14"}
    assert row(basic, "合计").line == 392

    detail = table(d, "公用经费(商品和服务支出)(按部门预算经济分类)")
    r = row(detail, code="2101501")
    assert (r.unit_code, r.name, r.values["total"]) == ("201001", "行政运行", Decimal("18.14"))
    # The table's note speaks of 2023年度 in a 2024 budget: kept verbatim for the check.
    assert any("2023年度" in n for n in table(d, "三公").notes)
    toc_titles = [e.title for e in d.toc]
    assert "收入总表" in toc_titles and "整体支出绩效目标表" in toc_titles
    # A contents line wrapped in two stays one entry; the note under the contents is text.
    assert "一般公共预算基本支出表--公用经费(商品和服务支出)(按政府预算经济分类)" in toc_titles
    assert not any(t.startswith("(按") for t in toc_titles)
    assert any(p.text.startswith("注:以上部门预算报表中") for p in d.paragraphs)
