"""Projects and their performance goals.

The expectations on the real samples were read off the documents by hand: line numbers are the
source lines of ../shared/samples/*.txt, where the row starts (its first cell, which may be empty).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _samples import parsed
from yusuan.extract.projects import extract_projects, parse_indicator_value
from yusuan.model import Indicator, Project, RawRow, Table, TableKind

D = Decimal
PRODUCT, EFFECT, SATISFACTION, COST = "产出指标", "效益指标", "满意度指标", "成本指标"


def projects_of(sample: str) -> tuple[Project, ...]:
    return extract_projects(parsed(sample).tables)


def by_code(projects: Sequence[Project], code: str) -> Project:
    found = [p for p in projects if p.code == code]
    assert len(found) == 1, [p.code for p in projects]
    return found[0]


def by_name(projects: Sequence[Project], name: str, unit_code: str | None = None) -> Project:
    found = [p for p in projects if p.name == name and (unit_code is None or p.unit_code == unit_code)]
    assert len(found) == 1, [p.name for p in projects]
    return found[0]


def indicator_at(project: Project, line: int, level3: str) -> Indicator:
    found = [i for i in project.indicators if i.line == line and i.level3 == level3]
    assert len(found) == 1, [(i.line, i.level3) for i in project.indicators]
    return found[0]


def check(
    indicator: Indicator,
    levels: tuple[str, str],
    value: str,
    comparator: str | None,
    number: str | None,
    unit: str | None,
) -> None:
    assert (indicator.level1, indicator.level2) == levels
    assert indicator.value == value
    assert indicator.comparator == comparator
    assert indicator.number == (D(number) if number is not None else None)
    assert indicator.value_unit == unit


QUARTERS = ("3月底", "6月底", "10月底", "12月底")


def schedule(*percent: str) -> dict[str, Decimal]:
    return {label: D(p) for label, p in zip(QUARTERS, percent, strict=True)}


# ---------------------------------------------------------------------------------------------
# 北戴河: one key–value table per project (Word, cell per line)
# ---------------------------------------------------------------------------------------------


def test_beidaihe_projects() -> None:
    projects = projects_of("beidaihe")
    assert len(projects) == 6
    assert [len(p.indicators) for p in projects] == [6, 7, 6, 7, 7, 9]
    assert all(p.category is None for p in projects)  # no 项目支出预算表 in this document


def test_beidaihe_office_support() -> None:
    p = by_code(projects_of("beidaihe"), "13030424P000004101552")
    assert p.name == "办公辅助（服务）"
    assert p.line == 1547
    assert p.amount == D("28.65")
    assert dict(p.funding) == {"财政资金": D("28.65"), "其他资金": None}
    assert dict(p.schedule) == schedule("25", "50", "75", "100")
    assert p.goal == "1.办公辅助服务费按时拨付，保障工作正常运转"
    assert p.description == "办公辅助服务费按时拨付，保障工作正常运转"
    first = indicator_at(p, 1587, "保障人数")
    check(first, (PRODUCT, "数量指标"), "6人", "=", "6", "人")
    assert (first.description, first.basis) == ("保障办公人数", "年度工作计划")
    check(indicator_at(p, 1608, "服务费总成本"), (PRODUCT, "成本指标"), "≤28.65万元", "<=", "28.65", "万元")
    check(indicator_at(p, 1615, "保障工作正常运转"), (EFFECT, "社会效益指标"), "进一步保障", None, None, None)
    check(
        indicator_at(p, 1622, "服务对象满意度"), (SATISFACTION, "服务对象满意度指标"), "≥90%", ">=", "90", "%"
    )


def test_beidaihe_other_projects() -> None:
    projects = projects_of("beidaihe")
    staff = by_code(projects, "13030424P00000410154E")
    assert (staff.name, staff.amount) == ("人事代理专项补助", D("18.24"))
    assert dict(staff.schedule) == schedule("25", "50", "83", "100")
    control = indicator_at(staff, 1789, "实际发放控制标准")
    check(control, (PRODUCT, "成本指标"), "不超人社标准", None, None, None)
    assert control.basis == "财政工资标准"

    network = by_code(projects, "13030424P00000410153T")
    assert (network.name, network.amount) == ("网络运行维护费", D("0.91"))
    mobile = indicator_at(network, 1876, "移动宽带总成本")
    check(mobile, (PRODUCT, "成本指标"), "≤0.36万元", "<=", "0.36", "万元")
    assert mobile.basis == ""  # printed empty
    check(indicator_at(network, 1855, "网络宽带数量"), (PRODUCT, "数量指标"), "≥2条", ">=", "2", "条")

    leaflets = by_code(projects, "13030424P000003105880")
    assert leaflets.name == "城乡居民医疗保险专项业务经费"
    assert dict(leaflets.schedule) == schedule("25", "50", "85", "100")
    # The goal cell holds two paragraphs.
    assert leaflets.goal.startswith("1.完成5万份宣传单印制，加强政策宣传。\n2.完成医疗保障政策")
    check(indicator_at(leaflets, 1950, "宣传单页数量"), (PRODUCT, "数量指标"), "≥5万份", ">=", "5", "万份")

    work = by_code(projects, "13030424P00000310581N")
    assert (work.name, work.amount) == ("医保工作经费", D("7.00"))
    check(indicator_at(work, 2051, "代理记账业务数"), (PRODUCT, "数量指标"), "12次", "=", "12", "次")
    check(
        indicator_at(work, 2100, "服务对象费满意度"),
        (SATISFACTION, "服务对象满意度指标"),
        "≥90%",
        ">=",
        "90",
        "%",
    )


# ---------------------------------------------------------------------------------------------
# 承德: the same layout, 15 tables
# ---------------------------------------------------------------------------------------------


def test_chengde_projects() -> None:
    projects = projects_of("chengde")
    assert len(projects) == 15
    assert sum(p.amount or 0 for p in projects) == D("7684.71")
    # Two projects share a name; their codes tell them apart.
    same = [p for p in projects if p.name == "医疗保障管理和业务工作经费"]
    assert [(p.code, p.amount) for p in same] == [
        ("13080024P00012710002R", D("6.24")),
        ("13080025P00R66H100025", D("23.00")),
    ]


def test_chengde_first_and_partial_schedule() -> None:
    projects = projects_of("chengde")
    hall = by_code(projects, "13080025P0066JH10003E")
    assert hall.name == "医保局机关及医保经办服务大厅运行项目经费"
    assert (hall.amount, hall.line, len(hall.indicators)) == (D("50.00"), 2049, 7)
    assert hall.goal.startswith("1.合理安排财政资金支出计划")
    deadline = indicator_at(hall, 2103, "按时间进度要求支付使用资金")
    check(deadline, (PRODUCT, "时效指标"), "截止到2025年12月28日前", None, None, None)
    assert deadline.description == "2025年12月28日前完成全部资金支付工作"
    check(
        indicator_at(hall, 2124, "基本公共服务水平保持率"),
        (EFFECT, "可持续影响指标"),
        "100%",
        "=",
        "100",
        "%",
    )

    # Only 6月底 is filled in (lines 2165-2169): the empty quarters are left out.
    carried = by_code(projects, "13080024P00093210004R")
    assert carried.name == "2024年中央财政医疗服务与保障能力提升补助资金"
    assert dict(carried.schedule) == {"6月底": D("100")}
    assert carried.goal.startswith("1.在2025年12月31日前支付416.0108万元")
    assert len(carried.indicators) == 9
    check(
        indicator_at(carried, 2392, "医保信息系统重大安全事件响应时间"),
        (PRODUCT, "时效指标"),
        "≤60分钟",
        "<=",
        "60",
        "分钟",
    )
    # The second 满意度 row leaves 一级 empty: it is carried down.
    check(
        indicator_at(carried, 2427, "系统使用人对系统的满意情况"),
        (SATISFACTION, "服务对象满意度指标"),
        "≥85%",
        ">=",
        "85",
        "%",
    )


def test_chengde_odd_values() -> None:
    projects = projects_of("chengde")
    staff = by_code(projects, "13080025P004TJ8100031")
    assert (staff.name, staff.amount, len(staff.indicators)) == (
        "医保服务大厅劳务派遣人员经费",
        D("59.50"),
        7,
    )
    check(
        indicator_at(staff, 2883, "按月足额拨付资金"),
        (PRODUCT, "时效指标"),
        "≤25每月25号之前",
        None,
        None,
        None,
    )
    check(indicator_at(staff, 2890, "工资发放准确率"), (PRODUCT, "质量指标"), "100百分比", "=", "100", "%")
    check(
        indicator_at(staff, 2918, "劳务派遣人员满意度"),
        (SATISFACTION, "服务对象满意度指标"),
        "≥98百分比",
        ">=",
        "98",
        "%",
    )

    office = by_code(projects, "13080025P00642210002J")
    assert dict(office.schedule) == schedule("10", "30", "75", "100")
    check(
        indicator_at(office, 2998, "“三公经费”有效控制情况"),
        (EFFECT, "经济效益指标"),
        "≤18小于前三年平均数",
        None,
        None,
        None,
    )
    check(
        indicator_at(office, 3005, "提供公共服务质量"),
        (EFFECT, "社会效益指标"),
        ">10较上年度增加10%",
        None,
        None,
        None,
    )

    injury = by_code(projects, "13080025P00CCA410003Q")
    assert dict(injury.schedule) == schedule("20", "50", "75", "100")
    check(
        indicator_at(injury, 3339, "意外伤害鉴定费用及时支付"),
        (PRODUCT, "时效指标"),
        "≤7工作日",
        "<=",
        "7",
        "工作日",
    )
    check(indicator_at(injury, 3346, "调查费用"), (PRODUCT, "成本指标"), "300元", "=", "300", "元")


def test_chengde_row_broken_by_an_empty_paragraph() -> None:
    residents = by_code(projects_of("chengde"), "13080025P000923100033")
    assert (residents.name, residents.amount) == ("城乡居民医保市级财政补助资金", D("1964.79"))
    assert len(residents.indicators) == 13
    # Lines 3454-3460: a blank line inside the row; the two halves are one indicator.
    reform = indicator_at(residents, 3454, "实行按病种（组）、按人头付费等支付方式改革")
    check(reform, (PRODUCT, "质量指标"), "逐步推开", None, None, None)
    assert reform.description == "是否实行按病种（组）、按人头付费等支付方式改革"
    assert reform.basis == "省医保局政策文件"
    check(
        indicator_at(residents, 3469, "基金滚存结余可支付月数（月）"),
        (PRODUCT, "质量指标"),
        "≥6月",
        ">=",
        "6",
        "月",
    )
    check(
        indicator_at(residents, 3483, "人均各级财政补助标准"),
        (PRODUCT, "成本指标"),
        "≤700元",
        "<=",
        "700",
        "元",
    )
    check(
        indicator_at(residents, 3497, "参保对象满意度"),
        (SATISFACTION, "服务对象满意度指标"),
        "≥90百分比",
        ">=",
        "90",
        "%",
    )


# ---------------------------------------------------------------------------------------------
# 济源: one wide table for all projects (PDF), cells shifted row to row
# ---------------------------------------------------------------------------------------------


def test_jiyuan_projects() -> None:
    projects = projects_of("jiyuan")
    assert len(projects) == 26
    assert sum(p.amount or 0 for p in projects) == D("3141.70")  # = 项目支出 in 项目支出预算表
    # Every project of the goal table is found in 项目支出预算表 (lines 511-543).
    assert all(p.category in ("其他运转类", "特定目标类") for p in projects)
    assert all(p.indicators for p in projects)
    assert [p.unit_code for p in projects].count("036001") == 8
    assert [p.unit_code for p in projects].count("036002") == 18
    assert all(p.code and len(p.code) >= 21 for p in projects)


def test_jiyuan_first_project() -> None:
    p = by_code(projects_of("jiyuan"), "419001240000000004001")
    assert p.name == "医疗保障综合业务管理-医疗保障工作经费"
    assert (p.line, p.amount, p.unit_code, p.category) == (601, D("20.00"), "036001", "其他运转类")
    assert p.funding["政府预算资金"] == D("20.00")
    assert p.funding["本年拨款/一般公共预算"] == D("20.00")
    assert p.funding["本年拨款/政府性基金预算"] is None
    assert (p.goal, dict(p.schedule)) == ("", {})
    assert len(p.indicators) == 4
    check(indicator_at(p, 601, "医保移动支付终端覆盖定点医院"), (PRODUCT, ""), "≥9家", ">=", "9", "家")
    check(indicator_at(p, 601, "医保基金风险控制"), (EFFECT, ""), "强化", None, None, None)
    check(indicator_at(p, 601, "参保群众满意度"), (SATISFACTION, ""), "≥85%", ">=", "85", "%")
    # Line 602 sits in the column that complete rows of this page use for 成本指标, which it is not:
    # its level cannot be told, so it is left empty.
    check(indicator_at(p, 602, "医保监督管理体制"), ("", ""), "完善", None, None, None)


def test_jiyuan_cost_level_and_continuation_rows() -> None:
    projects = projects_of("jiyuan")
    fraud = by_name(projects, "打击欺诈骗保经费业务-打击欺诈骗保工作经费", "036001")
    assert (fraud.code, fraud.amount, fraud.category) == ("419001240000000004004", D("3.00"), "其他运转类")
    assert len(fraud.indicators) == 6
    check(indicator_at(fraud, 603, "聘请专家费"), (COST, ""), "≤500元/人每天", "<=", "500", "元/人每天")
    check(indicator_at(fraud, 603, "行政处罚"), (PRODUCT, ""), "及时", None, None, None)
    check(indicator_at(fraud, 603, "罚没收入"), (EFFECT, ""), "≥20万元", ">=", "20", "万元")
    check(indicator_at(fraud, 605, "宣传资料印刷数量"), (PRODUCT, ""), "≥2000份", ">=", "2000", "份")
    # The same name in the other unit (line 634) is another project.
    other = by_name(projects, "打击欺诈骗保经费业务-打击欺诈骗保工作经费", "036002")
    assert (other.code, other.amount, other.category) == ("419001240000000004036", D("10.00"), "其他运转类")

    # Lines 607-609: the main row lost its empty 成本 cells, the continuation rows did not.
    levy = by_code(projects, "419001240000000004006")
    check(indicator_at(levy, 607, "宣传页发放数量"), (PRODUCT, ""), "≥20000份", ">=", "20000", "份")
    check(indicator_at(levy, 607, "参保群众政策知晓度"), (EFFECT, ""), "≥90%", ">=", "90", "%")
    check(indicator_at(levy, 608, "宣传覆盖范围"), (PRODUCT, ""), "济源统筹区", None, None, None)
    check(indicator_at(levy, 609, "参保登记时间"), (PRODUCT, ""), "1-12月", None, None, None)

    drg = by_code(projects, "419001230000000105104")
    assert drg.name == "医疗服务能力提升专项-DRG付费方式改革"
    check(indicator_at(drg, 614, "DRG覆盖医药机构数量"), (PRODUCT, ""), "≥20家", ">=", "20", "家")
    check(indicator_at(drg, 614, "医院精细化管理程度"), (EFFECT, ""), "提高", None, None, None)


def test_jiyuan_code_broken_over_two_lines() -> None:
    # Line 617: "41900123000000010510 5".
    network = by_code(projects_of("jiyuan"), "419001230000000105105")
    assert network.name == "电子政务专项-医疗保障骨干网络建设服务费项目"
    assert (network.amount, network.unit_code, network.category) == (D("12.00"), "036001", "特定目标类")
    assert network.funding["本年拨款/政府性基金预算"] == D("12.00")  # line 515
    assert network.funding["本年拨款/一般公共预算"] is None
    assert len(network.indicators) == 5
    check(indicator_at(network, 617, "服务费"), (COST, ""), "≤20.4万元", "<=", "20.4", "万元")
    check(indicator_at(network, 617, "链路数量"), (PRODUCT, ""), "≥2条", ">=", "2", "条")
    check(indicator_at(network, 617, "医保业务网上办理情况"), (EFFECT, ""), "可办", None, None, None)
    check(indicator_at(network, 617, "参保群众满意度"), (SATISFACTION, ""), "≥85%", ">=", "85", "%")
    check(indicator_at(network, 618, "骨干网络链接"), (PRODUCT, ""), "成功", None, None, None)


def test_jiyuan_row_broken_over_a_page() -> None:
    # Lines 637 and 640: code and name cut by the page break; 项目支出预算表 line 521 has the name whole.
    projects = projects_of("jiyuan")
    social = by_code(projects, "419001240000000005006")
    assert social.name == "医疗保障综合业务管理-社会保险工作经费"
    assert (social.line, social.amount, social.unit_code) == (637, D("15.00"), "036002")
    assert social.category == "其他运转类"
    assert not [p for p in projects if p.code in ("6", "41900124000000000500")]
    assert len(social.indicators) == 6
    check(indicator_at(social, 637, "印制医保政策宣传页"), (PRODUCT, ""), "≥40000份", ">=", "40000", "份")
    check(indicator_at(social, 637, "医保政策知晓率"), (EFFECT, ""), "≥95%", ">=", "95", "%")
    check(indicator_at(social, 638, "两定机构监管检查次数"), (PRODUCT, ""), "≥4次", ">=", "4", "次")
    check(indicator_at(social, 640, "医保信息系统运行稳定率"), (PRODUCT, ""), "≥90%", ">=", "90", "%")
    check(indicator_at(social, 641, "两定机构日常监管"), (PRODUCT, ""), "每季度展开", None, None, None)


def test_jiyuan_name_and_value_in_one_cell_and_near_names() -> None:
    projects = projects_of("jiyuan")
    # Line 679: "每人缴纳大病保险 130元" is 三级指标 and 指标值 in one cell.
    xinghua = by_code(projects, "419001240000000004066")
    assert xinghua.name == "综合救助专项-兴华机械厂退休人员大额医疗保险费"
    assert len(xinghua.indicators) == 5
    check(indicator_at(xinghua, 679, "每人缴纳大病保险"), (COST, ""), "130元", "=", "130", "元")
    check(indicator_at(xinghua, 679, "兴华机械厂退休人数"), (PRODUCT, ""), "≥984人", ">=", "984", "人")
    check(indicator_at(xinghua, 679, "兴华机械厂退休人员满意度"), (SATISFACTION, ""), "≥90%", ">=", "90", "%")
    check(indicator_at(xinghua, 680, "大额保险缴纳足额率"), (PRODUCT, ""), "100%", "=", "100", "%")

    # Lines 683/686: the name's last line repeated after a page break; 项目支出预算表 line 530 says
    # 省级 where the goal table says 省本级 (same unit, same amount: the same project).
    relief = by_code(projects, "4190012400000000037614")
    assert relief.name == "豫财社2023-248号2024年中央和省本级财政医疗救助补助资金用于城乡医疗救助"
    assert (relief.amount, relief.unit_code, relief.category) == (D("557.00"), "036002", "特定目标类")
    assert len(relief.indicators) == 5
    check(indicator_at(relief, 686, "”一站式“即时结算覆盖区域"), (PRODUCT, ""), "全市", None, None, None)
    # 全角 and 半角 brackets (lines 518 and 622).
    ability = by_code(projects, "419001240000000037616")
    assert ability.category == "特定目标类"
    assert ability.name.endswith("(医疗保障服务能力建设部分)")


# ---------------------------------------------------------------------------------------------
# 沅江: one long table, one row per indicator, over four pages
# ---------------------------------------------------------------------------------------------


def test_yuanjiang_projects() -> None:
    projects = projects_of("yuanjiang")
    assert [p.name for p in projects] == [
        "B参保筹资工作经费",
        "B医保基金监管工作经费",
        "B医保信息系统运行及网络维护费",
        "B医保中心工作经费",
        "B政策法规宣传工作经费",
    ]
    assert [p.amount for p in projects] == [D("12.80"), D("22.40"), D("10.62"), D("12.80"), D("9.60")]
    assert [len(p.indicators) for p in projects] == [6, 7, 6, 6, 6]
    # The code column is 单位代码: a unit, not a project code.
    assert all(p.code is None and p.unit_code == "201001" for p in projects)
    # 专项资金预算汇总表 lines 510-514 has every project; it prints no category.
    assert all(p.funding["一般公共预算/一般公共预算小计"] == p.amount for p in projects)


def test_yuanjiang_first_project() -> None:
    p = projects_of("yuanjiang")[0]
    assert p.line == 527
    assert p.goal.startswith("完成征缴扩面，着力解决基本医疗保险重复参保、漏报问题")
    check(indicator_at(p, 527, "各项工作成本按预算执行"), (COST, "经济成本指标"), "100%", "=", "100", "%")
    check(
        indicator_at(p, 530, "基本医疗保险综合参保率"), (PRODUCT, "数量指标"), "大于等于95%", ">=", "95", "%"
    )
    check(
        indicator_at(p, 534, "参保人员合法权益得到保障"), (EFFECT, "社会效益指标"), "较好", None, None, None
    )
    # Line 537 starts in column 0.
    check(
        indicator_at(p, 537, "参保人员对医保服务满意度"),
        (SATISFACTION, "服务对象满意度指标"),
        "大于等于85%",
        ">=",
        "85",
        "%",
    )
    # Empty 二级 placeholders (社会成本指标 …, lines 528-529, 533, 535-536) are not indicators.
    assert [i.line for i in p.indicators] == [527, 530, 531, 532, 534, 537]


def test_yuanjiang_projects_across_pages() -> None:
    projects = projects_of("yuanjiang")
    supervision = projects[1]
    assert supervision.line == 538
    assert [i.line for i in supervision.indicators] == [538, 550, 551, 552, 553, 554, 557]
    check(
        indicator_at(supervision, 552, "集中带量采购落实情况"),
        (PRODUCT, "时效指标"),
        "完成国家组织集中采购中选产品约定采购量",
        None,
        None,
        None,
    )
    check(
        indicator_at(supervision, 553, "维持基金收支平衡"), (EFFECT, "经济效益指标"), "显著", None, None, None
    )

    system = projects[2]
    assert system.goal.startswith("有效提升信息化建设，维护网络安全。")
    check(
        indicator_at(system, 561, "医保信息系统正常运行率"),
        (PRODUCT, "数量指标"),
        "大于等于90%",
        ">=",
        "90",
        "%",
    )
    check(indicator_at(system, 574, "各工作进展顺利"), (EFFECT, "社会效益指标"), "平稳运转", None, None, None)
    check(
        indicator_at(system, 577, "参保人员对医保服务满意度"),
        (SATISFACTION, "服务对象满意度指标"),
        "大于等于85%",
        ">=",
        "85",
        "%",
    )

    centre = projects[3]
    assert [i.line for i in centre.indicators] == [578, 581, 582, 583, 585, 597]
    check(
        indicator_at(centre, 597, "参保人员对医保服务的满意度"),
        (SATISFACTION, "服务对象满意度指标"),
        "大于等于85%",
        ">=",
        "85",
        "%",
    )


# ---------------------------------------------------------------------------------------------
# Indicator values
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥95%", (">=", "95", "%")),
        ("≤28.65万元", ("<=", "28.65", "万元")),
        ("100%", ("=", "100", "%")),
        ("100％", ("=", "100", "%")),
        ("6人", ("=", "6", "人")),
        ("＞90%", (">", "90", "%")),
        ("<5%", ("<", "5", "%")),
        ("≥ 1,800 家", (">=", "1800", "家")),
        ("大于等于85%", (">=", "85", "%")),
        ("不低于90%", (">=", "90", "%")),
        ("不少于3次", (">=", "3", "次")),
        ("达到100%", (">=", "100", "%")),
        ("小于等于20万元", ("<=", "20", "万元")),
        ("不高于10%", ("<=", "10", "%")),
        ("不超过500元", ("<=", "500", "元")),
        ("控制在5%以内", ("<=", "5", "%")),
        ("95%以上", (">=", "95", "%")),
        ("大于10%", (">", "10", "%")),
        ("100百分比", ("=", "100", "%")),
        ("≥98百分比", (">=", "98", "%")),
        ("≤500元/人每天", ("<=", "500", "元/人每天")),
        ("≥11500人次", (">=", "11500", "人次")),
        ("≥5万份", (">=", "5", "万份")),
        ("≤7工作日", ("<=", "7", "工作日")),
        ("0人", ("=", "0", "人")),
        ("12", ("=", "12", None)),
        ("及时", (None, None, None)),
        ("有所提升", (None, None, None)),
        ("", (None, None, None)),
        ("1-12月", (None, None, None)),
        ("2025年12月底前", (None, None, None)),
        ("较上年度增加10%", (None, None, None)),
        ("≤25每月25号之前", (None, None, None)),
        ("≤18小于前三年平均数", (None, None, None)),
        ("不超人社标准", (None, None, None)),
        ("95%以下以上", (None, None, None)),
    ],
)
def test_parse_indicator_value(text: str, expected: tuple[str | None, str | None, str | None]) -> None:
    comparator, number, unit = expected
    assert parse_indicator_value(text) == (comparator, D(number) if number else None, unit)


SYMBOLS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "": "=", "大于等于": ">=", "不超过": "<="}
UNITS = ["%", "万元", "元", "家", "人次", "份", "个", "小时", "元/人每天"]


@given(
    st.sampled_from(sorted(SYMBOLS)),
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False).map(abs),
    st.sampled_from(UNITS),
)
def test_parse_indicator_value_round_trip(symbol: str, number: Decimal, unit: str) -> None:
    assert parse_indicator_value(f"{symbol}{number}{unit}") == (SYMBOLS[symbol], number, unit)


@given(st.text(max_size=30))
def test_parse_indicator_value_never_fails(text: str) -> None:
    comparator, number, unit = parse_indicator_value(text)
    assert (comparator is None) == (number is None)
    assert number is None or number >= 0
    assert unit is None or number is not None


# ---------------------------------------------------------------------------------------------
# Small synthetic tables
# ---------------------------------------------------------------------------------------------


def table(kind: TableKind, rows: Sequence[Sequence[str]], title: str = "项目绩效目标表") -> Table:
    raw = tuple(RawRow(tuple(cells), line) for line, cells in enumerate(rows, start=1))
    return Table(kind=kind, title=title, columns=(), rows=(), notes=(), empty=False, line=1, raw=raw)


WIDE_HEADER = [
    ["项目编码", "项目名称", "项目金额", "", "绩效目标", "", "", "", "", "", "", ""],
    ["", "", "", "", "成本指标", "", "产出指标", "", "效益指标", "", "满意度指标", ""],
    [
        "",
        "",
        "资金总额",
        "财政资金",
        "三级指标",
        "指标值",
        "三级指标",
        "指标值",
        "三级指标",
        "指标值",
        "三级指标",
        "指标值",
    ],
]


def test_wide_table_grid_from_a_complete_row() -> None:
    rows = [
        *WIDE_HEADER,
        ["001001", "某单位", "30.00", "30.00", "", "", "", "", "", "", "", ""],
        [
            "P0001",
            "甲项目",
            "10.00",
            "10.00",
            "成本",
            "≤10万元",
            "数量",
            "≥2个",
            "效果",
            "提升",
            "群众满意度",
            "≥90%",
        ],
        ["", "", "", "", "", "", "质量", "100%", "", "", "", ""],
        ["", "", "", "", "", "", "", "", "长效", "持续", "", ""],
        # The main row of 乙 lost its empty 成本 cells (shifted left); its continuation row did not.
        ["P0002", "乙项目", "20.00", "20.00", "次数", "≥1次", "效益", "明显", "对象满意度", "≥85%", "", ""],
        ["", "", "", "", "", "", "时效", "及时", "", "", "", ""],
        # A continuation row in the 成本 column whose value is no amount: its level is unknown.
        ["", "", "", "", "机制", "完善", "", "", "", "", "", ""],
    ]
    projects = extract_projects([table(TableKind.PERFORMANCE_PROJECTS, rows)])
    assert [(p.code, p.name, p.amount, p.unit_code) for p in projects] == [
        ("P0001", "甲项目", D("10.00"), "001001"),
        ("P0002", "乙项目", D("20.00"), "001001"),
    ]
    assert projects[0].funding == {"财政资金": D("10.00")}
    levels = [[(i.level3, i.level1) for i in p.indicators] for p in projects]
    assert levels == [
        [
            ("成本", COST),
            ("数量", PRODUCT),
            ("效果", EFFECT),
            ("群众满意度", SATISFACTION),
            ("质量", PRODUCT),
            ("长效", EFFECT),
        ],
        [("次数", PRODUCT), ("效益", EFFECT), ("对象满意度", SATISFACTION), ("时效", PRODUCT), ("机制", "")],
    ]


def test_wide_table_without_a_complete_row_keeps_only_what_content_tells() -> None:
    rows = [
        *WIDE_HEADER,
        # Two pairs, the second a 满意度: the first is 产出 or 效益, which the row does not say.
        ["P0003", "丙项目", "5.00", "5.00", "", "", "宣传次数", "≥2次", "群众满意度", "≥90%", "", ""],
        ["P0004", "丁项目", "6.00", "6.00", "", "", "印刷数量", "≥100份", "知晓率", "≥80%", "", ""],
    ]
    third, fourth = extract_projects([table(TableKind.PERFORMANCE_PROJECTS, rows)])
    assert [i.level1 for i in third.indicators] == ["", SATISFACTION]
    assert [i.level1 for i in fourth.indicators] == [PRODUCT, EFFECT]


def test_wide_table_broken_code_and_row() -> None:
    rows = [
        *WIDE_HEADER,
        [
            "P0000000000 1",
            "戊项目",
            "7.00",
            "7.00",
            "成本",
            "≤7万元",
            "数量",
            "≥1个",
            "效果",
            "好",
            "满意度",
            "≥90%",
        ],
        ["P0000000000", "己项", "8.00", "8.00", "", "", "数量", "≥3个", "", "", "", ""],
        ["2", "目名称", "8.00", "8.00", "", "", "质量", "合格", "", "", "", ""],
        ["P00000000003", "庚项目", "9.00", "9.00", "", "", "数量", "≥3个", "", "", "", ""],
    ]
    first, second, third = extract_projects([table(TableKind.PERFORMANCE_PROJECTS, rows)])
    assert (first.code, first.name) == ("P00000000001", "戊项目")
    assert (second.code, second.name, second.amount) == ("P00000000002", "己项目名称", D("8.00"))
    assert [(i.level3, i.line) for i in second.indicators] == [("数量", 5), ("质量", 6)]
    assert (third.code, third.name) == ("P00000000003", "庚项目")


def test_wide_table_row_split_confirmed_by_the_budget_table() -> None:
    goals = [
        *WIDE_HEADER,
        ["P0000000001", "戊项目", "7.00", "7.00", "", "", "数量", "≥1个", "", "", "", ""],
        ["P00000000000", "己项", "8.00", "8.00", "", "", "数量", "≥3个", "", "", "", ""],
        ["3", "目名称", "8.00", "8.00", "", "", "质量", "合格", "", "", "", ""],
    ]
    budget = [
        ["项目编码", "项目名称", "项目类型", "合计"],
        ["", "戊项目", "其他运转类", "7.00"],
        ["", "己项目名称", "特定目标类", "8.00"],
    ]
    goal_table = table(TableKind.PERFORMANCE_PROJECTS, goals)
    # The codes have no common length: only the budget table tells that the two rows are one.
    alone = extract_projects([goal_table])
    assert [(p.code, p.name) for p in alone] == [
        ("P0000000001", "戊项目"),
        ("P00000000000", "己项"),
        (None, "目名称"),
    ]
    joined = extract_projects([table(TableKind.PROJECTS, budget, "项目支出预算表"), goal_table])
    assert [(p.code, p.name, p.category, len(p.indicators)) for p in joined] == [
        ("P0000000001", "戊项目", "其他运转类", 1),
        ("P000000000003", "己项目名称", "特定目标类", 2),
    ]


def test_wide_table_indicator_without_value() -> None:
    rows = [
        *WIDE_HEADER,
        ["P1", "名", "1.00", "1.00", "", "", "数量", "", "效果", "好", "满意度", "≥90%"],
    ]
    (project,) = extract_projects([table(TableKind.PERFORMANCE_PROJECTS, rows)])
    assert [(i.level3, i.value, i.level1) for i in project.indicators] == [
        ("数量", "", PRODUCT),
        ("效果", "好", EFFECT),
        ("满意度", "≥90%", SATISFACTION),
    ]


def test_key_value_table() -> None:
    rows = [
        ["单位：万元"],
        ["项目编码", "X001", "项目名称", "庚项目"],
        ["预算规模及资金用途", "预算数", "12.50", "其中：财政资金", "10.00", "其他资金", "2.50"],
        ["", "用于某项工作"],
        ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"],
        ["", "10%", "", "80%", "100%"],
        ["绩效目标", "1.完成某项工作\n2.提升某项能力"],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
        ["产出指标", "数量指标", "工作次数", "开展次数", "≥4次", "工作计划"],
        ["", "", "参与人数", "参与的人数", "不少于200人次", "往年数据"],
        ["", "成本指标", "", "", "", ""],
        ["满意度指标", "服务对象满意度指标", "满意度", "问卷", "≥90%", "问卷调查"],
    ]
    (project,) = extract_projects([table(TableKind.PERFORMANCE_PROJECTS, rows)])
    assert (project.code, project.name, project.amount) == ("X001", "庚项目", D("12.50"))
    assert project.funding == {"财政资金": D("10.00"), "其他资金": D("2.50")}
    assert project.description == "用于某项工作"
    assert project.schedule == {"3月底": D("10"), "10月底": D("80"), "12月底": D("100")}
    assert project.goal == "1.完成某项工作\n2.提升某项能力"
    assert [(i.level1, i.level2, i.level3, i.comparator, i.number, i.line) for i in project.indicators] == [
        (PRODUCT, "数量指标", "工作次数", ">=", D(4), 9),
        (PRODUCT, "数量指标", "参与人数", ">=", D(200), 10),
        (SATISFACTION, "服务对象满意度指标", "满意度", ">=", D(90), 12),
    ]


def test_key_value_table_name_from_title() -> None:
    rows = [["项目编码", "X002"], ["绩效目标", "完成"]]
    (project,) = extract_projects([table(TableKind.PERFORMANCE_PROJECTS, rows, "3、辛项目绩效目标表")])
    assert (project.code, project.name, project.goal) == ("X002", "辛项目", "完成")


BUDGET = [
    ["单位代码", "单位（项目）名称", "项目类型", "合计", "一般公共预算", "政府性基金预算"],
    ["", "合计", "", "45.00", "35.00", "10.00"],
    ["001001", "某单位", "", "25.00", "25.00", ""],
    ["001001", "会议经费", "其他运转类", "5.00", "5.00", ""],
    ["001001", "信息系统运维（一期）", "特定目标类", "10.00", "", "10.00"],
    ["001001", "培训经费", "其他运转类", "10.00", "10.00", ""],
    ["001002", "某中心", "", "20.00", "10.00", "10.00"],
    ["001002", "会议经费", "其他运转类", "10.00", "10.00", ""],
    ["001002", "宣传经费", "特定目标类", "10.00", "", "10.00"],
]


def test_budget_table_fills_category_and_funding_and_adds_projects_without_goals() -> None:
    goals = [
        [
            "项目编码",
            "项目名称",
            "资金总额",
            "成本指标",
            "",
            "产出指标",
            "",
            "效益指标",
            "",
            "满意度指标",
            "",
        ],
        ["", "", "", "三级指标", "指标值", "三级指标", "指标值", "三级指标", "指标值", "三级指标", "指标值"],
        ["001002", "某中心", "20.00", "", "", "", "", "", "", "", ""],
        ["P1", "会议经费", "10.00", "费用", "≤10万元", "次数", "≥2次", "效果", "好", "满意度", "≥90%"],
        ["001001", "某单位", "25.00", "", "", "", "", "", "", "", ""],
        [
            "P2",
            "信息系统运维(一期)",
            "10.00",
            "费用",
            "≤10万元",
            "次数",
            "≥2次",
            "效果",
            "好",
            "满意度",
            "≥90%",
        ],
        # Close to 培训经费 in name, but another amount: not the same project.
        ["P3", "培训经费项目", "9.00", "费用", "≤9万元", "次数", "≥2次", "效果", "好", "满意度", "≥90%"],
    ]
    projects = extract_projects(
        [
            table(TableKind.PROJECTS, BUDGET, "项目支出预算表"),
            table(TableKind.PERFORMANCE_PROJECTS, goals),
        ]
    )
    summary = [(p.code, p.name, p.unit_code, p.category, len(p.indicators)) for p in projects]
    assert summary == [
        ("P1", "会议经费", "001002", "其他运转类", 4),
        ("P2", "信息系统运维(一期)", "001001", "特定目标类", 4),
        ("P3", "培训经费项目", "001001", None, 4),
        (None, "会议经费", "001001", "其他运转类", 0),
        (None, "培训经费", "001001", "其他运转类", 0),
        (None, "宣传经费", "001002", "特定目标类", 0),
    ]
    assert projects[1].funding == {"一般公共预算": None, "政府性基金预算": D("10.00")}
    assert projects[3].amount == D("5.00")


def test_budget_table_near_name_needs_same_amount_and_unit() -> None:
    goals = [
        [
            "项目编码",
            "项目名称",
            "资金总额",
            "成本指标",
            "",
            "产出指标",
            "",
            "效益指标",
            "",
            "满意度指标",
            "",
        ],
        ["", "", "", "三级指标", "指标值", "三级指标", "指标值", "三级指标", "指标值", "三级指标", "指标值"],
        [
            "P9",
            "信息系统运维（第一期）",
            "10.00",
            "费用",
            "≤10万元",
            "次数",
            "≥2次",
            "效果",
            "好",
            "满意度",
            "≥90%",
        ],
    ]
    projects = extract_projects(
        [
            table(TableKind.PROJECTS, BUDGET, "项目支出预算表"),
            table(TableKind.PERFORMANCE_PROJECTS, goals),
        ]
    )
    assert (projects[0].name, projects[0].category) == ("信息系统运维（第一期）", "特定目标类")
    assert "信息系统运维（一期）" not in [p.name for p in projects]


def test_long_table() -> None:
    rows = [
        [
            "单位代码",
            "单位名称",
            "资金总额",
            "年度绩效目标",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "度量单位",
            "指标值类型",
        ],
        ["001001", "某单位", "8.00", "", "", "", "", "", "", ""],
        ["001001", "壬项目", "8.00", "完成工作", "产出指标", "数量指标", "次数", "4", "次", "定量"],
        ["", "", "", "", "", "质量指标", "", "", "", ""],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥90", "%", "定量", "", "", "", ""],
    ]
    (project,) = extract_projects([table(TableKind.PERFORMANCE_PROJECTS, rows)])
    assert (project.code, project.unit_code, project.name, project.amount, project.goal) == (
        None,
        "001001",
        "壬项目",
        D("8.00"),
        "完成工作",
    )
    assert [(i.level1, i.level2, i.level3, i.number, i.value_unit, i.line) for i in project.indicators] == [
        (PRODUCT, "数量指标", "次数", D(4), "次", 3),
        (SATISFACTION, "服务对象满意度指标", "满意度", D(90), "%", 5),
    ]


def test_budget_line_completes_what_the_goal_table_lacks() -> None:
    goals = [
        ["项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
        ["培训经费", "产出指标", "数量指标", "培训人次", "≥100人次"],
    ]
    budget = [*BUDGET[:4], ["001001", "培训经费", "其他运转类", "10.00", "10.00", ""]]
    (project, meeting) = extract_projects(
        [
            table(TableKind.PROJECTS, budget, "项目支出预算表"),
            table(TableKind.PERFORMANCE_PROJECTS, goals),
        ]
    )
    assert (project.name, project.amount, project.unit_code, project.category) == (
        "培训经费",
        D("10.00"),
        "001001",
        "其他运转类",
    )
    assert project.funding == {"一般公共预算": D("10.00"), "政府性基金预算": None}
    assert [(i.level1, i.level3, i.number, i.value_unit) for i in project.indicators] == [
        (PRODUCT, "培训人次", D(100), "人次")
    ]
    assert (meeting.name, meeting.indicators) == ("会议经费", ())


def test_no_tables() -> None:
    assert extract_projects([]) == ()
    assert extract_projects([table(TableKind.PERFORMANCE_PROJECTS, [])]) == ()


CELLS = st.sampled_from(
    [
        "",
        "",
        "",
        "项目编码",
        "项目名称",
        "预算数",
        "资金支出计划（%）",
        "3月底",
        "25%",
        "绩效目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "产出指标",
        "满意度指标",
        "成本指标",
        "数量指标",
        "12.00",
        "1,234.50",
        "≥90%",
        "及时",
        "036001",
        "419001240000000004001",
        "41900124000000000500 6",
        "6",
        "合计",
        "其他运转类",
        "项目类型",
        "单位代码",
        "资金总额",
        "名称",
        "定量",
        "百分比",
        "某项目",
        "--",
    ]
)
RAW_ROWS = st.lists(st.lists(CELLS, max_size=14), max_size=25)


@given(RAW_ROWS, RAW_ROWS)
def test_any_rows_never_crash(goal_rows: list[list[str]], budget_rows: list[list[str]]) -> None:
    projects = extract_projects(
        [
            table(TableKind.PROJECTS, budget_rows, "项目支出预算表"),
            table(TableKind.PERFORMANCE_PROJECTS, goal_rows),
        ]
    )
    for project in projects:
        assert all(i.level3 or i.value for i in project.indicators)
        assert all((i.comparator is None) == (i.number is None) for i in project.indicators)


@pytest.mark.parametrize("sample", ["beidaihe", "chengde", "jiyuan", "yuanjiang"])
def test_sample_indicators_are_consistent(sample: str) -> None:
    for project in projects_of(sample):
        assert project.name and project.amount is not None
        for indicator in project.indicators:
            assert indicator.level3 and indicator.value
            assert indicator.level1 in ("", COST, PRODUCT, EFFECT, SATISFACTION)
            assert ("满意" in indicator.level3) == (
                indicator.level1 == SATISFACTION
            ) or indicator.level1 == ""
            assert (indicator.comparator is None) == (indicator.number is None)


def _plain_indicator_value(text: str) -> tuple[str | None, Decimal | None, str | None]:
    """parse_indicator_value as first written: every prefix tried, no shortcut for qualitative values."""
    import re
    import unicodedata

    from yusuan.extract.projects import _NUMBER_UNIT, _PREFIXES, _SUFFIXES, _unit

    body = unicodedata.normalize("NFKC", text)
    body = re.sub(r"\s+", "", body).replace("％", "%")
    body = re.sub(r"^([^()]*\d)\(([^()\d]+)\)$", r"\1\2", body)
    comparator = next(((op, body[len(w) :]) for w, op in _PREFIXES if body.startswith(w)), None)
    if comparator is not None:
        comparator, body = comparator
    for word, op in _SUFFIXES:
        if body.endswith(word) and len(body) > len(word):
            if comparator not in (None, op):
                return None, None, None
            comparator, body = op, body[: -len(word)]
            break
    match = _NUMBER_UNIT.match(body)
    if not match:
        return None, None, None
    unit = _unit(match.group(2))
    if unit is None and match.group(2):
        return None, None, None
    return comparator or "=", Decimal(match.group(1).replace(",", "")), unit


@given(
    st.lists(
        st.sampled_from(
            [
                "≥",
                ">=",
                "大于等于",
                "大于",
                "不低于",
                "≤",
                "小于",
                "控制在",
                "=",
                "1",
                "0",
                "９5",
                ".",
                ",",
                "%",
                "％",
                "万元",
                "(平方米)",
                "以上",
                "及以下",
                "以内",
                " ",
                "\u3000",
                "及时",
                "个",
            ]
        ),
        max_size=8,
    )
)
def test_parse_indicator_value_reads_as_the_plain_reading(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert parse_indicator_value(text) == _plain_indicator_value(text)
