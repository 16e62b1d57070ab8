"""A node of the structure model: one schema of the document, resolved (`$ref`, `$extends`,
unions) and read through the keyword registry, with the rules it states and its children.
Kept apart from the document's loading (`structure.py`), which builds these nodes."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .._io.pointer import pointer_join
from .._model.keywords import VALUE_BOUNDS
from .._model.lexical import search
from .._model.types import TYPES, TypeSpec, json_number, lookup


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()


@dataclass(frozen=True)
class Finding:
    """A defect of the document, found while modelling it: lint reports each one."""

    code: str
    pointer: str
    message: str
    level: str = "warning"


@dataclass(frozen=True, eq=False)
class Node:
    """One type at one place of the document: its type and its keywords, parsed.

    `rules` holds each keyword's parsed value under the keyword's name; what a keyword
    means lives in `keywords`, not here.
    """

    type: str
    pointer: str
    items: Node | None = None
    properties: Mapping[str, Node] = field(default_factory=dict)
    rules: Mapping[str, Any] = field(default_factory=dict)
    #: The members of a type union (`type` given as an array), in declared order.
    union: tuple[Node, ...] = ()
    abstract: bool = False

    @property
    def spec(self) -> TypeSpec:
        return lookup(self.type) or TYPES["any"]

    @property
    def enum(self) -> tuple[Any, ...] | None:
        value = self.rules.get("enum")
        return None if value is None else tuple(value)

    @property
    def minimum(self) -> Any:
        return self.rules.get("minimum")

    @property
    def required(self) -> tuple[str, ...]:
        """Names every valid instance has: the simple form, or what all alternative sets
        share."""
        names = self.rules.get("required", ())
        if names and isinstance(names[0], tuple):
            shared = [n for n in names[0] if all(n in s for s in names[1:])]
            return tuple(shared)
        return tuple(names)

    @property
    def default(self) -> Any:
        return self.rules.get("default", NO_DEFAULT)

    @property
    def has_default(self) -> bool:
        return "default" in self.rules

    @property
    def additional_properties(self) -> Any:
        """`additionalProperties` as stated; None when absent (the drafts give no default,
        see docs/STANCE.md)."""
        return self.rules.get("additionalProperties")

    def declares(self, name: str) -> bool:
        """Whether an object declares a member of this name: as a property, or by a
        `patternProperties` pattern that selects it (a search, docs/STANCE.md; a pattern
        that cannot be used selects nothing)."""
        if name in self.properties:
            return True
        return any(search(p, name) for p in self.rules.get("patternProperties", {}))

    @property
    def examples(self) -> tuple[Any, ...]:
        value = self.rules.get("examples", ())
        return tuple(value) if isinstance(value, list | tuple) else ()

    @functools.cached_property
    def memo(self) -> dict[Any, Any]:
        """What is worked out from this node alone and asked for again (the digest of its
        shape, its plain value), kept exactly as long as the node: a module's table by `id`
        keeps every node alive, or hands a later node that reuses the id a stale answer."""
        return {}

    def having(self, **rules: Any) -> Node:
        """The same node with some keywords replaced (None removes one)."""
        merged = {k: v for k, v in {**self.rules, **rules}.items() if v is not None}
        return replace(self, rules=merged)

    def limits(self) -> tuple[Decimal | None, bool, Decimal | None, bool]:
        """The lower bound, whether it is exclusive, the upper bound, whether it is exclusive:
        the type's range narrowed by the value bounds of the keyword table (`minimum`,
        `exclusiveMaximum`, ...), exact (as Decimals). None where nothing bounds a side or
        the type is not numeric. The one place where bounds meet; `bounds` rounds them."""
        spec = self.spec
        low = None if spec.low is None else Decimal(str(spec.low))
        high = None if spec.high is None else Decimal(str(spec.high))
        low_open = high_open = False
        if not spec.numeric:
            return low, low_open, high, high_open
        for keyword in VALUE_BOUNDS:
            raw = self.rules.get(keyword.name)
            if raw is None or isinstance(raw, str) or keyword.bound is None:
                continue
            value, exclusive = Decimal(str(raw)), keyword.bound.exclusive
            if keyword.bound.side == "low":
                if low is None or value > low or (value == low and exclusive):
                    low, low_open = value, exclusive
            elif high is None or value < high or (value == high and exclusive):
                high, high_open = value, exclusive
        return low, low_open, high, high_open

    def bounds(self) -> tuple[Any, Any]:
        """The least and greatest values the node admits, for numeric types (`limits`).
        Integer types round inward to the first and last admitted integer, so `minimum: 1.5`
        or `exclusiveMinimum: 1` on an int32 starts at 2; other types keep the bound itself,
        as a JSON number (a Decimal for `decimal`)."""
        low, low_open, high, high_open = self.limits()
        if self.spec.integral:
            first = None if low is None else math.ceil(low) + (low_open and low == int(low))
            last = None if high is None else math.floor(high) - (high_open and high == int(high))
            return first, last
        if self.spec.family == "decimal":
            return low, high
        return json_number(low), json_number(high)

    def walk(self, path: str = "") -> Iterator[tuple[str, Node]]:
        """Every node below this one with the instance JSON Pointer that reaches it.

        Array items are reached through index 0, the first place an item can stand.
        """
        yield path, self
        if self.spec.family != "tuple":
            for name, child in self.properties.items():
                yield from child.walk(pointer_join(path, name))
        if self.items is not None:
            yield from self.items.walk(pointer_join(path, 0))

    def children(self) -> Iterator[Node]:
        """Every schema directly inside this one, whatever keyword holds it."""
        yield from self.union
        for value in self.rules.values():
            if isinstance(value, Node):
                yield value
            elif isinstance(value, tuple | list) and value and isinstance(value[0], Node):
                yield from value
            elif isinstance(value, dict) and value and isinstance(next(iter(value.values())), Node):
                yield from value.values()


def reachable(*roots: Node) -> Iterator[Node]:
    """Every node reachable from these, through any keyword, each once (by identity: a
    definition several members refer to is one node)."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(current.children())
