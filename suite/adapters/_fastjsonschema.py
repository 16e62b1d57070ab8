"""The `fastjsonschema` built-in over the compiled JSON Schema.

fastjsonschema speaks drafts 4, 6 and 7; the compiled schema uses only keywords these drafts
share with 2020-12, so it is given as draft 7.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import fastjsonschema

from .._compile import DIALECT, compile_all
from .._structure import Structure
from ._base import InProcessAdapter

DRAFT7 = "http://json-schema.org/draft-07/schema#"


class FastValidator:
    def __init__(self, structure: Structure) -> None:
        self._validators: dict[str, Callable[[Any], Any]] = {}
        for name, schema in compile_all(structure).items():
            self._validators[name] = fastjsonschema.compile({**schema, "$schema": DRAFT7})

    def validate(self, definition: str, instance: Any) -> list[str]:
        try:
            self._validators[definition](instance)
        except fastjsonschema.JsonSchemaValueException as error:
            return [error.message]
        return []


def make(structure: Structure) -> InProcessAdapter:
    adapter = InProcessAdapter("fastjsonschema", "fastjsonschema", FastValidator(structure))
    adapter.dialect = DIALECT  # given the compiled schema: judged on what it can state
    return adapter
