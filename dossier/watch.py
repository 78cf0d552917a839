"""What `serve` watches, and which of the watcher's events are edits.

The project folder is watched one level deep, and `content/`, `media/` and `themes/` with
all they hold while they are there (`Watch`), by the system's own watcher (watchdog's
native observer), or by polling when it cannot start (`polling`). A file read is no edit
(`changes`).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from watchdog.events import FileSystemEvent, FileSystemEventHandler, FileSystemMovedEvent
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("dossier.serve")


class Server(Protocol):
    """What the watch needs of the server."""

    @property
    def observer(self) -> BaseObserver: ...

    def request_rebuild(self, files: Iterable[str] | None = None) -> None: ...

    def watching(self, path: Path) -> None: ...


_READS = frozenset({"opened", "closed_no_write"})
"""The events of a file read, not changed: the native observer reports them (inotify), and
each rebuild reads the files it watches."""


def changes(event: FileSystemEvent) -> bool:
    """Whether `event` may change what a build reads."""
    return event.event_type not in _READS


def files_of(event: FileSystemEvent) -> list[str]:
    """The paths an event of a file is about: both of a move."""
    paths = [event.src_path]
    if isinstance(event, FileSystemMovedEvent):
        paths.append(event.dest_path)
    return [os.fsdecode(path) for path in paths]


def polling(native: BaseObserver) -> BaseObserver:
    """A polling observer with the watches of `native`, which could not start."""
    observer = PollingObserver(timeout=0.5)
    for watch, handlers in native._handlers.items():
        for handler in handlers:
            observer.schedule(handler, watch.path, recursive=watch.is_recursive)
    return observer


_FOLDERS = ("content", "media", "themes")
"""The folders a build reads, watched with everything in them."""
_FILES = ("dossier.yml",)


class Watch:
    """Watches what a build reads in the project folder for as long as the server runs.

    The project folder is watched one level deep: that sees `dossier.yml` change, and
    `content/`, `media/` or `themes/` come, go, or be renamed. Each folder is watched with
    all it holds while it is there. A polling watch of a folder that goes reports the folder
    deleted and stops for good; it is then dead, and the folder, once it is back, is watched
    afresh: when the project folder's listing next changes (it does when the folder comes
    back, even under its old inode), or at once if it is back already."""

    def __init__(self, server: Server, root: Path) -> None:
        self.server, self.root = server, root.resolve()
        self.folders: dict[str, ObservedWatch] = {}
        """The watch of each folder that is watched, dead or alive."""
        self.dead: set[str] = set()
        """The folders whose watch has stopped: they went while it polled."""
        top = FileSystemEventHandler()
        top.on_any_event = self._top  # type: ignore[method-assign]
        self.inside = FileSystemEventHandler()
        self.inside.on_any_event = self._inside  # type: ignore[method-assign]
        server.observer.schedule(top, str(self.root), recursive=False)
        server.watching(self.root)
        self._sync()

    def _sync(self) -> bool:
        """Watch each folder that is there with no live watch; drop the watch of each folder
        that is not. Whether anything changed."""
        changed = False
        for name in _FOLDERS:
            there = (self.root / name).is_dir()
            watch = self.folders.get(name)
            if watch is not None and (name in self.dead or not there):
                with contextlib.suppress(KeyError):  # its emitter stopped with the folder
                    self.server.observer.unschedule(self.folders.pop(name))
                self.dead.discard(name)
                changed = True
            if there and name not in self.folders:
                folder = str(self.root / name)
                try:
                    watch = self.server.observer.schedule(self.inside, folder, recursive=True)
                except OSError as exc:  # gone again meanwhile; no watch left (inotify)
                    log.warning("cannot watch %s: %s", folder, exc.strerror or exc)
                    continue
                self.folders[name] = watch
                changed = True
        return changed

    def _top(self, event: FileSystemEvent) -> None:
        """An event in the project folder: rebuild if it is about what a build reads."""
        if not changes(event):
            return
        names = {self._name(event.src_path)}
        if isinstance(event, FileSystemMovedEvent):
            names.add(self._name(event.dest_path))
        if self._sync() or names & {*_FOLDERS, *_FILES}:
            log.debug("%s", event)
            self.server.request_rebuild()

    def _inside(self, event: FileSystemEvent) -> None:
        """An event inside a watched folder."""
        if not changes(event):
            return
        if event.event_type == "deleted" and self._name(event.src_path) in _FOLDERS:
            self.dead.add(str(self._name(event.src_path)))  # the folder itself: its watch stops
            self._sync()
        elif event.is_directory and event.event_type == "modified":
            return  # what changed in it comes as events of its own
        log.debug("%s", event)
        self.server.request_rebuild(None if event.is_directory else files_of(event))

    def _name(self, path: bytes | str) -> str | None:
        """The name of `path` if it is directly in the project folder."""
        at = Path(path.decode() if isinstance(path, bytes) else path)
        return at.name if at.parent == self.root else None
