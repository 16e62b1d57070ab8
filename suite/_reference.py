"""The reference validator: the suite's stance (docs/STANCE.md), executable.

Built like python-jsonschema: one small function per keyword, named after it, so each rule
of the stance can be read, tested and blamed on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from ._errors import pointer_join
from ._structure import INT32_MAX, INT32_MIN, Node, Structure


@dataclass(frozen=True)
class Violation:
    """One broken rule: which category, where in the instance, and what was wrong."""

    category: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message} [{self.category}]"


Keyword = Callable[[Node, Any, str], Iterator[Violation]]


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def json_equal(one: Any, two: Any) -> bool:
    """Equality as JSON means it: `true` is not `1`, `1` is `1.0`."""
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one is two
    if is_number(one) and is_number(two):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(map(json_equal, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(json_equal(one[k], two[k]) for k in one)
    return type(one) is type(two) and bool(one == two)


_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": is_number,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "any": lambda v: True,
}


def type_(node: Node, instance: Any, path: str) -> Iterator[Violation]:
    kind = node.type
    if kind == "int32":
        yield from _int32(instance, path)
        return
    if not _TYPE_CHECKS[kind](instance):
        yield Violation("type", path, f"expected {kind}, got {_describe(instance)}")


def _int32(instance: Any, path: str) -> Iterator[Violation]:
    if isinstance(instance, float) and instance.is_integer():
        yield Violation(
            "int32-lexical", path, f"{instance!r} has a decimal point; an int32 literal has none"
        )
    elif not isinstance(instance, int) or isinstance(instance, bool):
        yield Violation("type", path, f"expected int32, got {_describe(instance)}")
        return
    if not INT32_MIN <= instance <= INT32_MAX:
        yield Violation("int32-range", path, f"{instance!r} is outside the int32 range")


def enum(node: Node, instance: Any, path: str) -> Iterator[Violation]:
    if node.enum is not None and not any(json_equal(instance, v) for v in node.enum):
        yield Violation("enum", path, f"{instance!r} is not one of {list(node.enum)!r}")


def minimum(node: Node, instance: Any, path: str) -> Iterator[Violation]:
    if node.minimum is not None and is_number(instance) and instance < node.minimum:
        yield Violation("minimum", path, f"{instance!r} is less than the minimum {node.minimum!r}")


def required(node: Node, instance: Any, path: str) -> Iterator[Violation]:
    if isinstance(instance, dict):
        for name in node.required:
            if name not in instance:
                yield Violation(
                    "required", pointer_join(path, name), f"required property {name!r} is missing"
                )


def properties(node: Node, instance: Any, path: str) -> Iterator[Violation]:
    if isinstance(instance, dict):
        for name, child in node.properties.items():
            if name in instance:
                yield from validate_node(child, instance[name], pointer_join(path, name))


def additional_properties(node: Node, instance: Any, path: str) -> Iterator[Violation]:
    # Stance: absent keyword means open (docs/STANCE.md, "Unknown properties").
    if node.additional_properties is False and isinstance(instance, dict):
        for name in instance:
            if name not in node.properties:
                yield Violation(
                    "unknown-properties", pointer_join(path, name), f"unknown property {name!r}"
                )


def items(node: Node, instance: Any, path: str) -> Iterator[Violation]:
    if node.items is not None and isinstance(instance, list):
        for index, item in enumerate(instance):
            yield from validate_node(node.items, item, pointer_join(path, index))


#: Keywords checked once the instance has the declared type, in reporting order.
KEYWORDS: tuple[Keyword, ...] = (enum, minimum, required, properties, additional_properties, items)


def validate_node(node: Node, instance: Any, path: str = "") -> Iterator[Violation]:
    wrong_type = False
    for violation in type_(node, instance, path):
        wrong_type = wrong_type or violation.category == "type"
        yield violation
    if wrong_type:
        return  # the other keywords say nothing useful about a value of the wrong type
    for keyword in KEYWORDS:
        yield from keyword(node, instance, path)


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
    return instance


class ReferenceValidator:
    """The `reference` built-in: validates exactly as docs/STANCE.md says."""

    name = "reference"

    def __init__(self, structure: Structure) -> None:
        self.structure = structure

    def validate(self, definition: str, instance: Any) -> list[Violation]:
        return list(validate_node(self.structure.definition(definition), instance))

    def apply_defaults(self, definition: str, instance: Any) -> Any:
        return fill_defaults(self.structure.definition(definition), instance)


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    kind = {bool: "boolean", type(None): "null", dict: "object", list: "array", str: "string"}
    name = kind.get(type(value), "number" if is_number(value) else type(value).__name__)
    return f"{name} {text}"
