"""说明与表格一致 (text): the figures of the explanatory text against the tables and themselves.

The text's figures are the facts of :mod:`yusuan.extract.facts` (keys documented there). A fact
is compared with the table figure it names (read with the table readers of
:mod:`yusuan.rules.crosstable`), with the other figures stated beside it (parts add up to their
whole), and with itself over time (a change is this year minus last year; a percentage is the
change over last year; a share is the part over the whole). Text figures are usually in 万元
with two decimals or whole 万元 while tables may be in 元: figures are converted and the text's
rounding is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from yusuan.model import Fact, TableKind
from yusuan.rules.context import CheckContext
from yusuan.rules.crosstable import (
    Figure,
    budget_document,
    code_figures,
    differ,
    find_line,
    first_table,
    fund_tables,
    keys_of,
    line_figure,
    rows_figure,
    summary_key,
    three_public_figure,
    total_figure,
    total_row,
)
from yusuan.rules.engine import difference_text
from yusuan.rules.findings import Severity
from yusuan.rules.registry import Issue, rule

FAMILY = "text"
K = TableKind
ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Readable names of fact keys, for messages.
NAMES = {
    "income.total": "收入总计",
    "income.current_year": "本年收入合计",
    "income.carryover": "上年结转结余",
    "income.general_public": "一般公共预算拨款收入",
    "income.gov_fund": "政府性基金预算拨款收入",
    "income.state_capital": "国有资本经营预算拨款收入",
    "income.special_account": "财政专户管理资金收入",
    "income.unit_funds": "单位资金收入",
    "income.fiscal": "财政拨款收入",
    "income.business": "事业收入",
    "income.operating": "事业单位经营收入",
    "income.superior_subsidy": "上级补助收入",
    "income.affiliated": "附属单位上缴收入",
    "income.other": "其他收入",
    "expenditure.total": "支出总计",
    "expenditure.basic": "基本支出",
    "expenditure.basic.personnel": "人员经费",
    "expenditure.basic.public": "公用经费",
    "expenditure.project": "项目支出",
    "expenditure.fiscal": "财政拨款支出",
    "expenditure.general_public": "一般公共预算支出",
    "expenditure.general_public.basic": "一般公共预算基本支出",
    "expenditure.general_public.basic.personnel": "一般公共预算人员经费",
    "expenditure.general_public.basic.public": "一般公共预算公用经费",
    "expenditure.general_public.project": "一般公共预算项目支出",
    "expenditure.gov_fund": "政府性基金预算支出",
    "expenditure.state_capital": "国有资本经营预算支出",
    "three_public.total": "“三公”经费",
    "three_public.overseas": "因公出国（境）费",
    "three_public.vehicle": "公务用车购置及运行费",
    "three_public.vehicle_purchase": "公务用车购置费",
    "three_public.vehicle_operation": "公务用车运行费",
    "three_public.reception": "公务接待费",
    "operating_costs": "机关运行经费",
    "procurement.total": "政府采购预算",
    "procurement.goods": "政府采购货物预算",
    "procurement.works": "政府采购工程预算",
    "procurement.services": "政府采购服务预算",
    "assets.total": "固定资产总额",
    "assets.vehicles": "车辆",
    "assets.new.vehicles": "拟购置车辆",
}


def name_of(key: str) -> str:
    if key.startswith("function."):
        return f"科目{key.removeprefix('function.')}"
    for prefix, word in (
        ("change_pct.", "增减幅度"),
        ("change.", "增减额"),
        ("share_pct.", "占比"),
        ("prior.", "上年"),
    ):
        if key.startswith(prefix):
            return f"{name_of(key.removeprefix(prefix)).rstrip()}{word}"
    return NAMES.get(key, key)


# --------------------------------------------------------------------------- facts


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def slack(ctx: CheckContext, fact: Fact) -> Decimal:
    """How far rounding may have moved a stated figure: half a unit of its last digit
    (17,192万元 carries ±0.5万元). A whole number among figures with decimals in the same
    paragraph (“公务用车购置及运行费 2万元 … 减少1.40万元”) dropped its “.00”: it is exact to
    the decimals of its neighbours. A stated 0 is exact."""
    if fact.value == 0:
        return ZERO
    exponent = _exponent(fact.value)
    if exponent >= 0 and fact.unit in _MONEY:
        neighbours = [
            _exponent(f.value)
            for f in ctx.disclosure.facts
            if f.line == fact.line and f.unit == fact.unit and f.value
        ]
        exponent = min([exponent, *neighbours])
    return Decimal(5).scaleb(exponent - 1) * ctx.config.tolerance_factor


def fact_figure(ctx: CheckContext, fact: Fact, name: str | None = None) -> Figure:
    """A stated figure, with the rounding it may carry (``name``: the key's, if known)."""
    label = f"说明中“{name or name_of(fact.key)}”"
    return Figure(fact.value, fact.unit, label, lambda: (ctx.fact_place(fact),), lambda: slack(ctx, fact))


def money_facts(ctx: CheckContext, prefix: str = "") -> list[Fact]:
    return [f for f in ctx.disclosure.facts if f.key.startswith(prefix) and f.unit in _MONEY]


_MONEY = frozenset({"万元", "元", "千元", "亿元"})


@dataclass(frozen=True)
class Facts:
    """Stated figures in document order, and by key: the rules look them up by key again and again."""

    items: tuple[Fact, ...]
    by_key: Mapping[str, Sequence[Fact]]

    @staticmethod
    def of(facts: Iterable[Fact]) -> Facts:
        items = tuple(facts)
        by_key: dict[str, list[Fact]] = {}
        for fact in items:
            by_key.setdefault(fact.key, []).append(fact)
        return Facts(items, by_key)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.items)

    def stating(self, key: str) -> Sequence[Fact]:
        return self.by_key.get(key, ())


def money_index(ctx: CheckContext) -> Facts:
    """:func:`money_facts`, indexed once per check."""
    return ctx.memo("money facts", lambda: Facts.of(money_facts(ctx)))


def rate_index(ctx: CheckContext) -> Facts:
    """The money facts and the percentages, indexed once per check."""
    return ctx.memo(
        "money and percent facts",
        lambda: Facts.of(f for f in ctx.disclosure.facts if f.unit in _MONEY or f.unit == "%"),
    )


def nearest(facts: Facts, key: str, line: int) -> Fact | None:
    """The statement of ``key`` closest to ``line`` (the same sentence first)."""
    return min(facts.stating(key), key=lambda f: (abs(f.line - line), f.line < line), default=None)


# --------------------------------------------------------------------------- table figures

Reader = Callable[[CheckContext], Figure | None]


def _summary_line(kind: TableKind, side: str, *patterns: str) -> Reader:
    def read(ctx: CheckContext) -> Figure | None:
        table = first_table(ctx, kind)
        if table is None:
            return None
        key = summary_key(table, side)
        row = find_line(ctx, table, side, *patterns)
        return line_figure(ctx, table, row, key) if key and row is not None else None

    return read


def _table_total(kind: TableKind, role: str) -> Reader:
    def read(ctx: CheckContext) -> Figure | None:
        table = fund_tables(ctx, kind) if kind in (K.GOV_FUND, K.STATE_CAPITAL) else first_table(ctx, kind)
        if table is None or (not keys_of(ctx, table, role) and not table.empty):
            return None
        return total_figure(ctx, table, role)

    return read


def _fiscal_column(column: str) -> Reader:
    def read(ctx: CheckContext) -> Figure | None:
        table = first_table(ctx, K.FISCAL_SUMMARY)
        if table is None or column not in {c.key for c in table.columns}:
            return None
        row = find_line(ctx, table, "expenditure", r"本年支出合计", r"本年支出", r"支出合计", r"支出总计")
        return line_figure(ctx, table, row, column) if row is not None else None

    return read


def _basic_split(role: str) -> Reader:
    """人员经费/公用经费 of the whole budget: the expenditure table where it splits them, else the
    general-public basic table when all basic spending is general-public money."""

    def read(ctx: CheckContext) -> Figure | None:
        spending = first_table(ctx, K.EXPENDITURE)
        if spending is not None and keys_of(ctx, spending, role):
            return total_figure(ctx, spending, role)
        basic = first_table(ctx, K.GENERAL_PUBLIC_BASIC)
        whole = (
            total_figure(ctx, spending, "basic")
            if spending is not None and keys_of(ctx, spending, "basic")
            else None
        )
        total = total_figure(ctx, basic, "total") if basic is not None else None
        if basic is None or whole is None or total is None or differ(ctx, whole, total, "") is not None:
            return None
        return total_figure(ctx, basic, role)

    return read


def _three_public(part: str) -> Reader:
    def read(ctx: CheckContext) -> Figure | None:
        table = first_table(ctx, K.THREE_PUBLIC)
        return three_public_figure(ctx, table, part) if table is not None else None

    return read


def _table_line(kind: TableKind, key: str, *names: str) -> Reader:
    def read(ctx: CheckContext) -> Figure | None:
        table = first_table(ctx, kind)
        if table is None or key not in {c.key for c in table.columns}:
            return None
        row = next((r for r in table.rows if r.name.replace(" ", "") in names), None)
        return rows_figure(ctx, table, [row], [key], f"《{table.title}》“{row.name}”") if row else None

    return read


_FUND = {
    "general_public": r"一般公共预算(?:财政)?(?:拨款)?(?:收入|资金)?",
    "gov_fund": r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:收入)?",
    "state_capital": r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?(?:收入)?",
}
_S = K.SUMMARY

# Fact key → the table figures it names, most direct first.
SOURCES: dict[str, tuple[Reader, ...]] = {
    "income.total": (_summary_line(_S, "income", r"收入总计", r"收入合计"), _table_total(K.INCOME, "total")),
    "income.current_year": (_summary_line(_S, "income", r"本年收入合计", r"本年收入"),),
    "income.carryover": (_summary_line(_S, "income", r"上年结转结余", r"上年结转", r"上年结余"),),
    **{
        f"income.{fund}": (
            _summary_line(_S, "income", pattern),
            _summary_line(K.FISCAL_SUMMARY, "income", pattern),
        )
        for fund, pattern in _FUND.items()
    },
    "income.special_account": (_summary_line(_S, "income", r"财政专户(?:管理)?(?:资金)?(?:收入)?"),),
    "income.unit_funds": (_summary_line(_S, "income", r"单位资金(?:收入)?"),),
    "income.fiscal": (
        _summary_line(_S, "income", r"财政拨款(?:收入)?"),
        _summary_line(K.FISCAL_SUMMARY, "income", r"收入总计", r"收入合计"),
    ),
    "income.business": (_summary_line(_S, "income", r"事业收入"),),
    "income.operating": (_summary_line(_S, "income", r"事业单位经营(?:服务)?收入"),),
    "income.superior_subsidy": (_summary_line(_S, "income", r"上级(?:单位)?补助收入"),),
    "income.affiliated": (_summary_line(_S, "income", r"附属单位上缴收入"),),
    "income.other": (_summary_line(_S, "income", r"其他收入"),),
    "expenditure.total": (
        _summary_line(_S, "expenditure", r"支出总计"),
        _summary_line(_S, "expenditure", r"本年支出合计", r"支出合计"),
        _table_total(K.EXPENDITURE, "total"),
    ),
    "expenditure.basic": (_table_total(K.EXPENDITURE, "basic"),),
    "expenditure.project": (_table_total(K.EXPENDITURE, "project"),),
    "expenditure.basic.personnel": (_basic_split("personnel"),),
    "expenditure.basic.public": (_basic_split("public"),),
    "expenditure.fiscal": (_fiscal_column("expenditure.total"), _fiscal_column("expenditure")),
    "expenditure.general_public": (
        _table_total(K.GENERAL_PUBLIC, "total"),
        _fiscal_column("expenditure.general_public"),
    ),
    "expenditure.general_public.basic": (
        _table_total(K.GENERAL_PUBLIC, "basic"),
        _table_total(K.GENERAL_PUBLIC_BASIC, "total"),
    ),
    "expenditure.general_public.project": (_table_total(K.GENERAL_PUBLIC, "project"),),
    "expenditure.general_public.basic.personnel": (_table_total(K.GENERAL_PUBLIC_BASIC, "personnel"),),
    "expenditure.general_public.basic.public": (_table_total(K.GENERAL_PUBLIC_BASIC, "public"),),
    "expenditure.gov_fund": (_table_total(K.GOV_FUND, "total"), _fiscal_column("expenditure.gov_fund")),
    "expenditure.state_capital": (
        _table_total(K.STATE_CAPITAL, "total"),
        _fiscal_column("expenditure.state_capital"),
    ),
    **{
        f"three_public.{part}": (_three_public(part),)
        for part in ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
    },
    "procurement.total": (_table_total(K.PROCUREMENT, "amount"),),
    "assets.total": (_table_line(K.ASSETS, "value", "资产总额", "合计", "总计"),),
}


def _function_line(code: str) -> tuple[Reader, ...]:
    """A function code's amount (``function.2101501``): the general public table, else the
    expenditure table (Shanghai texts state each 项 of their fiscal spending)."""

    def read(kind: TableKind) -> Reader:
        def figure(ctx: CheckContext) -> Figure | None:
            table = first_table(ctx, kind)
            if table is None or not keys_of(ctx, table, "total"):
                return None
            return code_figures(ctx, table, keys_of(ctx, table, "total")).get(code)

        return figure

    return (read(K.GENERAL_PUBLIC), read(K.EXPENDITURE))


def sources(key: str) -> tuple[Reader, ...]:
    """The readers of the table figures a fact key names (none for keys tables do not print)."""
    if key.startswith("function.") and key.removeprefix("function.").isdigit():
        return _function_line(key.removeprefix("function."))
    return SOURCES.get(key, ())


def table_figure(ctx: CheckContext, key: str) -> Figure | None:
    """The first table figure the key names (used where a fact needs this year's amount)."""
    for read in sources(key):
        figure = read(ctx)
        if figure is not None:
            return figure
    return None


def _text_rules_apply(ctx: CheckContext) -> bool:
    """Final accounts print 预算数 and 决算数 side by side; their text is not read yet."""
    return budget_document(ctx)


# --------------------------------------------------------------------------- TXT001


@rule("TXT001", family=FAMILY, severity=Severity.ERROR, title="说明中的数字与表格不一致")
def facts_match_tables(ctx: CheckContext) -> Iterator[Issue]:
    """情况说明中陈述的每一个数字，应等于表格中它所指的那个数字。

    例如“收入总计”对应收支总表的收入总计，“基本支出”对应支出总表合计行的基本支出，
    “公务接待费”对应“三公”经费表，“政府性基金预算支出”对应政府性基金预算支出表（空表为 0）。
    说明通常以万元保留两位小数或取整（“17,192万元”），表格可能以元为单位：先换算，并允许说明
    的四舍五入。同一数字在几张表中都有时，与其中任何一张相符即可。说明逐项列出的功能科目金额
    （事实键 ``function.<科目编码>``）对应一般公共预算支出表（无则支出总表）中该科目。

    例：说明“2024年预算收入349.27万元”，收支总表收入总计 349.27，一致；若说明写 394.27 则报错。
    """
    if not _text_rules_apply(ctx):
        return
    seen: set[tuple[str, Decimal, int]] = set()
    for fact in money_facts(ctx):
        if not sources(fact.key) or (fact.key, fact.value, fact.line) in seen:
            continue
        seen.add((fact.key, fact.value, fact.line))
        issue = _against_tables(ctx, fact)
        if issue is not None:
            yield issue


def _against_tables(ctx: CheckContext, fact: Fact) -> Issue | None:
    name = name_of(fact.key)
    stated = fact_figure(ctx, fact, name)
    issues = []
    for read in sources(fact.key):
        figure = read(ctx)
        if figure is None:
            continue
        issue = differ(ctx, figure, stated, f"说明中的“{name}”与表格不一致")
        if issue is None:
            return None
        issues.append(issue)
    return min(issues, key=_gap, default=None)


def _gap(issue: Issue) -> Decimal:
    return abs((issue.actual or ZERO) - (issue.expected or ZERO))


# --------------------------------------------------------------------------- TXT002


@rule("TXT002", family=FAMILY, severity=Severity.WARNING, title="机关运行经费与公用经费不一致")
def operating_costs(ctx: CheckContext) -> Iterator[Issue]:
    """说明中的机关运行经费，应等于表格所列的机关运行经费；表格未单列时，应等于一般公共预算
    基本支出表中的公用经费合计。

    机关运行经费是行政单位（及参照公务员法管理的事业单位）的公用经费：部门含事业单位时，
    部门的公用经费合计可以大于机关运行经费，所以与公用经费不一致只作警告；表格单列了机关运行
    经费（如上海“三公”经费和机关运行经费预算表），或部门只有行政单位时，不一致即为错误。

    例：说明“机关运行经费共计安排16.35万元”，基本支出表公用经费合计 16.35，一致。
    """
    if not _text_rules_apply(ctx):
        return
    for fact in money_facts(ctx, "operating_costs"):
        if fact.key != "operating_costs":
            continue
        stated = fact_figure(ctx, fact)
        printed = _printed_operating_costs(ctx)
        if printed is not None:
            issue = differ(ctx, printed, stated, "说明中的机关运行经费与表格不一致")
            if issue is not None:
                yield replace(issue, severity=Severity.ERROR)
            continue
        basic = first_table(ctx, K.GENERAL_PUBLIC_BASIC)
        public = (
            total_figure(ctx, basic, "public")
            if basic is not None and keys_of(ctx, basic, "public")
            else None
        )
        if public is None:
            continue
        issue = differ(ctx, public, stated, "说明中的机关运行经费与公用经费合计不一致")
        if issue is not None:
            yield replace(issue, severity=Severity.ERROR) if _only_administrative(ctx) else issue


def _printed_operating_costs(ctx: CheckContext) -> Figure | None:
    for table in ctx.tables(K.THREE_PUBLIC, K.OTHER):
        column = next((c for c in table.columns if "机关运行经费" in c.label), None)
        row = next((r for r in table.rows if column and r.values.get(column.key) is not None), None)
        if column is not None and row is not None:
            return rows_figure(ctx, table, [row], [column.key], f"《{table.title}》“{column.label}”")
    return None


def _only_administrative(ctx: CheckContext) -> bool:
    units = ctx.disclosure.organization
    return bool(units) and all((u.nature or "").startswith(("行政", "参公", "参照")) for u in units)


# --------------------------------------------------------------------------- TXT003


Part = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Identity:
    """whole = Σ parts; each part is a key, or alternatives (a key, or keys that add up to it)."""

    whole: str
    parts: tuple[Part, ...]
    complete: bool = True  # False: other parts may exist unstated, so only Σ ≤ whole holds


def part(*alternatives: str) -> Part:
    """A part of a whole: the first alternative all of whose keys are stated (“a+b” adds up)."""
    return tuple(tuple(a.split("+")) for a in alternatives)


def _parts(*keys: str) -> tuple[Part, ...]:
    return tuple(part(k) for k in keys)


_FUNDS = ("general_public", "gov_fund", "state_capital")
_INCOME_SOURCES = (
    part("income.fiscal", "+".join(f"income.{f}" for f in _FUNDS)),
    part("income.special_account"),
    part(
        "income.unit_funds",
        "income.business+income.operating+income.superior_subsidy+income.affiliated+income.other",
    ),
)
_GP = "expenditure.general_public"
IDENTITIES = (
    Identity(
        "three_public.total",
        (
            part("three_public.overseas"),
            part("three_public.vehicle", "three_public.vehicle_purchase+three_public.vehicle_operation"),
            part("three_public.reception"),
        ),
    ),
    Identity(
        "three_public.vehicle", _parts("three_public.vehicle_purchase", "three_public.vehicle_operation")
    ),
    Identity("income.total", _parts("income.current_year", "income.carryover")),
    Identity("income.total", (*_INCOME_SOURCES, part("income.carryover")), complete=False),
    Identity("income.current_year", _INCOME_SOURCES, complete=False),
    Identity("income.fiscal", _parts(*(f"income.{f}" for f in _FUNDS))),
    Identity("expenditure.fiscal", _parts(*(f"expenditure.{f}" for f in _FUNDS))),
    Identity("expenditure.total", _parts("expenditure.basic", "expenditure.project"), complete=False),
    Identity("expenditure.basic", _parts("expenditure.basic.personnel", "expenditure.basic.public")),
    Identity(_GP, _parts(f"{_GP}.basic", f"{_GP}.project")),
    Identity(f"{_GP}.basic", _parts(f"{_GP}.basic.personnel", f"{_GP}.basic.public")),
    Identity("procurement.total", _parts("procurement.goods", "procurement.works", "procurement.services")),
)


@rule("TXT003", family=FAMILY, severity=Severity.ERROR, title="说明中分项之和与总数不符")
def parts_add_up(ctx: CheckContext) -> Iterator[Issue]:
    """说明中与总数一起陈述的各分项，相加应等于总数。

    例如“三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；公务用车购置及
    运行费 = 购置费 + 运行费；基本支出 = 人员经费 + 公用经费；收入总计 = 本年收入 + 上年结转；
    政府采购预算 = 货物 + 工程 + 服务。只列出部分来源时（收入、支出还可能有未列的项目），各分项
    之和不能超过总数。

    例：“‘三公’经费6万元，其中因公出国（境）费0万元，公务用车购置及运行费3万元，公务接待费
    0万元”：0 + 3 + 0 = 3，与 6 矛盾，报错。
    """
    if not _text_rules_apply(ctx):
        return
    facts = money_index(ctx)
    seen: set[str] = set()
    for identity in IDENTITIES:
        for whole in facts.stating(identity.whole):
            issue = _check_identity(ctx, identity, whole, facts, "")
            if issue is not None and issue.message not in seen:
                seen.add(issue.message)
                yield issue


def _check_identity(
    ctx: CheckContext, identity: Identity, whole: Fact, facts: Facts, prefix: str
) -> Issue | None:
    """Σ stated parts against the stated whole (keys under ``prefix``: change. for changes)."""
    chosen: list[Fact] = []
    complete = identity.complete
    for alternatives in identity.parts:
        found = _part_facts(alternatives, whole.line, facts, prefix, partial=not identity.complete)
        if found is None:
            complete = False
        else:
            chosen.extend(found)
    if not chosen or (prefix and not complete):
        return None
    total = sum((f.value for f in chosen), ZERO)
    if total == whole.value or (not complete and total < whole.value):
        return None
    tolerance = sum((slack(ctx, f) for f in (whole, *chosen)), ZERO)
    terms = " + ".join(f"{name_of(f.key)} {f.value}" for f in chosen)
    relation = "" if complete else "（已列分项之和不能超过总数）"
    return Issue(
        message=(
            f"说明中的分项与总数不符{relation}：{name_of(whole.key)} {whole.value}{whole.unit}，而 {terms} = "
            f"{total}，{difference_text(total, whole.value)}。"
        ),
        locations=tuple(dict.fromkeys(ctx.fact_place(f) for f in (whole, *chosen))),
        expected=total,
        actual=whole.value,
        tolerance=tolerance,
    )


def _part_facts(
    alternatives: Part, line: int, facts: Facts, prefix: str, *, partial: bool = False
) -> list[Fact] | None:
    """The facts stating one part: the first alternative whose keys are all stated; with
    ``partial`` (a whole that may have unstated parts) the stated keys of the fullest one."""
    found = [[nearest(facts, prefix + key, line) for key in alternative] for alternative in alternatives]
    for facts_of in found:
        if all(f is not None for f in facts_of):
            return [f for f in facts_of if f is not None]
    if partial:
        stated = max(([f for f in facts_of if f is not None] for facts_of in found), key=len)
        return stated or None
    return None


# --------------------------------------------------------------------------- TXT004


@rule("TXT004", family=FAMILY, severity=Severity.ERROR, title="说明中的增减额与分项增减额或上年数不符")
def changes_add_up(ctx: CheckContext) -> Iterator[Issue]:
    """说明中总数的增减额，应等于同时陈述的各分项增减额之和；说明同时给出上年数时，本年数 −
    上年数应等于增减额；增加额不能大于本年数（否则上年数为负）。

    例：“较2023年预算减少55.4万元，其中：基本支出增加21.84万元……项目支出减少77.24万元”：
    21.84 − 77.24 = −55.40，一致。“上年人员经费支出1606.99万元，较上年增加85.57万元”，本年
    人员经费 1692.56 − 1606.99 = 85.57，一致。
    """
    if not _text_rules_apply(ctx):
        return
    facts = money_index(ctx)
    for identity in IDENTITIES:
        if not identity.complete and not _complete_spending(ctx, identity):
            continue
        for whole in facts.stating(f"change.{identity.whole}"):
            issue = _check_identity(ctx, _as_complete(identity), whole, facts, "change.")
            if issue is not None:
                yield issue
    for prior in (f for f in facts if f.key.startswith("prior.")):
        issue = _prior_plus_change(ctx, prior, facts)
        if issue is not None:
            yield issue
    for change in (f for f in facts if f.key.startswith("change.") and f.value > 0):
        issue = _negative_last_year(ctx, change, facts)
        if issue is not None:
            yield issue


def _as_complete(identity: Identity) -> Identity:
    return Identity(identity.whole, identity.parts, complete=True)


def _complete_spending(ctx: CheckContext, identity: Identity) -> bool:
    """支出 = 基本支出 + 项目支出 holds for changes where the budget has no other kind of
    spending (经营支出, 上缴上级支出 …)."""
    if identity.whole != "expenditure.total":
        return False
    spending = first_table(ctx, K.EXPENDITURE)
    row = total_row(spending) if spending is not None else None
    if row is None:
        return False
    others = [k for k in row.values if "." not in k and k not in ("total", "basic", "project")]
    return not any(row.values.get(k) for k in others)


def _prior_plus_change(ctx: CheckContext, prior: Fact, facts: Facts) -> Issue | None:
    key = prior.key.removeprefix("prior.")
    change = nearest(facts, f"change.{key}", prior.line)
    current = _current(ctx, key, prior.line, facts)
    if change is None or current is None:
        return None
    now = ctx.to_unit(current.value, current.unit, prior.unit)
    expected = now - prior.value
    if expected == change.value:
        return None
    tolerance = slack(ctx, prior) + slack(ctx, change) + ctx.to_unit(current.slack, current.unit, prior.unit)
    return Issue(
        message=(
            f"说明中的增减额与上年数不符：本年{name_of(key)} {now}{prior.unit} − 上年 {prior.value} = {expected}，"
            f"而说明增减额为 {change.value}，{difference_text(expected, change.value)}。"
        ),
        locations=tuple(dict.fromkeys((*current.places, ctx.fact_place(prior), ctx.fact_place(change)))),
        expected=expected,
        actual=change.value,
        tolerance=tolerance,
    )


def _negative_last_year(ctx: CheckContext, change: Fact, facts: Facts) -> Issue | None:
    """An increase larger than this year's amount: last year would have been negative."""
    key = change.key.removeprefix("change.")
    current = _current(ctx, key, change.line, facts)
    if current is None or nearest(facts, f"prior.{key}", change.line) is not None:
        return None
    now = ctx.to_unit(current.value, current.unit, change.unit)
    if change.value <= now:
        return None
    last = now - change.value
    return Issue(
        message=(
            f"说明中的{name_of(key)}增加额大于本年数：本年 {now}{change.unit}，增加 {change.value}{change.unit}，"
            f"则上年应为 {last}{change.unit}，不可能为负数。"
        ),
        locations=tuple(dict.fromkeys((ctx.fact_place(change), *current.places))),
        expected=now,
        actual=change.value,
        tolerance=slack(ctx, change) + ctx.to_unit(current.slack, current.unit, change.unit),
    )


def _current(ctx: CheckContext, key: str, line: int, facts: Facts) -> Figure | None:
    """This year's amount of a key: as stated nearby, else as printed in the tables."""
    stated = nearest(facts, key, line)
    return fact_figure(ctx, stated) if stated is not None else table_figure(ctx, key)


# --------------------------------------------------------------------------- TXT005


@dataclass(frozen=True)
class Range:
    low: Decimal
    high: Decimal

    def contains(self, value: Decimal, slack: Decimal) -> bool:
        return self.low - slack <= value <= self.high + slack


def _percent_range(part: Decimal, part_slack: Decimal, whole: Decimal, whole_slack: Decimal) -> Range | None:
    """part ÷ whole × 100 over the rounding of both figures; ``None`` when the whole may be 0."""
    if abs(whole) <= whole_slack:
        return None
    corners = [
        (p / w) * HUNDRED
        for p in (part - part_slack, part + part_slack)
        for w in (whole - whole_slack, whole + whole_slack)
    ]
    return Range(min(corners), max(corners))


def _half_unit(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)


@rule("TXT005", family=FAMILY, severity=Severity.ERROR, title="说明中的增减百分比与增减额不符")
def change_percentages(ctx: CheckContext) -> Iterator[Issue]:
    """说明中的增减百分比应等于增减额 ÷ 上年数（上年数 = 本年数 − 增减额，或说明陈述的上年数），
    在各数字四舍五入的范围内；“增长”“下降”也应与增减额的方向一致。

    例：“比2023年减少0.90万元，下降21.95%”，本年 3.20，上年 = 3.20 + 0.90 = 4.10，
    0.90 ÷ 4.10 = 21.95%，一致；若写“下降28.13%”（0.90 ÷ 3.20，误以本年数为分母）则报错。
    """
    if not _text_rules_apply(ctx):
        return
    facts = rate_index(ctx)
    for pct in (f for f in facts if f.key.startswith("change_pct.")):
        issue = _check_percentage(ctx, pct, facts)
        if issue is not None:
            yield issue


def _check_percentage(ctx: CheckContext, pct: Fact, facts: Facts) -> Issue | None:
    key = pct.key.removeprefix("change_pct.")
    change = nearest(facts, f"change.{key}", pct.line)
    prior = nearest(facts, f"prior.{key}", pct.line)
    current = _current(ctx, key, pct.line, facts)
    if current is None or (change is None and prior is None):
        return None
    unit = change.unit if change is not None else prior.unit if prior is not None else current.unit
    now = ctx.to_unit(current.value, current.unit, unit)
    now_slack = ctx.to_unit(current.slack, current.unit, unit)
    if prior is not None:
        last, last_slack = prior.value, slack(ctx, prior)
    if change is not None:
        amount, amount_slack = change.value, slack(ctx, change)
        if prior is None:
            last, last_slack = now - amount, now_slack + amount_slack
        how = f"增减额 {amount}{unit}"
    else:
        # Only this year's and last year's figures are stated (Shanghai items): the change is theirs.
        amount, amount_slack = now - last, now_slack + last_slack
        how = f"本年 {now}{unit} − 上年 {last}{unit} = {amount}{unit}"
    expected = _percent_range(amount, amount_slack, last, last_slack)
    if expected is None or expected.contains(pct.value, _half_unit(pct.value)):
        return None
    computed = (amount / last * HUNDRED).quantize(Decimal("0.01"))
    stated = [f for f in (change, prior) if f is not None]
    places = (ctx.fact_place(pct), *(ctx.fact_place(f) for f in stated), *current.places)
    return Issue(
        message=(
            f"说明中的{name_of(key)}增减幅度与增减额不符：{how}，÷ 上年 {last} = {computed}%，而说明为 "
            f"{pct.value}%，{difference_text(computed, pct.value)} 个百分点。"
        ),
        locations=tuple(dict.fromkeys(places)),
        expected=computed,
        actual=pct.value,
    )


# --------------------------------------------------------------------------- TXT006


@rule("TXT006", family=FAMILY, severity=Severity.ERROR, title="说明中的占比与金额不符")
def share_percentages(ctx: CheckContext) -> Iterator[Issue]:
    """说明中“占…%”的比例应等于该项金额 ÷ 其所属总数，在四舍五入范围内。

    总数是该项的上一级：基本支出占支出合计，一般公共预算基本支出占一般公共预算支出，人员经费
    占基本支出。金额取同一处陈述的数字，没有时取表格数字。

    例：“支出合计6465.30万元，其中：基本支出3323.60万元，占51.41%”：3323.60 ÷ 6465.30 =
    51.41%，一致。
    """
    if not _text_rules_apply(ctx):
        return
    facts = rate_index(ctx)
    for share in (f for f in facts if f.key.startswith("share_pct.")):
        issue = _check_share(ctx, share, facts)
        if issue is not None:
            yield issue


def _parent(key: str) -> str:
    parent = key.rsplit(".", 1)[0]
    return (
        "expenditure.total" if parent == "expenditure" else "income.total" if parent == "income" else parent
    )


def _check_share(ctx: CheckContext, share: Fact, facts: Facts) -> Issue | None:
    key = share.key.removeprefix("share_pct.")
    part = _current(ctx, key, share.line, facts)
    whole = _current(ctx, _parent(key), share.line, facts)
    if part is None or whole is None or "." not in key:
        return None
    whole_value = ctx.to_unit(whole.value, whole.unit, part.unit)
    whole_slack = ctx.to_unit(whole.slack, whole.unit, part.unit)
    expected = _percent_range(part.value, part.slack, whole_value, whole_slack)
    if expected is None or expected.contains(share.value, _half_unit(share.value)):
        return None
    computed = (part.value / whole_value * HUNDRED).quantize(Decimal("0.01"))
    return Issue(
        message=(
            f"说明中的{name_of(key)}占比与金额不符：{part.value} ÷ {name_of(_parent(key))} {whole_value} = "
            f"{computed}%，而说明为 {share.value}%，{difference_text(computed, share.value)} 个百分点。"
        ),
        locations=tuple(dict.fromkeys((ctx.fact_place(share), *part.places, *whole.places))),
        expected=computed,
        actual=share.value,
    )
