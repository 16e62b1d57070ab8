"""Each keyword's rule in one place: every column that depends on a keyword is a field of the
keyword table (`_model/keywords.py`) or derived from it, and every keyword has each column.

Each test takes every keyword of the table and its own `sample` schema, so a keyword added
without one of its columns fails here by name.
"""

from __future__ import annotations

from typing import Any

import pytest
from neptune_ml_conformance._edits.diff_rules import RULES
from neptune_ml_conformance._generation import blame as _blame
from neptune_ml_conformance._generation.core import _label_holds, _mutants_for, valid
from neptune_ml_conformance._generation.draw import draw_examples
from neptune_ml_conformance._generation.mutants import MUTATORS
from neptune_ml_conformance._generation.typed import exercises, focus_applies
from neptune_ml_conformance._model.categories import ALL
from neptune_ml_conformance._model.keywords import (
    BOUND_PAIRS,
    KEYWORDS,
    ORDER,
    PROPOSED,
    VALUE_BOUNDS,
    Keyword,
)
from neptune_ml_conformance._model.reference import validate_node
from neptune_ml_conformance._model.structure import _STRICTER, Node, model

CATEGORISED = [k for k in KEYWORDS.values() if k.category is not None]
CHECKED = [k for k in KEYWORDS.values() if k.check is not None and k.category is not None]
#: Keywords that select members for a schema: what breaks there is the selected schema's
#: rule, in that rule's category, so they have no mutants of their own.
SELECTING = {"patternProperties", "patternKeys"}
#: Keywords whose refusals the engine blames on the object around a member (a required
#: member dropped, a declared member refused as undeclared), not on a value's edge.
BLAMED_BY_THE_ENGINE = {"required", "additionalProperties", "default"}


def _node(keyword: Keyword) -> Node:
    """The keyword's sample schema as the definition `T` of a document."""
    document = {
        "$schema": "https://json-structure.org/meta/extended/v0/#",
        "$uses": ["JSONStructureValidation", "JSONStructureConditionalComposition"],
        "definitions": {"T": dict(keyword.sample)},
    }
    structure = model(document)
    assert not [f for f in structure.findings if f.level == "error"], structure.findings
    return structure.definitions["T"]


def _holding(node: Node, name: str) -> Node:
    """The node of the sample that holds the keyword (the definition or one member)."""
    for _, candidate in node.walk():
        if name in candidate.rules:
            return candidate
    raise AssertionError(f"the sample of {name} does not use it")


def test_every_keyword_has_its_columns() -> None:
    for keyword in KEYWORDS.values():
        assert keyword.draft in ("core", "validation", "composition"), keyword.name
        assert keyword.section, keyword.name
        if keyword.check is not None or keyword.category is not None:
            assert keyword.compile is not None, f"{keyword.name}: no JSON Schema emitter"
        assert keyword.category is None or keyword.category in ALL, keyword.name
        if keyword.category is not None:
            assert keyword.sample, f"{keyword.name}: no sample schema"


@pytest.mark.parametrize("keyword", CATEGORISED, ids=lambda k: k.name)
def test_every_keyword_has_a_generation_exercise(keyword: Keyword) -> None:
    """Its category's valid focus concerns the node holding it, and draws valid values."""
    node = _node(keyword)
    assert exercises(_holding(node, keyword.name), keyword.category or "")
    assert focus_applies(node, keyword.category or "")
    drawn = draw_examples(valid(node, keyword.category or ""), 5, 0)
    assert drawn, keyword.name
    assert all(not list(validate_node(node, v)) for v in drawn)


@pytest.mark.parametrize(
    "keyword", [k for k in CHECKED if k.name not in SELECTING], ids=lambda k: k.name
)
def test_every_checked_keyword_has_a_mutator(keyword: Keyword) -> None:
    """Its category's mutator makes mutants of the sample that break that rule alone."""
    assert keyword.category is not None
    assert MUTATORS[keyword.category] is not None, keyword.name
    node = _node(keyword)
    strategy = _mutants_for(node, keyword.category, ())
    assert strategy is not None, keyword.name
    kept = strategy.filter(lambda m: _label_holds(node, m)).map(lambda m: m.instance)
    drawn = draw_examples(kept, 5, 0)
    assert drawn, f"{keyword.name}: no mutant breaks {keyword.category} alone"


@pytest.mark.parametrize("keyword", CHECKED, ids=lambda k: k.name)
def test_every_checked_keyword_has_blame(keyword: Keyword) -> None:
    """Blame names a category of the table for each valid value of the sample, and the
    keyword's own category for at least one of the values its focus draws."""
    assert keyword.category is not None
    node = _node(keyword)
    drawn = draw_examples(valid(node, keyword.category), 30, 0)
    blamed = {_blame.blame(node, v) for v in drawn}
    assert blamed <= set(ALL)
    if keyword.name not in BLAMED_BY_THE_ENGINE:
        assert keyword.category in blamed, (keyword.name, blamed)


def test_every_keyword_has_a_diff_rule() -> None:
    assert set(KEYWORDS) - set(RULES) == set()


def test_the_check_order_is_the_tables() -> None:
    assert tuple(k.name for k in KEYWORDS.values() if k.check is not None) == ORDER
    assert len(set(ORDER)) == len(ORDER)


def test_bound_pairs_are_symmetric_and_derived() -> None:
    bounds = {k.name: k.bound for k in KEYWORDS.values() if k.bound is not None}
    for name, bound in bounds.items():
        assert bound is not None
        other = bounds[bound.pair]
        assert other is not None and other.pair == name and other.side != bound.side, name
        assert other.count == bound.count and other.exclusive == bound.exclusive, name
    assert {low for low, _ in BOUND_PAIRS} == {n for n, b in bounds.items() if b.side == "low"}
    assert set(_STRICTER) == {n for n, b in bounds.items() if b.count}
    assert {k.name for k in VALUE_BOUNDS} == {n for n, b in bounds.items() if not b.count}


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ({"minimum": 1.5}, (2, 2**31 - 1)),
        ({"exclusiveMinimum": 1, "maximum": 9.5}, (2, 9)),
        ({"exclusiveMaximum": 10, "minimum": -3}, (-3, 9)),
        ({"minimum": 4, "exclusiveMinimum": 4}, (5, 2**31 - 1)),
    ],
)
def test_bounds_round_inward_on_integers(rules: dict[str, Any], expected: tuple[int, int]) -> None:
    node = model({"definitions": {"T": {"type": "int32", **rules}}}).definitions["T"]
    assert node.bounds() == expected


def test_limits_keep_exclusive_bounds_exact() -> None:
    node = model(
        {"definitions": {"T": {"type": "double", "exclusiveMinimum": 0.5, "maximum": 2}}}
    ).definitions["T"]
    low, low_open, high, high_open = node.limits()
    assert (str(low), low_open, str(high), high_open) == ("0.5", True, "2", False)
    assert node.bounds() == (0.5, 2)


def test_proposed_keywords_are_those_generation_checks() -> None:
    """A keyword whose valid values are proposed has a check to keep them valid."""
    assert PROPOSED
    for name in PROPOSED:
        keyword = KEYWORDS[name]
        assert keyword.check is not None or keyword.bound is not None, name
