"""JSON Schema for editors, generated from the model: one per entry kind, one for `config`.

The pydantic models in `model.py` and `config.py` are the one source of truth; this module
only renders them for JSON Schema (draft 2020-12), adding what pydantic cannot see from a
plain validator function: the pattern an id, a country code, a language tag or a URL must
match, and that an entry needs its title. What gets validated is YAML front matter as
written, so dates are strings or integers and never date objects.

The schemas ship inside the package, in `dossier/schemas/<kind>.schema.json`; after a
change to the model, regenerate them with `python -m dossier.schema --write` (a test fails
while they differ from the model).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from . import model
from .config import Config

DIALECT = "https://json-schema.org/draft/2020-12/schema"

MODELS: dict[str, type[BaseModel]] = {str(kind): cls for kind, cls in model.SCHEMAS.items()}
MODELS["config"] = Config
KINDS = sorted(MODELS)
"""What `dossier schema KIND` knows: the entry kinds and `config`."""

_DESCRIPTIONS = {
    "incident": "An incident, what happened: the front matter of content/incidents/<id>.md, "
    "or content/incidents/<id>.yml.",
    "actor": "An actor, who: a person, force, government or outlet; "
    "content/actors/<id>.yml, or the front matter of content/actors/<id>.md.",
    "source": "A source, where a claim comes from: an article, statement or report; "
    "content/sources/<id>.yml, or the front matter of content/sources/<id>.md.",
    "place": "A place, where: content/places/<id>.yml, "
    "or the front matter of content/places/<id>.md.",
    "page": "A free page, such as about or methodology: the front matter of content/pages/<id>.md.",
    "config": "The settings of a dossier project: dossier.yml.",
}

# The JSON Schema of what each plain validator function of the model accepts as text.
_STRING_RULES: dict[Callable[..., Any], JsonSchemaValue] = {
    model._country: {
        "pattern": "^[A-Z]{2}$",
        "patternErrorMessage": "an ISO 3166-1 alpha-2 code in capitals, in quotes: 'TR'",
    },
    model._language: {"pattern": model._LANGUAGE.pattern},
    model._url: {
        "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]",
        "patternErrorMessage": "an http or https URL",
    },
}


class _Generator(GenerateJsonSchema):
    """pydantic's generator, with the patterns of the model's validator functions."""

    def function_after_schema(
        self, schema: core_schema.AfterValidatorFunctionSchema
    ) -> JsonSchemaValue:
        """A validated string, with the pattern of the function that checks it."""
        json_schema = super().function_after_schema(schema)
        rule = _STRING_RULES.get(schema["function"]["function"])
        if rule is None:
            return json_schema
        return {**json_schema, **rule}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of an entry kind, or of `config`. Raises KeyError for another word."""
    cls = MODELS[kind]
    generated = cls.model_json_schema(schema_generator=_Generator)
    generated["$schema"] = DIALECT
    generated["title"] = f"dossier {kind}"
    generated["description"] = _DESCRIPTIONS[kind]
    generated["additionalProperties"] = False
    if kind != "config":
        # The models' `_titled` check: actors and places take `name` or `title`, not both.
        if issubclass(cls, model._Named):
            generated["oneOf"] = [{"required": ["name"]}, {"required": ["title"]}]
        else:
            generated["required"] = ["title"]
    return generated


def dumps(value: dict[str, Any]) -> str:
    """JSON as shipped and printed: 2-space indent, sorted keys, a final newline."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def shipped(kind: str) -> str:
    """The text of the schema file shipped in the package for `kind`."""
    return resources.files("dossier").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")


def write(folder: Path) -> list[Path]:
    """Write every schema into `folder` as `<kind>.schema.json`; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(dumps(schema(kind)), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """`python -m dossier.schema --write`: regenerate the shipped schema files."""
    parser = argparse.ArgumentParser(prog="python -m dossier.schema", description=__doc__)
    parser.add_argument(
        "--write", action="store_true", help="regenerate dossier/schemas/ from the model"
    )
    args = parser.parse_args(argv)
    if not args.write:
        parser.print_usage(sys.stderr)
        return 2
    for path in write(Path(__file__).parent / "schemas"):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
