"""Spreading the load over processes changes nothing but the time it takes."""

from __future__ import annotations

import functools
import multiprocessing
import os
import tempfile
import time
from pathlib import Path

import pytest

from dossier import parallel
from dossier.export import to_json
from dossier.pipeline import check

SITES = Path(__file__).parent / "sites"


def test_results_keep_the_items_order(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setenv("DOSSIER_JOBS", "3")
    items = list(range(23))
    assert parallel.map_in_order(_squares, items) == [i * i for i in items]


def _squares(items):
    return [i * i for i in items]


@pytest.fixture
def spread_thin(monkeypatch):
    """Workers even for a few items, one item per chunk."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(parallel, "CHUNKS_PER_JOB", 1000)
    monkeypatch.setenv("DOSSIER_JOBS", "2")


def test_workers_and_this_process_share_the_chunks(spread_thin, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pids = parallel.map_in_order(_slow_pids, list(range(40)))
    assert os.getpid() in pids, "this process takes chunks from the back"
    assert set(pids) - {os.getpid()}, "a worker takes chunks from the front"
    assert pids[0] != os.getpid() and pids[-1] == os.getpid()
    assert multiprocessing.active_children() == []
    assert list(tmp_path.iterdir()) == [], "the workers' result files are removed"


def test_megabytes_of_results_come_back_whole(spread_thin):
    items = list(range(40))
    results = parallel.map_in_order(_megabyte_each, items)
    assert [len(r) for r in results] == [1 << 20] * 40
    assert [r[:1] for r in results] == [bytes([i]) for i in items]


def _megabyte_each(items):
    return [bytes([i]) * (1 << 20) for i in items]


def _slow_pids(items):
    time.sleep(0.01)
    return [os.getpid() for _ in items]


@pytest.mark.parametrize("bad", [0, 39], ids=["met-by-a-worker", "met-here"])
def test_an_error_in_the_work_is_raised_here(spread_thin, bad):
    with pytest.raises(ValueError, match=f"item {bad}"):
        parallel.map_in_order(functools.partial(_fail_on, bad), list(range(40)))
    assert multiprocessing.active_children() == []


def _fail_on(bad, items):
    time.sleep(0.01)
    if bad in items:
        raise ValueError(f"item {bad}")
    return items


def test_the_work_of_a_worker_that_died_is_done_here(spread_thin):
    parent = os.getpid()
    items = list(range(40))
    assert parallel.map_in_order(functools.partial(_die_in_worker, parent), items) == items


def _die_in_worker(parent, items):
    if os.getpid() != parent and 0 in items:
        os._exit(3)  # as if killed: no message, no clean-up
    time.sleep(0.01)
    return items


@pytest.mark.parametrize("site", ["valid/harbour", "invalid/duplicate-key-claim"])
def test_parallel_and_serial_checks_agree(monkeypatch, site):
    monkeypatch.setenv("DOSSIER_JOBS", "1")
    serial = check(SITES / site)
    monkeypatch.setenv("DOSSIER_JOBS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    spread = check(SITES / site)
    assert spread.report.sorted() == serial.report.sorted()
    if not serial.report.errors:
        assert to_json(spread) == to_json(serial)
