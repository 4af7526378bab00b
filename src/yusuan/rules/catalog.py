"""The rule catalogue: every family module, in documentation order.

A new family is a module of ``@rule`` declarations added to ``FAMILIES``; ``yusuan rules`` and
``docs/rules.md`` list it from here.
"""

from __future__ import annotations

import importlib
from functools import cache

from yusuan.rules.registry import Rule, rules_in

# (module, Chinese family name)
FAMILIES: tuple[tuple[str, str], ...] = (
    ("yusuan.rules.arithmetic", "表内运算"),
    ("yusuan.rules.codetree", "科目层级汇总"),
    ("yusuan.rules.crosstable", "表间一致"),
    ("yusuan.rules.text", "说明与表格一致"),
    ("yusuan.rules.year", "预算年度一致"),
    ("yusuan.rules.wording", "文字规范"),
    ("yusuan.rules.completeness", "公开完整性"),
    ("yusuan.rules.procurement", "政府采购与资产"),
    ("yusuan.rules.performance", "绩效目标"),
    ("yusuan.rules.codes", "科目编码"),
)


@cache
def all_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for module_name, _ in FAMILIES:
        rules.extend(rules_in(importlib.import_module(module_name)))
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate rule ids: {sorted(duplicates)}")
    return tuple(rules)


def family_name(module_or_family: str) -> str:
    for module_name, name in FAMILIES:
        if module_name.rsplit(".", 1)[-1] == module_or_family or module_name == module_or_family:
            return name
    return module_or_family


def rule_by_id(rule_id: str) -> Rule | None:
    return next((r for r in all_rules() if r.id == rule_id), None)
