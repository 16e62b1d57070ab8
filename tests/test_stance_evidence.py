"""Evidence that carries a stance feature never convicts in a blocking category (docs/STANCE.md,
"Rule categories"): the diagnosis of a rejected valid instance takes the stance features
out before it blames a rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance import Structure, load
from neptune_ml_conformance._model.reference import ReferenceValidator
from neptune_ml_conformance._model.stance import stance_features, without_stance
from neptune_ml_conformance._model.structure import ROOT, Node
from neptune_ml_conformance._running.engine import certify, prepare
from neptune_ml_conformance.adapters import resolve

from .documents import root, validating

_REFERENCE = ReferenceValidator(load())


def _undeclared(node: Node, value: Any) -> bool:
    if isinstance(value, dict) and node.type == "object":
        return any(
            name not in node.properties or _undeclared(node.properties[name], member)
            for name, member in value.items()
        )
    if isinstance(value, list) and node.items is not None:
        return any(_undeclared(node.items, item) for item in value)
    return False


def closed_objects(definition: str, instance: Any) -> bool:
    """Correct but for the stance: refuses undeclared members, at any depth."""
    node = _REFERENCE.structure.definition(definition)
    return not _undeclared(node, instance) and not _REFERENCE.validate(definition, instance)


def closed_objects_and_off_by_one(definition: str, instance: Any) -> bool:
    """The stance fault, and a real one: refuses instanceCount 1 (its minimum)."""
    if isinstance(instance, dict) and instance.get("instanceCount") == 1:
        return False
    return closed_objects(definition, instance)


def _entry(spec: str) -> dict[str, Any]:
    the_plan = prepare(None, None, "quick", 0)
    adapter = resolve(f"tests.test_stance_evidence:{spec}", the_plan.structure)
    (entry,) = certify(the_plan, [adapter])["validators"]
    return entry  # type: ignore[no-any-return]


def test_a_validator_whose_only_fault_is_the_stance_is_conformant() -> None:
    entry = _entry("closed_objects")
    failed = {name for name, c in entry["categories"].items() if c["failed"] or c["errored"]}
    assert failed == {"unknown-properties"}
    assert entry["conformant"]
    nested = next(
        f
        for f in entry["failures"]
        if f["id"] == "valid/ModelTrainingJob/custom-model-training-parameters-unknown-member"
    )
    assert nested["category"] == "unknown-properties"
    assert "/customModelTrainingParameters/extra" in nested["detail"]


def test_a_real_fault_beside_the_stance_still_convicts() -> None:
    entry = _entry("closed_objects_and_off_by_one")
    failed = {name for name, c in entry["categories"].items() if c["failed"]}
    assert failed == {"minimum", "unknown-properties"}
    assert not entry["conformant"]


def test_stance_features_are_found_and_taken_out(structure: Structure) -> None:
    node = structure.definition("ModelTrainingJob")
    instance = {
        "dataProcessingJobId": "d",
        "trainModelS3Location": "s3://b/",
        "maxHPONumberOfTrainingJobs": 3.0,
        "customModelTrainingParameters": {"sourceS3DirectoryPath": "s3://b/", "extra": [1]},
        "more": None,
    }
    assert sorted(stance_features(node, instance)) == [
        ("integer-lexical", "/maxHPONumberOfTrainingJobs"),
        ("unknown-properties", "/customModelTrainingParameters/extra"),
        ("unknown-properties", "/more"),
    ]
    plain = without_stance(node, instance, {"unknown-properties", "integer-lexical"})
    assert list(stance_features(node, plain)) == []
    assert plain["maxHPONumberOfTrainingJobs"] == 3 and "more" not in plain
    assert not _REFERENCE.validate("ModelTrainingJob", plain)
    only_lexical = without_stance(node, instance, {"integer-lexical"})
    assert [c for c, _ in stance_features(node, only_lexical)] == ["unknown-properties"] * 2


@pytest.mark.parametrize("value", [3.5, True, "3"])
def test_what_is_not_a_stance_feature_is_left_alone(structure: Structure, value: Any) -> None:
    node = structure.definition("ModelTrainingJob")
    instance = {"maxHPONumberOfTrainingJobs": value}
    assert list(stance_features(node, instance)) == []
    assert without_stance(node, instance, {"integer-lexical"}) == instance


def test_a_validator_refusing_a_documents_own_schema_is_reported_never_convicted(
    tmp_path: Path,
) -> None:
    """JSON Schema validators are handed a compiled schema that closes the root object, so
    they refuse a root `$schema` that names the structure; that is the document-schema
    stance (docs/STANCE.md, "An instance's `$schema`"), not an additional property."""
    closed = {"type": "object", "properties": {"a": {"type": "int32"}}, "required": ["a"]}
    structure = tmp_path / "structure.json"
    structure.write_text(json.dumps(validating({**closed, "additionalProperties": False})))
    (tmp_path / "cases" / "valid").mkdir(parents=True)
    (tmp_path / "cases" / "valid" / "named.json").write_text(
        json.dumps(
            {
                "description": "the document names its structure",
                "definition": ROOT,
                "instance": {"$schema": "https://example.com/test", "a": 1},
            }
        )
    )
    the_plan = prepare(str(structure), str(tmp_path / "cases"), "quick", 0)
    adapter = resolve("jsonschema", the_plan.structure, 60)
    try:
        (entry,) = certify(the_plan, [adapter])["validators"]
    finally:
        adapter.close()
    assert entry["conformant"]
    (failure,) = [f for f in entry["failures"] if f["id"] == "valid/named"]
    assert failure["category"] == "document-schema"
    assert "(/$schema)" in failure["detail"]
    assert entry["categories"]["document-schema"]["failed"] == 1
    assert not any(c["failed"] for c in entry["categories"].values() if c["blocking"])


def test_a_documents_own_schema_is_its_own_feature_not_an_unknown_member() -> None:
    open_root = root({"type": "object", "properties": {"a": {"type": "int32"}}})
    document = {"$schema": "https://example.com/test", "a": 3.0, "b": 1}
    assert list(stance_features(open_root, document)) == [
        ("document-schema", "/$schema"),
        ("integer-lexical", "/a"),
        ("unknown-properties", "/b"),
    ]
    assert without_stance(open_root, document, {"unknown-properties"}) == {
        "$schema": "https://example.com/test",
        "a": 3.0,
    }
    assert without_stance(open_root, document, {"document-schema"}) == {"a": 3.0, "b": 1}
    # where the type declares it, or below the root, it is data
    declared = root({"type": "object", "properties": {"$schema": {"type": "string"}}})
    assert list(stance_features(declared, {"$schema": "https://example.com/test"})) == []
