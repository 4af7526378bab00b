"""Facts stated in the explanatory text (placeholder until the facts extractor lands)."""

from __future__ import annotations

from collections.abc import Sequence

from yusuan.model import Fact, Paragraph


def extract_facts(paragraphs: Sequence[Paragraph]) -> tuple[Fact, ...]:
    return ()
