"""Spread independent work over the machine's cores, in order, when it is worth it.

Reading and parsing thousands of entry files is the slowest part of a check, and each file
is independent. Worker processes are forked (cheap: the modules are already imported, and
the items need not be sent) and return plain values, which pickle fast. Where fork is not
available, or the work is small, or `DOSSIER_JOBS=1` is set, everything runs here.

The items are cut into chunks. Workers take them from the front as soon as they are
forked; this process may do something else first (`check` imports the schema meanwhile),
then takes them from the back, handling what the workers have finished as it goes.
However the time is split, the two ends meet: no core waits while another has a queue.

A worker writes each chunk's results to a file of its own and sends only its number. Sent
through a pipe, megabytes of results would stall the worker on every 64 KB the pipe holds
until this process, busy with its own chunks, took the bytes out.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400
"""Below this many items a fork costs more than it saves; each process gets half as many."""
CHUNKS_PER_JOB = 24
"""Chunks per process: small enough for the ends to meet evenly, big enough to cost
nothing to hand out."""


def jobs() -> int:
    """How many processes to use: `DOSSIER_JOBS`, or the cores this process may run on."""
    wanted = os.environ.get("DOSSIER_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_in_order(work: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    """`work` over `items`, possibly in parallel; the results in the items' order.

    `work` must take a sequence of items and return one result per item."""
    with Spread(work, items) as spread:
        return spread.results()


class Spread(Generic[T, R]):
    """`work` over `items`: begun by the workers at once, finished by iterating.

    A context manager: leaving it early stops the workers, so none outlives the caller."""

    def __init__(self, work: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> None:
        self._work = work
        self._items = items
        n = min(jobs(), len(items) // max(MIN_ITEMS // 2, 1))
        if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            n = 1
        self._size = max(-(-len(items) // (n * CHUNKS_PER_JOB)), 1) if n > 1 else len(items) or 1
        chunks = -(-len(items) // self._size)
        self._delivered: set[int] = set()
        self._workers: list[multiprocessing.process.BaseProcess] = []
        self._receivers: list[Connection] = []
        self._folder = ""
        # [first chunk not taken, one past the last chunk not taken], shared by every process.
        self._free: Any = [0, chunks]
        self._lock: Any = threading.Lock()
        if n > 1:
            context = multiprocessing.get_context("fork")
            self._free = context.RawArray("i", self._free)
            self._lock = context.Lock()
            self._folder = tempfile.mkdtemp(prefix="dossier-")
            self._start(context, n - 1)

    def _start(self, context: Any, count: int) -> None:
        pipes = [context.Pipe(duplex=False) for _ in range(count)]
        for k, (_, sender) in enumerate(pipes):
            others = [end for i, pipe in enumerate(pipes) for end in pipe if i != k]
            worker = context.Process(target=self._serve, args=(sender, others), daemon=True)
            worker.start()
            self._workers.append(worker)
        for receiver, sender in pipes:
            sender.close()
            self._receivers.append(receiver)

    def __iter__(self) -> Iterator[tuple[int, list[R]]]:
        """Each chunk's results with the index of its first item, as they are done."""
        while (chunk := self._take(front=False)) is not None:
            yield chunk * self._size, self._run(chunk)
            yield from self._arrivals(block=False)
        yield from self._arrivals(block=True)
        # A worker that died (killed, out of memory) leaves its chunk undone: do it here.
        for chunk in range(self._free[0]):
            if chunk not in self._delivered:
                yield chunk * self._size, self._run(chunk)

    def results(self) -> list[R]:
        """Every result, in the items' order."""
        results: list[R] = [None] * len(self._items)  # type: ignore[list-item]
        for start, part in self:
            results[start : start + len(part)] = part
        return results

    def _take(self, front: bool) -> int | None:
        """Claim the next free chunk from the front (workers) or the back (this process)."""
        with self._lock:
            first: int = self._free[0]
            end: int = self._free[1]
            if first >= end:
                return None
            if front:
                self._free[0] = first + 1
                return first
            self._free[1] = end - 1
            return end - 1

    def _run(self, chunk: int) -> list[R]:
        start = chunk * self._size
        return self._work(self._items[start : start + self._size])

    def _file(self, chunk: int) -> str:
        return os.path.join(self._folder, f"{chunk}.pickle")

    def _serve(self, sender: Connection, others: list[Connection]) -> None:
        """A worker's life: chunks from the front until none is left, each written out."""
        for end in others:
            end.close()
        try:
            while (chunk := self._take(front=True)) is not None:
                with open(self._file(chunk), "wb") as out:
                    pickle.dump(self._run(chunk), out, pickle.HIGHEST_PROTOCOL)
                sender.send((chunk, None))
        except BaseException as exc:  # a theme error, say: raised again in the parent
            try:
                sender.send((None, exc))
            except Exception:  # it does not pickle
                sender.send((None, RuntimeError(repr(exc))))
        finally:
            sender.close()

    def _arrivals(self, block: bool) -> Iterator[tuple[int, list[R]]]:
        """The chunks the workers have finished: those so far, or (`block`) all of them."""
        while self._receivers:
            ready = wait(self._receivers, timeout=None if block else 0)
            if not ready:
                return
            for receiver in ready:
                assert isinstance(receiver, Connection)
                try:
                    chunk, error = receiver.recv()
                except EOFError:  # the worker is done, or died
                    self._receivers.remove(receiver)
                    continue
                if error is not None:
                    raise error
                with open(self._file(chunk), "rb") as results:
                    part = pickle.load(results)
                os.unlink(self._file(chunk))
                self._delivered.add(chunk)
                yield chunk * self._size, part

    def __enter__(self) -> Spread[T, R]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for worker in self._workers:
            if kind is not None:
                worker.terminate()
            worker.join()
        for receiver in self._receivers:
            receiver.close()
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
