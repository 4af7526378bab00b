"""The Excel template: written with an example and read back gives the same input; bad cells
give Chinese errors naming sheet and cell."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compose.budgets import small_budget
from yusuan.compose import BudgetInput
from yusuan.compose.reader import TemplateError, read_template_bytes
from yusuan.compose.template import LINES, LISTS, SHEETS, template_bytes
from yusuan.generate import generate_input


def _edit(data: bytes, change: Callable[[openpyxl.Workbook], None]) -> bytes:
    book = openpyxl.load_workbook(BytesIO(data))
    change(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _errors(data: bytes) -> tuple[str, ...]:
    with pytest.raises(TemplateError) as caught:
        read_template_bytes(data, source="模板.xlsx")
    return caught.value.errors


def test_small_budget_round_trip() -> None:
    budget = small_budget()
    assert read_template_bytes(template_bytes(year=2025, example=budget)) == budget


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    lines=st.integers(min_value=5, max_value=120),
    options=st.fixed_dictionaries(
        {
            "carryover": st.booleans(),
            "funds": st.booleans(),
            "three_public": st.booleans(),
            "unit_funds": st.booleans(),
        }
    ),
)
def test_generated_budget_round_trip(seed: int, lines: int, options: dict[str, bool]) -> None:
    budget = generate_input(seed, lines=lines, **options)
    assert read_template_bytes(template_bytes(year=2000, example=budget)) == budget


def test_empty_template_layout() -> None:
    book = openpyxl.load_workbook(BytesIO(template_bytes(year=2025)))
    assert book.sheetnames[: len(SHEETS)] == list(SHEETS)
    assert book[LISTS].sheet_state == "hidden"
    functions = [c.value for c in book[LISTS]["A"][1:] if c.value]
    assert "2101501 行政运行" in functions
    lines = book[LINES]
    headers = [c.value for c in lines[1]]
    assert headers[:3] == ["功能分类科目*", "科目名称", "资金来源*"]
    validations = {str(dv.sqref): dv for dv in lines.data_validations.dataValidation}
    assert validations["A2:A2001"].type == "list"
    assert validations["A2:A2001"].formula1.startswith(f"={LISTS}!$A$2")
    assert validations["D2:D2001"].type == "decimal"
    indicators = {str(dv.sqref): dv for dv in book["绩效指标"].data_validations.dataValidation}
    assert indicators["A2:A2001"].formula1 == "=项目!$B$2:$B$2001"
    assert book["收入"]["A2"].value == "一般公共预算拨款"
    guide = "\n".join(str(c.value) for c in book["说明"]["A"] if c.value)
    assert "必须填写" in guide and "yusuan render" in guide


def test_empty_template_is_refused_with_the_places() -> None:
    errors = _errors(template_bytes(year=2025))
    assert errors[0] == "工作表“单位信息”单元格 B2：“单位名称”必须填写"
    assert any("支出明细" in e and "没有数据" in e for e in errors)


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "expected"),
    [
        (LINES, "D2", "六十", "工作表“支出明细”单元格 D2：“人员经费”应填数字"),
        (LINES, "D2", -5, "工作表“支出明细”单元格 D2：“人员经费”应是不小于 0 的数字"),
        (
            LINES,
            "D2",
            "６０.００万元",
            "工作表“支出明细”单元格 D2：“人员经费”应填数字，而不是“６０.００万元”",
        ),
        (LINES, "E2", 1.234, "工作表“支出明细”单元格 E2：“公用经费”最多两位小数"),
        (LINES, "E2", 1e26, "工作表“支出明细”单元格 E2：“公用经费”数字过大"),
        (LINES, "C2", "财政拨款", "工作表“支出明细”单元格 C2：“资金来源”“财政拨款”不是可选的值"),
        (LINES, "A2", "21015", "工作表“支出明细”单元格 A2：“功能分类科目”应是 7 位“项”级编码"),
        (
            LINES,
            "A2",
            "2101598",
            "工作表“支出明细”单元格 A2：科目 2101598 不在 2025 年科目表中：请在 B2“科目名称”中填写名称",
        ),
        (LINES, "A2", "2990101", "工作表“支出明细”单元格 A2：科目 2990101 的上级科目 299、29901 没有名称"),
        ("单位信息", "B4", "明年", "工作表“单位信息”单元格 B4：“预算年度”应是四位数年度"),
        ("单位信息", "B5", "全部", "工作表“单位信息”单元格 B5：“公开范围”“全部”不是可选的值"),
        ("基本支出经济分类", "C2", "工资", "工作表“基本支出经济分类”单元格 C2：“经费类型”“工资”不是可选的值"),
        ("项目", "G2", None, "工作表“项目”单元格 G2：“绩效目标”必须填写"),
        ("项目", "K2", 120, "工作表“项目”单元格 K2：“12月底累计支出（%）”不能超过 100"),
        ("绩效指标", "A2", "不存在的项目", "工作表“绩效指标”单元格 A2：项目“不存在的项目”不在“项目”工作表中"),
        ("政府采购", "E2", "X123", "工作表“政府采购”单元格 E2：“政府采购目录序号”应以 A、B 或 C 开头"),
        ("政府采购", "G2", None, "工作表“政府采购”单元格 G2：“数量”必须填写"),
    ],
)
def test_bad_cell_is_named(sheet: str, cell: str, value: object, expected: str) -> None:
    data = template_bytes(year=2025, example=small_budget())

    def change(book: openpyxl.Workbook) -> None:
        book[sheet][cell] = value

    errors = _errors(_edit(data, change))
    assert any(e.startswith(expected) for e in errors), errors


def test_error_message_counts_the_other_problems() -> None:
    data = template_bytes(year=2025, example=small_budget())

    def change(book: openpyxl.Workbook) -> None:
        book[LINES]["D2"] = "x"
        book[LINES]["E2"] = "y"

    with pytest.raises(TemplateError) as caught:
        read_template_bytes(_edit(data, change), source="模板.xlsx")
    assert caught.value.message.endswith("（另有 1 处问题）")
    assert str(caught.value).startswith("模板.xlsx：工作表“支出明细”单元格 D2")


def test_amounts_typed_as_text_are_read() -> None:
    budget = small_budget()
    data = template_bytes(year=2025, example=budget)

    def change(book: openpyxl.Workbook) -> None:
        book[LINES]["D2"] = "６0.00"  # a full-width digit typed by an input method

    read = read_template_bytes(_edit(data, change))
    assert read == budget


def test_not_a_template(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    out = BytesIO()
    book.save(out)
    with pytest.raises(Exception) as caught:
        read_template_bytes(out.getvalue(), source="x.xlsx")
    assert "不是 yusuan 的录入模板" in str(caught.value)
    with pytest.raises(Exception) as caught:
        read_template_bytes(b"PK\x03\x04broken", source="x.xlsx")
    assert "Excel" in str(caught.value)


def test_input_is_a_budget_input() -> None:
    assert isinstance(read_template_bytes(template_bytes(year=2025, example=small_budget())), BudgetInput)


_EXAMPLE = template_bytes(year=2025, example=small_budget())
_CELLS = st.tuples(
    st.sampled_from(
        [
            "单位信息",
            "收入",
            "支出明细",
            "基本支出经济分类",
            "三公经费",
            "项目",
            "绩效指标",
            "政府采购",
            "资产",
            "上年数与变动原因",
        ]
    ),
    st.sampled_from("ABCDEFGHIJK"),
    st.integers(min_value=1, max_value=12),
    st.one_of(
        st.none(),
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),  # what can be typed
        st.integers(min_value=-(10**12), max_value=10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
    ),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(_CELLS, min_size=1, max_size=4))
def test_any_cell_content_reads_or_is_refused(edits: list[tuple[str, str, int, object]]) -> None:
    """Whatever is typed anywhere, reading gives a budget or a TemplateError/YusuanError, and
    deriving gives a disclosure or a ComposeError — never another exception."""
    from yusuan.compose import ComposeError, derive
    from yusuan.errors import YusuanError

    def change(book: openpyxl.Workbook) -> None:
        for sheet, column, row, value in edits:
            book[sheet][f"{column}{row}"] = value

    data = _edit(_EXAMPLE, change)
    try:
        budget = read_template_bytes(data, source="模板.xlsx")
    except YusuanError as exc:
        assert exc.message
        return
    try:
        derive(budget)
    except ComposeError as exc:
        assert exc.message
