"""A worker function that kills its process on files named ``crash*`` (for tests/store: a
reader that crashes must not stop or hang an ingest). Importable by worker processes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from yusuan.store.ingest import Outcome, Task, prepare_task


def crash_on_marked(tasks: Sequence[Task]) -> list[Outcome]:
    outcomes = []
    for task in tasks:
        if Path(task.path).name.startswith("crash"):
            os._exit(70)
        outcomes.append(prepare_task(task))
    return outcomes
