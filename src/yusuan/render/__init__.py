"""Rendering a disclosure: the model → a printed document in TXT, HTML, XLSX, DOCX or PDF.

``build_document`` (``render/document.py``) turns a :class:`~yusuan.model.Disclosure` into
format-neutral blocks once; each writer module turns the blocks into bytes. Writers are found
through :data:`WRITERS` (format → module and function, imported on first use so that the core
install needs neither python-docx nor openpyxl).

>>> from yusuan.generate import generate_disclosure
>>> data = render(generate_disclosure(1), "html")
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

from yusuan.errors import YusuanError
from yusuan.model import Disclosure
from yusuan.render.document import LAYOUTS, RenderedDocument, build_document

__all__ = ["FORMATS", "LAYOUTS", "WRITERS", "build_document", "render", "render_document", "render_files"]

Writer = Callable[[RenderedDocument], bytes]

# format -> (module, function, the optional extra that provides its library)
WRITERS: dict[str, tuple[str, str, str | None]] = {
    "txt": ("yusuan.render.text", "render_text_bytes", None),
    "html": ("yusuan.render.html", "render_html", None),
    "xlsx": ("yusuan.render.xlsx", "render_xlsx", "office"),
    "docx": ("yusuan.render.docx", "render_docx", "office"),
    "pdf": ("yusuan.render.pdf", "render_pdf", "pdf"),
}
FORMATS: tuple[str, ...] = tuple(WRITERS)


def _writer(fmt: str) -> Writer:
    try:
        module_name, function, extra = WRITERS[fmt]
    except KeyError:
        raise YusuanError(f"不支持的输出格式“{fmt}”。可用的格式：{'、'.join(FORMATS)}。") from None
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith(module_name):
            raise YusuanError(f"{fmt.upper()} 输出尚未实现，请选择其他格式。") from None
        hint = f"请安装：pip install 'yusuan[{extra}]'" if extra else "请检查安装。"
        raise YusuanError(f"生成 {fmt.upper()} 需要软件包 {error.name}，当前未安装。{hint}") from None
    writer: Writer = getattr(module, function)
    return writer


def render_document(document: RenderedDocument, fmt: str) -> bytes:
    """An already built document in ``fmt``."""
    return _writer(fmt)(document)


def render(disclosure: Disclosure, fmt: str, *, layout: str = "hebei") -> bytes:
    """The disclosure printed in ``fmt`` (one of :data:`FORMATS`) in the ``layout`` family."""
    writer = _writer(fmt)
    return writer(build_document(disclosure, layout))


def render_files(
    disclosure: Disclosure,
    formats: Iterable[str],
    out_dir: str | Path,
    stem: str,
    *,
    layout: str = "hebei",
) -> list[Path]:
    """Write ``stem.<fmt>`` into ``out_dir`` for each format; the document is built once."""
    chosen = list(dict.fromkeys(formats))
    writers = [(fmt, _writer(fmt)) for fmt in chosen]  # refuse an unknown format before writing
    document = build_document(disclosure, layout)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise YusuanError(f"无法创建输出目录 {folder}：{error.strerror}。请检查路径和权限。") from None
    written: list[Path] = []
    for fmt, writer in writers:
        path = folder / f"{stem}.{fmt}"
        try:
            path.write_bytes(writer(document))
        except OSError as error:
            raise YusuanError(f"无法写入文件 {path}：{error.strerror}。请检查路径和权限。") from None
        written.append(path)
    return written
