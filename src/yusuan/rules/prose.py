"""Reading the explanatory text (情况说明) the way rules need it.

Text extracted from a PDF breaks a sentence wherever the printed line ends (``主`` / ``要原因是``),
so rules search :class:`Passage` s: consecutive paragraphs joined where a sentence runs on. A
match is placed back on the paragraph (line, page) where it starts, and quoted with its sentence.
Headings are told by their numbering (``第一部分``, ``一、``, ``（一）``, ``1.``, ``（1）``) or by being a
short line without punctuation; a section runs from its heading to the next heading of the same
or a higher level, which is how the 名词解释 (glossary) and the “三公”经费 section are found.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from yusuan.model import Paragraph
from yusuan.rules.context import CheckContext
from yusuan.rules.findings import Location

_SENTENCE_END = "。！？!?；;"
_RUNS_ON_UNLESS = "。！？!?"
_CN = "一二三四五六七八九十"
_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第[{_CN}]+部分")),
    (1, re.compile(rf"^[{_CN}]+[、.．]")),
    (2, re.compile(rf"^[（(][{_CN}]+[）)]")),
    (3, re.compile(r"^\d{1,2}[、.．](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
)
_PUNCTUATION = re.compile(r"[。，；：,;:！？!?]")
_GLOSSARY = re.compile(r"名词解释|术语解释|名词说明")


def compact(text: str) -> str:
    """The text without whitespace, the full-width space included (``str.split`` takes the same
    characters for whitespace as a regex ``[\\s\\u3000]``, and is far cheaper)."""
    return "".join(text.split())


@lru_cache(maxsize=4096)
def heading_level(text: str) -> int | None:
    """0 for 第X部分 and unnumbered title lines, 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）."""
    body = compact(text)
    for level, pattern in _LEVELS:
        if pattern.match(body):
            return level
    if body and len(body) <= 30 and not _PUNCTUATION.search(body) and not body.isdigit():
        return 0
    return None


@lru_cache(maxsize=4096)
def is_heading(text: str) -> bool:
    """A line that is only a heading (numbered or not), not a numbered paragraph of content."""
    body = compact(text)
    return heading_level(body) is not None and len(body) <= 40 and not re.search(r"[，。；,;！？!?]", body)


@dataclass(frozen=True)
class Passage:
    """Paragraphs joined where a sentence runs on; ``starts`` are the offsets of each paragraph."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    starts: tuple[int, ...]

    @property
    def line(self) -> int:
        return self.paragraphs[0].line

    @property
    def level(self) -> int | None:
        return heading_level(self.paragraphs[0].text)

    def paragraph_at(self, offset: int) -> Paragraph:
        index = max(i for i, start in enumerate(self.starts) if start <= offset)
        return self.paragraphs[index]

    def sentence_at(self, start: int, end: int | None = None) -> str:
        """The sentence holding ``text[start:end]`` (up to and including its closing mark)."""
        end = start if end is None else end
        before = max(self.text.rfind(mark, 0, start) for mark in _SENTENCE_END)
        after = [i for i in (self.text.find(mark, max(end, start)) for mark in _SENTENCE_END) if i >= 0]
        stop = min(after) + 1 if after else len(self.text)
        return self.text[before + 1 : stop].strip()

    def place(self, start: int, end: int | None = None) -> Location:
        """Where ``text[start:end]`` is printed, quoted with its sentence."""
        paragraph = self.paragraph_at(start)
        return Location(line=paragraph.line, page=paragraph.page, text=self.sentence_at(start, end))

    def heading_place(self) -> Location:
        first = self.paragraphs[0]
        return Location(line=first.line, page=first.page, text=compact(first.text))


def passages(ctx: CheckContext) -> tuple[Passage, ...]:
    """The text's passages, joined once per check: every rule of a check reads the same text."""
    return ctx.memo("passages", lambda: _join(ctx.disclosure.paragraphs))


def _join(paragraphs: Sequence[Paragraph]) -> tuple[Passage, ...]:
    """Join a paragraph to the one before when that one's sentence runs on into it."""
    groups: list[list[Paragraph]] = []
    previous = ""  # the last paragraph joined, compacted
    for paragraph in paragraphs:
        text = compact(paragraph.text)
        if not text:
            continue
        # A sentence never runs on into another file (a folder read as one disclosure).
        if groups and groups[-1][-1].source == paragraph.source and _runs_on(previous, paragraph.text):
            groups[-1].append(paragraph)
        else:
            groups.append([paragraph])
        previous = text
    return tuple(_passage(group) for group in groups)


def _runs_on(previous: str, after: str) -> bool:
    """Whether the sentence of a paragraph (``previous``, compacted) runs on into the next."""
    return (
        not previous.endswith(tuple(_RUNS_ON_UNLESS))
        and not is_heading(previous)
        and heading_level(after) is None
    )


def _passage(group: Sequence[Paragraph]) -> Passage:
    texts = [p.text.strip() for p in group]
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text)
    return Passage("".join(texts), tuple(group), tuple(starts))


def section(items: Sequence[Passage], start: int) -> list[Passage]:
    """The passage at ``start`` and those under it, up to the next heading of its level or higher,
    or the end of its file."""
    first = items[start]
    level = first.level
    rest = itertools.takewhile(
        lambda i: i.paragraphs[0].source == first.paragraphs[0].source, items[start + 1 :]
    )
    if level is None or not is_heading(first.text):
        # A sentence, not a heading: it and what runs on from it without a heading.
        return [first, *itertools.takewhile(lambda i: i.level is None, rest)]
    return [first, *itertools.takewhile(lambda i: i.level is None or i.level > level, rest)]


def glossary_positions(items: Sequence[Passage]) -> frozenset[int]:
    """Positions in ``items`` of the 名词解释 section: definitions there speak of 部门, 三公 … in
    general. By position, not line: line numbers restart in each file of a folder and each
    sheet of a workbook, so a line of the glossary may be a line of the body elsewhere."""
    positions: set[int] = set()
    for index, item in enumerate(items):
        if (
            _may_name_glossary(item.text)
            and _GLOSSARY.search(compact(item.text)[:20])
            and is_heading(item.text)
        ):
            positions.update(range(index, index + len(section(items, index))))
    return frozenset(positions)


def _may_name_glossary(text: str) -> bool:
    """A cheap test that rules out most passages: each of 名词解释, 术语解释, 名词说明 has 名 or
    术, and 释 or 明 (single characters, which no whitespace can split)."""
    return ("名" in text or "术" in text) and ("释" in text or "明" in text)


def body(ctx: CheckContext) -> tuple[Passage, ...]:
    """The passages outside the glossary (once per check)."""
    return ctx.memo("body", lambda: _outside_glossary(passages(ctx)))


def _outside_glossary(items: Sequence[Passage]) -> tuple[Passage, ...]:
    skip = glossary_positions(items)
    return tuple(item for index, item in enumerate(items) if index not in skip)
