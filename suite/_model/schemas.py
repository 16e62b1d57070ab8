"""The JSON Schemas the suite ships (cases, reports, IHOP messages, the export format)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema

from .._io.read import parse


@cache
def load_schema(name: str) -> dict[str, Any]:
    """`name` is a file of `data/schemas/`, e.g. `case.schema.json`."""
    text = files("neptune_ml_conformance.data").joinpath(f"schemas/{name}").read_text()
    schema: dict[str, Any] = parse(text, name, "schema")
    if name == "case.schema.json":
        # the category list is the category table's (and the old names, which still load)
        from .._model.categories import ALL, LEGACY

        schema["properties"]["category"]["enum"] = [*ALL, *LEGACY]
    return schema


@cache
def validator_for(name: str, ref: str | None = None) -> jsonschema.Draft202012Validator:
    """A validator for a shipped schema, or for one of its `$defs` when `ref` names it."""
    schema = load_schema(name)
    if ref is not None:
        schema = {**schema, "$ref": f"#/$defs/{ref}"}
    return jsonschema.Draft202012Validator(schema)


def first_error(name: str, instance: Any, ref: str | None = None) -> tuple[str, str] | None:
    """(JSON Pointer, message) of the most relevant error, or None when the instance fits."""
    error = jsonschema.exceptions.best_match(validator_for(name, ref).iter_errors(instance))
    if error is None:
        return None
    return "".join(f"/{p}" for p in error.absolute_path), error.message
