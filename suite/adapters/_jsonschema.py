"""The `jsonschema` built-in: python-jsonschema over the compiled JSON Schema 2020-12.

`apply_defaults` follows the library's documented recipe: extend the validator so that its
`properties` keyword sets each absent property's `default` before validating.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
from jsonschema.protocols import Validator as JSONSchemaValidator

from .._model.compile import DIALECT, compile_all
from .._model.structure import Structure
from ._base import InProcessAdapter


def _extend_with_default(base: type[JSONSchemaValidator]) -> type[JSONSchemaValidator]:
    validate_properties = base.VALIDATORS["properties"]

    def set_defaults(
        validator: JSONSchemaValidator, properties: Any, instance: Any, schema: Any
    ) -> Iterator[Any]:
        if isinstance(instance, dict):
            for name, subschema in properties.items():
                if "default" in subschema:
                    instance.setdefault(name, subschema["default"])
        yield from validate_properties(validator, properties, instance, schema)

    extended: type[JSONSchemaValidator] = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        base, {"properties": set_defaults}
    )
    return extended


class JSONSchemaAdapterTarget:
    def __init__(self, structure: Structure) -> None:
        schemas = compile_all(structure)
        cls = jsonschema.Draft202012Validator
        filling = _extend_with_default(cls)
        self._validators = {name: cls(schema) for name, schema in schemas.items()}
        self._fillers = {name: filling(schema) for name, schema in schemas.items()}

    def validate(self, definition: str, instance: Any) -> list[str]:
        return [e.message for e in self._validators[definition].iter_errors(instance)]

    def apply_defaults(self, definition: str, instance: Any) -> Any:
        for _ in self._fillers[definition].iter_errors(instance):
            pass
        return instance


def make(structure: Structure) -> InProcessAdapter:
    adapter = InProcessAdapter("jsonschema", "jsonschema", JSONSchemaAdapterTarget(structure))
    adapter.dialect = DIALECT  # given the compiled schema: judged on what it can state
    return adapter
