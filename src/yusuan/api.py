"""The library entry points: read files into the canonical :class:`~yusuan.model.Disclosure`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from yusuan.errors import NotADisclosure, SeveralDisclosures, UnreadableInput, YusuanError
from yusuan.extract.document import build_disclosure, combine_disclosures, separate_disclosures
from yusuan.extract.kinds import classify_title
from yusuan.formats import read
from yusuan.model import Disclosure, TableKind

MAX_BYTES = 200 * 1024 * 1024


def parse_bytes(data: bytes, source: str = "<bytes>") -> Disclosure:
    """Parse one disclosure from the bytes of a file.

    Raises :class:`~yusuan.errors.UnreadableInput` or :class:`~yusuan.errors.NotADisclosure`
    (both carry a one-line Chinese message) when there is nothing to read.
    """
    own = _own_json(data, source)
    if own is not None:
        return own
    document = read(data, source)
    disclosure = build_disclosure(document)
    recognised = any(t.kind is not TableKind.OTHER for t in disclosure.tables)
    lists_tables = any(classify_title(e.title) is not TableKind.OTHER for e in disclosure.toc)
    if not (recognised or disclosure.facts or lists_tables):
        raise NotADisclosure(
            "未识别到任何预算表格或预算说明数字，这似乎不是一份部门（单位）预算公开文件。", source=source
        )
    return disclosure


def _own_json(data: bytes, source: str) -> Disclosure | None:
    """yusuan's own JSON (``parse --json``, ``demo-data``) read back as the disclosure it describes."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{") or b'"yusuan.disclosure/' not in head:
        return None
    from yusuan import jsonio  # only for this input: keep the text path light

    try:
        loaded = jsonio.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:  # JsonFormatError is a ValueError
        raise UnreadableInput(
            f"yusuan JSON 文件格式不正确（{exc}）。请用 yusuan parse --json 重新生成。", source=source
        ) from exc
    if isinstance(loaded, list):
        raise UnreadableInput("这个 JSON 文件含多份公开文件；请每份存为一个文件。", source=source)
    return loaded


def parse_path(path: str | Path) -> Disclosure:
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise UnreadableInput("文件不存在，请检查路径。", source=source)
    if path.is_dir():
        return parse_folder(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableInput(
                f"文件过大（{size // (1024 * 1024)} MB），超过 200 MB 上限。", source=source
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(
            f"无法读取文件（{exc.strerror or exc}）。请检查文件权限。", source=source
        ) from exc
    return parse_bytes(data, source)


def parse_paths(paths: Iterable[str | Path]) -> list[Disclosure]:
    return [parse_path(p) for p in paths]


def parse_folder(folder: str | Path) -> Disclosure:
    """The files of one folder (e.g. an explanation PDF and a workbook of tables) as one disclosure.

    Files that cannot be read are listed in ``skipped`` and the disclosure is marked partial; a
    folder with nothing readable is an error.
    """
    folder = Path(folder)
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(x.startswith((".", "~$")) for x in p.relative_to(folder).parts)
    )
    if not files:
        raise UnreadableInput("文件夹是空的，没有可读取的文件。", source=str(folder))
    return parse_together(files, source=str(folder), base=folder)


def parse_together(files: Sequence[str | Path], source: str, base: Path | None = None) -> Disclosure:
    """Several files that belong to one disclosure, combined into one model.

    Raises :class:`~yusuan.errors.SeveralDisclosures` (carrying the files parsed one by one, and
    the ones that could not be read) when the files are separate disclosures."""
    parts: list[tuple[str, Disclosure]] = []
    problems: list[str] = []
    for file in map(Path, files):
        name = str(file.relative_to(base)) if base else file.name
        try:
            parts.append((name, parse_path(file)))
        except YusuanError as exc:
            problems.append(f"{name}：{exc.message}")
    if not parts:
        raise NotADisclosure(
            f"其中没有可识别的预算公开文件（{len(problems)} 个文件均无法读取：{'；'.join(problems[:3])}）。",
            source=source,
        )
    reason = separate_disclosures(parts)
    if reason is not None:
        raise SeveralDisclosures(
            f"这些文件是 {len(parts)} 份各自独立的公开文件（{reason}），不能合起来作为一份；请分别处理。",
            tuple(d for _, d in parts),
            reason=reason,
            problems=tuple(problems),
            source=source,
        )
    return combine_disclosures(parts, source, problems)
