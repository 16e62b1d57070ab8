"""Cost that grows with the work and no faster: the pieces that made it grow faster (a pool
key as long as the whole shape, planning that walked the structure per question, mutants
built twice, a quadratic safety net, a source hash per drawn set, Hypothesis' character
tables built in the user's directory) stay gone. `bench/scale.py` measures the growth."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import hypothesis.core
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from neptune_ml_conformance._edits.diff_place import _covered
from neptune_ml_conformance._generation import core
from neptune_ml_conformance._generation.draw import draw_examples, draw_replayable
from neptune_ml_conformance._generation.slots import Reach
from neptune_ml_conformance._generation.sweep import node_edges
from neptune_ml_conformance._generation.typed import shape
from neptune_ml_conformance._io.pointer import pointer_join, pointer_tokens
from neptune_ml_conformance._model.structure import Structure, model

HANDWRITTEN = Path(__file__).parent / "validators" / "handwritten.py"

SIX = {
    "label": {"type": "string", "maxLength": 40},
    "count": {"type": "int32", "minimum": 0, "maximum": 1000},
    "kind": {"type": "string", "enum": ["a", "b"]},
    "enabled": {"type": "boolean"},
    "tags": {"type": "array", "items": {"type": "string", "pattern": "^t[0-9]$"}},
    "ratio": {"type": "float"},
}


def _chain(depth: int, distinct: bool = False) -> Structure:
    """`depth` definitions, each naming the next twice (a member and an array of them);
    `distinct`: each with a `maximum` of its own, so that no two are swept alike."""
    definitions: dict[str, Any] = {}
    for i in range(depth):
        properties: dict[str, Any] = dict(SIX)
        if distinct:
            properties["count"] = {**SIX["count"], "maximum": 1000 + i}
        if i + 1 < depth:
            ref = {"type": {"$ref": f"#/definitions/D{i + 1}"}}
            properties["next"] = ref
            properties["more"] = {"type": "array", "items": ref}
        definitions[f"D{i}"] = {"type": "object", "properties": properties}
    return model({"$uses": ["JSONStructureValidation"], "definitions": definitions})


def test_a_pool_key_is_a_short_digest_however_deep_the_node() -> None:
    """The key was the text of the whole shape, which doubled at each level here (each
    definition names the next twice): 2**12 copies of the last definition at depth 12."""
    structure = _chain(12)
    top = structure.definitions["D0"]
    assert len(shape(top)) == 32
    # what a node admits, not where it sits: the same body elsewhere shares the key
    twin = model(
        {
            "$uses": ["JSONStructureValidation"],
            "definitions": {"X": {"type": "object", "properties": SIX}},
        }
    )
    assert shape(twin.definitions["X"]) == shape(structure.definitions["D11"])
    assert shape(structure.definitions["D10"]) != shape(structure.definitions["D11"])


def _of(mutant: Any) -> Any:
    return mutant.instance


def _depth(pointer: str) -> int:
    return len(pointer_tokens(pointer))


def test_a_valid_set_does_not_force_the_chain_of_definitions_below_its_target() -> None:
    """A `range` set of D0 makes `count` present, not `next`: D1 is a target with sets of
    its own. Forcing it made every instance as deep as the chain (cost per case grew with
    depth); a set that sets nothing apart still forces it, which is what changed."""
    structure = _chain(6)
    node = structure.definitions["D0"]
    apart = core.targets_apart(structure)
    drawn = draw_examples(core.valid(node, "range", apart), 30, 0)
    assert all("count" in v for v in drawn)
    assert any("next" not in v for v in drawn)
    forced = draw_examples(core.valid(node, "range"), 30, 0)
    assert all("next" in v and "next" in v["next"] for v in forced)


def test_mutants_and_the_sweep_go_into_another_target_once_and_no_further() -> None:
    structure = _chain(6, distinct=True)
    drawn = draw_replayable(core.mutants(structure, "D0", "type"), 60, 0, _of)
    top = structure.definitions["D0"]
    reach = Reach(core.targets_apart(structure) - {top.pointer})
    swept = node_edges(top, "maximum", core._all_enum_values(structure), reach=reach)
    for paths in ([m.path for m, _ in drawn], [path for _, path, _ in swept]):
        assert any(p.startswith("/next/") for p in paths)  # into D1, where it is nested
        assert all(not p.startswith("/next/next/") for p in paths)  # not into D2
        assert all(not p.startswith(("/next/more/", "/more/0/more/")) for p in paths)


def test_mutants_go_down_inline_schemas_however_deep() -> None:
    """Only other targets are set apart: an inline schema five objects deep is reached."""
    inner: dict[str, Any] = {"type": "int32", "minimum": 3}
    for name in "edcba":
        inner = {"type": "object", "properties": {name: inner}, "required": [name]}
    structure = model({"$uses": ["JSONStructureValidation"], "definitions": {"D": inner}})
    drawn = draw_replayable(core.mutants(structure, "D", "minimum"), 10, 0, _of)
    (path,) = {m.path for m, _ in drawn}
    assert _depth(path) == 5


def test_planning_and_drawing_build_each_set_of_mutants_once() -> None:
    structure = model(
        {
            "$uses": ["JSONStructureValidation"],
            "definitions": {f"D{i}": {"type": "object", "properties": SIX} for i in range(3)},
        }
    )
    built: list[tuple[str, str]] = []
    original = core._mutants_for

    def counting(node: Any, category: str, enums: Any, reach: Any) -> Any:
        built.append((node.pointer, category))
        return original(node, category, enums, reach)

    with mock.patch.object(core, "_mutants_for", counting):
        sets = core.count_table(structure, "quick")
        for definition, category, verdict, _ in sets:
            if verdict == "invalid":
                core.mutants(structure, definition, category)
                assert core.has_mutants(structure, definition, category)
    assert len(built) == len(set(built)) == 3 * len(core.INVALID_CATEGORIES)


def test_enum_values_are_collected_once_and_deduped_as_equality_has_it() -> None:
    structure = model(
        {
            "definitions": {
                "A": {"type": "object", "properties": {"x": {"type": "int32", "enum": [1, 2]}}},
                "B": {
                    "type": "object",
                    "properties": {
                        "y": {"type": "any", "enum": [True, 2.0, "1", [1], [True], {"a": 1}]}
                    },
                },
            }
        }
    )
    values = core._all_enum_values(structure)
    # `True == 1`, `2.0 == 2` and `[True] == [1]` for Python's `in`, which the list used
    assert values == (1, 2, "1", [1], {"a": 1})
    with mock.patch.object(type(structure.definitions["A"]), "walk") as walk:
        assert core._all_enum_values(structure) is values
        walk.assert_not_called()


def _covers_as_it_was(change: str, pointer: str) -> bool:
    """The safety net's rule before it was made linear: a change covers its own pointer and
    everything below it; the root schema ("") covers what is not a document keyword."""
    if change == "":
        keys = {"definitions", "$uses", "$root", "$schema", "$id", "$offers"}
        return pointer_tokens(pointer)[0] not in keys if pointer else True
    return pointer == change or pointer.startswith(change + "/")


TOKENS = st.sampled_from(["definitions", "A", "properties", "a/b", "~", "", "0", "$uses", "x"])
POINTERS = st.lists(TOKENS, max_size=4).map(lambda tokens: pointer_join("", *tokens))


@settings(max_examples=300, database=None, derandomize=True)
@given(st.lists(POINTERS, max_size=6), POINTERS)
def test_the_linear_safety_net_covers_what_the_quadratic_one_did(
    changes: list[str], pointer: str
) -> None:
    assert _covered(set(changes), pointer) == any(_covers_as_it_was(c, pointer) for c in changes)


def test_a_drawn_set_hashes_no_source() -> None:
    """Hypothesis hashed the collecting function's source for an example-database key on
    every set, a third of drawing a small one; there is no database to key."""
    with mock.patch.object(hypothesis.core, "function_digest", side_effect=AssertionError):
        drawn = draw_replayable(st.integers(0, 100), 5, 1)
    assert len(drawn) == 5


def test_drawing_text_leaves_the_working_directory_alone(tmp_path: Path) -> None:
    """Hypothesis builds its character tables where none are cached, seconds and 250 MiB,
    and writes them to `.hypothesis/` in the current directory: in the suite's cache instead,
    once per user."""
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    script = (
        "from hypothesis import strategies as st\n"
        "from neptune_ml_conformance._generation.draw import draw_examples\n"
        "print(draw_examples(st.text(max_size=4), 4, 1))\n"
    )
    env = {**os.environ, "NEPTUNE_ML_CONFORMANCE_CACHE": str(cache)}
    env.pop("HYPOTHESIS_STORAGE_DIRECTORY", None)

    def draw() -> str:
        run = [sys.executable, "-c", script]
        return subprocess.run(
            run, cwd=work, env=env, capture_output=True, text=True, check=True
        ).stdout

    first = draw()
    assert not (work / ".hypothesis").exists()
    assert list(cache.rglob("charmap.json.gz"))
    assert draw() == first  # the same table, the same draws


def test_the_plugin_asks_the_validator_a_batch_at_a_time(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One call per item cost the plugin a worker round trip per case, 1.9 times the command
    line's CPU; items are judged in the engine's batches, in the session's order, and a
    deselected item is never judged."""
    from neptune_ml_conformance._running import engine

    sizes: list[int] = []
    evaluate = engine.evaluate

    def counting(structure: Any, adapter: Any, cases: Any, *rest: Any) -> Any:
        sizes.append(len(cases))
        return evaluate(structure, adapter, cases, *rest)

    monkeypatch.setattr(engine, "evaluate", counting)
    pytester.makepyfile(mine=HANDWRITTEN.read_text())
    pytester.syspathinsert()
    result = pytester.runpytest("-q", "-p", "no:xdist", "--conformance-validator", "mine:validate")
    passed = result.parseoutcomes()["passed"]
    assert sum(sizes) == passed
    assert len(sizes) <= -(-passed // engine.BATCH) + 2  # batches break at non-case items
    sizes.clear()
    result = pytester.runpytest(
        "-q", "-p", "no:xdist", "--conformance-validator", "mine:validate", "-k", "required"
    )
    outcomes = result.parseoutcomes()
    assert sum(sizes) == outcomes["passed"] and "failed" not in outcomes
    assert outcomes["deselected"] > 0


ROOT = Path(__file__).resolve().parents[1]
STRUCTURE = ROOT / "suite" / "data" / "amazon-neptune-ml-job-structure.json"
CASE = ROOT / "cases" / "valid" / "DataProcessingJob" / "all-properties.json"


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["validate", "--definition", "DataProcessingJob", str(CASE)],
        ["diff", str(STRUCTURE), str(STRUCTURE)],
        ["plugin"],  # pytest importing the plugin, no validator asked for
    ],
    ids=["help", "validate", "diff", "unused-plugin"],
)
def test_commands_that_draw_nothing_import_no_generation(argv: list[str], tmp_path: Path) -> None:
    """`--help` paid 0.3 s of imports (Hypothesis, the engine, the adapters), again in every
    helper process, and pytest paid them in every project where the suite is installed."""
    run = (
        "import neptune_ml_conformance.plugin\n"
        if argv == ["plugin"]
        else "from neptune_ml_conformance.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
    )
    script = (
        "import sys\n" + run + "heavy = [m for m in ('hypothesis', 'neptune_ml_conformance._running"
        ".engine', 'neptune_ml_conformance.adapters') if m in sys.modules]\n"
        "print(heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_what_generation_keeps_per_structure_goes_with_the_structure() -> None:
    """Enum values, mutants and sweeps were kept in module tables keyed by `id()`, which
    held every structure a long process (a test run, an xdist worker) met."""
    import gc
    import weakref

    structure = _chain(3)
    core.generate_cases(structure, "quick", 0)
    assert structure.memo  # the work was kept for the structure's next question
    gone = weakref.ref(structure)
    del structure
    gc.collect()
    assert gone() is None
