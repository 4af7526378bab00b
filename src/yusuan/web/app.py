"""The web application: upload and check disclosures, browse the corpus, compare departments.

``create_app(store_url, data_dir)`` builds a FastAPI app. Pages are rendered on the server in
Chinese (Jinja2 templates), charts are drawn by the locally served ECharts from options built
here, and every page has a JSON twin under ``/api/``. Nothing is loaded from another host: the
OpenAPI description is at ``/openapi.json`` and described by the offline page ``/docs``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from yusuan import __version__
from yusuan.report.html import CSS as REPORT_CSS
from yusuan.report.labels import KIND_LABELS
from yusuan.store import open_store
from yusuan.web.limits import BodyLimit
from yusuan.web.uploads import ACCEPTED, MAX_FILES

DEFAULT_MAX_UPLOAD_MB = 20.0
UPLOAD_PATHS = ("/upload", "/api/upload")

# Pages may run only this site's scripts: the documents shown are untrusted input.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}

HTTP_MESSAGES = {
    404: "没有找到这个页面或资源，请检查地址。",
    405: "不支持这种请求方法。",
}


@dataclass(frozen=True)
class WebConfig:
    """What the routes need, kept on ``app.state.web``."""

    data_dir: Path
    max_file_bytes: int
    max_request_bytes: int
    env: Environment


def create_app(
    store_url: str,
    data_dir: str | Path,
    *,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
) -> FastAPI:
    """The web app over the store at ``store_url`` (a DuckDB file or a PostgreSQL URL, opened
    here: :class:`~yusuan.store.StoreError` when it cannot be); uploads are kept under ``data_dir``."""
    data = Path(data_dir)
    max_file = int(max_upload_mb * 1024 * 1024)
    config = WebConfig(
        data_dir=data,
        max_file_bytes=max_file,
        max_request_bytes=max_file * 4 + 1024 * 1024,
        env=_environment(max_upload_mb),
    )
    store = open_store(store_url)
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError:
        store.close()
        raise

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="yusuan 预算公开文件库",
        version=__version__,
        description=(
            "上传并检查部门预算公开文件，浏览和检索文件库，比较部门和年度。"
            "金额均为字符串形式的十进制数（与 yusuan parse --json 相同）。"
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = config
    app.state.store = store
    app.add_middleware(BodyLimit, max_bytes=config.max_request_bytes, paths=UPLOAD_PATHS)
    app.mount("/static", StaticFiles(packages=[("yusuan.web", "static")]), name="static")
    _add_error_handlers(app)
    _add_security_headers(app)

    from yusuan.web import routes

    app.include_router(routes.pages)
    app.include_router(routes.api)

    @app.get("/assets/report.css", include_in_schema=False)
    def report_css() -> Response:
        return Response(REPORT_CSS, media_type="text/css; charset=utf-8")

    return app


def web_config(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.web
    return config


# --------------------------------------------------------------------------------------------
# templates


def _environment(max_upload_mb: float) -> Environment:
    env = Environment(
        loader=PackageLoader("yusuan.web", "templates"),
        autoescape=select_autoescape(("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["json.dumps_function"] = chart_json
    env.policies["json.dumps_kwargs"] = {}
    env.globals["version"] = __version__
    env.globals["max_files"] = MAX_FILES
    env.globals["formats"] = ACCEPTED
    env.globals["max_mb"] = f"{max_upload_mb:g}"
    env.globals["kind_labels"] = {kind.value: label for kind, label in KIND_LABELS.items()}
    env.filters["amount"] = _amount
    return env


def chart_json(value: Any, **_: Any) -> str:
    """JSON for the browser; amounts become JSON numbers only here, for drawing."""
    return json.dumps(value, ensure_ascii=False, default=_number)


def _number(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)  # display only: ECharts draws numbers
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _amount(value: object) -> str:
    return "" if value is None else str(value)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    env = web_config(request).env
    page = env.get_template(template).render(path=request.url.path, **context)
    return HTMLResponse(page, status_code=status)


# --------------------------------------------------------------------------------------------
# errors: JSON under /api/ and for uploads asking for JSON, a page elsewhere; never a traceback


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    if wants_json(request):
        return JSONResponse({"status": status, "error": message, **extra}, status_code=status)
    return render(request, "error.html", status=status, status_code=status, message=message)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
        return error_response(
            request, exc.status_code, message or HTTP_MESSAGES.get(exc.status_code, "请求无法处理。")
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('query', 'path', 'body'))}"
            for e in exc.errors()
        ]
        where = "、".join(p for p in problems if p) or "请求"
        return error_response(request, 422, f"参数不正确：{where}。请检查后重试。")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        return error_response(
            request, 500, f"服务器内部错误（{type(exc).__name__}），请稍后重试；如果一再出现，请报告此问题。"
        )


def _add_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def static_text(name: str) -> str:
    """A file shipped in ``yusuan/web/static`` (tests use it to check what the pages load)."""
    return resources.files("yusuan.web").joinpath("static", name).read_text(encoding="utf-8")
