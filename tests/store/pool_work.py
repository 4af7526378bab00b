"""Work functions for tests/store/test_pool.py, importable by worker processes.

Tasks are strings: ``"n"`` returns ``n * n``; ``"crash"`` kills the worker every time;
``"crash-once:<path>"`` kills it only while ``<path>`` exists (and removes it first), so the
task succeeds when tried again; ``"raise"`` raises inside the work function; ``"big…"`` (a
long string) comes back in capitals, as long."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def square_or_crash(tasks: Sequence[str]) -> list[str]:
    results = []
    for task in tasks:
        if task == "crash":
            os._exit(70)
        if task.startswith("crash-once:"):
            flag = Path(task.split(":", 1)[1])
            if flag.exists():
                flag.unlink()
                os._exit(71)
            results.append("survived")
            continue
        if task == "raise":
            raise ValueError("a bug in the work function")
        if task.startswith("big"):
            results.append(task.upper())
            continue
        results.append(str(int(task) ** 2))
    return results


def crashed(task: str) -> str:
    return f"crashed:{task}"


def failing_initializer() -> None:
    os._exit(3)
