"""Generation: the generated cases of a run, from the structure model.

For each definition and category, valid instances leaning on the category (`valid`, drawn
by the one generator of `typed`) and labelled invalid mutants (`mutants`, from the mutators
of `mutants` and the sweep), each label confirmed by the reference; drawn in one process or
several, and shrunk when a validator fails one. Nothing here names a definition: an edited
structure gets its own strategies.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import random
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis import strategies as st
from hypothesis.errors import FailedHealthCheck, Flaky, NoSuchExample, Unsatisfiable

from .._generation import mutants as _mutate
from .._generation.draw import (
    REPLAY_KEY,
    Enough,
    as_the_suite,
    draw_replayable,
    find_quietly,
    hypothesis_random,
    replay_database,
    sub_seed,
)
from .._generation.helpers import Set, draw_in_processes
from .._generation.slots import ALONE, Reach
from .._generation.sweep import node_edges
from .._generation.typed import exercises, focus_applies, values
from .._model.cases import Case
from .._model.categories import ALL, seed_key
from .._model.profiles import PROFILE_COUNTS as PROFILE_COUNTS
from .._model.reference import admits, validate_document
from .._model.structure import Node, Structure

__all__ = [
    "INVALID_CATEGORIES",
    "PROFILE_COUNTS",
    "VALID_FOCUS",
    "Mutant",
    "applicable",
    "count_table",
    "default_jobs",
    "draw_set",
    "generate_cases",
    "has_mutants",
    "mutants",
    "shrink",
    "strategy_for",
    "valid",
    "values",
]

JSON = Any
Strategy = st.SearchStrategy[Any]


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


def valid(node: Node, focus: str = "type", apart: frozenset[str] = frozenset()) -> Strategy:
    """Valid values of a definition leaning on one category: the nodes the category
    concerns are made present (their optional members required), then drawn and checked.

    `apart` holds the pointers of the definitions that have sets of their own (`targets`):
    nothing inside them is made present, so an instance is as deep as the definition's own
    schema, not the whole chain of definitions it nests."""
    shaped = node
    if focus not in _NOT_FORCED:
        shaped = _present(node, lambda n: exercises(n, focus), apart - {node.pointer})
    return values(shaped, focus).filter(lambda v: admits(node, v))


def targets_apart(structure: Structure) -> frozenset[str]:
    """The pointers of the schemas certified under names of their own."""
    return _kept(
        structure, "apart", lambda: frozenset(n.pointer for n in structure.targets.values())
    )


def _reach(structure: Structure, node: Node) -> Reach:
    """How far a target's mutants and sweep go: into the other targets' schemas once."""
    return Reach(targets_apart(structure) - {node.pointer})


_T = TypeVar("_T")


def _kept(structure: Structure, key: Any, make: Callable[[], _T]) -> _T:
    """What `make` works out for a structure, once: kept in `Structure.memo`, so it goes
    when the structure goes."""
    if key not in structure.memo:
        structure.memo[key] = make()
    found: _T = structure.memo[key]
    return found


def _rebuild(node: Node, change: Callable[[Node], Node]) -> Node:
    properties = {name: _rebuild(child, change) for name, child in node.properties.items()}
    items = _rebuild(node.items, change) if node.items is not None else None
    rules = {**node.rules, "properties": properties} if "properties" in node.rules else node.rules
    if items is not None:
        rules = {**rules, "items": items}
    return change(replace(node, properties=properties, items=items, rules=rules))


def _present(node: Node, wanted: Callable[[Node], bool], apart: frozenset[str]) -> Node:
    """Make the properties leading to wanted nodes required, so the focus is exercised;
    not into the schemas `apart`, nor within them."""

    def leads(n: Node) -> bool:
        if n.pointer in apart:
            return False
        if wanted(n):
            return True
        below = [] if n.spec.family == "tuple" else list(n.properties.values())
        return any(leads(c) for c in [*below, *([n.items] if n.items is not None else [])])

    def change(n: Node) -> Node:
        if n.type != "object" or n.pointer in apart:
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


_SEED_INVALID = ("required", "enum", "minimum", "type", "range", "integer-lexical")
#: Mutant categories: the seed's first, in their old order, then the rest of the table.
INVALID_CATEGORIES = _SEED_INVALID + tuple(c for c in ALL if c not in _SEED_INVALID)


def _all_enum_values(structure: Structure) -> tuple[JSON, ...]:
    """Every enum value of the structure, each once, in the order first met.

    Kept per structure: planning asks for them once per (definition, category), and a walk
    each time made planning quadratic in the number of definitions. Values are told apart
    as `==` tells them (`_equal_key`) by a dictionary, so collecting them is linear too."""

    def collect() -> tuple[JSON, ...]:
        seen: dict[str, JSON] = {}
        for definition in structure.targets.values():
            for _, n in definition.walk():
                for v in n.enum or ():
                    seen.setdefault(_equal_key(v), v)
        return tuple(seen.values())

    return _kept(structure, "enums", collect)


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


def _mutants_of(structure: Structure, definition: str, category: str) -> Strategy | None:
    """A definition's mutants of one category, built once per structure: planning asks
    whether there are any (`applicable`) and drawing then uses the same strategy, where each
    built it anew (a build draws the pools of any part it has not met)."""

    def build() -> Strategy | None:
        node = structure.definition(definition)
        enums = _all_enum_values(structure)
        built = _mutants_for(node, category, enums, _reach(structure, node))
        return None if built is None else built.filter(lambda m: _label_holds(node, m))

    return _kept(structure, ("mutants", definition, category), build)


def mutants(structure: Structure, definition: str, category: str | None = None) -> Strategy:
    """Labelled invalid instances; each label is confirmed by the reference validator."""
    categories = [category] if category else list(INVALID_CATEGORIES)
    options = [s for c in categories if (s := _mutants_of(structure, definition, c)) is not None]
    if not options:
        raise ValueError(f"no {category or 'invalid'} mutants exist for {definition}")
    return options[0] if len(options) == 1 else st.one_of(options)


def _mutants_for(
    node: Node, category: str, enums: tuple[JSON, ...], reach: Reach = ALONE
) -> Strategy | None:
    placed = _mutate.node_mutants(node, category, enums, reach)
    if placed is None:
        return None
    return placed.map(lambda p: Mutant(p[0], category, p[1]))


def has_mutants(structure: Structure, definition: str, category: str) -> bool:
    return _mutants_of(structure, definition, category) is not None


def _label_holds(node: Node, mutant: Mutant) -> bool:
    """Every violation is of the labelled category and one is at the labelled path (read as
    a whole document, as the reference reads it)."""
    found = list(validate_document(node, mutant.instance))
    return (
        bool(found)
        and all(v.category == mutant.category for v in found)
        and any(v.path == mutant.path for v in found)
    )


def applicable(structure: Structure, definition: str) -> Iterator[tuple[str, bool]]:
    """The (category, valid?) pairs that generation covers for a definition."""
    node = structure.definition(definition)
    for focus in VALID_FOCUS:
        if focus_applies(node, focus):
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
        drawn = draw_in_processes(
            structure, sets, count, seed_, jobs, lambda one: draw_set(structure, one, count, seed_)
        )
    else:
        drawn = [draw_set(structure, one, count, seed_) for one in sets]
    return [
        _case(definition, category, is_valid, n, example, seed_, replay)
        for (definition, category, is_valid), examples in zip(sets, drawn, strict=True)
        for n, (example, replay) in enumerate(examples)
    ]


def default_jobs(profile: str) -> int:
    """Processes that draw a profile's sets: a helper costs about half a second to start,
    more than `quick` takes to draw in one process."""
    return 1 if profile == "quick" else max(1, min(os.cpu_count() or 1, 4))


def draw_set(structure: Structure, one: Set, count: int, seed_: int) -> list[tuple[Any, str]]:
    """One set's examples, the same in any process (a helper's work too, `_draw_worker`)."""
    definition, category, is_valid = one
    s = sub_seed(seed_, definition, seed_key(category), "valid" if is_valid else "invalid")
    node = structure.definition(definition)
    strategy = (
        valid(node, category, targets_apart(structure))
        if is_valid
        else mutants(structure, definition, category)
    )
    try:
        drawn = draw_replayable(strategy, count, s, identity=_instance_of)
    except (Unsatisfiable, FailedHealthCheck):
        # the rule stays uncertified for this definition: the run goes on, and says so
        # (`planning.undrawn`, which sees the empty set in whatever process drew it)
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


def _sweep(structure: Structure, category: str) -> dict[str, list[Mutant]]:
    """The swept mutants of a category (`sweep.node_edges`) by definition, each
    wrong form in each kind of slot once across the structure (definitions in order: a
    member every job inherits is swept in the first), kept where the reference confirms
    the label."""
    return _kept(structure, ("sweep", category), lambda: _swept_by_target(structure, category))


def _swept_by_target(structure: Structure, category: str) -> dict[str, list[Mutant]]:
    enums = _all_enum_values(structure)
    seen: set[tuple[str, str, str]] = set()
    found: dict[str, list[Mutant]] = {}
    with as_the_suite():
        for name, node in structure.targets.items():
            kept = found.setdefault(name, [])
            try:
                edges = node_edges(node, category, enums, reach=_reach(structure, node))
            except (ValueError, Unsatisfiable, FailedHealthCheck) as error:
                # a node with no valid value to stand in: the drawn mutants stay, unswept
                warnings.warn(f"no {category} sweep for {name}: {error!r:.80}", stacklevel=2)
                continue
            for instance, path, key in edges:
                mutant = Mutant(instance, category, path)
                if key not in seen and _label_holds(node, mutant):
                    seen.add(key)
                    kept.append(mutant)
    return found


def _instance_of(example: Any) -> Any:
    return example.instance if isinstance(example, Mutant) else example


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
                find_quietly(
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
            find_quietly(
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
        return valid(node, case.category, targets_apart(structure))
    return mutants(structure, case.definition, case.category)


def count_table(structure: Structure, profile: str) -> list[tuple[str, str, str, int]]:
    """(definition, category, verdict, instances drawn) for the profile, for docs and the CLI
    (the sweep adds its own mutants to the invalid sets, `_sweep`)."""
    count = PROFILE_COUNTS[profile]
    return [
        (d, c, "valid" if v else "invalid", count)
        for d in structure.targets
        for c, v in applicable(structure, d)
    ]
