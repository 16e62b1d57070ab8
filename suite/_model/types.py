"""Every JSON Structure type, declared once as data (core draft, "Data Types").

Each entry says how the type is represented in JSON, its value range, its lexical form and a
plain value. The structure model, the reference validator, the compiler to JSON Schema, the
generators and lint all read this table; none of them names a type's range or form itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, overload

from .._model import lexical as _lexical
from .._model.values import Violation, describe, is_number

Number = int | float | Decimal


@dataclass(frozen=True)
class TypeSpec:
    """One type of the core draft.

    `base` is the JSON type of its representation; `family` groups types that share their
    rules (every integer carried as a JSON number is an `integer`, whatever its width).
    """

    name: str
    base: str
    family: str
    section: str
    low: Number | None = None
    high: Number | None = None
    plain: Any = None
    #: Valid values at the edges of the value space, for generation and diff.
    edges: tuple[Any, ...] = ()

    @property
    def numeric(self) -> bool:
        """Whether numeric keywords (minimum, multipleOf, ...) apply."""
        return self.family in ("integer", "float", "number", "big-integer", "decimal")

    @property
    def string_encoded(self) -> bool:
        """Numbers carried as JSON strings: their keyword values must be strings too."""
        return self.family in ("big-integer", "decimal")

    @property
    def integral(self) -> bool:
        return self.family in ("integer", "big-integer")

    @property
    def compound(self) -> bool:
        return self.family in ("object", "array", "set", "map", "tuple", "choice")

    @property
    def exercises(self) -> frozenset[str]:
        """The categories of the type's own rules (`check_value`, the set and tuple rules),
        which every valid value of it exercises beside `type`."""
        own = {
            "range": self.integral or (self.family == "float" and self.high is not None),
            "format": self.family in ("lexical", "big-integer", "decimal", "binary"),
            "items": self.family in ("set", "tuple"),
        }
        return frozenset(category for category, holds in own.items() if holds)


def _int(name: str, bits: int, signed: bool, base: str = "number") -> TypeSpec:
    low = -(2 ** (bits - 1)) if signed else 0
    high = 2 ** (bits - 1) - 1 if signed else 2**bits - 1
    family = "integer" if base == "number" else "big-integer"
    as_json: Callable[[int], Any] = (lambda v: v) if base == "number" else str
    edges = tuple(as_json(v) for v in (low, low + 1, 0, 1, high - 1, high))
    return TypeSpec(name, base, family, name, low, high, as_json(1), edges)


FLOAT_MAX = 3.4028234663852886e38
DOUBLE_MAX = 1.7976931348623157e308

TYPES: dict[str, TypeSpec] = {
    spec.name: spec
    for spec in (
        TypeSpec("string", "string", "string", "string", plain="x", edges=("", "x" * 64)),
        TypeSpec("number", "number", "number", "number", plain=1, edges=(0, -1.5, 1e300)),
        TypeSpec("boolean", "boolean", "boolean", "boolean", plain=False, edges=(False, True)),
        TypeSpec("null", "null", "null", "null", plain=None, edges=(None,)),
        TypeSpec("binary", "string", "binary", "binary", plain="eA==", edges=("", "AAECAw==")),
        _int("int8", 8, True),
        _int("uint8", 8, False),
        _int("int16", 16, True),
        _int("uint16", 16, False),
        _int("int32", 32, True),
        _int("uint32", 32, False),
        _int("int64", 64, True, "string"),
        _int("uint64", 64, False, "string"),
        _int("int128", 128, True, "string"),
        _int("uint128", 128, False, "string"),
        # float8: the draft's range ("approximately +-3.4 x 10^3") does not match its own bit
        # layout (E4M3 tops at 448); docs/STANCE.md, so no range is enforced.
        TypeSpec("float8", "number", "float", "float8", plain=1, edges=(0, 1.5, -2)),
        TypeSpec(
            "float", "number", "float", "float", -FLOAT_MAX, FLOAT_MAX, 1, (0, FLOAT_MAX, 1e-30)
        ),
        TypeSpec(
            "double", "number", "float", "double", -DOUBLE_MAX, DOUBLE_MAX, 1, (0, DOUBLE_MAX)
        ),
        TypeSpec("decimal", "string", "decimal", "decimal", plain="1", edges=("0", "-0.5")),
        TypeSpec("date", "string", "lexical", "date", plain="2024-02-29", edges=("0001-01-01",)),
        TypeSpec(
            "datetime",
            "string",
            "lexical",
            "datetime",
            plain="2024-01-01T00:00:00Z",
            edges=("1990-12-31T23:59:60Z", "2024-02-29t12:00:00.5+05:30"),
        ),
        TypeSpec("time", "string", "lexical", "time", plain="12:00:00Z", edges=("23:59:60Z",)),
        TypeSpec("duration", "string", "lexical", "duration", plain="P1D", edges=("PT0S",)),
        TypeSpec(
            "uuid",
            "string",
            "lexical",
            "uuid",
            plain="123e4567-e89b-12d3-a456-426614174000",
            edges=("00000000-0000-0000-0000-000000000000", "123E4567-E89B-12D3-A456-426614174000"),
        ),
        TypeSpec("uri", "string", "lexical", "uri", plain="https://example.com/", edges=("a/b",)),
        TypeSpec("jsonpointer", "string", "lexical", "jsonpointer", plain="", edges=("/a~1b",)),
        TypeSpec("any", "any", "any", "any", plain=None),
        TypeSpec("object", "object", "object", "object", plain={}),
        TypeSpec("array", "array", "array", "array", plain=[]),
        TypeSpec("set", "array", "set", "set", plain=[]),
        TypeSpec("map", "object", "map", "map", plain={}),
        TypeSpec("tuple", "array", "tuple", "tuple", plain=[]),
        TypeSpec("choice", "object", "choice", "choice", plain={}),
    )
}

#: Other names of a type (core, "integer": "An alias for `int32`").
ALIASES: dict[str, str] = {"integer": "int32"}

#: Compound types may not be declared inline inside a type union (core, "Unions").
COMPOUND = frozenset(name for name, spec in TYPES.items() if spec.compound)


def lookup(name: str) -> TypeSpec | None:
    return TYPES.get(ALIASES.get(name, name))


def canonical(name: str) -> str:
    return ALIASES.get(name, name)


_BASE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": is_number,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "any": lambda v: True,
}


def check_value(
    spec: TypeSpec, instance: Any, path: str, encoding: str = "base64"
) -> Iterator[Violation]:
    """The type's own rules: its JSON representation (`type`), its lexical form (`format`,
    or the `integer-lexical` stance for `3.0`) and its value range (`range`)."""
    if spec.family == "integer":
        yield from _json_integer(spec, instance, path)
        return
    if not _BASE_CHECKS[spec.base](instance):
        yield Violation("type", path, f"expected {spec.name}, got {describe(instance)}")
        return
    if spec.family == "float":
        if spec.high is not None and not -spec.high <= instance <= spec.high:
            yield Violation("range", path, f"{instance!r} is outside the {spec.name} range")
    elif spec.family == "big-integer":
        value = _big_integer(spec, instance)
        if value is None:
            yield Violation(
                "format", path, f"{instance!r} is not an integer string ('[minus] int', RFC 8259)"
            )
        elif not (
            spec.low is not None and spec.high is not None and spec.low <= value <= spec.high
        ):
            yield Violation("range", path, f"{instance} is outside the {spec.name} range")
    elif spec.family == "decimal":
        if _lexical.decimal(instance) is None:
            yield Violation(
                "format", path, f"{instance!r} is not a decimal string ('[minus] int [frac]')"
            )
    elif spec.family == "lexical":
        if not _lexical.check(spec.name, instance):
            yield Violation("format", path, f"{instance!r} is not a {spec.name} ({spec.section})")
    elif spec.family == "binary" and not _lexical.encoded(encoding, instance):
        yield Violation("format", path, f"{instance!r:.60} is not {encoding}-encoded binary")


def _json_integer(spec: TypeSpec, instance: Any, path: str) -> Iterator[Violation]:
    if isinstance(instance, float) and instance.is_integer():
        yield Violation(
            "integer-lexical",
            path,
            f"{instance!r} has a decimal point; an {spec.name} literal has none",
        )
    elif not isinstance(instance, int) or isinstance(instance, bool):
        yield Violation("type", path, f"expected {spec.name}, got {describe(instance)}")
        return
    assert spec.low is not None and spec.high is not None
    if not spec.low <= instance <= spec.high:
        yield Violation("range", path, f"{instance!r} is outside the {spec.name} range")


def _big_integer(spec: TypeSpec, text: str) -> int | None:
    """Signed types read `[minus] int`, unsigned ones `int` (core, "int64", "uint64")."""
    signed = spec.low is not None and spec.low < 0
    return _lexical.integer(text) if signed else _lexical.unsigned(text)


def numeric_value(spec: TypeSpec, instance: Any) -> Number | None:
    """The number an instance stands for, or None when it is not one of this type."""
    if spec.family in ("integer", "float", "number"):
        return instance if is_number(instance) else None
    if not isinstance(instance, str):
        return None
    if spec.family == "big-integer":
        return _big_integer(spec, instance)
    if spec.family == "decimal":
        return _lexical.decimal(instance)
    return None


def parse_number(spec: TypeSpec, raw: Any) -> Number | None:
    """A numeric keyword value in the form the validation draft asks for it: a string for a
    string-encoded type ("MUST be provided as strings"), a JSON number otherwise."""
    if spec.string_encoded:
        if not isinstance(raw, str):
            return None
        text = raw.strip()
        value: Number | None = _lexical.integer(text) if spec.integral else _lexical.decimal(text)
        if value is None:
            try:
                value = Decimal(text)
            except InvalidOperation:
                return None
        return value
    return raw if is_number(raw) else None


@overload
def json_number(value: Decimal) -> int | float: ...
@overload
def json_number(value: None) -> None: ...
def json_number(value: Decimal | None) -> int | float | None:
    """An exact number as JSON writes it: an integer where it is one, else a float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def spell(spec: TypeSpec, value: Decimal) -> Any:
    """A number in the type's own representation: a string for the string-encoded types
    (RFC 8259 syntax, no exponent), a JSON number otherwise."""
    if spec.family == "big-integer":
        return str(int(value))
    if spec.family == "decimal":
        return format(value, "f")
    return json_number(value)


def in_value_space(spec: TypeSpec, value: Number) -> bool:
    """Whether a keyword value is in the value space of its type (validation draft,
    "Numeric Validation Keywords")."""
    if spec.integral and value != int(value):
        return False
    if spec.low is not None and value < spec.low:
        return False
    return not (spec.high is not None and value > spec.high)


#: Patterns for the RFC 8259 forms of string-encoded numbers, for JSON Schema compilation.
INTEGER_PATTERN = "^-?(0|[1-9][0-9]*)$"
DECIMAL_PATTERN = "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$"
#: `format` names of JSON Schema 2020-12 that carry a type's lexical form, where one exists.
_FORMAT_NAMES = {
    "date": "date",
    "datetime": "date-time",
    "time": "time",
    "duration": "duration",
    "uuid": "uuid",
    "uri": "uri-reference",
    "jsonpointer": "json-pointer",
}


def json_schema(spec: TypeSpec) -> tuple[dict[str, Any], str | None]:
    """The type as JSON Schema 2020-12, and what of it JSON Schema cannot state (None when
    it states it all)."""
    family = spec.family
    if family == "integer":
        return {"type": "integer", "minimum": spec.low, "maximum": spec.high}, None
    if family == "float" and spec.high is not None:
        # double too: its only values outside the range are what a parser reads for 1e309
        return {"type": "number", "minimum": spec.low, "maximum": spec.high}, None
    if family in ("float", "number"):
        return {"type": "number"}, None
    if family == "big-integer":
        return (
            {"type": "string", "pattern": INTEGER_PATTERN},
            f"the {spec.name} value range on a string",
        )
    if family == "decimal":
        return {"type": "string", "pattern": DECIMAL_PATTERN}, None
    if family == "lexical":
        return (
            {"type": "string", "format": _FORMAT_NAMES[spec.name]},
            f"{spec.name}: `format` asserts only where a validator enables format assertion",
        )
    if family == "binary":
        return {"type": "string", "contentEncoding": "base64"}, "binary encoding (an annotation)"
    if family in ("array", "set", "tuple"):
        return {"type": "array"}, None
    if family in ("object", "map", "choice"):
        return {"type": "object"}, None
    if family == "any":
        return {}, None
    return {"type": spec.base}, None
