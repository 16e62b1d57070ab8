"""Stance features of an instance: what only the suite's stance decides (docs/STANCE.md,
"Blocking and stance categories"), found and taken out.

An undeclared member of an object whose structure does not state `additionalProperties`,
an integer written with a decimal point (`3.0`), and a `$schema` member naming a document's
structure at its root, are where the drafts leave room. A validator may refuse such an
instance and still follow every blocking rule, so evidence that carries one of these
features must never convict in a blocking category: the diagnosis takes them out first and
blames a blocking rule only on what is left.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from .._io.pointer import pointer_join
from .._model.categories import STANCE
from .._model.reference import (
    DOCUMENT_SCHEMA,
    names_its_structure,
    validate_document,
    validate_node,
)
from .._model.structure import Node
from .._model.values import Violation

UNKNOWN_PROPERTIES = "unknown-properties"
INTEGER_LEXICAL = "integer-lexical"
#: The stance on a document's own `$schema` (`reference.validate_document`).
NAMED_STRUCTURE = "document-schema"
assert {UNKNOWN_PROPERTIES, INTEGER_LEXICAL, NAMED_STRUCTURE} <= set(STANCE), "of the table"


def stance_features(node: Node, value: Any, document: bool = True) -> Iterator[tuple[str, str]]:
    """(stance category, JSON Pointer) of every stance feature in `value`, in document
    order. Where `value` is a whole `document`, a root `$schema` that names its structure
    is a feature of its own, not a member of the data."""
    yield from _features(node, value, "", document and names_its_structure(node, value))


def without_stance(
    node: Node, value: Any, categories: Collection[str], document: bool = True
) -> Any:
    """`value` with the stance features of `categories` taken out: undeclared members
    dropped, integers written without their decimal point, a `document`'s root `$schema`
    dropped. Everything else is kept, in its order."""
    return _without(node, value, categories, document and names_its_structure(node, value))


def removable(
    node: Node, value: Any, categories: Collection[str], document: bool = True
) -> list[str]:
    """The stance categories, among `categories`, whose features can be taken out of a valid
    `value` together with it staying valid: only then does a validator that accepts what is
    left say something about the stance. The others bear its validity (an undeclared member
    taken out can break a `minProperties`, a root `$schema` taken out a `required` that
    names it): `value` is valid only as the stance reads it."""
    kept: list[str] = []
    for category in dict.fromkeys(categories):
        if breaks(node, value, [*kept, category], document) is None:
            kept.append(category)
    return kept


def breaks(
    node: Node, value: Any, categories: Collection[str], document: bool = True
) -> Violation | None:
    """The first rule `value` breaks once the stance features of `categories` are taken out
    (None: it stays valid)."""
    reduced = without_stance(node, value, categories, document)
    found = validate_document(node, reduced) if document else validate_node(node, reduced)
    return next(iter(found), None)


def _features(node: Node, value: Any, path: str, named: bool = False) -> Iterator[tuple[str, str]]:
    if _lexical_integer(node, value):
        yield INTEGER_LEXICAL, path
    elif isinstance(value, dict) and node.type == "object":
        for name, member in value.items():
            child = node.properties.get(name)
            if named and name == DOCUMENT_SCHEMA:
                yield NAMED_STRUCTURE, pointer_join(path, name)
            elif child is not None:
                yield from _features(child, member, pointer_join(path, name))
            elif _undeclared(node, name):
                yield UNKNOWN_PROPERTIES, pointer_join(path, name)
    elif isinstance(value, dict) and isinstance(values := node.rules.get("values"), Node):
        for name, member in value.items():
            yield from _features(values, member, pointer_join(path, name))
    elif isinstance(value, list) and node.items is not None:
        for index, item in enumerate(value):
            yield from _features(node.items, item, pointer_join(path, index))


def _without(node: Node, value: Any, categories: Collection[str], named: bool = False) -> Any:
    if INTEGER_LEXICAL in categories and _lexical_integer(node, value):
        return int(value)
    if isinstance(value, dict) and node.type == "object":
        kept = {}
        for name, member in value.items():
            child = node.properties.get(name)
            if named and name == DOCUMENT_SCHEMA:
                if NAMED_STRUCTURE not in categories:
                    kept[name] = member
            elif child is not None:
                kept[name] = _without(child, member, categories)
            elif UNKNOWN_PROPERTIES not in categories or not _undeclared(node, name):
                kept[name] = member
        return kept
    if isinstance(value, dict) and isinstance(values := node.rules.get("values"), Node):
        return {name: _without(values, m, categories) for name, m in value.items()}
    if isinstance(value, list) and node.items is not None:
        return [_without(node.items, item, categories) for item in value]
    return value


def _lexical_integer(node: Node, value: Any) -> bool:
    return node.spec.family == "integer" and isinstance(value, float) and value.is_integer()


def _undeclared(node: Node, name: str) -> bool:
    """A member that only the stance lets in: neither declared by name or by pattern, in an
    object that does not state `additionalProperties`."""
    return node.additional_properties is None and not node.declares(name)
