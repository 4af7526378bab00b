"""Uploaded files: size limit, type sniffed from the content, kept by content hash, then parsed and checked.

An upload is untrusted data. It is never executed or served back as anything but data: it is
written once under ``data_dir/uploads/`` with a name made of its SHA-256 (never the name the
browser sent), without execute permission, and read only by yusuan's own readers.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from yusuan.api import parse_bytes
from yusuan.errors import YusuanError
from yusuan.formats import FORMATS, sniff
from yusuan.rules import CheckReport, check

CHUNK = 1024 * 1024
MAX_FILES = 20
NAME_LIMIT = 200

# Formats an upload may have; the label is what the page shows.
ACCEPTED: dict[str, str] = {name: fmt.label for name, fmt in FORMATS.items()}

# Leading bytes of common files that are certainly not a disclosure: refused before any reader.
_FOREIGN_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"\x7fELF", "可执行程序"),
    (b"MZ", "可执行程序"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"#!", "脚本"),
)


class UploadError(Exception):
    """An upload refused with an HTTP status and a one-line Chinese message."""

    def __init__(self, status: int, message: str, name: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.name = name

    def as_json(self) -> dict[str, object]:
        named = {"file": self.name} if self.name else {}
        return {**named, "status": self.status, "error": self.message}


@dataclass(frozen=True)
class StoredFile:
    """The bytes of one upload as kept on disk."""

    name: str  # the file name the browser sent, cleaned (shown, never used as a path)
    sha256: str
    size: int
    format: str  # a key of yusuan.formats.FORMATS
    path: Path


@dataclass(frozen=True)
class Checked:
    """One upload parsed and checked."""

    file: StoredFile
    report: CheckReport


def clean_name(name: str | None) -> str:
    """The last part of a browser-sent file name, without control characters, at most 200 characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return (base or "未命名文件")[:NAME_LIMIT]


def read_limited(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    """The whole stream, or :class:`UploadError` 413 as soon as it is longer than ``max_bytes``."""
    parts: list[bytes] = []
    size = 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise UploadError(413, f"文件超过 {_megabytes(max_bytes)} 上限，请拆分后再上传。", name)
        parts.append(chunk)
    return b"".join(parts)


def sniff_upload(data: bytes, name: str) -> str:
    """The format of an upload from its content; :class:`UploadError` 415/422 when it has none we read."""
    if not data.strip():
        raise UploadError(422, "文件为空，没有可读取的内容。请确认选择了正确的文件。", name)
    for signature, what in _FOREIGN_SIGNATURES:
        if data.startswith(signature):
            raise UploadError(
                415, f"文件是{what}，不是预算公开文件。请上传 PDF、DOCX、XLSX 或 TXT 文件。", name
            )
    kind = sniff(data, name)
    if kind == "zip-other":
        raise UploadError(
            415, "文件是压缩包，但不是 Word（DOCX）或 Excel（XLSX）文件。请解压后逐个上传。", name
        )
    if kind == "zip-broken":
        raise UploadError(
            422, "文件是损坏的 DOCX/XLSX 文件（可能未下载完整），无法读取。请重新下载后再试。", name
        )
    return kind


def keep(data: bytes, name: str, kind: str, data_dir: Path) -> StoredFile:
    """Write the bytes under ``data_dir/uploads/`` by content hash (once; never executable)."""
    digest = hashlib.sha256(data).hexdigest()
    folder = data_dir / "uploads" / digest[:2]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest}.{kind}"
    if not path.exists():
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        partial.chmod(0o644)
        partial.replace(path)
    return StoredFile(name=name, sha256=digest, size=len(data), format=kind, path=path)


def parse_and_check(data: bytes, name: str, data_dir: Path) -> Checked:
    """Sniff, keep, parse and check one upload; :class:`UploadError` when it cannot be read."""
    kind = sniff_upload(data, name)
    stored = keep(data, name, kind, data_dir)
    try:
        disclosure = parse_bytes(data, name)
    except YusuanError as exc:
        raise UploadError(422, exc.message, name) from exc
    return Checked(stored, check(disclosure))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
