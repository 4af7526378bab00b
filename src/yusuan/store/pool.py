"""Worker processes for ingest, where one dying worker costs only the file that killed it.

Why not :class:`concurrent.futures.ProcessPoolExecutor`: when one of its workers dies (out of
memory, a native reader crashing), the whole pool breaks, every unfinished task fails, and on
CPython 3.11 its recovery races with ``submit()``: a worker started during the break is never
told to stop, and the interpreter then waits for it forever at exit (seen in CI).

Here each worker has its own pipe, so the pool knows which chunk a dead worker held. The
worker is replaced; its chunk is tried again one task at a time, and a task that kills two
workers is given up (``crashed(task)``) while every other task goes on. A dispatcher thread
feeds the workers and collects their results while the caller is busy (writing to the
database), and the caller gets the results in input order.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.reduction import ForkingPickler
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Chunks sent ahead to each worker, so that it never waits for the dispatcher between two.
DEPTH = 2
# A task is given up when it has killed this many workers.
CRASHES_TO_GIVE_UP = 2
# Seconds a worker may take to stop when asked, before it is killed.
STOP_GRACE = 5.0
# A chunk is sent ahead to a busy worker only when this small: a big one could fill the pipe
# while the worker, blocked sending its result, does not read it (both would wait for ever).
AHEAD_BYTES = 32 * 1024
# What a worker sends once it has started (imported, initialised) and can take chunks.
_READY = "ready"


class PoolError(RuntimeError):
    """The workers cannot run: each one dies before it returns anything, or no process can be
    started or reached."""


@dataclass
class _Chunk(Generic[T]):
    start: int  # position of its first task among all tasks
    tasks: Sequence[T]
    crashes: int = 0  # workers it has killed (one-task chunks only)
    _payload: bytes | None = None

    def payload(self) -> bytes:
        if self._payload is None:
            self._payload = bytes(ForkingPickler.dumps((self.start, self.tasks)))
        return self._payload


class _Worker:
    def __init__(self, context: BaseContext, args: tuple[Any, ...]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, *args), daemon=True)  # type: ignore[attr-defined]
        self.process.start()
        child.close()
        self.held: deque[_Chunk[Any]] = deque()
        self.ready = False  # started and initialised: a death from now on is its chunk's doing


def _serve(
    conn: Connection,
    work: Callable[[Sequence[Any]], list[Any]],
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
) -> None:
    """A worker's loop: chunks in, results out, until told to stop (``None``)."""
    # Ctrl-C reaches the whole process group; the main process decides, then stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)
    conn.send(_READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        start, tasks = message
        try:
            conn.send((start, work(tasks)))
        except Exception:
            # A bug in the work function (or a result that cannot be sent) is treated like a
            # crash: the chunk is retried task by task and the task that fails is reported.
            if os.environ.get("YUSUAN_DEBUG"):
                traceback.print_exc(file=sys.stderr)
            os._exit(70)


class _Done:
    pass


@dataclass
class _Raised:
    error: BaseException


class _Dispatcher(Generic[T, R]):
    def __init__(
        self,
        work: Callable[[Sequence[T]], list[R]],
        chunks: Iterable[Sequence[T]],
        *,
        workers: int,
        context: BaseContext,
        initializer: Callable[..., None] | None,
        initargs: tuple[Any, ...],
        crashed: Callable[[T], R],
    ) -> None:
        self.pending: deque[_Chunk[T]] = deque()
        position = 0
        for tasks in chunks:
            if tasks:
                self.pending.append(_Chunk(position, tasks))
                position += len(tasks)
        self.total = position
        self.size = max(1, min(workers, len(self.pending)))
        self.context = context
        self.args = (work, initializer, initargs)
        self.crashed = crashed
        self.out: queue.SimpleQueue[tuple[int, list[R]] | _Done | _Raised] = queue.SimpleQueue()
        self.stop = threading.Event()
        self.wake_reader, self.wake_writer = context.Pipe(duplex=False)
        self.workers: list[_Worker] = []
        self.started = False  # some worker has become ready
        self.failed_starts = 0
        self.thread = threading.Thread(target=self._run, name="yusuan-pool", daemon=True)

    # ------------------------------------------------------------------ dispatcher thread

    def _run(self) -> None:
        try:
            for _ in range(self.size):  # one by one, so that a failed start leaves none unstopped
                self.workers.append(_Worker(self.context, self.args))
            while not self.stop.is_set() and (self.pending or any(w.held for w in self.workers)):
                self._feed()
                self._collect()
            self.out.put(_Done())
        except PoolError as exc:  # handed to the caller, who raises it
            self.out.put(_Raised(exc))
        except BaseException as exc:  # e.g. no process can be started (too many open files)
            error = PoolError(f"{type(exc).__name__}: {exc}")
            error.__cause__ = exc
            self.out.put(_Raised(error))
        finally:
            # Busy workers (after an error, or when stopped early) are not waited for.
            self._stop_workers(at_once=self.stop.is_set() or any(w.held for w in self.workers))

    def _feed(self) -> None:
        for worker in self.workers:
            while self.pending and len(worker.held) < DEPTH:
                chunk = self.pending.popleft()
                if worker.held and len(chunk.payload()) > AHEAD_BYTES:
                    self.pending.appendleft(chunk)
                    break
                try:
                    worker.conn.send_bytes(chunk.payload())
                except OSError:  # it has died; its sentinel says so on the next wait
                    self.pending.appendleft(chunk)
                    break
                worker.held.append(chunk)

    def _collect(self) -> None:
        by_object: dict[object, _Worker] = {}
        for worker in self.workers:
            by_object[worker.conn] = worker
            by_object[worker.process.sentinel] = worker
        ready = wait(
            [*(w.conn for w in self.workers), *(w.process.sentinel for w in self.workers), self.wake_reader]
        )
        if self.wake_reader in ready:
            return  # asked to stop
        seen: set[int] = set()
        for obj in ready:
            worker = by_object[obj]
            if id(worker) in seen:
                continue
            seen.add(id(worker))
            # a closed pipe or a ready sentinel: the worker has died
            if obj is worker.conn and self._receive(worker):
                continue
            self._replace(worker)

    def _receive(self, worker: _Worker) -> bool:
        """Take every result the worker has sent; False when its pipe is closed (it died)."""
        try:
            while True:
                message = worker.conn.recv()
                if message == _READY:
                    worker.ready = self.started = True
                    if not worker.conn.poll():
                        return True
                    continue
                start, results = message
                chunk = worker.held.popleft()
                if start != chunk.start or len(results) != len(chunk.tasks):
                    raise RuntimeError(f"worker result for {start} does not match chunk {chunk.start}")
                self.out.put((start, results))
                if not worker.conn.poll():
                    return True
        except (EOFError, OSError):
            return False

    def _replace(self, dead: _Worker) -> None:
        if dead.conn.poll():
            self._receive(dead)  # results it sent before it died still count
        dead.conn.close()
        dead.process.join(timeout=STOP_GRACE)
        if dead.process.is_alive():  # pipe broken but process hanging: do not wait for it
            dead.process.kill()
            dead.process.join()
        exitcode = dead.process.exitcode
        dead.process.close()
        self.workers.remove(dead)
        if not dead.ready:  # died while starting: no chunk is to blame
            self.pending.extendleft(reversed(dead.held))
            self.failed_starts += 1
            if not self.started and self.failed_starts > self.size + CRASHES_TO_GIVE_UP:
                raise PoolError(f"worker processes die while starting (exit code {exitcode})")
        elif dead.held:
            self._retry(list(dead.held))
        # Not while stopping: at exit, multiprocessing has just terminated the workers on purpose.
        if self.pending and not self.stop.is_set():
            self.workers.append(_Worker(self.context, self.args))

    def _retry(self, held: list[_Chunk[T]]) -> None:
        """The first held chunk was being worked on when the worker died; the rest never began."""
        culprit, untouched = held[0], held[1:]
        again: list[_Chunk[T]] = []
        if len(culprit.tasks) > 1:
            again = [_Chunk(culprit.start + i, [task]) for i, task in enumerate(culprit.tasks)]
        elif culprit.crashes + 1 >= CRASHES_TO_GIVE_UP:
            self.out.put((culprit.start, [self.crashed(culprit.tasks[0])]))
        else:
            again = [_Chunk(culprit.start, culprit.tasks, culprit.crashes + 1)]
        self.pending.extendleft(reversed(again + untouched))

    def _stop_workers(self, *, at_once: bool) -> None:
        for worker in self.workers:
            if at_once:
                worker.process.terminate()
                continue
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        deadline = time.monotonic() + STOP_GRACE
        for worker in self.workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.process.close()
            worker.conn.close()
        self.workers = []
        self.wake_reader.close()

    # ------------------------------------------------------------------ caller side

    def _abandon(self) -> None:
        """Stop the dispatcher (which stops the workers) and wait for it."""
        self.stop.set()
        with contextlib.suppress(OSError):
            self.wake_writer.send(None)
        self.thread.join()

    def results(self) -> Iterator[R]:
        self.thread.start()
        # An iteration never finished nor closed is stopped at exit before multiprocessing's
        # own handler runs (atexit runs last registered first), not in the middle of it.
        atexit.register(self._abandon)
        arrived: dict[int, list[R]] = {}
        following = 0
        try:
            while following < self.total:
                item = self.out.get()
                if isinstance(item, _Raised):
                    raise item.error
                if isinstance(item, _Done):
                    raise PoolError(f"{self.total - following} results lost")
                start, results = item
                arrived[start] = results
                while following in arrived:
                    results = arrived.pop(following)
                    following += len(results)
                    yield from results
        finally:
            self._abandon()
            atexit.unregister(self._abandon)
            self.wake_writer.close()


def ordered_map(
    work: Callable[[Sequence[T]], list[R]],
    chunks: Iterable[Sequence[T]],
    *,
    workers: int,
    context: BaseContext,
    crashed: Callable[[T], R],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``work(chunk)`` for every chunk in ``workers`` processes; one result per task, in input order.

    ``work`` must return one result per task of its chunk and be importable by the workers (a
    module-level function). A task during which a worker dies twice gives ``crashed(task)``.
    Closing the iterator early stops the workers at once; none outlives the iteration."""
    dispatcher = _Dispatcher(
        work,
        chunks,
        workers=workers,
        context=context,
        initializer=initializer,
        initargs=initargs,
        crashed=crashed,
    )
    if dispatcher.total == 0:
        return iter(())
    return dispatcher.results()


__all__ = ["PoolError", "ordered_map"]
