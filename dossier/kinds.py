"""The kinds of entry and the form of an id: all that reading the files needs to know of
the schema, kept apart from `model` so that the parse can begin before pydantic loads."""

from __future__ import annotations

import re
from enum import StrEnum

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 100
"""A longer file name is an error: ids are file names, and some file systems stop at 255."""
RESERVED_IDS = frozenset({"index"})
"""Ids of the right form that no entry may take: `<kind folder>/index.html` is each kind's
index page."""


class Kind(StrEnum):
    """An entry's kind; its folder under `content/` is the plural."""

    INCIDENT = "incident"
    ACTOR = "actor"
    SOURCE = "source"
    PLACE = "place"
    PAGE = "page"

    @property
    def folder(self) -> str:
        return self.value + "s"


FOLDERS = {k.folder: k for k in Kind}
