"""Projects and their performance goals (placeholder until the goals extractor lands)."""

from __future__ import annotations

from collections.abc import Sequence

from yusuan.model import Project, Table


def extract_projects(tables: Sequence[Table]) -> tuple[Project, ...]:
    return ()
