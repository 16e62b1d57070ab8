"""The Hypothesis internals the suite reaches into, on whichever Hypothesis runs the tests.

`tests/test_hypothesis_versions.py` runs this file under the oldest supported and the newest
Hypothesis release too, so a moved internal shows up here, with the version that moved it,
instead of as cases that quietly change between runs.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from typing import Any

import hypothesis
import jsonschema
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from neptune_ml_conformance import Structure
from neptune_ml_conformance._generation.core import generate_cases, shrink
from neptune_ml_conformance._generation.crosscheck import CrossCheckUnavailable, bridge, from_schema
from neptune_ml_conformance._generation.draw import _replay_of_current, hypothesis_random, internals
from neptune_ml_conformance._model.cases import Case

VERSION = tuple(int(part) for part in hypothesis.__version__.split(".")[:3])


@pytest.fixture(scope="module")
def cases(structure: Structure) -> list[Case]:
    return generate_cases(structure, "quick", 0)


def test_each_internal_is_reached_where_this_version_keeps_it() -> None:
    """What `suite/_generation/draw.py` documents, release by release: local constants are
    mined from 6.131.1 (and switched off while the suite draws), the choices of an example
    are exposed from 6.124.9 (the oldest supported release), and the generator behind unseeded tests
    moved from a module global to `core.threadlocal` in 6.135.19; the plugin's draws are not
    counted as pytest's start-up on every supported release."""
    assert internals() == {
        "local-constants": "switched off" if VERSION >= (6, 131, 1) else "unreachable",
        "start-up": "switched off",
        "replay": "choices",
        "random": "core.threadlocal"
        if VERSION >= (6, 135, 19)
        else "core._hypothesis_global_random",
    }


def test_pinned_randomness_makes_an_unseeded_search_repeat() -> None:
    """What `hypothesis_random` is for: a `find` that cannot take a seed (it uses an
    example database) explores the same examples under the same generator. Without the pin
    the two searches below would start from different 128-bit seeds."""

    def search(rng: random.Random | None) -> list[int]:
        seen: list[int] = []

        def condition(value: int) -> bool:
            seen.append(value)
            return len(seen) >= 30

        quiet = settings(
            max_examples=100,
            database=None,
            phases=[Phase.generate],
            derandomize=False,
            suppress_health_check=list(HealthCheck),
        )
        if rng is None:
            find(st.integers(), condition, settings=quiet)
        else:
            with hypothesis_random(rng):
                find(st.integers(), condition, settings=quiet)
        return seen

    assert search(random.Random(1)) == search(random.Random(1))
    assert search(random.Random(1)) != search(random.Random(2))
    assert search(None) != search(None)


def test_a_replayed_case_is_shrunk_and_the_same_way_every_time(
    structure: Structure, cases: list[Case]
) -> None:
    """The replay must reach the shrinker: Hypothesis skips shrinking an example it finds in
    a key's primary corpus (6.118.6 on), so `replay_database` files it as secondary. And
    with the generator pinned, the same seed walks the same candidates."""
    cases = [
        c for c in generate_cases(structure, "quick", 0) if c.definition == "DataProcessingJob"
    ]
    case = min(cases, key=lambda c: abs(len(json.dumps(c.instance)) - 3000))

    def run() -> tuple[list[Any], Any]:
        seen: list[Any] = []

        def still_fails(candidate: Any) -> bool:
            seen.append(candidate.instance)
            return len(json.dumps(candidate.instance)) > 60

        shrunk = shrink(structure, case, still_fails, tries=40, seed_=0, budget=150)
        return seen, shrunk

    first, second = run(), run()
    assert first[0][0] == case.instance  # replayed, then shrunk
    assert first[1] is not None
    assert len(json.dumps(first[1].instance)) < len(json.dumps(case.instance)) / 10
    assert first == second


def test_without_the_choices_shrinking_searches_from_the_seed(
    structure: Structure, cases: list[Case]
) -> None:
    """If a release moves the choice sequence, examples come without a replay ("", as
    outside a test here) and the shrinker searches for a witness from the seed instead:
    slower, still a witness."""
    assert _replay_of_current() == ""
    case = next(c for c in cases if c.valid)
    shrunk = shrink(structure, replace(case, replay=""), lambda c: True, 40, 0, 60)
    assert shrunk is not None and shrunk.definition == case.definition


def test_the_cross_check_generator_bridges_hypothesis_many() -> None:
    """hypothesis-jsonschema 0.23.1 calls `many(...).more()`, which Hypothesis 6.170.10
    removed; the bridge is in place exactly when needed, and the objects it draws keep
    their size limits, required members and dependencies."""
    from hypothesis_jsonschema import _from_schema

    assert bridge(_from_schema) == (VERSION >= (6, 170, 10))
    schema = {
        "type": "object",
        "required": ["a"],
        "minProperties": 2,
        "maxProperties": 4,
        "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
        "additionalProperties": {"type": "boolean"},
        "dependencies": {"b": {"required": ["c"]}, "c": {"properties": {"a": {"minimum": 0}}}},
    }
    sizes: set[int] = set()

    @settings(max_examples=60, suppress_health_check=list(HealthCheck))
    @given(from_schema(schema))
    def check(instance: dict[str, Any]) -> None:
        jsonschema.validate(instance, schema)
        sizes.add(len(instance))

    check()
    assert len(sizes) >= 2


def test_the_cross_check_generator_names_its_extra_when_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis_jsonschema", None)
    with pytest.raises(CrossCheckUnavailable, match=r"neptune-ml-conformance\[crosscheck\]"):
        from_schema({"type": "object"})


def test_the_suites_draws_do_not_count_as_pytest_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plugin draws while pytest configures, which Hypothesis counts as start-up and
    where each strategy built composed a warning (a repr of it) only to be dropped. While
    the suite draws, start-up is over; afterwards Hypothesis' state is as it was."""
    import _hypothesis_globals
    from hypothesis import configuration
    from hypothesis.strategies._internal import lazy
    from neptune_ml_conformance._generation.draw import as_the_suite, draw_examples

    seen: list[int] = []
    original = lazy.check_sideeffect_during_initialization

    def spy(what: str, *args: Any, **kwargs: Any) -> None:
        seen.append(_hypothesis_globals.in_initialization)
        original(what, *args, **kwargs)

    monkeypatch.setattr(lazy, "check_sideeffect_during_initialization", spy)
    noticed = configuration._first_postinit_what
    monkeypatch.setattr(_hypothesis_globals, "in_initialization", 1)
    with as_the_suite():
        draw_examples(st.builds(lambda a: [a], st.integers()), 3, 0)
    assert seen and set(seen) == {0}
    assert _hypothesis_globals.in_initialization == 1
    assert configuration._first_postinit_what is noticed
    # outside the suite's draws, start-up is still start-up
    st.builds(lambda a: [a], st.integers()).validate()
    assert seen[-1] == 1
