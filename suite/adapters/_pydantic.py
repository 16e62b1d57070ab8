"""The `pydantic-strict` and `pydantic-lax` built-ins: models generated from the structure.

This is what a user who "generates models from the structure" gets: one `BaseModel` per
object type, int32 as a bounded `int`, enums as `Literal`, open objects (`extra="allow"`).
Optional properties take no `None`: absent is allowed, `null` is not. Lax mode coerces
(`"5"` becomes 5), which the suite reports; strict mode does not.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from .._structure import Node, Structure
from ._base import InProcessAdapter


def annotation(node: Node, name: str) -> Any:
    if node.enum is not None:
        return Literal[tuple(node.enum)]
    if node.spec.family == "integer":
        low, high = node.bounds()
        return Annotated[int, Field(ge=low, le=high)]
    if node.type == "number":
        return Annotated[float, Field(ge=node.minimum)] if node.minimum is not None else float
    if node.type == "array" and node.items is not None:
        return list[annotation(node.items, name + "Item")]  # type: ignore[misc]
    if node.type == "object":
        return model_for(node, name)
    return {"string": str, "boolean": bool, "null": type(None)}.get(node.type, Any)


def model_for(node: Node, name: str) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for prop, child in node.properties.items():
        kind = annotation(child, name + prop[:1].upper() + prop[1:])
        if prop in node.required:
            fields[prop] = (kind, ...)
        else:
            default = child.default if child.has_default else None
            fields[prop] = (kind, Field(default=default))
    extra: Literal["allow", "forbid"] = "forbid" if node.additional_properties is False else "allow"
    model: type[BaseModel] = pydantic.create_model(
        name, __config__=ConfigDict(extra=extra), **fields
    )
    return model


class PydanticValidator:
    def __init__(self, structure: Structure, strict: bool) -> None:
        self.strict = strict
        self._nodes = structure.definitions
        self._models = {
            name: model_for(node, name)
            for name, node in structure.definitions.items()
            if node.type == "object"
        }

    def validate(self, definition: str, instance: Any) -> list[str]:
        try:
            self._models[definition].model_validate(instance, strict=self.strict)
        except pydantic.ValidationError as error:
            return [str(e["msg"]) for e in error.errors()]
        return []

    def apply_defaults(self, definition: str, instance: Any) -> Any:
        model = self._models[definition].model_validate(instance, strict=self.strict)
        dumped = model.model_dump(mode="json")
        node = self._nodes[definition]
        filled = dict(instance)
        for name, child in node.properties.items():
            if name not in filled and child.has_default:
                filled[name] = dumped[name]
        return filled


def make_strict(structure: Structure) -> InProcessAdapter:
    return InProcessAdapter(
        "pydantic-strict", "pydantic-strict", PydanticValidator(structure, strict=True)
    )


def make_lax(structure: Structure) -> InProcessAdapter:
    return InProcessAdapter(
        "pydantic-lax", "pydantic-lax", PydanticValidator(structure, strict=False)
    )
