"""Small structures for tests: a root schema in a document that enables the validation
extension, as the drafts ask for its keywords to be enforced."""

from __future__ import annotations

from typing import Any

from neptune_ml_conformance._model.node import Node
from neptune_ml_conformance._model.structure import model


def validating(schema: dict[str, Any]) -> dict[str, Any]:
    """A document whose root type is `schema`, with the validation extension on."""
    return {
        "$schema": "https://json-structure.org/meta/extended/v0/#",
        "$id": "https://example.com/test",
        "$uses": ["JSONStructureValidation"],
        "name": "T",
        **schema,
    }


def root(schema: dict[str, Any]) -> Node:
    """The modelled root type of `validating(schema)`."""
    node = model(validating(schema)).root
    assert node is not None
    return node


#: A closed object whose `minProperties` every instance without `a` falls short of: no
#: instance breaks `required` alone.
UNBREAKABLE_ALONE = {
    "$schema": "https://json-structure.org/meta/extended/v0/#",
    "$id": "https://example.com/unbreakable",
    "$uses": ["JSONStructureValidation"],
    "name": "Pair",
    "type": "object",
    "properties": {"a": {"type": "int32"}, "b": {"type": "int32"}},
    "required": ["a"],
    "minProperties": 2,
    "additionalProperties": False,
}
