"""The structure model is derived from the document, and bad documents fail clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neptune_ml_conformance import InputError, Structure, load
from neptune_ml_conformance._model.structure import NO_DEFAULT, default_structure_path, model

SEED = (
    Path(__file__).resolve().parents[2] / "shared" / "seed" / "amazon-neptune-ml-job-structure.json"
)


def test_bundled_structure_is_the_seed_verbatim() -> None:
    bundled = default_structure_path().read_bytes()
    if SEED.exists():  # shared/ lies beside the clone in CI and on developer machines
        assert bundled == SEED.read_bytes()
    assert json.loads(bundled)["$schema"] == "https://json-structure.org/meta/core/v0/#"


def test_definitions_are_modelled(structure: Structure) -> None:
    assert list(structure.definitions) == [
        "DataProcessingJob",
        "ModelTrainingJob",
        "ModelTransformJob",
        "InferenceEndpoint",
    ]
    endpoint = structure.definitions["InferenceEndpoint"]
    count = endpoint.properties["instanceCount"]
    assert (count.type, count.minimum, count.default) == ("int32", 1, 1)
    assert endpoint.properties["modelName"].enum == ("rgcn", "kge", "transe", "distmult", "rotate")
    assert endpoint.required == ()
    training = structure.definitions["ModelTrainingJob"]
    assert training.required == ("dataProcessingJobId", "trainModelS3Location")
    custom = training.properties["customModelTrainingParameters"]
    assert custom.type == "object" and set(custom.properties) == {
        "sourceS3DirectoryPath",
        "trainingEntryPointScript",
        "transformEntryPointScript",
    }
    subnets = training.properties["subnets"]
    assert subnets.type == "array" and subnets.items is not None and subnets.items.type == "string"
    assert training.properties["modelName"].default is NO_DEFAULT


def test_seed_root_is_not_certified_and_says_why(structure: Structure) -> None:
    assert structure.root is None
    assert [(f.code, f.pointer) for f in structure.findings] == [
        ("unmodelled-root-keyword", "/oneOf")
    ]


def test_unknown_keywords_and_types_are_reported_not_ignored() -> None:
    doc = {
        "definitions": {
            "T": {
                "type": "object",
                "properties": {
                    "a": {"type": "string", "maxLength": 3, "colour": "red"},
                    "b": {"type": "uuid4"},
                    "c": {"type": "array"},
                },
            }
        }
    }
    found = {(f.code, f.pointer, f.level) for f in model(doc).findings}
    assert found == {
        ("unknown-keyword", "/definitions/T/properties/a/colour", "warning"),
        ("unknown-type", "/definitions/T/properties/b/type", "error"),
        ("array-without-items", "/definitions/T/properties/c", "error"),
    }


def test_type_refs_and_integer_alias_are_followed() -> None:
    doc = {
        "definitions": {
            "Outer": {
                "type": "object",
                "properties": {"inner": {"type": {"$ref": "#/definitions/Inner"}}},
            },
            "Inner": {"type": "object", "properties": {"n": {"type": "integer"}}},
        }
    }
    outer = model(doc).definitions["Outer"]
    assert outer.properties["inner"].properties["n"].type == "int32"


BAD_DOCUMENTS = {
    "not-json": ("{", None, "not JSON"),
    "not-object": ("[1, 2]", "", "expected a JSON object"),
    "definitions-not-object": ('{"definitions": []}', "/definitions", "expected an object"),
    "no-type": (
        '{"definitions": {"T": {"type": "object", "properties": {"a": {}}}}}',
        "/definitions/T/properties/a",
        "`type`",
    ),
    "bad-type": ('{"definitions": {"T": {"type": 5}}}', "/definitions/T/type", "type name"),
    "dangling-ref": (
        '{"definitions": {"T": {"type": {"$ref": "#/definitions/Nope"}}}}',
        "/definitions/T/type/$ref",
        "names no definition",
    ),
    "ref-cycle": (
        '{"definitions": {"A": {"type": {"$ref": "#/definitions/B"}},'
        ' "B": {"type": {"$ref": "#/definitions/A"}}}}',
        "/definitions/A",
        "cycle of $ref",
    ),
    "bad-minimum": (
        '{"definitions": {"T": {"type": "int32", "minimum": "1"}}}',
        "/definitions/T/minimum",
        "expected a number",
    ),
    "int64-minimum-as-number": (
        '{"definitions": {"T": {"type": "int64", "minimum": 0}}}',
        "/definitions/T/minimum",
        "string",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_DOCUMENTS))
def test_bad_documents_name_file_pointer_and_expectation(tmp_path: Path, name: str) -> None:
    text, pointer, expected = BAD_DOCUMENTS[name]
    path = tmp_path / f"{name}.json"
    path.write_text(text)
    with pytest.raises(InputError) as raised:
        load(path)
    assert raised.value.source == str(path)
    assert raised.value.pointer == pointer
    assert expected in raised.value.message
    assert str(path) in str(raised.value)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    node: dict[str, object] = {"type": "string"}
    for _ in range(200):
        node = {"type": "object", "properties": {"x": node}}
    path = tmp_path / "deep.json"
    path.write_text(json.dumps({"definitions": {"T": node}}))
    with pytest.raises(InputError, match="nest deeper"):
        load(path)


def test_huge_document_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("w") as f:
        f.write('{"definitions": {}, "pad": "')
        f.write("x" * (50 * 1024 * 1024))
        f.write('"}')
    with pytest.raises(InputError, match="at most"):
        load(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load(tmp_path / "absent.json")
