"""Generation: valid instances and labelled invalid mutants, from the structure model.

Strategies are composed from small pieces, one per type, so Hypothesis can shrink a failing
instance to a minimal one. Nothing here names a definition: an edited structure gets its own
strategies.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis import strategies as st
from hypothesis.errors import FailedHealthCheck, Flaky, NoSuchExample, Unsatisfiable

from .._generation import blame as _blame
from .._generation import mutants as _mutate
from .._generation import typed as _types
from .._generation.draw import (
    REPLAY_KEY,
    Enough,
    as_the_suite,
    draw_examples,
    draw_replayable,
    hypothesis_random,
    replay_database,
    sub_seed,
)
from .._generation.samples import NEAR_MISSES
from .._io.pointer import pointer_join, pointer_tokens
from .._model.cases import Case
from .._model.categories import ALL, seed_key
from .._model.profiles import PROFILE_COUNTS as PROFILE_COUNTS
from .._model.reference import validate_node
from .._model.structure import Node, Structure

JSON = Any
Strategy = st.SearchStrategy[Any]


#: Strings that break naive validators: empty, long, non-ASCII, control characters.
SPECIAL_STRINGS = ("", " ", "x" * 65, "x" * 1000, "é", "ジョブ", "🚀", "\u0000", "\n\t", "null")

# --- valid values, one small strategy per type ---------------------------------------------


def integer_values(node: Node) -> Strategy:
    """Integers carried as JSON numbers, leaning on the ends of what the node admits."""
    low, high = node.bounds()
    step = node.rules.get("multipleOf")
    if step is not None:
        return _multiples(node, low, high, step)
    edges = sorted(v for v in {low, low + 1, high, high - 1, 0, 1, -1} if low <= v <= high)
    return st.one_of(st.sampled_from(edges), st.integers(low, high))


def _multiples(node: Node, low: int, high: int, step: Any) -> Strategy:
    """Integers that are multiples of `multipleOf`, at and between the first and last."""
    if step <= 0:
        return st.nothing()
    if step != int(step):
        return st.integers(low, high).filter(lambda v: _admits(node, v))
    step = int(step)
    first, last = -(-low // step), high // step
    if first > last:
        return st.nothing()
    edges = sorted({first, last, min(first + 1, last), max(last - 1, first)})
    return st.one_of(st.sampled_from(edges), st.integers(first, last)).map(lambda k: k * step)


def strings() -> Strategy:
    return st.one_of(st.text(max_size=12), st.sampled_from(SPECIAL_STRINGS), long_strings())


def long_strings() -> Strategy:
    """64 to 300 characters, any of Unicode, made by repeating a short random piece.

    Hypothesis draws a string character by character, so 300 independent characters cost
    300 choices; what a long string tests is length handling, which a repeated piece tests
    as well at a few dozen choices (generation is about 15% faster).
    """
    return st.builds(
        _stretch,
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=16),
        st.integers(min_value=64, max_value=300),
    )


def _stretch(piece: str, length: int) -> str:
    return (piece * (length // len(piece) + 1))[:length]


#: Any JSON value, small; one definition, in the per-family generators' module.
json_values = _types.json_values


def unknown_names(node: Node) -> Strategy:
    return st.text(min_size=1, max_size=12).filter(lambda name: name not in node.properties)


def values(node: Node, focus: str | None = None) -> Strategy:
    """Valid values of a node; `focus` leans generation towards one category's edge cases."""
    if not _types.seed_node(node):
        drawn = _registry_values(node, focus)
        return st.one_of(st.just(node.default), drawn) if _types.sound_default(node) else drawn
    if node.enum is not None:
        members = _types.sound_enum(node)
        return st.sampled_from(members) if members else st.nothing()
    if "const" in node.rules:
        return st.just(node.rules["const"]).map(copy.deepcopy)
    base: Strategy
    family = node.spec.family
    if family == "integer":
        base = integer_values(node)
    elif node.type == "string" and not set(node.rules) & _STRING_RULES:
        base = strings()
    elif node.type == "boolean":
        base = st.booleans()
    elif node.type == "null":
        base = st.none()
    elif node.type == "number" and not set(node.rules) & _NUMBER_RULES:
        base = st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False))
    elif node.type == "array" and node.items is not None and not set(node.rules) & _ARRAY_RULES:
        item = values(node.items, focus)
        base = st.one_of(
            st.just([]), st.lists(item, max_size=4), st.lists(item, min_size=11, max_size=40)
        )
    elif node.type == "object" and not set(node.rules) & _OBJECT_RULES:
        base = objects(node, focus)
    else:  # (unreachable for seed-shaped nodes; kept for safety)
        base = _registry_values(node, focus).filter(lambda v: _admits(node, v))
    if _types.sound_default(node):
        base = st.one_of(st.just(node.default), base)
    return base


def _one_alternative(node: Node, chosen: tuple[str, ...]) -> Node:
    """The object with one alternative set of required members (core, "required": exactly
    one set matches): that set required, the members only other sets name left out."""
    others = {n for s in node.rules["required"] for n in s} - set(chosen)
    kept = {name: child for name, child in node.properties.items() if name not in others}
    rules = {**node.rules, "required": chosen, "properties": kept}
    return replace(node, properties=kept, rules=rules)


#: Keywords beyond the seed's: a node using one is drawn from the registry's values and
#: checked by the reference (the seed's nodes draw exactly as they always have).
_STRING_RULES = frozenset({"minLength", "maxLength", "pattern", "format", "const"})
_NUMBER_RULES = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "const"}
)
_ARRAY_RULES = frozenset({"minItems", "maxItems", "uniqueItems", "contains"})
_OBJECT_RULES = frozenset(
    {
        "additionalProperties",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "patternProperties",
        "propertyNames",
        "has",
        "$extends",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
    }
)


def _admits(node: Node, value: Any) -> bool:
    return not any(True for _ in validate_node(node, value))


def _ctx(enums: tuple[JSON, ...] = ()) -> _types.Ctx:
    return _types.Ctx(values, objects, lambda n: _near_misses(n, enums), plain, _example)


def plain(node: Node) -> Any:
    """The least remarkable valid value of a node beyond the seed's shape (`_blame.plain`)."""
    return _blame.plain(node, lambda n: _example(values(n)))


def _example(strategy: Strategy) -> Any:
    """The first example a strategy draws for seed 0 (a fixed one, for the sweep)."""
    drawn = draw_examples(strategy, 1, 0)
    if not drawn:
        raise ValueError("no example could be drawn")
    return drawn[0]


def _registry_values(node: Node, focus: str | None) -> Strategy:
    """Values for the types and keywords beyond the seed's, from the per-family generators
    of `_generate_types` (leaning on each category's edges)."""
    return _types.type_values(node, focus, _ctx())


def objects(node: Node, focus: str | None = None) -> Strategy:
    sets = node.rules.get("required", ())
    if sets and isinstance(sets[0], tuple):
        return st.one_of([objects(_one_alternative(node, chosen), focus) for chosen in sets])
    member = values if _types.seed_shaped(node) else _member
    required = {
        name: member(node.properties[name], focus) if name in node.properties else json_values()
        for name in node.required
    }
    optional = {
        name: member(child, focus)
        for name, child in node.properties.items()
        if name not in node.required and not (focus == "defaults" and child.has_default)
    }
    if focus == "required":
        optional = {}
    strategy = st.fixed_dictionaries(required, optional=optional)
    if focus == "defaults":
        defaulted = {
            name: st.just(child.default)
            for name, child in node.properties.items()
            if _types.sound_default(child) and name not in node.required
        }
        strategy = st.builds(
            lambda base, explicit: {**base, **explicit},
            strategy,
            st.fixed_dictionaries({}, optional=defaulted),
        )
    if focus == "unknown-properties" and node.additional_properties is None:
        strategy = st.builds(
            lambda base, extra: {**extra, **base},
            strategy,
            st.dictionaries(unknown_names(node), json_values(3), min_size=1, max_size=3),
        )
    return strategy


def _member(child: Node, focus: str | None) -> Strategy:
    return _types.part(child, focus, _ctx())


def _focus_applies(node: Node, focus: str) -> bool:
    if focus == "integer-lexical":
        return False  # its valid side is every integer literal, drawn by `range` and `type`
    if not _types.seed_shaped(node):
        return _types.focus_applies(node, focus)
    nodes = [n for _, n in node.walk()]
    return {
        "type": True,
        "required": bool(node.required),
        "enum": any(n.enum is not None for n in nodes),
        "minimum": any(n.minimum is not None for n in nodes),
        "range": any(n.spec.family == "integer" for n in nodes),
        "defaults": any(n.has_default for n in nodes),
        "unknown-properties": node.type == "object" and node.additional_properties is None,
        "integer-lexical": any(n.spec.family == "integer" for n in nodes),
    }.get(focus, False)


#: Valid focus categories: the seed's first, in their old order (it fixes the order of the
#: generated cases), then every other category of the table, in the table's order.
_SEED_VALID_FOCUS = (
    "type",
    "required",
    "enum",
    "minimum",
    "range",
    "defaults",
    "unknown-properties",
)
VALID_FOCUS = _SEED_VALID_FOCUS + tuple(c for c in ALL if c not in _SEED_VALID_FOCUS)


#: Focus categories whose valid instances are not made to contain the nodes they concern:
#: `required` and `defaults` are about leaving optional members out.
_NOT_FORCED = frozenset({"type", "required", "defaults", "unknown-properties"})


def valid(node: Node, focus: str = "type") -> Strategy:
    if not _types.seed_shaped(node):
        wanted = _types.EXERCISES.get(focus)
        shaped = node
        if wanted is not None and focus not in _NOT_FORCED:
            shaped = _present(node, wanted)
        return values(shaped, focus).filter(lambda v: _admits(node, v))
    if focus == "range":
        return values(_int32_at_edges(node))
    if focus == "minimum":
        return values(_at_minimum(node))
    if focus == "enum":
        return values(_present(node, lambda n: n.enum is not None))
    return values(node, focus)


def _rebuild(node: Node, change: Callable[[Node], Node]) -> Node:
    properties = {name: _rebuild(child, change) for name, child in node.properties.items()}
    items = _rebuild(node.items, change) if node.items is not None else None
    rules = {**node.rules, "properties": properties} if "properties" in node.rules else node.rules
    if items is not None:
        rules = {**rules, "items": items}
    return change(replace(node, properties=properties, items=items, rules=rules))


def _int32_at_edges(node: Node) -> Node:
    """The same node, but int32 values only at their bounds (and every int32 property kept)."""

    def change(n: Node) -> Node:
        if n.spec.family == "integer":
            low, high = n.bounds()
            return _edges_only(n, (low, high))
        return n

    return _present(_rebuild(node, change), lambda n: n.spec.family == "integer")


def _at_minimum(node: Node) -> Node:
    def change(n: Node) -> Node:
        if n.minimum is not None and n.spec.family == "integer":
            low = n.bounds()[0]
            return _edges_only(n, (low, low + 1))
        return n

    return _present(_rebuild(node, change), lambda n: n.minimum is not None)


def _edges_only(node: Node, edges: tuple[int, int]) -> Node:
    """The node narrowed to the edge values its other rules admit (a `multipleOf` may
    exclude the value next to a bound); unchanged when none is admitted."""
    kept = tuple(v for v in edges if _admits(node, v))
    return node.having(enum=kept) if kept else node


def _present(node: Node, wanted: Callable[[Node], bool]) -> Node:
    """Make the properties leading to wanted nodes required, so the focus is exercised."""

    def leads(n: Node) -> bool:
        return any(wanted(m) for _, m in n.walk())

    def change(n: Node) -> Node:
        if n.type != "object":
            return n
        sets = n.rules.get("required", ())
        if sets and isinstance(sets[0], tuple):
            # alternative sets stay alternatives: what leads to the focus joins each of them
            named = {name for group in sets for name in group}
            extra = tuple(
                name for name, c in n.properties.items() if leads(c) and name not in named
            )
            return n.having(required=tuple(tuple(group) + extra for group in sets))
        keep = tuple(n.required) + tuple(
            name for name, c in n.properties.items() if leads(c) and name not in n.required
        )
        return n.having(required=keep)

    return _rebuild(node, change)


# --- invalid mutants --------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    """An invalid instance with the rule it breaks and where."""

    instance: JSON
    category: str
    path: str


WRONG_TYPES: dict[str, tuple[JSON, ...]] = {
    "string": (0, 42, True, None, [], ["x"], {}, {"value": "x"}),
    "int32": (True, False, 1.5, -0.5, "5", "", None, [], [5], {}),
    "boolean": ("true", "false", 0, 1, None, [], {}),
    "number": (True, "1", None, [], {}),
    "null": (0, False, "", [], {}),
    "array": ("x", 0, True, None, {}, {"0": "x"}),
    "object": ("x", 0, True, None, [], [{}]),
}

ROOT_WRONG: tuple[JSON, ...] = (None, True, 0, 42, "x", [], [{}])


def _slots(node: Node) -> list[tuple[tuple[str, ...], Node]]:
    """Every place below the root where a value can stand, as instance path tokens."""
    out = []
    for path, child in node.walk():
        if path:
            tokens = tuple(pointer_tokens(path))
            out.append((tokens, child))
    return out


def _place(
    node: Node, instance: JSON, tokens: tuple[str, ...], value: JSON, index: int, pad: list[JSON]
) -> str:
    """Put value at tokens, creating optional parents as needed; returns the real pointer.

    An array item is placed after `pad` (valid items), so it can stand at any index.
    """
    pointer = ""
    current, here = instance, node
    for depth, token in enumerate(tokens):
        last = depth == len(tokens) - 1
        if here.spec.family in ("array", "set"):
            assert isinstance(current, list) and here.items is not None
            if last:
                current[:] = [*pad, value]
                return pointer_join(pointer, len(pad))
            position = index % (len(current) + 1)
            if position == len(current):
                current.append([] if here.items.spec.base == "array" else {})
            pointer = pointer_join(pointer, position)
            current, here = current[position], here.items
        else:
            assert isinstance(current, dict)
            child = here.properties[token]
            if last:
                current[token] = value
                return pointer_join(pointer, token)
            if not isinstance(current.get(token), dict | list):
                current[token] = [] if child.spec.base == "array" else {}
            pointer = pointer_join(pointer, token)
            current, here = current[token], child
    return pointer


def _near_misses(node: Node, structure_enums: tuple[JSON, ...]) -> Strategy:
    assert node.enum is not None
    strings_in = [v for v in node.enum if isinstance(v, str)]
    foreign = [v for v in structure_enums if not any(v == e for e in node.enum)]
    options: list[Strategy] = []
    if strings_in:
        base = st.sampled_from(strings_in)
        options += [*(base.map(miss) for miss in NEAR_MISSES), st.just("")]
    if foreign:
        options.append(st.sampled_from(foreign))
    options.append(st.text(max_size=10))
    return st.one_of(options)


def _mutation_values(node: Node, category: str, enums: tuple[JSON, ...]) -> Strategy | None:
    if category == "type":
        wrong = WRONG_TYPES.get(node.type)
        return st.sampled_from(wrong) if wrong else None
    if category == "enum" and node.enum is not None:
        return _near_misses(node, enums)
    spec = node.spec
    if spec.family != "integer":
        return None  # other types' mutants: issue 13
    assert spec.low is not None and spec.high is not None
    if category == "minimum" and node.minimum is not None:
        low = node.bounds()[0]
        if low - 1 < spec.low:
            return None
        return st.one_of(
            st.just(low - 1),
            st.integers(max(spec.low, low - 1000), low - 1),
            st.just(max(spec.low, low - 2**30)),
        )
    if category == "range" and ({"maximum", "exclusiveMaximum"} & set(node.rules)):
        # a declared maximum is broken too by any value past the type's top: only the
        # bottom can be out of range alone, and only where no minimum is declared either
        if node.minimum is not None or "exclusiveMinimum" in node.rules:
            return None
        low = int(spec.low)
        return st.one_of(st.just(low - 1), st.integers(-(2**64), low - 1))
    if category == "range":
        high, low = int(spec.high), int(spec.low)
        return st.one_of(
            st.sampled_from((high + 1, low - 1, 2**40, -(2**40), 2**53, 2**63)),
            st.integers(high + 1, 2**64),
            st.integers(-(2**64), low - 1),
        )
    if category == "integer-lexical":
        low, high = node.bounds()
        return st.integers(low, min(high, low + 10**6)).map(float)
    return None


_SEED_INVALID = ("required", "enum", "minimum", "type", "range", "integer-lexical")
#: Mutant categories: the seed's first, in their old order, then the rest of the table.
INVALID_CATEGORIES = _SEED_INVALID + tuple(c for c in ALL if c not in _SEED_INVALID)


_ENUMS: dict[int, tuple[Structure, tuple[JSON, ...]]] = {}


def _all_enum_values(structure: Structure) -> tuple[JSON, ...]:
    """Every enum value of the structure, each once, in the order first met.

    Kept per structure: planning asks for them once per (definition, category), and a walk
    each time made planning quadratic in the number of definitions. Values are told apart
    as `==` tells them (`_equal_key`) by a dictionary, so collecting them is linear too."""
    hit = _ENUMS.get(id(structure))
    if hit is not None and hit[0] is structure:
        return hit[1]
    seen: dict[str, JSON] = {}
    for definition in structure.targets.values():
        for _, n in definition.walk():
            for v in n.enum or ():
                seen.setdefault(_equal_key(v), v)
    found = _ENUMS[id(structure)] = (structure, tuple(seen.values()))
    return found[1]


def _equal_key(value: JSON) -> str:
    """The same text for JSON values Python holds equal (`True == 1 == 1.0`, members in any
    order), so a dictionary dedupes them as a list's `in` did."""
    return json.dumps(_plain_number(value), sort_keys=True)


def _plain_number(value: JSON) -> JSON:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list | tuple):
        return [_plain_number(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_number(v) for k, v in value.items()}
    return value


_MUTANTS: dict[tuple[int, str, str], tuple[Structure, Strategy | None]] = {}


def _mutants_of(structure: Structure, definition: str, category: str) -> Strategy | None:
    """A definition's mutants of one category, built once per structure: planning asks
    whether there are any (`applicable`) and drawing then uses the same strategy, where each
    built it anew (a build draws the pools of any part it has not met)."""
    key = (id(structure), definition, category)
    hit = _MUTANTS.get(key)
    if hit is not None and hit[0] is structure:
        return hit[1]
    node = structure.definition(definition)
    built = _mutants_for(node, category, _all_enum_values(structure))
    if built is not None:
        built = built.filter(lambda m: _label_holds(node, m))
    _MUTANTS[key] = (structure, built)
    return built


def mutants(structure: Structure, definition: str, category: str | None = None) -> Strategy:
    """Labelled invalid instances; each label is confirmed by the reference validator."""
    categories = [category] if category else list(INVALID_CATEGORIES)
    options = [s for c in categories if (s := _mutants_of(structure, definition, c)) is not None]
    if not options:
        raise ValueError(f"no {category or 'invalid'} mutants exist for {definition}")
    return options[0] if len(options) == 1 else st.one_of(options)


def _mutants_for(node: Node, category: str, enums: tuple[JSON, ...]) -> Strategy | None:
    if not _types.seed_shaped(node):
        ctx = _ctx(enums)
        placed = _mutate.node_mutants(node, category, ctx)
        if placed is None:
            return None
        return placed.map(lambda p: Mutant(p[0], category, p[1]))
    base = values(node)
    if category == "required":
        if not node.required:
            return None

        @st.composite
        def drop(draw: st.DrawFn) -> Mutant:
            instance = draw(base)
            names = draw(st.lists(st.sampled_from(node.required), min_size=1, unique=True))
            for name in names:
                instance.pop(name, None)
            first = next(n for n in node.required if n in names)
            return Mutant(instance, "required", pointer_join("", first))

        return drop()
    if category == "type" and node.type in WRONG_TYPES:
        root = st.sampled_from(ROOT_WRONG).map(lambda v: Mutant(v, "type", ""))
    else:
        root = None
    slots = [
        (tokens, child, values_)
        for tokens, child in _slots(node)
        if (values_ := _mutation_values(child, category, enums)) is not None
    ]
    if not slots:
        return root

    # Nested places (array items, members of nested objects) are drawn half of the time, so
    # that the few of them are not drowned by the many top-level properties.
    top = [slot for slot in slots if len(slot[0]) == 1]
    nested = [slot for slot in slots if len(slot[0]) > 1]
    choose = st.one_of([st.sampled_from(group) for group in (top, nested) if group])

    @st.composite
    def mutate(draw: st.DrawFn) -> Mutant:
        # a copy: drawn values may be shared (`st.just([])`), and placing mutates in place
        instance = copy.deepcopy(draw(base))
        tokens, child, wrong = draw(choose)
        value = draw(wrong)
        index = draw(st.integers(0, 40))
        pad = draw(st.lists(values(child), max_size=12)) if tokens[-1].isdigit() else []
        path = _place(node, instance, tokens, value, index, pad)
        return Mutant(instance, category, path)

    return mutate() if root is None else st.one_of(mutate(), root)


def has_mutants(structure: Structure, definition: str, category: str) -> bool:
    return _mutants_of(structure, definition, category) is not None


def _label_holds(node: Node, mutant: Mutant) -> bool:
    """Every violation is of the labelled category and one is at the labelled path."""
    found = list(validate_node(node, mutant.instance))
    return (
        bool(found)
        and all(v.category == mutant.category for v in found)
        and any(v.path == mutant.path for v in found)
    )


def applicable(structure: Structure, definition: str) -> Iterator[tuple[str, bool]]:
    """The (category, valid?) pairs that generation covers for a definition."""
    node = structure.definition(definition)
    for focus in VALID_FOCUS:
        if _focus_applies(node, focus):
            yield focus, True
    for category in INVALID_CATEGORIES:
        if _mutants_of(structure, definition, category) is not None:
            yield category, False


def generate_cases(structure: Structure, profile: str, seed_: int, jobs: int = 1) -> list[Case]:
    """The generated cases of a run: drawn once, replayed to every validator.

    Each (definition, category, verdict) set has its own seed, so sets can be drawn in any
    order and in any process: `jobs` > 1 draws them in that many processes, with the same
    cases as one process draws.
    """
    count = PROFILE_COUNTS[profile]
    sets = [
        (definition, category, is_valid)
        for definition in structure.targets
        for category, is_valid in applicable(structure, definition)
    ]
    if jobs > 1 and len(sets) > 1:
        drawn = _draw_in_processes(structure, sets, count, seed_, jobs)
    else:
        drawn = [draw_set(structure, one, count, seed_) for one in sets]
    return [
        _case(definition, category, is_valid, n, example, seed_, replay)
        for (definition, category, is_valid), examples in zip(sets, drawn, strict=True)
        for n, (example, replay) in enumerate(examples)
    ]


Set = tuple[str, str, bool]


def default_jobs(profile: str) -> int:
    """Processes that draw a profile's sets: a helper costs about half a second to start,
    more than `quick` takes to draw in one process."""
    return 1 if profile == "quick" else max(1, min(os.cpu_count() or 1, 4))


def draw_set(structure: Structure, one: Set, count: int, seed_: int) -> list[tuple[Any, str]]:
    """One set's examples, the same in any process (a helper's work too, `_draw_worker`)."""
    definition, category, is_valid = one
    s = sub_seed(seed_, definition, seed_key(category), "valid" if is_valid else "invalid")
    node = structure.definition(definition)
    strategy = valid(node, category) if is_valid else mutants(structure, definition, category)
    try:
        drawn = draw_replayable(strategy, count, s, identity=_instance_of)
    except (Unsatisfiable, FailedHealthCheck) as error:
        # the rule stays uncertified for this definition; say so rather than end the run
        warnings.warn(
            f"no {'valid' if is_valid else category} instances could be drawn for "
            f"{definition}: {type(error).__name__}",
            stacklevel=2,
        )
        drawn = []
    if not is_valid:
        drawn += _swept(structure, definition, category, drawn)
    return drawn


def _swept(
    structure: Structure, definition: str, category: str, drawn: list[tuple[Any, str]]
) -> list[tuple[Any, str]]:
    """The sweep's share of a set (`_sweep`), after its drawn mutants: those no drawn
    mutant already is, each a copy of its own (the sweep is kept per structure, and its
    instances share plain values). No replay: a swept mutant is already small, and the
    shrinker searches its set's strategy for a smaller one."""
    keys = {json.dumps(_instance_of(example), sort_keys=True) for example, _ in drawn}
    return [
        (replace(m, instance=copy.deepcopy(m.instance)), "")
        for m in _sweep(structure, category).get(definition, [])
        if json.dumps(m.instance, sort_keys=True) not in keys
    ]


_SWEEPS: dict[tuple[int, str], tuple[Structure, dict[str, list[Mutant]]]] = {}


def _sweep(structure: Structure, category: str) -> dict[str, list[Mutant]]:
    """The swept mutants of a category (`_mutate_types.node_edges`) by definition, each
    wrong form in each kind of slot once across the structure (definitions in order: a
    member every job inherits is swept in the first), kept where the reference confirms
    the label. Nodes of the seed's shape have none, so the seed's cases stay as they were."""
    hit = _SWEEPS.get((id(structure), category))
    if hit is not None and hit[0] is structure:
        return hit[1]
    ctx = _ctx(_all_enum_values(structure))
    seen: set[tuple[str, str, str]] = set()
    found: dict[str, list[Mutant]] = {}
    with as_the_suite():
        for name, node in structure.targets.items():
            if _types.seed_shaped(node):
                continue
            kept = found.setdefault(name, [])
            try:
                edges = _mutate.node_edges(node, category, ctx)
            except (ValueError, Unsatisfiable, FailedHealthCheck) as error:
                # a node with no valid value to stand in: the drawn mutants stay, unswept
                warnings.warn(f"no {category} sweep for {name}: {error!r:.80}", stacklevel=2)
                continue
            for instance, path, key in edges:
                mutant = Mutant(instance, category, path)
                if key not in seen and _label_holds(node, mutant):
                    seen.add(key)
                    kept.append(mutant)
    _SWEEPS[(id(structure), category)] = (structure, found)
    return found


def _instance_of(example: Any) -> Any:
    return example.instance if isinstance(example, Mutant) else example


def _draw_in_processes(
    structure: Structure, sets: list[Set], count: int, seed_: int, jobs: int
) -> list[list[tuple[Any, str]]]:
    """This process and `jobs - 1` helper interpreters draw the sets, each taking the next
    one as it finishes the last: this process from the front of the list, the helpers from
    the back. (Fixed shares left one process idle for seconds on a structure whose sets
    differ in cost, and a helper starts half a second late.)

    Helpers are plain subprocesses (`_draw_worker`), not `multiprocessing`: that would
    re-import the user's main script in each child, or fork a process that may run threads.
    A thread per helper only passes sets and their examples through pipes. A helper that
    fails costs time, not cases: the set it had in hand is drawn here.
    """
    drawn: list[list[tuple[Any, str]] | None] = [None] * len(sets)
    queue = _Queue(len(sets))
    helpers = [_Helper(structure, count, seed_) for _ in range(jobs - 1)]
    feeders = [
        threading.Thread(target=helper.serve, args=(sets, queue, drawn), daemon=True)
        for helper in helpers
    ]
    for feeder in feeders:
        feeder.start()
    while (i := queue.take(front=True)) is not None:
        drawn[i] = draw_set(structure, sets[i], count, seed_)
    for feeder, helper in zip(feeders, helpers, strict=True):
        feeder.join()
        if helper.failure:
            warnings.warn(f"{helper.failure}; drawing its sets in this process", stacklevel=2)
    return [
        one if one is not None else draw_set(structure, sets[i], count, seed_)
        for i, one in enumerate(drawn)
    ]


class _Queue:
    """The indices of the sets not yet taken, taken from either end under a lock."""

    def __init__(self, size: int) -> None:
        self._low, self._high = 0, size
        self._lock = threading.Lock()

    def take(self, front: bool) -> int | None:
        with self._lock:
            if self._low >= self._high:
                return None
            if front:
                self._low += 1
                return self._low - 1
            self._high -= 1
            return self._high


class _Helper:
    """One helper interpreter, started at once: it loads the structure while this process
    starts drawing, then draws the sets `serve` passes it, one at a time."""

    def __init__(self, structure: Structure, count: int, seed_: int) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in serve())
        self._process: subprocess.Popen[bytes] | None = None
        self.failure = ""
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "neptune_ml_conformance._generation.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as error:
            self.failure = f"a generation helper could not start: {error}"
            return
        with contextlib.suppress(OSError):  # it died on start: serve() says so
            self._send((structure.document, structure.source, structure.sha256, count, seed_))

    def _send(self, message: Any) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(pickle.dumps(message))
        self._process.stdin.flush()

    def serve(
        self, sets: list[Set], queue: _Queue, drawn: list[list[tuple[Any, str]] | None]
    ) -> None:
        """Pass sets until none is left (or the helper fails); each answer is read as one
        pickle, so a broken or cut-off answer is a failed helper, never a crash."""
        if self._process is None:
            self._stderr.close()
            return
        assert self._process.stdout is not None
        broken = ""
        try:
            while (i := queue.take(front=False)) is not None:
                self._send(sets[i])
                drawn[i] = pickle.load(self._process.stdout)
            self._send(None)
        except Exception as error:  # it died, or answered what is no pickle
            broken = f"{type(error).__name__}: {error}"
        with contextlib.suppress(OSError):
            self._process.stdin.close()  # type: ignore[union-attr]
        self._process.stdout.close()
        try:
            code: int | None = self._process.wait(timeout=None if not broken else 2)
        except subprocess.TimeoutExpired:  # alive but talking nonsense
            self._process.kill()
            self._process.wait()
            code = None
        self._stderr.seek(0)
        tail = self._stderr.read()[-300:].decode("utf-8", "replace").strip()
        self._stderr.close()
        if code is None:
            self.failure = f"a generation helper failed: {broken}"
        elif code != 0 or broken:
            self.failure = f"a generation helper failed (exit {code}): {tail or broken}"


def _case(
    definition: str,
    category: str,
    is_valid: bool,
    n: int,
    example: Any,
    seed_: int,
    replay: str = "",
) -> Case:
    verdict = "valid" if is_valid else "invalid"
    if isinstance(example, Mutant):
        instance, path = example.instance, example.path
        description = f"generated {category} mutant, offending value at {path or '/'}"
    else:
        instance, path = example, None
        description = f"generated valid instance ({category} focus)"
    return Case(
        id=f"generated/{verdict}/{definition}/{category}/{n:03d}",
        description=description,
        definition=definition,
        valid=is_valid,
        instance=instance,
        category=category,
        path=path,
        source="generated",
        origin=f"seed {seed_}",
        replay=replay,
    )


def shrink(
    structure: Structure,
    case: Case,
    still_fails: Callable[[Case], bool],
    tries: int,
    seed_: int,
    budget: int,
) -> Case | None:
    """A minimal case from the same strategy that still fails, found by Hypothesis' shrinker.

    The shrinker starts from the case itself: the choices that drew it (`Case.replay`) are
    put in an example database, which Hypothesis replays first and then reduces. A case
    without them (drawn elsewhere, or swept) is searched for again from its seed, and what
    the search finds replaces it only when smaller. After `budget` checks the smallest
    failing example seen so far is kept. None when no failing example is found (the case
    itself counts as one when it has no replay).
    """
    strategy = strategy_for(structure, case)

    def as_case(example: Any) -> Case:
        return _case(case.definition, case.category or "", case.valid, 0, example, seed_)

    # a search from the seed (no replay) keeps the case itself unless it finds a smaller one:
    # a swept case is small already, and what the search draws first is not
    best: list[tuple[int, Case]] = (
        [] if case.replay else [(len(json.dumps(case.instance, sort_keys=True)), case)]
    )
    calls = 0

    def condition(example: Any) -> bool:
        nonlocal calls
        calls += 1
        if calls > budget:
            raise Enough
        candidate = as_case(example)
        if not still_fails(candidate):
            return False
        size = len(json.dumps(candidate.instance, sort_keys=True))
        if not best or size < best[0][0]:
            best[:] = [(size, candidate)]
        return True

    rng = random.Random(
        sub_seed(seed_, case.definition, seed_key(case.category or ""), case.expected)
    )
    common: dict[str, Any] = {
        "max_examples": tries,
        "deadline": None,
        "suppress_health_check": list(HealthCheck),
        "verbosity": Verbosity.quiet,
        # whatever settings profile the user loaded: derandomize would turn the database off
        "derandomize": False,
    }
    with contextlib.suppress(NoSuchExample, Unsatisfiable, Enough, Flaky), as_the_suite():
        if case.replay:
            database = replay_database(case.replay)
            with hypothesis_random(rng):
                find(
                    strategy,
                    condition,
                    settings=settings(
                        database=database,
                        phases=[Phase.reuse, Phase.generate, Phase.shrink],
                        **common,
                    ),
                    database_key=REPLAY_KEY,
                )
        else:
            find(
                strategy,
                condition,
                settings=settings(database=None, phases=[Phase.generate, Phase.shrink], **common),
                random=rng,
            )
    if not best:
        return None
    shrunk = best[0][1]
    return replace(
        shrunk,
        id=f"{case.id.rsplit('/', 1)[0]}/shrunk",
        description=shrunk.description.replace("generated", "shrunk generated", 1),
    )


def strategy_for(structure: Structure, case: Case) -> Strategy:
    """The strategy a generated case was drawn from (used to shrink a witness)."""
    node = structure.definition(case.definition)
    assert case.category is not None
    if case.valid:
        return valid(node, case.category)
    return mutants(structure, case.definition, case.category)


def count_table(structure: Structure, profile: str) -> list[tuple[str, str, str, int]]:
    """(definition, category, verdict, instances drawn) for the profile, for docs and the CLI
    (a structure beyond the seed's shape adds its sweep to the invalid sets, `_sweep`)."""
    count = PROFILE_COUNTS[profile]
    return [
        (d, c, "valid" if v else "invalid", count)
        for d in structure.targets
        for c, v in applicable(structure, d)
    ]
