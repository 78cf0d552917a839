"""The schema of a dossier, as data: one pydantic model per entry kind.

Unknown keys are rejected everywhere (`extra="forbid"`), values are strict (a YAML boolean
is never text), and every field carries a description that becomes the JSON Schema editors
validate against. Raw fields only: what is derived from them (`link.Links`, `claims.Claims`)
lives beside the entries in `check.Dossier`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .fields import Day, Id, Moment, Sha256, Text, When
from .kinds import Kind
from .markdown import Ref
from .packed import unpack
from .values import Value, describe, parse_value, quoted
from .yamlread import Marks


def _country_text(raw: Any) -> Any:
    if raw is False:  # `country: no`, YAML 1.1's false, is what Norway looks like unquoted
        raise ValueError(
            "expected a country code, got the boolean false: YAML reads no as false; "
            "write 'NO' in quotes for Norway"
        )
    return raw  # anything else not text is refused by the strict `str` after this


def _country(raw: str) -> str:
    import pycountry  # its tables load in tens of milliseconds: only when a country is given

    if pycountry.countries.get(alpha_2=raw) is None or raw != raw.upper():
        hint = f" (did you mean '{raw.upper()}'?)" if raw.upper() != raw else ""
        raise ValueError(f"'{raw}' is not an ISO 3166-1 alpha-2 country code{hint}")
    return raw


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _language(raw: str) -> str:
    if not _LANGUAGE.match(raw):
        raise ValueError(f"'{raw}' is not a BCP 47 language tag such as 'en' or 'tr'")
    return raw


def _url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"'{raw}' is not an http or https URL")
    return raw


def _coordinates(raw: Any) -> tuple[float, float]:
    numbers = isinstance(raw, list) and all(
        isinstance(n, int | float) and not isinstance(n, bool) for n in raw
    )
    if not numbers or len(raw) != 2:
        raise ValueError(f"expected [latitude, longitude], two numbers; got {describe(raw)}")
    lat, lon = raw  # compared as written: an int past a float's range is simply outside
    if not -90 <= lat <= 90:
        swapped = " (latitude and longitude swapped?)" if abs(lon) <= 90 and abs(lat) <= 180 else ""
        raise ValueError(f"latitude {quoted(lat)} is outside -90 to 90{swapped}")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {quoted(lon)} is outside -180 to 180")
    return float(lat), float(lon)


Country = Annotated[str, BeforeValidator(_country_text), AfterValidator(_country)]
Language = Annotated[str, AfterValidator(_language)]
Url = Annotated[str, AfterValidator(_url)]
GeoPrecision = Literal["exact", "vicinity", "locality", "city", "region", "country"]
Visibility = Literal["public", "internal"]  # who may see an entry, claim or assessment
_VISIBILITY = "`internal` keeps it out of the public site (default: public)."
Coordinates = Annotated[
    tuple[float, float],
    PlainValidator(_coordinates),
    PlainSerializer(list),
    WithJsonSchema({"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}),
]
ClaimValue = Annotated[
    Value,
    PlainValidator(parse_value),
    PlainSerializer(lambda value: value.written),
    WithJsonSchema(
        {
            "description": "a number, [min, max], {min: N}/{max: N}, a date, a boolean or text",
            "anyOf": [
                {"type": ["number", "boolean", "string"]},
                {"type": "array", "minItems": 2, "maxItems": 2},
                {"type": "object", "properties": {"min": {"type": "number"}}},
            ],
        }
    ),
]


class _Strict(BaseModel):
    """Unknown keys rejected, no type coerced (a YAML boolean is never text), immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Claim(_Strict):
    """What one or more sources say about one property of one subject."""

    about: Id = Field(description="The property, a slug: killed, wounded, date.")
    value: ClaimValue = Field(
        description="What the sources say it is: a number, a range [min, max], an open range "
        "{min: N} or {max: N}, a date (2015, 2015-11, 2015-11-24), a boolean, or text."
    )
    sources: list[Id] = Field(
        default_factory=list, description="Source ids; inside a source, that source is implied."
    )
    subject: Id | None = Field(None, description="The entry it is about; default: its holder.")
    attributed_to: Id | None = Field(None, description="The actor who asserts it.")
    quote: Text | None = Field(None, description="The source's own words.")
    note: Text | None = Field(None, description="An editor's note.")
    visibility: Visibility = Field("public", description=_VISIBILITY)


class Assessment(_Strict):
    """An editor's judgement on the claims about one property of this entry."""

    about: Id = Field(description="The property the judgement is on.")
    note: Text = Field(description="The reasoning.")
    preferred: ClaimValue | None = Field(
        None, description="The value the dossier leads with, written as a claim's value."
    )
    visibility: Visibility = Field("public", description=_VISIBILITY)


FileKind = Literal["pdf", "screenshot", "image", "video", "archive", "document", "other"]
"""What a preserved copy of a source may be."""


class PreservedFile(_Strict):
    """A copy of a source kept in `media/`, with the digest that proves it unchanged."""

    path: Text = Field(
        description="Where the copy is, relative to the project folder and inside media/: "
        "media/sources/statement.pdf."
    )
    sha256: Sha256 = Field(
        description="The file's SHA-256, 64 hexadecimal digits (`dossier new source ID "
        "--file PATH` writes it; `sha256sum` prints it)."
    )
    kind: FileKind = Field(
        description="What the copy is: pdf, screenshot, image, video, archive, document or other."
    )
    captured: When | None = Field(
        None, description="When the copy was made: a date, or a date-time with its offset."
    )
    publish: bool = Field(
        False, description="Put the file itself on the site (default false: only listed)."
    )


class ActorRole(_Strict):
    """An actor's part in an incident."""

    actor: Id = Field(description="The actor id.")
    role: Text | None = Field(
        None, description="What the actor did in it, in a few words: attacker, mediator."
    )


class EntryData(_Strict):
    """Fields every kind has."""

    title: Text | None = Field(None, description="The entry's title.")
    summary: Text | None = Field(None, description="One or two sentences.")
    tags: list[Id] = Field(default_factory=list, description="Tags, as slugs: air-strike.")
    aliases: list[Text] = Field(default_factory=list, description="Other names or spellings.")
    note: Text | None = Field(None, description="An editor's note: how a fact was established.")
    visibility: Visibility = Field("public", description=_VISIBILITY)
    embargo: Moment | None = Field(
        None, description="Until this date-time (with its UTC offset) the entry is internal."
    )
    claims: list[Claim] = Field(
        default_factory=list,
        description="What sources say about a property of this entry (or of its `subject`).",
    )
    assessments: list[Assessment] = Field(
        default_factory=list,
        description="The editor's judgements on contradicted properties of this entry.",
    )

    @model_validator(mode="after")
    def _titled(self) -> Self:
        if self.display_title is None:
            raise PydanticCustomError("missing", "missing required key 'title'")
        return self

    @property
    def withheld(self) -> bool:
        """Kept from the public at some time (no clock: an embargo never leaks through a link)."""
        return self.visibility == "internal" or self.embargo is not None

    @property
    def display_title(self) -> str | None:
        """The title the site shows: `title` (or, for actors and places, `name`)."""
        return self.title


class Incident(EntryData):
    """What happened: content/incidents/<id>.md or .yml."""

    date: When | None = Field(None, description="When it happened, at its precision.")
    end_date: When | None = Field(None, description="When it ended, if it lasted.")
    place: Id | None = Field(None, description="A place id.")
    actors: list[ActorRole] = Field(
        default_factory=list, description="Who took part: {actor: <actor id>, role: <text>}."
    )
    related: list[Id] = Field(default_factory=list, description="Incident ids.")


class _Named(EntryData):
    """Actors and places may say `name` instead of `title`."""

    name: Text | None = Field(None, description="The name, as the actor or place spells it.")

    @model_validator(mode="after")
    def _titled(self) -> Self:
        if self.name is not None and self.title is not None:
            raise ValueError("give 'name' or 'title', not both")
        if self.display_title is None:
            raise PydanticCustomError("missing", "missing required key 'name'")
        return self

    @property
    def display_title(self) -> str | None:
        """`name` when given, else `title`."""
        return self.name if self.name is not None else self.title


class Actor(_Named):
    """Who: a person, force, government or outlet; content/actors/<id>.yml or .md."""

    kind: Literal["person", "organization", "state", "armed-group", "media", "other"] | None = (
        Field(
            None,
            description="What the actor is: person, organization, state, armed-group, media "
            "or other.",
        )
    )
    part_of: Id | None = Field(None, description="The actor id this one belongs to.")
    country: Country | None = Field(None, description="ISO 3166-1 alpha-2, in quotes: 'TR'.")


class Place(_Named):
    """Where: content/places/<id>.yml or .md."""

    country: Country | None = Field(None, description="ISO 3166-1 alpha-2, in quotes: 'SY'.")
    coordinates: Coordinates | None = Field(None, description="[latitude, longitude] in degrees.")
    precision: GeoPrecision | None = Field(None, description="How near the coordinates are.")


class Source(EntryData):
    """Where a claim comes from: an article, statement or report; content/sources/<id>.yml."""

    publisher: Text | None = Field(
        None, description="Who published it: the outlet, ministry or organization."
    )
    url: Url | None = Field(None, description="Where it is online: an http or https URL.")
    published: When | None = Field(
        None, description="When it was published: a date at its precision, or a date-time."
    )
    accessed: Day | None = Field(
        None, description="The day it was read at its URL: YYYY-MM-DD, not before `published`."
    )
    archive_url: Url | None = Field(
        None, description="An archived copy (Wayback Machine, archive.today): http or https."
    )
    author: Text | list[Text] | None = Field(
        None, description="Who wrote it: a name, or a list of names."
    )
    language: Language | None = Field(
        None, description="The language it is written in, a BCP 47 tag: en, tr, ar."
    )
    kind: Literal["news", "statement", "report", "social", "document", "other"] | None = Field(
        None,
        description="What it is: news, statement, report, social (a post), document or other.",
    )
    via: list[Id] = Field(default_factory=list, description="Source ids this source relays.")
    reliability: Literal["A", "B", "C", "D", "E", "F"] | None = Field(
        None, description="The Admiralty scale, A (reliable) to F (cannot be judged)."
    )
    files: list[PreservedFile] = Field(
        default_factory=list,
        description="Preserved copies of the source in media/: path, sha256, kind, captured, "
        "publish.",
    )


class Page(EntryData):
    """A free page, such as about or methodology: content/pages/<id>.md."""

    order: int | None = Field(
        None, description="Its place in the navigation; a page without one is not in it."
    )


SCHEMAS: dict[Kind, type[EntryData]] = {
    Kind.INCIDENT: Incident,
    Kind.ACTOR: Actor,
    Kind.SOURCE: Source,
    Kind.PLACE: Place,
    Kind.PAGE: Page,
}
"""The model of each entry kind."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One checked file of the dossier."""

    id: str
    """The file's stem, unique across the dossier."""
    kind: Kind
    """From the folder the file is in."""
    path: str
    """Relative to the dossier folder, forward slashes."""
    data: EntryData
    """The front matter (or the .yml), checked against the kind's model."""
    packed: bytes
    """The Markdown body, packed (`packed.pack`); `body` unpacks it."""
    body_line: int
    """The file line the body starts on."""
    marks: Marks
    """Where each key and value of the front matter was written, for diagnostics."""
    refs: list[Ref]
    """What the body refers to: `[[id]]`, citations, link URLs, with their places."""
    confidential: bool = False
    """A stand-in for an internal source in the public dossier (see `audience`)."""

    @property
    def body(self) -> str:
        """The Markdown body ('' for a .yml entry)."""
        return unpack(self.packed)

    @property
    def title(self) -> str:
        """The title the site shows; the id when there is none."""
        return self.data.display_title or self.id
