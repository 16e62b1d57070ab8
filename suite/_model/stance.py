"""Stance features of an instance: what only the suite's stance decides (docs/STANCE.md,
"Blocking and stance categories"), found and taken out.

An undeclared member of an object whose structure does not state `additionalProperties`,
and an integer written with a decimal point (`3.0`), are where the drafts leave room. A
validator may refuse such an instance and still follow every blocking rule, so evidence
that carries one of these features must never convict in a blocking category: the
diagnosis takes them out first and blames a blocking rule only on what is left.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from .._io.pointer import pointer_join
from .._model.categories import ALL
from .._model.structure import Node

UNKNOWN_PROPERTIES = "unknown-properties"
INTEGER_LEXICAL = "integer-lexical"
assert {UNKNOWN_PROPERTIES, INTEGER_LEXICAL} <= set(ALL), "stance categories of the table"


def stance_features(node: Node, value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(stance category, JSON Pointer) of every stance feature in `value`, in order."""
    if _lexical_integer(node, value):
        yield INTEGER_LEXICAL, path
    elif isinstance(value, dict) and node.type == "object":
        for name, member in value.items():
            child = node.properties.get(name)
            if child is not None:
                yield from stance_features(child, member, pointer_join(path, name))
            elif _undeclared(node, name):
                yield UNKNOWN_PROPERTIES, pointer_join(path, name)
    elif isinstance(value, dict) and isinstance(values := node.rules.get("values"), Node):
        for name, member in value.items():
            yield from stance_features(values, member, pointer_join(path, name))
    elif isinstance(value, list) and node.items is not None:
        for index, item in enumerate(value):
            yield from stance_features(node.items, item, pointer_join(path, index))


def without_stance(node: Node, value: Any, categories: Collection[str]) -> Any:
    """`value` with the stance features of `categories` taken out: undeclared members
    dropped, integers written without their decimal point. Everything else is kept."""
    if INTEGER_LEXICAL in categories and _lexical_integer(node, value):
        return int(value)
    if isinstance(value, dict) and node.type == "object":
        kept = {}
        for name, member in value.items():
            child = node.properties.get(name)
            if child is not None:
                kept[name] = without_stance(child, member, categories)
            elif UNKNOWN_PROPERTIES not in categories or not _undeclared(node, name):
                kept[name] = member
        return kept
    if isinstance(value, dict) and isinstance(values := node.rules.get("values"), Node):
        return {name: without_stance(values, m, categories) for name, m in value.items()}
    if isinstance(value, list) and node.items is not None:
        return [without_stance(node.items, item, categories) for item in value]
    return value


def _lexical_integer(node: Node, value: Any) -> bool:
    return node.spec.family == "integer" and isinstance(value, float) and value.is_integer()


def _undeclared(node: Node, name: str) -> bool:
    """A member that only the stance lets in: neither declared by name or by pattern, in an
    object that does not state `additionalProperties`."""
    return node.additional_properties is None and not node.declares(name)
