"""Comparing printed classification names: the same name is printed with different spacing,
bracket widths and level markers, and those differences are not findings."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans(
    {"【": "(", "〔": "(", "［": "(", "[": "(", "】": ")", "〕": ")", "］": ")", "]": ")"}
)
_LEADING = re.compile(r"^(?:其中[:：]|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、])")
_LEVEL_MARK = re.compile(r"\((?:类|款|项)\)$")


@lru_cache(maxsize=8192)
def normalize_name(name: str) -> str:
    """The name as compared: ``维修（护）费`` and ``维修(护)费``, ``其他社会保障 缴费`` and
    ``其他社会保障缴费``, ``卫生健康支出（类）`` and ``卫生健康支出`` compare equal.

    NFKC folds full-width brackets, digits and spaces to their ASCII forms; whitespace (a line
    wrap inside a cell) is dropped; a leading ``其中：`` or list number and a trailing level
    marker ``（类）/（款）/（项）`` are not part of the name.
    """
    text = _SPACES.sub("", unicodedata.normalize("NFKC", name)).translate(_BRACKETS)
    text = _LEADING.sub("", text)
    text = _LEVEL_MARK.sub("", text)
    return text.rstrip(":：")


def same_name(a: str, b: str) -> bool:
    return normalize_name(a) == normalize_name(b)
