"""A catalogue of faulty validators for the mutation analysis (bench/mutation.py).

Each fault is a small, named variation of a correct validator, labelled with the category a
good suite should blame. Under-strict faults forgive a violation the reference reports;
over-strict faults refuse something valid. `*` marks a fault whose symptoms land anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from neptune_ml_conformance import load
from neptune_ml_conformance._io.pointer import pointer_tokens
from neptune_ml_conformance._model.reference import ReferenceValidator, Violation
from neptune_ml_conformance._model.structure import INT32_MAX, INT32_MIN

from .faulty import value_at

STRUCTURE = load()
REFERENCE = ReferenceValidator(STRUCTURE)
ENUM_UNION = {v for d in STRUCTURE.definitions.values() for _, n in d.walk() for v in n.enum or ()}

Validate = Callable[[str, Any], Any]


@dataclass(frozen=True)
class Fault:
    name: str
    blame: str
    kind: str  # under-strict | over-strict
    validate: Validate
    #: Builds a fresh validator for a run, for faults that keep state.
    fresh: Callable[[], Validate] | None = None

    def make(self) -> Validate:
        return self.fresh() if self.fresh is not None else self.validate


def node_at(definition: str, pointer: str) -> Any:
    node = STRUCTURE.definitions[definition]
    for token in pointer_tokens(pointer):
        node = node.items if node.type == "array" else node.properties.get(token)
        if node is None:
            return None
    return node


def forgive(test: Callable[[str, Violation, Any], bool]) -> Validate:
    def validate(definition: str, instance: Any) -> list[Violation]:
        return [
            v for v in REFERENCE.validate(definition, instance) if not test(definition, v, instance)
        ]

    return validate


def refuse(test: Callable[[str, Any], bool]) -> Validate:
    def validate(definition: str, instance: Any) -> bool:
        return not test(definition, instance) and not REFERENCE.validate(definition, instance)

    return validate


def _values(instance: Any) -> list[Any]:
    """Every value inside an instance, nested ones included."""
    out = []
    if isinstance(instance, dict):
        for v in instance.values():
            out += [v, *_values(v)]
    elif isinstance(instance, list):
        for v in instance:
            out += [v, *_values(v)]
    return out


def _top_values(instance: Any, kind: str, definition: str) -> list[Any]:
    node = STRUCTURE.definitions[definition]
    if not isinstance(instance, dict):
        return []
    return [
        v for k, v in instance.items() if k in node.properties and node.properties[k].type == kind
    ]


def _enum_forgiven(accept: Callable[[str, tuple[Any, ...]], bool]) -> Validate:
    def test(definition: str, v: Violation, instance: Any) -> bool:
        if v.category != "enum":
            return False
        value = value_at(instance, v.path)
        node = node_at(definition, v.path)
        return isinstance(value, str) and node is not None and accept(value, node.enum)

    return forgive(test)


def _type_forgiven(node_type: str, accept: Callable[[Any], bool]) -> Validate:
    def test(definition: str, v: Violation, instance: Any) -> bool:
        if v.category != "type" or not v.path:
            return False
        node = node_at(definition, v.path)
        return node is not None and node.type == node_type and accept(value_at(instance, v.path))

    return forgive(test)


def _ignore_required(definition_name: str, prop: str) -> Fault:
    return Fault(
        f"ignores-required-{definition_name}.{prop}",
        "required",
        "under-strict",
        forgive(
            lambda d, v, _: (
                d == definition_name and v.category == "required" and v.path == f"/{prop}"
            )
        ),
    )


def _int_range(low: int, high: int) -> Validate:
    def test(definition: str, v: Violation, instance: Any) -> bool:
        value = value_at(instance, v.path)
        return v.category == "range" and isinstance(value, int) and low <= value <= high

    return forgive(test)


class Stateful:
    """Keeps errors from earlier calls, like the SDK's `validate_instance()`."""

    def __init__(self) -> None:
        self.errors: list[Violation] = []

    def validate(self, definition: str, instance: Any) -> list[Violation]:
        self.errors += REFERENCE.validate(definition, instance)
        return list(self.errors)


def _drop_enum_value(definition_name: str, value: str) -> Validate:
    def validate(definition: str, instance: Any) -> Any:
        if (
            definition == definition_name
            and isinstance(instance, dict)
            and value in (instance.get("modelName"), instance.get("modelType"))
        ):
            return False
        return REFERENCE.validate(definition, instance)

    return validate


def _strings(definition: str, instance: Any) -> list[str]:
    return (
        [v for v in _values(instance) if isinstance(v, str)] if isinstance(instance, dict) else []
    )


def _ints(definition: str, instance: Any) -> list[int]:
    """int32 property values of the definition (top level)."""
    return [v for v in _top_values(instance, "int32", definition) if type(v) is int]


def _min_of(definition: str, name: str) -> Any:
    node = STRUCTURE.definitions[definition].properties.get(name)
    return None if node is None else node.minimum


CATALOGUE: list[Fault] = [
    *[_ignore_required(d, p) for d, n in STRUCTURE.definitions.items() for p in n.required],
    Fault(
        "enum-case-insensitive", "enum", "under-strict", _enum_forgiven(lambda v, e: v.lower() in e)
    ),
    Fault(
        "enum-strips-spaces", "enum", "under-strict", _enum_forgiven(lambda v, e: v.strip() in e)
    ),
    Fault(
        "enum-accepts-empty-string", "enum", "under-strict", _enum_forgiven(lambda v, e: v == "")
    ),
    Fault(
        "enum-shared-across-definitions",
        "enum",
        "under-strict",
        _enum_forgiven(lambda v, e: v in ENUM_UNION),
    ),
    Fault(
        "enum-accepts-prefixes",
        "enum",
        "under-strict",
        _enum_forgiven(lambda v, e: bool(v) and any(x.startswith(v) for x in e)),
    ),
    Fault(
        "enum-misses-custom", "enum", "over-strict", _drop_enum_value("ModelTrainingJob", "custom")
    ),
    Fault("enum-misses-kge", "enum", "over-strict", _drop_enum_value("InferenceEndpoint", "kge")),
    Fault(
        "minimum-off-by-one",
        "minimum",
        "under-strict",
        forgive(lambda d, v, i: v.category == "minimum" and value_at(i, v.path) == 0),
    ),
    Fault(
        "minimum-ignored",
        "minimum",
        "under-strict",
        forgive(lambda d, v, i: v.category == "minimum"),
    ),
    Fault(
        "minimum-exclusive",
        "minimum",
        "over-strict",
        refuse(
            lambda d, i: (
                isinstance(i, dict)
                and any(
                    type(v) is int and _min_of(d, k) is not None and v == _min_of(d, k)
                    for k, v in i.items()
                )
            )
        ),
    ),
    Fault(
        "negative-int32-refused",
        "minimum",
        "over-strict",
        refuse(lambda d, i: any(v < 0 for v in _ints(d, i))),
    ),
    Fault("true-is-int32", "type", "under-strict", _type_forgiven("int32", lambda v: v is True)),
    Fault("false-is-int32", "type", "under-strict", _type_forgiven("int32", lambda v: v is False)),
    Fault(
        "numeric-string-is-int32",
        "type",
        "under-strict",
        _type_forgiven("int32", lambda v: isinstance(v, str) and v.lstrip("-").isdigit()),
    ),
    Fault(
        "fraction-is-int32",
        "type",
        "under-strict",
        _type_forgiven("int32", lambda v: isinstance(v, float)),
    ),
    Fault(
        "null-for-optional",
        "type",
        "under-strict",
        forgive(
            lambda d, v, i: v.category == "type" and bool(v.path) and value_at(i, v.path) is None
        ),
    ),
    Fault(
        "array-items-unchecked",
        "type",
        "under-strict",
        forgive(
            lambda d, v, i: (
                v.category == "type"
                and v.path.count("/") == 2
                and v.path.rsplit("/", 1)[1].isdigit()
            )
        ),
    ),
    Fault(
        "only-first-item-checked",
        "type",
        "under-strict",
        forgive(
            lambda d, v, i: (
                v.category == "type"
                and v.path.count("/") == 2
                and v.path.rsplit("/", 1)[1].isdigit()
                and v.path.rsplit("/", 1)[1] != "0"
            )
        ),
    ),
    Fault(
        "nested-members-unchecked",
        "type",
        "under-strict",
        forgive(
            lambda d, v, i: (
                v.category == "type" and v.path.startswith("/customModelTrainingParameters/")
            )
        ),
    ),
    Fault(
        "arrays-as-root-accepted",
        "type",
        "under-strict",
        forgive(lambda d, v, i: v.path == "" and isinstance(i, list)),
    ),
    Fault(
        "string-true-is-boolean",
        "type",
        "under-strict",
        _type_forgiven("boolean", lambda v: v in ("true", "false")),
    ),
    Fault(
        "zero-one-are-booleans",
        "type",
        "under-strict",
        _type_forgiven("boolean", lambda v: type(v) is int and v in (0, 1)),
    ),
    Fault(
        "numbers-are-strings",
        "type",
        "under-strict",
        _type_forgiven("string", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    ),
    Fault(
        "objects-are-arrays",
        "type",
        "under-strict",
        _type_forgiven("array", lambda v: isinstance(v, dict)),
    ),
    Fault("int32-as-uint32", "range", "under-strict", _int_range(0, 2**32 - 1)),
    Fault("int32-no-upper-bound", "range", "under-strict", _int_range(0, 2**200)),
    Fault("int32-no-lower-bound", "range", "under-strict", _int_range(-(2**200), 0)),
    Fault("int32-as-int64", "range", "under-strict", _int_range(-(2**63), 2**63 - 1)),
    Fault(
        "int32-max-refused",
        "range",
        "over-strict",
        refuse(lambda d, i: INT32_MAX in _ints(d, i)),
    ),
    Fault(
        "int32-min-refused",
        "range",
        "over-strict",
        refuse(lambda d, i: INT32_MIN in _ints(d, i)),
    ),
    Fault("zero-refused", "type", "over-strict", refuse(lambda d, i: 0 in _ints(d, i))),
    Fault("empty-string-refused", "type", "over-strict", refuse(lambda d, i: "" in _strings(d, i))),
    Fault(
        "long-strings-refused",
        "type",
        "over-strict",
        refuse(lambda d, i: any(len(s) > 64 for s in _strings(d, i))),
    ),
    Fault(
        "non-ascii-refused",
        "type",
        "over-strict",
        refuse(lambda d, i: any(not s.isascii() for s in _strings(d, i))),
    ),
    Fault(
        "control-characters-refused",
        "type",
        "over-strict",
        refuse(lambda d, i: any(any(ord(c) < 32 for c in s) for s in _strings(d, i))),
    ),
    Fault(
        "empty-arrays-refused",
        "type",
        "over-strict",
        refuse(lambda d, i: isinstance(i, dict) and [] in list(i.values())),
    ),
    Fault(
        "long-arrays-refused",
        "type",
        "over-strict",
        refuse(
            lambda d, i: (
                isinstance(i, dict) and any(isinstance(v, list) and len(v) > 10 for v in i.values())
            )
        ),
    ),
    Fault(
        "defaults-required",
        "defaults",
        "over-strict",
        refuse(
            lambda d, i: (
                isinstance(i, dict)
                and any(
                    c.has_default and k not in i
                    for k, c in STRUCTURE.definitions[d].properties.items()
                )
            )
        ),
    ),
    Fault(
        "explicit-default-refused",
        "defaults",
        "over-strict",
        refuse(
            lambda d, i: (
                isinstance(i, dict)
                and any(
                    k in i and c.has_default and i[k] == c.default and type(i[k]) is type(c.default)
                    for k, c in STRUCTURE.definitions[d].properties.items()
                )
            )
        ),
    ),
    Fault(
        "unknown-properties-refused",
        "unknown-properties",
        "over-strict",
        refuse(
            lambda d, i: (
                isinstance(i, dict) and any(k not in STRUCTURE.definitions[d].properties for k in i)
            )
        ),
    ),
    Fault(
        "decimal-point-is-int32",
        "integer-lexical",
        "under-strict",
        forgive(lambda d, v, i: v.category == "integer-lexical"),
    ),
    Fault(
        "keeps-state-between-calls",
        "*",
        "over-strict",
        Stateful().validate,
        fresh=lambda: Stateful().validate,
    ),
]
