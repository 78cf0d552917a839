"""The JSON Schemas: generated from the model, shipped as package data, printed by the CLI,
and agreeing with the model on what the front matter of real entries looks like."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from dossier import schema as schemas
from dossier import yamlread
from dossier.cli import main
from dossier.config import Config
from dossier.diagnostics import Report
from dossier.kinds import FOLDERS, Kind
from dossier.load import parse_entry_text
from dossier.model import SCHEMAS

ROOT = Path(__file__).parent.parent
ENTRY_FILES = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in ("content", "tests/sites/valid/harbour/content")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in (".md", ".yml")
)


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(
        json.loads(schemas.shipped(kind)), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def messages(kind: str, data: Any) -> list[str]:
    """Every schema error on `data`, with those inside `anyOf` branches (a nullable field)."""
    found = []
    todo = list(validator(kind).iter_errors(data))
    while todo:
        error = todo.pop()
        found.append(error.message)
        todo.extend(error.context or ())
    return found


def front_matter(rel: str) -> Any:
    """An entry's YAML as `dossier check` reads it (dates stay text)."""
    report = Report()
    parsed, _, _ = parse_entry_text(
        (ROOT / rel).read_text("utf-8"), rel, rel.endswith(".md"), report
    )
    assert parsed is not None, report.sorted()
    return parsed[0]


def parse(text: str) -> Any:
    report = Report()
    parsed = yamlread.parse(textwrap.dedent(text), "test.yml", report)
    assert parsed is not None, report.sorted()
    return parsed[0]


def test_shipped_files_are_what_the_model_generates():
    shipped = sorted(p.name for p in (ROOT / "dossier" / "schemas").iterdir())
    assert shipped == [f"{kind}.schema.json" for kind in schemas.KINDS]
    for kind in schemas.KINDS:
        assert schemas.shipped(kind) == schemas.dumps(schemas.schema(kind)), (
            f"dossier/schemas/{kind}.schema.json is stale: run python -m dossier.schema --write"
        )


def test_write_regenerates_every_file(tmp_path):
    written = schemas.write(tmp_path)
    assert [p.name for p in written] == [f"{kind}.schema.json" for kind in schemas.KINDS]
    for path in written:
        assert path.read_text("utf-8") == schemas.shipped(path.name.split(".")[0])


def test_kinds_are_the_entry_kinds_and_config():
    assert sorted([*(k.value for k in Kind), "config"]) == schemas.KINDS


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_each_schema_is_draft_2020_12_and_closed(kind):
    value = json.loads(schemas.shipped(kind))
    Draft202012Validator.check_schema(value)
    assert value["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert value["title"] == f"dossier {kind}"
    assert value["description"]
    assert value["additionalProperties"] is False
    assert all(d["additionalProperties"] is False for d in value.get("$defs", {}).values())


def test_descriptions_come_from_the_model_fields():
    incident = json.loads(schemas.shipped("incident"))
    assert incident["properties"]["date"]["description"] == "When it happened, at its precision."
    claim = incident["$defs"]["Claim"]
    assert claim["properties"]["quote"]["description"] == "The source's own words."


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_every_field_is_described_to_editors(kind):
    value = json.loads(schemas.shipped(kind))
    objects = {"": value, **value.get("$defs", {})}
    undescribed = [
        f"{name or kind}.{field}"
        for name, obj in objects.items()
        for field, prop in obj.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert undescribed == []
    assert all(obj.get("description") for obj in objects.values())


@pytest.mark.parametrize("rel", ENTRY_FILES)
def test_every_entry_of_the_showcase_is_valid(rel):
    kind = FOLDERS[rel.split("content/")[-1].split("/")[0]]
    assert messages(kind.value, front_matter(rel)) == []


@pytest.mark.parametrize("rel", ["dossier.yml", "tests/sites/valid/harbour/dossier.yml"])
def test_dossier_yml_is_valid(rel):
    data = parse((ROOT / rel).read_text("utf-8"))
    assert messages("config", data) == []


BROKEN = {
    "unknown key": ("actor", "name: NATO\nkindd: organization\n", "Additional properties"),
    "country: no": ("actor", "name: Norway\ncountry: no\n", "False is not of type 'string'"),
    "wrong kind value": ("actor", "name: NATO\nkind: alliance\n", "'alliance' is not one of"),
    "source kind": ("source", "title: S\nkind: tweet\n", "'tweet' is not one of"),
    "no title": ("incident", "summary: what happened\n", "'title' is a required property"),
    "name and title": ("place", "name: A\ntitle: B\n", "is valid under each of"),
    "bad id": ("incident", "title: T\nplace: Al Bab\n", "does not match"),
    "bad country": ("place", "name: P\ncountry: sy\n", "does not match"),
    "not a url": ("source", "title: S\nurl: ftp://example.org/x\n", "does not match"),
    "blank title": ("page", "title: ' '\n", "does not match"),
    "claim key": (
        "incident",
        "title: T\nclaims: [{about: x, value: 1, source: [s]}]\n",
        "Additional properties",
    ),
    "config key": ("config", "title: T\nbaseurl: https://example.org/\n", "Additional properties"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_front_matter_is_rejected_by_the_schema_and_the_model(case):
    kind, text, message = BROKEN[case]
    data = parse(text)
    errors = messages(kind, data)
    assert any(message in e for e in errors), errors
    model = Config if kind == "config" else SCHEMAS[Kind(kind)]
    with pytest.raises(ValidationError):
        model.model_validate(data)


VALID = {
    "dates": (
        "incident",
        """
        title: T
        date: 2017
        end_date: '2017-02'
        """,
    ),
    "day and moment": (
        "source",
        """
        title: S
        published: 2017-02-09T14:30:00+03:00
        accessed: 2017-02-10
        """,
    ),
    "claim values": (
        "incident",
        """
        title: T
        claims:
          - {about: a, value: 3, sources: [s]}
          - {about: b, value: [10, 11], sources: [s]}
          - {about: c, value: {min: 3}, sources: [s]}
          - {about: d, value: {max: 5}, sources: [s]}
          - {about: e, value: 2015-11-24, sources: [s]}
          - {about: f, value: true, sources: [s]}
          - {about: g, value: several, sources: [s]}
          - {about: h, value: 2.5, sources: [s]}
        assessments:
          - {about: b, note: Ten or eleven., preferred: [10, 11]}
        """,
    ),
    "named": ("actor", "name: Norway\ncountry: 'NO'\nkind: state\n"),
    "titled place": ("place", "title: Al-Bab\ncoordinates: [36.37, 37.52]\n"),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_what_the_model_accepts_the_schema_accepts(case):
    kind, text = VALID[case]
    data = parse(text)
    SCHEMAS[Kind(kind)].model_validate(data)
    assert messages(kind, data) == []


def test_schema_command_prints_the_shipped_file():
    result = CliRunner().invoke(main, ["schema", "incident"])
    assert result.exit_code == 0
    assert result.output == schemas.shipped("incident")
    assert json.loads(result.output)["title"] == "dossier incident"
    assert result.output == json.dumps(json.loads(result.output), indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize(
    ("word", "hint"), [("nope", ""), ("incidents", " (did you mean 'incident'?)")]
)
def test_schema_command_refuses_an_unknown_kind(word, hint):
    result = CliRunner().invoke(main, ["schema", word])
    assert result.exit_code == 2
    assert result.output == (
        f"dossier: error: unknown kind '{word}'{hint}; "
        "schemas are actor, config, incident, page, place, source\n"
    )
