"""The JSON form of a :class:`~yusuan.compose.model.BudgetInput`.

``{"schema": "yusuan.budget-input/1", "unit": {...}, "lines": [...], ...}``: field names as in
the dataclasses, amounts as strings (``"12.30"``), enums by their Chinese value (``"一般公共预算
拨款"``, ``"单位"``). ``from_dict(to_dict(x)) == x``. A malformed document raises
:class:`~yusuan.compose.derive.ComposeError` naming the field.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from yusuan.compose.derive import ComposeError
from yusuan.compose.model import BudgetInput

__all__ = ["SCHEMA", "dumps", "from_dict", "is_budget_input", "loads", "to_dict"]

SCHEMA = "yusuan.budget-input/1"


def to_dict(budget: BudgetInput) -> dict[str, Any]:
    data = _encode(budget)
    assert isinstance(data, dict)
    return {"schema": SCHEMA, **data}


def dumps(budget: BudgetInput) -> str:
    return json.dumps(to_dict(budget), ensure_ascii=False, indent=1)


def is_budget_input(data: object) -> bool:
    return isinstance(data, dict) and data.get("schema") == SCHEMA


def loads(text: str) -> BudgetInput:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ComposeError(f"不是有效的 JSON（第 {exc.lineno} 行）：请检查文件内容") from exc
    return from_dict(data)


def from_dict(data: object) -> BudgetInput:
    if not is_budget_input(data):
        raise ComposeError(f'不是预算录入数据：JSON 应有 "schema": "{SCHEMA}"')
    assert isinstance(data, dict)
    body = {k: v for k, v in data.items() if k != "schema"}
    result = _decode(BudgetInput, body, "")
    assert isinstance(result, BudgetInput)
    return result


def _encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value}"
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value


def _decode(kind: Any, value: object, path: str) -> object:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if value is None:
            return None
        return _decode(options[0], value, path)
    if origin is tuple:
        args = typing.get_args(kind)
        if not isinstance(value, list):
            raise _bad(path, "应为列表")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v, f"{path}[{i}]") for i, v in enumerate(value))
        if len(value) != len(args):
            raise _bad(path, f"应有 {len(args)} 项")
        return tuple(_decode(a, v, f"{path}[{i}]") for i, (a, v) in enumerate(zip(args, value, strict=True)))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise _bad(path, "应为对象")
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        unknown = sorted(set(value) - names)
        if unknown:
            raise _bad(f"{path}.{unknown[0]}".lstrip("."), "不是已知的字段")
        fields = {k: _decode(hints[k], v, f"{path}.{k}".lstrip(".")) for k, v in value.items()}
        try:
            return kind(**fields)
        except TypeError as exc:
            raise _bad(path or "（顶层）", "缺少必填字段") from exc
    if kind is Decimal:
        if not isinstance(value, str | int):
            raise _bad(path, '金额应写成字符串，如 "12.30"')
        try:
            number = Decimal(str(value))
        except InvalidOperation as exc:
            raise _bad(path, f"“{value}”不是数字") from exc
        if not number.is_finite():
            raise _bad(path, f"“{value}”不是数字")
        return number
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(value)
        except ValueError as exc:
            allowed = "、".join(str(m.value) for m in kind)
            raise _bad(path, f"“{value}”不是可选值（{allowed}）") from exc
    if kind is bool:
        if not isinstance(value, bool):
            raise _bad(path, "应为 true 或 false")
        return value
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _bad(path, "应为整数")
        return value
    if kind is str:
        if not isinstance(value, str):
            raise _bad(path, "应为文字")
        return value
    raise _bad(path, "无法识别")  # pragma: no cover - every field type is handled above


def _bad(path: str, what: str) -> ComposeError:
    return ComposeError(f"预算录入数据的字段 {path} {what}：请改正后重试")
