"""The `jsonschema-rs` built-in: the Rust validator's Python binding, dialect 2020-12."""

from __future__ import annotations

from typing import Any

import jsonschema_rs

from .._model.compile import DIALECT, compile_all
from .._model.structure import Structure
from ._base import InProcessAdapter


class RustValidator:
    def __init__(self, structure: Structure) -> None:
        self._validators = {
            name: jsonschema_rs.Draft202012Validator(schema)
            for name, schema in compile_all(structure).items()
        }

    def validate(self, definition: str, instance: Any) -> list[str]:
        return [error.message for error in self._validators[definition].iter_errors(instance)]


def make(structure: Structure) -> InProcessAdapter:
    adapter = InProcessAdapter("jsonschema-rs", "jsonschema-rs", RustValidator(structure))
    adapter.dialect = DIALECT  # given the compiled schema: judged on what it can state
    return adapter
