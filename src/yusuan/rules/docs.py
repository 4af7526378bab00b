"""The rule catalogue as data and as Markdown, generated from the rules themselves.

``yusuan rules`` and ``docs/rules.md`` both come from :func:`entries`, so the documentation cannot
drift from the code: ``python -m yusuan.rules.docs > docs/rules.md`` rewrites the file and a test
checks that the committed one is current.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

from yusuan.rules.catalog import FAMILIES, all_rules, family_name
from yusuan.rules.findings import Severity
from yusuan.rules.registry import Rule

REGENERATE = "python -m yusuan.rules.docs > docs/rules.md"


@dataclass(frozen=True, slots=True)
class RuleEntry:
    """One rule as the catalogue shows it."""

    id: str
    family: str  # the family's key, e.g. ``arithmetic``
    family_name: str  # its Chinese name, e.g. 表内运算
    severity: Severity
    title: str
    doc: str  # the whole explanation (the check function's docstring)
    summary: str  # its first paragraph

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "family": self.family,
            "family_name": self.family_name,
            "severity": self.severity.value,
            "title": self.title,
            "summary": self.summary,
            "doc": self.doc,
        }


def entry(rule: Rule) -> RuleEntry:
    return RuleEntry(
        id=rule.id,
        family=rule.family,
        family_name=family_name(rule.family),
        severity=rule.severity,
        title=rule.title,
        doc=rule.doc,
        summary=rule.summary,
    )


def entries(rules: Iterable[Rule] | None = None) -> tuple[RuleEntry, ...]:
    """Every rule, by family in catalogue order, then by id."""
    order = {name: i for i, (_, name) in enumerate(FAMILIES)}
    found = [entry(r) for r in (all_rules() if rules is None else rules)]
    return tuple(sorted(found, key=lambda e: (order.get(e.family_name, len(order)), e.id)))


def by_family(items: Iterable[RuleEntry]) -> list[tuple[str, list[RuleEntry]]]:
    """Entries grouped by Chinese family name, keeping their order."""
    groups: dict[str, list[RuleEntry]] = {}
    for item in items:
        groups.setdefault(item.family_name, []).append(item)
    return list(groups.items())


def markdown(items: Iterable[RuleEntry] | None = None) -> str:
    """``docs/rules.md``: an overview table per family, then every rule's explanation."""
    rules = tuple(entries() if items is None else items)
    lines = [
        "# 检查规则目录",
        "",
        f"本文件由 `{REGENERATE}` 根据规则定义自动生成，请勿手工编辑；测试会检查它是否最新。",
        f"命令 `yusuan rules` 列出同样的内容。共 {len(rules)} 条规则。",
        "",
        "级别：**错误**（error）——印出的数字与恒等关系相矛盾，超出四舍五入误差；"
        "**警告**（warning）——很可能的缺陷，如年度不一致、缺少表格或说明；"
        "**提示**（info）——值得了解的情况，如四舍五入误差范围内的差异。"
        "级别和开关可在配置文件中调整（见 [cli.md](cli.md)）。",
        "",
    ]
    for name, group in by_family(rules):
        lines += _family_section(name, group)
    return "\n".join(lines).rstrip() + "\n"


def _family_section(name: str, group: list[RuleEntry]) -> list[str]:
    lines = [f"## {name}（{group[0].family}）", "", "| 编号 | 级别 | 标题 |", "|---|---|---|"]
    lines += [f"| {e.id} | {e.severity.label} | {_cell(e.title)} |" for e in group]
    lines.append("")
    for e in group:
        lines += [
            f"### {e.id} {e.title}",
            "",
            f"级别：{e.severity.label}（{e.severity.value}）　类别：{e.family_name}",
            "",
            e.doc,
            "",
        ]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main() -> None:
    """Print the Markdown catalogue as UTF-8 (whatever the terminal's encoding)."""
    sys.stdout.buffer.write(markdown().encode("utf-8"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
