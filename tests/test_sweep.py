"""The sweep places each kind of wrong array item a second time behind valid items, so a
validator that checks only the first few items is caught by every Hypothesis release and
profile, not by the luck of a draw (it was missed at the oldest supported release once the
seed's own generator was folded into the one core). A numeric enum is broken by numbers one
step off its values."""

from __future__ import annotations

from neptune_ml_conformance import Structure, load
from neptune_ml_conformance._generation.core import _sweep, generate_cases
from neptune_ml_conformance._generation.sweep import BEHIND
from neptune_ml_conformance._model.reference import validate_node
from neptune_ml_conformance._model.structure import model
from neptune_ml_conformance._running.engine import plan
from neptune_ml_conformance._running.faults import analyse_one


def _behind(structure: Structure, category: str) -> list[tuple[str, str]]:
    found = []
    for definition, mutants in _sweep(structure, category).items():
        for mutant in mutants:
            tokens = mutant.path.split("/")
            if len(tokens) > 2 and tokens[2] == str(BEHIND):
                found.append((definition, mutant.path))
    return found


def test_a_wrong_item_is_swept_behind_valid_ones_in_the_seed() -> None:
    structure = load()
    behind = _behind(structure, "type")
    assert behind, "no swept item mutant stands behind valid items"
    for definition, path in behind:
        mutant = next(m for m in _sweep(structure, "type")[definition] if m.path == path)
        violations = list(validate_node(structure.definition(definition), mutant.instance))
        # the one wrong item, and nothing else, is what the reference refuses
        assert [v.path for v in violations] == [path]
        member = path.split("/")[1]
        items = mutant.instance[member]
        assert len(items) > BEHIND
        # the items in front of it are valid: only a validator that looks past them refuses
        front = {**mutant.instance, member: items[:BEHIND]}
        assert list(validate_node(structure.definition(definition), front)) == []


def test_a_set_keeps_its_mutants_in_front(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Copies of one plain item would break a set's uniqueness too: no second placement."""
    import json

    document = {
        "$schema": "https://json-structure.org/meta/extended/v0/#",
        "$id": "https://example.com/sets",
        "name": "Sets",
        "type": "object",
        "properties": {"tags": {"type": "set", "items": {"type": "int32"}}},
    }
    path = tmp_path / "sets.json"
    path.write_text(json.dumps(document))
    structure = load(str(path))
    in_front = [m.path for ms in _sweep(structure, "type").values() for m in ms]
    assert "/tags/0" in in_front
    assert _behind(structure, "type") == []


def test_a_numeric_enum_is_broken_by_numbers_one_step_off() -> None:
    """An enum of numbers had no `enum` mutants at all (near misses were of strings, and
    text breaks the type first), so a validator that checks enums of strings only passed."""

    job = {
        "type": "object",
        "properties": {
            "level": {"type": "int32", "enum": [1, 2, 3]},
            "ratio": {"type": "double", "enum": [0.5, 1.5]},
        },
        "required": ["level", "ratio"],
    }
    structure = model({"$uses": ["JSONStructureValidation"], "definitions": {"Job": job}})
    swept = _sweep(structure, "enum")["Job"]
    assert {(m.path, m.instance[m.path[1:]]) for m in swept} >= {
        ("/level", 0),
        ("/level", 4),
        ("/ratio", 0.0),
        ("/ratio", 1.0),
        ("/ratio", 2.0),
    }
    the_plan = plan(structure, [], "quick", 0, generate_cases(structure, "quick", 0))

    def strings_only(definition: str, instance: object) -> list[str]:
        node = structure.definitions[definition]
        return [
            str(v)
            for v in validate_node(node, instance)
            if not (v.category == "enum" and isinstance(_at(instance, v.path), int | float))
        ]

    verdict = analyse_one(the_plan, "strings-only", "enum", "under-strict", strings_only, True)
    assert verdict.caught and verdict.right_category, verdict


def _at(instance: object, path: str) -> object:
    for token in path.split("/")[1:]:
        instance = instance[token]  # type: ignore[index]
    return instance
