"""Spread independent work over the machine's cores, in order, when it is worth it.

Reading and parsing thousands of entry files is the slowest part of a check, and each file
is independent. Worker processes return plain values, which pickle fast. Where the work is
small, or `DOSSIER_JOBS=1` is set, everything runs here.

How workers start (`start_method`): on Linux they are forked, which is cheap: the modules
are already imported, and the work and its items need not be sent. macOS (where forking a
process that uses the system's frameworks can crash it) and Windows (which cannot fork)
spawn them: a fresh interpreter that imports the work's module and is sent the work, the
items and a `setup` that gives it whatever state the work reads (`render` sends the checked
dossier this way). A process with threads (`serve`'s) spawns too, since a fork copies locks
that other threads may hold. `DOSSIER_START=spawn` (or `fork`, `forkserver`) forces one,
so that the spawned path is tested on Linux too.

The items are cut into chunks. Workers take them from the front as soon as they start;
this process may do something else first (`check` imports the schema meanwhile), then takes
them from the back, handling what the workers have finished as it goes. However the time is
split, the two ends meet: no core waits while another has a queue, and a worker still
starting when the ends have met is stopped rather than waited for. A render leaves every
chunk to forked workers, one more of them, to keep its caches out of this process (`Spread`).

A worker writes each chunk's results to a file of its own and sends only its number. Sent
through a pipe, megabytes of results would stall the worker on every 64 KB the pipe holds
until this process, busy with its own chunks, took the bytes out.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any, Generic, TypeVar

from .diagnostics import UsageError

log = logging.getLogger("dossier")

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400
"""Below this many items a worker costs more than it saves; each process gets half as many."""
CHUNKS_PER_JOB = 24
"""Chunks per process: small enough for the ends to meet evenly, big enough to cost
nothing to hand out."""


def jobs() -> int:
    """How many processes to use: `DOSSIER_JOBS`, or the cores this process may run on."""
    wanted = os.environ.get("DOSSIER_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process is allowed
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def start_method() -> str:
    """How workers start: `DOSSIER_START` if set, else fork where that is safe, else spawn.

    Raises UsageError for a method this system does not have."""
    methods = multiprocessing.get_all_start_methods()
    wanted = os.environ.get("DOSSIER_START", "")
    if wanted:
        if wanted not in methods:
            raise UsageError(
                f"DOSSIER_START={wanted!r} is not a way to start processes here; "
                f"use one of {', '.join(sorted(methods))}, or unset it"
            )
        return wanted
    safe = sys.platform != "darwin" and threading.active_count() == 1
    return "fork" if "fork" in methods and safe else "spawn"


def map_in_order(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    setup: Callable[[], object] | None = None,
    meanwhile: Callable[[], object] | None = None,
    here: bool = True,
) -> list[R]:
    """`work` over `items`, possibly in parallel; the results in the items' order.

    `work` must take a sequence of items and return one result per item; `setup`, if
    given, runs once in each worker before its first chunk (see `Spread`); `meanwhile`,
    here, while the workers begin, before this process takes its own chunks (without
    `here`, see `Spread`, none)."""
    with Spread(work, items, setup, here) as spread:
        if meanwhile is not None:
            meanwhile()
        return spread.results()


@dataclass
class _Chunks(Generic[T, R]):
    """The work cut into chunks, shared by this process and the workers."""

    work: Callable[[Sequence[T]], list[R]]
    items: Sequence[T]
    size: int
    free: Any
    """[first chunk not taken, one past the last chunk not taken], shared by every process."""
    lock: Any
    folder: str
    """Where the workers write their results, one file a chunk."""

    def take(self, front: bool) -> int | None:
        """Claim the next free chunk from the front (workers) or the back (this process)."""
        with self.lock:
            first: int = self.free[0]
            end: int = self.free[1]
            if first >= end:
                return None
            if front:
                self.free[0] = first + 1
                return first
            self.free[1] = end - 1
            return end - 1

    def run(self, chunk: int) -> list[R]:
        start = chunk * self.size
        return self.work(self.items[start : start + self.size])

    def file(self, chunk: int) -> str:
        return os.path.join(self.folder, f"{chunk}.pickle")

    def __getstate__(self) -> dict[str, object]:
        """Pickled as a spawned worker is started: the shared counter, lock and folder, not
        the work and the items (see `_send`)."""
        return {k: v for k, v in vars(self).items() if k not in ("work", "items")}


class Spread(Generic[T, R]):
    """`work` over `items`: begun by the workers at once, finished by iterating.

    `work` (and `setup`) must be functions of a module, or partials of them, and the items
    must pickle, for a spawned worker to be sent them. `setup` runs in each worker before
    it takes a chunk: a forked worker has this process's state already, a spawned one gets
    what `setup` carries (it is not run here: this process has the state).

    Without `here`, this process takes no chunk while forked workers can take them: one
    more worker starts instead. The workers share this process's memory, and work that
    fills caches as it goes (a render: every entry's link, every source's note) would add
    them to this process, which holds more than any worker already. Spawned workers share
    nothing and start slowly, so this process takes chunks beside them all the same.

    A context manager: leaving it stops the workers, so none outlives the caller."""

    def __init__(
        self,
        work: Callable[[Sequence[T]], list[R]],
        items: Sequence[T],
        setup: Callable[[], object] | None = None,
        here: bool = True,
    ) -> None:
        method = start_method()
        n = min(jobs(), len(items) // max(MIN_ITEMS // 2, 1))
        self._here = here or method != "fork" or n <= 1
        size = max(-(-len(items) // (n * CHUNKS_PER_JOB)), 1) if n > 1 else len(items) or 1
        chunks = -(-len(items) // size)
        self._method = method
        self._delivered: set[int] = set()
        self._workers: list[multiprocessing.process.BaseProcess] = []
        self._receivers: list[Connection] = []
        if n <= 1:
            self._chunks = _Chunks(work, items, size, [0, chunks], threading.Lock(), "")
            return
        context = multiprocessing.get_context(method)
        folder = tempfile.mkdtemp(prefix="dossier-")
        free = context.RawArray("i", [0, chunks])
        self._chunks = _Chunks(work, items, size, free, context.Lock(), folder)
        self._start(context, method == "fork", n - 1 if self._here else n, setup)

    def _start(
        self, context: Any, forked: bool, count: int, setup: Callable[[], object] | None
    ) -> None:
        sent = None if forked else self._send(setup)
        pipes = [context.Pipe(duplex=False) for _ in range(count)]
        for k, (_, sender) in enumerate(pipes):
            # A forked worker inherits every end of every pipe: it closes the others', or
            # this process would never see the end of theirs. A spawned one gets only its own.
            others = [end for i, pipe in enumerate(pipes) for end in pipe if i != k]
            args = (
                (self._chunks, sender, others, setup)
                if forked
                else (self._chunks, sender, [], sent)
            )
            worker = context.Process(target=_serve, args=args, daemon=True)
            try:
                worker.start()
            except OSError:  # no more processes to be had: this process does the rest
                break
            self._workers.append(worker)
        self._receivers = [receiver for receiver, _ in pipes[: len(self._workers)]]
        for receiver, sender in pipes:
            sender.close()
            if receiver not in self._receivers:  # its worker could not be started
                receiver.close()

    def _send(self, setup: Callable[[], object] | None) -> str:
        """The work, the items and the setup, pickled once into a file for the spawned
        workers to read. Sent with each process, as its arguments, they would go through the
        pipe it is started with: this process would wait on every 64 KB of them until the
        worker, still importing, read them, and for ever if it died first."""
        sent = os.path.join(self._chunks.folder, "work.pickle")
        with open(sent, "wb") as out:
            pickle.dump(
                (self._chunks.work, self._chunks.items, setup), out, pickle.HIGHEST_PROTOCOL
            )
        return sent

    def __iter__(self) -> Iterator[tuple[int, list[R]]]:
        """Each chunk's results with the index of its first item, as they are done."""
        chunks = self._chunks
        while self._here and (chunk := chunks.take(front=False)) is not None:
            yield chunk * chunks.size, chunks.run(chunk)
            yield from self._arrivals(block=False)
        # The ends have met (or the workers take every chunk): wait for what they took. With
        # no worker started, nothing is waited for and the loop below does every chunk.
        yield from self._arrivals(block=True)
        # Workers that died (killed, out of memory) leave their chunks undone, and those no
        # worker took: do them here.
        while (chunk := chunks.take(front=False)) is not None:
            yield chunk * chunks.size, chunks.run(chunk)
        for chunk in range(chunks.free[0]):
            if chunk not in self._delivered:
                yield chunk * chunks.size, chunks.run(chunk)

    def results(self) -> list[R]:
        """Every result, in the items' order."""
        results: list[R] = [None] * len(self._chunks.items)  # type: ignore[list-item]
        for start, part in self:
            results[start : start + len(part)] = part
        return results

    def _arrivals(self, block: bool) -> Iterator[tuple[int, list[R]]]:
        """The chunks the workers have finished: those so far, or (`block`, once no chunk
        is free) all that they took."""
        free = self._chunks.free
        while self._receivers and not (
            block and free[0] >= free[1] and len(self._delivered) >= free[0]
        ):
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
                file = self._chunks.file(chunk)
                with open(file, "rb") as results:
                    part = pickle.load(results)
                os.unlink(file)
                self._delivered.add(chunk)
                yield chunk * self._chunks.size, part

    def __enter__(self) -> Spread[T, R]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Every chunk a worker took has been delivered (or the caller gave up): what is
        # left of a worker is its exit, or its start, not worth waiting for.
        for worker in self._workers:
            worker.terminate()
        for worker in self._workers:
            worker.join()
        for receiver in self._receivers:
            receiver.close()
        if self._chunks.folder:
            shutil.rmtree(self._chunks.folder, ignore_errors=True)
        if self._workers:
            log.debug(
                "workers   %d (%s): %d of %d chunks",
                len(self._workers),
                self._method,
                len(self._delivered),
                -(-len(self._chunks.items) // self._chunks.size),
            )


def _serve(
    chunks: _Chunks[T, R],
    sender: Connection,
    others: list[Connection],
    setup: Callable[[], object] | str | None,
) -> None:
    """A worker's life: chunks from the front until none is left, each written out.

    `setup` is the setup itself (forked) or the file that holds the work, the items and
    the setup (spawned)."""
    for end in others:
        end.close()
    try:
        if isinstance(setup, str):
            setup = _receive(chunks, setup)
        if setup is not None:
            setup()
        while (chunk := chunks.take(front=True)) is not None:
            with open(chunks.file(chunk), "wb") as out:
                pickle.dump(chunks.run(chunk), out, pickle.HIGHEST_PROTOCOL)
            sender.send((chunk, None))
    except BaseException as exc:  # a theme error, say: raised again in the parent
        try:
            sender.send((None, exc))
        except Exception:  # it does not pickle
            sender.send((None, RuntimeError(repr(exc))))
    finally:
        sender.close()


def _receive(chunks: _Chunks[T, R], sent: str) -> Callable[[], object] | None:
    """What `Spread._send` wrote, in a spawned worker: the work and the items; the setup."""
    with open(sent, "rb") as file:
        chunks.work, chunks.items, setup = pickle.load(file)
    return setup  # type: ignore[no-any-return]
