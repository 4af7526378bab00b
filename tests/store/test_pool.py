"""The ingest worker pool: results in input order, and a dying worker costs only its task.

Like every store test, each also checks that no worker process outlives it (conftest)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.pool_work import crashed, failing_initializer, square_or_crash
from yusuan.store.ingest import _pool_context
from yusuan.store.pool import PoolError, ordered_map


def run(chunks: Sequence[Sequence[str]], workers: int = 2, **options: object) -> list[str]:
    return list(
        ordered_map(
            square_or_crash, chunks, workers=workers, context=_pool_context(), crashed=crashed, **options
        )  # type: ignore[arg-type]
    )


def test_results_come_in_input_order_one_per_task() -> None:
    chunks = [
        [str(n) for n in range(start, start + size)] for start, size in ((0, 3), (3, 1), (4, 5), (9, 2))
    ]
    assert run(chunks, workers=3) == [str(n * n) for n in range(11)]


@settings(max_examples=5, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=12))
def test_any_chunking_gives_the_same_results(sizes: list[int]) -> None:
    chunks, start = [], 0
    for size in sizes:
        chunks.append([str(n) for n in range(start, start + size)])
        start += size
    assert run(chunks) == [str(n * n) for n in range(start)]


def test_a_task_that_kills_its_worker_fails_alone() -> None:
    """The crash is in a chunk of four: its three other tasks and every other chunk succeed."""
    chunks = [["1", "2"], ["3", "crash", "4", "5"], ["6"], ["7", "8", "9"], ["10"]]
    expected = ["1", "4", "9", "crashed:crash", "16", "25", "36", "49", "64", "81", "100"]
    assert run(chunks) == expected


def test_several_crashing_tasks_each_fail_alone() -> None:
    chunks = [["crash"], ["1", "crash"], ["2"], ["crash", "3"], ["4"]]
    assert run(chunks) == ["crashed:crash", "1", "crashed:crash", "4", "crashed:crash", "9", "16"]


def test_a_task_that_crashes_once_succeeds_when_tried_again(tmp_path: Path) -> None:
    flag = tmp_path / "flag"
    flag.touch()
    chunks = [["1", f"crash-once:{flag}", "2"], ["3"]]
    assert run(chunks) == ["1", "survived", "4", "9"]
    assert not flag.exists()


def test_files_that_crash_first_do_not_stop_the_run() -> None:
    """Deaths caused by bad files are not mistaken for workers that cannot start."""
    chunks = [["crash"]] * 8 + [[str(n)] for n in range(5)]
    assert run(chunks) == ["crashed:crash"] * 8 + [str(n * n) for n in range(5)]


def test_big_chunks_and_results_do_not_block_the_pipes() -> None:
    """A chunk too big for the pipe is not sent ahead to a worker busy sending its result."""
    chunks = [[f"big{n}" + "x" * 1_000_000] for n in range(6)]
    assert run(chunks, workers=1) == [c[0].upper() for c in chunks]


def test_a_bug_in_the_work_function_fails_its_task_like_a_crash() -> None:
    assert run([["1", "raise"], ["2"]]) == ["1", "crashed:raise", "4"]


def test_workers_that_cannot_start_give_an_error_not_a_hang() -> None:
    with pytest.raises(PoolError):
        run([["1"], ["2"], ["3"]], initializer=failing_initializer)


def test_stopping_early_stops_the_workers() -> None:
    results = ordered_map(
        square_or_crash, [[str(n)] for n in range(200)], workers=2, context=_pool_context(), crashed=crashed
    )
    assert next(results) == "0"
    results.close()  # type: ignore[attr-defined]


def test_no_chunks_no_workers() -> None:
    assert run([]) == []
    assert run([[], []]) == []


class _NoProcesses:
    """A start-method context whose processes cannot be started (as with too many open files)."""

    def __init__(self) -> None:
        self._real = _pool_context()

    def Pipe(self, duplex: bool = True) -> object:
        return self._real.Pipe(duplex)

    def Process(self, **_: object) -> object:
        raise OSError(24, "Too many open files")


def test_processes_that_cannot_be_started_give_an_error() -> None:
    with pytest.raises(PoolError, match="Too many open files"):
        list(ordered_map(square_or_crash, [["1"], ["2"]], workers=2, context=_NoProcesses(), crashed=crashed))  # type: ignore[arg-type]
