"""Routes: the Chinese pages (``pages``) and their JSON twins under ``/api/`` (``api``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from yusuan.report.common import heading
from yusuan.report.html import FileSection
from yusuan.report.json import report_to_dict
from yusuan.web.app import error_response, render, web_config
from yusuan.web.uploads import MAX_FILES, Checked, UploadError, clean_name, parse_and_check, read_limited

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api")

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


@dataclass(frozen=True)
class UploadOutcome:
    checked: list[Checked]
    errors: list[UploadError]

    @property
    def status(self) -> int:
        return 200 if self.checked or not self.errors else self.errors[0].status


async def _receive_uploads(request: Request) -> UploadOutcome:
    config = web_config(request)
    form = await request.form(max_files=MAX_FILES + 1, max_fields=20)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if not files:
        raise UploadError(400, "没有收到文件：请在表单字段 files 中选择一个或多个文件。", "")
    if len(files) > MAX_FILES:
        raise UploadError(413, f"一次最多上传 {MAX_FILES} 个文件，请分批上传。", "")
    checked: list[Checked] = []
    errors: list[UploadError] = []
    for upload in files:
        name = clean_name(upload.filename)
        try:
            data = read_limited(upload.file, name, config.max_file_bytes)
            checked.append(await run_in_threadpool(parse_and_check, data, name, config.data_dir))
        except UploadError as exc:
            errors.append(exc)
        finally:
            await upload.close()
    return UploadOutcome(checked, errors)


def checked_json(item: Checked) -> dict[str, Any]:
    report = report_to_dict(item.report)
    report.pop("file", None)
    return {
        "file": item.file.name,
        "sha256": item.file.sha256,
        "size": item.file.size,
        "format": item.file.format,
        "title": heading(item.report.disclosure),
        **report,
    }


# --------------------------------------------------------------------------------------------
# pages


@pages.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    return render(request, "home.html", title="上传检查")


@pages.post("/upload", response_class=HTMLResponse)
async def upload_page(request: Request) -> Response:
    try:
        outcome = await _receive_uploads(request)
    except UploadError as exc:
        return error_response(request, exc.status, exc.message)
    sections = [FileSection(i, c.report, show_rounding=False).render() for i, c in enumerate(outcome.checked, 1)]
    return render(
        request,
        "result.html",
        status=outcome.status,
        title="检查结果",
        results=list(zip(outcome.checked, sections, strict=True)),
        errors=outcome.errors,
        heading=heading,
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
    return render(request, "docs.html", title="接口文档", endpoints=endpoints, spec=spec)


# --------------------------------------------------------------------------------------------
# JSON API


@api.post(
    "/upload",
    summary="上传并检查文件",
    description=(
        "以 multipart/form-data 上传一个或多个文件（字段名 files）。每个文件按内容识别类型、按 SHA-256 保存，"
        "解析、检查后收入文件库。返回每个文件的检查结果（files）和无法读取的文件（errors）。"
        "全部失败时返回第一个错误的状态码：413 文件过大，415 类型不支持，422 无法读取。"
    ),
    openapi_extra=UPLOAD_BODY,
)
async def upload_api(request: Request) -> Response:
    try:
        outcome = await _receive_uploads(request)
    except UploadError as exc:
        return JSONResponse(exc.as_json(), status_code=exc.status)
    body: dict[str, Any] = {
        "files": [checked_json(c) for c in outcome.checked],
        "errors": [e.as_json() for e in outcome.errors],
    }
    if not outcome.checked and outcome.errors:
        body["error"] = outcome.errors[0].message
    return JSONResponse(body, status_code=outcome.status)
