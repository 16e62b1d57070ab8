"""What a set draws afresh and what it takes from a pool (`_generate_types.pooled`), and
which sets draw at a far bound: the cost of a set follows its own category, while every set
stays valid, labelled and the same in any process."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from neptune_ml_conformance._generation.core import _instance_of, generate_cases, mutants, valid
from neptune_ml_conformance._generation.draw import draw_examples, draw_replayable
from neptune_ml_conformance._generation.typed import POOL
from neptune_ml_conformance._model.reference import validate_node
from neptune_ml_conformance._model.structure import Structure, load, model

EXAMPLE = Path(__file__).parent.parent / "examples" / "neptune-ml-job-v2.json"
SUBNET = "subnet-[0-9a-f]{8,17}"


def _structure(**properties: Any) -> Structure:
    return model(
        {
            "$uses": ["JSONStructureValidation"],
            "definitions": {
                "T": {"type": "object", "properties": properties, "required": sorted(properties)}
            },
        }
    )


def test_pools_give_the_same_cases_in_any_process() -> None:
    """Pools are drawn per process, lazily, in whatever order its sets come: the cases of a
    structure beyond the seed's shape must not depend on it."""
    example = load(str(EXAMPLE))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        alone = generate_cases(example, "quick", 3)
    assert generate_cases(example, "quick", 3, jobs=2) == alone
    # and drawing says nothing a user cannot act on (Hypothesis' notes on its own reprs)
    assert [str(w.message)[:60] for w in caught] == []


def test_a_far_bound_is_drawn_at_in_its_own_category_only() -> None:
    structure = _structure(
        tags={"type": "map", "values": {"type": "string"}, "maxEntries": 30},
        name={"type": "string", "maxLength": 200},
    )
    node = structure.definitions["T"]
    elsewhere = draw_examples(valid(node, "type"), 60, 1)
    assert elsewhere
    assert max(len(v["tags"]) for v in elsewhere) <= 4
    assert max(len(v["name"]) for v in elsewhere) <= 20
    entries = draw_examples(valid(node, "entries"), 60, 1)
    assert any(len(v["tags"]) == 30 for v in entries)
    length = draw_examples(valid(node, "length"), 60, 1)
    assert any(len(v["name"]) == 200 for v in length)


def test_patterned_strings_come_from_a_pool_outside_pattern_sets() -> None:
    structure = _structure(
        subnet={"type": "string", "pattern": SUBNET}, count={"type": "int32", "minimum": 0}
    )
    node = structure.definitions["T"]
    elsewhere = {v["subnet"] for v in draw_examples(valid(node, "minimum"), 80, 1)}
    own = {v["subnet"] for v in draw_examples(valid(node, "pattern"), 80, 1)}
    assert all(re.fullmatch(SUBNET, s) for s in elsewhere | own)
    assert len(elsewhere) <= POOL < len(own)


def test_unique_collections_larger_than_a_pool_are_drawn_afresh() -> None:
    """A set that must hold more distinct values than a pool has (at least, or one past its
    most) draws them afresh rather than failing (Hypothesis refuses a unique collection
    larger than what it samples from)."""
    least = POOL + 4
    subnets = {"type": "string", "pattern": SUBNET}
    structure = _structure(
        subnets={"type": "set", "items": subnets, "minItems": least, "maxItems": least + 2}
    )
    node = structure.definitions["T"]
    for focus in ("type", "items", "length"):
        drawn = draw_examples(valid(node, focus), 5, 1)
        assert drawn
        for instance in drawn:
            assert len(instance["subnets"]) >= least
            assert list(validate_node(node, instance)) == []
    structure = _structure(more={"type": "set", "items": subnets, "maxItems": POOL})
    node = structure.definitions["T"]
    found = draw_replayable(mutants(structure, "T", "items"), 20, 1, identity=_instance_of)
    assert any(len(m.instance["more"]) == POOL + 1 for m, _ in found)
    for mutant, _ in found:
        assert [v.category for v in validate_node(node, mutant.instance)] == ["items"]
