"""Small faulty validators: each a named variation of a correct one, with the category a
good suite must blame. Used by the engine, CLI and plugin tests (and the mutation analysis)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from neptune_ml_conformance import load
from neptune_ml_conformance._reference import ReferenceValidator, Violation

_REFERENCE = ReferenceValidator(load())


def _value_at(instance: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        instance = instance[int(token)] if isinstance(instance, list) else instance[token]
    return instance


def _dropping(
    forgive: Callable[[Violation, Any], bool],
) -> Callable[[str, Any], list[Violation]]:
    def validate(definition: str, instance: Any) -> list[Violation]:
        return [v for v in _REFERENCE.validate(definition, instance) if not forgive(v, instance)]

    return validate


def correct(definition: str, instance: Any) -> list[Violation]:
    return _REFERENCE.validate(definition, instance)


ignores_required = _dropping(lambda v, _: v.category == "required")
off_by_one_minimum = _dropping(lambda v, i: v.category == "minimum" and _value_at(i, v.path) == 0)
accepts_true_as_int32 = _dropping(
    lambda v, i: v.category == "type" and _value_at(i, v.path) is True and "int32" in v.message
)


def case_insensitive_enum(definition: str, instance: Any) -> list[Violation]:
    if isinstance(instance, dict):
        instance = {k: v.lower() if isinstance(v, str) else v for k, v in instance.items()}
    return _REFERENCE.validate(definition, instance)


def defaults_required(definition: str, instance: Any) -> bool:
    """Over-strict: treats every defaulted property as required."""
    node = _REFERENCE.structure.definition(definition)
    if isinstance(instance, dict) and any(
        c.has_default and name not in instance for name, c in node.properties.items()
    ):
        return False
    return not _REFERENCE.validate(definition, instance)


def crashes_on_model_name(definition: str, instance: Any) -> bool:
    if isinstance(instance, dict) and "modelName" in instance:
        raise RuntimeError("unexpected modelName")
    return not _REFERENCE.validate(definition, instance)


class WrongDefaults:
    """Validates correctly but fills defaults wrongly (instanceCount 0 instead of 1)."""

    def validate(self, definition: str, instance: Any) -> bool:
        return not _REFERENCE.validate(definition, instance)

    def apply_defaults(self, definition: str, instance: Any) -> Any:
        filled = _REFERENCE.apply_defaults(definition, instance)
        if "instanceCount" in filled and "instanceCount" not in instance:
            filled["instanceCount"] = 0
        return filled


#: name -> the blocking category a good suite must blame
EXPECTED_BLAME = {
    "ignores_required": "required",
    "off_by_one_minimum": "minimum",
    "accepts_true_as_int32": "type",
    "case_insensitive_enum": "enum",
    "defaults_required": "defaults",
    "WrongDefaults": "defaults",
}
