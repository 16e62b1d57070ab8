"""A correct validator for the example structure (`examples/neptune-ml-job-v2.json`), written
by hand from literal tables, the way a user might: it reads neither the structure document nor
the suite's model or rule registry, so a bug shared by them and the reference validator shows
up as a disagreement here (the third independent correct validator of the mutation analysis).

The lexical forms are written from their RFCs: RFC 3339 `date-time` and Appendix A `duration`,
RFC 9562 uuid, RFC 4648 base64, RFC 8259 integers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

S3 = re.compile(r"s3://[a-z0-9.-]{3,63}(/[A-Za-z0-9!_.*'()/=+-]*)?")
ARN = re.compile(r"arn:aws:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+")
SUBNET = re.compile(r"subnet-[0-9a-f]{8,17}")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))"
)
_TIME = r"T(\d+H(\d+M(\d+S)?)?|\d+M(\d+S)?|\d+S)"
DURATION = re.compile(rf"P((\d+D|\d+M(\d+D)?|\d+Y(\d+M(\d+D)?)?)({_TIME})?|{_TIME}|\d+W)")
BASE64 = re.compile(r"([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
DOUBLE_MAX = 1.7976931348623157e308


def is_string(value: Any) -> bool:
    return isinstance(value, str)


def string(
    pattern: re.Pattern[str] | None = None, min_length: int = 0, max_length: int | None = None
) -> Check:
    def check(value: Any) -> bool:
        return (
            isinstance(value, str)
            and len(value) >= min_length
            and (max_length is None or len(value) <= max_length)
            and (pattern is None or pattern.fullmatch(value) is not None)
        )

    return check


def one_of(*options: str) -> Check:
    return lambda value: isinstance(value, str) and value in options


def integer(low: int, high: int, step: int = 1) -> Check:
    """An integer carried as a JSON number, within [low, high]: no booleans, no `3.0`."""
    return lambda value: type(value) is int and low <= value <= high and value % step == 0


def int64_string(low: int) -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, str) or INTEGER.fullmatch(value) is None:
            return False
        number = int(value)
        return INT64[0] <= number <= INT64[1] and number >= low

    return check


def double_in(above: float, at_most: float) -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        return -DOUBLE_MAX <= value <= DOUBLE_MAX and above < value <= at_most

    return check


def is_boolean(value: Any) -> bool:
    return isinstance(value, bool)


def _days(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


def is_datetime(value: Any) -> bool:
    """RFC 3339 `date-time`: a real calendar date, an offset, `t`/`z` in either case, second
    60 only at 23:59:60 UTC."""
    if not isinstance(value, str):
        return False
    m = DATETIME.fullmatch(value)
    if m is None:
        return False
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    if not 1 <= month <= 12 or not 1 <= day <= _days(year, month):
        return False
    if hour > 23 or minute > 59 or second > 60:
        return False
    offset = 0
    if m.group(9) is not None:
        off_h, off_m = int(m.group(10)), int(m.group(11))
        if off_h > 23 or off_m > 59:
            return False
        offset = (off_h * 60 + off_m) * (1 if m.group(9) == "+" else -1)
    if second == 60:
        utc = (hour * 60 + minute - offset) % (24 * 60)
        return utc == 23 * 60 + 59
    return True


def is_duration(value: Any) -> bool:
    return isinstance(value, str) and DURATION.fullmatch(value) is not None


def is_uuid(value: Any) -> bool:
    return isinstance(value, str) and UUID.fullmatch(value) is not None


def is_base64(value: Any) -> bool:
    return isinstance(value, str) and BASE64.fullmatch(value) is not None


def tags(value: Any) -> bool:
    """map of string to string: keys 1..128 characters, values at most 256, 50 entries."""
    return (
        isinstance(value, dict)
        and len(value) <= 50
        and all(1 <= len(k) <= 128 for k in value)
        and all(isinstance(v, str) and len(v) <= 256 for v in value.values())
    )


def subnets(value: Any) -> bool:
    """set of subnet ids: at most 16, each once."""
    if not isinstance(value, list) or len(value) > 16:
        return False
    if not all(string(SUBNET)(v) for v in value):
        return False
    return len(set(value)) == len(value)


def status(value: Any) -> bool:
    """tagged choice: exactly one of creating / inService (datetime), failed (string)."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    ((tag, inner),) = value.items()
    checks: dict[str, Check] = {
        "creating": is_datetime,
        "inService": is_datetime,
        "failed": string(max_length=1024),
    }
    return tag in checks and checks[tag](inner)


def rollout(value: Any) -> bool:
    """tuple [percent: uint8 at most 100, since: datetime]."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and integer(0, 100)(value[0])
        and is_datetime(value[1])
    )


def custom_parameters(value: Any) -> bool:
    """object: sourceS3DirectoryPath required, every other member a string."""
    if not isinstance(value, dict) or "sourceS3DirectoryPath" not in value:
        return False
    return string(S3)(value["sourceS3DirectoryPath"]) and all(
        isinstance(v, str) for k, v in value.items() if k != "sourceS3DirectoryPath"
    )


BASE: dict[str, Check] = {
    "id": is_uuid,
    "createdAt": is_datetime,
    "neptuneIamRoleArn": string(ARN, max_length=2048),
    "sagemakerIamRoleArn": string(ARN, max_length=2048),
    "tags": tags,
}

MEMBERS: dict[str, dict[str, Check]] = {
    "DataProcessingJob": {
        **BASE,
        "inputDataS3Location": string(S3),
        "processedDataS3Location": string(S3),
        "previousDataProcessingJobId": string(min_length=1, max_length=64),
        "processingInstanceType": one_of("ml.r5.xlarge", "ml.r5.2xlarge", "ml.r5.4xlarge"),
        "processingInstanceVolumeSizeInGB": integer(0, 16384),
        "processingTimeOutInSeconds": integer(1, 604800),
        "modelType": one_of("heterogeneous", "kge"),
        "subnets": subnets,
        "maxBytesProcessed": int64_string(0),
    },
    "ModelTrainingJob": {
        **BASE,
        "dataProcessingJobId": string(min_length=1, max_length=64),
        "trainModelS3Location": string(S3),
        "modelName": one_of("rgcn", "kge", "transe", "distmult", "rotate", "custom"),
        "maxHPONumberOfTrainingJobs": integer(1, 100),
        "maxHPOParallelTrainingJobs": integer(1, 10),
        "trainingTimeOutInSeconds": integer(1, INT32[1]),
        "learningRate": double_in(0, 1),
        "batchSize": integer(16, 4096, step=16),
        "enableManagedSpotTraining": is_boolean,
        "maxWaitTime": is_duration,
        "customModelTrainingParameters": custom_parameters,
    },
    "ModelTransformJob": {
        **BASE,
        "dataProcessingJobId": string(min_length=1),
        "mlModelTrainingJobId": string(min_length=1),
        "trainingJobName": string(min_length=1, max_length=63),
        "modelTransformOutputS3Location": string(S3),
        "baseProcessingInstanceVolumeSizeInGB": integer(0, INT32[1]),
        "checksum": is_base64,
    },
    "InferenceEndpoint": {
        **BASE,
        "mlModelTrainingJobId": is_string,
        "mlModelTransformJobId": is_string,
        "update": is_boolean,
        "modelName": one_of("rgcn", "kge", "transe", "distmult", "rotate"),
        "instanceType": is_string,
        "instanceCount": integer(1, 10),
        "scaleUpCooldown": is_duration,
        "status": status,
        "rollout": rollout,
    },
}
REQUIRED: dict[str, list[str]] = {
    "DataProcessingJob": ["inputDataS3Location", "processedDataS3Location"],
    "ModelTrainingJob": ["dataProcessingJobId", "trainModelS3Location"],
    "ModelTransformJob": [],
    "InferenceEndpoint": [],
}
#: ModelTransformJob: exactly one of these sets is complete.
ALTERNATIVES = [
    {"dataProcessingJobId", "mlModelTrainingJobId", "modelTransformOutputS3Location"},
    {"trainingJobName", "modelTransformOutputS3Location"},
]
CLOSED = {"DataProcessingJob"}
DEPENDENT = {"InferenceEndpoint": {"update": ["mlModelTrainingJobId"]}}
JOB = {
    "dataProcessing": "DataProcessingJob",
    "modelTraining": "ModelTrainingJob",
    "modelTransform": "ModelTransformJob",
    "inferenceEndpoint": "InferenceEndpoint",
}


def complete(names: set[str], instance: dict[str, Any]) -> bool:
    return all(n in instance for n in names)


def validate(definition: str, instance: Any) -> bool:
    if not isinstance(instance, dict):
        return False
    if definition == "Job":
        if len(instance) != 1:
            return False
        ((tag, job),) = instance.items()
        return tag in JOB and validate(JOB[tag], job)
    members = MEMBERS[definition]
    if any(name not in instance for name in REQUIRED[definition]):
        return False
    if definition == "ModelTransformJob" and sum(complete(s, instance) for s in ALTERNATIVES) != 1:
        return False
    for trigger, names in DEPENDENT.get(definition, {}).items():
        if trigger in instance and any(n not in instance for n in names):
            return False
    for name, value in instance.items():
        check = members.get(name)
        if check is None:
            if definition in CLOSED:
                return False
            continue  # open objects (docs/STANCE.md, unknown-properties)
        if not check(value):
            return False
    return True
