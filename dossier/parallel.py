"""Spread independent work over the machine's cores, in order, when it is worth it.

Reading and parsing thousands of entry files is the slowest part of a check, and each file
is independent. Worker processes are forked (cheap: the modules are already imported) and
return plain values, which pickle fast. Where fork is not available, or the work is small,
or `DOSSIER_JOBS=1` is set, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400
"""Below this many items a fork costs more than it saves; each process gets half as many."""


def jobs() -> int:
    """How many processes to use: `DOSSIER_JOBS`, or the cores this process may run on."""
    wanted = os.environ.get("DOSSIER_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_in_order(work: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    """`work` over `items`, possibly in parallel; the results in the items' order.

    `work` must be a module-level function taking a sequence of items and returning one
    result per item. This process takes a share itself while the workers do theirs.
    """
    n = min(jobs(), len(items) // max(MIN_ITEMS // 2, 1))
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return work(items)
    # Strided shares even out the kinds: a contiguous share would be all long incidents.
    shares = [items[k::n] for k in range(n)]
    with ProcessPoolExecutor(n - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        others = [pool.submit(work, share) for share in shares[1:]]
        done = [work(shares[0]), *(future.result() for future in others)]
    results: list[R] = [None] * len(items)  # type: ignore[list-item]
    for k, part in enumerate(done):
        results[k::n] = part
    return results
