"""`feed.xml` (SPEC §11): valid Atom (RFC 4287's RELAX NG schema, and the two rules the
schema states in Schematron), new incidents and corrections with commit dates, absolute
links with `base_url`, tag URIs as ids."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from rnc2rng import dumps, loads
from test_history import make_history

from dossier.pipeline import build

SCHEMA = Path(__file__).parent / "schemas" / "atom.rnc"
ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"a": "http://www.w3.org/2005/Atom"}
TAG = re.compile(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:[A-Za-z0-9/._:-]+$")


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    # rnc2rng declares the schema's `local` prefix as the empty namespace, which XML does
    # not allow; the declaration is not used (`local:*` becomes `<nsName ns=""/>`).
    rng = dumps(loads(SCHEMA.read_text(encoding="utf-8"))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory):
    return make_history(tmp_path_factory.mktemp("feed") / "dossier")


def feed_of(repo, tmp: Path, base_url: str | None = None) -> etree._ElementTree:
    root = repo.root
    if base_url:
        root = tmp / "copy"
        shutil.copytree(repo.root, root)
        config = root / "dossier.yml"
        config.write_text(config.read_text() + f"base_url: {base_url}\n")
    out = tmp / "site"
    assert build(root, out).report.errors == 0
    return etree.parse(str(out / "feed.xml"))


def assert_valid(schema: etree.RelaxNG, doc: etree._ElementTree) -> None:
    assert schema.validate(doc), schema.error_log
    feed = doc.getroot()
    # The schema's Schematron rules: an author for the feed or for every entry, and an
    # alternate link (or content) on every entry.
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in feed.iterfind(f"{ATOM}entry"):
        links = entry.findall(f"{ATOM}link")
        assert any(link.get("rel", "alternate") == "alternate" for link in links)


def test_the_feed_is_valid_atom(schema, repo, tmp_path):
    assert_valid(schema, feed_of(repo, tmp_path))


def test_the_schema_refuses_a_broken_feed(schema, repo, tmp_path):
    doc = feed_of(repo, tmp_path)
    first = doc.getroot().find(f"{ATOM}entry/{ATOM}updated")
    first.text = "19 February 2017"
    assert not schema.validate(doc)


def test_items_are_new_incidents_and_corrections_with_commit_dates(repo, tmp_path):
    feed = feed_of(repo, tmp_path).getroot()
    items = [
        (e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}published"), e.findtext(f"{ATOM}updated"))
        for e in feed.iterfind(f"{ATOM}entry")
    ]
    assert items == [
        ("Correction: Raid, arrested", "2017-02-19T08:00:00+01:00", "2017-02-19T08:00:00+01:00"),
        ("Correction: Strike, killed, preferred value", "2017-02-14T12:00:00+03:00",
         "2017-02-14T12:00:00+03:00"),
        ("Correction: Strike, killed", "2017-02-13T12:00:00+03:00", "2017-02-13T12:00:00+03:00"),
        ("Correction: Strike, missing", "2017-02-12T12:00:00+03:00", "2017-02-12T12:00:00+03:00"),
        ("Correction: Strike, wounded", "2017-02-11T12:00:00+03:00", "2017-02-11T12:00:00+03:00"),
        ("Correction: Strike, killed", "2017-02-10T01:30:00+03:00", "2017-02-10T01:30:00+03:00"),
        # The incidents: published when added, updated when last changed.
        ("Strike", "2017-02-09T10:00:00+03:00", "2017-02-16T12:00:00+03:00"),
        ("Raid", "2017-02-09T10:00:00+03:00", "2017-02-19T08:00:00+01:00"),
    ]  # fmt: skip
    assert feed.findtext(f"{ATOM}updated") == "2017-02-19T08:00:00+01:00"
    summary = feed.find(f"{ATOM}entry").findtext(f"{ATOM}summary")
    assert summary == "Arrested: 4 → 5. Merge branch 'raid-fix'"


def test_without_base_url_links_are_relative_and_ids_are_tag_uris(repo, tmp_path):
    feed = feed_of(repo, tmp_path).getroot()
    ids = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
    assert all(TAG.match(i) for i in [*ids, feed.findtext(f"{ATOM}id")]), ids
    assert len(set(ids)) == len(ids)
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert "incidents/air-strike.html" in hrefs and "index.html" in hrefs
    assert not any(h.startswith(("http", "/")) for h in hrefs)


def test_with_base_url_links_are_absolute(schema, repo, tmp_path):
    doc = feed_of(repo, tmp_path, "https://user.github.io/repo/")
    assert_valid(schema, doc)
    feed = doc.getroot()
    hrefs = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert hrefs == {
        "alternate": "https://user.github.io/repo/index.html",
        "self": "https://user.github.io/repo/feed.xml",
    }
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link").get("href").startswith("https://user.github.io/repo/")
        assert entry.findtext(f"{ATOM}id").startswith("tag:user.github.io,2017-02-")
    page = (tmp_path / "site" / "incidents" / "raid.html").read_text()
    assert '<link rel="alternate" type="application/atom+xml" href="../feed.xml"' in page
    not_found = (tmp_path / "site" / "404.html").read_text()
    assert 'type="application/atom+xml" href="https://user.github.io/repo/feed.xml"' in not_found


def test_every_page_links_the_feed(repo, tmp_path):
    feed_of(repo, tmp_path)
    for page in (tmp_path / "site").rglob("*.html"):
        assert 'rel="alternate" type="application/atom+xml"' in page.read_text(), page
