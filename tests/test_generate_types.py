"""Generation beyond the seed: every type and keyword gets valid values at its edges and
labelled mutants, and certification blames faulty validators of the new rules rightly."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import pytest
from neptune_ml_conformance._generation import blame as _blame
from neptune_ml_conformance._generation.core import (
    INVALID_CATEGORIES,
    VALID_FOCUS,
    _instance_of,
    _sweep,
    applicable,
    generate_cases,
    mutants,
    valid,
    values,
)
from neptune_ml_conformance._generation.draw import draw_examples, draw_replayable
from neptune_ml_conformance._generation.mutants import MUTATORS, json_kind
from neptune_ml_conformance._generation.typed import GENERATORS
from neptune_ml_conformance._io.pointer import pointer_tokens
from neptune_ml_conformance._model.categories import ALL, BLOCKING
from neptune_ml_conformance._model.keywords import KEYWORDS
from neptune_ml_conformance._model.reference import ReferenceValidator, Violation, validate_node
from neptune_ml_conformance._model.samples import BAD_LEXICAL
from neptune_ml_conformance._model.structure import Node, Structure, load, model
from neptune_ml_conformance._model.types import TYPES
from neptune_ml_conformance._running.engine import blame_value, certify, plain_value, plan
from neptune_ml_conformance.adapters import InProcessAdapter

from .documents import root
from .verdicts import failures

STRUCTURE: dict[str, Any] = {
    "$schema": "https://json-structure.org/meta/extended/v0/#",
    "$uses": ["JSONStructureValidation", "JSONStructureConditionalComposition"],
    "definitions": {
        "Numbers": {
            "type": "object",
            "additionalProperties": False,
            "required": ["small", "big"],
            "properties": {
                "small": {"type": "int8"},
                "count": {
                    "type": "uint32",
                    "exclusiveMinimum": 0,
                    "maximum": 100,
                    "multipleOf": 5,
                },
                "big": {"type": "int64"},
                "ubig": {"type": "uint128", "minimum": "1"},
                "huge": {"type": "int128", "exclusiveMaximum": "1000"},
                "ratio": {
                    "type": "double",
                    "minimum": 0,
                    "exclusiveMaximum": 1,
                    "multipleOf": 0.1,
                },
                "f": {"type": "float"},
                "price": {
                    "type": "decimal",
                    "precision": 6,
                    "scale": 2,
                    "minimum": "0",
                    "maximum": "9999.99",
                },
                "odd": {
                    "type": "int32",
                    "anyOf": [
                        {"type": "int32", "maximum": 10},
                        {"type": "int32", "minimum": 100},
                    ],
                },
                "positive": {"type": "int32", "not": {"type": "int32", "maximum": 0}},
            },
        },
        "Texts": {
            "type": "object",
            "required": ["when", "id"],
            "properties": {
                "when": {"type": "datetime"},
                "day": {"type": "date"},
                "at": {"type": "time"},
                "span": {"type": "duration"},
                "id": {"type": "uuid"},
                "link": {"type": "uri"},
                "ptr": {"type": "jsonpointer"},
                "blob": {"type": "binary"},
                "code": {"type": "string", "pattern": "[A-Z]{2}[0-9]+", "maxLength": 6},
                "label": {"type": "string", "minLength": 2, "maxLength": 5, "default": "ab"},
                "mail": {"type": "string", "format": "email"},
                "version": {"type": "string", "const": "v1"},
            },
        },
        "Containers": {
            "type": "object",
            "properties": {
                "tags": {"type": "set", "items": {"type": "string"}, "maxItems": 4},
                "pair": {
                    "type": "tuple",
                    "properties": {"a": {"type": "string"}, "b": {"type": "int32"}},
                    "tuple": ["a", "b"],
                },
                "scores": {"type": "map", "values": {"type": "int32"}, "maxEntries": 3},
                "shape": {"type": {"$ref": "#/definitions/Shape"}},
                "pet": {
                    "type": "choice",
                    "$extends": "#/definitions/Animal",
                    "selector": "kind",
                    "choices": {
                        "cat": {"type": {"$ref": "#/definitions/Cat"}},
                        "dog": {"type": {"$ref": "#/definitions/Dog"}},
                    },
                },
                "list": {
                    "type": "array",
                    "items": {"type": "int32"},
                    "minItems": 1,
                    "maxItems": 3,
                    "uniqueItems": True,
                },
            },
        },
        "Shape": {
            "type": "choice",
            "choices": {
                "circle": {
                    "type": "object",
                    "properties": {"r": {"type": "double"}},
                    "required": ["r"],
                },
                "square": {
                    "type": "object",
                    "properties": {"side": {"type": "int32"}},
                    "required": ["side"],
                },
            },
        },
        "Open": {
            "type": "object",
            "additionalProperties": {"type": "int32"},
            "minProperties": 1,
            "maxProperties": 4,
            "properties": {"name": {"type": "string"}, "size": {"type": "int32"}},
            "dependentRequired": {"name": ["size"]},
        },
        "Animal": {"type": "object", "abstract": True, "properties": {"legs": {"type": "uint8"}}},
        "Cat": {
            "type": "object",
            "$extends": "#/definitions/Animal",
            "properties": {"indoor": {"type": "boolean"}},
        },
        "Dog": {
            "type": "object",
            "$extends": "#/definitions/Animal",
            "properties": {"breed": {"type": "string"}},
        },
    },
}


@pytest.fixture(scope="module")
def edited() -> Structure:
    return model(STRUCTURE)


def _holds(node: Node, instance: Any, category: str, path: str) -> bool:
    found = list(validate_node(node, instance))
    return (
        bool(found)
        and all(v.category == category for v in found)
        and path in {v.path for v in found}
    )


# --- the tables cover every type, keyword and category -----------------------------------------


def test_every_type_family_has_a_generator() -> None:
    assert set(GENERATORS) == {spec.family for spec in TYPES.values()}


def test_every_category_has_a_mutator_entry_and_a_focus() -> None:
    assert set(MUTATORS) == set(ALL)
    # the reasoned "none" entries: a default is valid, an open object's extra member too
    assert {c for c, m in MUTATORS.items() if m is None} == {"defaults", "unknown-properties"}
    assert set(VALID_FOCUS) == set(INVALID_CATEGORIES) == set(ALL)


#: One use of each checked keyword, the value under test at /v, and the category its
#: mutants carry. patternProperties and patternKeys select members; what breaks there is the
#: selected schema's rule (here its type).
KEYWORD_SAMPLES: dict[str, tuple[dict[str, Any], str]] = {
    "enum": ({"type": "string", "enum": ["a", "b"]}, "enum"),
    "const": ({"type": "int32", "const": 3}, "enum"),
    "minimum": ({"type": "int16", "minimum": -5}, "minimum"),
    "exclusiveMinimum": ({"type": "decimal", "exclusiveMinimum": "1.5"}, "minimum"),
    "maximum": ({"type": "uint64", "maximum": "99"}, "maximum"),
    "exclusiveMaximum": ({"type": "float", "exclusiveMaximum": 2.5}, "maximum"),
    "multipleOf": ({"type": "decimal", "multipleOf": "0.25"}, "multiple-of"),
    "minLength": ({"type": "string", "minLength": 3}, "length"),
    "maxLength": ({"type": "string", "maxLength": 3}, "length"),
    "pattern": ({"type": "string", "pattern": "a+b"}, "pattern"),
    "format": ({"type": "string", "format": "ipv4"}, "format"),
    "required": (
        {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
        "required",
    ),
    "dependentRequired": (
        {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "dependentRequired": {"a": ["b"]},
        },
        "required",
    ),
    "properties": ({"type": "object", "properties": {"a": {"type": "uuid"}}}, "type"),
    "additionalProperties": (
        {"type": "object", "properties": {"a": {"type": "int8"}}, "additionalProperties": False},
        "additional-properties",
    ),
    "patternProperties": (
        {"type": "object", "patternProperties": {"^x": {"type": "int32"}}},
        "type",
    ),
    "propertyNames": (
        {"type": "object", "propertyNames": {"type": "string", "maxLength": 2}},
        "entries",
    ),
    "minProperties": ({"type": "object", "minProperties": 2}, "entries"),
    "maxProperties": ({"type": "object", "maxProperties": 1}, "entries"),
    "items": ({"type": "array", "items": {"type": "date"}}, "type"),
    "minItems": ({"type": "array", "items": {"type": "int32"}, "minItems": 2}, "items"),
    "maxItems": ({"type": "array", "items": {"type": "int32"}, "maxItems": 2}, "items"),
    "uniqueItems": ({"type": "array", "items": {"type": "int8"}, "uniqueItems": True}, "items"),
    "contains": (
        {"type": "array", "items": {"type": "int32"}, "contains": {"type": "int32", "minimum": 5}},
        "items",
    ),
    "tuple": (
        {
            "type": "tuple",
            "properties": {"x": {"type": "int32"}, "y": {"type": "string"}},
            "tuple": ["x", "y"],
        },
        "items",
    ),
    "values": ({"type": "map", "values": {"type": "boolean"}}, "type"),
    "patternKeys": (
        {"type": "map", "values": {"type": "any"}, "patternKeys": {"^n": {"type": "int8"}}},
        "type",
    ),
    "keyNames": (
        {
            "type": "map",
            "values": {"type": "int8"},
            "keyNames": {"type": "string", "pattern": "[a-z]+"},
        },
        "entries",
    ),
    "minEntries": ({"type": "map", "values": {"type": "int8"}, "minEntries": 2}, "entries"),
    "maxEntries": ({"type": "map", "values": {"type": "int8"}, "maxEntries": 1}, "entries"),
    "has": (
        {"type": "map", "values": {"type": "int32"}, "has": {"type": "int32", "minimum": 7}},
        "entries",
    ),
    "choices": (
        {
            "type": "choice",
            "choices": {"a": {"type": "string"}, "b": {"type": "int32"}},
        },
        "type",
    ),
    "allOf": (
        {
            "type": "int32",
            "allOf": [{"type": "int32", "minimum": 0}, {"type": "int32", "maximum": 9}],
        },
        "composition",
    ),
    "anyOf": (
        {
            "type": "string",
            "anyOf": [{"type": "string", "maxLength": 1}, {"type": "string", "pattern": "z+"}],
        },
        "composition",
    ),
    "oneOf": (
        {
            "type": "int32",
            "oneOf": [{"type": "int32", "minimum": 0}, {"type": "int32", "maximum": 10}],
        },
        "composition",
    ),
    "not": ({"type": "string", "not": {"type": "string", "maxLength": 0}}, "composition"),
    "if": (
        {
            "type": "int32",
            "if": {"type": "int32", "minimum": 10},
            "then": {"type": "int32", "multipleOf": 2},
            "else": {"type": "int32", "maximum": 0},
        },
        "composition",
    ),
}


def test_every_checked_keyword_has_a_sample() -> None:
    checked = {name for name, keyword in KEYWORDS.items() if keyword.check is not None}
    assert set(KEYWORD_SAMPLES) == checked


def _wrapped(schema: dict[str, Any]) -> Structure:
    return model(
        {"definitions": {"T": {"type": "object", "properties": {"v": schema}, "required": ["v"]}}}
    )


def _check_sets(structure: Structure, definition: str, count: int = 12) -> set[tuple[str, bool]]:
    node = structure.definitions[definition]
    pairs = set(applicable(structure, definition))
    for category, is_valid in sorted(pairs):
        if is_valid:
            drawn = draw_examples(valid(node, category), count, 1)
            assert drawn, (definition, category)
            for instance in drawn:
                assert list(validate_node(node, instance)) == [], (category, instance)
        else:
            found = draw_replayable(
                mutants(structure, definition, category), count, 1, identity=_instance_of
            )
            assert found, (definition, category)
            for mutant, _ in found:
                assert mutant.category == category
                assert _holds(node, mutant.instance, category, mutant.path), mutant
    return pairs


@pytest.mark.parametrize("keyword", sorted(KEYWORD_SAMPLES))
def test_each_keyword_gets_valid_values_and_labelled_mutants(keyword: str) -> None:
    schema, category = KEYWORD_SAMPLES[keyword]
    structure = _wrapped(schema)
    pairs = _check_sets(structure, "T", count=6)
    assert (category, False) in pairs
    assert ("type", True) in pairs


@pytest.mark.parametrize("name", sorted(TYPES))
def test_each_type_gets_valid_values_and_mutants(name: str) -> None:
    schema: dict[str, Any] = {"type": name}
    if name in ("array", "set"):
        schema["items"] = {"type": "int32"}
    if name == "map":
        schema["values"] = {"type": "string"}
    if name == "tuple":
        schema.update(properties={"a": {"type": "boolean"}}, tuple=["a"])
    if name == "choice":
        schema["choices"] = {"a": {"type": "null"}}
    structure = _wrapped(schema)
    pairs = _check_sets(structure, "T", count=6)
    assert ("type", False) in pairs and ("type", True) in pairs


# --- the edited structure: each (definition, category) pair -----------------------------------


def test_every_category_is_exercised_by_the_edited_structure(edited: Structure) -> None:
    pairs = {p for d in edited.definitions for p in applicable(edited, d)}
    assert {c for c, v in pairs if v} == set(ALL) - {"integer-lexical"}
    assert {c for c, v in pairs if not v} == set(ALL) - {"defaults", "unknown-properties"}


@pytest.mark.parametrize("definition", ["Numbers", "Texts", "Containers", "Shape", "Open", "Cat"])
def test_drawn_sets_are_valid_and_mutants_carry_their_label(
    edited: Structure, definition: str
) -> None:
    _check_sets(edited, definition)


def _drawn_at(edited: Structure, definition: str, name: str, count: int = 80) -> list[Any]:
    return draw_examples(values(edited.definitions[definition].properties[name]), count, 0)


def test_valid_values_reach_the_edges(edited: Structure) -> None:
    big = _drawn_at(edited, "Numbers", "big")
    assert {"9223372036854775807", "-9223372036854775808"} <= set(big)
    assert "340282366920938463463374607431768211455" in _drawn_at(edited, "Numbers", "ubig")
    assert "999" in _drawn_at(edited, "Numbers", "huge")  # one below the exclusive bound
    assert "9999.99" in _drawn_at(edited, "Numbers", "price")
    when = _drawn_at(edited, "Texts", "when")
    assert any(":60" in w for w in when) and any("t" in w[10] for w in when)
    assert any(w.endswith("z") for w in when) or any("z" in w for w in when)
    assert any(u != u.lower() for u in _drawn_at(edited, "Texts", "id"))
    label = _drawn_at(edited, "Texts", "label")
    assert any(len(s) == 5 and len(s.encode("utf-16-le")) > 10 for s in label)
    assert any(re.fullmatch("[A-Z]{2}[0-9]+", s) for s in _drawn_at(edited, "Texts", "code"))
    scores = _drawn_at(edited, "Containers", "scores")
    assert {} in scores and any("" in m for m in scores)
    ratio = _drawn_at(edited, "Numbers", "ratio")
    assert any(math.fmod(r, 0.1) != 0 for r in ratio)  # multiples binary floats get wrong


def _offending(schema: dict[str, Any], category: str, count: int = 40) -> list[Any]:
    structure = _wrapped(schema)
    drawn = draw_replayable(mutants(structure, "T", category), count, 2, identity=_instance_of)
    return [_value_at(m.instance, m.path) for m, _ in drawn if m.path == "/v"]


def test_mutants_include_the_wrong_lexical_forms() -> None:
    assert {"007", "+5", "1e5"} <= set(_offending({"type": "int64"}, "format"))
    assert any(isinstance(v, int) for v in _offending({"type": "int64"}, "type"))
    assert "1e5" in _offending({"type": "decimal"}, "format")
    assert {"2023-02-29", "2023-04-31"} & set(_offending({"type": "date"}, "format"))
    assert "2024-01-01T00:00:00" in _offending({"type": "datetime"}, "format")
    bare = _offending({"type": "uuid"}, "format")
    assert any(len(u) == 32 and "-" not in u for u in bare)
    searched = _offending({"type": "string", "pattern": "[a-z]+"}, "pattern")
    assert any(re.search("[a-z]+", s) for s in searched)


def _swept(schema: dict[str, Any], category: str) -> list[tuple[Any, str]]:
    """The sweep's mutants of a wrapped schema: (offending value, its pointer under /v)."""
    structure = _wrapped(schema)
    found = _sweep(structure, category).get("T", [])
    node = structure.definitions["T"]
    assert all(_holds(node, m.instance, category, m.path) for m in found)
    return [(_value_at(m.instance, m.path), m.path) for m in found if m.path.startswith("/v")]


def test_the_sweep_tries_every_listed_wrong_form_once_per_kind_of_slot() -> None:
    """A few random draws per set miss most listed forms; the sweep tries each of them."""
    forms = {v for v, _ in _swept({"type": "datetime"}, "format")}
    assert set(BAD_LEXICAL["datetime"]) <= forms
    assert {"2023-04-31T00:00:00Z", "2024-01-01T12:00:60Z"} <= forms
    assert {"eA", "-_8="} <= {v for v, _ in _swept({"type": "binary"}, "format")}
    assert {" 5", "1e5"} <= {v for v, _ in _swept({"type": "int64"}, "format")}
    assert "P1.5D" in {v for v, _ in _swept({"type": "duration"}, "format")}
    # one wrong value per JSON type, in each kind of place
    mapped = _swept({"type": "map", "values": {"type": "string"}}, "type")
    assert any(isinstance(v, list) and p == "/v" for v, p in mapped)
    assert any(not isinstance(v, str) and p.startswith("/v/") for v, p in mapped)
    roots = [json_kind(v) for v, p in mapped if p == "/v"]
    assert len(roots) == len(set(roots))
    pair = {"type": "tuple", "properties": {"a": {"type": "uint8"}}, "tuple": ["a"]}
    assert any(p == "/v/0" for _, p in _swept(pair, "type"))
    tagged = {"type": "choice", "choices": {"a": {"type": "string", "maxLength": 3}}}
    assert {} in [v for v, _ in _swept(tagged, "type")]
    assert any(p == "/v/no-such-choice" for _, p in _swept(tagged, "type"))
    assert ("xxxx", "/v/a") in _swept(tagged, "length")
    steps = {"type": "int32", "minimum": 16, "multipleOf": 16}
    assert 24 in {v for v, _ in _swept(steps, "multiple-of")}
    cased = [v for v, _ in _swept({"type": "string", "pattern": "[a-z]+"}, "pattern")]
    assert any(isinstance(v, str) and v.isupper() for v in cased)
    tags = {"type": "map", "values": {"type": "string"}, "maxEntries": 3}
    tags["keyNames"] = {"type": "string", "minLength": 1}
    assert any(isinstance(v, dict) and len(v) == 4 for v, _ in _swept(tags, "entries"))


def test_a_definition_without_a_valid_value_is_left_unswept() -> None:
    """The sweep places mutants in plain valid containers; with none, it says so and moves
    on rather than ending the run (the drawn sets warn the same way)."""
    broken = _wrapped({"type": "int32", "minimum": 5, "maximum": 1})
    with pytest.warns(UserWarning, match="no type sweep for T"):
        assert _sweep(broken, "type") == {"T": []}


def test_the_seed_is_swept_like_any_structure() -> None:
    """One generator for every node: the seed's wrong types are swept into its slots too,
    each label confirmed by the reference."""
    seed = load()
    swept = _sweep(seed, "type")
    assert any(swept.values())
    for name, found in swept.items():
        for mutant in found:
            violations = list(validate_node(seed.definitions[name], mutant.instance))
            assert violations and {v.category for v in violations} == {"type"}


def _value_at(instance: Any, pointer: str) -> Any:
    for token in pointer_tokens(pointer):
        instance = instance[int(token)] if isinstance(instance, list) else instance[token]
    return instance


# --- blame for over-strict validators ----------------------------------------------------------


def test_blame_names_the_rule_a_refused_valid_value_exercises(edited: Structure) -> None:
    texts = edited.definitions["Texts"].properties
    numbers = edited.definitions["Numbers"].properties
    assert blame_value(texts["id"], "123E4567-E89B-12D3-A456-426614174000") == "format"
    assert blame_value(texts["label"], "🚀🚀🚀🚀🚀") == "length"
    assert blame_value(texts["code"], "AB12") == "pattern"
    assert blame_value(numbers["ratio"], 0.3) == "multiple-of"
    assert blame_value(numbers["count"], 100) == "maximum"
    assert blame_value(numbers["big"], "9223372036854775807") == "range"
    assert blame_value(numbers["big"], "12") == "format"
    for definition, node in edited.definitions.items():
        for name, child in node.properties.items():
            assert list(validate_node(child, plain_value(child))) == [], (definition, name)


def test_blame_names_a_container_edge_before_its_members() -> None:
    """A refused set of exactly maxItems patterned strings is a count read as exclusive, a
    refused extra member under a schema is `additionalProperties`, not its string."""

    def blamed(schema: dict[str, Any], value: Any) -> str:
        return _blame.blame(_wrapped(schema).definitions["T"].properties["v"], value)

    subnets = {"type": "set", "items": {"type": "string", "pattern": "s-[0-9]"}, "maxItems": 2}
    assert blamed(subnets, ["s-1", "s-2"]) == "items"
    assert blamed(subnets, ["s-1"]) == "pattern"
    tags = {"type": "map", "values": {"type": "string", "maxLength": 3}, "maxEntries": 2}
    assert blamed(tags, {"a": "x", "b": "y"}) == "entries"
    tags["keyNames"] = {"type": "string", "maxLength": 4}
    assert blamed(tags, {"éééé": "x"}) == "entries"
    assert blamed(tags, {"a": "🚀"}) == "length"
    params = {
        "type": "object",
        "properties": {"s": {"type": "string", "pattern": "s3://.*"}},
        "additionalProperties": {"type": "string"},
    }
    assert blamed(params, {"s": "s3://x", "extra": "x"}) == "additional-properties"
    assert blamed(params, {"s": "s3://x"}) == "pattern"


# --- certification catches faulty validators of the new rules --------------------------------


def _faults(structure: Structure) -> dict[str, tuple[Callable[[str, Any], Any], str]]:
    reference = ReferenceValidator(structure)

    def forgiving(test: Callable[[Violation, Any], bool]) -> Callable[[str, Any], Any]:
        return lambda d, i: [v for v in reference.validate(d, i) if not test(v, i)]

    def refusing(test: Callable[[str, Any, Any], bool]) -> Callable[[str, Any], Any]:
        def validate(d: str, instance: Any) -> bool:
            node = structure.definitions[d]
            if isinstance(instance, dict):
                for name, value in instance.items():
                    child = node.properties.get(name)
                    if child is not None and test(name, child, value):
                        return False
            return not reference.validate(d, instance)

        return validate

    def at(v: Violation, i: Any) -> Any:
        return _value_at(i, v.path)

    return {
        "int64_as_json_number": (
            forgiving(
                lambda v, i: bool(re.match(r"expected u?int(64|128), got number", v.message))
            ),
            "type",
        ),
        "counts_utf8_bytes": (
            refusing(
                lambda n, c, v: (
                    isinstance(v, str)
                    and "maxLength" in c.rules
                    and len(v.encode()) > c.rules["maxLength"]
                )
            ),
            "length",
        ),
        "pattern_as_search": (
            forgiving(
                lambda v, i: (
                    v.category == "pattern" and re.search("[A-Z]{2}[0-9]+", at(v, i)) is not None
                )
            ),
            "pattern",
        ),
        "refuses_upper_case_uuid": (
            refusing(lambda n, c, v: c.type == "uuid" and v != v.lower()),
            "format",
        ),
        "ignores_set_uniqueness": (
            forgiving(lambda v, i: "duplicate element" in v.message),
            "items",
        ),
        "exclusive_maximum_as_inclusive": (
            forgiving(lambda v, i: "is not less than" in v.message),
            "maximum",
        ),
        "float_remainder_multiple_of": (
            refusing(
                lambda n, c, v: (
                    "multipleOf" in c.rules
                    and isinstance(v, float)
                    and math.fmod(v, float(c.rules["multipleOf"])) != 0
                )
            ),
            "multiple-of",
        ),
        "refuses_leap_seconds": (
            refusing(lambda n, c, v: c.type in ("datetime", "time") and ":60" in v),
            "format",
        ),
        "accepts_leading_zeros": (
            forgiving(lambda v, i: "is not an integer string" in v.message),
            "format",
        ),
        "accepts_two_tags": (
            forgiving(lambda v, i: "a tagged choice has exactly one member" in v.message),
            "type",
        ),
        "ignores_tuple_arity": (
            forgiving(lambda v, i: "the tuple has exactly" in v.message),
            "items",
        ),
        "open_closed_objects": (
            forgiving(lambda v, i: v.category == "additional-properties"),
            "additional-properties",
        ),
        "ignores_not": (forgiving(lambda v, i: "`not`" in v.message), "composition"),
        "map_entries_off_by_one": (
            forgiving(
                lambda v, i: (
                    v.category == "entries"
                    and "entries, more than" in v.message
                    and len(at(v, i)) == 4
                )
            ),
            "entries",
        ),
        "accepts_impossible_dates": (
            forgiving(
                lambda v, i: (
                    v.category == "format"
                    and isinstance(at(v, i), str)
                    and bool(re.fullmatch(r"\d{4}-\d\d-\d\d", at(v, i)))
                )
            ),
            "format",
        ),
    }


@pytest.fixture(scope="module")
def edited_plan(edited: Structure) -> Any:
    # `default` (40 per set): some faults show in one kind of mutant among many
    cases = generate_cases(edited, "default", 0)
    return plan(edited, cases=[], profile="default", seed=0, generated=cases)


def test_the_reference_is_conformant_on_the_edited_structure(
    edited: Structure, edited_plan: Any
) -> None:
    adapter = InProcessAdapter("reference", "reference", ReferenceValidator(edited))
    (entry,) = certify(edited_plan, [adapter])["validators"]
    assert entry["conformant"], failures(entry)


FAULT_NAMES = sorted(_faults(model(STRUCTURE)))


@pytest.mark.parametrize("name", FAULT_NAMES)
def test_faulty_validators_of_new_rules_are_caught_in_their_category(
    edited: Structure, edited_plan: Any, name: str
) -> None:
    validate, expected = _faults(edited)[name]
    (entry,) = certify(edited_plan, [InProcessAdapter(name, name, validate)])["validators"]
    failed = {c for c, n in entry["categories"].items() if n["failed"] and c in BLOCKING}
    assert failed == {expected}, [
        (f["category"], f["instance"], f["detail"]) for f in entry["failures"][:3]
    ]


@pytest.mark.parametrize("definition", ["Numbers", "Texts", "Containers", "Shape", "Open"])
def test_public_strategies_pass_hypothesis_health_checks(
    edited: Structure, definition: str
) -> None:
    from hypothesis import given, settings
    from neptune_ml_conformance import strategies

    reference = ReferenceValidator(edited)

    @settings(max_examples=30)
    @given(strategies.valid(definition, edited), strategies.invalid(definition, None, edited))
    def check(good: Any, bad: Any) -> None:
        assert reference.validate(definition, good) == []
        assert reference.validate(definition, bad) != []

    check()


def test_slots_are_the_one_descent_into_containers() -> None:
    """Every container family has its slots, in declaration order; scalars and unions none."""
    from neptune_ml_conformance._generation.slots import slots

    document = {
        "definitions": {
            "O": {
                "type": "object",
                "properties": {"a": {"type": "string"}, "b": {"type": "int32"}},
                "additionalProperties": {"type": "boolean"},
            },
            "A": {"type": "set", "items": {"type": "string"}},
            "T": {
                "type": "tuple",
                "name": "T",
                "properties": {"x": {"type": "string"}, "y": {"type": "int32"}},
                "tuple": ["y", "x"],
            },
            "M": {"type": "map", "values": {"type": "string"}},
            "C": {"type": "choice", "choices": {"p": {"type": "string"}}},
            "S": {"type": "string"},
            "U": {"type": ["string", "int32"]},
        }
    }
    found = {
        name: [(s.place, s.key, s.child.type) for s in slots(node)]
        for name, node in model(document).definitions.items()
    }
    assert found == {
        "O": [
            ("member", "a", "string"),
            ("member", "b", "int32"),
            ("additional", None, "boolean"),
        ],
        "A": [("item", None, "string")],
        "T": [("element", 0, "int32"), ("element", 1, "string")],
        "M": [("value", None, "string")],
        "C": [("branch", "p", "string")],
        "S": [],
        "U": [],
    }


def test_a_pattern_member_is_narrowed_against_its_patterns_schema() -> None:
    """Blame pairs each member of a refused object with the schema the rules give it: a
    declared member's, else the first pattern that selects its name, else
    `additionalProperties`. A pattern member was paired with `additionalProperties`."""
    structure = model(
        {
            "$uses": ["JSONStructureValidation"],
            "definitions": {
                "Tags": {
                    "type": "object",
                    "properties": {"id": {"type": "string"}},
                    "patternProperties": {"^x-": {"type": "string", "maxLength": 3}},
                    "additionalProperties": {"type": "int32"},
                }
            },
        }
    )
    node = structure.definitions["Tags"]
    paired = {
        token: child
        for child, _, _, token in _blame.members(node, {"id": "a", "x-a": "abc", "n": 5})
    }
    assert paired["id"] is node.properties["id"]
    assert paired["x-a"] is node.rules["patternProperties"]["^x-"]
    assert paired["n"] is node.additional_properties


def test_a_set_of_few_listed_values_is_never_asked_for_more_items_than_they_are() -> None:
    """A set of an enum's values with no `maxItems` (a primer sample's `genres`) made the
    `type` and `items` sets ask for 11 to 40 distinct items of 8 values, and the run ended
    with "no instance can be drawn"; a `maxItems` past the values was drawn at too."""
    genres = {"type": "string", "enum": ["fiction", "mystery", "romance", "sci-fi"]}
    structure = model(
        {
            "$uses": ["JSONStructureValidation"],
            "definitions": {
                "Book": {
                    "type": "object",
                    "properties": {
                        "genres": {"type": "set", "items": genres},
                        "flags": {"type": "set", "items": {"type": "boolean"}, "maxItems": 5},
                    },
                    "required": ["genres", "flags"],
                }
            },
        }
    )
    cases = [c for c in generate_cases(structure, "quick", 0) if c.valid]
    assert cases
    assert max(len(c.instance["genres"]) for c in cases) == 4
    assert max(len(c.instance["flags"]) for c in cases) == 2


def test_a_count_the_required_members_fall_short_of_is_made_up_by_optional_ones() -> None:
    """`minProperties: 2` over one required member of a closed object: every valid set
    draws (the `required` set, which leaves optional members out, once drew none), and
    which optional member makes up the count varies, so that a validator taking one of
    them for required is still refused a valid instance."""
    node = root(
        {
            "type": "object",
            "properties": {"a": {"type": "int32"}, "b": {"type": "int32"}, "c": {"type": "string"}},
            "required": ["a"],
            "minProperties": 2,
            "additionalProperties": False,
        }
    )
    for focus in ("type", "required", "defaults", "entries"):
        drawn = draw_examples(valid(node, focus), 12, 0)
        assert len(drawn) == 12, focus
        assert all(len(d) >= 2 and not list(validate_node(node, d)) for d in drawn), focus
        assert any("b" not in d for d in drawn) and any("c" not in d for d in drawn), focus


def test_members_brought_by_dependent_required_are_followed_within_max_properties() -> None:
    """Every optional member brings others (`dependentRequired`, followed through); some
    orders overrun `maxProperties`, others do not, and the valid sets still draw."""
    node = root(
        {
            "type": "object",
            "properties": {n: {"type": "int32"} for n in "axyz"},
            "required": ["a"],
            "dependentRequired": {"x": ["y", "z"], "y": ["z"], "z": ["y"]},
            "minProperties": 2,
            "maxProperties": 3,
            "additionalProperties": False,
        }
    )
    for focus in ("type", "required", "entries"):
        drawn = draw_examples(valid(node, focus), 3, 0)
        assert drawn and all(not list(validate_node(node, d)) for d in drawn), focus
