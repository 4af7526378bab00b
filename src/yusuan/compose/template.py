"""The Excel template a finance clerk fills in (``yusuan template -o 模板.xlsx``).

One sheet per block of :class:`~yusuan.compose.model.BudgetInput`, a 说明 sheet in Chinese, and a
hidden 代码表 sheet holding the long dropdown lists (function and economic codes with their names
from the reference data for the budget year, sources, …). Header cells of required columns are
marked with ``*`` and coloured; amount cells carry decimal validation (≥ 0), code and choice cells
a dropdown list. :func:`write_template` can pre-fill a budget (``--example``);
:mod:`yusuan.compose.reader` reads a filled template back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from yusuan.compose.model import BudgetInput, Source
from yusuan.compose.names import code_names
from yusuan.model import Scope

# openpyxl has no type information: its objects are Any here.
Workbook = Any
Worksheet = Any

__all__ = ["SHEETS", "template_bytes", "write_template"]


@dataclass(frozen=True)
class Col:
    header: str
    required: bool = False
    kind: str = "text"  # text / money / number / percent / list:<name> / int
    width: int = 14
    note: str = ""


# Sheet names (the reader recognises a template by them).
INFO = "单位信息"
ORG = "机构设置"
INCOME = "收入"
LINES = "支出明细"
ECONOMIC = "基本支出经济分类"
THREE = "三公经费"
PROJECTS = "项目"
INDICATORS = "绩效指标"
PROCUREMENT = "政府采购"
ASSETS = "资产"
PRIOR = "上年数与变动原因"
NAMES = "补充科目名称"
LISTS = "代码表"
GUIDE = "说明"

SHEETS = (
    GUIDE,
    INFO,
    ORG,
    INCOME,
    LINES,
    ECONOMIC,
    THREE,
    PROJECTS,
    INDICATORS,
    PROCUREMENT,
    ASSETS,
    PRIOR,
    NAMES,
)

# Key/value sheets: (label, required, kind, explanation).
INFO_ROWS: tuple[tuple[str, bool, str, str], ...] = (
    ("单位名称", True, "text", "公开主体的全称，如“某某市医疗保障局”或“某某市医疗保障局（本级）”"),
    ("单位编码", False, "text", "预算单位编码，如 450001"),
    ("预算年度", True, "int", "四位数年度，如 2025"),
    ("公开范围", True, "list:scopes", "部门：部门预算（含所属单位）；单位：单位预算"),
    ("金额单位", True, "list:units", "表格和说明使用的金额单位，通常为万元"),
    ("单位职责", False, "text", "每段职责一行（单元格内换行：Alt+Enter）；不填则写一句概括"),
    ("机关运行经费", False, "money", "不填则等于一般公共预算基本支出中的公用经费合计"),
    ("其他需要说明的事项", False, "text", "不填则写“无其他需要说明的事项”"),
)
PRIOR_ROWS: tuple[tuple[str, bool, str, str], ...] = (
    ("上年人员经费", False, "money", "上年预算的人员经费；三项都不填则不写“比上年增减情况”"),
    ("上年公用经费", False, "money", "上年预算的日常公用经费"),
    ("上年项目支出", False, "money", "上年预算的项目支出"),
    ("上年机关运行经费", False, "money", "不填则不说明机关运行经费的增减"),
    ("基本支出变动原因", False, "text", "一句话，不加句号，如“人员调整及工资标准调整”"),
    ("项目支出变动原因", False, "text", "一句话，不加句号"),
    ("“三公”经费变动原因", False, "text", "一句话，不加句号；“三公”经费有增减时必须填写"),
    ("机关运行经费变动原因", False, "text", "一句话，不加句号"),
)
THREE_ROWS = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")
ASSET_ROWS = (
    ("房屋（平方米）", "数量填面积（平方米）"),
    ("其中：办公用房（平方米）", "房屋中的办公用房"),
    ("车辆（台、辆）", ""),
    ("单价在20万元以上的设备", ""),
    ("其他固定资产", ""),
    ("本年度拟购置固定资产总额", "只填价值"),
)

TABLE_SHEETS: dict[str, tuple[Col, ...]] = {
    ORG: (
        Col("单位名称", True, width=36),
        Col("单位性质", True, "list:natures", 10),
        Col("单位规格", width=12),
        Col("经费保障形式", width=20),
    ),
    LINES: (
        Col("功能分类科目", True, "list:functions", 40, "从下拉列表选择“项”级科目（7位编码）"),
        Col("科目名称", width=24, note="科目表中没有该编码时填写"),
        Col("资金来源", True, "list:sources", 30),
        Col("人员经费", kind="money"),
        Col("公用经费", kind="money"),
        Col("项目支出", kind="money"),
    ),
    ECONOMIC: (
        Col("经济分类科目", True, "list:economics", 36, "部门预算支出经济分类“款”级科目（5位编码）"),
        Col("科目名称", width=20, note="科目表中没有该编码时填写"),
        Col("经费类型", True, "list:kinds", 12),
        Col("金额", True, "money"),
    ),
    PROJECTS: (
        Col("项目编码", width=24),
        Col("项目名称", True, width=30),
        Col("项目类别", kind="list:categories", width=14),
        Col("财政资金", True, "money"),
        Col("其他资金", kind="money"),
        Col("预算规模及资金用途", width=30),
        Col("绩效目标", True, width=36),
        Col("3月底累计支出（%）", True, "percent", 10),
        Col("6月底累计支出（%）", True, "percent", 10),
        Col("10月底累计支出（%）", True, "percent", 10),
        Col("12月底累计支出（%）", True, "percent", 10),
    ),
    INDICATORS: (
        Col("项目名称", True, "list:projects", 30, "从下拉列表选择“项目”工作表中的项目"),
        Col("一级指标", True, "list:level1", 12),
        Col("二级指标", True, width=16),
        Col("三级指标", True, width=20),
        Col("绩效指标描述", width=24),
        Col("指标值", True, width=14, note="如 ≥95%、≤28.65万元、及时"),
        Col("指标值确定依据", width=16),
    ),
    PROCUREMENT: (
        Col("所属单位", width=24, note="部门预算中所属单位名称；不填为本单位"),
        Col("项目名称", True, "list:projects", 30, "从下拉列表选择“项目”工作表中的项目，或填写其他项目名称"),
        Col("项目预算", kind="money"),
        Col("采购物品名称", True, width=20),
        Col("政府采购目录序号", True, width=14, note="A 开头为货物，B 为工程，C 为服务"),
        Col("计量单位", True, width=8),
        Col("数量", True, "number", 8),
        Col("单价", True, "number", 10),
        Col("资金来源", kind="list:sources", width=30),
        Col("预留中小微企业份额", kind="money"),
    ),
    NAMES: (
        Col("科目编码", True, width=12),
        Col("科目名称", True, width=36),
    ),
}

NATURES = ("行政", "事业", "参公")
CATEGORIES = ("其他运转类", "特定目标类")
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
KINDS = ("人员经费", "公用经费")
UNITS = ("万元", "元")

ROWS_WITH_VALIDATION = 2000
_REQUIRED_FILL = "FFF2CC"
_HEADER_FILL = "DDEBF7"


def write_template(path: Path, *, year: int, example: BudgetInput | None = None) -> None:
    path.write_bytes(template_bytes(year=year, example=example))


def template_bytes(*, year: int, example: BudgetInput | None = None) -> bytes:
    """The template workbook for ``year`` (the example's year when one is given)."""
    import openpyxl  # type: ignore[import-untyped]

    if example is not None:
        year = example.unit.year
    book = openpyxl.Workbook()
    guide = book.active
    assert guide is not None
    guide.title = GUIDE
    lists = _list_sheet(book, year)
    lists["projects"] = f"{PROJECTS}!$B$2:$B${ROWS_WITH_VALIDATION + 1}"
    _guide(guide, year)
    _key_value(book.create_sheet(INFO), INFO_ROWS, lists, _info_values(example, year))
    _table(book.create_sheet(ORG), TABLE_SHEETS[ORG], lists, _rows(example, ORG))
    _income(book.create_sheet(INCOME), example)
    for name in (LINES, ECONOMIC):
        _table(book.create_sheet(name), TABLE_SHEETS[name], lists, _rows(example, name))
    _three_public(book.create_sheet(THREE), example)
    for name in (PROJECTS, INDICATORS, PROCUREMENT):
        _table(book.create_sheet(name), TABLE_SHEETS[name], lists, _rows(example, name))
    _assets(book.create_sheet(ASSETS), example)
    _key_value(book.create_sheet(PRIOR), PRIOR_ROWS, lists, _prior_values(example))
    _table(book.create_sheet(NAMES), TABLE_SHEETS[NAMES], lists, _rows(example, NAMES))
    book.move_sheet(LISTS, offset=len(book.sheetnames))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- list sheet


def _list_sheet(book: Workbook, year: int) -> dict[str, str]:
    """The hidden 代码表: one column per list; returns list name → range formula."""
    names = code_names(year)
    columns: dict[str, Sequence[str]] = {
        "functions": [f"{c} {n}" for c, n in sorted(names.functions.items()) if len(c) == 7],
        "economics": [f"{c} {n}" for c, n in sorted(names.economics.items()) if len(c) == 5],
        "sources": [s.value for s in Source],
        "scopes": [s.value for s in Scope],
        "units": UNITS,
        "natures": NATURES,
        "categories": CATEGORIES,
        "level1": LEVEL1,
        "kinds": KINDS,
    }
    sheet = book.create_sheet(LISTS)
    sheet.sheet_state = "hidden"
    formulas: dict[str, str] = {}
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    for index, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        formulas[name] = f"{LISTS}!${letter}$2:${letter}${max(2, len(values) + 1)}"
    return formulas


# ---------------------------------------------------------------------------- sheet builders


def _style_header(cell: Any, required: bool) -> None:
    from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]

    cell.font = Font(bold=True)
    colour = _REQUIRED_FILL if required else _HEADER_FILL
    cell.fill = PatternFill("solid", start_color=colour, end_color=colour)


def _validation(kind: str, lists: dict[str, str], label: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    if kind.startswith("list:"):
        dv = DataValidation(type="list", formula1=f"={lists[kind[5:]]}", allow_blank=True)
        dv.error = f"“{label}”请从下拉列表中选择"
        if kind == "list:projects":
            # A procurement item may come from basic expenditure (公用经费): other names are allowed.
            dv.errorStyle = "warning"
            dv.error = f"“{label}”不在“{PROJECTS}”工作表中；确认要使用这个名称吗？"
    elif kind in ("money", "number"):
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = f"“{label}”应填不小于 0 的数字" + ("（最多两位小数）" if kind == "money" else "")
    elif kind == "percent":
        dv = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
        )
        dv.error = f"“{label}”应填 0 到 100 之间的数字"
    elif kind == "int":
        dv = DataValidation(
            type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True
        )
        dv.error = f"“{label}”应填四位数年度"
    else:
        return None
    dv.errorTitle = "输入有误"
    dv.showErrorMessage = True
    return dv


def _table(
    sheet: Worksheet, columns: Sequence[Col], lists: dict[str, str], rows: Sequence[Sequence[object]]
) -> None:
    from openpyxl.comments import Comment  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter

    for index, col in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=col.header + ("*" if col.required else ""))
        _style_header(cell, col.required)
        if col.note:
            cell.comment = Comment(col.note, "yusuan")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = col.width
        dv = _validation(col.kind, lists, col.header)
        if dv is not None:
            sheet.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{ROWS_WITH_VALIDATION + 1}")
        if col.kind == "money":
            for r in range(2, len(rows) + 2):
                sheet.cell(row=r, column=index).number_format = "0.00"
    sheet.freeze_panes = "A2"
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            if value is not None and value != "":
                sheet.cell(row=r, column=c, value=value)


def _key_value(
    sheet: Worksheet,
    rows: Sequence[tuple[str, bool, str, str]],
    lists: dict[str, str],
    values: dict[str, object],
) -> None:
    for index, header in enumerate(("项目", "填写内容", "说明"), start=1):
        _style_header(sheet.cell(row=1, column=index, value=header), False)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 60
    for r, (label, required, kind, note) in enumerate(rows, start=2):
        label_cell = sheet.cell(row=r, column=1, value=label + ("*" if required else ""))
        _style_header(label_cell, required)
        sheet.cell(row=r, column=3, value=note)
        value = values.get(label)
        if value is not None and value != "":
            sheet.cell(row=r, column=2, value=value)
        if kind == "money":
            sheet.cell(row=r, column=2).number_format = "0.00"
        dv = _validation(kind, lists, label)
        if dv is not None:
            sheet.add_data_validation(dv)
            dv.add(f"B{r}")
    sheet.freeze_panes = "A2"


def _grid(
    sheet: Worksheet,
    labels: Sequence[str],
    headers: Sequence[str],
    kinds: Sequence[str],
    values: dict[str, tuple[object, ...]],
    notes: dict[str, str] | None = None,
) -> None:
    for index, header in enumerate(("项目", *headers, "说明"), start=1):
        _style_header(sheet.cell(row=1, column=index, value=header), False)
    sheet.column_dimensions["A"].width = 28
    for r, label in enumerate(labels, start=2):
        _style_header(sheet.cell(row=r, column=1, value=label), False)
        for c, kind in enumerate(kinds, start=2):
            cell = sheet.cell(row=r, column=c)
            value = values.get(label, ())[c - 2] if values.get(label) else None
            if value is not None:
                cell.value = value
            if kind == "money":
                cell.number_format = "0.00"
        if notes and notes.get(label):
            sheet.cell(row=r, column=len(kinds) + 2, value=notes[label])
    from openpyxl.utils import get_column_letter

    for c, kind in enumerate(kinds, start=2):
        dv = _validation(kind, {}, headers[c - 2])
        if dv is not None:
            sheet.add_data_validation(dv)
            letter = get_column_letter(c)
            dv.add(f"{letter}2:{letter}{len(labels) + 1}")
        sheet.column_dimensions[get_column_letter(c)].width = 14


def _income(sheet: Worksheet, example: BudgetInput | None) -> None:
    stated = dict(example.stated_income) if example is not None else {}
    values: dict[str, tuple[object, ...]] = {s.value: (stated.get(s),) for s in Source if s in stated}
    notes = {Source.GENERAL_PUBLIC.value: "可不填；填写后与“支出明细”中同一资金来源的合计核对"}
    _grid(sheet, [s.value for s in Source], ("本年预算",), ("money",), values, notes)


def _three_public(sheet: Worksheet, example: BudgetInput | None) -> None:
    values: dict[str, tuple[object, ...]] = {}
    if example is not None:
        now, before = example.three_public, example.prior.three_public if example.prior else None
        for label, attr in zip(
            THREE_ROWS, ("overseas", "vehicle_purchase", "vehicle_operation", "reception"), strict=True
        ):
            values[label] = (getattr(now, attr), getattr(before, attr) if before else None)
    _grid(sheet, THREE_ROWS, ("本年预算", "上年预算"), ("money", "money"), values)


def _assets(sheet: Worksheet, example: BudgetInput | None) -> None:
    values: dict[str, tuple[object, ...]] = {}
    if example is not None:
        a = example.assets
        pairs = (
            (a.buildings_area, a.buildings_value),
            (a.office_area, a.office_value),
            (a.vehicles, a.vehicles_value),
            (a.equipment, a.equipment_value),
            (a.other, a.other_value),
            (None, a.new_purchases),
        )
        values = {label: pair for (label, _), pair in zip(ASSET_ROWS, pairs, strict=True)}
    _grid(
        sheet,
        [label for label, _ in ASSET_ROWS],
        ("数量", "价值"),
        ("number", "money"),
        values,
        dict(ASSET_ROWS),
    )


# ----------------------------------------------------------------------------- example rows


def _info_values(example: BudgetInput | None, year: int) -> dict[str, object]:
    if example is None:
        return {"预算年度": year, "公开范围": Scope.UNIT.value, "金额单位": "万元"}
    info = example.unit
    return {
        "单位名称": info.name,
        "单位编码": info.code,
        "预算年度": info.year,
        "公开范围": info.scope.value,
        "金额单位": info.unit,
        "单位职责": "\n".join(info.duties),
        "机关运行经费": example.operating_costs,
        "其他需要说明的事项": example.other_matters,
    }


def _prior_values(example: BudgetInput | None) -> dict[str, object]:
    if example is None:
        return {}
    values: dict[str, object] = {
        "基本支出变动原因": example.reasons.basic,
        "项目支出变动原因": example.reasons.project,
        "“三公”经费变动原因": example.reasons.three_public,
        "机关运行经费变动原因": example.reasons.operating_costs,
    }
    if example.prior is not None:
        values |= {
            "上年人员经费": example.prior.personnel,
            "上年公用经费": example.prior.public,
            "上年项目支出": example.prior.project,
            "上年机关运行经费": example.prior.operating_costs,
        }
    return values


def _code_label(code: str, name: str | None) -> str:
    return f"{code} {name}" if name else code


def _rows(example: BudgetInput | None, sheet: str) -> list[tuple[object, ...]]:
    if example is None:
        return []
    names = code_names(example.unit.year).with_names(example.code_names)
    if sheet == ORG:
        return [(o.name, o.nature, o.rank, o.funding_form) for o in example.organization]
    if sheet == LINES:
        return [
            (
                _code_label(li.code, names.function(li.code)),
                li.name,
                li.source.value,
                li.personnel,
                li.public,
                li.project,
            )
            for li in example.lines
        ]
    if sheet == ECONOMIC:
        return [
            (
                _code_label(e.code, names.economic(e.code)),
                e.name,
                KINDS[0] if e.personnel else KINDS[1],
                e.amount,
            )
            for e in example.economic
        ]
    if sheet == PROJECTS:
        return [
            (p.code, p.name, p.category, p.fiscal, p.other, p.description, p.goal, *p.schedule)
            for p in example.projects
        ]
    if sheet == INDICATORS:
        return [
            (p.name, i.level1, i.level2, i.level3, i.description, i.value, i.basis)
            for p in example.projects
            for i in p.indicators
        ]
    if sheet == PROCUREMENT:
        return [
            (
                i.unit,
                i.project,
                i.project_budget,
                i.item,
                i.catalogue_code,
                i.measure,
                i.quantity,
                i.unit_price,
                i.source.value,
                i.sme_reserved,
            )
            for i in example.procurement
        ]
    if sheet == NAMES:
        return [(code, name) for code, name in example.code_names]
    return []


def _guide(sheet: Worksheet, year: int) -> None:
    from openpyxl.styles import Alignment, Font

    lines = (
        f"{year} 年部门（单位）预算公开录入模板",
        "",
        "用途：在本工作簿中录入一次预算数据，yusuan 据此生成全部公开表格和情况说明，数字前后一致。",
        "生成命令：yusuan render 本文件.xlsx --to docx,xlsx,pdf,html -o 输出目录",
        "",
        "填写方法：",
        "1. 表头带 * 且底色为黄色的列（或行）必须填写；其余可不填。",
        "2. 金额一律填数字（不带“万元”等单位），最多两位小数；不填视为 0。金额单位在“单位信息”中统一选择。",
        "3. 科目、资金来源等单元格请从下拉列表中选择；列表中的科目来自 yusuan 内置的该年度科目表。",
        "4. 合计、小计、“类”“款”金额、各张公开表格和情况说明中的数字都由 yusuan 自动计算，不要填写。",
        "",
        "各工作表：",
        f"· {INFO}：单位名称、预算年度、公开范围（部门/单位）、金额单位、职责等。",
        f"· {ORG}：机构设置情况，每个单位一行。",
        f"· {INCOME}：按资金来源填写收入预算（可不填）。收入表由“{LINES}”中各行的资金来源自动汇总；"
        "填写后 yusuan 会与汇总结果核对，不一致时报错。",
        f"· {LINES}：按支出功能分类“项”级科目和资金来源逐行填写人员经费、公用经费、项目支出。"
        "同一科目有多个资金来源时分行填写；上年结转资金选择“上年结转（…）”。",
        f"· {ECONOMIC}：一般公共预算基本支出按部门预算支出经济分类“款”级科目填写，并注明人员经费或公用经费；"
        f"其合计应等于“{LINES}”中一般公共预算拨款的人员经费、公用经费。",
        f"· {THREE}：财政拨款“三公”经费本年预算数和上年预算数。",
        f"· {PROJECTS}：每个项目一行：金额、资金支出计划（累计百分比，12月底应为 100）、绩效目标。",
        f"· {INDICATORS}：每个绩效指标一行，用“项目名称”对应到项目；每个项目应有产出、效益、满意度三类一级指标。",
        f"· {PROCUREMENT}：政府采购每个品目一行，采购金额 = 数量 × 单价（自动计算）。",
        f"· {ASSETS}：上年末固定资产数量和价值，以及本年度拟购置固定资产总额。",
        f"· {PRIOR}：上年预算数和增减变化的原因（用于“比上年增减情况”和“三公”经费说明）。",
        f"· {NAMES}：只在科目不在内置科目表中时填写（编码和名称），也可先用 yusuan codes import 导入官方科目表。",
        "",
        "生成前 yusuan 会先检查数据；有矛盾时列出问题并停止（加 --force 可强制生成）。",
    )
    sheet.column_dimensions["A"].width = 120
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
