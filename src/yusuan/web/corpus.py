"""What the pages and the API read from the store, over its public API (:mod:`yusuan.store`).

The compare views take the documents of the chosen departments and years from the ready query
``department-years`` and their spending by function code from the view
``expenditure_by_function``; every amount is the store's, in 万元.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from yusuan.store import DocumentSummary, Store
from yusuan.web import figures
from yusuan.web.charts import Option

DEFAULT_KIND = "预算"
MAX_COMPARED = 8  # departments on one compare page (more bars are unreadable)


def to_json(value: Any) -> Any:
    """Store results as JSON values: dataclasses as objects, amounts as decimal strings."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=_plain))


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# --------------------------------------------------------------------------------------------
# departments over years


def department_years(store: Store, department: str, kind: str | None = DEFAULT_KIND) -> list[dict[str, Any]]:
    """The key figures of one department's current documents, a row per year (exact name)."""
    filters: dict[str, Any] = {"department": department, "exact": True}
    if kind:
        filters["kind"] = kind
    return store.query("department-years", **filters).as_dicts()


def function_amounts(store: Store, doc_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Spending by function code (类/款/项, 万元) of the given documents."""
    wanted = set(doc_ids)
    if not wanted:
        return []
    names, rows = store.relation_rows("expenditure_by_function", doc_ids=wanted)
    return [dict(zip(names, r, strict=True)) for r in rows]


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The chosen departments' documents over the chosen years, and the charts drawn from them."""

    departments: list[str]
    years: list[int]
    kind: str | None
    rows: list[dict[str, Any]]  # one per document: department-years columns
    treemap_year: int | None
    charts: dict[str, Option | None]


def compare(
    store: Store, departments: Sequence[str], years: Sequence[int], kind: str | None = DEFAULT_KIND
) -> Comparison:
    known = [d.department for d in store.departments()]
    chosen = [d for d in dict.fromkeys(departments) if d in known][:MAX_COMPARED] or known[:MAX_COMPARED]
    rows = [r for d in chosen for r in department_years(store, d, kind) if not years or r["year"] in years]
    functions = function_amounts(store, (r["doc_id"] for r in rows))
    in_years = sorted({r["year"] for r in rows if r["year"]})
    treemap_year = in_years[-1] if in_years else None
    latest = [f for f in functions if f.get("year") == treemap_year]
    charts = {
        "functions": figures.function_class_chart(functions, one_department=len(chosen) == 1),
        "basic_project": figures.basic_project_chart(rows, one_department=len(chosen) == 1),
        "three_public": figures.three_public_chart(
            [{**r, "total": r.get("three_public_total")} for r in rows]
        ),
        "treemap": figures.function_treemap(latest, f"{treemap_year} 年支出"),
    }
    return Comparison(chosen, sorted(set(years)), kind, rows, treemap_year, charts)


# --------------------------------------------------------------------------------------------
# the stored file of a document (for the check report with highlighted cells)


def stored_file(data_dir: Path, summary: DocumentSummary) -> Path | None:
    """The bytes a document was read from: an upload kept by hash, or the ingested file itself."""
    digest = summary.content_hash
    for candidate in sorted((data_dir / "uploads" / digest[:2]).glob(f"{digest}.*")):
        if not candidate.name.endswith(".part"):
            return candidate
    source = Path(summary.source_name)
    if source.is_file():
        stat = source.stat()
        if _sha256(source, stat.st_mtime_ns, stat.st_size) == digest:
            return source
    return None


@lru_cache(maxsize=256)
def _sha256(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
