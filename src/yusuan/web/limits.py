"""A request body limit enforced while the body arrives (before any form parsing spools it)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """The request body went over the limit; answered with 413."""


class BodyLimit:
    """ASGI middleware: a 413 JSON error for a body longer than ``max_bytes`` on the given paths.

    A declared ``Content-Length`` over the limit is refused before reading; a body sent without
    one (chunked) is counted as it arrives and cut off when it passes the limit.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int, paths: tuple[str, ...]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        limit = f"{self.max_bytes / (1024 * 1024):g} MB"
        message = f"上传内容超过 {limit} 上限，请减少文件数量或拆分文件后再上传。"
        if str(scope["path"]).startswith("/api/"):
            kind = b"application/json; charset=utf-8"
            body = json.dumps({"status": 413, "error": message}, ensure_ascii=False).encode("utf-8")
        else:  # the upload form: a page the browser shows
            kind = b"text/html; charset=utf-8"
            body = (
                '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>文件过大</title></head>'
                f'<body><h1>文件过大（413）</h1><p>{message}</p><p><a href="/">返回首页</a></p></body></html>\n'
            ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", kind),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
