"""Amount and code normalisation, including generated cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yusuan.extract.codes import level_of, normalize_code, scheme_of
from yusuan.extract.numbers import parse_amount
from yusuan.model import CodeScheme


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("5,497.60", "5497.60"),
        ("349.27", "349.27"),
        ("0", "0"),
        ("1 219.00", "1219.00"),
        ("-12.5", "-12.5"),
        ("", None),
        ("—", None),
        (" - ", None),
    ],
)
def test_parse_amount(cell: str, expected: str | None) -> None:
    value = parse_amount(cell)
    assert (str(value) if value is not None else None) == expected


@pytest.mark.parametrize("cell", ["合计", "≥95%", "12.3.4", "1,23.00", "abc"])
def test_parse_amount_refuses_text(cell: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(cell)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_thousands_separators_round_trip(value: Decimal) -> None:
    assert parse_amount(f"{value:,.2f}") == value
    assert parse_amount(f"{value:.2f}") == value


@pytest.mark.parametrize(
    ("cell", "code", "scheme", "level"),
    [
        ("210 15 50", "2101550", CodeScheme.FUNCTION, 3),
        ("21015", "21015", CodeScheme.FUNCTION, 2),
        ("301", "301", CodeScheme.DEPT_ECONOMIC, 1),
        ("50101", "50101", CodeScheme.GOV_ECONOMIC, 2),
        ("41900123000000010510 5", "419001230000000105105", CodeScheme.PROJECT, None),
        ("A05040101", "A05040101", CodeScheme.PROCUREMENT, None),
    ],
)
def test_codes(cell: str, code: str, scheme: CodeScheme, level: int | None) -> None:
    assert normalize_code(cell) == code
    assert scheme_of(code) is scheme
    assert level_of(code, scheme) == level


@pytest.mark.parametrize("cell", ["合计", "行政运行", "12.50", ""])
def test_non_codes(cell: str) -> None:
    assert normalize_code(cell) is None
