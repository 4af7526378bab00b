"""Running the app with Uvicorn on a socket bound here, so a busy port is a clear Chinese error."""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable
from pathlib import Path

import uvicorn

from yusuan.errors import YusuanError
from yusuan.web.app import create_app


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free port chosen by the system)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise YusuanError(f"无法识别主机地址 {host}（{exc}）。请用 IP 地址，例如 127.0.0.1。") from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, 10048):
            advice = f"端口已被占用）。请换一个端口，例如 --port {port + 1}"
        elif exc.errno == errno.EACCES:
            advice = "没有权限使用这个端口）。请用 1024 以上的端口，例如 --port 8000"
        else:
            advice = f"{exc.strerror or exc}）。请检查 --host 是否为本机地址，例如 127.0.0.1"
        raise YusuanError(f"无法在 {host}:{port} 上启动服务（{advice}。") from exc
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    store_url: str,
    data_dir: Path,
    *,
    host: str,
    port: int,
    max_upload_mb: float,
    announce: Callable[[str], None],
) -> None:
    """Serve until interrupted; ``announce`` receives the Chinese startup line (with the real port)."""
    sock = bind(host, port)
    try:
        app = create_app(store_url, data_dir, max_upload_mb=max_upload_mb)
    except BaseException:
        sock.close()
        raise
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    announce(
        f"yusuan 网页服务已启动：{url_of(sock)}（文件库：{store_url}；上传的文件保存在 {data_dir}）。按 Ctrl+C 停止。"
    )
    server.run(sockets=[sock])
    announce("yusuan 网页服务已停止。")
