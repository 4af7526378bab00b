"""``yusuan.frozen.fast_init``: the faster constructor behaves as the dataclass one did."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from yusuan import model
from yusuan.formats import base
from yusuan.frozen import fast_init


def _twins() -> tuple[type, type]:
    """The same frozen dataclass twice: one keeps the generated __init__, one gets fast_init."""

    def declare() -> type:
        @dataclass(frozen=True, slots=True)
        class Sample:
            code: str | None
            line: int
            page: int | None = None
            values: dict[str, Decimal] = field(default_factory=dict)
            flag: bool = False

        return Sample

    return declare(), fast_init(declare())


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("201", 3), {}),
        (("201", 3, 7), {"flag": True}),
        ((None,), {"line": 1, "values": {"a": Decimal("1.50")}}),
        ((), {"code": "x", "line": 2, "page": None, "values": {}, "flag": False}),
    ],
)
def test_same_object_as_the_dataclass_init(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    plain, fast = _twins()
    a, b = plain(*args, **kwargs), fast(*args, **kwargs)
    assert dataclasses.astuple(a) == dataclasses.astuple(b)
    assert repr(a).split("(", 1)[1] == repr(b).split("(", 1)[1]
    assert b == fast(*args, **kwargs) and b != plain(*args, **kwargs)  # eq as generated: same class only


def test_still_frozen_and_factories_give_fresh_values() -> None:
    _, fast = _twins()
    one, two = fast("1", 1), fast("1", 1)
    assert one.values == {} and one.values is not two.values
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.line = 2
    cells = base.CellRow(("a", "1.00"), 4)
    assert hash(cells) == hash(base.CellRow(("a", "1.00"), 4, None, False))
    with pytest.raises(dataclasses.FrozenInstanceError):
        cells.line = 5  # type: ignore[misc]


def test_wrong_calls_fail_as_before() -> None:
    plain, fast = _twins()
    for cls in (plain, fast):
        with pytest.raises(TypeError):
            cls("201")  # line missing
        with pytest.raises(TypeError):
            cls("201", 1, nothing=3)
        with pytest.raises(TypeError):
            cls("201", 1, 2, {}, False, "one too many")


def test_refuses_what_it_cannot_copy() -> None:
    @dataclass
    class Mutable:
        a: int

    @dataclass(frozen=True, slots=True)
    class WithPostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordOnly:
        a: int

    for cls in (Mutable, WithPostInit, KeywordOnly):
        with pytest.raises(TypeError, match="fast_init"):
            fast_init(cls)


def test_model_and_block_types_use_it_and_build_all_fields() -> None:
    for cls in (model.Row, model.RawRow, model.Table, model.Fact, model.Disclosure, base.CellRow):
        assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
        assert "_set0" in cls.__init__.__code__.co_names  # the fast one
    row = model.Row("2010101", "行政运行", 3, {"total": Decimal("1.00")}, 12, page=2, attrs={"k": "v"})
    assert (row.code, row.name, row.level, row.line, row.page, row.attrs, row.repaired) == (
        "2010101",
        "行政运行",
        3,
        12,
        2,
        {"k": "v"},
        False,
    )
    assert model.Row("1", "a", None, {}, 1).attrs == {}
    assert dataclasses.replace(row, repaired=True).repaired is True
