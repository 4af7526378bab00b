"""Building blocks of derived tables: rows with source lines, cells as printed, the parts that are
not code trees (goal tables, procurement, organisation), and the 空表列示 notes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.compose.model import ZERO, ProcurementInput, ProjectInput, Source
from yusuan.extract.codes import level_of, scheme_of
from yusuan.extract.projects import parse_indicator_value
from yusuan.model import (
    Column,
    Indicator,
    OrgUnit,
    ProcurementItem,
    Project,
    RawRow,
    Row,
    Table,
    TableKind,
)

_CENT = Decimal("0.01")
_SCHEDULE_LABELS = ("3月底", "6月底", "10月底", "12月底")

# (code, name, {column key: amount or None}, section, attrs) of one row to build.
RowSpec = tuple[str | None, str, Mapping[str, Decimal | None], str | None, Mapping[str, str]]

EMPTY_NOTES = {
    TableKind.FISCAL_SUMMARY: "注：无财政拨款收支预算，空表列示。",
    TableKind.GENERAL_PUBLIC: "注：无一般公共预算财政拨款预算，空表列示。",
    TableKind.GENERAL_PUBLIC_BASIC: "注：无一般公共预算财政拨款基本支出预算，空表列示。",
    TableKind.ASSETS: "注：无固定资产，空表列示。",
    TableKind.GOV_FUND: "注：无政府性基金预算财政拨款预算，空表列示。",
    TableKind.STATE_CAPITAL: "注：无国有资本经营预算财政拨款预算，空表列示。",
    TableKind.THREE_PUBLIC: "注：无财政拨款“三公”经费支出表预算，空表列示。",
    TableKind.PROCUREMENT: "注：本年度无政府采购预算，空表列示。",
}
PROCUREMENT_NOTE = "注：同一采购目录序号的物品，其单价会因配置规格不同而变动，均符合资产配置标准。涉密采购事项按照相关规定执行。"


def spec(
    code: str | None,
    name: str,
    values: Mapping[str, Decimal | None],
    section: str | None = None,
    attrs: Mapping[str, str] | None = None,
) -> RowSpec:
    return (code, name, values, section, attrs or {})


def cell(amount: Decimal | None) -> Decimal | None:
    """A table cell: empty for zero, two decimals otherwise (as the tables print it)."""
    if amount is None or amount == 0:
        return None
    return amount.quantize(_CENT)


def total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


@dataclass
class Lines:
    """Hands out increasing source line numbers, in document order."""

    line: int = 0

    def next(self) -> int:
        self.line += 1
        return self.line


@dataclass
class TableBuilder:
    """Builds tables whose rows carry increasing source lines."""

    lines: Lines
    year: int
    unit: str
    tables: list[Table] = field(default_factory=list)

    def table(
        self,
        kind: TableKind,
        title: str,
        columns: Sequence[tuple[str, str]],
        rows: Sequence[RowSpec],
        *,
        notes: Sequence[str] = (),
        quantities: frozenset[str] = frozenset(),
        raw: Sequence[Sequence[str]] = (),
        empty: bool | None = None,
    ) -> Table:
        start = self.lines.next()
        keys = [k for k, _ in columns]
        built: list[Row] = []
        for code, name, values, section, attrs in rows:
            scheme = scheme_of(code) if code is not None else None
            level = level_of(code, scheme) if code is not None and scheme is not None else None
            cells = {
                k: (_quantity(values[k]) if k in quantities else cell(values[k])) for k in keys if k in values
            }
            built.append(
                Row(
                    code=code,
                    name=name,
                    level=level,
                    values=cells,
                    line=self.lines.next(),
                    scheme=scheme,
                    section=section,
                    attrs=dict(attrs),
                )
            )
        raw_rows = tuple(RawRow(tuple(cells), self.lines.next()) for cells in raw)
        if empty is None:
            empty = not any(v is not None for r in built for v in r.values.values())
        if empty and not notes and kind in EMPTY_NOTES:
            notes = (EMPTY_NOTES[kind],)
        note_lines = tuple(self.lines.next() for _ in notes)
        table = Table(
            kind=kind,
            title=title,
            columns=tuple(Column(k, label) for k, label in columns),
            rows=tuple(built),
            notes=tuple(notes),
            empty=empty,
            line=start,
            unit=self.unit if columns else None,
            year=self.year,
            raw=raw_rows,
            note_lines=note_lines,
        )
        self.tables.append(table)
        return table


def _quantity(value: Decimal | None) -> Decimal | None:
    return None if value is None or value == 0 else value


def project_model(project: ProjectInput, line: int, indicator_lines: Sequence[int]) -> Project:
    indicators = []
    for ind, at in zip(project.indicators, indicator_lines, strict=True):
        comparator, number, unit = parse_indicator_value(ind.value)
        indicators.append(
            Indicator(
                level1=ind.level1,
                level2=ind.level2,
                level3=ind.level3,
                description=ind.description,
                value=ind.value,
                comparator=comparator,
                number=number,
                value_unit=unit,
                basis=ind.basis,
                line=at,
            )
        )
    return Project(
        code=project.code or None,
        name=project.name,
        amount=project.amount.quantize(_CENT),
        funding={"财政资金": cell(project.fiscal), "其他资金": cell(project.other)},
        schedule=dict(zip(_SCHEDULE_LABELS, project.schedule, strict=True)),
        goal=project.goal,
        indicators=tuple(indicators),
        line=line,
        category=project.category or None,
        description=project.description,
    )


def goal_table_cells(project: ProjectInput) -> list[list[str]]:
    """The printed cells of a project goal table (the Hebei layout), for renderers and reading."""
    amount = f"{project.amount.quantize(_CENT)}"
    rows: list[list[str]] = [
        ["项目编码", project.code, "项目名称", project.name],
        [
            "预算规模及资金用途",
            "预算数",
            amount,
            "其中：财政资金",
            f"{cell(project.fiscal) or ''}",
            "其他资金",
            f"{cell(project.other) or ''}",
        ],
        ["", project.description],
        ["资金支出计划（%）", *_SCHEDULE_LABELS],
        ["", *(f"{p.normalize():f}%" for p in project.schedule)],
        ["绩效目标", project.goal],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
    ]
    previous = ""
    for ind in project.indicators:
        rows.append(
            [
                ind.level1 if ind.level1 != previous else "",
                ind.level2,
                ind.level3,
                ind.description,
                ind.value,
                ind.basis,
            ]
        )
        previous = ind.level1
    return rows


PROCUREMENT_COLUMNS = (
    ("project_budget", "政府采购项目来源/预算资金"),
    ("quantity", "数量"),
    ("unit_price", "单价"),
    ("amount", "政府采购金额（当年部门预算安排资金）/合计"),
    ("amount.general_public", "政府采购金额（当年部门预算安排资金）/一般公共预算拨款"),
    ("amount.gov_fund", "政府采购金额（当年部门预算安排资金）/基金预算拨款"),
    ("amount.state_capital", "政府采购金额（当年部门预算安排资金）/国有资本经营预算拨款"),
    ("amount.special_account", "政府采购金额（当年部门预算安排资金）/财政专户核拨"),
    ("amount.unit_funds", "政府采购金额（当年部门预算安排资金）/单位资金"),
    ("amount.carryover", "政府采购金额（当年部门预算安排资金）/上年结转结余"),
    ("sme_reserved", "预留中小微企业份额"),
)


def _procurement_source_key(source: Source) -> str:
    if source.is_carryover:
        return "amount.carryover"
    if source.fiscal_fund is not None:
        return f"amount.{source.fiscal_fund}"
    if source is Source.SPECIAL_ACCOUNT:
        return "amount.special_account"
    return "amount.unit_funds"


def procurement_values(items: Sequence[ProcurementInput]) -> dict[str, Decimal | None]:
    values: dict[str, Decimal | None] = {
        "project_budget": None,
        "quantity": None,
        "unit_price": None,
        "amount": total(i.amount for i in items),
    }
    for key, _ in PROCUREMENT_COLUMNS[4:-1]:
        values[key] = total(i.amount for i in items if _procurement_source_key(i.source) == key)
    values["sme_reserved"] = total(i.sme_reserved for i in items)
    return values


def procurement_rows(items: Sequence[ProcurementInput], default_unit: str) -> list[RowSpec]:
    if not items:
        return []
    rows = [spec(None, "合计", procurement_values(items))]
    units: dict[str, list[ProcurementInput]] = {}
    for item in items:
        units.setdefault(item.unit or default_unit, []).append(item)
    for unit, of_unit in units.items():
        rows.append(spec(None, f"{unit}小计", procurement_values(of_unit)))
        for item in of_unit:
            values = procurement_values([item])
            values.update(
                project_budget=item.project_budget,
                quantity=item.quantity,
                unit_price=item.unit_price,
            )
            rows.append(
                spec(
                    item.catalogue_code,
                    item.project,
                    values,
                    attrs={"采购物品名称": item.item, "计量单位": item.measure},
                )
            )
    return rows


def procurement_item(row: Row) -> ProcurementItem:
    return ProcurementItem(
        project=row.name,
        item=row.attrs.get("采购物品名称", ""),
        catalogue_code=row.code,
        measure=row.attrs.get("计量单位"),
        quantity=row.values.get("quantity"),
        unit_price=row.values.get("unit_price"),
        amount=row.values.get("amount"),
        line=row.line,
        project_budget=row.values.get("project_budget"),
        values=dict(row.values),
    )


def org_unit(row: Row) -> OrgUnit:
    return OrgUnit(
        name=row.name,
        nature=row.attrs.get("单位性质") or None,
        rank=row.attrs.get("单位规格") or None,
        funding_form=row.attrs.get("经费保障形式") or None,
        line=row.line,
    )
