"""What every rule shares: the violation it reports and JSON's own notion of equality.

Kept apart from the type and keyword tables so that both, the reference validator and the
generators can import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Violation:
    """One broken rule: which category, where in the instance, and what was wrong."""

    category: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message} [{self.category}]"


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


def json_key(value: Any) -> Any:
    """A hashable stand-in under which two values are equal exactly when `json_equal` says
    so: finding duplicates among thousands of values takes one pass, not every pair."""
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if is_number(value):
        return ("number", value)  # 1 and 1.0 hash alike, as JSON wants
    if isinstance(value, list):
        return ("array", tuple(json_key(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, json_key(v)) for k, v in value.items()))
    return (type(value).__name__, value)


def json_type(value: Any) -> str:
    """The JSON type of a Python value as the drafts name them."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def describe(value: Any) -> str:
    """A value named by its JSON type and a short rendering, for messages."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{json_type(value)} {text}"
