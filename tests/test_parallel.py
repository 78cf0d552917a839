"""Spreading the load over processes changes nothing but the time it takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier import parallel
from dossier.check import check
from dossier.export import to_json

SITES = Path(__file__).parent / "sites"


def test_results_keep_the_items_order(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setenv("DOSSIER_JOBS", "3")
    items = list(range(23))
    assert parallel.map_in_order(_squares, items) == [i * i for i in items]


def _squares(items):
    return [i * i for i in items]


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
