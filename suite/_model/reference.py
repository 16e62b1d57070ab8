"""The reference validator: the suite's stance (docs/STANCE.md), executable.

It runs on the rule registry: a type's own rules come from `_types`, each keyword's from its
one function in `_keywords`, so a rule read here is the rule lint, the compiler and the
generators read.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from .._model.formats import is_absolute_uri
from .._model.keywords import KEYWORDS, ORDER
from .._model.structure import Node, Structure
from .._model.types import check_value
from .._model.values import Violation, describe, is_number, json_equal

__all__ = [
    "ReferenceValidator",
    "Violation",
    "admits",
    "fill_defaults",
    "is_number",
    "json_equal",
    "names_its_structure",
    "validate_document",
    "validate_node",
]

#: A JSON document's own keyword at its root: "In JSON documents, the `$schema` keyword
#: references a JSON Structure schema document that defines the structure of the JSON
#: document" (core, "$schema Keyword"); a name, not a member of the data.
DOCUMENT_SCHEMA = "$schema"


def validate_document(node: Node, document: Any) -> Iterator[Violation]:
    """A whole JSON document against a type: `validate_node`, except that a `$schema` member
    at the root of an object the type does not declare it in (no property, no matching
    `patternProperties`) names the document's structure rather than an undeclared member:
    the rules about undeclared members (`additionalProperties`, `propertyNames`) leave it
    be, and its value must be an absolute URI. Rules about the object as a whole (`required`,
    the counts) see it as the member it is (docs/STANCE.md, "An instance's `$schema`")."""
    if not names_its_structure(node, document):
        yield from validate_node(node, document)
        return
    named = document[DOCUMENT_SCHEMA]
    if not (isinstance(named, str) and is_absolute_uri(named)):
        why = f"expected an absolute URI naming the document's structure, got {describe(named)}"
        yield Violation("format", _AT_SCHEMA, why)
    for violation in validate_node(node, document):
        if violation.path != _AT_SCHEMA and not violation.path.startswith(_AT_SCHEMA + "/"):
            yield violation


_AT_SCHEMA = "/" + DOCUMENT_SCHEMA


def names_its_structure(node: Node, document: Any) -> bool:
    """Whether a document's root holds a `$schema` member that names its structure rather
    than data (`validate_document`)."""
    if node.spec.family != "object" or not isinstance(document, dict):
        return False
    return DOCUMENT_SCHEMA in document and not node.declares(DOCUMENT_SCHEMA)


def type_(node: Node, instance: Any, path: str) -> Iterator[Violation]:
    """The type's own rules; a union admits what any of its members admits."""
    if node.union:
        if not any(admits(member, instance) for member in node.union):
            names = ", ".join(member.type for member in node.union)
            yield Violation("type", path, f"expected one of {names}, got {describe(instance)}")
        return
    if node.abstract:
        yield Violation("type", path, f"{node.pointer} is abstract; no instance is of its type")
        return
    encoding = node.rules.get("contentEncoding", "base64")
    yield from check_value(node.spec, instance, path, encoding if isinstance(encoding, str) else "")


def admits(node: Node, instance: Any) -> bool:
    """Whether the reference admits a value at the node (the last word on validity)."""
    return not any(True for _ in validate_node(node, instance))


def validate_node(node: Node, instance: Any, path: str = "") -> Iterator[Violation]:
    wrong_type = False
    for violation in type_(node, instance, path):
        wrong_type = wrong_type or violation.category in ("type", "format")
        yield violation
    if wrong_type:
        return  # the other keywords say nothing useful about a value of the wrong type
    rules = node.rules
    for name in ORDER:
        if name in rules:
            check = KEYWORDS[name].check
            assert check is not None
            yield from check(node, rules[name], instance, path, validate_node)


def fill_defaults(node: Node, instance: Any) -> Any:
    """Default-filling semantics (validation draft, 'Default Values'), applied recursively.

    Only absent properties of objects that are present get their declared default; a value
    that is present is never changed.
    """
    if node.type == "object" and isinstance(instance, dict):
        filled = dict(instance)
        for name, child in node.properties.items():
            if name in filled:
                filled[name] = fill_defaults(child, filled[name])
            elif child.has_default:
                filled[name] = deepcopy(child.default)
        return filled
    if node.items is not None and isinstance(instance, list):
        return [fill_defaults(node.items, item) for item in instance]
    family = node.spec.family
    if family == "tuple" and isinstance(instance, list):
        order = [node.properties.get(name) for name in node.rules.get("tuple", ())]
        return [
            fill_defaults(child, item) if child is not None else item
            for child, item in zip(order, instance, strict=False)
        ] + instance[len(order) :]
    if family == "map" and isinstance(instance, dict) and "values" in node.rules:
        return {key: fill_defaults(node.rules["values"], v) for key, v in instance.items()}
    if family == "choice" and isinstance(instance, dict) and "choices" in node.rules:
        return _fill_choice(node, instance)
    return instance


def _fill_choice(node: Node, instance: dict[str, Any]) -> Any:
    """Defaults inside the chosen branch: the tag's value of a tagged choice, the object
    itself for an inline one (its selector names the branch)."""
    options = node.rules["choices"]
    selector = node.rules.get("selector")
    if selector is not None and "$extends" in node.rules:
        chosen = (
            options.get(instance.get(selector)) if isinstance(instance.get(selector), str) else None
        )
        return fill_defaults(chosen, instance) if chosen is not None else instance
    if len(instance) == 1:
        ((tag, value),) = instance.items()
        if tag in options:
            return {tag: fill_defaults(options[tag], value)}
    return instance


class ReferenceValidator:
    """The `reference` built-in: validates exactly as docs/STANCE.md says."""

    name = "reference"

    def __init__(self, structure: Structure) -> None:
        self.structure = structure

    def validate(self, definition: str, instance: Any) -> list[Violation]:
        return list(validate_document(self.structure.definition(definition), instance))

    def apply_defaults(self, definition: str, instance: Any) -> Any:
        return fill_defaults(self.structure.definition(definition), instance)
