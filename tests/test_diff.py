"""diff: every keyword and type change judged in both directions, each breaking claim with a
witness confirmed by the reference under both structures, nothing silently compatible."""

from __future__ import annotations

import copy
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance import Structure
from neptune_ml_conformance._edits.diff import Change, as_markdown, diff
from neptune_ml_conformance._edits.diff_rules import RULES
from neptune_ml_conformance._edits.diff_values import type_contains
from neptune_ml_conformance._model.keywords import KEYWORDS
from neptune_ml_conformance._model.reference import validate_node
from neptune_ml_conformance._model.structure import model
from neptune_ml_conformance._model.types import TYPES
from neptune_ml_conformance.cli import main

B, C, U = "breaking", "compatible", "unclassified"
VALIDATION = "https://json-structure.org/meta/extended/v0/#"


def doc(body: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A document with one definition `T` (an object unless `body` says otherwise)."""
    return {
        "$schema": VALIDATION,
        "$uses": ["JSONStructureValidation", "JSONStructureConditionalComposition"],
        "definitions": {"T": body if body is not None else {"type": "object", "properties": {}}},
        **extra,
    }


def obj(properties: dict[str, Any] | None = None, **keywords: Any) -> dict[str, Any]:
    return doc({"type": "object", "properties": properties or {}, **keywords})


def prop(schema: dict[str, Any]) -> dict[str, Any]:
    return obj({"p": schema})


Row = tuple[dict[str, Any], dict[str, Any], set[tuple[str, str, str]]]

S = {"type": "string"}
I32 = {"type": "int32"}

EDITS: dict[str, Row] = {
    # types: widening, narrowing, number <-> string-encoded, arrays and sets
    "type-widen-int8-int32": (prop({"type": "int8"}), prop(I32), {("type changed", C, B)}),
    "type-narrow-int32-int8": (prop(I32), prop({"type": "int8"}), {("type changed", B, C)}),
    "type-int32-int64": (prop(I32), prop({"type": "int64"}), {("type changed", B, B)}),
    "type-int64-int32": (prop({"type": "int64"}), prop(I32), {("type changed", B, B)}),
    "type-int64-decimal": (
        prop({"type": "int64"}),
        prop({"type": "decimal"}),
        {("type changed", C, B)},
    ),
    "type-string-date": (prop(S), prop({"type": "date"}), {("type changed", B, C)}),
    "type-date-string": (prop({"type": "date"}), prop(S), {("type changed", C, B)}),
    "type-int32-number": (prop(I32), prop({"type": "number"}), {("type changed", C, B)}),
    "type-float-double": (
        prop({"type": "float"}),
        prop({"type": "double"}),
        {("type changed", C, B)},
    ),
    "type-uint64-int128": (
        prop({"type": "uint64"}),
        prop({"type": "int128"}),
        {("type changed", C, B)},
    ),
    "type-array-set": (
        prop({"type": "array", "items": S}),
        prop({"type": "set", "items": S}),
        {("type changed", B, C)},
    ),
    "type-set-array": (
        prop({"type": "set", "items": S}),
        prop({"type": "array", "items": S}),
        {("type changed", C, B)},
    ),
    "type-union-widen": (prop(S), prop({"type": ["string", "null"]}), {("type changed", C, B)}),
    "type-union-narrow": (prop({"type": ["string", "null"]}), prop(S), {("type changed", B, C)}),
    # numeric bounds, inclusive and exclusive
    "minimum-raised": (
        prop({**I32, "minimum": 1}),
        prop({**I32, "minimum": 3}),
        {("minimum raised", B, C)},
    ),
    "minimum-lowered": (
        prop({**I32, "minimum": 3}),
        prop({**I32, "minimum": 1}),
        {("minimum lowered", C, B)},
    ),
    "minimum-added": (prop(I32), prop({**I32, "minimum": 0}), {("minimum raised", B, C)}),
    "minimum-removed": (prop({**I32, "minimum": 0}), prop(I32), {("minimum lowered", C, B)}),
    "exclusive-minimum-added": (
        prop({"type": "number"}),
        prop({"type": "number", "exclusiveMinimum": 0}),
        {("minimum raised", B, C)},
    ),
    "minimum-to-exclusive-same-set": (
        prop({**I32, "minimum": 1}),
        prop({**I32, "exclusiveMinimum": 0}),
        {("minimum changed", C, C)},
    ),
    "maximum-lowered": (
        prop({**I32, "maximum": 9}),
        prop({**I32, "maximum": 5}),
        {("maximum lowered", B, C)},
    ),
    "maximum-raised": (
        prop({**I32, "maximum": 5}),
        prop({**I32, "maximum": 9}),
        {("maximum raised", C, B)},
    ),
    "exclusive-maximum-removed": (
        prop({"type": "double", "exclusiveMaximum": 1}),
        prop({"type": "double"}),
        {("maximum raised", C, B)},
    ),
    "maximum-int64-string": (
        prop({"type": "int64", "maximum": "10"}),
        prop({"type": "int64", "maximum": "5"}),
        {("maximum lowered", B, C)},
    ),
    "multipleof-coarser": (
        prop({**I32, "multipleOf": 2}),
        prop({**I32, "multipleOf": 4}),
        {("multipleOf changed", B, C)},
    ),
    "multipleof-finer": (
        prop({**I32, "multipleOf": 4}),
        prop({**I32, "multipleOf": 2}),
        {("multipleOf changed", C, B)},
    ),
    "multipleof-added": (prop(I32), prop({**I32, "multipleOf": 3}), {("multipleOf added", B, C)}),
    # lengths
    "maxlength-added": (prop(S), prop({**S, "maxLength": 5}), {("maxLength lowered", B, C)}),
    "maxlength-raised": (
        prop({**S, "maxLength": 5}),
        prop({**S, "maxLength": 9}),
        {("maxLength raised", C, B)},
    ),
    "minlength-raised": (
        prop({**S, "minLength": 1}),
        prop({**S, "minLength": 3}),
        {("minLength raised", B, C)},
    ),
    "minlength-removed": (prop({**S, "minLength": 2}), prop(S), {("minLength lowered", C, B)}),
    # patterns: languages compared by drawing from each
    "pattern-added": (prop(S), prop({**S, "pattern": "[a-z]+"}), {("pattern added", B, C)}),
    "pattern-removed": (prop({**S, "pattern": "[a-z]+"}), prop(S), {("pattern removed", C, B)}),
    "pattern-disjoint": (
        prop({**S, "pattern": "a+"}),
        prop({**S, "pattern": "b+"}),
        {("pattern changed", B, B)},
    ),
    "pattern-narrowed": (
        prop({**S, "pattern": "[a-z]+"}),
        prop({**S, "pattern": "[a-c]+"}),
        {("pattern changed", B, U)},
    ),
    # format
    "format-added": (prop(S), prop({**S, "format": "email"}), {("format added", B, C)}),
    "format-removed": (prop({**S, "format": "ipv4"}), prop(S), {("format removed", C, B)}),
    "format-changed": (
        prop({**S, "format": "ipv4"}),
        prop({**S, "format": "ipv6"}),
        {("format changed", B, B)},
    ),
    # enum and const
    "enum-value-removed": (
        prop({**S, "enum": ["a", "b"]}),
        prop({**S, "enum": ["a"]}),
        {("enum changed", B, C)},
    ),
    "enum-value-added": (
        prop({**S, "enum": ["a"]}),
        prop({**S, "enum": ["a", "b"]}),
        {("enum changed", C, B)},
    ),
    "enum-added": (prop(S), prop({**S, "enum": ["a"]}), {("enum added", B, C)}),
    "const-added": (prop(S), prop({**S, "const": "a"}), {("const added", B, C)}),
    "const-changed": (
        prop({**S, "const": "a"}),
        prop({**S, "const": "b"}),
        {("const changed", B, B)},
    ),
    # required, both forms, and dependentRequired
    "required-added": (obj({"a": S}), obj({"a": S}, required=["a"]), {("required added", B, C)}),
    "required-removed": (
        obj({"a": S}, required=["a"]),
        obj({"a": S}),
        {("required removed", C, B)},
    ),
    "required-alternatives": (
        obj({"a": S, "b": S}, required=[["a"], ["b"]]),
        obj({"a": S, "b": S}, required=[["a"]]),
        {("required changed", B, B)},
    ),
    "dependent-required-added": (
        obj({"a": S, "b": S}),
        obj({"a": S, "b": S}, dependentRequired={"a": ["b"]}),
        {("dependentRequired changed", B, C)},
    ),
    "dependent-required-removed": (
        obj({"a": S, "b": S}, dependentRequired={"a": ["b"]}),
        obj({"a": S, "b": S}),
        {("dependentRequired changed", C, B)},
    ),
    # members
    "additional-properties-closed": (
        obj({"a": S}),
        obj({"a": S}, additionalProperties=False),
        {("additionalProperties added", B, C)},
    ),
    "additional-properties-opened": (
        obj({"a": S}, additionalProperties=False),
        obj({"a": S}),
        {("additionalProperties removed", C, B)},
    ),
    "additional-properties-schema": (
        obj({}, additionalProperties={"type": "string"}),
        obj({}, additionalProperties={"type": "string", "maxLength": 1}),
        {("maxLength lowered", B, C)},
    ),
    "property-added-open": (obj({}), obj({"a": S}), {("property added", B, C)}),
    "property-added-closed": (
        obj({}, additionalProperties=False),
        obj({"a": S}, additionalProperties=False),
        {("property added", C, B)},
    ),
    "property-removed-open": (obj({"a": S}), obj({}), {("property removed", C, B)}),
    "property-count": (obj({}), obj({}, maxProperties=1), {("maxProperties lowered", B, C)}),
    "property-count-min": (obj({}, minProperties=1), obj({}), {("minProperties lowered", C, B)}),
    "property-names": (
        obj({}),
        obj({}, propertyNames={"type": "string", "maxLength": 2}),
        {("propertyNames added", B, C)},
    ),
    "pattern-properties": (
        obj({}),
        obj({}, patternProperties={"^n": {"type": "int32"}}),
        {("patternProperties added", B, C)},
    ),
    "has-added": (obj({}), obj({}, has={"type": "int32"}), {("has added", B, C)}),
    # arrays, sets
    "items-changed": (
        prop({"type": "array", "items": S}),
        prop({"type": "array", "items": I32}),
        {("type changed", B, B)},
    ),
    "min-items": (
        prop({"type": "array", "items": S}),
        prop({"type": "array", "items": S, "minItems": 1}),
        {("minItems raised", B, C)},
    ),
    "max-items": (
        prop({"type": "array", "items": S, "maxItems": 1}),
        prop({"type": "array", "items": S}),
        {("maxItems raised", C, B)},
    ),
    "unique-items": (
        prop({"type": "array", "items": S}),
        prop({"type": "array", "items": S, "uniqueItems": True}),
        {("uniqueItems added", B, C)},
    ),
    "contains": (
        prop({"type": "array", "items": I32}),
        prop({"type": "array", "items": I32, "contains": {**I32, "minimum": 5}}),
        {("contains added", B, C)},
    ),
    # maps: values, entry limits, key rules
    "map-values": (
        prop({"type": "map", "values": S}),
        prop({"type": "map", "values": {**S, "maxLength": 1}}),
        {("maxLength lowered", B, C)},
    ),
    "map-max-entries": (
        prop({"type": "map", "values": S}),
        prop({"type": "map", "values": S, "maxEntries": 1}),
        {("maxEntries lowered", B, C)},
    ),
    "map-min-entries": (
        prop({"type": "map", "values": S, "minEntries": 1}),
        prop({"type": "map", "values": S}),
        {("minEntries lowered", C, B)},
    ),
    "map-key-names": (
        prop({"type": "map", "values": S}),
        prop({"type": "map", "values": S, "keyNames": {**S, "pattern": "[a-z]+"}}),
        {("keyNames added", B, C)},
    ),
    "map-pattern-keys": (
        prop({"type": "map", "values": S}),
        prop({"type": "map", "values": S, "patternKeys": {"^k": {**S, "maxLength": 1}}}),
        {("patternKeys added", B, C)},
    ),
    # tuples: order and arity
    "tuple-order": (
        prop({"type": "tuple", "properties": {"a": S, "b": I32}, "tuple": ["a", "b"]}),
        prop({"type": "tuple", "properties": {"a": S, "b": I32}, "tuple": ["b", "a"]}),
        {("tuple order changed", B, B)},
    ),
    "tuple-arity": (
        prop({"type": "tuple", "properties": {"a": S}, "tuple": ["a"]}),
        prop({"type": "tuple", "properties": {"a": S, "b": S}, "tuple": ["a", "b"]}),
        {("tuple order changed", B, B)},
    ),
    "tuple-element": (
        prop({"type": "tuple", "properties": {"a": S}, "tuple": ["a"]}),
        prop({"type": "tuple", "properties": {"a": {**S, "maxLength": 1}}, "tuple": ["a"]}),
        {("maxLength lowered", B, C)},
    ),
    # choices
    "choice-added": (
        prop({"type": "choice", "choices": {"a": S}}),
        prop({"type": "choice", "choices": {"a": S, "b": I32}}),
        {("choice added", C, B)},
    ),
    "choice-removed": (
        prop({"type": "choice", "choices": {"a": S, "b": I32}}),
        prop({"type": "choice", "choices": {"a": S}}),
        {("choice removed", B, C)},
    ),
    "choice-branch": (
        prop({"type": "choice", "choices": {"a": S}}),
        prop({"type": "choice", "choices": {"a": {**S, "maxLength": 1}}}),
        {("maxLength lowered", B, C)},
    ),
    # composition
    "allof-added": (
        prop(I32),
        prop({**I32, "allOf": [{**I32, "minimum": 1}]}),
        {("allOf added", B, C)},
    ),
    "anyof-removed": (
        prop({**I32, "anyOf": [{**I32, "minimum": 1}, {**I32, "maximum": -1}]}),
        prop(I32),
        {("anyOf removed", C, B)},
    ),
    "not-added": (prop(I32), prop({**I32, "not": {**I32, "minimum": 5}}), {("not added", B, C)}),
    "if-then": (
        prop(I32),
        prop({**I32, "if": {**I32, "minimum": 5}, "then": {**I32, "maximum": 7}}),
        {("if added", B, C), ("then added", B, C)},
    ),
    # defaults
    "default-changed": (
        prop({**I32, "default": 1}),
        prop({**I32, "default": 2}),
        {("default changed", C, B)},
    ),
    "default-added": (prop(I32), prop({**I32, "default": 2}), {("default added", C, B)}),
    # harmless: descriptions, examples, property order
    "description": (prop(S), prop({**S, "description": "new words"}), set()),
    "examples": (prop(S), prop({**S, "examples": ["x"]}), set()),
    "property-order": (obj({"a": S, "b": S}), obj({"b": S, "a": S}), set()),
    # not judged: listed, never compatible
    "precision": (
        prop({"type": "decimal", "precision": 10}),
        prop({"type": "decimal", "precision": 5}),
        {("precision changed", U, U)},
    ),
    "unknown-keyword": (prop(S), prop({**S, "x-rule": 1}), {("unclassified", U, U)}),
    "binary-encoding": (
        prop({"type": "binary"}),
        prop({"type": "binary", "contentEncoding": "base16"}),
        {("contentEncoding added", B, B)},
    ),
}


def _match(changes: list[Change]) -> set[tuple[str, str, str]]:
    return {(c.kind, c.producers, c.consumers) for c in changes}


def _confirm(old: Structure, new: Structure, change: Change) -> None:
    """Each witness is valid under one side and rejected by the other, by the reference."""
    a = old.definitions.get(change.definition) or old.root
    b = new.definitions.get(change.definition) or new.root
    assert (change.producers == B) == (change.producer_witness is not None), change
    assert (change.consumers == B) == (change.consumer_witness is not None), change
    if change.producer_witness is not None and change.definition in old.definitions:
        assert a is not None and not list(validate_node(a, change.producer_witness))
        assert b is None or list(validate_node(b, change.producer_witness))
    if change.consumer_witness is not None and not change.kind.startswith("default"):
        assert b is not None and not list(validate_node(b, change.consumer_witness))
        assert a is None or list(validate_node(a, change.consumer_witness))


@pytest.mark.parametrize("name", sorted(EDITS))
def test_each_edit_is_judged_both_ways_with_confirmed_witnesses(name: str) -> None:
    before, after, expected = EDITS[name]
    old, new = model(before), model(after)
    changes = diff(old, new)
    assert _match(changes) == expected, [c.line() for c in changes]
    for change in changes:
        _confirm(old, new, change)
    # and back again: what narrowed one way widens the other
    back = diff(new, old)
    for change in back:
        _confirm(new, old, change)
    if name not in ONE_WAY:
        forward = sorted((p, c) for _, p, c in expected)
        assert sorted((c, p) for _, p, c in _match(back)) == forward, [c.line() for c in back]


#: Edits whose reverse is not the mirror image: a default breaks consumers both ways; the
#: narrowed pattern's reverse is found the other way round; unjudged stays unjudged.
ONE_WAY = {"default-changed", "default-added", "precision", "unknown-keyword"}


def test_every_keyword_and_type_has_a_diff_rule() -> None:
    assert set(KEYWORDS) <= set(RULES)
    for name, rule in RULES.items():
        assert rule.structural or rule.group or rule.unjudged or rule.judge, name
        if rule.group:
            assert RULES[rule.group].judge is not None
    for outer, inner in itertools.product(TYPES.values(), repeat=2):
        judged = type_contains(outer, inner)
        assert isinstance(judged, bool)
        if outer.name == inner.name:
            assert judged


@pytest.mark.parametrize("name", sorted(n for n, s in TYPES.items() if not s.compound))
def test_every_type_change_is_judged_never_silently(name: str) -> None:
    """A property changed from each type to `string` and back: no direction is called
    compatible without the type table proving it, and every break has its witness."""
    for before, after in (({"type": name}, S), (S, {"type": name})):
        old, new = model(prop(before)), model(prop(after))
        changes = diff(old, new)
        if name == "string":
            assert changes == []
            continue
        (change,) = changes
        for direction, outer, inner in (
            (change.producers, after["type"], before["type"]),
            (change.consumers, before["type"], after["type"]),
        ):
            proven = type_contains(TYPES[outer], TYPES[inner])
            assert (direction == C) == proven, change.line()
        _confirm(old, new, change)


def test_definitions_added_removed_renamed() -> None:
    body = {"type": "object", "properties": {"a": S}, "required": ["a"]}
    old = model({"definitions": {"A": body}})
    renamed = diff(old, model({"definitions": {"B": copy.deepcopy(body)}}))
    assert _match(renamed) == {("definition renamed", B, C)}
    assert "A -> B" in renamed[0].detail and renamed[0].producer_witness == {"a": "x"}
    added = diff(old, model({"definitions": {"A": body, "N": body | {"required": []}}}))
    assert _match(added) == {("definition added", C, C)}
    assert "docs/STANCE.md" in added[0].note
    removed = diff(old, model({"definitions": {"Z": {"type": "string"}}}))
    assert _match(removed) == {("definition removed", B, C), ("definition added", C, C)}


def test_abstract_and_extends() -> None:
    base = {"type": "object", "abstract": True, "properties": {"a": S}}
    ext = {"type": "object", "$extends": "#/definitions/Base", "properties": {"b": S}}
    old = model({"definitions": {"Base": base, "E": ext}})
    wider_base = copy.deepcopy(base)
    wider_base["properties"]["c"] = I32
    changes = diff(old, model({"definitions": {"Base": wider_base, "E": ext}}))
    assert _match(changes) == {("abstract definition changed", C, C), ("property added", B, C)}
    made_abstract = diff(
        old, model({"definitions": {"Base": base, "E": {**ext, "abstract": True}}})
    )
    assert _match(made_abstract) == {("abstract added", B, C)}
    for change in made_abstract:
        _confirm(
            old, model({"definitions": {"Base": base, "E": {**ext, "abstract": True}}}), change
        )
    other_base = {"type": "object", "abstract": True, "properties": {"a": S, "z": I32}}
    rebased = diff(
        old,
        model(
            {
                "definitions": {
                    "Base": base,
                    "Other": other_base,
                    "E": {**ext, "$extends": "#/definitions/Other"},
                }
            }
        ),
    )
    kinds = {c.kind for c in rebased}
    assert "$extends changed" in kinds and "property added" in kinds


def test_root_and_uses() -> None:
    body = {"type": "object", "properties": {"n": {**I32, "minimum": 1}}}
    core = {"definitions": {"T": body, "U": {"type": "object", "properties": {}}}}
    rooted = {**core, "$root": "#/definitions/T"}
    assert _match(diff(model(core), model(rooted))) == {("root added", C, C)}
    removed = diff(model(rooted), model(core))
    assert _match(removed) == {("root removed", B, C)}
    retargeted = diff(model(rooted), model({**core, "$root": "#/definitions/U"}))
    assert _match(retargeted) == {("reference changed", C, B), ("property removed", C, B)}
    enabled = diff(model(core), model({**core, "$uses": ["JSONStructureValidation"]}))
    assert _match(enabled) == {("validation extension enabled", B, C)}
    assert enabled[0].producer_witness == {"n": 0}
    disabled = diff(model({**core, "$uses": ["JSONStructureValidation"]}), model(core))
    assert _match(disabled) == {("validation extension disabled", C, B)}
    plain = {"definitions": {"T": {"type": "object", "properties": {}}}}
    nothing = diff(model(plain), model({**plain, "$uses": ["JSONStructureValidation"]}))
    assert _match(nothing) == {("validation extension enabled", C, C)}


def test_seed_edits(structure: Structure) -> None:
    """The issue's own examples on the bundled structure."""

    def edit(change: Callable[[dict[str, Any]], None]) -> list[Change]:
        document = copy.deepcopy(structure.document)
        change(document)
        changes = diff(structure, model(document))
        for c in changes:
            _confirm(structure, model(document), c)
        return changes

    def props(d: dict[str, Any], name: str) -> dict[str, Any]:
        return d["definitions"][name]["properties"]  # type: ignore[no-any-return]

    assert _match(
        edit(lambda d: d["definitions"]["InferenceEndpoint"].update(additionalProperties=False))
    ) == {("additionalProperties added", B, C)}
    assert _match(
        edit(lambda d: props(d, "InferenceEndpoint")["instanceType"].update(maxLength=5))
    ) == {("maxLength lowered", B, C)}
    assert _match(
        edit(lambda d: props(d, "InferenceEndpoint")["instanceCount"].update(maximum=10))
    ) == {("maximum lowered", B, C)}
    widened = edit(
        lambda d: props(d, "InferenceEndpoint")["instanceCount"].update(
            type="int64", minimum="1", default="1"
        )
    )
    assert ("type changed", B, B) in _match(widened)
    assert edit(lambda d: None) == []
    assert _match(edit(lambda d: d.update(oneOf=[]))) == {("unclassified", U, U)}


def test_cli_markdown_json_and_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, same = tmp_path / "old.json", tmp_path / "new.json", tmp_path / "same.json"
    before = prop({**S, "description": "a | b"})
    old.write_text(json.dumps(before))
    same.write_text(json.dumps(prop({**S, "description": "other words"})))
    assert main(["diff", str(old), str(same)]) == 0
    hostile = "<b>`x`|\ny</b>"
    new.write_text(json.dumps(prop({**S, "enum": [hostile]})))
    md, js = tmp_path / "c.md", tmp_path / "c.json"
    assert main(["diff", str(old), str(new), "--markdown", str(md), "--json", str(js)]) == 1
    text = md.read_text()
    assert "<b>" not in text and "`x`" not in text
    rows = [line for line in text.splitlines() if line.startswith("| T")]
    assert len(rows) == 1 and rows[0].count(" | ") == 4
    (record,) = json.loads(js.read_text())
    assert record["kind"] == "enum added" and record["breaking"]
    unjudged = tmp_path / "unjudged.json"
    unjudged.write_text(json.dumps(prop({**S, "x-rule": 1})))
    assert main(["diff", str(old), str(unjudged)]) == 1
    assert "unclassified" in capsys.readouterr().out


def test_markdown_escapes_foreign_text() -> None:
    change = Change("T|x", "/a`b", "enum changed", "<script>|\n", B, C, {"a": "|`<"}, None)
    text = as_markdown([change])
    body = text.split("\n", 2)[2]
    assert "<script>" not in text and not re.search(r"(?<!\\)`", body)
    row = next(line for line in text.splitlines() if line.startswith("| T"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 6


HOSTILE: list[dict[str, Any]] = [
    doc(),
    prop(S),
    prop({"type": ["string", "int32", "null"]}),
    prop({"type": "any"}),
    prop({"type": "map", "values": {"type": "map", "values": S}, "keyNames": S}),
    prop({"type": "choice", "choices": {"a": S}, "selector": "kind"}),
    prop({"type": "tuple", "properties": {"a": S}, "tuple": ["a", "ghost"]}),
    prop({**S, "pattern": "(a+)+$", "format": "nope"}),
    prop({**S, "pattern": "["}),
    prop({**I32, "minimum": 5, "maximum": 1}),
    prop({"type": "decimal", "multipleOf": "0.1", "minimum": "-1.5"}),
    obj({"a": S}, required=[["a"], ["b"]], dependentRequired={"a": ["zzz"]}),
    obj({}, patternProperties={"[": S}, additionalProperties={"type": "int8"}),
    prop({"allOf": [S], "anyOf": [I32, S], "not": {"type": "null"}}),
    {
        "definitions": {
            "Base": {"type": "object", "abstract": True, "properties": {"a": S}},
            "E": {"type": "object", "$extends": "#/definitions/Base"},
        },
        "$root": "#/definitions/E",
    },
    {"type": "object", "properties": {"a": S}},
]


def test_diff_never_raises_on_readable_structures() -> None:
    models = [model(d) for d in HOSTILE]
    pairs = [(a, b) for i, a in enumerate(models) for b in (models[i - 1], models[0], a)]
    for a, b in pairs + [(b, a) for a, b in pairs]:
        for change in diff(a, b):
            assert change.producers in (B, C, U) and change.consumers in (B, C, U)


# --- edits of the bundled structure (moved from test_lint_diff.py) ---


def _edit(change: Callable[[dict[str, Any]], None], base: dict[str, Any]) -> Structure:
    document = copy.deepcopy(base)
    change(document)
    return model(document)


def _props(d: dict[str, Any], name: str) -> dict[str, Any]:
    return d["definitions"][name]["properties"]  # type: ignore[no-any-return]


SEED_EDITS: dict[str, tuple[Callable[[dict[str, Any]], None], str, str, str]] = {
    # name: (edit, kind, producers, consumers)
    "add-optional-property": (
        lambda d: _props(d, "ModelTransformJob").update(newField={"type": "int32"}),
        "property added",
        "breaking",
        "compatible",
    ),
    "remove-property": (
        lambda d: _props(d, "ModelTrainingJob").pop("enableManagedSpotTraining"),
        "property removed",
        "compatible",
        "breaking",
    ),
    "add-required": (
        lambda d: d["definitions"]["InferenceEndpoint"].update(required=["mlModelTrainingJobId"]),
        "required added",
        "breaking",
        "compatible",
    ),
    "remove-required": (
        lambda d: d["definitions"]["ModelTrainingJob"]["required"].remove("trainModelS3Location"),
        "required removed",
        "compatible",
        "breaking",
    ),
    "remove-enum-value": (
        lambda d: _props(d, "InferenceEndpoint")["modelName"]["enum"].remove("kge"),
        "enum changed",
        "breaking",
        "compatible",
    ),
    "add-enum-value": (
        lambda d: _props(d, "DataProcessingJob")["modelType"]["enum"].append("gat"),
        "enum changed",
        "compatible",
        "breaking",
    ),
    "raise-minimum": (
        lambda d: _props(d, "InferenceEndpoint")["instanceCount"].update(minimum=3),
        "minimum raised",
        "breaking",
        "compatible",
    ),
    "lower-minimum": (
        lambda d: _props(d, "InferenceEndpoint")["instanceCount"].update(minimum=0, default=1),
        "minimum lowered",
        "compatible",
        "breaking",
    ),
    "add-minimum": (
        lambda d: _props(d, "ModelTransformJob")["baseProcessingInstanceVolumeSizeInGB"].update(
            minimum=1
        ),
        "minimum raised",
        "breaking",
        "compatible",
    ),
    "change-type": (
        lambda d: _props(d, "ModelTrainingJob")["trainingInstanceVolumeSizeInGB"].update(
            type="string"
        ),
        "type changed",
        "breaking",
        "breaking",
    ),
    "change-default": (
        lambda d: _props(d, "InferenceEndpoint")["instanceType"].update(default="ml.m5.large"),
        "default changed",
        "compatible",
        "breaking",
    ),
    "remove-definition": (
        lambda d: d["definitions"].pop("ModelTransformJob"),
        "definition removed",
        "breaking",
        "compatible",
    ),
    "add-definition": (  # docs/STANCE.md: no document of it existed before
        lambda d: d["definitions"].update(Extra={"type": "object", "properties": {}}),
        "definition added",
        "compatible",
        "compatible",
    ),
    "description-only": (
        lambda d: _props(d, "InferenceEndpoint")["instanceType"].update(description="new words"),
        "",
        "",
        "",
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_EDITS))
def test_seed_edit_is_classified_with_confirmed_witnesses(structure: Structure, name: str) -> None:
    edit, kind, producers, consumers = SEED_EDITS[name]
    new = _edit(edit, structure.document)
    changes = diff(structure, new)
    if not kind:
        assert changes == []
        return
    # a removed property with a default also takes its filled value away (`default removed`)
    assert all(c.kind == kind or c.kind.startswith("default") for c in changes)
    (change,) = [c for c in changes if c.kind == kind]
    assert (change.kind, change.producers, change.consumers) == (kind, producers, consumers)
    a = structure.definitions.get(change.definition)
    b = new.definitions.get(change.definition)
    if change.producer_witness is not None:
        assert a is not None and not list(validate_node(a, change.producer_witness))
        assert b is None or list(validate_node(b, change.producer_witness))
    if change.consumer_witness is not None and kind != "default changed":
        assert b is not None and not list(validate_node(b, change.consumer_witness))
        assert a is None or list(validate_node(a, change.consumer_witness))
    assert (producers == "breaking") == (change.producer_witness is not None)
    assert (consumers == "breaking") == (change.consumer_witness is not None)


def test_diff_cli_exit_codes(structure: Structure, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps(structure.document))
    same = tmp_path / "same.json"
    same.write_text(json.dumps(structure.document))
    assert main(["diff", str(old), str(same)]) == 0
    new = tmp_path / "new.json"
    document = copy.deepcopy(structure.document)
    _props(document, "InferenceEndpoint")["instanceCount"]["minimum"] = 5
    new.write_text(json.dumps(document))
    out = tmp_path / "changes.json"
    assert main(["diff", str(old), str(new), "--json", str(out)]) == 1
    (change,) = json.loads(out.read_text())
    assert change["breaking"] and change["producer_witness"] == {"instanceCount": 1}


def test_readme_worked_example_is_what_diff_prints(
    structure: Structure, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = copy.deepcopy(structure.document)
    document["$schema"] = "https://json-structure.org/meta/extended/v0/#"
    document["$uses"] = ["JSONStructureValidation"]
    endpoint = document["definitions"]["InferenceEndpoint"]
    endpoint["additionalProperties"] = False
    endpoint["properties"]["instanceType"].update(
        maxLength=32, pattern="ml\\.[a-z0-9]+\\.[a-z0-9]+"
    )
    endpoint["properties"]["instanceCount"].update(maximum=16)
    training = document["definitions"]["ModelTrainingJob"]["properties"]
    training["trainingInstanceVolumeSizeInGB"]["type"] = "int64"
    training["modelName"]["enum"].append("gat")
    training["maxHPONumberOfTrainingJobs"].update(minimum=1, default=10)
    old, new = tmp_path / "old.json", tmp_path / "structure.json"
    old.write_text(json.dumps(structure.document))
    new.write_text(json.dumps(document))
    assert main(["diff", str(old), str(new)]) == 1
    printed = capsys.readouterr().out
    readme = (Path(__file__).resolve().parents[1] / "docs" / "DIFF.md").read_text()
    shown = readme.split("$ neptune-ml-conformance diff /tmp/structure-main.json structure.json\n")
    assert len(shown) == 2
    assert shown[1].split("```", 1)[0] == printed


def test_inline_choice_selector_and_branches() -> None:
    base = {"type": "object", "abstract": True, "properties": {"kind": S}}
    document = {
        "definitions": {
            "Base": base,
            "A": {"type": "object", "$extends": "#/definitions/Base", "properties": {"a": S}},
            "B": {"type": "object", "$extends": "#/definitions/Base", "properties": {"b": I32}},
            "C": {
                "type": "choice",
                "$extends": "#/definitions/Base",
                "selector": "kind",
                "choices": {
                    "a": {"type": {"$ref": "#/definitions/A"}},
                    "b": {"type": {"$ref": "#/definitions/B"}},
                },
            },
        }
    }
    old = model(document)

    def edited(change: Callable[[dict[str, Any]], None]) -> tuple[Structure, list[Change]]:
        d = copy.deepcopy(document)
        change(d["definitions"]["C"])
        new = model(d)
        changes = diff(old, new)
        for c in changes:
            _confirm(old, new, c)
        return new, changes

    _, selector = edited(lambda c: c.update(selector="type"))
    assert _match(selector) == {("selector changed", B, B)}
    _, removed = edited(lambda c: c["choices"].pop("b"))
    assert _match(removed) == {("choice removed", B, C)}
    assert removed[0].producer_witness == {"kind": "b"}
    _, retargeted = edited(lambda c: c["choices"].update(b={"type": {"$ref": "#/definitions/A"}}))
    assert ("reference changed", B, B) in _match(retargeted)


def test_inline_root_type() -> None:
    before = {"type": "object", "properties": {"n": I32}}
    after = {"type": "object", "properties": {"n": {**I32, "maximum": 3}}}
    old, new = model(before), model(after)
    changes = diff(old, new)
    assert _match(changes) == {("maximum lowered", B, C)}
    assert changes[0].definition == "$root" and changes[0].producer_witness == {"n": 4}


def test_values_the_reference_cannot_decide_are_skipped_not_fatal() -> None:
    """`1e300` against `multipleOf: 0.1` is past decimal precision in the reference: the
    candidate is skipped, the change still judged."""
    old = model(prop({"type": "number"}))
    new = model(prop({"type": "number", "multipleOf": 0.1}))
    changes = diff(old, new)
    assert _match(changes) == {("multipleOf added", B, C)}
    assert all(c.kind != "not judged" for c in diff(new, old))
