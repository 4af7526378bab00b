"""Recognising a table's kind from its printed title (and, failing that, its header words)."""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.model import TableKind

_NUMBERING = re.compile(r"^\s*(?:附表\s*)?(?:[（(]?[一二三四五六七八九十百零〇\d]+[）)、.．]\s*)+")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年(?:度)?")
_SPACES = re.compile(r"[\s\u3000]+")

# Ordered: the first matching rule wins, so the more specific patterns come first.
_RULES: tuple[tuple[TableKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (TableKind.PERFORMANCE_OVERALL, r"整体.*绩效|绩效.*整体"),
        (TableKind.PERFORMANCE_PROJECTS, r"绩效目标"),
        (TableKind.THREE_PUBLIC, r"三公"),
        (TableKind.PROCUREMENT, r"政府采购"),
        (TableKind.ASSETS, r"固定资产|资产占用|国有资产"),
        (TableKind.ORGANIZATION, r"机构设置"),
        (TableKind.GOV_FUND, r"政府性基金"),
        (TableKind.STATE_CAPITAL, r"国有资本经营"),
        (TableKind.SPECIAL_ACCOUNT, r"财政专户"),
        (TableKind.GENERAL_PUBLIC_BASIC_DETAIL, r"一般公共预算.*基本支出.*(?:人员经费|公用经费|--|－|—)"),
        (TableKind.GENERAL_PUBLIC_BASIC, r"一般公共预算.*基本支出"),
        (TableKind.GENERAL_PUBLIC, r"一般公共预算.*支出"),
        (TableKind.FISCAL_SUMMARY, r"财政拨款收支|财政拨款收入支出"),
        (TableKind.ECONOMIC_SUMMARY, r"经济分类.*汇总|分类汇总"),
        (TableKind.PROJECTS, r"项目支出.*表|专项资金.*表|项目.*预算表"),
        (TableKind.SUMMARY, r"收支总表|收支预算总表|收支预算表|收支总体|收入支出.*总表"),
        (TableKind.INCOME, r"收入.*(?:总表|预算表|决算表)"),
        (TableKind.EXPENDITURE, r"支出.*(?:总表|预算表|决算表)"),
    )
)

_TITLE_HINT = re.compile(r"表(?:[（(][^）)]*[）)])*$|机构设置情况$|政府采购预算$|绩效目标$|资产信息表?$")


def normalize_title(title: str) -> str:
    """Title without numbering, year and spacing: the form used to compare titles."""
    text = _SPACES.sub("", title)
    text = _NUMBERING.sub("", text)
    text = _YEAR.sub("", text)
    return text.replace("(", "（").replace(")", "）")


# Memoised (a pure function of the title): the standard titles recur in every document.
@lru_cache(maxsize=512)
def classify_title(title: str) -> TableKind:
    text = normalize_title(title)
    for kind, pattern in _RULES:
        if pattern.search(text):
            return kind
    return TableKind.OTHER


def looks_like_title(text: str) -> bool:
    """A short line that names a table (not a sentence of the explanatory text)."""
    compact = _SPACES.sub("", text)
    if not compact or len(compact) > 70 or compact.endswith(("。", "；", "：", ":", "，")):
        return False
    if compact.startswith(("注", "说明")):
        return False
    if _TITLE_HINT.search(compact):
        return True
    # Long titles qualify their table after the word 表 (…支出表--公用经费(…)), and PDF text may
    # cut them off; prose, unlike a title, has commas and full stops.
    return "表" in compact[-40:] and not any(p in compact for p in "，。；,")
