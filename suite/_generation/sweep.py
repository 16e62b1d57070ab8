"""The sweep: every listed mutant of a category (`mutants.Fixed`, `mutants.Swept`) once per
kind of node and slot, each placed in the plain valid value of its containers, so that the
wrong forms a mutator lists are tried whatever a set's few random draws reach. `core` keeps
one swept mutant per key and only those the reference confirms."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .._generation.mutants import MUTATORS, own
from .._generation.options import (
    Enums,
    Fixed,
    Swept,
    plain,
    put_item,
    put_member,
    selected,
    tagged,
)
from .._io.pointer import pointer_join
from .._model.structure import Node

#: Keywords that say nothing about which values a node admits.
_NOTES = frozenset({"description", "examples", "name", "default"})


#: Categories whose mutants of a node depend on its type alone, not on its other rules.
_BY_TYPE = frozenset({"type"})


def _signature(node: Node, category: str, place: str) -> str:
    """What a node's mutants of a category depend on: its type and rules (sub-schemas by
    their pointer; the type alone for `_BY_TYPE`), and the kind of place it stands in (a
    member, an item, a map value, a choice branch), so a wrong value is swept once per kind
    of node and place, not once per member."""
    rules = {k: v for k, v in node.rules.items() if k not in _NOTES}
    if category in _BY_TYPE:
        rules = {"choices": sorted(rules.get("choices", {}))}
    return json.dumps(
        [place, node.type, rules],
        sort_keys=True,
        default=lambda o: o.pointer if isinstance(o, Node) else repr(o),
    )


#: One swept mutant: (instance, pointer of the offending value, what it is alike by).
Edge = tuple[Any, str, tuple[str, str, str]]


def node_edges(
    node: Node, category: str, enums: Enums, place: str = "", depth: int = 0
) -> list[Edge]:
    """The sweep of a node for one category: every `Fixed` and `Swept` mutant of it and of
    its descendants, each placed in the plain valid value of its containers, with the
    pointer of the offending value and its key: the kind of node and place, and the value
    (as `Fixed.alike` sees it). Keeping one mutant per key (`core._sweep`) sweeps each listed
    wrong form into each kind of slot once.

    Random draws place a few mutants at a few of a definition's slots; the sweep makes sure
    every wrong form a mutator lists is tried where a validator may check it differently."""
    mutator = MUTATORS[category]
    if mutator is None or node.abstract or depth > 12:
        return []
    out: list[Edge] = []
    signature = _signature(node, category, place)
    for option in mutator(node, enums) if own(node, category) else []:
        alike: Callable[[Any], Any] = _itself
        if isinstance(option, Fixed):
            listed: list[Any] | tuple[Any, ...] = option.values
            alike = option.alike or alike
        elif isinstance(option, Swept):
            listed = option.make()
        else:
            continue
        for value in listed:
            seen = json.dumps(alike(value), sort_keys=True, default=repr)
            out.append((value, option.path, (signature, option.path, seen)))
    if not node.union:
        out += _nested_edges(node, category, enums, depth)
    return out


def _itself(value: Any) -> Any:
    return value


def _nested_edges(node: Node, category: str, enums: Enums, depth: int) -> list[Edge]:
    """The sweep of a node's children, each placed in the node's plain valid value."""
    family = node.spec.family

    def inner(child: Node, place: str) -> list[Edge]:
        return node_edges(child, category, enums, place, depth + 1)

    def member(name: str, valid: Any, edge: Edge) -> Edge:
        value, rel = put_member(name)(valid, (edge[0], edge[1]))
        return value, rel, edge[2]

    out: list[Edge] = []
    if family == "object":
        valid = plain(node)
        if not isinstance(valid, dict):
            return out
        for name, child in node.properties.items():
            out += [member(name, valid, e) for e in inner(child, "member")]
        extra = node.additional_properties
        if isinstance(extra, Node):
            name = next(n for n in ("extra", "extra_", "zz9") if n not in node.properties)
            out += [member(name, valid, e) for e in inner(extra, "additional")]
    elif family in ("array", "set") and node.items is not None:
        valid = plain(node)
        for value, rel, key in inner(node.items, "item"):
            items = list(valid) if isinstance(valid, list) and valid else [None]
            items[0] = value
            out.append((items, pointer_join("", 0) + rel, key))
    elif family == "tuple":
        valid = plain(node)
        order = [n for n in node.rules.get("tuple", ()) if n in node.properties]
        if isinstance(valid, list) and len(valid) == len(order):
            for index, name in enumerate(order):
                for value, rel, key in inner(node.properties[name], "element"):
                    placed = put_item(index)(valid, (value, rel))
                    out.append((*placed, key))
    elif family == "map" and isinstance(node.rules.get("values"), Node):
        valid = plain(node)
        names = node.rules.get("keyNames")
        name = plain(names) if isinstance(names, Node) else "k"
        if isinstance(valid, dict) and isinstance(name, str):
            out += [member(name, valid, e) for e in inner(node.rules["values"], "value")]
    elif family == "choice":
        selector = node.rules.get("selector")
        inline = isinstance(selector, str) and "$extends" in node.rules
        for tag, branch in node.rules.get("choices", {}).items():
            for value, rel, key in inner(branch, "branch"):
                if inline and isinstance(value, dict):
                    out.append((*selected(str(selector), tag)((value, rel)), key))
                elif not inline:
                    out.append((*tagged(tag)((value, rel)), key))
    return out
