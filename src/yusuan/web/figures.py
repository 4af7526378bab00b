"""The compare charts' data, from the rows of the store's ready queries (all amounts in 万元).

Input rows are dicts as :meth:`yusuan.store.QueryResult.as_dicts` gives them (columns of the
views ``expenditure_by_function``, ``basic_vs_project``, ``three_public_by_document``); the output
is what :mod:`yusuan.web.charts` draws. Documents are told apart by ``doc_id`` and shown as
“department year”.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from yusuan.web.charts import Option, TreeNode, line_chart, stacked_bars, treemap

Row = Mapping[str, Any]
WAN = "万元"

THREE_PUBLIC_PARTS: tuple[tuple[str, str], ...] = (
    ("overseas", "因公出国（境）费"),
    ("vehicle", "公务用车购置及运行费"),
    ("reception", "公务接待费"),
)


@dataclass(frozen=True)
class DocLabel:
    doc_id: str
    department: str
    year: int | None
    extra: str = ""  # scope and kind, where they tell two documents of one department and year apart

    def label(self, with_department: bool = True, prefix: int = 0) -> str:
        """``卫生健康委员会\n2024``: the department without the ``prefix`` characters all share."""
        year = f"{self.year}" if self.year else "年度不详"
        year += f"（{self.extra}）" if self.extra else ""
        return f"{_short(self.department[prefix:])}\n{year}" if with_department else year


def _short(name: str, size: int = 8) -> str:
    return name if len(name) <= size else name[: size - 1] + "…"


def labels(docs: Sequence[DocLabel], with_department: bool) -> list[str]:
    """Axis labels of the documents, their departments' common prefix (``某某市``) left out."""
    names = {d.department for d in docs}
    prefix = _shared_start(names) if len(names) > 1 else 0
    if any(len(name) - prefix < 2 for name in names):
        prefix = 0
    return [d.label(with_department, prefix) for d in docs]


def _shared_start(names: Iterable[str]) -> int:
    """How many leading characters all the names share."""
    first, *rest = sorted(names)
    size = len(first)
    for name in rest:
        size = next(
            (i for i, (a, b) in enumerate(zip(first[:size], name, strict=False)) if a != b),
            min(size, len(name)),
        )
    return size


def documents_in_order(rows: Iterable[Row]) -> list[DocLabel]:
    """The documents the rows are about, by department then year."""
    seen: dict[str, tuple[DocLabel, str]] = {}
    for r in rows:
        doc = DocLabel(str(r["doc_id"]), r.get("department") or "（未识别单位）", r.get("year"))
        seen.setdefault(doc.doc_id, (doc, f"{r.get('scope') or ''}{r.get('kind') or ''}"))
    shared = Counter((d.department, d.year) for d, _ in seen.values())
    labelled = [
        replace(d, extra=extra) if shared[(d.department, d.year)] > 1 else d for d, extra in seen.values()
    ]
    return sorted(labelled, key=lambda d: (d.department, d.year or 0, d.extra, d.doc_id))


def _amount(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def function_class_chart(rows: Sequence[Row], *, one_department: bool = False) -> Option | None:
    """Stacked bars: each document's spending by function 类 (3-digit code)."""
    classes = [r for r in rows if r.get("level") == 1]
    docs = documents_in_order(classes)
    names: dict[str, str] = {}
    amounts: dict[tuple[str, str], Decimal] = {}
    for r in classes:
        code = str(r["code"])
        names.setdefault(code, f"{code} {r.get('name') or ''}".strip())
        value = _amount(r.get("amount_wan"))
        if value is not None:
            amounts[(str(r["doc_id"]), code)] = amounts.get((str(r["doc_id"]), code), Decimal(0)) + value
    series = {names[code]: [amounts.get((d.doc_id, code)) for d in docs] for code in sorted(names)}
    return stacked_bars(labels(docs, not one_department), series, WAN)


def basic_project_chart(rows: Sequence[Row], *, one_department: bool = False) -> Option | None:
    """Stacked bars: each document's 基本支出 and 项目支出."""
    docs = documents_in_order(rows)
    by_doc = {str(r["doc_id"]): r for r in rows}
    series = {
        "基本支出": [_amount(by_doc[d.doc_id].get("basic")) for d in docs],
        "项目支出": [_amount(by_doc[d.doc_id].get("project")) for d in docs],
    }
    return stacked_bars(labels(docs, not one_department), series, WAN)


def three_public_chart(rows: Sequence[Row]) -> Option | None:
    """Lines over the years: each department's “三公”经费 total."""
    years = sorted({int(r["year"]) for r in rows if r.get("year")})
    departments = sorted({r.get("department") or "（未识别单位）" for r in rows})
    totals: dict[tuple[str, int], Decimal] = {}
    for r in rows:
        value = _amount(r.get("total"))
        if r.get("year") and value is not None:
            totals[(r.get("department") or "（未识别单位）", int(r["year"]))] = value
    series = {d: [totals.get((d, y)) for y in years] for d in departments}
    return line_chart([str(y) for y in years], series, WAN)


def three_public_parts_chart(rows: Sequence[Row]) -> Option | None:
    """Stacked bars over the years of one department: the parts of its “三公”经费."""
    docs = sorted(rows, key=lambda r: r.get("year") or 0)
    series = {label: [_amount(r.get(key)) for r in docs] for key, label in THREE_PUBLIC_PARTS}
    return stacked_bars([str(r.get("year") or "年度不详") for r in docs], series, WAN)


def function_tree(rows: Sequence[Row]) -> list[TreeNode]:
    """类 → 款 → 项 with amounts summed over the given rows (one document, or several added up)."""
    totals: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for r in rows:
        code, value = str(r.get("code") or ""), _amount(r.get("amount_wan"))
        if len(code) not in (3, 5, 7) or value is None:
            continue
        totals[code] = totals.get(code, Decimal(0)) + value
        names.setdefault(code, r.get("name") or "")

    def node(code: str) -> TreeNode:
        below = sorted(c for c in totals if len(c) == len(code) + 2 and c.startswith(code))
        return TreeNode(code, names[code], totals[code], tuple(node(c) for c in below))

    return [node(c) for c in sorted(c for c in totals if len(c) == 3)]


def function_treemap(rows: Sequence[Row], title: str) -> Option | None:
    return treemap(function_tree(rows), WAN, title)
