"""History and corrections from git (SPEC §11): a repository built commit by commit from a
fixture, and the exact corrections and "last changed" dates its site shows.

The history of the fixture, on `main` (first parents):

1. the strike and a raid, as first reported;
2. a value changed (killed 3 → 5), committed at 01:30 in UTC+3: the day is that zone's;
3. a range narrowed (wounded 10–20 → 12–15);
4. a claim withdrawn (missing 2);
5. a source added to a claim: by identity (subject, about, sources as a set) the old claim
   is withdrawn and another one added;
6. an assessment's preferred value changed (3 → 5);
7. a prose-only edit: no correction, but the entry changed;
8. the strike's file renamed (`strike.md` → `air-strike.md`): its history follows it;
9. a page added on `main` while a branch fixes the raid (arrested 4 → 5);
10. the branch merged: the correction is the merge's, dated and worded as the merge.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from conftest import run_dossier
from gitrepo import GitRepo
from sitecheck import problems

from dossier.diffs import read_history
from dossier.pipeline import build, check

STRIKE = """
    ---
    title: Strike
    summary: An air strike on the old town.
    date: 2017-02-09
    claims:
      - {about: killed, value: 3, sources: [tsk]}
      - {about: wounded, value: [10, 20], sources: [bbc]}
      - {about: missing, value: 2, sources: [bbc]}
    assessments:
      - {about: killed, note: The ministry's figure., preferred: 3}
    ---
    First report of the strike[^tsk].
    """
RAID = """
    title: Raid
    date: 2017-02-08
    claims:
      - {about: arrested, value: 4, sources: [bbc]}
    """
SOURCES = {
    "content/sources/tsk.yml": "title: TSK statement\npublisher: TSK\n",
    "content/sources/bbc.yml": "title: BBC report\npublisher: BBC\n",
    "content/sources/reuters.yml": "title: Reuters report\npublisher: Reuters\n",
}
S = "content/incidents/strike.md"
A = "content/incidents/air-strike.md"


def make_history(root: Path) -> GitRepo:
    repo = GitRepo(root)
    first = {"dossier.yml": "title: History test\n", S: STRIKE, "content/incidents/raid.yml": RAID}
    repo.commit("The strike, as first reported", "2017-02-09T10:00:00+03:00", first | SOURCES)
    repo.edit(S, "value: 3, sources: [tsk]", "value: 5, sources: [tsk]")
    repo.commit("TSK revises the toll", "2017-02-10T01:30:00+03:00")
    repo.edit(S, "[10, 20]", "[12, 15]")
    repo.commit("The hospital narrows the wounded", "2017-02-11T12:00:00+03:00")
    repo.edit(S, "  - {about: missing, value: 2, sources: [bbc]}\n", "")
    repo.commit("No one is missing after all", "2017-02-12T12:00:00+03:00")
    repo.edit(S, "sources: [tsk]}", "sources: [tsk, reuters]}")
    repo.commit("Reuters confirms the toll", "2017-02-13T12:00:00+03:00")
    repo.edit(S, "preferred: 3", "preferred: 5")
    repo.commit("Editors lead with five", "2017-02-14T12:00:00+03:00")
    repo.edit(S, "First report", "The first report")
    repo.commit("Fix the wording", "2017-02-15T12:00:00+03:00")
    repo.commit("Rename the strike", "2017-02-16T12:00:00+03:00", move={S: A})
    repo.git("checkout", "-q", "-b", "raid-fix")
    repo.edit("content/incidents/raid.yml", "value: 4", "value: 5")
    repo.commit("Five were arrested", "2017-02-17T12:00:00+03:00")
    repo.git("checkout", "-q", "main")
    page = {"content/pages/method.md": "---\ntitle: Method\n---\nHow we work.\n"}
    repo.commit("A methodology page", "2017-02-18T12:00:00+03:00", page)
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'raid-fix'", "raid-fix",
             when="2017-02-19T08:00:00+01:00")  # fmt: skip
    return repo


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    return make_history(tmp_path_factory.mktemp("history") / "dossier")


@pytest.fixture(scope="module")
def history_site(history_repo: GitRepo) -> Path:
    out = history_repo.root.parent / "site"
    dossier = build(history_repo.root, out)
    assert dossier.report.errors == 0, [d.text() for d in dossier.report.sorted()]
    return out


EXPECTED = [
    # (hook, day, figure, old, new, message), newest first
    ("raid:arrested", "2017-02-19", "Arrested", "4", "5", "Merge branch 'raid-fix'"),
    ("air-strike:killed", "2017-02-14", "Killed, preferred value", "3", "5",
     "Editors lead with five"),
    ("air-strike:killed", "2017-02-13", "Killed", "5", "withdrawn", "Reuters confirms the toll"),
    ("air-strike:missing", "2017-02-12", "Missing", "2", "withdrawn",
     "No one is missing after all"),
    ("air-strike:wounded", "2017-02-11", "Wounded", "10–20", "12–15",
     "The hospital narrows the wounded"),
    ("air-strike:killed", "2017-02-10", "Killed", "3", "5", "TSK revises the toll"),
]  # fmt: skip

LAST_CHANGED = {
    "incidents/air-strike.html": "2017-02-16",
    "incidents/raid.html": "2017-02-19",
    "pages/method.html": "2017-02-18",
    "sources/tsk.html": "2017-02-09",
    "sources/reuters.html": "2017-02-09",
}


def corrections_of(page: str) -> list[tuple[str, ...]]:
    """(hook, day, figure, old, new, message) of every correction a page lists."""
    out = []
    for item in re.findall(r'<li class="correction" (.*?)</li>', page, re.S):
        hook = re.search(r'data-correction="([^"]+)"', item)
        day = re.search(r'<time datetime="([^"]+)"', item)
        figure = re.search(r'class="correction-figure"[^>]*>(.*?)</span>', item)
        old = re.search(r'class="correction-old"[^>]*>(.*?)</del>', item)
        new = re.search(r'class="correction-new(?: withdrawn)?"[^>]*>(.*?)</', item)
        message = re.search(r"“(.*?)”", item)
        assert hook and day and figure and old and new, item
        fields = (hook[1], day[1], figure[1], old[1], new[1], message[1] if message else "")
        out.append(tuple(html.unescape(f) for f in fields))
    return out


def last_changed(page: str) -> list[str]:
    return re.findall(r'<time data-changed datetime="([^"]+)"', page)


def test_the_corrections_page_lists_every_correction_newest_first(history_site):
    page = (history_site / "corrections.html").read_text()
    assert corrections_of(page) == EXPECTED


def test_the_model_gives_the_same_corrections(history_repo):
    history = read_history(check(history_repo.root))
    assert history is not None
    got = [
        (c.hook, c.commit.day.isoformat(), c.old.written, c.new.written if c.new else None)
        for c in history.corrections
    ]
    assert got == [
        ("raid:arrested", "2017-02-19", 4, 5),
        ("air-strike:killed", "2017-02-14", 3, 5),
        ("air-strike:killed", "2017-02-13", 5, None),
        ("air-strike:missing", "2017-02-12", 2, None),
        ("air-strike:wounded", "2017-02-11", [10, 20], [12, 15]),
        ("air-strike:killed", "2017-02-10", 3, 5),
    ]
    assert [c.sources for c in history.corrections][2:] == [("tsk",), ("bbc",), ("bbc",), ("tsk",)]


def test_each_entry_page_says_when_it_last_changed(history_site):
    for url, day in LAST_CHANGED.items():
        assert last_changed((history_site / url).read_text()) == [day], url


def test_an_entry_page_lists_its_own_corrections(history_site):
    page = (history_site / "incidents" / "air-strike.html").read_text()
    assert "<h2>History of this entry</h2>" in page
    own = [(h, d, f, o, n, m) for h, d, f, o, n, m in corrections_of(page)]
    assert own == [c for c in EXPECTED if c[0].startswith("air-strike:")]
    raid = (history_site / "incidents" / "raid.html").read_text()
    assert [c[0] for c in corrections_of(raid)] == ["raid:arrested"]
    tsk = (history_site / "sources" / "tsk.html").read_text()
    assert "<h2>History of this entry</h2>" not in tsk  # no correction of its own


def test_corrections_link_their_entry_and_the_navigation_links_the_page(history_site):
    page = (history_site / "corrections.html").read_text()
    assert '<a href="incidents/air-strike.html">Strike</a>' in page
    assert '<a href="incidents/raid.html">Raid</a>' in page
    for url in ("index.html", "incidents/raid.html", "search.html"):
        text = (history_site / url).read_text()
        assert re.search(r'<a href="(\.\./)?corrections\.html"[^>]*>Corrections</a>', text), url
    assert problems(history_site) == []


def test_the_renamed_entry_is_the_only_one(history_site):
    assert not (history_site / "incidents" / "strike.html").exists()
    assert "incidents/strike" not in (history_site / "feed.xml").read_text()


def test_prose_only_edits_are_not_corrections(tmp_path):
    repo = GitRepo(tmp_path / "d")
    first = {"dossier.yml": "title: T\n", S: STRIKE} | SOURCES
    repo.commit("first", "2017-02-09T10:00:00+03:00", first)
    repo.edit(S, "First report", "A first report")
    repo.edit(S, "summary: An air strike", "summary: A strike")
    repo.commit("wording", "2017-02-10T10:00:00+03:00")
    history = read_history(check(repo.root))
    assert history is not None
    assert history.corrections == ()
    assert history.dates["strike"].changed.day.isoformat() == "2017-02-10"
    assert history.dates["strike"].added.day.isoformat() == "2017-02-09"


def test_a_broken_commit_changes_nothing_until_it_is_mended(tmp_path):
    repo = GitRepo(tmp_path / "d")
    first = {"dossier.yml": "title: T\n", S: STRIKE} | SOURCES
    repo.commit("first", "2017-02-09T10:00:00+03:00", first)
    repo.edit(S, "value: 3, sources: [tsk]", "value: [3, sources: [tsk]")  # not YAML
    repo.commit("broken", "2017-02-10T10:00:00+03:00")
    repo.edit(S, "value: [3, sources: [tsk]", "value: 4, sources: [tsk]")
    repo.commit("mended", "2017-02-11T10:00:00+03:00")
    history = read_history(check(repo.root))
    assert history is not None
    assert [(c.hook, c.old.written, c.new and c.new.written, c.commit.title)
            for c in history.corrections] == [("strike:killed", 3, 4, "mended")]  # fmt: skip


def test_a_commit_title_shows_no_control_or_bidirectional_character(tmp_path):
    repo = GitRepo(tmp_path / "d")
    first = {"dossier.yml": "title: T\n", S: STRIKE} | SOURCES
    repo.commit("first", "2017-02-09T10:00:00+03:00", first)
    repo.edit(S, "value: 3, sources: [tsk]", "value: 4, sources: [tsk]")
    repo.commit("Fix\x1b[2J the\tcount \u202egnorw\u2066\x7f\n\nbody", "2017-02-10T10:00:00+03:00")
    history = read_history(check(repo.root))
    assert history is not None
    assert [c.commit.title for c in history.corrections] == ["Fix[2J thecount gnorw"]


def test_a_removed_entry_s_claims_are_withdrawn_and_shown_without_a_link(tmp_path):
    repo = GitRepo(tmp_path / "d")
    files = {"dossier.yml": "title: T\n", "content/incidents/raid.yml": RAID} | SOURCES
    repo.commit("first", "2017-02-09T10:00:00+03:00", files)
    repo.commit("The raid was a rumour", "2017-02-10T10:00:00+03:00",
                remove=("content/incidents/raid.yml",))  # fmt: skip
    out = tmp_path / "site"
    assert build(repo.root, out).report.errors == 0
    page = (out / "corrections.html").read_text()
    assert corrections_of(page) == [
        ("raid:arrested", "2017-02-10", "Arrested", "4", "withdrawn", "The raid was a rumour")
    ]
    assert "Raid (removed)" in page
    assert problems(out) == []


def test_the_same_commit_builds_the_same_site_whatever_the_clock_and_zone(history_repo, tmp_path):
    one = run_dossier("build", str(history_repo.root), "--out", str(tmp_path / "a"), TZ="UTC")
    other = run_dossier(
        "build", str(history_repo.root), "--out", str(tmp_path / "b"), TZ="Pacific/Kiritimati"
    )
    assert (one.returncode, other.returncode) == (0, 0), one.stderr + other.stderr
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


def test_a_commit_outside_content_changes_nothing(tmp_path):
    """`site/` committed after a build: the next build is the same, byte for byte."""
    repo = make_history(tmp_path / "d")
    assert run_dossier("build", str(repo.root)).returncode == 0
    before = _snapshot(repo.root / "site")
    repo.commit("Publish the site", "2017-03-01T12:00:00+00:00")
    repo.write({"README.md": "A dossier.\n"})
    repo.commit("A README", "2017-03-02T12:00:00+00:00")
    assert run_dossier("build", str(repo.root)).returncode == 0
    assert _snapshot(repo.root / "site") == before


def test_no_history_builds_without_it(history_repo, tmp_path):
    result = run_dossier("build", str(history_repo.root), "--out", str(tmp_path / "s"),
                         "--no-history")  # fmt: skip
    assert result.returncode == 0, result.stderr
    site = tmp_path / "s"
    assert not (site / "corrections.html").exists()
    assert not (site / "feed.xml").exists()
    page = (site / "incidents" / "air-strike.html").read_text()
    assert "data-changed" not in page and "application/atom+xml" not in page
    assert "Corrections" not in (site / "index.html").read_text()


def test_no_repository_no_history_and_no_warning(make_dossier, tmp_path):
    root = make_dossier(SOURCES | {S: STRIKE})
    result = run_dossier("build", str(root), "--out", str(tmp_path / "s"))
    assert result.returncode == 0 and "shallow-history" not in result.stdout + result.stderr
    assert not (tmp_path / "s" / "feed.xml").exists()
    assert "data-changed" not in (tmp_path / "s" / "incidents" / "strike.html").read_text()


def test_a_history_without_corrections_has_no_navigation_link(tmp_path):
    repo = GitRepo(tmp_path / "d")
    repo.commit("first", "2017-02-09T10:00:00+03:00", {"dossier.yml": "title: T\n", S: STRIKE}
                | SOURCES)  # fmt: skip
    assert build(repo.root, tmp_path / "s").report.errors == 0
    assert "No figure has been corrected yet." in (tmp_path / "s" / "corrections.html").read_text()
    assert ">Corrections<" not in (tmp_path / "s" / "index.html").read_text()
    page = (tmp_path / "s" / "incidents" / "strike.html").read_text()
    assert last_changed(page) == ["2017-02-09"] and "<h2>History of this entry</h2>" not in page


def test_an_uncommitted_entry_has_no_date(tmp_path):
    repo = GitRepo(tmp_path / "d")
    repo.commit("first", "2017-02-09T10:00:00+03:00", {"dossier.yml": "title: T\n"} | SOURCES)
    repo.write({S: STRIKE})
    assert build(repo.root, tmp_path / "s").report.errors == 0
    assert last_changed((tmp_path / "s" / "incidents" / "strike.html").read_text()) == []
    assert last_changed((tmp_path / "s" / "sources" / "tsk.html").read_text()) == ["2017-02-09"]


def test_a_shallow_clone_warns_at_dossier_yml(history_repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{history_repo.root}",
                    str(clone)], check=True)  # fmt: skip
    warning = (
        "dossier.yml:1:1: warning: this clone is shallow: its history is cut off, so "
        "corrections and dates start at the oldest commit it has; fetch the whole history "
        "(git fetch --unshallow, or fetch-depth: 0 in actions/checkout) [shallow-history]\n"
    )
    checked = run_dossier("check", str(clone))
    assert (checked.returncode, checked.stdout) == (0, warning)
    built = run_dossier("build", str(clone), "--out", str(tmp_path / "s"))
    assert (built.returncode, built.stdout) == (0, warning)
    # The history it has starts at the cut: the merge's correction is still there.
    assert corrections_of((tmp_path / "s" / "corrections.html").read_text())[0] == EXPECTED[0]
    assert run_dossier("build", str(clone), "--strict", "--out", str(tmp_path / "t")).returncode
    quiet = run_dossier("build", str(clone), "--no-history", "--out", str(tmp_path / "u"))
    assert (quiet.returncode, quiet.stdout) == (0, "")


def test_a_damaged_repository_is_an_error_without_a_traceback(tmp_path):
    repo = GitRepo(tmp_path / "d")
    repo.commit("first", "2017-02-09T10:00:00+03:00", {"dossier.yml": "title: T\n"} | SOURCES)
    for obj in (repo.root / ".git" / "objects").glob("??/*"):
        obj.chmod(0o644)
        obj.write_bytes(b"not zlib")
    result = run_dossier("build", str(repo.root))
    assert result.returncode == 1
    assert "dossier: error: cannot read the git history:" in result.stderr
    assert "--no-history" in result.stderr and "Traceback" not in result.stderr
    assert run_dossier("build", str(repo.root), "--no-history").returncode == 0


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}  # fmt: skip
