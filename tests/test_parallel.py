"""Spreading the load over processes changes nothing but the time it takes, however the
workers start: forked (Linux) or spawned (macOS, Windows; `DOSSIER_START=spawn` here)."""

from __future__ import annotations

import functools
import json
import logging
import multiprocessing
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier import parallel
from dossier.cli import main
from dossier.diagnostics import UsageError
from dossier.export import to_json
from dossier.incremental import SiteBuilder
from dossier.pipeline import check

SITES = Path(__file__).parent / "sites"
METHODS = [m for m in ("fork", "spawn") if m in multiprocessing.get_all_start_methods()]


@pytest.fixture(params=METHODS)
def start(request, monkeypatch):
    """Each test that uses it runs with forked workers, then with spawned ones."""
    monkeypatch.setenv("DOSSIER_START", request.param)
    return request.param


@pytest.fixture
def spread_thin(start, monkeypatch):
    """Workers even for a few items, one item per chunk."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(parallel, "CHUNKS_PER_JOB", 1000)
    monkeypatch.setenv("DOSSIER_JOBS", "2")


def test_results_keep_the_items_order(start, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setenv("DOSSIER_JOBS", "3")
    items = list(range(23))
    assert parallel.map_in_order(_squares, items) == [i * i for i in items]


def _squares(items):
    return [i * i for i in items]


def test_workers_and_this_process_share_the_chunks(spread_thin, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "results"))
    (tmp_path / "results").mkdir()
    started = tmp_path / "started"
    work = functools.partial(_slow_pids, os.getpid(), started)
    setup = functools.partial(started.write_text, "a worker is ready")
    pids = parallel.map_in_order(work, list(range(40)), setup)
    assert os.getpid() in pids, "this process takes chunks from the back"
    assert set(pids) - {os.getpid()}, "a worker takes chunks from the front"
    assert pids[0] != os.getpid() and pids[-1] == os.getpid()
    assert multiprocessing.active_children() == []
    assert list((tmp_path / "results").iterdir()) == [], "the workers' result files are removed"


def _slow_pids(parent, started, items):
    """This process waits for a worker's setup before its first chunk: however slowly a
    worker starts (a spawned one imports everything anew), both get some of the work."""
    deadline = time.monotonic() + 60
    while os.getpid() == parent and not started.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.01)
    return [os.getpid() for _ in items]


def test_without_here_forked_workers_take_every_chunk(spread_thin, start):
    """A render keeps its caches out of this process: forked workers, one more of them,
    take every chunk. Spawned ones share nothing, and this process works beside them."""
    pids = parallel.map_in_order(_pids, list(range(40)), here=False)
    workers = set(pids) - {os.getpid()}
    if start == "fork":
        assert os.getpid() not in pids and len(workers) == 2
    else:  # the spawned worker may still be starting when the work is done
        assert pids[-1] == os.getpid() and len(workers) <= 1
    assert multiprocessing.active_children() == []


def _pids(items):
    time.sleep(0.01)
    return [os.getpid() for _ in items]


def test_without_here_the_work_of_workers_that_all_died_is_done_here(spread_thin):
    parent = os.getpid()
    items = list(range(40))
    work = functools.partial(_die_in_any_worker, parent)
    assert parallel.map_in_order(work, items, here=False) == items


def _die_in_any_worker(parent, items):
    if os.getpid() != parent:
        os._exit(3)
    return items


def test_megabytes_of_results_come_back_whole(spread_thin):
    items = list(range(40))
    results = parallel.map_in_order(_megabyte_each, items)
    assert [len(r) for r in results] == [1 << 20] * 40
    assert [r[:1] for r in results] == [bytes([i]) for i in items]


def _megabyte_each(items):
    return [bytes([i]) * (1 << 20) for i in items]


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


def test_a_worker_still_starting_when_the_work_is_done_is_not_waited_for(spread_thin):
    began = time.monotonic()
    setup = functools.partial(time.sleep, 30)  # a worker that takes ages to start
    assert parallel.map_in_order(_squares, list(range(10)), setup) == [i * i for i in range(10)]
    assert time.monotonic() - began < 15
    assert multiprocessing.active_children() == []


class _DiesWhenUnpickled:
    """An item that kills the process that unpickles it: a spawned worker dies reading it."""

    def __reduce__(self):
        return (os._exit, (3,))


def _sizes(items):
    return [len(item) if isinstance(item, bytes) else -1 for item in items]


def test_a_spawned_worker_that_dies_as_it_starts_does_not_hang_this_process(monkeypatch):
    monkeypatch.setenv("DOSSIER_START", "spawn")
    monkeypatch.setenv("DOSSIER_JOBS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    # Far more than a pipe holds, after the item that kills the worker reading it.
    items = [_DiesWhenUnpickled(), *(bytes([i % 256]) * 10_000 for i in range(200))]
    results: list[list[int]] = []
    thread = threading.Thread(
        target=lambda: results.append(parallel.map_in_order(_sizes, items)), daemon=True
    )
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "this process waits for ever on a dead worker"
    assert results == [[-1, *[10_000] * 200]]
    assert multiprocessing.active_children() == []


# How the workers start


def test_fork_where_it_is_safe_else_spawn(monkeypatch):
    monkeypatch.delenv("DOSSIER_START", raising=False)
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        assert parallel.start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # a fork would copy locks the thread may hold (serve has threads)
        assert parallel.start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


def test_dossier_start_forces_the_method(monkeypatch):
    for method in multiprocessing.get_all_start_methods():
        monkeypatch.setenv("DOSSIER_START", method)
        assert parallel.start_method() == method


def test_an_unknown_start_method_is_a_usage_error(monkeypatch, make_dossier):
    monkeypatch.setenv("DOSSIER_START", "spwan")
    with pytest.raises(UsageError, match="DOSSIER_START='spwan' is not a way"):
        parallel.start_method()
    result = CliRunner().invoke(
        main, ["check", str(make_dossier({"content/pages/a.md": "---\ntitle: A\n---\n"}))]
    )
    assert result.exit_code == 2
    assert result.output.startswith("dossier: error: DOSSIER_START='spwan' is not a way to start")
    assert "Traceback" not in result.output


# Whole commands


@pytest.mark.parametrize("site", ["valid/harbour", "invalid/duplicate-key-claim"])
def test_parallel_and_serial_checks_agree(start, monkeypatch, site):
    monkeypatch.setenv("DOSSIER_JOBS", "1")
    serial = check(SITES / site)
    monkeypatch.setenv("DOSSIER_JOBS", "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    spread = check(SITES / site)
    assert spread.report.sorted() == serial.report.sorted()
    if not serial.report.errors:
        assert to_json(spread) == to_json(serial)


def write_big_dossier(root: Path) -> Path:
    """A dossier of `parallel.MIN_ITEMS` entries and more pages: big enough for a check and
    a build to go parallel as they are, with citations, contradictions and warnings."""
    pairs = parallel.MIN_ITEMS // 2 + 5
    (root / "content" / "sources").mkdir(parents=True)
    (root / "content" / "incidents").mkdir()
    (root / "dossier.yml").write_text("title: Many fires\n", encoding="utf-8")
    for i in range(pairs):
        archive = "" if i % 50 == 0 else f"archive_url: https://archive.org/web/{i}\n"
        (root / "content" / "sources" / f"report-{i}.yml").write_text(
            f"title: Report {i}\npublisher: Gazette\nurl: https://example.org/{i}\n{archive}"
            f"published: 2020-01-{i % 28 + 1:02d}\naccessed: 2021-01-01\n"
            f"claims:\n  - {{subject: fire-{i}, about: dead, value: {i % 7}}}\n",
            encoding="utf-8",
        )
        nearby = f" Compare [[fire-{i - 1}]]." if i else ""
        (root / "content" / "incidents" / f"fire-{i}.md").write_text(
            f"---\ntitle: Fire number {i}\ndate: 2020-02-{i % 28 + 1:02d}\nclaims:\n"
            f"  - {{about: dead, value: {i % 5}, sources: [report-{i}]}}\n---\n"
            f"A fire, the *{i}th*, was reported[^report-{i}].{nearby}\n",
            encoding="utf-8",
        )
    return root


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_big_dossier(tmp_path_factory.mktemp("big") / "dossier")


@pytest.fixture(scope="module")
def one_process(big: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """`dossier check --format json` and `dossier build` of the big dossier, in one process."""
    env = {"DOSSIER_JOBS": "1"}
    checked = CliRunner().invoke(main, ["check", "--format", "json", str(big)], env=env)
    out = tmp_path_factory.mktemp("one") / "site"
    built = CliRunner().invoke(main, ["build", str(big), "--out", str(out)], env=env)
    assert built.exit_code == 0, built.output
    return checked.stdout, out


@pytest.fixture
def workers_take_a_share(monkeypatch, caplog):
    """This process begins its share only once a worker has taken one (in this process;
    a spawned worker's module is its own), so that the workers' results are surely part of
    what is compared; and the log says how many chunks they did."""
    take = parallel._Chunks.take

    def patient(self, front):
        deadline = time.monotonic() + 60
        while self.folder and not front and self.free[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        return take(self, front)

    monkeypatch.setattr(parallel._Chunks, "take", patient)
    monkeypatch.setenv("DOSSIER_JOBS", "2")
    caplog.set_level(logging.DEBUG, logger="dossier")
    return caplog


def shares(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("workers ")]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_spread_check_and_build_equal_the_one_process_ones(
    big, one_process, start, workers_take_a_share, tmp_path
):
    assert len(list(big.rglob("*.yml"))) + len(list(big.rglob("*.md"))) >= parallel.MIN_ITEMS
    serial_check, serial_site = one_process
    checked = CliRunner().invoke(main, ["check", "--format", "json", str(big)])
    assert checked.stdout == serial_check
    assert {d["code"] for d in json.loads(checked.stdout)} == {
        "no-archive",
        "single-source",
        "unassessed",
    }
    built = CliRunner().invoke(main, ["build", str(big), "--out", str(tmp_path / "site")])
    assert built.exit_code == 0, built.output
    assert tree(tmp_path / "site") == tree(serial_site)
    # Loading for check, then loading and rendering for build: each by workers too. Forked
    # workers render every page, two of them: this process renders none.
    done = shares(workers_take_a_share)
    assert len(done) == 3 and all(f"1 ({start}): " in line for line in done[:2])
    assert all(not line.split(": ")[1].startswith("0 of") for line in done), done
    rendered = re.fullmatch(r"workers   (\d) \(\w+\): (\d+) of (\d+) chunks", done[2])
    assert rendered, done
    if start == "fork":
        assert rendered[1] == "2" and rendered[2] == rendered[3], done
    else:
        assert rendered[1] == "1" and int(rendered[2]) < int(rendered[3]), done


def test_serve_records_facts_from_spawned_workers(big, monkeypatch, tmp_path):
    monkeypatch.setenv("DOSSIER_JOBS", "1")
    alone = SiteBuilder(big, tmp_path / "alone")
    alone.rebuild()
    monkeypatch.setenv("DOSSIER_START", "spawn")
    monkeypatch.setenv("DOSSIER_JOBS", "2")
    spread = SiteBuilder(big, tmp_path / "spread")
    assert spread.rebuild().error is None
    # Not the same sets: a page's recorded facts depend on what its process rendered
    # before it (views.Parts keeps rows made for earlier pages of the folder).
    assert spread.read.keys() == alone.read.keys()
    assert all(spread.read[url] for url in alone.read)
    assert spread.docs == alone.docs
    assert tree(tmp_path / "spread") == tree(tmp_path / "alone")
