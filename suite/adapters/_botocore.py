"""The `botocore` built-in: the AWS SDK's client-side parameter validation, offline.

Each definition maps to the `neptunedata` operation whose input it describes; botocore's
`ParamValidator` is what a boto3 client runs before sending a request. No credentials, no
network: only the bundled service model is read.
"""

from __future__ import annotations

from typing import Any

import botocore.session
from botocore.validate import ParamValidator

from .._model.structure import Structure
from ._base import InProcessAdapter

OPERATIONS = {
    "DataProcessingJob": "StartMLDataProcessingJob",
    "ModelTrainingJob": "StartMLModelTrainingJob",
    "ModelTransformJob": "StartMLModelTransformJob",
    "InferenceEndpoint": "CreateMLEndpoint",
}


class BotocoreValidator:
    def __init__(self, structure: Structure) -> None:
        model = botocore.session.get_session().get_service_model("neptunedata")
        self._shapes = {
            name: model.operation_model(OPERATIONS[name]).input_shape
            for name in structure.definitions
            if name in OPERATIONS
        }
        self._validator = ParamValidator()

    def validate(self, definition: str, instance: Any) -> list[str]:
        shape = self._shapes.get(definition)
        if shape is None:
            raise LookupError(f"no neptunedata operation takes a {definition}")
        if not isinstance(instance, dict):
            return [f"parameters must be an object, got {type(instance).__name__}"]
        report = self._validator.validate(instance, shape)
        return [report.generate_report()] if report.has_errors() else []


def make(structure: Structure) -> InProcessAdapter:
    return InProcessAdapter("botocore", "botocore", BotocoreValidator(structure))
