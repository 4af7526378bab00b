"""The ready analyses: ``yusuan query NAME``, ``Store.query(NAME, **filters)``.

Each query is plain SQL over the views of :mod:`yusuan.store.schema` (the same text runs on
DuckDB and PostgreSQL) with optional filters appended as ``AND`` conditions. Figures are 万元.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from yusuan.store.types import QueryParam, QuerySpec, StoreError

DEPARTMENT = QueryParam("department", "部门", str, help="部门（单位）名称中包含的文字，如 医疗保障局")
YEAR = QueryParam("year", "年度", int, help="预算年度，如 2025")
CODE = QueryParam(
    "code", "功能科目编码", str, help="支出功能分类科目编码：类 3 位、款 5 位、项 7 位，如 2101501"
)
KIND = QueryParam("kind", "类型", str, help="预算 或 决算")
EXACT = QueryParam(
    "exact", "部门全称匹配", bool, help="为 true 时 department 须是部门（单位）全称，而不是名称中包含的文字"
)
LIMIT = QueryParam("limit", "最多行数", int, help="最多返回多少行")


def _required(param: QueryParam) -> QueryParam:
    return QueryParam(param.name, param.label, param.type, True, param.help)


@dataclass(frozen=True, slots=True)
class _Query:
    spec: QuerySpec
    sql: str  # with {where}: where the filter conditions go (each prefixed with AND)
    filters: Mapping[str, str]  # param → condition with one ?


_CONTAINS = "strpos({col}, ?) > 0"
_CONTAINED = re.compile(r"strpos\(([\w.]+), \?\) > 0")


def _exactly(condition: str) -> str:
    """A "contains" condition on the department turned into "equals" (the ``exact`` filter)."""
    return _CONTAINED.sub(r"\1 = ?", condition)


def _q(
    name: str,
    title: str,
    description: str,
    params: tuple[QueryParam, ...],
    columns: tuple[tuple[str, str], ...],
    sql: str,
    filters: Mapping[str, str],
) -> _Query:
    return _Query(QuerySpec(name, title, description, (*params, LIMIT), columns), sql, filters)


_FIGURES = (
    ("expenditure_total", "支出总计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("three_public_total", "“三公”经费"),
    ("operating_costs", "机关运行经费"),
)

_READY: tuple[_Query, ...] = (
    _q(
        "department-years",
        "一个部门的历年预算",
        "某部门（单位）各年度的主要数字（万元）及支出总计比上年增减，和每年检查发现的错误、警告数。",
        (_required(DEPARTMENT), EXACT, KIND),
        (
            ("department", "部门"),
            ("year", "年度"),
            ("kind", "类型"),
            ("scope", "范围"),
            *_FIGURES,
            ("expenditure_change", "支出比上年增减"),
            ("errors", "错误"),
            ("warnings", "警告"),
            ("doc_id", "文件编号"),
        ),
        """
SELECT department, year, kind, scope, expenditure_total, basic, project, three_public_total,
  operating_costs,
  expenditure_total - LAG(expenditure_total) OVER (
    PARTITION BY department, kind, scope ORDER BY year) AS expenditure_change,
  errors, warnings, doc_id
FROM document_figures WHERE is_current{where}
ORDER BY department, kind, scope, year""",
        {"department": _CONTAINS.format(col="department"), "kind": "kind = ?"},
    ),
    _q(
        "departments-year",
        "同一年度各部门对比",
        "某一年度各部门（单位）的主要数字（万元）并排比较，按支出总计从大到小排列。",
        (_required(YEAR), DEPARTMENT, EXACT, KIND),
        (
            ("department", "部门"),
            ("scope", "范围"),
            ("kind", "类型"),
            *_FIGURES,
            ("errors", "错误"),
            ("warnings", "警告"),
            ("doc_id", "文件编号"),
        ),
        """
SELECT department, scope, kind, expenditure_total, basic, project, three_public_total,
  operating_costs, errors, warnings, doc_id
FROM document_figures WHERE is_current{where}
ORDER BY expenditure_total DESC NULLS LAST, department""",
        {"year": "year = ?", "department": _CONTAINS.format(col="department"), "kind": "kind = ?"},
    ),
    _q(
        "three-public",
        "“三公”经费排名及变化",
        "某一年度各部门（单位）的“三公”经费（万元）从高到低排名，及其构成、比上年（库中上一年度文件）"
        "的增减和增减率，并列出说明中自述的增减额以便核对。",
        (_required(YEAR), DEPARTMENT, EXACT, KIND),
        (
            ("rank", "名次"),
            ("department", "部门"),
            ("scope", "范围"),
            ("total", "“三公”经费"),
            ("overseas", "因公出国（境）费"),
            ("vehicle", "公务用车购置及运行费"),
            ("reception", "公务接待费"),
            ("previous_total", "上年“三公”经费"),
            ("change", "比上年增减"),
            ("change_pct", "增减率（%）"),
            ("change_stated", "说明所述增减"),
            ("doc_id", "文件编号"),
        ),
        """
SELECT RANK() OVER (ORDER BY cur.total DESC NULLS LAST) AS rank, cur.department, cur.scope,
  cur.total, cur.overseas, cur.vehicle, cur.reception, prev.total AS previous_total,
  cur.total - prev.total AS change,
  CAST(100 * (cur.total - prev.total) / NULLIF(prev.total, 0) AS NUMERIC(12, 2)) AS change_pct,
  cur.change_stated, cur.doc_id
FROM three_public_by_document cur
LEFT JOIN three_public_by_document prev
  ON prev.department = cur.department AND prev.kind = cur.kind
  AND prev.scope IS NOT DISTINCT FROM cur.scope AND prev.year = cur.year - 1
WHERE TRUE{where}
ORDER BY rank, cur.department""",
        {
            "year": "cur.year = ?",
            "department": _CONTAINS.format(col="cur.department"),
            "kind": "cur.kind = ?",
        },
    ),
    _q(
        "basic-project",
        "基本支出与项目支出占比",
        "各部门（单位）基本支出和项目支出（万元）及各占两者之和的百分比。",
        (YEAR, DEPARTMENT, EXACT, KIND),
        (
            ("department", "部门"),
            ("year", "年度"),
            ("scope", "范围"),
            ("expenditure_total", "支出总计"),
            ("basic", "基本支出"),
            ("project", "项目支出"),
            ("basic_pct", "基本支出占比（%）"),
            ("project_pct", "项目支出占比（%）"),
            ("doc_id", "文件编号"),
        ),
        """
SELECT department, year, scope, expenditure_total, basic, project, basic_pct, project_pct, doc_id
FROM basic_vs_project WHERE TRUE{where}
ORDER BY year, basic_pct DESC NULLS LAST, department""",
        {"year": "year = ?", "department": _CONTAINS.format(col="department"), "kind": "kind = ?"},
    ),
    _q(
        "function-code",
        "某功能科目在各部门的支出",
        "一个支出功能分类科目（类、款或项）在各部门（单位）的支出金额（万元）及占该部门支出总计的百分比。",
        (_required(CODE), YEAR, DEPARTMENT, EXACT),
        (
            ("department", "部门"),
            ("year", "年度"),
            ("scope", "范围"),
            ("code", "科目编码"),
            ("name", "科目名称"),
            ("amount", "金额"),
            ("share_pct", "占支出总计（%）"),
            ("doc_id", "文件编号"),
        ),
        """
SELECT e.department, e.year, e.scope, e.code, e.name, e.amount_wan AS amount,
  CAST(100 * e.amount_wan / NULLIF(g.expenditure_total, 0) AS NUMERIC(12, 2)) AS share_pct, e.doc_id
FROM expenditure_by_function e JOIN document_figures g ON g.doc_id = e.doc_id
WHERE TRUE{where}
ORDER BY e.year, e.amount_wan DESC NULLS LAST, e.department""",
        {
            "code": "e.code = ?",
            "year": "e.year = ?",
            "department": _CONTAINS.format(col="e.department"),
        },
    ),
    _q(
        "findings",
        "各部门检查发现的问题",
        "按部门（单位）和年度汇总检查发现的错误、警告和提示，列出出现最多的规则——哪些部门公开的数字自相矛盾。",
        (YEAR, DEPARTMENT, EXACT, KIND),
        (
            ("department", "部门"),
            ("year", "年度"),
            ("documents", "文件数"),
            ("errors", "错误"),
            ("warnings", "警告"),
            ("infos", "提示"),
            ("top_rules", "主要问题（规则×次数）"),
        ),
        """
WITH docs AS (
  SELECT doc_id, department, year, errors, warnings, infos FROM documents WHERE is_current{where}
), counted AS (
  SELECT x.department, x.year, f.rule, COUNT(*) AS n
  FROM findings f JOIN docs x ON x.doc_id = f.doc_id
  WHERE f.severity IN ('error', 'warning')
  GROUP BY x.department, x.year, f.rule
), ranked AS (
  SELECT department, year, rule, n,
    ROW_NUMBER() OVER (PARTITION BY department, year ORDER BY n DESC, rule) AS place
  FROM counted
), top AS (
  SELECT department, year,
    string_agg(rule || '×' || CAST(n AS TEXT), '，' ORDER BY place) AS top_rules
  FROM ranked WHERE place <= 5 GROUP BY department, year
), totals AS (
  SELECT department, year, COUNT(*) AS documents, SUM(errors) AS errors, SUM(warnings) AS warnings,
    SUM(infos) AS infos
  FROM docs GROUP BY department, year
)
SELECT t.department, t.year, t.documents, t.errors, t.warnings, t.infos, p.top_rules
FROM totals t LEFT JOIN top p
  ON p.department IS NOT DISTINCT FROM t.department AND p.year IS NOT DISTINCT FROM t.year
ORDER BY t.errors DESC, t.warnings DESC, t.department, t.year""",
        {"year": "year = ?", "department": _CONTAINS.format(col="department"), "kind": "kind = ?"},
    ),
)

QUERIES: dict[str, QuerySpec] = {q.spec.name: q.spec for q in _READY}
_BY_NAME: dict[str, _Query] = {q.spec.name: q for q in _READY}


_TRUE = frozenset({"true", "1", "yes", "是"})
_FALSE = frozenset({"false", "0", "no", "否"})


def _coerce(param: QueryParam, value: Any) -> Any:
    if param.type is int and not isinstance(value, int):
        try:
            return int(str(value).strip())
        except ValueError:
            raise StoreError(f"查询条件 {param.name}（{param.label}）应是整数，而不是 “{value}”。") from None
    if param.type is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise StoreError(f"查询条件 {param.name}（{param.label}）应是 true 或 false，而不是 “{value}”。")
    if param.type is str:
        text = str(value).strip()
        if not text:
            raise StoreError(f"查询条件 {param.name}（{param.label}）不能为空。")
        return text
    return value


def build(name: str, filters: Mapping[str, Any]) -> tuple[QuerySpec, str, list[Any], dict[str, Any]]:
    """The SQL and parameters of a ready query with the given filters (``None`` = not given)."""
    query = _BY_NAME.get(name)
    if query is None:
        known = "、".join(QUERIES)
        raise StoreError(f"没有名为 {name} 的查询。可用的查询：{known}。")
    spec = query.spec
    given = {k: v for k, v in filters.items() if v is not None}
    unknown = [k for k in given if spec.param(k) is None]
    if unknown:
        allowed = "、".join(p.name for p in spec.params)
        raise StoreError(f"查询 {name} 没有条件 {'、'.join(unknown)}；可用的条件：{allowed}。")
    missing = [p for p in spec.params if p.required and p.name not in given]
    if missing:
        needed = "、".join(f"{p.name}（{p.label}）" for p in missing)
        raise StoreError(f"查询 {name} 需要给出条件 {needed}。")
    values = {k: _coerce(spec.param(k), v) for k, v in given.items()}  # type: ignore[arg-type]
    exact = bool(values.get("exact"))
    if exact and "department" not in values:
        raise StoreError("查询条件 exact（部门全称匹配）须与 department（部门）一起给出。")
    conditions = {k: _exactly(c) if k == "department" and exact else c for k, c in query.filters.items()}
    where = "".join(f" AND {conditions[k]}" for k in conditions if k in values)
    args = [values[k] for k in query.filters if k in values]
    sql = query.sql.format(where=where)
    if "limit" in values:
        if values["limit"] < 1:
            raise StoreError("查询条件 limit（最多行数）应大于 0。")
        sql += "\nLIMIT ?"
        args.append(values["limit"])
    return spec, sql, args, values
