"""Small faulty validators: each a named variation of a correct one, with the category a
good suite must blame. Used by the engine, CLI and plugin tests (and the mutation analysis)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from neptune_ml_conformance import load
from neptune_ml_conformance._io.pointer import pointer_tokens
from neptune_ml_conformance._model.reference import ReferenceValidator, Violation

_REFERENCE = ReferenceValidator(load())


def value_at(instance: Any, pointer: str) -> Any:
    for token in pointer_tokens(pointer):
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
off_by_one_minimum = _dropping(lambda v, i: v.category == "minimum" and value_at(i, v.path) == 0)
accepts_true_as_int32 = _dropping(
    lambda v, i: v.category == "type" and value_at(i, v.path) is True and "int32" in v.message
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


# --- faults the hand-written cases miss; generated instances must catch them -------------


def rejects_control_characters(definition: str, instance: Any) -> bool:
    """Over-strict: treats strings with control characters as invalid."""

    def has_control(value: Any) -> bool:
        if isinstance(value, str):
            return any(ord(ch) < 0x20 for ch in value)
        if isinstance(value, dict):
            return any(has_control(v) for v in value.values())
        if isinstance(value, list):
            return any(has_control(v) for v in value)
        return False

    return not has_control(instance) and not _REFERENCE.validate(definition, instance)


def checks_first_three_items(definition: str, instance: Any) -> list[Violation]:
    """Under-strict: only the first three items of an array are type-checked."""
    return [
        v
        for v in _REFERENCE.validate(definition, instance)
        if not (
            v.path.count("/") == 2
            and v.path.rsplit("/", 1)[1].isdigit()
            and int(v.path.rsplit("/", 1)[1]) >= 3
        )
    ]


def accepts_enum_prefixes(definition: str, instance: Any) -> list[Violation]:
    """Under-strict: a non-empty prefix of a declared enum value is accepted."""
    node = _REFERENCE.structure.definition(definition)

    def forgiven(v: Violation) -> bool:
        if v.category != "enum":
            return False
        value = value_at(instance, v.path)
        allowed = node.properties[v.path.split("/")[1]].enum or ()
        return (
            isinstance(value, str)
            and value != ""
            and any(isinstance(e, str) and e.startswith(value) for e in allowed)
        )

    return [v for v in _REFERENCE.validate(definition, instance) if not forgiven(v)]


def rejects_long_arrays(definition: str, instance: Any) -> bool:
    """Over-strict: arrays of more than 10 items are refused."""
    if isinstance(instance, dict) and any(
        isinstance(v, list) and len(v) > 10 for v in instance.values()
    ):
        return False
    return not _REFERENCE.validate(definition, instance)


#: faults only generation catches -> the category a good suite must blame
GENERATION_ONLY = {
    "rejects_control_characters": "type",
    "checks_first_three_items": "type",
    "accepts_enum_prefixes": "enum",
    "rejects_long_arrays": "type",
}
