"""`dossier.yml`: the project's settings."""

from __future__ import annotations

from pydantic import Field

from .fields import Text
from .model import Language, Url, _Strict


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
    theme: Text = Field("default", description="The theme the site is built with.")
