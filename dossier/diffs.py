"""Reading the commits of `content/` oldest first, and comparing each commit's versions of
the files it changed with the last good ones: the corrections and dates of `history`."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .audience import hidden
from .claims import ClaimKey, identity
from .diagnostics import Report
from .files import ENTRY_SUFFIXES
from .gitlog import Change, Commit, Repository, opened
from .history import Correction, Dates, History
from .kinds import FOLDERS, ID_PATTERN, MAX_ID_LENGTH, RESERVED_IDS, Kind
from .load import RawEntry, decode, entry_from_text
from .parallel import map_in_order

if TYPE_CHECKING:
    from .check import Dossier
    from .model import Assessment, Claim, Entry
    from .values import Value


def read_history(dossier: Dossier) -> History | None:
    """The history of the checked `dossier`'s project; None when it is no repository."""
    return Walk(dossier.root).update(dossier)


@dataclass
class _Claim:
    """A claim as one version of its holder wrote it."""

    key: ClaimKey
    value: Value
    holder: str
    public: bool


def entry_kind(path: str) -> Kind | None:
    """The kind of the entry at `path` (`content/incidents/x.md`), None if it is no entry
    file: the rules of `files.py`, on a path of the history."""
    parts = path.split("/")
    if len(parts) < 3 or any(p.startswith(".") for p in parts):
        return None
    stem, dot, suffix = parts[-1].rpartition(".")
    if f"{dot}{suffix}" not in ENTRY_SUFFIXES or not ID_PATTERN.match(stem):
        return None
    if len(stem) > MAX_ID_LENGTH or stem in RESERVED_IDS:
        return None
    return FOLDERS.get(parts[1])


def blob_id(data: bytes) -> bytes:
    """The id git gives a file with these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest().encode()


class Walk:
    """The history of one project, read once and then only from the last commit read on
    (`serve`: a new commit reads that commit alone)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.parsed: dict[tuple[bytes, Kind], Entry | None] = {}
        """Each distinct blob (of a kind) parsed once: kept across re-reads."""
        self._reset()

    def _reset(self) -> None:
        self.head: str | None = None
        self.tree: bytes | None = None
        self.files: dict[str, Entry] = {}
        """By path: the last good version of each entry file of the last commit read."""
        self.ids: dict[str, Entry] = {}
        self.dates: dict[str, Dates] = {}
        self.gone: dict[str, Entry] = {}
        self.commits: list[list[Correction]] = []
        """Each commit's corrections (every candidate), oldest commit first."""
        self.history: History | None = None

    def update(self, dossier: Dossier) -> History | None:
        """The history up to `HEAD`, reading only the commits not read yet; the same object
        while `HEAD` has not moved. None when the project is no repository, or has no
        commit."""
        with opened(self.root) as repo:
            head = repo.head() if repo is not None else None
            if repo is None or head is None:
                self._reset()
                return None
            if head == self.head:
                return self.history
            new, reached = repo.first_parents(head, stop=self.head)
            if self.head is not None and not reached:  # HEAD moved back or elsewhere
                self._reset()
                new, reached = repo.first_parents(head)
            steps, tree = [], self.tree
            for commit_id in reversed(new):
                after = repo.content_tree(commit_id)
                if after != tree:
                    steps.append((commit_id, repo.changes(tree, after)))
                    tree = after
            self._parse(
                repo, [c for _, changes in steps for c in changes], _Disk(self.root, dossier)
            )
            for commit_id, changes in steps:
                self._apply(repo.commit(commit_id), changes)
            self.tree, self.head = tree, head
        corrections = [c for commit in reversed(self.commits) for c in commit]
        internal = tuple(c for c in corrections if c.new is None or c.new.key != c.old.key)
        self.history = History(
            head, dict(sorted(self.dates.items())), internal, dict(self.gone), tuple(corrections)
        )
        return self.history

    def _parse(self, repo: Repository, changes: list[Change], disk: _Disk) -> None:
        """Parse every new blob of `changes` not parsed yet: each distinct one once, on the
        cores as `check` reads files, unless it is a file on disk that `check` has read."""
        todo: dict[tuple[bytes, Kind], str] = {}
        for change in changes:
            kind = entry_kind(change.new) if change.new else None
            if change.new is None or change.new_blob is None or kind is None:
                continue
            key = (change.new_blob, kind)
            if key in self.parsed or key in todo:
                continue
            found = disk.entry(change.new, change.new_blob)
            if found is not None:
                self.parsed[key] = found
            else:
                todo[key] = change.new
        items = [(repo.blob(blob), path, kind) for (blob, kind), path in todo.items()]
        loaded = map_in_order(_load_blobs, items)
        from .validate import validate_entries

        for key, raw in zip(todo, loaded, strict=True):
            scratch = Report()
            valid = validate_entries([raw], {}, scratch) if raw is not None else []
            self.parsed[key] = valid[0] if valid and not scratch.errors else None

    def _version(self, change: Change) -> Entry | None:
        """The entry of a change's new blob, None if it is no entry or cannot be read."""
        path, blob = change.new, change.new_blob
        kind = entry_kind(path) if path else None
        if path is None or blob is None or kind is None:
            return None
        found = self.parsed[blob, kind]
        if found is None or found.path == path:
            return found
        return replace(found, id=_stem(path), path=path)

    def _apply(self, commit: Commit, changes: list[Change]) -> None:
        pairs: list[tuple[Entry | None, Entry | None, bool]] = []
        for change in changes:
            before = self.files.get(change.old) if change.old else None
            after = self._version(change)
            if change.new and after is None and entry_kind(change.new) and before is not None:
                # Unreadable in this commit: it stays what it last was, at its new path.
                after = before if change.old == change.new else _moved(before, change.new)
            same = change.old_blob == change.new_blob and _stem(change.old) == _stem(change.new)
            pairs.append((before, after, same))
        renames = {b.id: a.id for b, a, _ in pairs if b and a and b.id != a.id}
        moment = commit.moment
        olds = [c for b, a, same in pairs if b and not same for c in _claims(b, self.ids, moment)]
        old_prefs = {(b.id, x.about): (x, _shown(b, moment)) for b, _, s in pairs if b and not s
                     for x in b.data.assessments}  # fmt: skip
        for before, _, _ in pairs:  # the files and ids of this commit
            if before is not None:
                self.files.pop(before.path, None)
                if self.ids.get(before.id) is before:
                    del self.ids[before.id]
        for _, after, _ in pairs:
            if after is not None:
                self.files[after.path] = self.ids[after.id] = after
        news = [c for b, a, same in pairs if a and not same for c in _claims(a, self.ids, moment)]
        new_prefs = {(a.id, x.about): (x, _shown(a, moment)) for _, a, s in pairs if a and not s
                     for x in a.data.assessments}  # fmt: skip
        if renames:
            self.commits = [[c.renamed(renames) for c in group] for group in self.commits]
            olds = [replace(c, key=_rename_key(c.key, renames), holder=renames.get(
                c.holder, c.holder)) for c in olds]  # fmt: skip
            old_prefs = {(renames.get(h, h), about): v for (h, about), v in old_prefs.items()}
        found = _diff(commit, olds, news) + _preferred(commit, old_prefs, new_prefs)
        self.commits.append(sorted(found, key=_order))
        self._date(commit, pairs)

    def _date(self, commit: Commit, pairs: list[tuple[Entry | None, Entry | None, bool]]) -> None:
        moment = commit.moment
        for before, after, same in pairs:
            if before is not None and after is None:
                self.dates.pop(before.id, None)
                self.gone[before.id] = before
            elif after is not None and before is None:
                self.gone.pop(after.id, None)
                seen = commit if _public_view(after, moment) is not None else None
                self.dates[after.id] = Dates(commit, commit, seen, seen)
            elif before is not None and after is not None and not same:
                old = self.dates.pop(before.id, None) or Dates(commit, commit)
                if before is after:  # unreadable here: nothing changed
                    self.dates[after.id] = old
                    continue
                view = _public_view(after, moment)
                moved = before.id != after.id
                public = view is not None and (moved or view != _public_view(before, moment))
                self.dates[after.id] = Dates(
                    old.added,
                    commit,
                    old.public_added or (commit if view is not None else None),
                    commit if public else old.public_changed,
                )


@dataclass
class _Disk:
    """The entries `check` made from the files on disk, by path, for blobs equal to them."""

    root: Path
    dossier: Dossier
    by_path: dict[str, Entry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_path = {e.path: e for e in self.dossier.entries.values() if not e.confidential}

    def entry(self, path: str, blob: bytes) -> Entry | None:
        found = self.by_path.get(path)
        if found is None:
            return None
        try:
            data = (self.root / path).read_bytes()
        except OSError:
            return None
        return found if blob_id(data) == blob else None


def _load_blobs(items: Sequence[tuple[bytes, str, Kind]]) -> list[RawEntry | None]:
    """Past versions of entry files, read as `check` reads files (this may run in a worker);
    None for one with any error: the problems are history, not reported."""
    out = []
    for raw, path, kind in items:
        scratch = Report()
        text = decode(raw, path, scratch)
        loaded = entry_from_text(text, path, kind, scratch, refs=False) if text else None
        out.append(loaded if not scratch.errors else None)
    return out


def _stem(path: str | None) -> str:
    return (path or "").rpartition("/")[2].rpartition(".")[0]


def _moved(entry: Entry, path: str) -> Entry:
    return replace(entry, id=_stem(path), path=path)


def _shown(entry: Entry, moment: datetime) -> bool:
    return not hidden(entry.data, moment)


def _claims(entry: Entry, ids: dict[str, Entry], moment: datetime) -> list[_Claim]:
    """The claims of one version of an entry, each public or not at `moment`."""
    out = []
    holder_shown = _shown(entry, moment)
    for claim in entry.data.claims:
        key = identity(entry, claim)
        out.append(
            _Claim(key, claim.value, entry.id, holder_shown and _public(claim, key, ids, moment))
        )
    return out


def _public(claim: Claim, key: ClaimKey, ids: dict[str, Entry], moment: datetime) -> bool:
    """Could the public see the claim at `moment`: it, its subject and its sources public?"""
    if claim.visibility != "public":
        return False
    for id_ in (key[0], *key[2]):
        entry = ids.get(id_)
        if entry is None or hidden(entry.data, moment):
            return False
    return True


def _rename_key(key: ClaimKey, renames: dict[str, str]) -> ClaimKey:
    subject, about, sources = key
    return (renames.get(subject, subject), about, frozenset(renames.get(s, s) for s in sources))


def _diff(commit: Commit, olds: list[_Claim], news: list[_Claim]) -> list[Correction]:
    """The claims of the old versions that the new ones change or withdraw: matched by
    identity, equal values first; an identity only the new versions have is an addition."""
    after: dict[ClaimKey, list[_Claim]] = defaultdict(list)
    for claim in news:
        after[claim.key].append(claim)
    out = []
    before: dict[ClaimKey, list[_Claim]] = defaultdict(list)
    for claim in olds:
        before[claim.key].append(claim)
    for key, old in before.items():
        new = after.get(key, [])
        rest = []
        for claim in old:
            same = next((n for n in new if n.value.key == claim.value.key), None)
            if same is None:
                rest.append(claim)
                continue
            new.remove(same)
            if claim.public and not same.public:  # made internal: withdrawn for the public
                out.append(_correction(commit, claim, same))
        for i, claim in enumerate(rest):
            out.append(_correction(commit, claim, new[i] if i < len(new) else None))
    return out


def _correction(commit: Commit, old: _Claim, new: _Claim | None) -> Correction:
    subject, about, sources = old.key
    return Correction(
        commit,
        subject,
        about,
        old.value,
        new.value if new else None,
        tuple(sorted(sources)),
        old.holder,
        public_old=old.public,
        public_new=new is not None and new.public,
    )


_Prefs = dict[tuple[str, str], tuple["Assessment", bool]]


def _preferred(commit: Commit, before: _Prefs, after: _Prefs) -> list[Correction]:
    """Each `preferred` value changed or withdrawn (a value given where there was none is
    no correction)."""
    out = []
    for (holder, about), (old, holder_shown) in before.items():
        if old.preferred is None:
            continue
        new, new_shown = after.get((holder, about), (None, False))
        value = new.preferred if new is not None else None
        public_old = holder_shown and old.visibility == "public"
        public_new = new is not None and new_shown and new.visibility == "public"
        changed = value is None or value.key != old.preferred.key
        if changed or (public_old and not public_new):
            out.append(
                Correction(
                    commit, holder, about, old.preferred, value, (), holder, True,
                    public_old, public_new and value is not None,
                )
            )  # fmt: skip
    return out


def _order(c: Correction) -> tuple[str, str, bool, tuple[str, ...]]:
    return (c.subject, c.about, c.preferred, c.sources)


def _public_view(entry: Entry, moment: datetime) -> object | None:
    """What the public sees of one version of an entry at `moment`; None: nothing."""
    data = entry.data
    if hidden(data, moment):
        return None
    fields = tuple((k, v) for k, v in vars(data).items() if k not in ("claims", "assessments"))
    claims = tuple(c for c in data.claims if c.visibility == "public")
    assessments = tuple(a for a in data.assessments if a.visibility == "public")
    return (type(data).__name__, fields, claims, assessments, entry.packed)  # the body, packed
