"""Check configuration: ``[tool.yusuan]`` in pyproject.toml, or a ``yusuan.toml``.

Example::

    [tool.yusuan]                 # in yusuan.toml the table is [yusuan] or top level
    disable = ["WD003"]           # rule ids switched off
    tolerance_factor = 1.5        # widen rounding tolerance
    suppress = ["3f2a9c1d0b7e"]   # finding fingerprints accepted as known

    [tool.yusuan.severity]
    CMP001 = "error"              # re-grade a rule
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from yusuan.errors import YusuanError
from yusuan.rules.findings import Severity


@dataclass(frozen=True)
class CheckConfig:
    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    tolerance_factor: Decimal = Decimal(1)
    suppress: frozenset[str] = frozenset()
    source: str | None = None  # the file the configuration came from

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        return self.severities.get(rule_id, default)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest yusuan.toml, or pyproject.toml with a [tool.yusuan] table, from ``start`` up."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "yusuan.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in _toml(pyproject) and "yusuan" in _toml(pyproject)["tool"]:
            return pyproject
    return None


def load_config(path: Path | None) -> CheckConfig:
    if path is None:
        return CheckConfig()
    data = _toml(path)
    table: Any = (
        data.get("tool", {}).get("yusuan") if path.name == "pyproject.toml" else data.get("yusuan", data)
    )
    if not isinstance(table, dict):
        return CheckConfig(source=str(path))
    return parse_config(table, str(path))


def parse_config(table: Mapping[str, Any], source: str) -> CheckConfig:
    def ids(key: str) -> frozenset[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise YusuanError(f'配置项 {key} 应是字符串列表，例如 {key} = ["SUM001"]。', source=source)
        return frozenset(v.strip() for v in value)

    severities: dict[str, Severity] = {}
    for rule_id, grade in dict(table.get("severity", {})).items():
        try:
            severities[str(rule_id)] = Severity(str(grade))
        except ValueError:
            raise YusuanError(
                f"配置中规则 {rule_id} 的级别“{grade}”无效，应为 error、warning 或 info。", source=source
            ) from None
    try:
        factor = Decimal(str(table.get("tolerance_factor", "1")))
    except InvalidOperation:
        raise YusuanError("配置项 tolerance_factor 应是数字，例如 1.5。", source=source) from None
    if factor < 0:
        raise YusuanError("配置项 tolerance_factor 不能为负数。", source=source)
    return CheckConfig(ids("disable"), severities, factor, ids("suppress"), source)


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise YusuanError(f"无法读取配置文件（{exc}）。请检查 TOML 语法。", source=str(path)) from exc
