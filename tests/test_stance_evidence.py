"""Evidence that carries a stance feature never convicts in a blocking category (docs/STANCE.md,
"Rule categories"): the diagnosis of a rejected valid instance takes the stance features
out before it blames a rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance import Structure, load
from neptune_ml_conformance._model.categories import is_blocking
from neptune_ml_conformance._model.reference import ReferenceValidator
from neptune_ml_conformance._model.stance import (
    breaks,
    removable,
    stance_features,
    without_stance,
)
from neptune_ml_conformance._model.structure import ROOT, Node
from neptune_ml_conformance._running.engine import certify, prepare
from neptune_ml_conformance.adapters import resolve

from .documents import root, validating
from .verdicts import CALM, failures

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
    adapter = resolve(f"tests.test_stance_evidence:{spec}", the_plan.structure, CALM)
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


def skips_schema_in_counts(definition: str, instance: Any) -> bool:
    """Correct on `_small`'s documents but for reading a root `$schema` as no member at all."""
    if not isinstance(instance, dict):
        return False
    data = {k: v for k, v in instance.items() if k != "$schema"}
    return len(data) >= 2 and set(data) <= set("abc") and all(type(v) is int for v in data.values())


def _small(tmp_path: Path, schema: dict[str, Any], instance: Any, spec: str) -> dict[str, Any]:
    """Certify `spec` on a structure whose root is `schema`, with one valid hand-written case."""
    structure = tmp_path / "structure.json"
    structure.write_text(json.dumps(validating(schema)))
    (tmp_path / "cases" / "valid").mkdir(parents=True)
    (tmp_path / "cases" / "valid" / "named.json").write_text(
        json.dumps(
            {
                "description": "the document names its structure",
                "definition": ROOT,
                "instance": instance,
            }
        )
    )
    the_plan = prepare(str(structure), str(tmp_path / "cases"), "quick", 0)
    adapter = resolve(spec, the_plan.structure, CALM)
    try:
        (entry,) = certify(the_plan, [adapter])["validators"]
    finally:
        adapter.close()
    return entry  # type: ignore[no-any-return]


NAMED_DOCUMENT = {"$schema": "https://example.com/test", "a": 1}
CLOSED = {
    "type": "object",
    # (three members: a document without `a` can still reach `minProperties: 2`, so that
    # `required` has mutants breaking it alone)
    "properties": {"a": {"type": "int32"}, "b": {"type": "int32"}, "c": {"type": "int32"}},
    "required": ["a"],
    "additionalProperties": False,
}


def test_a_validator_refusing_a_documents_own_schema_is_reported_in_its_stance(
    tmp_path: Path,
) -> None:
    """JSON Schema validators are handed a compiled schema that closes the root object, so
    they refuse a root `$schema` that names the structure: the document-schema stance
    (docs/STANCE.md, "An instance's `$schema`"), not an undeclared member."""
    entry = _small(tmp_path, CLOSED, NAMED_DOCUMENT, "jsonschema")
    assert entry["conformant"], failures(entry)
    (failure,) = [f for f in entry["failures"] if f["id"] == "valid/named"]
    assert failure["category"] == "document-schema"
    assert "accepted once its document-schema stance features (/$schema)" in failure["detail"]
    assert entry["categories"]["document-schema"]["failed"] == 1


def test_a_document_valid_only_when_its_schema_counts_is_the_stances_to_judge(
    tmp_path: Path,
) -> None:
    """With `minProperties: 2`, `{"$schema": ..., "a": 1}` is valid only because the stance
    counts `$schema` as a member; a validator that reads it as no member refuses it, and
    taking it out leaves an invalid document, which proves nothing. The stance is blamed,
    never a count or `required` (which a smaller change once named)."""
    entry = _small(
        tmp_path,
        {**CLOSED, "minProperties": 2},
        NAMED_DOCUMENT,
        f"{__name__}:skips_schema_in_counts",
    )
    (failure,) = [f for f in entry["failures"] if f["id"] == "valid/named"]
    assert failure["category"] == "document-schema", failure
    assert failure["detail"].endswith(
        "valid only with its document-schema stance features (/$schema): without them, "
        "entries at /; a valid instance without them is accepted"
    )


def test_stance_features_keep_their_place_and_bear_validity_or_not() -> None:
    open_root = root({"type": "object", "properties": {"a": {"type": "int32"}}})
    document = {"a": 3.0, "$schema": "https://example.com/test", "b": 1}
    assert list(stance_features(open_root, document)) == [
        ("integer-lexical", "/a"),
        ("document-schema", "/$schema"),
        ("unknown-properties", "/b"),
    ]
    kept = without_stance(open_root, document, {"unknown-properties"})
    assert list(kept.items()) == [("a", 3.0), ("$schema", "https://example.com/test")]
    assert without_stance(open_root, document, {"document-schema"}) == {"a": 3.0, "b": 1}
    # a branch, a member: no document, so `$schema` is an undeclared member like any other
    assert ("unknown-properties", "/$schema") in stance_features(open_root, document, False)
    # where the type declares it, it is data
    declared = root({"type": "object", "properties": {"$schema": {"type": "string"}}})
    assert list(stance_features(declared, {"$schema": "https://example.com/test"})) == []
    # taken out, the root's `$schema` breaks the count it was part of; an unknown member too
    counted = root({**CLOSED, "minProperties": 2})
    assert removable(counted, NAMED_DOCUMENT, ["document-schema"]) == []
    violation = breaks(counted, NAMED_DOCUMENT, ["document-schema"])
    assert violation is not None and (violation.category, violation.path) == ("entries", "")
    open_ = {k: v for k, v in CLOSED.items() if k != "additionalProperties"}
    roomy = root({**open_, "minProperties": 2})
    assert removable(roomy, {"a": 1, "x": 2}, ["unknown-properties"]) == []
    assert removable(roomy, {"a": 1, "x": 2, "y": 3}, ["unknown-properties"]) == []
    assert removable(roomy, {"a": 1, "b": 2, "x": 3}, ["unknown-properties"]) == [
        "unknown-properties"
    ]


#: An open object whose `minProperties` a document with one declared member reaches only
#: with an undeclared one: that member bears the document's validity.
COUNTED_OPEN = {
    "type": "object",
    "properties": {"a": {"type": "string", "enum": ["x", "y"]}, "b": {"type": "int32"}},
    "required": ["a"],
    "minProperties": 2,
}
LEANING = {"a": "y", "extra": 1}


def refuses_y(definition: str, instance: Any) -> bool:
    """Correct on COUNTED_OPEN but for one real fault: it refuses the enum value "y"."""
    if not isinstance(instance, dict) or instance.get("a") not in ("x",):
        return False
    b = instance.get("b", 0)
    return type(b) is int and len(instance) >= 2


def refuses_everything(definition: str, instance: Any) -> bool:
    return False


def test_a_real_fault_on_an_instance_resting_on_a_stance_feature_still_convicts(
    tmp_path: Path,
) -> None:
    """The undeclared member bears the instance's validity, so it stays in every probe; the
    enum fault is found with it there, and blocks."""
    entry = _small(tmp_path, COUNTED_OPEN, LEANING, f"{__name__}:refuses_y")
    (failure,) = [f for f in entry["failures"] if f["id"] == "valid/named"]
    assert failure["category"] == "enum", failure
    assert not entry["conformant"]


def test_a_validator_refusing_valid_instances_without_stance_features_is_unexplained(
    tmp_path: Path,
) -> None:
    """The stance excuses a refusal only where a valid instance without any stance feature
    is accepted: refusing that one too blocks."""
    entry = _small(tmp_path, COUNTED_OPEN, LEANING, f"{__name__}:refuses_everything")
    (failure,) = [f for f in entry["failures"] if f["id"] == "valid/named"]
    assert failure["category"] == "unexplained", failure
    assert failure["detail"].endswith("and a valid instance without them is refused too")


def refuses_three(definition: str, instance: Any) -> bool:
    """Correct on COUNTED_OPEN under `maxProperties: 3` but for one real fault: it reads the
    maximum as exclusive, refusing every object of three members."""
    if not isinstance(instance, dict) or instance.get("a") not in ("x", "y"):
        return False
    return type(instance.get("b", 0)) is int and 2 <= len(instance) < 3


def test_a_count_fault_on_an_instance_resting_on_stance_features_still_convicts(
    tmp_path: Path,
) -> None:
    """`{a, x, y}` is valid only with an undeclared member, but not with both: a validator
    that accepts `{a, x}` does not refuse undeclared members, so its refusal is the count's
    and blocks."""
    entry = _small(
        tmp_path,
        {**COUNTED_OPEN, "maxProperties": 3},
        {"a": "x", "x": 1, "y": 2},
        f"{__name__}:refuses_three",
    )
    (failure,) = [f for f in entry["failures"] if f["id"] == "valid/named"]
    assert is_blocking(failure["category"]), failure
    assert not entry["conformant"]
