"""The structure compiled to JSON Schema 2020-12, one schema per definition.

Used by the JSON Schema adapters, by the second generator (hypothesis-jsonschema) and by the
export to JSON-Schema-Test-Suite. Each type compiles through `_types.json_schema` and each
keyword through its own entry of `_keywords`; a rule JSON Schema cannot state is listed by
`gaps`, so those validators are reported `not expressible` for it rather than judged on it.
JSON Schema's `integer` accepts 3.0, so the `integer-lexical` stance has no counterpart.
"""

from __future__ import annotations

from typing import Any

from .._model.keywords import KEYWORDS, NotExpressible
from .._model.structure import Node, Structure
from .._model.types import json_schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Keywords of the type's own schema that a keyword may narrow rather than replace.
_NARROWING = {"minimum": max, "maximum": min}


def compile_node(node: Node, gaps: list[str] | None = None) -> dict[str, Any]:
    gaps = gaps if gaps is not None else []
    if node.union:
        return {"anyOf": [compile_node(member, gaps) for member in node.union]}
    schema, gap = json_schema(node.spec)
    schema = dict(schema)
    if gap:
        gaps.append(f"{node.pointer or '/'}: {gap}")

    def sub(child: Node) -> dict[str, Any]:
        return compile_node(child, gaps)

    for name, value in node.rules.items():
        keyword = KEYWORDS[name]
        if keyword.compile is None or (
            keyword.applies is not None
            and node.spec.family not in keyword.applies
            and node.spec.family != "any"
        ):
            continue
        emitted = keyword.compile(node, value, sub)
        if isinstance(emitted, NotExpressible):
            gaps.append(f"{node.pointer or '/'}: {emitted.why}")
            continue
        for key, part in emitted.items():
            if key in _NARROWING and key in schema:
                schema[key] = _NARROWING[key](schema[key], part)
            elif key in schema and key in ("oneOf", "anyOf", "allOf"):
                schema.setdefault("allOf", []).append({key: part})
            else:
                schema[key] = part
    return schema


def compile_definition(structure: Structure, definition: str) -> dict[str, Any]:
    """A self-contained JSON Schema (dialect 2020-12) for one definition."""
    schema = {"$schema": DIALECT, "title": definition}
    schema.update(compile_node(structure.definition(definition)))
    return schema


def gaps(structure: Structure, definition: str) -> list[str]:
    """The rules of a definition that its compiled JSON Schema cannot state."""
    found: list[str] = []
    compile_node(structure.definition(definition), found)
    return found


def compile_all(structure: Structure) -> dict[str, dict[str, Any]]:
    return {name: compile_definition(structure, name) for name in structure.targets}


def json_schema_rejects(structure: Structure, definition: str, instance: Any) -> bool:
    """Whether the compiled schema, read as JSON Schema 2020-12 says (python-jsonschema, the
    dialect's reference implementation, format as annotation), rejects an instance.

    An invalid case the compiled schema accepts breaks only rules JSON Schema cannot state:
    a validator that was handed the compiled schema is reported `not-expressible` for it,
    never failed."""
    validator = _validators.get((structure.sha256, definition))
    if validator is None:
        validator = _oracle()(compile_definition(structure, definition))
        _validators[(structure.sha256, definition)] = validator
    return not validator.is_valid(instance)


def _oracle() -> Any:
    """python-jsonschema with ECMA-262 `pattern` (the dialect's letter): Python's `re` lets
    `$` match before a trailing newline, which would pass python-jsonschema's own pattern
    defect off as a rule JSON Schema cannot state."""
    import jsonschema

    from .._model import lexical as _lexical

    def pattern(validator: Any, source: str, instance: Any, schema: Any) -> Any:
        if isinstance(instance, str) and not _lexical.search(source, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {source!r}")

    return jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {"pattern": pattern}
    )


_validators: dict[tuple[str, str], Any] = {}
