"""The sweep: every listed mutant of a category (`mutants.Fixed`, `mutants.Swept`) once per
kind of node and slot, each placed in the plain valid value of its containers, so that the
wrong forms a mutator lists are tried whatever a set's few random draws reach. `core` keeps
one swept mutant per key and only those the reference confirms."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .._generation.mutants import MUTATORS, own
from .._generation.options import Enums, Fixed, Swept, plain
from .._generation.slots import (
    ALONE,
    Reach,
    Slot,
    inline_selector,
    put_item,
    put_member,
    selected,
    slots,
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


#: A mutant with the JSON Pointer of its offending value.
Placed = tuple[Any, str]
#: One swept mutant: (instance, pointer of the offending value, what it is alike by).
Edge = tuple[Any, str, tuple[str, str, str]]


def node_edges(
    node: Node, category: str, enums: Enums, place: str = "", reach: Reach = ALONE
) -> list[Edge]:
    """The sweep of a node for one category: every `Fixed` and `Swept` mutant of it and of
    its descendants, each placed in the plain valid value of its containers, with the
    pointer of the offending value and its key: the kind of node and place, and the value
    (as `Fixed.alike` sees it). Keeping one mutant per key (`core._sweep`) sweeps each listed
    wrong form into each kind of slot once.

    Random draws place a few mutants at a few of a definition's slots; the sweep makes sure
    every wrong form a mutator lists is tried where a validator may check it differently."""
    mutator = MUTATORS[category]
    if mutator is None or node.abstract:
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
        out += _nested_edges(node, category, enums, reach)
    return out


def _itself(value: Any) -> Any:
    return value


def _nested_edges(node: Node, category: str, enums: Enums, reach: Reach) -> list[Edge]:
    """The sweep of a node's children (`slots.slots`), each placed in the node's plain
    valid value (a pattern member is left to the drawn mutants: its name is drawn)."""
    around = [slot for slot in slots(node) if slot.place != "pattern"]
    valid = plain(node) if any(slot.place != "branch" for slot in around) else None
    out: list[Edge] = []
    deep: set[tuple[str, str]] = set()
    for slot in around:
        below = reach.into(slot.child)
        edges = [] if below is None else node_edges(slot.child, category, enums, slot.place, below)
        for value, rel, key in edges:
            placed = _placed(node, slot, valid, (value, rel))
            if placed is not None:
                out.append((*placed, key))
            if slot.place == "item" and (key[0], key[1]) not in deep:
                # once per kind of wrong item, the same behind valid items too
                behind = _behind(node, slot.child, (value, rel))
                if behind is not None:
                    deep.add((key[0], key[1]))
                    out.append((*behind, (key[0] + "/behind", key[1], key[2])))
    return out


#: Where a swept item mutant stands a second time: behind this many valid items, so a
#: validator that checks only the first few items of an array is caught whatever the draws.
BEHIND = 3


def _behind(node: Node, item: Node, mutant: tuple[Any, str]) -> Placed | None:
    """A swept item mutant behind `BEHIND` copies of the item's plain value; None where the
    array cannot hold them (unique items, a count bound in the way)."""
    if node.spec.family == "set" or node.rules.get("uniqueItems") is True:
        return None
    count = max(BEHIND + 1, node.rules.get("minItems", 0))
    if count > node.rules.get("maxItems", count):
        return None
    items = [plain(item) for _ in range(count)]
    items[BEHIND] = mutant[0]
    return items, pointer_join("", BEHIND) + mutant[1]


def _placed(node: Node, slot: Slot, valid: Any, mutant: tuple[Any, str]) -> Placed | None:
    """A swept mutant in its slot of the node's plain value; None where it cannot stand."""
    place = slot.place
    if place == "branch":
        selector = inline_selector(node)
        if selector is None:
            return tagged(slot.key)(mutant)
        return selected(selector, slot.key)(mutant) if isinstance(mutant[0], dict) else None
    if place == "item":
        items = list(valid) if isinstance(valid, list) and valid else [None]
        items[0] = mutant[0]
        return items, pointer_join("", 0) + mutant[1]
    if place == "element":
        width = len(slots(node))
        fits = isinstance(valid, list) and len(valid) == width
        return put_item(slot.key)(valid, mutant) if fits else None
    if not isinstance(valid, dict):
        return None
    if place == "member":
        name = slot.key
    elif place == "additional":
        name = next(n for n in ("extra", "extra_", "zz9") if n not in node.properties)
    else:  # a map's value, at a name its keyNames admit
        names = node.rules.get("keyNames")
        name = plain(names) if isinstance(names, Node) else "k"
        if not isinstance(name, str):
            return None
    return put_member(name)(valid, mutant)
