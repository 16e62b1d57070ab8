"""lint on documents in the wild: what such documents get wrong is a finding, with its pointer,
and certify never turns a defect into a case the reference refuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance._edits.lint import lint
from neptune_ml_conformance._model.structure import model
from neptune_ml_conformance.cli import main

EXTENDED = "https://json-structure.org/meta/extended/v0/#"


def _rooted(**properties: Any) -> dict[str, Any]:
    return {
        "$schema": EXTENDED,
        "$id": "urn:neptune-ml-conformance:tests:wild",
        "$uses": ["JSONStructureValidation"],
        "name": "Wild",
        "type": "object",
        "properties": properties,
    }


def _found(document: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(d.code, d.level, d.pointer) for d in lint(document) if not d.code.startswith("sdk:")}


@pytest.mark.parametrize("keyword", ["contentEncoding", "contentMediaType", "contentCompression"])
def test_a_content_keyword_off_binary_is_flagged(keyword: str) -> None:
    value = {"contentEncoding": "base64", "contentMediaType": "image/png"}.get(keyword, "gzip")
    found = _found(_rooted(text={"type": "string", keyword: value}))
    assert ("keyword-not-applicable", "warning", f"/properties/text/{keyword}") in found
    assert not [f for f in _found(_rooted(blob={"type": "binary", keyword: value})) if f[2]]


def test_unique_items_on_a_set_is_redundant_not_an_error() -> None:
    found = _found(_rooted(tags={"type": "set", "items": {"type": "string"}, "uniqueItems": True}))
    assert found == {("keyword-redundant", "warning", "/properties/tags/uniqueItems")}
    on_string = _found(_rooted(name={"type": "string", "uniqueItems": True}))
    assert ("keyword-not-applicable", "error", "/properties/name/uniqueItems") in on_string


def test_a_default_its_node_rejects_is_a_defect_at_the_root_too() -> None:
    found = _found(_rooted(ratio={"type": "double", "minimum": 1.5, "default": 1}))
    assert ("default-nonconforming", "error", "/properties/ratio/default") in found


def test_schemas_inside_any_keyword_are_linted() -> None:
    # a map's values and a choice's branches were not walked when only properties and items were
    document = _rooted(
        counts={"type": "map", "values": {"type": "int8", "default": 300}},
        pick={
            "type": "choice",
            "choices": {"one": {"type": "string", "enum": ["a", "a"]}},
        },
    )
    found = _found(document)
    assert ("default-nonconforming", "error", "/properties/counts/values/default") in found
    assert ("enum-duplicate", "error", "/properties/pick/choices/one/enum/1") in found


def test_a_ref_cycle_is_a_defect_with_its_pointer_and_the_rest_is_still_reported() -> None:
    document = {
        "$defs": {},
        "definitions": {
            "A": {"type": {"$ref": "#/definitions/B"}},
            "B": {"type": {"$ref": "#/definitions/A"}},
        },
    }
    found = _found(document)
    assert ("ref-cycle", "error", "/definitions/A") in found
    assert ("defs-keyword", "error", "/$defs") in found


@pytest.mark.parametrize(
    "rejected",
    [
        {"type": "int32", "minimum": 2, "default": 1},
        {"type": "string", "enum": ["a", "b"], "default": "c"},
        {"type": "double", "minimum": 1.5, "default": 1},
        {"type": "string", "maxLength": 2, "default": "abcd"},
        {"type": "int32", "enum": [1, 2.5, "x"]},
        {"type": "string", "enum": ["a", 3]},
    ],
)
@pytest.mark.parametrize("where", ["root", "definition"])
def test_certify_never_offers_a_value_its_node_rejects_as_a_valid_instance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rejected: dict[str, Any], where: str
) -> None:
    job = {
        "type": "object",
        "properties": {"id": {"type": "string"}, "value": rejected},
        "required": ["id"],
    }
    if where == "root":
        document = {**_rooted(), **job}
    else:  # the seed's shape: core meta-schema, definitions only
        document = {
            "$schema": "https://json-structure.org/meta/core/v0/#",
            "definitions": {"J": job},
        }
    model(document)  # a structure the suite models
    path = tmp_path / "structure.json"
    path.write_text(json.dumps(document))
    report = tmp_path / "report.json"
    argv = ["certify", "--validator", "reference", "--structure", str(path), "--profile", "quick"]
    assert main([*argv, "--json", str(report)]) == 0, capsys.readouterr().out
    (entry,) = json.loads(report.read_text())["validators"]
    assert entry["failures"] == []
    assert main(["lint", "--structure", str(path)]) == 1
    out = capsys.readouterr().out
    assert "default-nonconforming" in out or "enum-value-type" in out


def test_references_are_looked_for_where_schemas_stand_only() -> None:
    document = {
        **_rooted(
            input={"type": [{"$ref": "#/definitions/A"}, "string"]},  # a union member
            **{"$ref": {"type": "string"}},  # a property named `$ref`
            link={"type": "string", "default": {"$ref": "data"}},  # inside an instance
        ),
        "definitions": {"A": {"type": "object", "properties": {}}},
        # another extension's keyword (relations, annotations): not a schema of this document
        "relations": {"owner": {"targettype": {"$ref": "#/definitions/Nowhere"}}},
    }
    found = {code for code, _, _ in _found(document)}
    assert not {"bare-ref", "dangling-ref"} & found
    document["properties"]["other"] = {"$ref": "#/definitions/A"}
    document["properties"]["lost"] = {"type": {"$ref": "#/definitions/Lost"}}
    found_now = _found(document)
    assert ("bare-ref", "error", "/properties/other/$ref") in found_now
    assert ("dangling-ref", "error", "/properties/lost/type/$ref") in found_now
