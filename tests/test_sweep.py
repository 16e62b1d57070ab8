"""The sweep places each kind of wrong array item a second time behind valid items, so a
validator that checks only the first few items is caught by every Hypothesis release and
profile, not by the luck of a draw (it was missed at the oldest supported release once the
seed's own generator was folded into the one core)."""

from __future__ import annotations

from neptune_ml_conformance import Structure, load
from neptune_ml_conformance._generation.core import _sweep
from neptune_ml_conformance._generation.sweep import BEHIND
from neptune_ml_conformance._model.reference import validate_node


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
