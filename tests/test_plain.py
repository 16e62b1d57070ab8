"""Each node's plain value (`_model/plain.py`): what blame, explanations and `diff` start
from. Without a draw (as `diff` asks), a node whose candidates the reference all refuses
gets its first candidate, so the candidates must cover what the keywords allow."""

from __future__ import annotations

from typing import Any

import pytest
from neptune_ml_conformance._model.plain import plain
from neptune_ml_conformance._model.reference import admits

from .documents import root


@pytest.mark.parametrize(
    "schema",
    [
        # alternative sets of `required`: none of the names is in every set
        {
            "type": "object",
            "properties": {n: {"type": "string"} for n in "abc"},
            "required": [["a", "b"], ["c"]],
            "additionalProperties": False,
        },
        # a required name no property declares
        {"type": "object", "properties": {"a": {"type": "int32"}}, "required": ["a", "z"]},
        # a range with no whole number in it
        {"type": "number", "minimum": 0.1, "maximum": 0.9},
        {"type": "double", "exclusiveMinimum": 2.25, "exclusiveMaximum": 2.75},
        # a map that needs entries
        {"type": "map", "values": {"type": "int32", "minimum": 5}, "minEntries": 2},
        # a step of a fraction, inside a narrow range
        {"type": "number", "minimum": 0.25, "maximum": 0.3, "multipleOf": 0.05},
        {"type": "string", "format": "ipv4"},
    ],
)
def test_without_a_draw_the_plain_value_is_admitted(schema: dict[str, Any]) -> None:
    node = root(schema)
    assert admits(node, plain(node)), plain(node)


def test_a_step_of_zero_is_no_division() -> None:
    """`multipleOf: 0` is a structure defect lint reports; the plain value still exists."""
    node = root({"type": "int32", "multipleOf": 0})
    assert isinstance(plain(node), int)


def test_a_draw_is_asked_only_where_no_candidate_is_admitted() -> None:
    asked: list[Any] = []

    def draw(node: Any) -> Any:
        asked.append(node)
        return "drawn"

    simple = root({"type": "string", "minLength": 3})
    assert plain(simple, draw) == "xxx" and asked == []
    patterned = root({"type": "string", "pattern": "^[0-9]{4}$"})
    assert plain(patterned, draw) == "drawn" and asked == [patterned]


def test_what_is_worked_out_for_a_node_goes_with_the_node() -> None:
    """A plain value and a shape's digest are kept with their node, not in a table that
    would keep every node ever asked about alive (`Node.having` makes one per question)."""
    import gc
    import weakref

    from neptune_ml_conformance._generation.typed import shape

    base = root({"type": "object", "properties": {"a": {"type": "int32", "minimum": 3}}})
    asked = base.properties["a"].having(minimum=5)
    assert plain(asked) == 5 and plain(base.properties["a"]) == 3
    assert shape(asked) != shape(base.properties["a"])
    gone = weakref.ref(asked)
    del asked
    gc.collect()
    assert gone() is None
