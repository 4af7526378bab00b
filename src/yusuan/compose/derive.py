"""``derive``: a :class:`~yusuan.compose.model.BudgetInput` → the whole :class:`~yusuan.model.Disclosure`.

Everything derivable is derived here, once: totals, 类/款 subtotals from the 项 lines, the
Hebei-style standard table set (with the column keys and row shapes the parser produces for
that layout, so ``parse(render(derive(x)))`` gives the same tables), projects with their goal
tables, procurement and assets, and the explanatory text (:mod:`yusuan.compose.phrasing`). The
text's facts are read back from the written paragraphs with the parser's own fact extractor, so
the facts are exactly what a reader of the text finds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from yusuan.compose.figures import Figures, figures
from yusuan.compose.model import ZERO, BudgetInput, EconomicLine, ExpenditureLine, Source
from yusuan.compose.names import CodeNames, code_names
from yusuan.compose.phrasing import Writer, write_text
from yusuan.compose.tables import EMPTY_NOTES, Lines, RowSpec, TableBuilder, spec, total
from yusuan.errors import YusuanError
from yusuan.extract.facts import extract_facts
from yusuan.model import Disclosure, DocumentKind, TableKind

__all__ = ["SUMMARY_CLASS_CODES", "ComposeError", "derive"]

_CENT = Decimal("0.01")


class ComposeError(YusuanError):
    """The input cannot be turned into a disclosure (e.g. a code with no known name)."""


# 类 code -> the line printed in the Hebei summary tables, in printed order.
SUMMARY_CLASSES: tuple[tuple[str | None, str], ...] = (
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
SUMMARY_CLASS_CODES = frozenset(code for code, _ in SUMMARY_CLASSES if code)

# ------------------------------------------------------------------------------------ derive


def derive(budget: BudgetInput, *, source: str | None = None) -> Disclosure:
    """The whole disclosure of ``budget``: standard tables, goal tables, procurement, assets, text.

    Raises :class:`ComposeError` when a code has no name (neither entered nor in the reference
    data for the budget year). Inconsistent figures are not refused here: the rules
    (``yusuan.rules.check``) report them on the result.
    """
    info = budget.unit
    _require_valid(budget)
    names = code_names(info.year).with_names(budget.code_names)
    _require_names(budget, names)
    fig = figures(budget)
    lines = Lines()
    builder = TableBuilder(lines, info.year, info.unit)
    _standard_tables(builder, budget, fig, names)

    writer = Writer(lines, builder)
    write_text(writer, budget, fig)
    paragraphs = tuple(writer.paragraphs)
    tables = tuple(builder.tables)
    return Disclosure(
        source=source or f"{info.name}{info.year}年{info.scope.value}预算",
        department=info.name,
        unit_code=info.code or None,
        year=info.year,
        scope=info.scope,
        kind=DocumentKind.BUDGET,
        unit=info.unit,
        organization=writer.organization,
        tables=tables,
        facts=extract_facts(paragraphs, tables),
        projects=writer.projects,
        procurement=writer.procurement,
        assets=writer.assets,
        paragraphs=paragraphs,
        layout="cell-per-line",
    )


_FUNCTION_ITEM = re.compile(r"^2\d{6}$")
_ECONOMIC_ITEM = re.compile(r"^3\d{4}$")


def _require_valid(budget: BudgetInput) -> None:
    """Codes of the right level and amounts that can be printed (the template reader checks the
    same cell by cell; this guards the JSON and Python inputs)."""
    for line in budget.lines:
        if not _FUNCTION_ITEM.match(line.code):
            raise ComposeError(
                f"支出明细的功能分类科目“{line.code}”不是 7 位“项”级编码（如 2101501）：请改正"
            )
    for econ in budget.economic:
        if not _ECONOMIC_ITEM.match(econ.code):
            raise ComposeError(f"经济分类科目“{econ.code}”不是 5 位“款”级编码（如 30101）：请改正")
    tp = budget.three_public
    amounts: list[tuple[str, Decimal]] = [
        *(
            (f"科目 {li.code}（{li.source.value}）", v)
            for li in budget.lines
            for v in (li.personnel, li.public, li.project)
        ),
        *((f"经济分类科目 {e.code}", e.amount) for e in budget.economic),
        *((f"项目“{p.name}”", v) for p in budget.projects for v in (p.fiscal, p.other)),
        *(("“三公”经费", v) for v in (tp.overseas, tp.vehicle_purchase, tp.vehicle_operation, tp.reception)),
    ]
    for where, value in amounts:
        if not value.is_finite() or value < 0 or value != value.quantize(_CENT):
            raise ComposeError(f"{where}的金额 {value} 不是不小于 0、最多两位小数的数：请改正")


def _require_names(budget: BudgetInput, names: CodeNames) -> None:
    for line in budget.lines:
        for code in (line.code[:3], line.code[:5]):
            if names.function(code) is None:
                raise ComposeError(
                    f"功能分类科目 {code}（{line.code} 的上级科目）在 {budget.unit.year} 年科目表中没有名称："
                    "请检查编码，或用 yusuan codes import 导入该年度的科目表"
                )
        if line.name is None and names.function(line.code) is None:
            raise ComposeError(
                f"功能分类科目 {line.code} 在 {budget.unit.year} 年科目表中没有名称：请填写科目名称或检查编码"
            )
    for econ in budget.economic:
        if names.economic(econ.code[:3]) is None or (econ.name is None and names.economic(econ.code) is None):
            raise ComposeError(
                f"经济分类科目 {econ.code} 在 {budget.unit.year} 年科目表中没有名称：请填写科目名称或检查编码"
            )


def _line_name(line: ExpenditureLine, names: CodeNames) -> str:
    return line.name or names.function(line.code) or line.code


def title_prefix(budget: BudgetInput) -> str:
    return f"{budget.unit.scope.value}预算"


def _standard_tables(builder: TableBuilder, budget: BudgetInput, fig: Figures, names: CodeNames) -> None:
    title = title_prefix(budget)
    by_class: dict[str, Decimal] = {}
    for line in budget.lines:
        by_class[line.code[:3]] = by_class.get(line.code[:3], ZERO) + line.total

    # -- 收支总表 ---------------------------------------------------------------------------
    income_rows = [
        spec(None, "一、一般公共预算拨款收入", {"income": fig.of(Source.GENERAL_PUBLIC)}, "income"),
        spec(None, "二、政府性基金预算拨款收入", {"income": fig.of(Source.GOV_FUND)}, "income"),
        spec(None, "三、国有资本经营预算拨款收入", {"income": fig.of(Source.STATE_CAPITAL)}, "income"),
        spec(None, "四、财政专户管理资金收入", {"income": fig.of(Source.SPECIAL_ACCOUNT)}, "income"),
        spec(None, "五、单位资金", {"income": fig.unit_funds}, "income"),
        spec(None, "本年收入合计", {"income": fig.current}, "income"),
        spec(None, "上年结转结余", {"income": fig.carryover}, "income"),
        spec(None, "收入总计", {"income": fig.total}, "income"),
    ]
    expenditure_rows = [
        spec(None, label, {"expenditure": by_class.get(code, ZERO) if code else ZERO}, "expenditure")
        for code, label in SUMMARY_CLASSES
    ]
    expenditure_rows += [
        spec(None, "本年支出合计", {"expenditure": fig.total}, "expenditure"),
        spec(None, "年终结转结余", {"expenditure": ZERO}, "expenditure"),
        spec(None, "支出总计", {"expenditure": fig.total}, "expenditure"),
    ]
    builder.table(
        TableKind.SUMMARY,
        f"{title}收支总表",
        (("income", "收入/项目/预算数"), ("expenditure", "支出/项目/预算数")),
        income_rows + expenditure_rows,
    )

    # -- 收入总表 ---------------------------------------------------------------------------
    def income_values(ls: Sequence[ExpenditureLine]) -> dict[str, Decimal | None]:
        def of(*sources: Source) -> Decimal:
            return total(x.total for x in ls if x.source in sources)

        carry = total(x.total for x in ls if x.source.is_carryover)
        whole = total(x.total for x in ls)
        return {
            "total": whole,
            "current_year": whole - carry,
            "current_year.fiscal": of(Source.GENERAL_PUBLIC, Source.GOV_FUND, Source.STATE_CAPITAL),
            "current_year.special_account": of(Source.SPECIAL_ACCOUNT),
            "current_year.business_income": of(Source.BUSINESS),
            "current_year.operating_income": of(Source.OPERATING),
            "current_year.superior_subsidy": of(Source.SUPERIOR_SUBSIDY),
            "current_year.subsidiary_remit": of(Source.AFFILIATED),
            "current_year.other_income": of(Source.OTHER),
            "carryover": carry,
        }

    builder.table(
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
        function_tree(budget.lines, income_values, names),
    )

    # -- 支出总表 ---------------------------------------------------------------------------
    def expenditure_values(ls: Sequence[ExpenditureLine]) -> dict[str, Decimal | None]:
        return {
            "total": total(x.total for x in ls),
            "basic": total(x.basic for x in ls),
            "project": total(x.project for x in ls),
            "operating_expenditure": None,
            "remit_superior": None,
            "subsidiary_subsidy": None,
        }

    builder.table(
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
        function_tree(budget.lines, expenditure_values, names),
    )

    # -- 财政拨款收支总表 --------------------------------------------------------------------
    funds = ("general_public", "gov_fund", "state_capital")
    fiscal_lines = [li for li in budget.lines if li.source.fiscal_fund is not None]
    fiscal_current = total(fig.fiscal(f, carryover=False) for f in funds)
    fiscal_carry = total(fig.fiscal(f, carryover=True) for f in funds)
    fs_income = [
        spec(
            None, "一、一般公共预算拨款", {"income": fig.fiscal("general_public", carryover=False)}, "income"
        ),
        spec(None, "二、政府性基金预算拨款", {"income": fig.fiscal("gov_fund", carryover=False)}, "income"),
        spec(
            None,
            "三、国有资本经营预算拨款",
            {"income": fig.fiscal("state_capital", carryover=False)},
            "income",
        ),
        spec(None, "本年收入合计", {"income": fiscal_current}, "income"),
        spec(None, "年初财政拨款结转和结余", {"income": fiscal_carry}, "income"),
        spec(
            None, "一、一般公共预算拨款", {"income": fig.fiscal("general_public", carryover=True)}, "income"
        ),
        spec(None, "二、政府性基金预算拨款", {"income": fig.fiscal("gov_fund", carryover=True)}, "income"),
        spec(
            None,
            "三、国有资本经营预算拨款",
            {"income": fig.fiscal("state_capital", carryover=True)},
            "income",
        ),
        spec(None, "收入总计", {"income": fiscal_current + fiscal_carry}, "income"),
    ]

    def fs(ls: Sequence[ExpenditureLine]) -> dict[str, Decimal | None]:
        values: dict[str, Decimal | None] = {"expenditure.total": total(x.total for x in ls)}
        for fund in funds:
            values[f"expenditure.{fund}"] = total(x.total for x in ls if x.source.fiscal_fund == fund)
        return values

    fs_expenditure = [
        spec(
            None,
            label,
            fs([li for li in fiscal_lines if li.code[:3] == code] if code else []),
            "expenditure",
        )
        for code, label in SUMMARY_CLASSES
    ]
    fs_expenditure += [
        spec(None, "本年支出合计", fs(fiscal_lines), "expenditure"),
        spec(None, "年末财政拨款结转和结余", fs([]), "expenditure"),
        spec(None, "支出总计", fs(fiscal_lines), "expenditure"),
    ]
    builder.table(
        TableKind.FISCAL_SUMMARY,
        f"{title}财政拨款收支总表",
        (
            ("income", "收入/项目/金额"),
            ("expenditure.total", "支出/项目/合计"),
            ("expenditure.general_public", "支出/项目/一般公共预算财政拨款"),
            ("expenditure.gov_fund", "支出/项目/政府性基金预算财政拨款"),
            ("expenditure.state_capital", "支出/项目/国有资本经营预算财政拨款"),
        ),
        fs_income + fs_expenditure,
    )

    # -- 一般公共预算财政拨款支出表, 基本支出表, 政府性基金, 国有资本经营 ---------------------
    def fund_values(ls: Sequence[ExpenditureLine]) -> dict[str, Decimal | None]:
        return {
            "total": total(x.total for x in ls),
            "basic": total(x.basic for x in ls),
            "project": total(x.project for x in ls),
        }

    three_columns = (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"))

    def fund_table(kind: TableKind, fund: str, label: str) -> None:
        of_fund = [li for li in budget.lines if li.source.fiscal_fund == fund]
        note = EMPTY_NOTES.get(kind)
        builder.table(
            kind,
            f"{title}{label}",
            three_columns,
            function_tree(of_fund, fund_values, names) if of_fund else [],
            notes=(note,) if note and not of_fund else (),
        )

    fund_table(TableKind.GENERAL_PUBLIC, "general_public", "一般公共预算财政拨款支出表")
    builder.table(
        TableKind.GENERAL_PUBLIC_BASIC,
        f"{title}一般公共预算财政拨款基本支出表",
        (
            ("total", "一般公共预算基本支出/合计"),
            ("personnel", "一般公共预算基本支出/人员经费"),
            ("public", "一般公共预算基本支出/公用经费"),
        ),
        economic_rows(budget.economic, names),
    )
    fund_table(TableKind.GOV_FUND, "gov_fund", "政府性基金预算财政拨款支出表")
    fund_table(TableKind.STATE_CAPITAL, "state_capital", "国有资本经营预算财政拨款支出表")

    # -- “三公”经费 -------------------------------------------------------------------------
    tp = budget.three_public

    def tp_values(v: Decimal) -> dict[str, Decimal | None]:
        return {"total": v, "general_public": v, "gov_fund": None, "state_capital": None}

    tp_rows = [
        spec(None, "合计", tp_values(tp.total)),
        spec(None, "因公出国（境）费", tp_values(tp.overseas)),
        spec(None, "公务用车购置及运行维护费", tp_values(tp.vehicle)),
        spec(None, "其中：公务用车购置费", tp_values(tp.vehicle_purchase)),
        spec(None, "公务用车运行维护费", tp_values(tp.vehicle_operation)),
        spec(None, "公务接待费", tp_values(tp.reception)),
    ]
    builder.table(
        TableKind.THREE_PUBLIC,
        f"{title}财政拨款“三公”经费支出表",
        (
            ("total", "资金性质/合计"),
            ("general_public", "资金性质/一般公共预算财政拨款"),
            ("gov_fund", "资金性质/政府性基金预算拨款"),
            ("state_capital", "资金性质/国有资本经营预算财政拨款"),
        ),
        tp_rows if tp.total else [],
        notes=() if tp.total else (EMPTY_NOTES[TableKind.THREE_PUBLIC],),
    )


def function_tree(
    lines: Sequence[ExpenditureLine],
    values: Callable[[Sequence[ExpenditureLine]], Mapping[str, Decimal | None]],
    names: CodeNames,
) -> list[RowSpec]:
    """合计, then each 类, its 款 and their 项 (lines of one code with several sources merged)."""
    rows = [spec(None, "合计", values(lines))]
    for cls in sorted({li.code[:3] for li in lines}):
        in_class = [li for li in lines if li.code[:3] == cls]
        rows.append(spec(cls, names.function(cls) or cls, values(in_class)))
        for kuan in sorted({li.code[:5] for li in in_class}):
            in_kuan = [li for li in in_class if li.code[:5] == kuan]
            rows.append(spec(kuan, names.function(kuan) or kuan, values(in_kuan)))
            for code in sorted({li.code for li in in_kuan}):
                of_code = [li for li in in_kuan if li.code == code]
                rows.append(spec(code, _line_name(of_code[0], names), values(of_code)))
    return rows


def economic_rows(economic: Sequence[EconomicLine], names: CodeNames) -> list[RowSpec]:
    """合计, then each 经济分类 类 and its 款, split into 人员经费 / 公用经费."""

    def values(ls: Sequence[EconomicLine]) -> dict[str, Decimal | None]:
        return {
            "total": total(e.amount for e in ls),
            "personnel": total(e.amount for e in ls if e.personnel),
            "public": total(e.amount for e in ls if not e.personnel),
        }

    if not economic:
        return []
    rows = [spec(None, "合计", values(economic))]
    for head in sorted({e.code[:3] for e in economic}):
        in_head = [e for e in economic if e.code[:3] == head]
        rows.append(spec(head, names.economic(head) or head, values(in_head)))
        merged: dict[str, list[EconomicLine]] = {}
        for e in in_head:
            merged.setdefault(e.code, []).append(e)
        for code in sorted(merged):
            of_code = merged[code]
            rows.append(spec(code, of_code[0].name or names.economic(code) or code, values(of_code)))
    return rows
