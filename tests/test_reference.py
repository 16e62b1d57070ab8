"""The stance, rule by rule, as the reference validator applies it (docs/STANCE.md)."""

from __future__ import annotations

from typing import Any

import pytest
from neptune_ml_conformance import Structure
from neptune_ml_conformance._model.reference import ReferenceValidator

PREFIX = {"dataProcessingJobId": "dp", "trainModelS3Location": "s3://b/"}


@pytest.mark.parametrize(
    ("value", "categories"),
    [
        (2, []),
        (True, ["type"]),
        (1.5, ["type"]),
        ("2", ["type"]),
        (3.0, ["integer-lexical"]),
        (2**31, ["range"]),
        (-(2**31) - 1, ["range"]),
        (1e10, ["integer-lexical", "range"]),
    ],
)
def test_int32(structure: Structure, value: Any, categories: list[str]) -> None:
    found = ReferenceValidator(structure).validate(
        "ModelTrainingJob", {**PREFIX, "maxHPONumberOfTrainingJobs": value}
    )
    assert [v.category for v in found] == categories
    assert all(v.path == "/maxHPONumberOfTrainingJobs" for v in found)


def test_apply_defaults_fills_absent_and_keeps_present(structure: Structure) -> None:
    ref = ReferenceValidator(structure)
    assert ref.apply_defaults("InferenceEndpoint", {"instanceCount": 3}) == {
        "instanceCount": 3,
        "update": False,
        "instanceType": "ml.m5.xlarge",
    }


def test_errors_carry_pointer_and_category(structure: Structure) -> None:
    found = ReferenceValidator(structure).validate(
        "ModelTrainingJob",
        {"subnets": ["a", 5], "customModelTrainingParameters": {"trainingEntryPointScript": 1}},
    )
    assert {(v.category, v.path) for v in found} == {
        ("required", "/dataProcessingJobId"),
        ("required", "/trainModelS3Location"),
        ("type", "/subnets/1"),
        ("type", "/customModelTrainingParameters/trainingEntryPointScript"),
    }
