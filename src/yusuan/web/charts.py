"""ECharts options built on the server from the corpus' figures.

Each function returns the option object of one chart (plain dicts; amounts stay ``Decimal``
until :func:`yusuan.web.app.chart_json` writes them for the browser) or ``None`` when there is
nothing to draw. The page hands the option to the locally served ECharts unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Option = dict[str, Any]
Amount = Decimal | None

FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'
PALETTE = (
    "#1f5fa8", "#e8833a", "#3a9e5c", "#c94c4c", "#7e5bb5", "#2aa3b8", "#b8962a", "#d16fa8",
    "#6b7f3a", "#8a8a8a", "#4b79d1", "#a0522d",
)  # fmt: skip


@dataclass(frozen=True)
class TreeNode:
    """One code of a classification tree with its amount (a 类 with its 款, a 款 with its 项)."""

    code: str
    name: str
    value: Decimal
    children: tuple[TreeNode, ...] = field(default=())


def _base(unit: str) -> Option:
    return {
        "animation": False,
        "color": list(PALETTE),
        "textStyle": {"fontFamily": FONT},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 12, "right": 24, "top": 56, "bottom": 12, "containLabel": True},
        "yAxis": {"type": "value", "name": unit, "nameTextStyle": {"align": "right"}},
    }


CROWDED = 6  # more categories than this: labels on one slanted line each


def _category_axis(categories: Sequence[str]) -> Option:
    if len(categories) > CROWDED:
        slanted = [c.replace("\n", " ") for c in categories]
        return {"type": "category", "data": slanted, "axisLabel": {"interval": 0, "rotate": 35}}
    return {"type": "category", "data": list(categories), "axisLabel": {"interval": 0, "lineHeight": 16}}


def _has_values(series: Mapping[str, Sequence[Amount]]) -> bool:
    return any(v is not None and v != 0 for values in series.values() for v in values)


def stacked_bars(
    categories: Sequence[str], series: Mapping[str, Sequence[Amount]], unit: str
) -> Option | None:
    """One bar per category, stacked by series (e.g. function 类 per department and year)."""
    if not categories or not _has_values(series):
        return None
    option = _base(unit)
    option["xAxis"] = _category_axis(categories)
    option["series"] = [
        {"name": name, "type": "bar", "stack": "total", "emphasis": {"focus": "series"}, "data": list(values)}
        for name, values in series.items()
    ]
    return option


def line_chart(categories: Sequence[str], series: Mapping[str, Sequence[Amount]], unit: str) -> Option | None:
    """One line per series over the categories (e.g. “三公”经费 of each department over the years)."""
    if not categories or not _has_values(series):
        return None
    option = _base(unit)
    option["tooltip"] = {"trigger": "axis"}
    option["xAxis"] = {**_category_axis(categories), "boundaryGap": False}
    option["series"] = [
        {"name": name, "type": "line", "connectNulls": False, "symbolSize": 8, "data": list(values)}
        for name, values in series.items()
    ]
    return option


def treemap(nodes: Sequence[TreeNode], unit: str, name: str) -> Option | None:
    """Areas by amount: 类, inside them 款 and 项 (click to zoom in)."""
    nodes = [n for n in nodes if n.value > 0]
    if not nodes:
        return None
    return {
        "animation": False,
        "color": list(PALETTE),
        "textStyle": {"fontFamily": FONT},
        "tooltip": {"formatter": "{b}：{c} " + unit},
        "series": [
            {
                "type": "treemap",
                "name": name,
                "data": [_tree_item(n) for n in nodes],
                "roam": False,
                "leafDepth": 2,
                "top": 8,
                "bottom": 36,
                "left": 4,
                "right": 4,
                "label": {"show": True, "formatter": "{b}"},
                "upperLabel": {"show": True, "height": 22, "color": "#fff"},
                "breadcrumb": {"show": True, "bottom": 4},
                "levels": [
                    {"itemStyle": {"borderColor": "#fff", "borderWidth": 3, "gapWidth": 3}},
                    {
                        "colorSaturation": [0.35, 0.6],
                        "itemStyle": {"borderColorSaturation": 0.7, "gapWidth": 2, "borderWidth": 2},
                    },
                    {"colorSaturation": [0.3, 0.5], "itemStyle": {"gapWidth": 1}},
                ],
            }
        ],
    }


def _tree_item(node: TreeNode) -> Option:
    item: Option = {"name": f"{node.code} {node.name}", "value": node.value}
    children = [c for c in node.children if c.value > 0]
    if children:
        item["children"] = [_tree_item(c) for c in children]
    return item
