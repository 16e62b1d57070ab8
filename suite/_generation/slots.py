"""Where the values inside a container stand: the one descent into containers by type
family (`slots`), and how a value is put in its place with the JSON Pointer that reaches it.
The mutants (`mutants._nested`) and the sweep (`sweep._nested_edges`) both walk these slots.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .._io.pointer import pointer_join
from .._model.structure import Node


@dataclass(frozen=True)
class Slot:
    """A place inside a container value where a child schema's value stands.

    `place` is the kind of place: a declared `member`, an `additional` member or a `pattern`
    member (named by `key`, the pattern), an array or set `item`, a tuple `element` (at index
    `key`), a map `value`, a choice `branch` (tagged `key`). A member's `key` is its name."""

    child: Node
    place: str
    key: Any = None


#: How many containers deep mutants and the sweep go at most (inline nesting).
DEEPEST = 12


@dataclass(frozen=True)
class Reach:
    """How far below a target its mutants and the sweep go.

    Into the schema of another target (`apart`: the pointers of the definitions certified
    under names of their own) once, so that a validator which does not apply a nested
    definition's rules where it is nested is caught; not twice, for that definition's own
    sets break its rules and what lies below it: a chain of definitions each nesting the
    next would otherwise give every target mutants as deep as the chain, at a cost that
    grows with the square of its length."""

    apart: frozenset[str] = frozenset()
    crossed: bool = False
    depth: int = 0

    def into(self, child: Node) -> Reach | None:
        """The reach below `child`, or None where it is not entered."""
        if self.depth >= DEEPEST:
            return None
        if child.pointer in self.apart:
            if self.crossed:
                return None
            return replace(self, crossed=True, depth=self.depth + 1)
        return replace(self, depth=self.depth + 1)


#: The reach of a node on its own: no other target set apart.
ALONE = Reach()


def slots(node: Node) -> list[Slot]:
    """The slots of a node's values, in declaration order; none for a type union (its
    members are alternatives for the value itself) or a scalar."""
    if node.union:
        return []
    family = node.spec.family
    rules = node.rules
    if family == "object":
        out = [Slot(child, "member", name) for name, child in node.properties.items()]
        extra = node.additional_properties
        if isinstance(extra, Node):
            out.append(Slot(extra, "additional"))
        out += [Slot(s, "pattern", p) for p, s in rules.get("patternProperties", {}).items()]
        return out
    if family in ("array", "set") and node.items is not None:
        return [Slot(node.items, "item")]
    if family == "tuple":
        order = [n for n in rules.get("tuple", ()) if n in node.properties]
        return [Slot(node.properties[name], "element", i) for i, name in enumerate(order)]
    if family == "map" and isinstance(rules.get("values"), Node):
        return [Slot(rules["values"], "value")]
    if family == "choice":
        return [Slot(branch, "branch", tag) for tag, branch in rules.get("choices", {}).items()]
    return []


def inline_selector(node: Node) -> str | None:
    """The selector of an inline choice (core, "choice": with `$extends`), whose value names
    the branch; None for a tagged choice (one member, named after the branch)."""
    selector = node.rules.get("selector")
    return selector if isinstance(selector, str) and "$extends" in node.rules else None


def is_object(placed: tuple[Any, str]) -> bool:
    return isinstance(placed[0], dict)


def selected(selector: str, tag: str) -> Callable[[Any], Any]:
    """A valid (or placed) inline-choice value with its selector set to `tag`."""

    def select(value: Any) -> Any:
        if isinstance(value, tuple):
            return ({**value[0], selector: tag}, value[1])
        return {**value, selector: tag}

    return select


def tagged(tag: str) -> Callable[[tuple[Any, str]], tuple[Any, str]]:
    return lambda placed: ({tag: placed[0]}, pointer_join("", tag) + placed[1])


def put_member(name: str) -> Callable[[Any, tuple[Any, str]], tuple[Any, str]]:
    def put(valid: Any, placed: tuple[Any, str]) -> tuple[Any, str]:
        value, rel = placed
        return {**valid, name: value}, pointer_join("", name) + rel

    return put


def put_item(index: int) -> Callable[[Any, tuple[Any, str]], tuple[Any, str]]:
    def put(valid: Any, placed: tuple[Any, str]) -> tuple[Any, str]:
        value, rel = placed
        out = list(valid)
        out[index] = value
        return out, pointer_join("", index) + rel

    return put
