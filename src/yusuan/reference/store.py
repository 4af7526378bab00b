"""Where a user's imported official lists live, and their stored form (one CSV per year)."""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from yusuan.errors import YusuanError
from yusuan.model import CodeScheme
from yusuan.reference.model import ReferenceRow, Status, level_of_code, parent_of

ENV_DATA_DIR = "YUSUAN_DATA_DIR"
FIELDS = ["scheme", "code", "name", "level", "parent", "source_file", "imported"]
_LEVEL_NAMES = {1: "类", 2: "款", 3: "项"}


@dataclass(frozen=True, slots=True)
class StoredRow:
    """A row of an imported official list, with the file it came from and the import date."""

    scheme: CodeScheme
    code: str
    name: str
    source_file: str
    imported: str  # ISO date

    def reference_row(self, year: int) -> ReferenceRow:
        return ReferenceRow(
            code=self.code,
            name=self.name,
            scheme=self.scheme,
            level=level_of_code(self.code),
            parent=parent_of(self.code),
            status=Status.CONFIRMED,
            years=(year,),
            sources=(f"{self.source_file}（{self.imported} 导入）",),
            checked_by=("official",),
            official=True,
        )


def user_data_dir() -> Path:
    """``$YUSUAN_DATA_DIR``, else the platform's user data directory (``~/.local/share/yusuan``,
    ``~/Library/Application Support/yusuan``, ``%LOCALAPPDATA%\\yusuan``)."""
    configured = os.environ.get(ENV_DATA_DIR, "").strip()
    if configured:
        return Path(configured).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "yusuan"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "yusuan"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "yusuan"


def official_path(year: int, data_dir: Path | None = None) -> Path:
    return (data_dir or user_data_dir()) / "codes" / f"official-{year}.csv"


def read_stored(path: Path) -> tuple[StoredRow, ...]:
    """The rows of a stored list (none when nothing was imported)."""
    try:
        stat = path.stat()
    except OSError:
        return ()
    return _read_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _read_cached(path: Path, mtime_ns: int, size: int) -> tuple[StoredRow, ...]:
    try:
        records = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        return tuple(
            StoredRow(CodeScheme(r["scheme"]), r["code"], r["name"], r["source_file"], r["imported"])
            for r in records
        )
    except (OSError, UnicodeDecodeError, KeyError, ValueError) as exc:
        raise YusuanError(
            f"已导入的科目表无法读取（{exc}），请用 yusuan codes import 重新导入。", source=str(path)
        ) from exc


def write_stored(path: Path, rows: Iterable[StoredRow]) -> None:
    """Write atomically: a check running meanwhile sees the old or the new list, never half."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow(
            [
                row.scheme.value,
                row.code,
                row.name,
                _LEVEL_NAMES.get(level_of_code(row.code), ""),
                parent_of(row.code) or "",
                row.source_file,
                row.imported,
            ]
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(buffer.getvalue(), encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        raise YusuanError(
            f"无法写入数据目录（{exc.strerror or exc}）。可设置环境变量 {ENV_DATA_DIR} 指定其他目录。",
            source=str(path),
        ) from exc
