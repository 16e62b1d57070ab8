"""The models `pydantic-strict` and `pydantic-lax` generate, on every type of the registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance import load
from neptune_ml_conformance._model.structure import Node, Structure
from neptune_ml_conformance._model.types import TYPES
from neptune_ml_conformance.adapters._pydantic import PydanticValidator, _Models
from pydantic import TypeAdapter

STRUCTURES = Path(__file__).parent / "structures"
JOB = "NeptuneML/TrainingJob"
VALID_JOB: dict[str, Any] = json.loads((STRUCTURES / "everything-valid.json").read_text())


@pytest.fixture(scope="module")
def everything() -> Structure:
    return load(STRUCTURES / "everything.json")


@pytest.fixture(scope="module")
def strict(everything: Structure) -> PydanticValidator:
    return PydanticValidator(everything, strict=True)


@pytest.fixture(scope="module")
def lax(everything: Structure) -> PydanticValidator:
    return PydanticValidator(everything, strict=False)


def _nodes(node: Node, seen: set[int]) -> list[Node]:
    if id(node) in seen:
        return []
    seen.add(id(node))
    found = [node]
    for _, below in node.walk():
        if below is not node:
            found.extend(_nodes(below, seen))
    for child in node.children():
        found.extend(_nodes(child, seen))
    return found


def test_every_type_of_everything_gets_a_model(everything: Structure) -> None:
    models = _Models()
    seen: set[int] = set()
    nodes = [n for d in everything.definitions.values() for n in _nodes(d, seen)]
    for node in nodes:
        TypeAdapter(models.annotation(node, "Probe"))  # builds, or raises here
    types = {n.type for n in nodes} | {m.type for n in nodes for m in n.union}
    assert set(TYPES) <= types, set(TYPES) - types


def test_the_valid_job_is_valid(strict: PydanticValidator, lax: PydanticValidator) -> None:
    assert strict.validate(JOB, VALID_JOB) == []
    assert lax.validate(JOB, VALID_JOB) == []


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("kind", "bogus"),
        ("apiVersion", "v2"),
        ("maxRetries", 11),
        ("priority", 256),
        ("port", 1023),
        ("volumeSizeGiB", 12),
        ("instanceCount", 1.0),
        ("inputBytes", 5),
        ("inputBytes", "-1"),
        ("outputBytes", "18446744073709551616"),
        ("outputBytes", "007"),
        ("embeddingOffset", "170141183460469231731687303715884105727"),
        ("learningRate", 1),
        ("dropout", 1.5),
        ("costUsd", "12.345"),
        ("costUsd", 12.5),
        ("parentJobId", 5),
        ("retired", False),
        ("startDate", "2026-02-30"),
        ("start", None),
        ("configPointer", "hyperparameters"),
        ("modelArtifact", "eA"),
        ("subnets", ["subnet-0a1b", "subnet-0a1b"]),
        ("subnets", []),
        ("securityGroupIds", ["sg-1", "sg-1"]),
        ("instanceShape", ["ml.p3.2xlarge"]),
        ("instanceShape", ["ml.p3.2xlarge", 0]),
        ("compute", {"instanceType": "ml.p3.2xlarge", "spot": True}),
        ("compute", {"gpuCount": 1}),
        ("source", {"s3": "s3://b/", "neptune": {"clusterId": "c"}}),
        ("source", {"neptune": {}}),
        ("target", {"endpointType": "Nope"}),
        ("target", {"endpointType": "S3Endpoint", "bucket": "ab"}),
        ("labels", {"owner": "me", "cost": 5}),
        ("contact", {"email": "a@b.c", "webhook": "https://x/"}),
        ("contact", {"phone": "1", "webhook": "https://x/"}),
        ("tags", {"team": "x" * 257}),
        ("undeclared", 1),
    ],
)
def test_strict_refuses_a_broken_rule(strict: PydanticValidator, member: str, value: Any) -> None:
    assert strict.validate(JOB, {**VALID_JOB, member: value}) != []


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("inputBytes", "0"),
        ("outputBytes", "0"),
        ("embeddingOffset", "170141183460469231731687303715884105726"),
        ("costUsd", "0.01"),
        ("parentJobId", "123e4567-e89b-12d3-a456-426614174000"),
        ("start", "2026-11-27T08:30:00+05:30"),
        ("configPointer", ""),
        ("modelArtifact", ""),
        ("compute", {"instanceType": "ml.m5.xlarge", "spot": True}),
        ("source", {"neptune": {"clusterId": "c"}}),
        ("target", {"endpointType": "SageMakerEndpoint", "endpointName": "e"}),
        ("contact", {"webhook": "https://x/"}),
    ],
)
def test_strict_accepts_valid_members(strict: PydanticValidator, member: str, value: Any) -> None:
    assert strict.validate(JOB, {**VALID_JOB, member: value}) == []


def test_strict_reads_json_text_and_lax_coerces(
    strict: PydanticValidator, lax: PydanticValidator
) -> None:
    for member, value in (("instanceCount", "2"), ("enableInterContainerTrafficEncryption", 1)):
        assert strict.validate(JOB, {**VALID_JOB, member: value}) != []
        assert lax.validate(JOB, {**VALID_JOB, member: value}) == []


def test_what_pydantic_itself_accepts_or_refuses_against_the_draft(
    strict: PydanticValidator,
) -> None:
    """Measured pydantic behaviour the suite reports as findings, not model defects."""
    accepted = [
        ("createdAt", "2026-11-27 08:30:00Z"),  # a space for `T`
        ("createdAt", "2026-11-27T08:30Z"),  # no seconds
        ("id", "123e4567e89b12d3a456426614174000"),  # unhyphenated
        ("id", "urn:uuid:123e4567-e89b-12d3-a456-426614174000"),
        ("timeout", "P1DT"),  # a `T` with no time after it
        ("dailyWindow", "02:00:00"),  # no offset
        ("modelArtifact", "!!!!"),  # outside the base64 alphabet
        ("modelArtifact", "H4sI="),  # a length no padding gives
    ]
    for member, value in accepted:
        assert strict.validate(JOB, {**VALID_JOB, member: value}) == [], value
    refused = [
        ("createdAt", "1990-12-31T23:59:60Z"),  # a leap second
        ("timeout", "pt4h"),  # lower-case designators
        ("trainModelS3Location", "model/"),  # a relative reference
    ]
    for member, value in refused:
        assert strict.validate(JOB, {**VALID_JOB, member: value}) != [], value


def test_defaults_fill_inside_choices_and_nested_models(strict: PydanticValidator) -> None:
    example = load(Path(__file__).parent.parent / "examples" / "neptune-ml-job-v2.json")
    validator = PydanticValidator(example, strict=True)
    assert validator.apply_defaults("Job", {"inferenceEndpoint": {}}) == {
        "inferenceEndpoint": {"update": False, "instanceType": "ml.m5.xlarge", "instanceCount": 1}
    }
    filled = strict.apply_defaults(
        JOB, {"kind": "modelTraining", "jobName": "j", "id": VALID_JOB["id"]}
    )
    assert filled["timeout"] == "PT2H" and filled["epochs"] == 10
