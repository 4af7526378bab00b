"""Read a filled template (:mod:`yusuan.compose.template`) back into a :class:`BudgetInput`.

Every problem is collected with its place (工作表, 单元格) and what to do; :func:`read_template`
raises one :class:`TemplateError` whose message names the first problem and how many more there
are (``errors`` holds them all).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path
from typing import Any

from yusuan.compose.model import (
    ZERO,
    Assets,
    BudgetInput,
    EconomicLine,
    ExpenditureLine,
    IndicatorInput,
    OrgUnitInput,
    PriorYear,
    ProcurementInput,
    ProjectInput,
    Reasons,
    Source,
    ThreePublic,
    UnitInfo,
)
from yusuan.compose.names import code_names
from yusuan.compose.template import (
    ASSET_ROWS,
    ASSETS,
    ECONOMIC,
    INCOME,
    INDICATORS,
    INFO,
    INFO_ROWS,
    KINDS,
    LINES,
    NAMES,
    ORG,
    PRIOR,
    PRIOR_ROWS,
    PROCUREMENT,
    PROJECTS,
    TABLE_SHEETS,
    THREE,
    THREE_ROWS,
)
from yusuan.errors import YusuanError
from yusuan.model import Scope

# openpyxl has no type information: its objects are Any here.
Workbook = Any
Worksheet = Any

__all__ = ["TemplateError", "is_template", "read_template", "read_template_bytes"]

# No budget line comes near it; beyond, a cent amount no longer fits Decimal's 28 digits.
_TOO_LARGE = Decimal("1e15")
_CENT = Decimal("0.01")
_FUNCTION_CODE = re.compile(r"^\s*(2\d{6})(?:\s+.*)?$")
_ECONOMIC_CODE = re.compile(r"^\s*(3\d{4})(?:\s+.*)?$")
_NAME_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


class TemplateError(YusuanError):
    """A filled template has cells that cannot be read; ``errors`` lists every one."""

    def __init__(self, errors: Sequence[str], *, source: str | None = None) -> None:
        more = f"（另有 {len(errors) - 1} 处问题）" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}", source=source)
        self.errors = tuple(errors)


def is_template(sheetnames: Sequence[str]) -> bool:
    return INFO in sheetnames and LINES in sheetnames


def read_template(path: Path) -> BudgetInput:
    return read_template_bytes(path.read_bytes(), source=str(path))


def read_template_bytes(data: bytes, *, source: str | None = None) -> BudgetInput:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        book = load_workbook(BytesIO(data), data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise YusuanError(
            "不是可以读取的 Excel（xlsx）文件：请用 yusuan template 生成的模板填写", source=source
        ) from exc
    if not is_template(book.sheetnames):
        raise YusuanError(
            f"不是 yusuan 的录入模板（缺少“{INFO}”或“{LINES}”工作表）：请用 yusuan template 生成模板后填写",
            source=source,
        )
    reader = _Reader(book)
    budget = reader.budget()
    if reader.errors:
        raise TemplateError(reader.errors, source=source)
    assert budget is not None
    return budget


@dataclass
class _Reader:
    book: Workbook
    errors: list[str] = field(default_factory=list)
    # The sheet row each read line came from (same order as the lines returned).
    line_rows: list[int] = field(default_factory=list)
    economic_rows: list[int] = field(default_factory=list)

    # ------------------------------------------------------------------------- cells

    def fail(self, sheet: str, ref: str, what: str) -> None:
        self.errors.append(f"工作表“{sheet}”单元格 {ref}：{what}")

    def text(self, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def number(self, sheet: str, ref: str, label: str, value: object, *, money: bool) -> Decimal | None:
        """A non-negative number; ``None`` for an empty cell (a problem is recorded when bad)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            self.fail(sheet, ref, f"“{label}”应填数字：请改为数字")
            return None
        try:
            text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
            number = Decimal(text)
        except InvalidOperation:
            self.fail(sheet, ref, f"“{label}”应填数字，而不是“{value}”：请只填数字，不带单位")
            return None
        if not number.is_finite() or number < 0:
            self.fail(sheet, ref, f"“{label}”应是不小于 0 的数字：请改正")
            return None
        if number >= _TOO_LARGE:
            self.fail(sheet, ref, f"“{label}”数字过大（填的是 {value}）：请检查数字和金额单位")
            return None
        if money:
            if number != number.quantize(_CENT):
                # Excel keeps binary fractions: 0.1+0.2 style noise is not the clerk's decimals.
                rounded = number.quantize(_CENT)
                if abs(number - rounded) > Decimal("0.0000001"):
                    self.fail(sheet, ref, f"“{label}”最多两位小数（填的是 {value}）：请四舍五入到分")
                    return None
                number = rounded
            return number
        return number.normalize() if number == number.to_integral_value() else number

    def money(self, sheet: str, ref: str, label: str, value: object) -> Decimal:
        amount = self.number(sheet, ref, label, value, money=True)
        return amount if amount is not None else ZERO

    def required(self, sheet: str, ref: str, label: str, value: object) -> str:
        text = self.text(value)
        if not text:
            self.fail(sheet, ref, f"“{label}”必须填写")
        return text

    def choice(self, sheet: str, ref: str, label: str, value: object, allowed: Sequence[str]) -> str | None:
        text = self.text(value)
        if text not in allowed:
            self.fail(
                sheet, ref, f"“{label}”“{text}”不是可选的值：请从下拉列表中选择（{'、'.join(allowed)}）"
            )
            return None
        return text

    def sheet(self, name: str) -> Worksheet | None:
        if name not in self.book.sheetnames:
            self.errors.append(f"缺少工作表“{name}”：请用 yusuan template 重新生成模板，把数据复制过去")
            return None
        return self.book[name]

    def rows(self, name: str) -> list[tuple[int, tuple[object, ...]]]:
        """The data rows (row number, values) of a table sheet, blank rows skipped."""
        sheet = self.sheet(name)
        if sheet is None:
            return []
        width = len(TABLE_SHEETS[name])
        out = []
        for index, row in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
            values = tuple(row) + (None,) * (width - len(row))
            if any(self.text(v) for v in values):
                out.append((index, values))
        return out

    def key_values(
        self, name: str, rows: Sequence[tuple[str, bool, str, str]]
    ) -> dict[str, tuple[str, object]]:
        """label → (cell reference, value) of a key/value sheet, found by the label in column A."""
        sheet = self.sheet(name)
        if sheet is None:
            return {}
        found: dict[str, tuple[str, object]] = {}
        labels = {label for label, *_ in rows}
        for index, (label, value) in enumerate(
            sheet.iter_rows(min_row=2, max_col=2, values_only=True), start=2
        ):
            key = self.text(label).rstrip("*")
            if key in labels:
                found[key] = (f"B{index}", value)
        for label, required, *_ in rows:
            if label not in found:
                self.errors.append(f"工作表“{name}”缺少“{label}”一行：请用 yusuan template 重新生成模板")
            elif required and not self.text(found[label][1]):
                self.fail(name, found[label][0], f"“{label}”必须填写")
        return found

    # ------------------------------------------------------------------------- blocks

    def budget(self) -> BudgetInput | None:
        info, operating_costs, other = self.unit()
        lines = self.lines()
        economic = self.economic()
        names = self.code_names()
        three, prior_three = self.three_public()
        projects = self.projects()
        procurement = self.procurement()
        assets = self.assets()
        prior, reasons = self.prior(prior_three)
        organization = self.organization()
        income = self.income()
        if not lines and not any(e.startswith(f"工作表“{LINES}”") for e in self.errors):
            self.errors.append(f"工作表“{LINES}”没有数据：请至少填写一行支出")
        if info is not None:
            self.names_known(info.year, names, lines, economic)
        if self.errors or info is None:
            return None
        return BudgetInput(
            unit=info,
            lines=tuple(lines),
            economic=tuple(economic),
            organization=tuple(organization),
            three_public=three,
            operating_costs=operating_costs,
            projects=tuple(projects),
            procurement=tuple(procurement),
            assets=assets,
            prior=prior,
            reasons=reasons,
            other_matters=other,
            code_names=tuple(names),
            stated_income=tuple(income),
        )

    def unit(self) -> tuple[UnitInfo | None, Decimal | None, str]:
        kv = self.key_values(INFO, INFO_ROWS)
        if len(kv) < len(INFO_ROWS):
            return None, None, ""

        def value(label: str) -> object:
            return kv[label][1]

        name = self.text(value("单位名称"))
        year_ref, year_value = kv["预算年度"]
        year = None
        try:
            year = int(self.text(year_value))
        except ValueError:
            if self.text(year_value):
                self.fail(INFO, year_ref, f"“预算年度”应是四位数年度，而不是“{year_value}”")
        if year is not None and not 2000 <= year <= 2100:
            self.fail(INFO, year_ref, f"“预算年度”{year} 不在 2000 至 2100 之间：请改正")
            year = None
        scope = self.choice(INFO, kv["公开范围"][0], "公开范围", value("公开范围"), [s.value for s in Scope])
        unit = self.choice(INFO, kv["金额单位"][0], "金额单位", value("金额单位"), ("万元", "元"))
        duties = tuple(d.strip() for d in self.text(value("单位职责")).splitlines() if d.strip())
        operating = self.number(
            INFO, kv["机关运行经费"][0], "机关运行经费", value("机关运行经费"), money=True
        )
        other = self.text(value("其他需要说明的事项"))
        if not name or year is None or scope is None or unit is None:
            return None, operating, other
        code = self.text(value("单位编码"))
        return UnitInfo(name, code, year, Scope(scope), unit, duties), operating, other

    def organization(self) -> list[OrgUnitInput]:
        out = []
        for r, (name, nature, rank, funding) in self.rows(ORG):
            n = self.required(ORG, f"A{r}", "单位名称", name)
            kind = self.required(ORG, f"B{r}", "单位性质", nature)
            out.append(OrgUnitInput(n, kind, self.text(rank), self.text(funding)))
        return out

    def lines(self) -> list[ExpenditureLine]:
        out = []
        sources = [s.value for s in Source]
        for r, (code_cell, name, source, personnel, public, project) in self.rows(LINES):
            match = _FUNCTION_CODE.match(self.text(code_cell))
            if not match:
                self.fail(
                    LINES,
                    f"A{r}",
                    f"“功能分类科目”应是 7 位“项”级编码（如 2101501），而不是“{self.text(code_cell)}”：请从下拉列表中选择",
                )
            chosen = self.choice(LINES, f"C{r}", "资金来源", source, sources)
            amounts = (
                self.money(LINES, f"D{r}", "人员经费", personnel),
                self.money(LINES, f"E{r}", "公用经费", public),
                self.money(LINES, f"F{r}", "项目支出", project),
            )
            if match and chosen is not None:
                out.append(
                    ExpenditureLine(match.group(1), Source(chosen), *amounts, name=self.text(name) or None)
                )
                self.line_rows.append(r)
        return out

    def economic(self) -> list[EconomicLine]:
        out = []
        for r, (code_cell, name, kind, amount) in self.rows(ECONOMIC):
            match = _ECONOMIC_CODE.match(self.text(code_cell))
            if not match:
                self.fail(
                    ECONOMIC,
                    f"A{r}",
                    f"“经济分类科目”应是 5 位“款”级编码（如 30101），而不是“{self.text(code_cell)}”：请从下拉列表中选择",
                )
            chosen = self.choice(ECONOMIC, f"C{r}", "经费类型", kind, KINDS)
            value = self.number(ECONOMIC, f"D{r}", "金额", amount, money=True)
            if value is None and self.text(amount) == "":
                self.fail(ECONOMIC, f"D{r}", "“金额”必须填写")
            if match and chosen is not None and value is not None:
                out.append(EconomicLine(match.group(1), value, chosen == KINDS[0], self.text(name) or None))
                self.economic_rows.append(r)
        return out

    def names_known(
        self,
        year: int,
        extra: Sequence[tuple[str, str]],
        lines: Sequence[ExpenditureLine],
        economic: Sequence[EconomicLine],
    ) -> None:
        """Every code needs a name for the tables: from the year's code list, the 科目名称 column,
        or the 补充科目名称 sheet (for a 类 or 款 the list lacks)."""
        names = code_names(year).with_names(extra)
        hint = f"请在“{NAMES}”工作表中补充编码和名称，或用 yusuan codes import 导入 {year} 年科目表"
        for r, line in zip(self.line_rows, lines, strict=True):
            missing = [c for c in (line.code[:3], line.code[:5]) if names.function(c) is None]
            if line.name is None and names.function(line.code) is None:
                self.fail(
                    LINES, f"A{r}", f"科目 {line.code} 不在 {year} 年科目表中：请在 B{r}“科目名称”中填写名称"
                )
            if missing:
                self.fail(
                    LINES, f"A{r}", f"科目 {line.code} 的上级科目 {'、'.join(missing)} 没有名称：{hint}"
                )
        for r, econ in zip(self.economic_rows, economic, strict=True):
            if names.economic(econ.code[:3]) is None:
                self.fail(ECONOMIC, f"A{r}", f"科目 {econ.code} 的上级科目 {econ.code[:3]} 没有名称：{hint}")
            if econ.name is None and names.economic(econ.code) is None:
                self.fail(
                    ECONOMIC,
                    f"A{r}",
                    f"科目 {econ.code} 不在 {year} 年科目表中：请在 B{r}“科目名称”中填写名称",
                )

    def code_names(self) -> list[tuple[str, str]]:
        out = []
        for r, (code, name) in self.rows(NAMES):
            c = self.required(NAMES, f"A{r}", "科目编码", code)
            n = self.required(NAMES, f"B{r}", "科目名称", name)
            if c and not _NAME_CODE.match(c):
                self.fail(NAMES, f"A{r}", f"“科目编码”应是 3、5 或 7 位数字，而不是“{c}”")
            elif c and n:
                out.append((c, n))
        return out

    def grid(
        self, name: str, labels: Sequence[str], columns: int
    ) -> dict[str, tuple[int, tuple[object, ...]]]:
        sheet = self.sheet(name)
        if sheet is None:
            return {}
        found: dict[str, tuple[int, tuple[object, ...]]] = {}
        for index, row in enumerate(
            sheet.iter_rows(min_row=2, max_col=columns + 1, values_only=True), start=2
        ):
            label = self.text(row[0] if row else None)
            if label in labels:
                values = tuple(row[1:]) + (None,) * (columns - len(row) + 1)
                found[label] = (index, values)
        for label in labels:
            if label not in found:
                self.errors.append(f"工作表“{name}”缺少“{label}”一行：请用 yusuan template 重新生成模板")
        return found

    def income(self) -> list[tuple[Source, Decimal]]:
        labels = [s.value for s in Source]
        grid = self.grid(INCOME, labels, 1)
        out = []
        for source in Source:
            r, (value,) = grid.get(source.value, (0, (None,)))
            amount = self.number(INCOME, f"B{r}", f"{source.value}本年预算", value, money=True)
            if amount is not None:
                out.append((source, amount))
        return out

    def three_public(self) -> tuple[ThreePublic, ThreePublic | None]:
        grid = self.grid(THREE, THREE_ROWS, 2)
        now: list[Decimal] = []
        before: list[Decimal | None] = []
        for label in THREE_ROWS:
            r, (current, prior) = grid.get(label, (0, (None, None)))
            now.append(self.money(THREE, f"B{r}", f"{label}本年预算", current))
            before.append(self.number(THREE, f"C{r}", f"{label}上年预算", prior, money=True))
        prior_parts = None if all(b is None for b in before) else ThreePublic(*(b or ZERO for b in before))
        return ThreePublic(*now), prior_parts

    def projects(self) -> list[ProjectInput]:
        drafts: list[tuple[int, ProjectInput]] = []
        seen: dict[str, int] = {}
        for r, cells in self.rows(PROJECTS):
            code, name, category, fiscal, other, description, goal, *schedule = cells
            title = self.required(PROJECTS, f"B{r}", "项目名称", name)
            if title in seen:
                self.fail(PROJECTS, f"B{r}", f"项目名称“{title}”与第 {seen[title]} 行重复：请使用不同的名称")
            seen[title] = r
            if self.text(fiscal) == "":
                self.fail(PROJECTS, f"D{r}", "“财政资金”必须填写（没有时填 0）")
            if not self.text(goal):
                self.fail(PROJECTS, f"G{r}", "“绩效目标”必须填写")
            marks: list[Decimal] = []
            for letter, label, value in zip(
                "HIJK", ("3月底", "6月底", "10月底", "12月底"), schedule, strict=True
            ):
                mark = self.number(PROJECTS, f"{letter}{r}", f"{label}累计支出（%）", value, money=False)
                if mark is None and self.text(value) == "":
                    self.fail(PROJECTS, f"{letter}{r}", f"“{label}累计支出（%）”必须填写")
                elif mark is not None and mark > 100:
                    self.fail(PROJECTS, f"{letter}{r}", f"“{label}累计支出（%）”不能超过 100")
                marks.append(mark if mark is not None else Decimal(0))
            drafts.append(
                (
                    r,
                    ProjectInput(
                        name=title,
                        fiscal=self.money(PROJECTS, f"D{r}", "财政资金", fiscal),
                        other=self.money(PROJECTS, f"E{r}", "其他资金", other),
                        code=self.text(code),
                        category=self.text(category),
                        description=self.text(description),
                        goal=self.text(goal),
                        schedule=(marks[0], marks[1], marks[2], marks[3]),
                    ),
                )
            )
        indicators: dict[str, list[IndicatorInput]] = {}
        for r, (project, level1, level2, level3, description, value, basis) in self.rows(INDICATORS):
            title = self.required(INDICATORS, f"A{r}", "项目名称", project)
            if title and title not in seen:
                self.fail(INDICATORS, f"A{r}", f"项目“{title}”不在“{PROJECTS}”工作表中：请检查项目名称")
            cells = (
                self.required(INDICATORS, f"B{r}", "一级指标", level1),
                self.required(INDICATORS, f"C{r}", "二级指标", level2),
                self.required(INDICATORS, f"D{r}", "三级指标", level3),
                self.required(INDICATORS, f"F{r}", "指标值", value),
            )
            indicators.setdefault(title, []).append(
                IndicatorInput(
                    *cells[:3], value=cells[3], description=self.text(description), basis=self.text(basis)
                )
            )
        return [
            ProjectInput(
                name=p.name,
                fiscal=p.fiscal,
                other=p.other,
                code=p.code,
                category=p.category,
                description=p.description,
                goal=p.goal,
                schedule=p.schedule,
                indicators=tuple(indicators.get(p.name, ())),
            )
            for _, p in drafts
        ]

    def procurement(self) -> list[ProcurementInput]:
        out = []
        sources = [s.value for s in Source]
        for r, cells in self.rows(PROCUREMENT):
            unit, project, budget, item, code, measure, quantity, price, source, sme = cells
            title = self.required(PROCUREMENT, f"B{r}", "项目名称", project)
            what = self.required(PROCUREMENT, f"D{r}", "采购物品名称", item)
            catalogue = self.required(PROCUREMENT, f"E{r}", "政府采购目录序号", code)
            if catalogue and not re.match(r"^[ABC]\d+$", catalogue):
                self.fail(
                    PROCUREMENT,
                    f"E{r}",
                    f"“政府采购目录序号”应以 A、B 或 C 开头后接数字，而不是“{catalogue}”",
                )
            per = self.required(PROCUREMENT, f"F{r}", "计量单位", measure)
            count = self.number(PROCUREMENT, f"G{r}", "数量", quantity, money=False)
            unit_price = self.number(PROCUREMENT, f"H{r}", "单价", price, money=False)
            for letter, label, value in (("G", "数量", count), ("H", "单价", unit_price)):
                if value is None and self.text(cells[6 if letter == "G" else 7]) == "":
                    self.fail(PROCUREMENT, f"{letter}{r}", f"“{label}”必须填写")
            chosen = self.text(source) or Source.GENERAL_PUBLIC.value
            if chosen not in sources:
                self.fail(PROCUREMENT, f"I{r}", f"“资金来源”“{chosen}”不是可选的值：请从下拉列表中选择")
                chosen = Source.GENERAL_PUBLIC.value
            if count is None or unit_price is None:
                continue
            out.append(
                ProcurementInput(
                    project=title,
                    item=what,
                    catalogue_code=catalogue,
                    measure=per,
                    quantity=count,
                    unit_price=unit_price,
                    project_budget=self.number(PROCUREMENT, f"C{r}", "项目预算", budget, money=True),
                    source=Source(chosen),
                    sme_reserved=self.money(PROCUREMENT, f"J{r}", "预留中小微企业份额", sme),
                    unit=self.text(unit),
                )
            )
        return out

    def assets(self) -> Assets:
        labels = [label for label, _ in ASSET_ROWS]
        grid = self.grid(ASSETS, labels, 2)
        values: list[Decimal] = []
        for label in labels:
            r, (quantity, value) = grid.get(label, (0, (None, None)))
            count = self.number(ASSETS, f"B{r}", f"{label}数量", quantity, money=False)
            values += [
                count if count is not None else Decimal(0),
                self.money(ASSETS, f"C{r}", f"{label}价值", value),
            ]
        v = values
        return Assets(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], new_purchases=v[11])

    def prior(self, three: ThreePublic | None) -> tuple[PriorYear | None, Reasons]:
        kv = self.key_values(PRIOR, PRIOR_ROWS)
        if len(kv) < len(PRIOR_ROWS):
            return None, Reasons()

        def amount(label: str) -> Decimal | None:
            ref, value = kv[label]
            return self.number(PRIOR, ref, label, value, money=True)

        parts = [amount(label) for label in ("上年人员经费", "上年公用经费", "上年项目支出")]
        operating = amount("上年机关运行经费")
        reasons = Reasons(
            basic=self.text(kv["基本支出变动原因"][1]),
            project=self.text(kv["项目支出变动原因"][1]),
            three_public=self.text(kv["“三公”经费变动原因"][1]),
            operating_costs=self.text(kv["机关运行经费变动原因"][1]),
        )
        if all(p is None for p in parts):
            if operating is not None or three is not None:
                self.fail(
                    PRIOR,
                    kv["上年人员经费"][0],
                    "填写了上年“三公”经费或机关运行经费，也请填写上年人员经费、公用经费和项目支出",
                )
            return None, reasons
        personnel, public, project = (p if p is not None else ZERO for p in parts)
        return (
            PriorYear(personnel, public, project, three or ThreePublic(), operating),
            reasons,
        )
