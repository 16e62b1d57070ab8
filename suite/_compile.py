"""The structure compiled to JSON Schema 2020-12, one schema per definition.

Used by the JSON Schema adapters, by the second generator (hypothesis-jsonschema) and by the
export to JSON-Schema-Test-Suite. It encodes the blocking rules only: JSON Schema's `integer`
accepts 3.0, so the `int32-lexical` stance has no JSON Schema counterpart.
"""

from __future__ import annotations

from typing import Any

from ._structure import INT32_MAX, INT32_MIN, Node, Structure

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_SIMPLE = {"string": "string", "boolean": "boolean", "null": "null", "number": "number"}


def compile_node(node: Node) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    if node.type in _SIMPLE:
        schema["type"] = _SIMPLE[node.type]
    elif node.type == "int32":
        schema.update(type="integer", minimum=INT32_MIN, maximum=INT32_MAX)
    elif node.type == "array":
        schema["type"] = "array"
        if node.items is not None:
            schema["items"] = compile_node(node.items)
    elif node.type == "object":
        schema["type"] = "object"
        schema["properties"] = {name: compile_node(c) for name, c in node.properties.items()}
        if node.required:
            schema["required"] = list(node.required)
        if node.additional_properties is False:
            schema["additionalProperties"] = False
    if node.enum is not None:
        schema["enum"] = list(node.enum)
    if node.minimum is not None:
        schema["minimum"] = max(node.minimum, schema.get("minimum", node.minimum))
    if node.has_default:
        schema["default"] = node.default
    return schema


def compile_definition(structure: Structure, definition: str) -> dict[str, Any]:
    """A self-contained JSON Schema (dialect 2020-12) for one definition."""
    schema = {"$schema": DIALECT, "title": definition}
    schema.update(compile_node(structure.definition(definition)))
    return schema


def compile_all(structure: Structure) -> dict[str, dict[str, Any]]:
    return {name: compile_definition(structure, name) for name in structure.definitions}
