"""Cutting the block stream into tables, running text and the table of contents.

A table starts where cell rows start; its title is the nearest title-like text line before
them (skipping metadata such as ``单位：万元``). Rows that follow a page break without a new
title, or under a repeated identical title, continue the same table. A line of running text
ends the current table; ``注：…`` lines after a table are its notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.extract.kinds import looks_like_title
from yusuan.formats.base import Block, CellRow, TextLine
from yusuan.model import RawRow, TocEntry

_META = re.compile(
    r"^(?:(?:部门|单位|编制单位|编制部门|预算单位|预算部门|预算主管部门|主管部门|填报单位)?(?:名称|编码|代码)?"
    r"|金额单位|计量单位|预算年度|截止(?:时间|日期))"
    r"\s*[:：]"
    r"|^[（(]\s*(?:19|20)\d{2}\s*年度?\s*[）)]$"
)
_CODE_NAME = re.compile(r"^\d{3,}\s*[^\d\s.,]")
_NOTE = re.compile(r"^(?:注\s*[:：\d１-９.、]|注\s*$|说明\s*[:：]|备注\s*[:：])")
# A line right after a note continues it only if it reads like one (Word text has no blank lines
# between paragraphs, so adjacency alone would swallow the explanatory text that follows).
_NOTE_CONTINUATION = re.compile(r"^\s*(?:\d+[.．、]|[（(]\d+[）)])|本表|空表|无数据|表中|尾数")
# Dot leaders and the page number after them in a contents line: 一、部门主要职能 ……… 3
_LEADER = re.compile(r"\s*(?:[.…·．]{3,}|…{2,}|\.{2,}\s*\.)[\s.…·．]*\d*\s*$")
_TOC_NUMBERED = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]")
_TOC_HEAD = re.compile(r"^目\s*录$")
_TOC_ROW_NUMBER = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]+、?)$")
_SPACES = re.compile(r"[\s\u3000]+")
_OPENING = frozenset("(（")


def is_meta_text(text: str) -> bool:
    # Every form of _META holds a colon, or 年 in parentheses: most cells and lines have
    # neither, and this runs for table cells and text lines.
    if ":" not in text and "：" not in text and ("年" not in text or text.lstrip()[:1] not in _OPENING):
        return False
    return bool(_META.match(text.strip()))


def is_note_text(text: str) -> bool:
    return bool(_NOTE.match(text.strip()))


def is_meta_row(cells: tuple[str, ...]) -> bool:
    """A row that only carries the table's metadata (unit, year, the unit's code and name)."""
    # One scan of the whole row first: a meta cell holds a colon, or 年 (see is_meta_text).
    joined = "".join(cells)
    if (
        ":" not in joined
        and "：" not in joined
        and ("年" not in joined or ("(" not in joined and "（" not in joined))
    ):
        return False
    filled = [c for c in cells if c.strip()]
    if not filled or not any(is_meta_text(c) for c in filled):
        return False
    return all(is_meta_text(c) or _CODE_NAME.match(c) for c in filled)


@dataclass
class Chunk:
    """A table as cut from the stream, before interpretation."""

    title: str
    line: int
    page: int | None
    meta: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    note_lines: list[int] = field(default_factory=list)
    closed: bool = False  # running text came after it: later rows cannot continue it


@dataclass
class Segmented:
    chunks: list[Chunk]
    paragraphs: list[TextLine]
    toc: list[TocEntry]


def segment(blocks: tuple[Block, ...]) -> Segmented:
    state = _Segmenter()
    row, text = state.row, state.text
    for block in blocks:
        if isinstance(block, CellRow):
            row(block)
        elif isinstance(block, TextLine):
            text(block)
    state.finish()
    chunks = [c for c in state.chunks if not _absorb_row_toc(c, state.toc)]
    return Segmented(chunks, state.paragraphs, sorted(state.toc, key=lambda e: e.line))


class _Segmenter:
    def __init__(self) -> None:
        self.chunks: list[Chunk] = []
        self.paragraphs: list[TextLine] = []
        self.toc: list[TocEntry] = []
        self.buffer: list[TextLine] = []
        self.current: Chunk | None = None
        self.toc_first: str | None = None  # first entry of a text TOC being read
        self.in_toc = False
        self.toc_lines = 0
        self.toc_page: int | None = None

    # --- stream (blanks play no part: text lines carry their line numbers) -----------------
    def text(self, line: TextLine) -> None:
        if not self._toc_line(line):
            self.buffer.append(line)

    def finish(self) -> None:
        self._settle(self.buffer, title_at=None)
        self.buffer = []

    # --- table of contents ----------------------------------------------------------------
    def _toc_line(self, line: TextLine) -> bool:
        if not self.in_toc and "录" not in line.text:
            return False  # not the 目录 heading, which every other test below needs
        compact = _SPACES.sub("", line.text).lstrip("-•·")
        if _TOC_HEAD.match(compact):
            self.in_toc, self.toc_first, self.toc_lines, self.toc_page = True, None, 0, line.page
            return True
        if not self.in_toc:
            return False
        if line.page is not None and self.toc_page is not None and line.page != self.toc_page:
            if not _LEADER.search(line.text):
                self.in_toc = False  # the contents page is over and the body starts
                return False
            self.toc_page = line.page
        self.toc_lines += 1
        compact = _SPACES.sub("", _LEADER.sub("", line.text)).lstrip("-•·")
        if self.toc_first is None:
            self.toc_first = compact
        elif compact == self.toc_first or self.toc_lines > 80 or len(compact) > 60:
            self.in_toc = False  # the body starts by repeating the first heading
            return False
        if is_note_text(compact):
            return False  # a note under the contents is running text
        if self.toc and compact.startswith(("(", "（")) and not _TOC_NUMBERED.match(compact):
            last = self.toc[-1]  # a title wrapped onto the next line
            self.toc[-1] = TocEntry(title=last.title + line.text.strip(), line=last.line, number=last.number)
            return True
        number, title = _split_number(_LEADER.sub("", line.text).strip().lstrip("-•· "))
        self.toc.append(TocEntry(title=title, line=line.line, number=number))
        return True

    # --- rows -----------------------------------------------------------------------------
    def row(self, row: CellRow) -> None:
        current = self.current
        if self.buffer or current is None or current.closed:
            current = self._table_for(row)
        cells = row.cells
        joined = "".join(cells)
        # is_meta_row's first test, made here to spare most rows the call
        if (
            ":" in joined or "：" in joined or ("年" in joined and ("(" in joined or "（" in joined))
        ) and is_meta_row(cells):
            current.meta.extend(c for c in cells if c.strip())
        else:
            current.rows.append(RawRow(cells, row.line, row.page, row.collapsed))

    def _table_for(self, row: CellRow) -> Chunk:
        """The table a row opens or continues, given the text lines read since the last row
        (without any, the row simply continues the open table)."""
        texts = self.buffer
        title_index = _title_index(texts)
        title = texts[title_index] if title_index is not None else None
        current = self.current
        continues = (
            current is not None
            and not current.closed
            and not self._has_prose(texts, title_index)
            and (title is None or _same_title(title.text, current.title))
            and not (title is not None and current.rows and _opens_goal_table(row.cells))
        )
        if continues and current is not None:
            self._settle(self.buffer, title_at=None, absorb_meta=True, skip=title)
        else:
            self._settle(self.buffer, title_at=title)
            if title is not None:
                current = Chunk(title.text, title.line, title.page)
                current.meta.extend(t.text for t in texts[(title_index or 0) + 1 :] if is_meta_text(t.text))
            else:
                current = Chunk(self._orphan_title(), row.line, row.page)
            self.chunks.append(current)
            self.current = current
        self.buffer = []
        return current

    def _has_prose(self, texts: list[TextLine], title_index: int | None) -> bool:
        limit = title_index if title_index is not None else len(texts)
        for i, t in enumerate(texts[:limit]):
            if not (is_meta_text(t.text) or is_note_text(t.text) or self._is_note_continuation(texts, i)):
                return True
        return False

    @staticmethod
    def _is_note_continuation(texts: list[TextLine], i: int) -> bool:
        return (
            i > 0
            and is_note_text(texts[i - 1].text)
            and texts[i].line == texts[i - 1].line + 1
            and bool(_NOTE_CONTINUATION.search(texts[i].text))
        )

    def _orphan_title(self) -> str:
        """Rows with no title before them: use the paragraph just before, if it is short."""
        for paragraph in reversed(self.paragraphs[-3:]):
            if not is_meta_text(paragraph.text):
                return paragraph.text if len(paragraph.text) <= 40 else ""
        return ""

    # --- text between tables --------------------------------------------------------------
    def _settle(
        self,
        buffer: list[TextLine],
        title_at: TextLine | None,
        absorb_meta: bool = False,
        skip: TextLine | None = None,
    ) -> None:
        """Give each buffered text line its place: note of the current table, or running text."""
        previous_note_line: int | None = None
        for block in buffer:
            if block is skip:
                continue
            if title_at is not None and block is title_at:
                break
            current = self.current
            follows_note = previous_note_line is not None and block.line == previous_note_line + 1
            if (
                follows_note
                and current is not None
                and block.page is not None
                and not is_note_text(block.text)
                and not current.notes[-1].rstrip().endswith(("。", "；", ";", "."))
            ):
                # A paged document (PDF) wraps a long note over several printed lines.
                current.notes[-1] += block.text
                previous_note_line = block.line
                continue
            continues_note = follows_note and bool(_NOTE_CONTINUATION.search(block.text))
            if (
                current is not None
                and (is_note_text(block.text) or continues_note)
                and not looks_like_title(block.text)
            ):
                current.notes.append(block.text)
                current.note_lines.append(block.line)
                previous_note_line = block.line
                continue
            previous_note_line = None
            if current is not None and is_meta_text(block.text) and (absorb_meta or not current.rows):
                current.meta.append(block.text)
                continue
            if current is not None:
                current.closed = True
            self.paragraphs.append(block)
        if title_at is not None and self.current is not None:
            self.current.closed = True


def _title_index(texts: list[TextLine]) -> int | None:
    """Index of the table title among the text lines before a table's first row."""
    for i in range(len(texts) - 1, -1, -1):
        text = texts[i].text
        if is_meta_text(text):
            continue
        return i if looks_like_title(text) else None
    return None


def _opens_goal_table(cells: tuple[str, ...]) -> bool:
    """A goal table starts with its project's identity (项目名称 | …): under a title printed again,
    such a row opens the next project's table rather than continuing the last one."""
    first = _SPACES.sub("", next((c for c in cells if c.strip()), ""))
    return first in ("项目名称", "项目编码", "项目代码")


def _same_title(a: str, b: str) -> bool:
    """Same printed title (numbering kept: ``2、X`` and ``3、X`` are two tables)."""
    return _SPACES.sub("", a) == _SPACES.sub("", b)


def _split_number(text: str) -> tuple[str | None, str]:
    match = re.match(
        r"^((?:第[一二三四五六七八九十]+部分)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．])\s*",
        text,
    )
    if not match:
        return None, text
    return match.group(1).rstrip("、.．"), text[match.end() :].strip()


def _absorb_row_toc(chunk: Chunk, toc: list[TocEntry]) -> bool:
    """A 'table' whose rows are (number, table title) pairs is a table of contents."""
    entries: list[TocEntry] = []
    for row in chunk.rows:
        filled = [c for c in row.cells if c.strip()]
        if len(filled) == 1 and filled[0].endswith(("报表", "目录", "公开表")):
            continue  # a heading inside the list, e.g. 一、部门预算报表
        if len(filled) != 2 or not _TOC_ROW_NUMBER.match(filled[0]) or not looks_like_title(filled[1]):
            return False
        entries.append(TocEntry(title=filled[1], line=row.line, number=filled[0].rstrip("、")))
    if len(entries) < 3:
        return False
    toc.extend(entries)
    return True
