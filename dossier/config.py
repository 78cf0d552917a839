"""`dossier.yml`: the project's settings."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from .fields import Text
from .model import Language, Url, _Strict

_THEME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _theme(raw: str) -> str:
    # A name, not a path: `../../..` or `/home/me` would take templates and assets, to be
    # published, from outside the project.
    if not _THEME.match(raw):
        raise ValueError(
            f"'{raw}' is not a theme name: a theme is a folder of themes/ (or of dossier's "
            "own themes) named with letters, digits, '-', '_' and '.', such as 'default'"
        )
    return raw


ThemeName = Annotated[Text, AfterValidator(_theme)]


class Config(_Strict):
    """The settings in `dossier.yml`."""

    title: Text = Field(description="The dossier's title.")
    description: Text | None = Field(None, description="What the dossier is about.")
    language: Language = Field("en", description="BCP 47 tag of the content: en, tr, ar.")
    base_url: Url | None = Field(
        None, description="Absolute URL of the published site, for canonical links and sitemap."
    )
    author: Text | None = Field(None, description="Who publishes the dossier.")
    license: Text | None = Field(None, description="The license of the content, such as CC BY 4.0.")
    theme: ThemeName = Field("default", description="The theme the site is built with.")
