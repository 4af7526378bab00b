"""Routes: the Chinese pages (``pages``) and their JSON twins under ``/api/`` (``api``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from yusuan.api import parse_bytes
from yusuan.errors import YusuanError
from yusuan.report.common import heading
from yusuan.report.html import FileSection
from yusuan.report.json import report_to_dict
from yusuan.rules import CheckReport, check
from yusuan.store import QUERIES, DocumentDetail, DocumentSummary, IngestStatus, Store, StoreError
from yusuan.web import corpus, figures
from yusuan.web.app import WebConfig, error_response, render, web_config
from yusuan.web.charts import Option
from yusuan.web.uploads import MAX_FILES, Checked, UploadError, clean_name, parse_and_check, read_limited

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api")

PAGE_SIZE = 50
KINDS = ("预算", "决算")
SCOPES = ("部门", "单位")

# The key figures shown on a document's page (store figure keys, 万元), in this order.
FIGURE_LABELS: dict[str, str] = {
    "income.total": "收入总计",
    "expenditure.total": "支出总计",
    "expenditure.basic": "基本支出",
    "expenditure.basic.personnel": "人员经费",
    "expenditure.basic.public": "公用经费",
    "expenditure.project": "项目支出",
    "three_public.total": "“三公”经费",
    "operating_costs": "机关运行经费",
    "procurement.total": "政府采购预算",
    "assets.total": "固定资产总额",
}

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "一个或多个预算公开文件（PDF、DOCX、XLSX、XLS、HTML、TXT）",
                        }
                    },
                }
            }
        },
    }
}

Department = Annotated[str | None, Query(description="部门（单位）全称")]
Year = Annotated[int | None, Query(description="预算年度，如 2025", ge=1990, le=2100)]
Kind = Annotated[str | None, Query(description="类型：预算 或 决算")]
Search = Annotated[str | None, Query(description="部门名称或文件名中包含的文字", max_length=100)]
Page = Annotated[int, Query(description="第几页（每页 50 份）", ge=1)]


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


# --------------------------------------------------------------------------------------------
# uploads


@dataclass(frozen=True)
class Received:
    """One upload parsed, checked and put in the store."""

    checked: Checked
    doc_id: str | None
    status: str  # an IngestStatus value
    store_message: str | None


@dataclass(frozen=True)
class UploadOutcome:
    received: list[Received]
    errors: list[UploadError]

    @property
    def status(self) -> int:
        return 200 if self.received or not self.errors else self.errors[0].status


def _ingest(store: Store, item: Checked, data: bytes) -> Received:
    try:
        result = store.ingest_disclosure(
            item.report.disclosure, item.report, content=data, source_name=item.file.name
        )
    except StoreError as exc:
        return Received(item, None, IngestStatus.FAILED.value, exc.message)
    return Received(item, result.doc_id, result.status.value, result.message)


def _receive_one(store: Store, data: bytes, name: str, config: WebConfig) -> Received:
    checked = parse_and_check(data, name, config.data_dir)
    return _ingest(store, checked, data)


async def _receive_uploads(request: Request) -> UploadOutcome:
    config = web_config(request)
    form = await request.form(max_files=MAX_FILES + 1, max_fields=20)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if not files:
        raise UploadError(400, "没有收到文件：请在表单字段 files 中选择一个或多个文件。", "")
    if len(files) > MAX_FILES:
        raise UploadError(413, f"一次最多上传 {MAX_FILES} 个文件，请分批上传。", "")
    received: list[Received] = []
    errors: list[UploadError] = []
    for upload in files:
        name = clean_name(upload.filename)
        try:
            data = read_limited(upload.file, name, config.max_file_bytes)
            received.append(await run_in_threadpool(_receive_one, store_of(request), data, name, config))
        except UploadError as exc:
            errors.append(exc)
        finally:
            await upload.close()
    return UploadOutcome(received, errors)


def received_json(item: Received) -> dict[str, Any]:
    report = report_to_dict(item.checked.report)
    report.pop("file", None)
    stored = {"document_id": item.doc_id, "stored": item.status}
    if item.store_message:
        stored["store_error"] = item.store_message
    return {
        "file": item.checked.file.name,
        "sha256": item.checked.file.sha256,
        "size": item.checked.file.size,
        "format": item.checked.file.format,
        "title": heading(item.checked.report.disclosure),
        **stored,
        **report,
    }


def _function_treemap(store: Store, doc_id: str | None, title: str) -> Option | None:
    if doc_id is None:
        return None
    return figures.function_treemap(corpus.function_amounts(store, [doc_id]), title)


# --------------------------------------------------------------------------------------------
# pages


@pages.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    store = store_of(request)
    departments = store.departments()
    return render(
        request,
        "home.html",
        title="上传检查",
        documents=store.count_documents(),
        departments=len(departments),
        years=store.years(),
    )


@pages.post("/upload", response_class=HTMLResponse)
async def upload_page(request: Request) -> Response:
    try:
        outcome = await _receive_uploads(request)
    except UploadError as exc:
        return error_response(request, exc.status, exc.message)
    store = store_of(request)
    results = [
        (
            r,
            FileSection(i, r.checked.report, show_rounding=False).render(),
            _function_treemap(store, r.doc_id, "支出按功能分类科目（万元）"),
        )
        for i, r in enumerate(outcome.received, 1)
    ]
    return render(
        request,
        "result.html",
        status=outcome.status,
        title="检查结果",
        results=results,
        errors=outcome.errors,
        heading=heading,
        charts=any(chart for _, _, chart in results),
    )


@pages.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    department: Department = None,
    year: Year = None,
    kind: Kind = None,
    q: Search = None,
    page: Page = 1,
) -> Response:
    store = store_of(request)
    total, rows = _documents_page(store, _document_filters(department, year, kind, q), page)
    return render(
        request,
        "documents.html",
        title="文件库",
        documents=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={"department": department or "", "year": year, "kind": kind or "", "q": q or ""},
        query_without_page="".join(
            f"{urlencode({k: v})}&"
            for k, v in (("department", department), ("year", year), ("kind", kind), ("q", q))
            if v
        ),
        departments=[d.department for d in store.departments()],
        years=store.years(),
        kinds=KINDS,
    )


def _documents_page(store: Store, filters: dict[str, Any], page: int) -> tuple[int, list[DocumentSummary]]:
    """How many documents match, and those on ``page``."""
    total = store.count_documents(**filters)
    return total, store.documents(**filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)


def _document_filters(
    department: str | None, year: int | None, kind: str | None, q: str | None
) -> dict[str, Any]:
    return {
        "department": department or None,
        "year": year,
        "kind": kind or None,
        "search": (q or "").strip() or None,
    }


def _detail_or_404(store: Store, doc_id: str) -> DocumentDetail:
    detail = store.document(doc_id)
    if detail is None:
        from starlette.exceptions import HTTPException

        raise HTTPException(404, "文件库中没有这个文件编号，请从文件库列表进入。")
    return detail


@pages.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> Response:
    store = store_of(request)
    detail = _detail_or_404(store, doc_id)
    values = {f.key: f for f in detail.figures}
    cards = [(label, values[key]) for key, label in FIGURE_LABELS.items() if key in values]
    treemap = _function_treemap(store, doc_id, "支出按功能分类科目（万元）")
    has_file = corpus.stored_file(web_config(request).data_dir, detail.summary) is not None
    return render(
        request,
        "document.html",
        title=_title(detail),
        detail=detail,
        doc=detail.summary,
        cards=cards,
        treemap=treemap,
        has_file=has_file,
        charts=treemap is not None,
    )


def _title(detail: DocumentDetail) -> str:
    s = detail.summary
    year = f"{s.year} 年" if s.year else ""
    return f"{s.department or '（未识别单位）'}　{year}{s.scope or ''}{s.kind}"


@pages.get("/documents/{doc_id}/report", response_class=HTMLResponse)
def document_report_page(request: Request, doc_id: str) -> Response:
    store = store_of(request)
    detail = _detail_or_404(store, doc_id)
    report = _report_from_file(request, detail)
    if report is None:
        return error_response(
            request, 404, "这份文件的原始文件不在服务器上（只保存了解析结果），无法显示带高亮的检查报告。"
        )
    section = FileSection(1, report, show_rounding=False).render()
    return render(
        request, "report.html", title=f"检查报告：{_title(detail)}", doc=detail.summary, section=section
    )


def _report_from_file(request: Request, detail: DocumentDetail) -> CheckReport | None:
    path = corpus.stored_file(web_config(request).data_dir, detail.summary)
    if path is None:
        return None
    try:
        return check(parse_bytes(path.read_bytes(), detail.summary.source_name))
    except (OSError, YusuanError):
        return None


@pages.get("/departments", response_class=HTMLResponse)
def departments_page(request: Request) -> Response:
    return render(request, "departments.html", title="部门", departments=store_of(request).departments())


@pages.get("/departments/{name:path}", response_class=HTMLResponse)
def department_page(request: Request, name: str, kind: Kind = corpus.DEFAULT_KIND) -> Response:
    store = store_of(request)
    if name not in {d.department for d in store.departments()}:
        return error_response(request, 404, f"文件库中没有部门“{name}”的文件。")
    data = _department_data(store, name, kind or None)
    return render(request, "department.html", title=name, name=name, kinds=KINDS, charts=True, **data)


def _department_data(store: Store, name: str, kind: str | None) -> dict[str, Any]:
    comparison = corpus.compare(store, [name], [], kind)
    three_public = [
        r
        for year in sorted({r["year"] for r in comparison.rows if r["year"]})
        for r in store.query("three-public", year=year, department=name, exact=True).as_dicts()
        if any(x["doc_id"] == r["doc_id"] for x in comparison.rows)
    ]
    for r in three_public:
        r["year"] = next(x["year"] for x in comparison.rows if x["doc_id"] == r["doc_id"])
    return {
        "rows": comparison.rows,
        "kind": kind,
        "documents": store.documents(department=name, current_only=False),
        "chart_functions": comparison.charts["functions"],
        "chart_basic_project": comparison.charts["basic_project"],
        "chart_three_public": figures.three_public_parts_chart(three_public),
        "chart_treemap": comparison.charts["treemap"],
        "treemap_year": comparison.treemap_year,
    }


@pages.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    department: Annotated[list[str] | None, Query(description="部门（可多选）")] = None,
    year: Annotated[list[int] | None, Query(description="年度（可多选）")] = None,
    kind: Kind = corpus.DEFAULT_KIND,
) -> Response:
    store = store_of(request)
    comparison = corpus.compare(store, department or [], year or [], kind or None)
    return render(
        request,
        "compare.html",
        title="对比",
        c=comparison,
        all_departments=[d.department for d in store.departments()],
        all_years=store.years(),
        kinds=KINDS,
        max_compared=corpus.MAX_COMPARED,
        charts=True,
    )


@pages.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    spec = request.app.openapi()
    endpoints = [
        {
            "path": path,
            "method": method.upper(),
            "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "parameters": op.get("parameters", []),
        }
        for path, methods in spec.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return render(request, "docs.html", title="接口文档", endpoints=endpoints, queries=QUERIES)


# --------------------------------------------------------------------------------------------
# JSON API


@api.post(
    "/upload",
    summary="上传并检查文件",
    description=(
        "以 multipart/form-data 上传一个或多个文件（字段名 files）。每个文件按内容识别类型、按 SHA-256 保存，"
        "解析、检查后收入文件库。返回每个文件的检查结果（files，含文件库中的 document_id）和无法读取的文件"
        "（errors）。全部失败时返回第一个错误的状态码：400 没有文件，413 文件过大，415 类型不支持，422 无法读取。"
    ),
    openapi_extra=UPLOAD_BODY,
)
async def upload_api(request: Request) -> Response:
    try:
        outcome = await _receive_uploads(request)
    except UploadError as exc:
        return JSONResponse(exc.as_json(), status_code=exc.status)
    body: dict[str, Any] = {
        "files": [received_json(r) for r in outcome.received],
        "errors": [e.as_json() for e in outcome.errors],
    }
    if not outcome.received and outcome.errors:
        body["error"] = outcome.errors[0].message
    return JSONResponse(body, status_code=outcome.status)


@api.get(
    "/documents",
    summary="文件库检索",
    description="按部门、年度、类型和关键字检索文件库中的当前文件，分页返回。",
)
def documents_api(
    request: Request,
    department: Department = None,
    year: Year = None,
    kind: Kind = None,
    q: Search = None,
    page: Page = 1,
) -> Response:
    total, rows = _documents_page(store_of(request), _document_filters(department, year, kind, q), page)
    return JSONResponse(corpus.to_json({"total": total, "page": page, "documents": rows}))


@api.get(
    "/documents/{doc_id}",
    summary="一份文件的全部内容",
    description="表格、说明中的数字、主要数字（万元）、检查发现的问题、项目、政府采购、资产和各版本。",
)
def document_api(request: Request, doc_id: str) -> Response:
    return JSONResponse(corpus.to_json(_detail_or_404(store_of(request), doc_id)))


@api.get("/documents/{doc_id}/findings", summary="一份文件检查发现的问题")
def findings_api(request: Request, doc_id: str) -> Response:
    detail = _detail_or_404(store_of(request), doc_id)
    return JSONResponse(
        corpus.to_json(
            {"document_id": doc_id, "summary": _summary_counts(detail), "findings": detail.findings}
        )
    )


def _summary_counts(detail: DocumentDetail) -> dict[str, int]:
    s = detail.summary
    return {"error": s.errors, "warning": s.warnings, "info": s.infos}


@api.get("/documents/{doc_id}/functions", summary="一份文件按支出功能分类科目的支出（万元）")
def functions_api(request: Request, doc_id: str) -> Response:
    store = store_of(request)
    _detail_or_404(store, doc_id)
    return JSONResponse(
        corpus.to_json({"document_id": doc_id, "rows": corpus.function_amounts(store, [doc_id])})
    )


@api.get("/departments", summary="部门列表", description="文件库中的部门（单位）和各自的年度。")
def departments_api(request: Request) -> Response:
    return JSONResponse(corpus.to_json({"departments": store_of(request).departments()}))


@api.get(
    "/departments/{name}",
    summary="一个部门的历年情况",
    description="主要数字（万元）逐年列出，以及该部门的全部文件。",
)
def department_api(request: Request, name: str, kind: Kind = corpus.DEFAULT_KIND) -> Response:
    store = store_of(request)
    if name not in {d.department for d in store.departments()}:
        return error_response(request, 404, f"文件库中没有部门“{name}”的文件。")
    return JSONResponse(
        corpus.to_json(
            {
                "department": name,
                "kind": kind,
                "years": corpus.department_years(store, name, kind or None),
                "documents": store.documents(department=name, current_only=False),
            }
        )
    )


@api.get(
    "/compare",
    summary="对比数据和图表",
    description=(
        "所选部门、年度的主要数字（万元），和对比页四张图的 ECharts 配置：按功能分类（类）的支出构成、"
        "基本支出与项目支出、“三公”经费历年变化、最近年度按功能科目的树状图。不选部门时取前 8 个部门。"
    ),
)
def compare_api(
    request: Request,
    department: Annotated[list[str] | None, Query(description="部门（可多选）")] = None,
    year: Annotated[list[int] | None, Query(description="年度（可多选）")] = None,
    kind: Kind = corpus.DEFAULT_KIND,
) -> Response:
    comparison = corpus.compare(store_of(request), department or [], year or [], kind or None)
    return JSONResponse(corpus.to_json(comparison))


@api.get("/queries", summary="现成的分析查询", description="每个查询的名称、说明、参数和结果列。")
def queries_api() -> Response:
    return JSONResponse(corpus.to_json({"queries": list(QUERIES.values())}))


@api.get(
    "/queries/{name}",
    summary="运行一个现成的分析查询",
    description="查询参数即该查询的参数（见 /api/queries），如 /api/queries/three-public?year=2024。",
)
def query_api(request: Request, name: str) -> Response:
    if name not in QUERIES:
        return error_response(request, 404, f"没有名为 {name} 的查询；可用的查询见 /api/queries。")
    filters = {k: v for k, v in request.query_params.items() if v != ""}
    unknown = [k for k in filters if QUERIES[name].param(k) is None]
    if unknown:
        return error_response(
            request, 422, f"查询 {name} 没有参数 {'、'.join(unknown)}；可用的参数见 /api/queries。"
        )
    try:
        result = store_of(request).query(name, **filters)
    except StoreError as exc:
        return error_response(request, 422, exc.message)
    return JSONResponse(
        corpus.to_json(
            {
                "name": result.name,
                "title": result.title,
                "params": result.params,
                "columns": [
                    {"name": c, "label": lb} for c, lb in zip(result.columns, result.labels, strict=True)
                ],
                "rows": result.as_dicts(),
            }
        )
    )
