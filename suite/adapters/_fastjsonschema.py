"""The `fastjsonschema` built-in over the compiled JSON Schema.

fastjsonschema speaks drafts 4, 6 and 7; the compiled schema is given as draft 7, with the
two 2020-12 keywords the compiler emits that draft 7 spells differently translated
(`prefixItems` + `items: false` for tuples, `dependentRequired`). Without the translation
draft 7 reads `items: false` as "no elements at all" and ignores `dependentRequired`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import fastjsonschema

from .._model.compile import DIALECT, compile_all
from .._model.structure import Structure
from ._base import InProcessAdapter

DRAFT7 = "http://json-schema.org/draft-07/schema#"


#: Keywords whose value maps member names (not keywords) to schemas, and whose value is data.
_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})
_VALUES = frozenset({"enum", "const", "default", "examples", "required", "dependentRequired"})


def draft7(schema: Any) -> Any:
    """The same schema in draft 7's words."""
    if isinstance(schema, list):
        return [draft7(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _NAME_MAPS and isinstance(value, dict):
            out[key] = {name: draft7(sub) for name, sub in value.items()}
        elif key in _VALUES:
            out[key] = value  # instance values, not schemas
        else:
            out[key] = draft7(value)
    if "prefixItems" in out:
        out["items"] = out.pop("prefixItems")
        out["additionalItems"] = schema.get("items", True) is not False
    if "dependentRequired" in out:
        out["dependencies"] = out.pop("dependentRequired")
    return out


class FastValidator:
    def __init__(self, structure: Structure) -> None:
        self._validators: dict[str, Callable[[Any], Any]] = {}
        for name, schema in compile_all(structure).items():
            self._validators[name] = fastjsonschema.compile({**draft7(schema), "$schema": DRAFT7})

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
