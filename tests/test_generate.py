"""Generation: valid instances and labelled mutants, cross-checked and reproducible."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neptune_ml_conformance import Structure, compile_definition, load, strategies
from neptune_ml_conformance._generation.core import (
    PROFILE_COUNTS,
    count_table,
    generate_cases,
    mutants,
)
from neptune_ml_conformance._generation.crosscheck import for_definition
from neptune_ml_conformance._model.reference import ReferenceValidator, validate_node
from neptune_ml_conformance._model.structure import model
from neptune_ml_conformance._running.engine import certify, check_case, plan, prepare
from neptune_ml_conformance.adapters import resolve

from .validators.faulty import GENERATION_ONLY
from .verdicts import CALM

DEFINITIONS = list(load().definitions)


@pytest.fixture(scope="module")
def default_cases(structure: Structure) -> list[Any]:
    return prepare(None, None, "default", 0).cases


def test_thousands_of_generated_cases_agree_with_the_reference(
    structure: Structure, default_cases: list[Any]
) -> None:
    generated = [c for c in default_cases if c.source == "generated"]
    assert len(generated) >= 1500
    disagreements = [(c.id, check_case(structure, c)) for c in generated]
    assert [d for d in disagreements if d[1] is not None] == []
    assert Counter(c.valid for c in generated)[False] >= 600


def test_every_blocking_category_is_generated_where_it_applies(
    structure: Structure, default_cases: list[Any]
) -> None:
    seen = Counter(
        (c.definition, c.category, c.valid) for c in default_cases if c.source == "generated"
    )
    for name, node in structure.definitions.items():
        nodes = [n for _, n in node.walk()]
        expected = {("type", False), ("type", True), ("range", False), ("defaults", True)}
        if node.required:
            expected |= {("required", False), ("required", True)}
        if any(n.enum for n in nodes):
            expected |= {("enum", False), ("enum", True)}
        if any(n.minimum is not None for n in nodes):
            expected |= {("minimum", False), ("minimum", True)}
        for category, valid in expected:
            # an invalid set also holds its share of the sweep (`core._sweep`)
            drawn = seen[(name, category, valid)]
            count = PROFILE_COUNTS["default"]
            assert drawn == count if valid else drawn >= count, (name, category)
    table = count_table(structure, "default")
    assert sum(row[3] for row in table) <= len(
        [c for c in default_cases if c.source == "generated"]
    )


def test_generation_is_deterministic_per_seed(structure: Structure) -> None:
    def fingerprint(seed: int) -> list[str]:
        return [
            json.dumps([c.id, c.instance, c.path], sort_keys=True)
            for c in generate_cases(structure, "quick", seed)
        ]

    first = fingerprint(3)
    assert first == fingerprint(3)
    assert first != fingerprint(4)


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_hypothesis_jsonschema_instances_are_accepted_by_the_reference(
    structure: Structure, definition: str
) -> None:
    node = structure.definitions[definition]

    @settings(suppress_health_check=list(HealthCheck))
    @given(for_definition(structure, definition))
    def check(instance: Any) -> None:
        assert list(validate_node(node, instance)) == []

    check()


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_model_instances_agree_with_the_compiled_schema(
    structure: Structure, definition: str
) -> None:
    schema = jsonschema.Draft202012Validator(compile_definition(structure, definition))

    @settings(suppress_health_check=list(HealthCheck))
    @given(strategies.valid(definition), strategies.labelled_invalid(definition))
    def check(good: Any, bad: Any) -> None:
        assert schema.is_valid(good)
        # JSON Schema's integer accepts 3.0: the integer-lexical stance has no counterpart
        assert schema.is_valid(bad.instance) == (bad.category == "integer-lexical")

    check()


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_public_strategies(structure: Structure, definition: str) -> None:
    reference = ReferenceValidator(structure)

    @settings(suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data: st.DataObject) -> None:
        assert reference.validate(definition, data.draw(strategies.valid(definition))) == []
        assert reference.validate(definition, data.draw(strategies.invalid(definition))) != []
        mutant = data.draw(strategies.labelled_invalid(definition, "range"))
        found = reference.validate(definition, mutant.instance)
        assert {v.category for v in found} == {"range"}
        assert mutant.path in {v.path for v in found}

    check()


def test_an_edited_structure_gets_its_own_strategies() -> None:
    edited = model(
        {
            "definitions": {
                "Queue": {
                    "type": "object",
                    "required": ["name", "size"],
                    "properties": {
                        "name": {"type": "string"},
                        "size": {"type": "int32", "minimum": 10},
                        "mode": {"type": "string", "enum": ["fifo", "lifo"], "default": "fifo"},
                        "tags": {"type": "array", "items": {"type": "boolean"}},
                    },
                }
            }
        }
    )
    cases = generate_cases(edited, "quick", 0)
    assert {c.category for c in cases if not c.valid} == {
        "required",
        "enum",
        "minimum",
        "type",
        "range",
        "integer-lexical",
    }
    assert all(check_case(edited, c) is None for c in cases)
    with pytest.raises(ValueError, match="no enum mutants"):
        mutants(model({"definitions": {"S": {"type": "string"}}}), "S", "enum")


@pytest.mark.parametrize("name", sorted(GENERATION_ONLY))
def test_generation_catches_what_hand_written_cases_miss(structure: Structure, name: str) -> None:
    adapter = resolve(f"tests.validators.faulty:{name}", structure, CALM)
    (hand,) = certify(plan(structure), [adapter])["validators"]
    assert hand["conformant"], "the hand-written cases alone should miss this fault"
    (full,) = certify(prepare(None, None, "quick", 0), [adapter])["validators"]
    assert not full["conformant"]
    category = GENERATION_ONLY[name]
    assert full["categories"][category]["failed"] > 0
    witnesses = [f for f in full["failures"] if f["category"] == category]
    shrunk = [f for f in witnesses if f["id"].endswith("/shrunk")]
    assert shrunk, witnesses[:1]
    assert all(f["origin"] == "seed 0" for f in shrunk)


def test_helper_processes_draw_the_same_cases(structure: Structure) -> None:
    assert generate_cases(structure, "quick", 5, jobs=3) == generate_cases(structure, "quick", 5)


def test_a_failing_helper_costs_time_not_cases(
    structure: Structure, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    expected = generate_cases(structure, "quick", 6)
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.warns(UserWarning, match=r"a generation helper failed \(exit 1\)"):
        assert generate_cases(structure, "quick", 6, jobs=2) == expected
    monkeypatch.setattr(sys, "executable", "/no/such/python")
    with pytest.warns(UserWarning, match="a generation helper could not start"):
        assert generate_cases(structure, "quick", 6, jobs=2) == expected


def test_a_helper_whose_answer_breaks_off_costs_time_not_cases(
    structure: Structure, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Sets are read one by one as the helper writes them: output that is not a whole
    pickle (cut off, or not one at all) with exit 0 is a failed helper, never a crash; one
    that stays alive after such an answer is stopped."""
    import sys

    expected = generate_cases(structure, "quick", 6)
    liar = tmp_path / "python"
    # takes its job, answers the first set with nonsense, stays until its input is closed
    # (not for a while: how long a while is would be a race with the suite's wait), exits 0
    liar.write_text(
        "#!/bin/sh\nhead -c 1 >/dev/null\nprintf 'not a pickle'\ncat >/dev/null\nexit 0\n"
    )
    liar.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(liar))
    with pytest.warns(UserWarning, match=r"a generation helper failed \(exit 0\): Unpickling"):
        assert generate_cases(structure, "quick", 6, jobs=2) == expected


def test_cases_do_not_depend_on_what_code_is_imported(
    structure: Structure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hypothesis mines constants from local modules; the suite's cases must not change
    with the user's repository (a module full of distinctive strings is imported here)."""
    before = generate_cases(structure, "quick", 7)
    marker = "zzq"  # Hypothesis keeps strings of at most 20 characters, 1024 per module
    module = tmp_path / "full_of_constants.py"
    module.write_text(
        "\n".join(f"C{n} = {f'{marker}{n}'!r}\nN{n} = {n * 7919 + 13}" for n in range(300))
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("full_of_constants")
    after = generate_cases(structure, "quick", 7)
    assert after == before
    assert marker not in json.dumps([c.instance for c in after])


def test_shrinking_starts_from_the_failing_case_itself(structure: Structure) -> None:
    """Only this exact instance fails: a shrinker that searched from the seed instead of
    replaying the case would not find it again."""
    from neptune_ml_conformance._generation.core import shrink

    cases = [c for c in generate_cases(structure, "quick", 0) if c.definition == "ModelTrainingJob"]
    case = max(cases, key=lambda c: len(json.dumps(c.instance)))
    assert case.replay
    seen: list[Any] = []

    def only_this_one(candidate: Any) -> bool:
        seen.append(candidate.instance)
        return bool(candidate.instance == case.instance)

    shrunk = shrink(structure, case, only_this_one, tries=40, seed_=0, budget=400)
    assert seen[0] == case.instance  # replayed first
    assert shrunk is not None and shrunk.instance == case.instance
    assert shrunk.id.endswith("/shrunk")
