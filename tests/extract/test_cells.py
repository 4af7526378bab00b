"""Cell-level tests that run for every cell of every table: codes, amounts, labels, meta rows,
repeated headers. The fast string tests must agree with the patterns that define them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yusuan.extract.codes import normalize_code
from yusuan.extract.header import clean_label, label_paths
from yusuan.extract.numbers import count_amounts, is_amount, read_amount
from yusuan.extract.segment import is_meta_row
from yusuan.extract.tables import split_header
from yusuan.model import RawRow

# The definitions the string tests replace (\d is any Unicode decimal digit).
_CODE_DIGITS = re.compile(r"^\d[\d ]*\d$|^\d$")
_CODE_PROCUREMENT = re.compile(r"^[ABC]\d{2,}$")
_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SPACES = re.compile(r"[\s\u3000]+")

_CELL_CHARS = st.sampled_from(list("0123456789 \u3000\n\t\xa0ABCa１٣²-−.,，合计—/"))
_CELLS = st.lists(_CELL_CHARS, max_size=9).map("".join)


def _code_by_pattern(cell: str) -> str | None:
    text = cell.replace("\u3000", " ").replace("\n", " ").strip()
    if _CODE_DIGITS.match(text):
        return text.replace(" ", "")
    compact = text.replace(" ", "")
    return compact if _CODE_PROCUREMENT.match(compact) else None


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("210 15 50", "2101550"),
        ("\u3000201\n01 ", "20101"),
        ("7", "7"),
        ("A05040101", "A05040101"),
        ("A 0504", "A0504"),
        ("A5", None),
        ("AB12", None),
        ("合计", None),
        ("", None),
        ("2010101 行政运行", None),
    ],
)
def test_normalize_code(cell: str, code: str | None) -> None:
    assert normalize_code(cell) == code


@given(_CELLS)
def test_normalize_code_follows_its_patterns(cell: str) -> None:
    assert normalize_code(cell) == _code_by_pattern(cell)


@pytest.mark.parametrize(
    ("cell", "readable", "value"),
    [
        ("554113.68", True, Decimal("554113.68")),
        ("5,497.60", True, Decimal("5497.60")),
        (" 1 234.5 ", True, Decimal("1234.5")),
        ("−3", True, Decimal("-3")),
        ("0.00", True, Decimal("0.00")),
        ("—", True, None),
        ("", True, None),
        ("12.", False, None),
        (".5", False, None),
        ("1.2.3", False, None),
        ("行政运行", False, None),
    ],
)
def test_read_amount(cell: str, readable: bool, value: Decimal | None) -> None:
    assert read_amount(cell) == (readable, value)
    assert is_amount(cell) is (value is not None)


@given(_CELLS)
def test_amounts_follow_their_pattern(cell: str) -> None:
    text = cell.replace(" ", "").replace("\u3000", "").replace("\n", "").replace("，", ",").strip()
    readable, value = read_amount(cell)
    if _AMOUNT.match(text):
        assert readable and value == Decimal(text.replace(",", "").replace("−", "-"))
    else:
        assert value is None
    assert is_amount(cell) is (value is not None)


def test_count_amounts() -> None:
    assert count_amounts(["1", "", "合计", "2.50", "—", "0"]) == 3
    assert count_amounts([]) == 0


@given(st.lists(st.sampled_from(list("预算数 \u3000\t\n\xa0\u2003\x1c合计")), max_size=8).map("".join))
def test_clean_label_removes_every_space(text: str) -> None:
    assert clean_label(text) == _SPACES.sub("", text)


@pytest.mark.parametrize(
    ("cells", "meta"),
    [
        (("单位：万元",), True),
        (("597001唐山市统计局", "预算年度：2024", "单位：万元"), True),
        (("（2024年度）",), True),
        (("2024年部门预算",), False),
        (("行政运行", "12.00"), False),
        (("", ""), False),
    ],
)
def test_is_meta_row(cells: tuple[str, ...], meta: bool) -> None:
    assert is_meta_row(cells) is meta


def test_split_header_drops_headers_printed_again() -> None:
    """A header repeated after a page break (even with spaces inside a label) is not data."""
    rows = (
        RawRow(("科目编码", "科目名称", "预算数"), 1),
        RawRow(("201", "一般公共服务支出", "12.00"), 2),
        RawRow(("科目 编码", "科目\u3000名称", "预 算 数"), 3),
        RawRow(("20101", "人大事务", "1,012.00"), 4),
        RawRow(("合计", "", "1,024.00"), 5),
    )
    header, data = split_header(rows)
    assert [r.line for r in header] == [1]
    assert [r.line for r in data] == [2, 4, 5]


def test_split_header_ends_at_a_column_number_row() -> None:
    rows = (
        RawRow(("项目", "本年收入", ""), 1),
        RawRow(("", "合计", "财政拨款"), 2),
        RawRow(("栏次", "1", "2"), 3),
        RawRow(("合计", "1", "1"), 4),
        RawRow(("栏次", "1", "2"), 5),
    )
    header, data = split_header(rows)
    assert [r.line for r in header] == [1, 2]
    assert [r.line for r in data] == [4]


def test_label_paths_spread_a_group_label_over_its_columns() -> None:
    header = [(("项目", "本年收入", "", ""), False), (("", "合计", "财政拨款", "事业收入"), False)]
    assert label_paths(header, 4) == [
        ("项目",),
        ("本年收入", "合计"),
        ("本年收入", "财政拨款"),
        ("本年收入", "事业收入"),
    ]
    collapsed = [(("科目", "本年收入"), True), (("编码", "名称", "合计", "财政拨款"), False)]
    assert label_paths(collapsed, 4) == [
        ("科目", "编码"),
        ("科目", "名称"),
        ("本年收入", "合计"),
        ("本年收入", "财政拨款"),
    ]
