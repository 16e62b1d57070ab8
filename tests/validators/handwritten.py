"""A correct validator written by hand, independently of the suite's structure model.

It encodes the four definitions as literal tables, the way a user might, so that a bug
shared by the model and the reference validator would show up as a disagreement here.
"""

from __future__ import annotations

from typing import Any

S, N, B, A = "string", "int32", "boolean", "array"
_CUSTOM = {
    "sourceS3DirectoryPath": S,
    "trainingEntryPointScript": S,
    "transformEntryPointScript": S,
}
_COMMON = {
    "id": S,
    "sagemakerIamRoleArn": S,
    "neptuneIamRoleArn": S,
    "subnets": A,
    "securityGroupIds": A,
    "volumeEncryptionKMSKey": S,
    "s3OutputEncryptionKMSKey": S,
    "enableInterContainerTrafficEncryption": B,
}

TYPES: dict[str, dict[str, Any]] = {
    "DataProcessingJob": {
        **_COMMON,
        "inputDataS3Location": S,
        "processedDataS3Location": S,
        "previousDataProcessingJobId": S,
        "processingInstanceType": S,
        "processingInstanceVolumeSizeInGB": N,
        "processingTimeOutInSeconds": N,
        "modelType": S,
        "configFileName": S,
    },
    "ModelTrainingJob": {
        **_COMMON,
        "dataProcessingJobId": S,
        "trainModelS3Location": S,
        "previousModelTrainingJobId": S,
        "modelName": S,
        "baseProcessingInstanceType": S,
        "trainingInstanceType": S,
        "trainingInstanceVolumeSizeInGB": N,
        "trainingTimeOutInSeconds": N,
        "maxHPONumberOfTrainingJobs": N,
        "maxHPOParallelTrainingJobs": N,
        "enableManagedSpotTraining": B,
        "customModelTrainingParameters": _CUSTOM,
    },
    "ModelTransformJob": {
        **_COMMON,
        "dataProcessingJobId": S,
        "mlModelTrainingJobId": S,
        "trainingJobName": S,
        "modelTransformOutputS3Location": S,
        "baseProcessingInstanceType": S,
        "baseProcessingInstanceVolumeSizeInGB": N,
    },
    "InferenceEndpoint": {
        "id": S,
        "mlModelTrainingJobId": S,
        "mlModelTransformJobId": S,
        "update": B,
        "neptuneIamRoleArn": S,
        "modelName": S,
        "instanceType": S,
        "instanceCount": N,
        "volumeEncryptionKMSKey": S,
    },
}
REQUIRED = {
    "DataProcessingJob": ["inputDataS3Location", "processedDataS3Location"],
    "ModelTrainingJob": ["dataProcessingJobId", "trainModelS3Location"],
    "ModelTransformJob": ["modelTransformOutputS3Location"],
    "InferenceEndpoint": [],
}
ENUMS = {
    ("DataProcessingJob", "modelType"): {"heterogeneous", "kge"},
    ("ModelTrainingJob", "modelName"): {"rgcn", "transe", "distmult", "rotate", "custom"},
    ("InferenceEndpoint", "modelName"): {"rgcn", "kge", "transe", "distmult", "rotate"},
}
MINIMUMS = {("InferenceEndpoint", "instanceCount"): 1}


def _is_type(kind: Any, value: Any) -> bool:
    if isinstance(kind, dict):
        return isinstance(value, dict) and all(
            k not in kind or _is_type(kind[k], v) for k, v in value.items()
        )
    if kind == S:
        return isinstance(value, str)
    if kind == B:
        return isinstance(value, bool)
    if kind == A:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    # int32: a JSON integer without decimal point, within range
    return type(value) is int and -(2**31) <= value <= 2**31 - 1


def validate(definition: str, instance: Any) -> bool:
    if not isinstance(instance, dict):
        return False
    if any(name not in instance for name in REQUIRED[definition]):
        return False
    for name, value in instance.items():
        kind = TYPES[definition].get(name)
        if kind is None:
            continue  # open objects
        if not _is_type(kind, value):
            return False
        allowed = ENUMS.get((definition, name))
        if allowed is not None and value not in allowed:
            return False
        low = MINIMUMS.get((definition, name))
        if low is not None and value < low:
            return False
    return True
