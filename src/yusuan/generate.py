"""Random but internally consistent budget disclosures (for tests, benchmarks and ``yusuan demo-data``).

:func:`generate_disclosure` builds a Hebei-style unit or department budget: the standard tables
exactly as the parser produces them for the Hebei layout (same kinds, column keys and row
shapes), the explanatory text with its stated facts, and projects with performance goals. Every
identity the rules check holds: totals, 类/款 subtotals, cross-table figures, facts. The result
is deterministic for a seed. Amounts are computed in integer cents and printed as ``Decimal``
with two decimals (万元); no float arithmetic touches an amount.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.extract.codes import level_of, scheme_of
from yusuan.model import (
    CodeScheme,
    Column,
    Disclosure,
    DocumentKind,
    Fact,
    Indicator,
    Paragraph,
    Project,
    Row,
    Scope,
    Table,
    TableKind,
)
from yusuan.reference import Status, load_reference

__all__ = ["generate_disclosure"]

UNIT = "万元"

# (code, name, {column key: cents or None}, section) of one row to build.
_RowSpec = tuple[str | None, str, Mapping[str, int | None], str | None]

# 类 code -> the line printed in the summary tables (Hebei layout, in printed order).
_SUMMARY_CLASSES: tuple[tuple[str | None, str], ...] = (
    ("201", "一、一般公共服务支出"),
    ("202", "二、外交支出"),
    ("203", "三、国防支出"),
    ("204", "四、公共安全支出"),
    ("205", "五、教育支出"),
    ("206", "六、科学技术支出"),
    ("207", "七、文化旅游体育与传媒支出"),
    ("208", "八、社会保障和就业支出"),
    ("209", "九、社会保险基金支出"),
    ("210", "十、卫生健康支出"),
    ("211", "十一、节能环保支出"),
    ("212", "十二、城乡社区支出"),
    ("213", "十三、农林水支出"),
    ("214", "十四、交通运输支出"),
    ("215", "十五、资源勘探工业信息等支出"),
    ("216", "十六、商业服务业等支出"),
    ("217", "十七、金融支出"),
    ("219", "十八、援助其他地区支出"),
    ("220", "十九、自然资源海洋气象等支出"),
    ("221", "二十、住房保障支出"),
    ("222", "二十一、粮油物资储备支出"),
    ("223", "二十二、国有资本经营预算支出"),
    ("224", "二十三、灾害防治及应急管理支出"),
    ("227", "二十四、预备费"),
    ("229", "二十五、其他支出"),
    ("230", "二十六、转移性支出"),
    ("231", "二十七、债务还本支出"),
    ("232", "二十八、债务付息支出"),
    ("233", "二十九、债务发行费用支出"),
    ("234", "三十、抗疫特别国债安排的支出"),
    (None, "三十一、人行科目"),
)
_CLASS_CODES = {code for code, _ in _SUMMARY_CLASSES if code}

# Built-in function code tree, used when the reference holds too few codes.
_BUILTIN_FUNCTION: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"),
    ("20103", "政府办公厅（室）及相关机构事务"),
    ("2010301", "行政运行"),
    ("2010302", "一般行政管理事务"),
    ("2010350", "事业运行"),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出"),
    ("208", "社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("2080501", "行政单位离退休"),
    ("2080502", "事业单位离退休"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"),
    ("2080599", "其他行政事业单位养老支出"),
    ("210", "卫生健康支出"),
    ("21011", "行政事业单位医疗"),
    ("2101101", "行政单位医疗"),
    ("2101102", "事业单位医疗"),
    ("2101103", "公务员医疗补助"),
    ("2101199", "其他行政事业单位医疗支出"),
    ("21015", "医疗保障管理事务"),
    ("2101501", "行政运行"),
    ("2101502", "一般行政管理事务"),
    ("2101506", "医疗保障经办事务"),
    ("2101550", "事业运行"),
    ("2101599", "其他医疗保障管理事务支出"),
    ("221", "住房保障支出"),
    ("22102", "住房改革支出"),
    ("2210201", "住房公积金"),
    ("2210202", "提租补贴"),
    ("2210203", "购房补贴"),
)

# 项 financed by the government fund budget (政府性基金预算), under their own 款.
_FUND_FUNCTION: tuple[tuple[str, str], ...] = (
    ("212", "城乡社区支出"),
    ("21208", "国有土地使用权出让收入安排的支出"),
    ("2120801", "征地和拆迁补偿支出"),
    ("2120802", "土地开发支出"),
    ("2120899", "其他国有土地使用权出让收入安排的支出"),
    ("229", "其他支出"),
    ("22960", "彩票公益金安排的支出"),
    ("2296002", "用于社会福利的彩票公益金支出"),
    ("2296003", "用于体育事业的彩票公益金支出"),
    ("2296006", "用于残疾人事业的彩票公益金支出"),
)
_FUND_KUAN = frozenset(code for code, _ in _FUND_FUNCTION if len(code) == 5)

_PERSONNEL_301 = (
    ("30101", "基本工资"),
    ("30102", "津贴补贴"),
    ("30103", "奖金"),
    ("30107", "绩效工资"),
    ("30108", "机关事业单位基本养老保险缴费"),
    ("30110", "职工基本医疗保险缴费"),
    ("30111", "公务员医疗补助缴费"),
    ("30112", "其他社会保障缴费"),
    ("30113", "住房公积金"),
)
_PUBLIC_302 = (
    ("30201", "办公费"),
    ("30207", "邮电费"),
    ("30216", "培训费"),
    ("30228", "工会经费"),
    ("30229", "福利费"),
    ("30239", "其他交通费用"),
    ("30299", "其他商品和服务支出"),
)
_PERSONNEL_303 = (
    ("30302", "退休费"),
    ("30309", "奖励金"),
)

_DEPARTMENTS = (
    "医疗保障局",
    "财政局",
    "教育局",
    "民政局",
    "人力资源和社会保障局",
    "卫生健康局",
    "自然资源和规划局",
    "市场监督管理局",
    "统计局",
    "司法局",
)
_PLACES = (
    "秦皇岛市北戴河区",
    "承德市双桥区",
    "石家庄市长安区",
    "保定市莲池区",
    "唐山市路北区",
    "邯郸市丛台区",
    "沧州市运河区",
    "廊坊市安次区",
)
_PROJECT_NAMES = (
    "办公辅助（服务）",
    "网络运行维护费",
    "专项业务经费",
    "信息化建设运维",
    "政策宣传培训",
    "基金监管专项",
    "档案数字化整理",
    "人事代理专项补助",
    "重点工作专项经费",
    "业务用房维修改造",
)

_NUMERALS = "一二三四五六七八九十"

_GLOSSARY = (
    "1、财政拨款收入：指本级财政当年拨付的资金，包括一般公共预算拨款、政府性基金预算拨款、国有资本经营预算拨款。",
    "2、财政专户管理资金收入：缴入财政专户、实行专项管理的教育收费收入。",
    "3、单位资金收入：指除财政拨款收入和财政专户管理资金以外的收入，包括事业收入（不含教育收费）、上级补助收入、"
    "附属单位上缴收入、事业单位经营收入及其他收入。",
    "4、上年结转：指以前年度安排、结转到本年仍按原规定用途继续使用的资金。",
    "5、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    "6、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "7、“三公”经费：纳入财政预算管理的“三公”经费，是指预算部门（单位）用财政拨款安排的因公出国（境）费、"
    "公务用车购置及运维费和公务接待费。",
    "8、机关运行经费：是指各部门（单位）的公用经费，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、"
    "专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
)


def _amount(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _opt(cents: int) -> Decimal | None:
    """A table cell: empty for zero, as the tables print it."""
    return _amount(cents) if cents else None


def _text(cents: int) -> str:
    return f"{_amount(cents)}"


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` cents split into ``parts`` non-negative integers (positive where possible)."""
    if parts <= 1:
        return [total]
    if total >= parts:
        cuts = sorted(rng.sample(range(1, total), parts - 1))
    else:
        cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    bounds = [0, *cuts, total]
    return [bounds[i + 1] - bounds[i] for i in range(parts)]


@dataclass
class _Line:
    code: str
    name: str
    basic: int = 0
    project: int = 0
    carry: int = 0  # of the line's total, how much is carried over from last year
    fund: bool = False  # financed by the government fund budget (else by the general public budget)

    @property
    def total(self) -> int:
        return self.basic + self.project


@dataclass
class _Builder:
    """Collects rows with increasing source lines."""

    line: int = 1
    tables: list[Table] = field(default_factory=list)

    def next_line(self) -> int:
        self.line += 1
        return self.line

    def table(
        self,
        kind: TableKind,
        title: str,
        columns: Sequence[tuple[str, str]],
        rows: Sequence[_RowSpec],
        *,
        year: int,
        notes: Sequence[str] = (),
    ) -> Table:
        start = self.next_line()
        built: list[Row] = []
        keys = [k for k, _ in columns]
        for code, name, values, section in rows:
            scheme = None
            level = None
            if code is not None:
                scheme = scheme_of(code)
                level = level_of(code, scheme) if scheme else None
            cells: dict[str, Decimal | None] = {}
            for k in keys:
                if k in values:
                    v = values[k]
                    cells[k] = _opt(v) if v is not None else None
            built.append(
                Row(
                    code=code,
                    name=name,
                    level=level,
                    values=cells,
                    line=self.next_line(),
                    scheme=scheme,
                    section=section,
                )
            )
        note_lines = tuple(self.next_line() for _ in notes)
        empty = not any(v is not None for r in built for v in r.values.values())
        table = Table(
            kind=kind,
            title=title,
            columns=tuple(Column(k, label) for k, label in columns),
            rows=tuple(built),
            notes=tuple(notes),
            empty=empty,
            line=start,
            unit=UNIT,
            year=year,
            note_lines=note_lines,
        )
        self.tables.append(table)
        return table


def _function_names(year: int) -> dict[str, str]:
    """Function codes and names: the built-in list, then the reference's confirmed/observed rows."""
    names: dict[str, str] = dict(_BUILTIN_FUNCTION)
    for row in load_reference(year).rows():
        if row.scheme is CodeScheme.FUNCTION and row.status in (Status.CONFIRMED, Status.OBSERVED):
            names.setdefault(row.code, row.name)
    return names


def _function_tree(rng: random.Random, names: Mapping[str, str], lines: int) -> list[tuple[str, str]]:
    """Codes and names of ``lines`` function 项, in code order (类 and 款 are derived from them)."""
    items = sorted(
        code
        for code in names
        if len(code) == 7
        and code[:3] in _CLASS_CODES
        and code[:5] in names
        and code[:3] in names
        and code[:5] not in _FUND_KUAN
    )
    chosen = sorted(rng.sample(items, min(lines, len(items))))
    result = [(code, names[code]) for code in chosen]
    if len(result) < lines:
        # More lines than known 项: further 项 under known 款, numbered like real ones.
        used = set(chosen)
        kuan = sorted(
            code
            for code in names
            if len(code) == 5 and code[:3] in _CLASS_CODES and code[:3] in names and code not in _FUND_KUAN
        )
        extra: list[tuple[str, str]] = []
        for k in kuan:
            for n in range(1, 99):
                code = f"{k}{n:02d}"
                if code not in used and code not in names:
                    extra.append((code, f"{names[k]}第{n}项"))
        rng.shuffle(extra)
        result.extend(extra[: lines - len(result)])
        result.sort()
    return result


def generate_disclosure(
    seed: int,
    *,
    lines: int = 20,
    year: int | None = None,
    scope: Scope = Scope.UNIT,
    carryover: bool | None = None,
    funds: bool | None = None,
    three_public: bool | None = None,
) -> Disclosure:
    """A random but internally consistent Hebei-style budget disclosure, deterministic for ``seed``.

    ``lines`` is the number of 项 (7-digit function codes), 5 to 500. ``carryover`` adds 上年结转
    income; ``funds`` finances one or two project 项 by the government fund budget (else the
    政府性基金 table is empty, with its 空表列示 note; the 国有资本经营 table is always empty);
    ``three_public`` gives non-zero “三公”经费. ``None`` lets the seed decide.
    """
    if not 5 <= lines <= 500:
        raise ValueError(f"lines must be between 5 and 500, not {lines}")
    rng = random.Random(seed)
    year = year if year is not None else rng.choice((2023, 2024, 2025))
    carry_on = rng.random() < 0.3 if carryover is None else carryover
    three_on = rng.random() < 0.6 if three_public is None else three_public
    funds_on = rng.random() < 0.25 if funds is None else funds
    place = rng.choice(_PLACES)
    dept = place + rng.choice(_DEPARTMENTS)
    department = dept if scope is Scope.DEPARTMENT else f"{dept}（本级）"
    unit_code = f"{rng.randint(100, 999)}001"
    who = "部门" if scope is Scope.DEPARTMENT else "单位"
    we = "我部门" if scope is Scope.DEPARTMENT else "我单位"

    names = _function_names(year)
    fund_items: list[tuple[str, str]] = []
    if funds_on:
        fund_lines = [(c, n) for c, n in _FUND_FUNCTION if len(c) == 7]
        fund_items = sorted(rng.sample(fund_lines, rng.randint(1, 2)))
        names.update(_FUND_FUNCTION)
    items = _function_tree(rng, names, lines - len(fund_items))
    lines_: list[_Line] = []
    for code, name in items:
        line = _Line(code, name)
        kind = rng.random()
        if kind < 0.45:
            line.basic = rng.randint(100, 5_000_000)
        elif kind < 0.75:
            line.project = rng.randint(100, 5_000_000)
        else:
            line.basic = rng.randint(100, 3_000_000)
            line.project = rng.randint(100, 3_000_000)
        lines_.append(line)
    if not any(li.basic for li in lines_):
        lines_[0].basic = rng.randint(100, 1_000_000)
    if not any(li.project for li in lines_):
        lines_[-1].project = rng.randint(100, 1_000_000)
    if carry_on:
        for li in lines_:
            if li.project and rng.random() < 0.4:
                li.carry = rng.randint(0, li.project)
        if not any(li.carry for li in lines_):
            first = next(li for li in lines_ if li.project)
            first.carry = max(1, first.project // 2)
    for code, name in fund_items:
        lines_.append(_Line(code, name, project=rng.randint(100, 3_000_000), fund=True))
    lines_.sort(key=lambda li: li.code)

    basic = sum(li.basic for li in lines_)
    project = sum(li.project for li in lines_)
    total = basic + project
    carry = sum(li.carry for li in lines_)
    current = total - carry
    fund = sum(li.total for li in lines_ if li.fund)

    # Basic expenditure: personnel (301, 303) and public (302).
    public = rng.randint(basic // 20, basic // 5) if basic >= 20 else 0
    personnel = basic - public
    p301, p303 = _split(rng, personnel, 2) if personnel >= 2 else (personnel, 0)
    c301 = _split(rng, p301, len(_PERSONNEL_301)) if p301 else []
    c302 = _split(rng, public, len(_PUBLIC_302)) if public else []
    c303 = _split(rng, p303, len(_PERSONNEL_303)) if p303 else []

    # “三公”经费 come out of public costs (302).
    tp_overseas = tp_purchase = tp_operation = tp_reception = 0
    if three_on and public >= 4:
        tp_overseas, tp_purchase, tp_operation, tp_reception = _split(
            rng, rng.randint(4, min(public, public // 10 + 4)), 4
        )
    tp_vehicle = tp_purchase + tp_operation
    tp_total = tp_overseas + tp_vehicle + tp_reception

    b = _Builder()
    title = f"{who}预算"

    # -- summary ----------------------------------------------------------------------------
    class_totals: dict[str, int] = {}
    class_fund: dict[str, int] = {}
    for li in lines_:
        class_totals[li.code[:3]] = class_totals.get(li.code[:3], 0) + li.total
        if li.fund:
            class_fund[li.code[:3]] = class_fund.get(li.code[:3], 0) + li.total
    inc_rows: list[_RowSpec] = [
        (None, "一、一般公共预算拨款收入", {"income": current - fund}, "income"),
        (None, "二、政府性基金预算拨款收入", {"income": fund}, "income"),
        (None, "三、国有资本经营预算拨款收入", {"income": 0}, "income"),
        (None, "四、财政专户管理资金收入", {"income": 0}, "income"),
        (None, "五、单位资金", {"income": 0}, "income"),
        (None, "本年收入合计", {"income": current}, "income"),
        (None, "上年结转结余", {"income": carry}, "income"),
        (None, "收入总计", {"income": total}, "income"),
    ]
    exp_rows: list[_RowSpec] = [
        (None, label, {"expenditure": class_totals.get(code, 0) if code else 0}, "expenditure")
        for code, label in _SUMMARY_CLASSES
    ]
    exp_rows += [
        (None, "本年支出合计", {"expenditure": total}, "expenditure"),
        (None, "年终结转结余", {"expenditure": 0}, "expenditure"),
        (None, "支出总计", {"expenditure": total}, "expenditure"),
    ]
    b.table(
        TableKind.SUMMARY,
        f"{title}收支总表",
        (("income", "收入/项目/预算数"), ("expenditure", "支出/项目/预算数")),
        inc_rows + exp_rows,
        year=year,
    )

    # -- function trees (income, expenditure, general_public) ---------------------------------
    def tree(
        fn: Callable[[list[_Line]], dict[str, int | None]], of: list[_Line] | None = None
    ) -> list[_RowSpec]:
        ls = lines_ if of is None else of
        rows: list[_RowSpec] = [(None, "合计", fn(ls), None)]
        for cls in sorted({li.code[:3] for li in ls}):
            in_cls = [li for li in ls if li.code[:3] == cls]
            rows.append((cls, names.get(cls, cls), fn(in_cls), None))
            for kuan in sorted({li.code[:5] for li in in_cls}):
                in_kuan = [li for li in in_cls if li.code[:5] == kuan]
                rows.append((kuan, names.get(kuan, kuan), fn(in_kuan), None))
                for li in in_kuan:
                    rows.append((li.code, li.name, fn([li]), None))
        return rows

    def income_values(ls: list[_Line]) -> dict[str, int | None]:
        t = sum(x.total for x in ls)
        c = sum(x.carry for x in ls)
        return {
            "total": t,
            "current_year": t - c,
            "current_year.fiscal": t - c,
            "current_year.special_account": None,
            "current_year.business_income": None,
            "current_year.operating_income": None,
            "current_year.superior_subsidy": None,
            "current_year.subsidiary_remit": None,
            "current_year.other_income": None,
            "carryover": c,
        }

    b.table(
        TableKind.INCOME,
        f"{title}收入总表",
        (
            ("total", "合计"),
            ("current_year", "本年收入/小计"),
            ("current_year.fiscal", "本年收入/财政拨款收入"),
            ("current_year.special_account", "本年收入/财政专户收入"),
            ("current_year.business_income", "本年收入/事业收入"),
            ("current_year.operating_income", "本年收入/经营收入"),
            ("current_year.superior_subsidy", "本年收入/上级补助收入"),
            ("current_year.subsidiary_remit", "本年收入/附属单位上缴收入"),
            ("current_year.other_income", "本年收入/其他收入"),
            ("carryover", "上年结转"),
        ),
        tree(income_values),
        year=year,
    )

    def expenditure_values(ls: list[_Line]) -> dict[str, int | None]:
        return {
            "total": sum(x.total for x in ls),
            "basic": sum(x.basic for x in ls),
            "project": sum(x.project for x in ls),
            "operating_expenditure": None,
            "remit_superior": None,
            "subsidiary_subsidy": None,
        }

    b.table(
        TableKind.EXPENDITURE,
        f"{title}支出总表",
        (
            ("total", "合计"),
            ("basic", "基本支出"),
            ("project", "项目支出"),
            ("operating_expenditure", "经营支出"),
            ("remit_superior", "上解上级支出"),
            ("subsidiary_subsidy", "对附属单位补助支出"),
        ),
        tree(expenditure_values),
        year=year,
    )

    # -- fiscal_summary -----------------------------------------------------------------------
    fs_income: list[_RowSpec] = [
        (None, "一、一般公共预算拨款", {"income": current - fund}, "income"),
        (None, "二、政府性基金预算拨款", {"income": fund}, "income"),
        (None, "三、国有资本经营预算拨款", {"income": 0}, "income"),
        (None, "本年收入合计", {"income": current}, "income"),
        (None, "年初财政拨款结转和结余", {"income": carry}, "income"),
        (None, "一、一般公共预算拨款", {"income": carry}, "income"),
        (None, "二、政府性基金预算拨款", {"income": 0}, "income"),
        (None, "三、国有资本经营预算拨款", {"income": 0}, "income"),
        (None, "收入总计", {"income": total}, "income"),
    ]

    def fs(v: int, f: int = 0) -> dict[str, int | None]:
        return {
            "expenditure.total": v,
            "expenditure.general_public": v - f,
            "expenditure.gov_fund": f,
            "expenditure.state_capital": 0,
        }

    fs_exp: list[_RowSpec] = [
        (
            None,
            label,
            fs(class_totals.get(code, 0), class_fund.get(code, 0)) if code else fs(0),
            "expenditure",
        )
        for code, label in _SUMMARY_CLASSES
    ]
    fs_exp += [
        (None, "本年支出合计", fs(total, fund), "expenditure"),
        (None, "年末财政拨款结转和结余", fs(0), "expenditure"),
        (None, "支出总计", fs(total, fund), "expenditure"),
    ]
    b.table(
        TableKind.FISCAL_SUMMARY,
        f"{title}财政拨款收支总表",
        (
            ("income", "收入/项目/金额"),
            ("expenditure.total", "支出/项目/合计"),
            ("expenditure.general_public", "支出/项目/一般公共预算财政拨款"),
            ("expenditure.gov_fund", "支出/项目/政府性基金预算财政拨款"),
            ("expenditure.state_capital", "支出/项目/国有资本经营预算财政拨款"),
        ),
        fs_income + fs_exp,
        year=year,
    )

    def gp_values(ls: list[_Line]) -> dict[str, int | None]:
        return {
            "total": sum(x.total for x in ls),
            "basic": sum(x.basic for x in ls),
            "project": sum(x.project for x in ls),
        }

    three_cols = (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"))
    b.table(
        TableKind.GENERAL_PUBLIC,
        f"{title}一般公共预算财政拨款支出表",
        three_cols,
        tree(gp_values, [li for li in lines_ if not li.fund]),
        year=year,
    )

    # -- general_public_basic -----------------------------------------------------------------
    gpb: list[_RowSpec] = [(None, "合计", {"total": basic, "personnel": personnel, "public": public}, None)]
    for head, head_name, children, amounts, key in (
        ("301", "工资福利支出", _PERSONNEL_301, c301, "personnel"),
        ("302", "商品和服务支出", _PUBLIC_302, c302, "public"),
        ("303", "对个人和家庭的补助", _PERSONNEL_303, c303, "personnel"),
    ):
        if not sum(amounts):
            continue
        other = "public" if key == "personnel" else "personnel"
        gpb.append((head, head_name, {"total": sum(amounts), key: sum(amounts), other: None}, None))
        for (code, name), v in zip(children, amounts, strict=True):
            if v:
                gpb.append((code, name, {"total": v, key: v, other: None}, None))
    b.table(
        TableKind.GENERAL_PUBLIC_BASIC,
        f"{title}一般公共预算财政拨款基本支出表",
        (
            ("total", "一般公共预算基本支出/合计"),
            ("personnel", "一般公共预算基本支出/人员经费"),
            ("public", "一般公共预算基本支出/公用经费"),
        ),
        gpb,
        year=year,
    )

    # -- fund tables ----------------------------------------------------------------------------
    b.table(
        TableKind.GOV_FUND,
        f"{title}政府性基金预算财政拨款支出表",
        three_cols,
        tree(gp_values, [li for li in lines_ if li.fund]) if fund else [],
        year=year,
        notes=() if fund else ("注：无政府性基金预算财政拨款预算，空表列示。",),
    )
    b.table(
        TableKind.STATE_CAPITAL,
        f"{title}国有资本经营预算财政拨款支出表",
        three_cols,
        [],
        year=year,
        notes=("注：无国有资本经营预算财政拨款预算，空表列示。",),
    )

    # -- three_public ---------------------------------------------------------------------------
    tp_cols = (
        ("total", "资金性质/合计"),
        ("general_public", "资金性质/一般公共预算财政拨款"),
        ("gov_fund", "资金性质/政府性基金预算拨款"),
        ("state_capital", "资金性质/国有资本经营预算财政拨款"),
    )
    if tp_total:

        def tp(v: int) -> dict[str, int | None]:
            return {"total": v, "general_public": v, "gov_fund": None, "state_capital": None}

        b.table(
            TableKind.THREE_PUBLIC,
            f"{title}财政拨款“三公”经费支出表",
            tp_cols,
            [
                (None, "合计", tp(tp_total), None),
                (None, "因公出国（境）费", tp(tp_overseas), None),
                (None, "公务用车购置及运行维护费", tp(tp_vehicle), None),
                (None, "其中：公务用车购置费", tp(tp_purchase), None),
                (None, "公务用车运行维护费", tp(tp_operation), None),
                (None, "公务接待费", tp(tp_reception), None),
            ],
            year=year,
        )
    else:
        b.table(
            TableKind.THREE_PUBLIC,
            f"{title}财政拨款“三公”经费支出表",
            tp_cols,
            [],
            year=year,
            notes=("注：无财政拨款“三公”经费支出表预算，空表列示。",),
        )

    # -- projects ---------------------------------------------------------------------------------
    n_projects = max(1, min(len(_PROJECT_NAMES), project // 2_000_000 + 1, project))
    shares = _split(rng, project, n_projects)
    projects: list[Project] = []
    pnames = rng.sample(_PROJECT_NAMES, n_projects)
    for i, (pname, amount) in enumerate(zip(pnames, shares, strict=True)):
        start = b.next_line()
        a = _text(amount)
        indicators = (
            Indicator(
                "产出指标",
                "数量指标",
                "保障事项",
                "保障事项数量",
                "≥3项",
                ">=",
                Decimal(3),
                "项",
                "年度工作计划",
                b.next_line(),
            ),
            Indicator(
                "产出指标",
                "质量指标",
                "任务完成率",
                "任务完成情况",
                "≥95%",
                ">=",
                Decimal(95),
                "%",
                "年度工作计划",
                b.next_line(),
            ),
            Indicator(
                "产出指标",
                "时效指标",
                "按时完成率",
                "按时完成情况",
                "≥90%",
                ">=",
                Decimal(90),
                "%",
                "年度工作计划",
                b.next_line(),
            ),
            Indicator(
                "产出指标",
                "成本指标",
                "项目总成本",
                "项目总成本",
                f"≤{a}万元",
                "<=",
                _amount(amount),
                "万元",
                "年度工作计划",
                b.next_line(),
            ),
            Indicator(
                "效益指标",
                "社会效益指标",
                "保障工作正常运转",
                "保障相关工作开展",
                "≥90%",
                ">=",
                Decimal(90),
                "%",
                "年度工作计划",
                b.next_line(),
            ),
            Indicator(
                "满意度指标",
                "服务对象满意度指标",
                "服务对象满意度",
                "服务对象满意度",
                "≥90%",
                ">=",
                Decimal(90),
                "%",
                "年度工作计划",
                b.next_line(),
            ),
        )
        projects.append(
            Project(
                code=f"1303{unit_code}P{year % 100:02d}{i + 1:04d}",
                name=pname,
                amount=_amount(amount),
                funding={"财政资金": _amount(amount), "其他资金": None},
                schedule={
                    "3月底": Decimal(25),
                    "6月底": Decimal(50),
                    "10月底": Decimal(75),
                    "12月底": Decimal(100),
                },
                goal=f"1.{pname}按计划实施，保障工作正常运转",
                indicators=indicators,
                line=start,
                description=f"{pname}按计划实施，保障工作正常运转",
            )
        )

    # -- text -------------------------------------------------------------------------------------
    paragraphs: list[Paragraph] = []
    facts: list[Fact] = []

    def para(text: str, stated: Sequence[tuple[str, int]] = ()) -> None:
        line = b.next_line()
        paragraphs.append(Paragraph(text, line))
        for key, cents in stated:
            facts.append(Fact(key, _amount(cents), UNIT, text, line))

    para(f"{department}{year}年{who}预算信息公开情况说明")
    para(
        f"按照《中华人民共和国预算法》、《地方预决算公开操作规程》规定，现将{department}{year}年{who}预算公开如下："
    )
    para(f"一、{who}职责及机构设置情况")
    para(f"{department}负责本地区相关领域的政策执行、业务管理和公共服务工作。")
    para(f"二、{who}预算安排的总体情况")
    para("按照预算管理有关规定，目前预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。")
    para("1、收入说明")
    para(
        f"{year}年预算收入{_text(total)}万元，其中：一般公共预算收入{_text(current - fund)}万元，"
        f"基金预算收入{_text(fund)}万元，"
        f"国有资本经营预算收入0.00万元，财政专户核拨收入0.00万元，单位资金收入0.00万元，"
        f"上年结转结余{_text(carry)}万元。",
        (
            ("income.total", total),
            ("income.current_year", current),
            ("income.general_public", current - fund),
            ("income.gov_fund", fund),
            ("income.state_capital", 0),
            ("income.special_account", 0),
            ("income.unit_funds", 0),
            ("income.carryover", carry),
        ),
    )
    para("2、支出说明")
    para(
        f"{year}年支出预算{_text(total)}万元，其中基本支出{_text(basic)}万元，包括人员经费{_text(personnel)}万元"
        f"和日常公用经费{_text(public)}万元；",
        (
            ("expenditure.total", total),
            ("expenditure.basic", basic),
            ("expenditure.basic.personnel", personnel),
            ("expenditure.basic.public", public),
        ),
    )
    para(
        f"项目支出{_text(project)}万元，主要为"
        + "，".join(f"{p.name}{p.amount}万元" for p in projects)
        + "。",
        (("expenditure.project", project),),
    )
    para("三、机关运行经费安排情况")
    para(
        f"{year}年，{we}机关运行经费共计安排{_text(public)}万元，主要用于办公及印刷费、邮电费、"
        "公务用车运行维护费等日常运行支出。",
        (("operating_costs", public),),
    )
    para("四、财政拨款“三公”经费预算情况及增减变化原因")
    para(
        f"{year}年，{we}财政拨款“三公”经费预算安排{_text(tp_total)}万元，其中因公出国（境）费{_text(tp_overseas)}万元；",
        (("three_public.total", tp_total), ("three_public.overseas", tp_overseas)),
    )
    para(
        f"公务用车购置及运维费{_text(tp_vehicle)}万元（其中：公务用车购置费为{_text(tp_purchase)}万元，"
        f"公务用车运维费{_text(tp_operation)}万元)；",
        (
            ("three_public.vehicle", tp_vehicle),
            ("three_public.vehicle_purchase", tp_purchase),
            ("three_public.vehicle_operation", tp_operation),
        ),
    )
    para(f"公务接待费{_text(tp_reception)}万元。", (("three_public.reception", tp_reception),))
    tp_change = rng.randint(0, 50_000)
    para(
        f"与{year - 1}年相比减少{_text(tp_change)}万元，增减变化的主要原因是落实“过紧日子”要求，严控一般性支出，"
        "确保“三公”经费只减不增。",
        (("change.three_public.total", -tp_change),),
    )
    para(f"五、{who}项目预算安排情况及绩效目标")
    para(f"{year}年{we}安排项目{len(projects)}个，均已编制绩效目标，详见项目绩效目标表。")
    para("六、政府采购预算情况")
    para(f"{year}年{we}无政府采购预算。")
    para("七、国有资产信息")
    para(f"{we}国有资产占用情况详见固定资产占用情况表，本年度无拟购置固定资产。")
    para("八、名词解释")
    for text in _GLOSSARY:
        para(text)
    para("九、其他需要说明的事项")
    para(f"{we}无其他需要说明的事项。")

    return Disclosure(
        source=f"demo-{seed}.json",
        department=department,
        unit_code=unit_code,
        year=year,
        scope=scope,
        kind=DocumentKind.BUDGET,
        unit=UNIT,
        tables=tuple(b.tables),
        facts=tuple(facts),
        projects=tuple(projects),
        paragraphs=tuple(paragraphs),
        layout="cell-per-line",
    )
