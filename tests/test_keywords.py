"""Boundary tests of the reference validator: every type and keyword of the JSON Structure
core, validation and conditional-composition drafts, just valid and just invalid.

Each case is written from the draft's own rule or example and asserts the violations'
categories (the table in `suite/_model/categories.py`) and JSON Pointer paths. A case id names its
source: `core-X`, `val-X`, `comp-X` are the section X of the core, validation and
conditional-composition drafts (a comment quotes the rule where the id does not say it);
`stance-X` a reading the drafts leave open; `everything/X` tests/structures/everything.json.
The tables are data: `test_sdk_agreement.py` runs the official SDK on the same documents and
instances.

A case is a document whose `$root` is `#/definitions/T` (the schema under test), with the
validation and conditional-composition extensions enabled through `$uses`, or, where the
draft's example is a whole document, that document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance._model import categories as _categories
from neptune_ml_conformance._model import keywords as _keywords
from neptune_ml_conformance._model import types as _types
from neptune_ml_conformance._model.compile import compile_node
from neptune_ml_conformance._model.reference import fill_defaults, validate_node
from neptune_ml_conformance._model.structure import Structure, model

EXTENDED = "https://json-structure.org/meta/extended/v0/#"
USES = ["JSONStructureValidation", "JSONStructureConditionalComposition"]
STRUCTURES = Path(__file__).parent / "structures"

Expect = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Case:
    id: str
    schema: dict[str, Any]
    instance: Any
    #: (category, JSON Pointer) of every violation; empty: valid.
    expect: Expect = ()
    definitions: dict[str, Any] = field(default_factory=dict)
    #: A whole document, where the draft's example is one (its root type is the target).
    whole: dict[str, Any] | None = None

    def document(self) -> dict[str, Any]:
        if self.whole is not None:
            return self.whole
        return {
            "$schema": EXTENDED,
            "$id": f"https://example.com/neptune-ml-conformance/{self.id}",
            "$uses": list(USES),
            "$root": "#/definitions/T",
            "definitions": {**self.definitions, "T": self.schema},
        }


def at(category: str, path: str = "") -> Expect:
    return ((category, path),)


CASES: list[Case] = []


def add(
    id: str,
    schema: dict[str, Any],
    rows: list[tuple[str, Any, Expect]],
    definitions: dict[str, Any] | None = None,
    whole: dict[str, Any] | None = None,
) -> None:
    """One schema, several instances: (suffix, instance, expected violations)."""
    for suffix, instance, expect in rows:
        CASES.append(Case(f"{id}/{suffix}", schema, instance, expect, definitions or {}, whole))


VALID: Expect = ()

# --- core, "JSON Primitive Types" -------------------------------------------------------------
add("core-string", {"type": "string"}, [("text", "x", VALID), ("number", 1, at("type"))])
add("core-number", {"type": "number"}, [("1.5", 1.5, VALID), ("string", "1", at("type"))])
add("core-boolean", {"type": "boolean"}, [("true", True, VALID), ("one", 1, at("type"))])
add("core-null", {"type": "null"}, [("null", None, VALID), ("zero", 0, at("type"))])
add(
    "core-integer",  # "An alias for int32"
    {"type": "integer"},
    [("max", 2**31 - 1, VALID), ("max+1", 2**31, at("range"))],
)

# --- core, "int8" ... "uint32": JSON numbers, "No decimal points or quotes" -------------------
for _name in ("int8", "uint8", "int16", "uint16", "int32", "uint32"):
    _spec = _types.TYPES[_name]
    assert isinstance(_spec.low, int) and isinstance(_spec.high, int)
    add(
        f"core-{_name}",
        {"type": _name},
        [
            ("low", _spec.low, VALID),
            ("high", _spec.high, VALID),
            ("low-1", _spec.low - 1, at("range")),
            ("high+1", _spec.high + 1, at("range")),
            ("boolean", True, at("type")),
            ("quoted", "1", at("type")),
            ("fraction", 1.5, at("type")),
            ("decimal-point", 3.0, at("integer-lexical")),
        ],
    )

# --- core, "int64" ... "uint128": strings, "[minus] int" --------------------------------------
for _name, _low, _high in (
    ("int64", -(2**63), 2**63 - 1),
    ("uint64", 0, 2**64 - 1),
    ("int128", -(2**127), 2**127 - 1),
    ("uint128", 0, 2**128 - 1),
):
    add(
        f"core-{_name}",
        {"type": _name},
        [
            ("low", str(_low), VALID),
            ("high", str(_high), VALID),
            # unsigned types read `int`, which has no minus: "-1" is not of their form at all
            ("low-1", str(_low - 1), at("range" if _low else "format")),
            ("high+1", str(_high + 1), at("range")),
            ("json-number", 1, at("type")),
            ("plus-sign", "+1", at("format")),
            ("leading-zero", "01", at("format")),
        ],
    )

# --- core, "float8", "float", "double" --------------------------------------------------------
add(
    "core-float",
    {"type": "float"},
    [
        ("max", _types.FLOAT_MAX, VALID),
        ("tiny", 1e-30, VALID),
        ("above-max", 3.5e38, at("range")),
        ("below-min", -3.5e38, at("range")),
        ("string", "1.5", at("type")),
    ],
)
add(
    "core-double",
    {"type": "double"},
    [
        ("max", _types.DOUBLE_MAX, VALID),
        ("above-max", json.loads("1e309"), at("range")),  # what a JSON parser reads
        ("string", "1.5", at("type")),
    ],
)
# float8: the draft's "+-3.4 x 10^3" contradicts its own bit layout, so no range (docs/STANCE.md)
add("core-float8", {"type": "float8"}, [("1.5", 1.5, VALID), ("string", "1", at("type"))])

# --- core, "decimal": "[minus] int frac" as a string ------------------------------------------
add(
    "core-decimal",
    {"type": "decimal"},
    [
        ("fraction", "123.45", VALID),
        ("negative", "-0.5", VALID),
        ("integer", "10", VALID),
        ("json-number", 1.5, at("type")),
        ("exponent", "1e5", at("format")),
        ("bare-point", "1.", at("format")),
    ],
)

# --- core, lexical string types: one valid and one invalid each (the RFC edge cases are
# tested with the lexical checkers) ------------------------------------------------------------
for _name, _good, _bad in (
    ("date", "2024-02-29", "2024/02/29"),  # RFC 3339 full-date
    ("datetime", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00"),  # date-time: offset required
    ("time", "12:00:00Z", "12:00:00"),  # RFC 3339 full-time: offset required
    ("duration", "P1D", "1D"),
    ("uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567"),
    ("uri", "a/b", "a b"),  # uri-reference: relative references are valid
    ("jsonpointer", "/a~1b", "a"),  # RFC 6901: "" or "/..."
    ("binary", "AAECAw==", "!!"),  # base64 by default
):
    add(
        f"core-{_name}",
        {"type": _name},
        [("valid", _good, VALID), ("invalid", _bad, at("format")), ("number", 1, at("type"))],
    )
add("core-uri", {"type": "uri"}, [("absolute", "https://example.com/a?b#c", VALID)])
add("core-datetime", {"type": "datetime"}, [("lower-case-t-z", "2024-01-01t00:00:00z", VALID)])
add(
    "core-uuid",  # RFC 9562: the hyphenated hex string only
    {"type": "uuid"},
    [("braces", "{123e4567-e89b-12d3-a456-426614174000}", at("format"))],
)
add("core-jsonpointer", {"type": "jsonpointer"}, [("whole-document", "", VALID)])
add(
    "core-contentEncoding",  # binary "with the encoding specified in the contentEncoding"
    {"type": "binary", "contentEncoding": "base16"},
    [("base16", "0A1B", VALID), ("not-base16", "zz", at("format"))],
)
add(
    "core-annotations",  # precision, scale, content*, name, description, examples: no rule
    {
        "type": "object",
        "name": "Annotated",
        "description": "annotations only",
        "properties": {
            "price": {"type": "decimal", "precision": 5, "scale": 2, "examples": ["1.00"]},
            "blob": {
                "type": "binary",
                "contentEncoding": "base64",
                "contentCompression": "gzip",
                "contentMediaType": "application/json",
            },
            "n": {"type": "int32", "default": "not an int32"},  # no draft checks a default
        },
    },
    [("valid", {"price": "123.456", "blob": "eA=="}, VALID)],
)
add(
    "core-contentEncoding-base64url",
    {"type": "binary", "contentEncoding": "base64url"},
    [("url-safe", "_-8A", VALID), ("not-base64url", "!!!!", at("format"))],
)
add("core-any", {"type": "any"}, [("object", {"a": [1, None]}, VALID), ("null", None, VALID)])

# --- validation, "Numeric Validation Keywords" ------------------------------------------------
add(
    "val-minimum",
    {"type": "number", "minimum": 10},
    [("10", 10, VALID), ("9.99", 9.99, at("minimum"))],
)
add(
    "val-maximum",
    {"type": "number", "maximum": 100},
    [("100", 100, VALID), ("100.5", 100.5, at("maximum"))],
)
add(
    "val-exclusiveMinimum",
    {"type": "number", "exclusiveMinimum": 10},
    [("10.001", 10.001, VALID), ("10", 10, at("minimum"))],
)
add(
    "val-exclusiveMaximum",
    {"type": "number", "exclusiveMaximum": 100},
    [("99.9", 99.9, VALID), ("100", 100, at("maximum"))],
)
add(
    "val-multipleOf",
    {"type": "number", "multipleOf": 5},
    [("15", 15, VALID), ("7", 7, at("multiple-of"))],
)
add(
    "val-multipleOf-decimal-step",
    {"type": "double", "multipleOf": 0.1},
    [("0.3", 0.3, VALID), ("0.35", 0.35, at("multiple-of"))],
)
add(
    "val-minimum-int32", {"type": "int32", "minimum": 1}, [("1", 1, VALID), ("0", 0, at("minimum"))]
)
# "numeric constraint values ... MUST be provided as strings" for string-encoded types
add(
    "val-minimum-int64-string",
    {"type": "int64", "minimum": "0"},
    [("0", "0", VALID), ("-1", "-1", at("minimum"))],
)
add(
    "val-minimum-int64-numeric-not-lexical",
    {"type": "int64", "minimum": "9"},
    [("10", "10", VALID), ("8", "8", at("minimum"))],
)
add(
    "val-exclusiveMinimum-int64",  # the draft's example
    {"type": "int64", "exclusiveMinimum": "10"},
    [("11", "11", VALID), ("10", "10", at("minimum")), ("9", "9", at("minimum"))],
)
add(
    "val-maximum-uint64",
    {"type": "uint64", "maximum": "18446744073709551614"},
    [("max", "18446744073709551614", VALID), ("max+1", "18446744073709551615", at("maximum"))],
)
add(
    "val-minimum-decimal",  # the draft's example
    {"type": "decimal", "minimum": "10.00"},
    [("10", "10", VALID), ("9.99", "9.99", at("minimum"))],
)
add(
    "val-maximum-decimal",  # the draft's example
    {"type": "decimal", "maximum": "100.00"},
    [("99.5", "99.5", VALID), ("100.01", "100.01", at("maximum"))],
)
add(
    "val-exclusiveMaximum-decimal",  # the draft's example
    {"type": "decimal", "exclusiveMaximum": "100.00"},
    [("99.99", "99.99", VALID), ("100", "100", at("maximum"))],
)
add(
    "val-multipleOf-decimal",  # the draft's example
    {"type": "decimal", "multipleOf": "5"},
    [("15", "15", VALID), ("15.5", "15.5", at("multiple-of"))],
)
add(
    "val-multipleOf-large-quotient",  # the quotient has more digits than Decimal's context
    {"type": "double", "multipleOf": 0.1},
    [("1e300", 1e300, VALID), ("1.5e300", 1.5e300, VALID)],
)
add(
    "val-multipleOf-large-seven",
    {"type": "double", "multipleOf": 7},
    [("7e300", 7e300, VALID), ("1e300", 1e300, at("multiple-of"))],
)
add(
    "val-multipleOf-uint128",
    {"type": "uint128", "multipleOf": "2"},
    [("2^128-2", str(2**128 - 2), VALID), ("2^128-1", str(2**128 - 1), at("multiple-of"))],
)
add(
    "val-multipleOf-cents",
    {"type": "decimal", "multipleOf": "0.01"},
    [("1.23", "1.23", VALID), ("1.234", "1.234", at("multiple-of"))],
)

# --- core "maxLength", validation "minLength": lengths count code points ----------------------
add(
    "val-minLength",
    {"type": "string", "minLength": 3},
    [
        ("3", "abc", VALID),
        ("2", "ab", at("length")),
        ("astral-counts-1", "a\U0001f600b", VALID),  # 3 code points, 4 UTF-16 units
        ("astral-2", "a\U0001f600", at("length")),
    ],
)
add(
    "core-maxLength",
    {"type": "string", "maxLength": 3},
    [
        ("3", "abc", VALID),
        ("4", "abcd", at("length")),
        ("astral-counts-1", "\U0001f600" * 3, VALID),  # 3 code points, 6 UTF-16 units
        ("astral-4", "\U0001f600" * 4, at("length")),
    ],
)

# --- validation, "pattern": the entire value --------------------------------------------------
add(
    "val-pattern-entire",
    {"type": "string", "pattern": "b"},
    [("b", "b", VALID), ("abc", "abc", at("pattern"))],
)
add(
    "val-pattern-ecma-digit",  # ECMA-262 `\\d` is [0-9]; Python's also matches other digits
    {"type": "string", "pattern": "\\d"},
    [("ascii", "3", VALID), ("arabic-indic", "\u0663", at("pattern"))],
)
add(
    "val-pattern-example",
    {"type": "string", "pattern": "^[A-Z][a-z]+$"},
    [("Hello", "Hello", VALID), ("hello", "hello", at("pattern"))],
)

# --- validation, "format": the draft's names --------------------------------------------------
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("ipv4", "192.168.0.1", "256.1.1.1"),
    ("ipv6", "2001:db8::1", "2001:db8:::1:g"),
    ("email", "ml@example.com", "ml.example.com"),
    ("idn-email", "ml@例え.jp", "例え.jp"),
    ("hostname", "neptune.example.com", "-bad-.example.com"),
    ("idn-hostname", "例え.jp", "-例え.jp"),
    ("iri", "https://例え.jp/π", "π"),
    ("iri-reference", "π/λ", "a b"),
    ("uri-template", "https://example.com/{id}", "https://example.com/{id"),
    ("relative-json-pointer", "1/a", "/a"),
    ("regex", "^[a-z]+$", "[a-z"),
)
for _name, _good, _bad in FORMATS:
    add(
        f"val-format-{_name}",
        {"type": "string", "format": _name},
        [("valid", _good, VALID), ("invalid", _bad, at("format"))],
    )
add("val-format-unknown-name", {"type": "string", "format": "colour"}, [("any", "red", VALID)])

# --- core, "enum" and "const" -----------------------------------------------------------------
add(
    "core-enum",
    {"type": "string", "enum": ["value1", "value2", "value3"]},
    [("member", "value2", VALID), ("other", "value4", at("enum")), ("case", "Value1", at("enum"))],
)
add("core-enum-int32", {"type": "int32", "enum": [1, 2]}, [("2", 2, VALID), ("3", 3, at("enum"))])
add(
    "core-const",
    {"type": "string", "const": "example"},
    [("same", "example", VALID), ("case", "Example", at("enum"))],
)

# --- core, "object", "properties", "required" -------------------------------------------------
PERSON = {
    "type": "object",
    "name": "Person",
    "properties": {"name": {"type": "string"}, "age": {"type": "int32"}},
    "required": ["name"],
}
add(
    "core-required",
    PERSON,
    [
        ("present", {"name": "Alice"}, VALID),
        ("missing", {"age": 3}, at("required", "/name")),
        ("property-type", {"name": "Alice", "age": "42"}, at("type", "/age")),
        ("null-is-not-absent", {"name": "Alice", "age": None}, at("type", "/age")),
        ("not-an-object", ["Alice"], at("type")),
        ("unknown-property-open", {"name": "Alice", "x": 1}, VALID),  # stance: open objects
    ],
)
add(
    "core-required-alternatives",  # "exactly one of the sets MUST match"
    {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "fins": {"type": "int32"},
            "legs": {"type": "int32"},
            "wings": {"type": "int32"},
        },
        "required": [["name", "fins"], ["name", "legs"]],
    },
    [
        ("name+fins", {"name": "Nemo", "fins": 2}, VALID),
        ("name+legs+wings", {"name": "Tweety", "legs": 2, "wings": 2}, VALID),
        ("name+fins+legs", {"name": "x", "fins": 2, "legs": 4}, at("required")),
        ("name-alone", {"name": "x"}, at("required", "/fins")),
        ("fins-alone", {"fins": 2}, at("required", "/name")),
    ],
)
add(
    "val-dependentRequired",  # the draft's example
    {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "credit_card": {"type": "number"},
            "billing_address": {"type": "string"},
        },
        "dependentRequired": {"credit_card": ["billing_address"]},
        "required": ["name"],
    },
    [
        ("both", {"name": "n", "credit_card": 1, "billing_address": "a"}, VALID),
        ("neither", {"name": "n"}, VALID),
        ("trigger-only", {"name": "n", "credit_card": 1}, at("required", "/billing_address")),
    ],
)
add(
    "core-additionalProperties-false",
    {**PERSON, "additionalProperties": False},
    [
        ("declared", {"name": "Alice", "age": 42}, VALID),
        ("undeclared", {"name": "Alice", "x": 1}, at("additional-properties", "/x")),
    ],
)
add(
    "core-additionalProperties-schema",  # "each additional property MUST conform to it"
    {**PERSON, "additionalProperties": {"type": "int32"}},
    [
        ("conforming", {"name": "Alice", "x": 1}, VALID),
        ("not-conforming", {"name": "Alice", "x": "1"}, at("type", "/x")),
    ],
)
add(
    "val-patternProperties",  # the draft's example
    {
        "type": "object",
        "properties": {"id": {"type": "string"}},
        "patternProperties": {"^[A-Z]": {"type": "string"}},
    },
    [
        ("matching", {"Name": "x", "lower": 1}, VALID),
        ("not-conforming", {"Name": 1}, at("type", "/Name")),
    ],
)
add(
    "val-propertyNames",  # the draft's example
    {
        "type": "object",
        "properties": {"id": {"type": "string"}},
        "propertyNames": {"type": "string", "pattern": "^[a-z][a-zA-Z0-9]*$"},
    },
    [("camel", {"camelCase": 1}, VALID), ("upper", {"Bad": 1}, at("entries", "/Bad"))],
)
add(
    "val-minProperties",
    {"type": "object", "properties": {"id": {"type": "string"}}, "minProperties": 1},
    [("one", {"x": 1}, VALID), ("none", {}, at("entries"))],
)
add(
    "val-maxProperties",
    {"type": "object", "properties": {"id": {"type": "string"}}, "maxProperties": 2},
    [("two", {"a": 1, "b": 2}, VALID), ("three", {"a": 1, "b": 2, "c": 3}, at("entries"))],
)
add(
    "val-has",  # the draft's example
    {"type": "object", "properties": {"id": {"type": "int32"}}, "has": {"type": "string"}},
    [
        ("one-string", {"id": 1, "b": "x"}, VALID),
        ("string-first", {"b": "x", "id": 1}, VALID),
        ("no-string", {"id": 1}, at("entries")),
    ],
)

# --- core, "map"; validation, map keywords ----------------------------------------------------
add(
    "core-map",
    {"type": "map", "values": {"type": "string"}},
    [
        ("any-key", {"a": "x", "any key / ~": "y"}, VALID),
        ("empty", {}, VALID),
        ("value-type", {"a": 1}, at("type", "/a")),
        ("array", ["x"], at("type")),
    ],
)
add(
    "val-minEntries",
    {"type": "map", "values": {"type": "string"}, "minEntries": 1},
    [("one", {"a": "x"}, VALID), ("none", {}, at("entries"))],
)
add(
    "val-maxEntries",
    {"type": "map", "values": {"type": "string"}, "maxEntries": 1},
    [("one", {"a": "x"}, VALID), ("two", {"a": "x", "b": "y"}, at("entries"))],
)
add(
    "val-keyNames",
    {
        "type": "map",
        "values": {"type": "string"},
        "keyNames": {"type": "string", "pattern": "[a-z]+"},
    },
    [("lower", {"abc": "x"}, VALID), ("upper", {"ABC": "x"}, at("entries", "/ABC"))],
)
add(
    "val-patternKeys",
    {"type": "map", "values": {"type": "any"}, "patternKeys": {"^x-": {"type": "int32"}}},
    [
        ("matching", {"x-a": 1, "b": "s"}, VALID),
        ("not-conforming", {"x-a": "1"}, at("type", "/x-a")),
    ],
)
add(
    "val-has-map",
    {"type": "map", "values": {"type": "any"}, "has": {"type": "string"}},
    [("one-string", {"a": 1, "b": "x"}, VALID), ("no-string", {"a": 1}, at("entries"))],
)

# --- core, "array", "set", "tuple"; validation, array and set keywords -------------------------
STRINGS = {"type": "string"}
add(
    "core-array",
    {"type": "array", "items": STRINGS},
    [
        ("strings", ["a", "a"], VALID),
        ("item-type", ["a", 1], at("type", "/1")),
        ("object", {}, at("type")),
    ],
)
add(
    "val-minItems",  # the draft's example
    {"type": "array", "items": STRINGS, "minItems": 2},
    [("2", ["a", "b"], VALID), ("1", ["a"], at("items"))],
)
add(
    "val-maxItems",
    {"type": "array", "items": STRINGS, "maxItems": 2},
    [("2", ["a", "b"], VALID), ("3", ["a", "b", "c"], at("items"))],
)
add(
    "val-uniqueItems",
    {"type": "array", "items": STRINGS, "uniqueItems": True},
    [("distinct", ["a", "b"], VALID), ("repeat", ["a", "b", "a"], at("items", "/2"))],
)
add(
    "val-contains-const",  # the draft's example
    {"type": "array", "items": STRINGS, "contains": {"type": "string", "const": "foo"}},
    [
        ("has-foo", ["bar", "foo"], VALID),
        ("no-foo", ["bar"], at("items")),
        ("empty", [], at("items")),
    ],
)
STRING_OR_INT = {"type": ["string", "int32"]}
add(
    "val-minContains",  # the draft's example
    {"type": "array", "items": STRING_OR_INT, "contains": STRINGS, "minContains": 2},
    [("2", ["a", 1, "b"], VALID), ("1", ["a", 1], at("items"))],
)
add(
    "val-maxContains",  # the draft's example
    {"type": "array", "items": STRING_OR_INT, "contains": STRINGS, "maxContains": 2},
    [("2", ["a", 1, "b"], VALID), ("3", ["a", "b", "c"], at("items"))],
)
add(
    "core-set",  # "all elements are unique"
    {"type": "set", "items": STRINGS},
    [("distinct", ["a", "b"], VALID), ("duplicate", ["a", "b", "a"], at("items", "/2"))],
)
add(
    "val-contains-set",  # "An array or set is valid if at least one element satisfies ..."
    {"type": "set", "items": STRING_OR_INT, "contains": STRINGS},
    [("has-string", [1, "a"], VALID), ("no-string", [1, 2], at("items"))],
)
add(
    "val-minItems-set",  # "An array or set is valid if ..."
    {"type": "set", "items": STRINGS, "minItems": 2},
    [("2", ["a", "b"], VALID), ("1", ["a"], at("items"))],
)
add(
    "core-tuple",  # the draft's example
    {
        "type": "tuple",
        "name": "Person",
        "properties": {"name": {"type": "string"}, "age": {"type": "int32"}},
        "tuple": ["name", "age"],
    },
    [
        ("draft-example", ["Alice", 42], VALID),
        ("order", [42, "Alice"], (("type", "/0"), ("type", "/1"))),
        ("short", ["Alice"], at("items")),
        ("long", ["Alice", 42, 1], at("items")),
        ("object", {"name": "Alice", "age": 42}, at("type")),
    ],
)

# --- core, "choice" ---------------------------------------------------------------------------
add(
    "core-choice-tagged",  # "Tagged Unions", the draft's example
    {
        "type": "choice",
        "name": "MyChoice",
        "choices": {"string": {"type": "string"}, "int32": {"type": "int32"}},
    },
    [
        ("string", {"string": "Hello, world!"}, VALID),
        ("int32", {"int32": 42}, VALID),
        ("two-tags", {"string": "a", "int32": 1}, at("type")),
        ("no-tag", {}, at("type")),
        ("unknown-tag", {"float": 1.5}, at("type", "/float")),
        ("wrong-value", {"int32": "42"}, at("type", "/int32")),
    ],
)
ADDRESSES = {
    "Address": {
        "abstract": True,
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "state": {"type": "string"},
            "zip": {"type": "string"},
        },
    },
    "StreetAddress": {
        "type": "object",
        "$extends": "#/definitions/Address",
        "properties": {"street": {"type": "string"}},
    },
    "PostOfficeBoxAddress": {
        "type": "object",
        "$extends": "#/definitions/Address",
        "properties": {"poBox": {"type": "string"}},
    },
}
INLINE_CHOICE = {  # "Inline Unions", the draft's example verbatim (root type `choice`)
    "$schema": "https://json-structure.org/meta/core/v0/#",
    "$id": "https://schemas.vasters.com/TypeName",
    "type": "choice",
    "$extends": "#/definitions/Address",
    "selector": "addressType",
    "choices": {
        "StreetAddress": {"type": {"$ref": "#/definitions/StreetAddress"}},
        "PostOfficeBoxAddress": {"type": {"$ref": "#/definitions/PostOfficeBoxAddress"}},
    },
    "definitions": ADDRESSES,
}
SEATTLE = {"city": "Seattle", "state": "WA", "zip": "98101"}
add(
    "core-choice-inline",
    {},
    [
        ("street", {"addressType": "StreetAddress", "street": "123 Main St", **SEATTLE}, VALID),
        ("po-box", {"addressType": "PostOfficeBoxAddress", "poBox": "1234", **SEATTLE}, VALID),
        ("unknown-selector", {"addressType": "Moon", **SEATTLE}, at("type", "/addressType")),
        ("no-selector", {"street": "123 Main St", **SEATTLE}, at("type", "/addressType")),
        (
            "selector-not-a-string",
            {"addressType": ["StreetAddress"], "street": "1", **SEATTLE},
            at("type", "/addressType"),
        ),
        (
            "inherited-property-type",
            {"addressType": "StreetAddress", "street": "1", **SEATTLE, "zip": 98101},
            at("type", "/zip"),
        ),
    ],
    whole=INLINE_CHOICE,
)

# --- core, "Unions", "$ref", "Namespaces", "$extends" -----------------------------------------
NAMESPACED = {
    "Namespace": {
        "TypeName": {
            "name": "TypeName",
            "type": "object",
            "properties": {"name": {"type": "string"}},
        }
    }
}
add(
    "core-union",  # ["string", "int32"]
    {"type": ["string", "int32"]},
    [
        ("string", "a", VALID),
        ("int32", 42, VALID),
        ("fraction", 1.5, at("type")),
        ("null", None, at("type")),
    ],
)
add(
    "core-union-ref",
    {"type": ["string", {"$ref": "#/definitions/Namespace/TypeName"}]},
    [("string", "a", VALID), ("ref", {"name": "x"}, VALID), ("number", 1, at("type"))],
    NAMESPACED,
)
add(
    "core-ref",  # the draft's `$ref` example
    {
        "type": "object",
        "properties": {"name1": {"type": {"$ref": "#/definitions/Namespace/TypeName"}}},
    },
    [
        ("valid", {"name1": {"name": "x"}}, VALID),
        ("nested", {"name1": {"name": 1}}, at("type", "/name1/name")),
    ],
    NAMESPACED,
)
add(
    "core-ref-keeps-constraints",  # a reference is to the whole declaration, not its type only
    {
        "type": "object",
        "properties": {
            "count": {"type": {"$ref": "#/definitions/Count"}},
            "closed": {"type": {"$ref": "#/definitions/Closed"}},
        },
    },
    [
        ("valid", {"count": 1, "closed": {"a": "x"}}, VALID),
        ("minimum", {"count": 0}, at("minimum", "/count")),
        ("additional", {"closed": {"a": "x", "b": 1}}, at("additional-properties", "/closed/b")),
    ],
    {
        "Count": {"type": "int32", "minimum": 1},
        "Closed": {
            "type": "object",
            "properties": {"a": {"type": "string"}},
            "additionalProperties": False,
        },
    },
)
add(
    "core-root-namespace",  # "$root": "#/definitions/Namespace/TypeName"
    {},
    [("valid", {"name": "x"}, VALID), ("invalid", {"name": 1}, at("type", "/name"))],
    whole={
        "$schema": "https://json-structure.org/meta/core/v0/#",
        "$id": "https://schemas.vasters.com/TypeName",
        "$root": "#/definitions/Namespace/TypeName",
        "definitions": NAMESPACED,
    },
)
add(
    "core-extends",  # "MUST merge the abstract type's properties and constraints"
    {
        "type": "object",
        "$extends": "#/definitions/Base",
        "properties": {"street": {"type": "string"}},
        "required": ["street"],
    },
    [
        ("valid", {"street": "1", "city": "Seattle"}, VALID),
        ("base-property-type", {"street": "1", "city": 1}, at("type", "/city")),
        ("base-required", {"street": "1"}, at("required", "/city")),
        ("own-required", {"city": "Seattle"}, at("required", "/street")),
    ],
    {
        "Base": {
            "abstract": True,
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        }
    },
)

add(
    "core-extends-required-sets",  # base `required` simple, the extending type's alternatives
    {
        "type": "object",
        "$extends": "#/definitions/Base",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "required": [["a"], ["b"]],
    },
    [
        ("valid", {"id": "x", "a": "y"}, VALID),
        ("base-required-missing", {"a": "y"}, at("required", "/id")),
        ("both-alternatives", {"id": "x", "a": "y", "b": "z"}, at("required")),
    ],
    {
        "Base": {
            "abstract": True,
            "type": "object",
            "properties": {"id": {"type": "string"}},
            "required": ["id"],
        }
    },
)
add(
    "core-extends-base-required-sets",  # the base's alternatives, the extending type's names
    {
        "type": "object",
        "$extends": "#/definitions/Base",
        "properties": {"id": {"type": "string"}},
        "required": ["id"],
    },
    [
        ("valid", {"id": "x", "b": "z"}, VALID),
        ("no-alternative", {"id": "x"}, at("required", "/a")),
        ("both-alternatives", {"id": "x", "a": "y", "b": "z"}, at("required")),
    ],
    {
        "Base": {
            "abstract": True,
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "required": [["a"], ["b"]],
        }
    },
)
add(
    "core-extends-constraints-both",  # a constraint keyword on the base and on the extension
    {
        "type": "object",
        "$extends": "#/definitions/Base",
        "properties": {"c": {"type": "string"}, "d": {"type": "string"}},
        "dependentRequired": {"c": ["d"]},
    },
    [
        ("valid", {"a": "x", "b": "y"}, VALID),
        ("own-rule", {"c": "x"}, at("required", "/d")),
        ("base-rule", {"a": "x"}, at("required", "/b")),
    ],
    {
        "Base": {
            "abstract": True,
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "dependentRequired": {"a": ["b"]},
        }
    },
)
add(
    "core-extends-tuple",  # "$extends ... MUST only be used in schemas of type object and tuple"
    {
        "type": "tuple",
        "name": "Pair",
        "$extends": "#/definitions/Base",
        "properties": {"b": {"type": "int32"}},
        "tuple": ["a", "b"],
    },
    [
        ("valid", ["x", 1], VALID),
        ("base-element-type", [1, 1], at("type", "/0")),
        ("short", ["x"], at("items")),
    ],
    {
        "Base": {
            "abstract": True,
            "type": "tuple",
            "name": "Single",
            "properties": {"a": {"type": "string"}},
            "tuple": ["a"],
        }
    },
)
add(
    "core-extends-multiple",  # "properties are merged in array order ... the first ... takes
    # precedence"
    {
        "type": "object",
        "$extends": ["#/definitions/A", "#/definitions/B"],
        "properties": {"z": {"type": "string"}},
    },
    [
        ("valid", {"x": "s", "y": 1, "z": "t"}, VALID),
        ("first-base-wins", {"x": 1}, at("type", "/x")),
        ("second-base", {"y": "s"}, at("type", "/y")),
    ],
    {
        "A": {"abstract": True, "type": "object", "properties": {"x": {"type": "string"}}},
        "B": {
            "abstract": True,
            "type": "object",
            "properties": {"x": {"type": "int32"}, "y": {"type": "int32"}},
        },
    },
)
add(
    "core-extends-chain",  # "Abstract types MAY extend other abstract types via $extends"
    {"type": "object", "$extends": "#/definitions/B", "properties": {"c": {"type": "string"}}},
    [
        ("valid", {"a": "x", "b": "y", "c": "z"}, VALID),
        ("grandparent-property", {"a": 1}, at("type", "/a")),
        ("grandparent-required", {"b": "y"}, at("required", "/a")),
    ],
    {
        "A": {
            "abstract": True,
            "type": "object",
            "properties": {"a": {"type": "string"}},
            "required": ["a"],
        },
        "B": {
            "abstract": True,
            "type": "object",
            "$extends": "#/definitions/A",
            "properties": {"b": {"type": "string"}},
        },
    },
)

# --- conditional composition, the draft's examples --------------------------------------------
ABC = [
    {
        "type": "object",
        "properties": {key: {"type": kind}},
        "required": [key],
        "additionalProperties": True,
    }
    for key, kind in (("a", "string"), ("b", "number"), ("c", "boolean"))
]
add(
    "comp-allOf",  # a schema without `type`: only composition keywords
    {"allOf": ABC},
    [
        ("all", {"a": "string", "b": 42, "c": True}, VALID),
        ("two", {"a": "s", "b": 42}, at("composition")),
    ],
)
add(
    "comp-anyOf",
    {"anyOf": ABC},
    [
        ("a", {"a": "string"}, VALID),
        ("b+c", {"b": 42, "c": True}, VALID),
        ("none", {"d": 1}, at("composition")),
    ],
)
add(
    "comp-oneOf",
    {"oneOf": ABC},
    [("a", {"a": "string"}, VALID), ("a+b", {"a": "string", "b": 42}, at("composition"))],
)
add(
    "comp-not", {"not": {"type": "string"}}, [("42", 42, VALID), ("string", "x", at("composition"))]
)
add(
    "comp-if-then-else",  # the draft's example, with `type` added to each branch (core: every
    # schema element declares a type)
    {
        "if": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
        "then": {"type": "object", "properties": {"b": {"type": "number"}}, "required": ["b"]},
        "else": {"type": "object", "properties": {"c": {"type": "boolean"}}, "required": ["c"]},
    },
    [
        ("then", {"a": "string", "b": 42}, VALID),
        ("else", {"c": True}, VALID),
        ("else-a-not-string", {"a": 42, "c": False}, VALID),
        ("then-fails", {"a": "string", "c": True}, at("composition")),
        ("else-fails", {}, at("composition")),
    ],
)
add(
    "comp-typed-allOf",  # composition beside `type` ("MAY extend all ... schema definitions")
    {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "number"}},
        "allOf": [{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}],
    },
    [("valid", {"a": "x"}, VALID), ("invalid", {"b": 1}, at("composition"))],
)

# --- everything.json: a valid job and one targeted defect each ----------------------------------
EVERYTHING = STRUCTURES / "everything.json"
EVERYTHING_VALID = STRUCTURES / "everything-valid.json"
_JOB: dict[str, Any] = json.loads(EVERYTHING_VALID.read_text())
#: What each defect below starts from: the valid job without the members the official SDK
#: cannot take (test_sdk_agreement.SDK_DEFECTS: alternative required sets, full-time,
#: JSON Pointer, decimal multipleOf), so that each verdict speaks of the one rule broken.
_BASE = {
    k: v for k, v in _JOB.items() if k not in ("contact", "dailyWindow", "configPointer", "costUsd")
}
add(
    "everything",
    {},
    [
        ("valid", _JOB, VALID),
        ("valid-base", _BASE, VALID),
        ("kind-not-in-enum", {**_BASE, "kind": "bogus"}, at("enum", "/kind")),
        ("apiVersion-not-const", {**_BASE, "apiVersion": "v2"}, at("enum", "/apiVersion")),
        (
            "missing-jobName",
            {k: v for k, v in _BASE.items() if k != "jobName"},
            at("required", "/jobName"),
        ),
        (
            "missing-inherited-id",
            {k: v for k, v in _BASE.items() if k != "id"},
            at("required", "/id"),
        ),
        ("undeclared-member", {**_BASE, "foo": 1}, at("additional-properties", "/foo")),
        ("instanceCount-0", {**_BASE, "instanceCount": 0}, at("minimum", "/instanceCount")),
        ("inputBytes-json-number", {**_BASE, "inputBytes": 5}, at("type", "/inputBytes")),
        ("costUsd-tenth-cent", {**_BASE, "costUsd": "12.345"}, at("multiple-of", "/costUsd")),
        ("tag-key-upper-case", {**_BASE, "tags": {"Team": "x"}}, at("entries", "/tags/Team")),
        (
            "subnets-duplicate",
            {**_BASE, "subnets": ["subnet-0a1b", "subnet-0a1b"]},
            at("items", "/subnets/1"),
        ),
        (
            "instanceShape-short",
            {**_BASE, "instanceShape": ["ml.p3.2xlarge"]},
            at("items", "/instanceShape"),
        ),
        (
            "compute-gpu-instance-without-gpus",
            {**_BASE, "compute": {"instanceType": "ml.p3.2xlarge", "spot": True}},
            at("composition", "/compute"),
        ),
        (
            "target-unknown-endpoint",
            {**_BASE, "target": {"endpointType": "Moon", "region": "us-east-1"}},
            at("type", "/target/endpointType"),
        ),
        (
            "source-two-tags",
            {**_BASE, "source": {"s3": "s3://b/", "neptune": {}}},
            at("type", "/source"),
        ),
        ("start-neither", {**_BASE, "start": "tomorrow"}, at("composition", "/start")),
        (
            "contact-both-sets",
            {**_BASE, "contact": {"email": "ml@example.com", "webhook": "https://example.com/h"}},
            at("required", "/contact"),
        ),
    ],
    whole=json.loads(EVERYTHING.read_text()),
)

# --- where the drafts leave the reading open (docs/STANCE.md) ----------------------------------
add(
    "stance-minContains-0",  # JSON Schema's reading: minContains 0 switches `contains` off
    {"type": "array", "items": {"type": "any"}, "contains": STRINGS, "minContains": 0},
    [("no-match", [1], VALID)],
)
add(
    "stance-additionalProperties-patternProperties",  # a pattern-named member is not additional
    {
        "type": "object",
        "properties": {"id": {"type": "string"}},
        "patternProperties": {"^x-": {"type": "string"}},
        "additionalProperties": False,
    },
    [
        ("pattern-named", {"x-a": "s"}, VALID),
        ("other", {"y": "s"}, at("additional-properties", "/y")),
    ],
)
add(
    "stance-number-equality",  # 1 and 1.0 are one JSON number
    {"type": "set", "items": {"type": "number"}},
    [("1-and-1.0", [1, 1.0], at("items", "/1"))],
)

#: Cases whose failure is a known defect outside the registry (or awaiting other work):
#: case id -> reason. Marked xfail(strict=True): when it is fixed the marker must go.
XFAIL: dict[str, str] = {}


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[case.id])] if case.id in XFAIL else []
    return pytest.param(case, id=case.id, marks=marks)


def reference(case: Case) -> tuple[Structure, list[tuple[str, str]]]:
    structure = model(case.document())
    assert structure.root is not None
    return structure, sorted(
        (v.category, v.path) for v in validate_node(structure.root, case.instance)
    )


def test_every_blocking_category_but_defaults_is_exercised() -> None:
    # `defaults` is judged by filling (below), `unknown-properties` never convicts
    exercised = {category for case in CASES for category, _ in case.expect}
    assert set(_categories.ALL) - exercised == {"defaults", "unknown-properties"}


def test_default_is_filled_where_absent() -> None:
    # validation, "Default Values": the draft's example
    node = model(
        {
            "$root": "#/definitions/T",
            "definitions": {
                "T": {
                    "type": "object",
                    "properties": {"name": {"type": "string", "default": "John Doe"}},
                }
            },
        }
    ).root
    assert node is not None
    assert fill_defaults(node, {}) == {"name": "John Doe"}
    assert fill_defaults(node, {"name": "Jane"}) == {"name": "Jane"}


@pytest.mark.parametrize(
    ("schema", "instance", "expect"),
    [
        ({"type": "string", "pattern": "[a-z"}, "a", []),
        (
            {
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "patternProperties": {"[a-z": {"type": "string"}},
                "additionalProperties": False,
            },
            {"a": "x", "b": 1},
            [("additional-properties", "/b")],
        ),
        (
            {"type": "map", "values": {"type": "any"}, "patternKeys": {"(": {"type": "null"}}},
            {"a": 1},
            [],
        ),
    ],
    ids=["pattern", "patternProperties", "patternKeys"],
)
def test_invalid_pattern_is_a_finding_and_has_no_effect(
    schema: dict[str, Any], instance: Any, expect: list[tuple[str, str]]
) -> None:
    # validation, "pattern": the value "MUST be ... a valid regular expression"; the model
    # reports the defect, and the validator judges the rest rather than raising
    structure, found = reference(Case("invalid-pattern", schema, instance))
    assert [f.code for f in structure.findings] == ["invalid-pattern"]
    assert found == expect


@pytest.mark.parametrize("name", ["float", "double"])
def test_float_ranges_compile_to_json_schema_bounds(name: str) -> None:
    # core, "float"/"double": IEEE 754 value range limits; the compiled schema states them
    # (1e309 reads as inf, which a JSON Schema `maximum` refuses)
    structure = model({"$root": "#/definitions/T", "definitions": {"T": {"type": name}}})
    assert structure.root is not None
    gaps: list[str] = []
    schema = compile_node(structure.root, gaps)
    high = _types.TYPES[name].high
    assert (schema, gaps) == ({"type": "number", "minimum": -high, "maximum": high}, [])


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert set(XFAIL) <= set(ids)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_reference(case: Case) -> None:
    structure, found = reference(case)
    assert [f for f in structure.findings if f.level == "error"] == []
    assert found == sorted(case.expect)


# --- the model: abstract, namespaces, $extends, $root -----------------------------------------


def test_abstract_definition_is_not_certified() -> None:
    # core, "abstract": "Abstract types MUST NOT be used as the type of a schema element"
    structure = model({"definitions": ADDRESSES})
    assert set(structure.abstract) == {"Address"}
    assert set(structure.definitions) == {"StreetAddress", "PostOfficeBoxAddress"}
    # core, "$extends": the base's properties are merged in
    assert set(structure.definitions["StreetAddress"].properties) == {
        "city",
        "state",
        "zip",
        "street",
    }


def test_root_ref_to_abstract_is_a_finding_and_admits_nothing() -> None:
    structure = model({"$root": "#/definitions/Address", "definitions": ADDRESSES})
    assert [(f.code, f.pointer) for f in structure.findings] == [("ref-to-abstract", "/$root")]
    assert structure.root is not None
    assert [v.category for v in validate_node(structure.root, SEATTLE)] == ["type"]


def test_namespaced_definitions_keep_their_path() -> None:
    structure = model(INLINE_CHOICE | {"definitions": {**ADDRESSES, **NAMESPACED}})
    assert "Namespace/TypeName" in structure.definitions
    assert structure.root is not None and structure.root.type == "choice"


def test_add_in_may_extend_a_concrete_type() -> None:
    # core, "Extensions and Add-Ins": the draft's DeliveryInstructions example
    structure = model(
        {
            "$schema": "https://json-structure.org/meta/core/v0/#",
            "$id": "https://schemas.vasters.com/Addresses",
            "$root": "#/definitions/StreetAddress",
            "$offers": {"DeliveryInstructions": "#/definitions/DeliveryInstructions"},
            "definitions": {
                "StreetAddress": {
                    "type": "object",
                    "properties": {"street": {"type": "string"}, "city": {"type": "string"}},
                },
                "DeliveryInstructions": {
                    "abstract": True,
                    "type": "object",
                    "$extends": "#/definitions/StreetAddress",
                    "properties": {"instructions": {"type": "string"}},
                },
            },
        }
    )
    assert [f.code for f in structure.findings] == []


@pytest.mark.xfail(
    strict=True,
    reason="_structure: a type that refers to itself through a compound (a tree) raises "
    "RefCycle; only a cycle of bare aliases admits no instance",
)
def test_recursive_type_through_a_compound_is_modelled() -> None:
    # core, "$ref" and "array": items "MUST reference a reusable type" -- nothing forbids
    # that type being the one declared
    tree = {
        "type": "object",
        "properties": {
            "label": {"type": "string"},
            "children": {"type": "array", "items": {"type": {"$ref": "#/definitions/Tree"}}},
        },
    }
    structure = model({"$root": "#/definitions/Tree", "definitions": {"Tree": tree}})
    assert structure.root is not None
    instance = {"label": "a", "children": [{"label": "b", "children": [{"label": 1}]}]}
    found = [(v.category, v.path) for v in validate_node(structure.root, instance)]
    assert found == [("type", "/children/0/children/0/label")]


# --- everything.json: every type and keyword of the three drafts ------------------------------


def _walk(value: Any) -> tuple[set[str], set[str]]:
    """Every member name of a document outside data values (keywords, and also property and
    namespace names, which is harmless for a completeness check) and every type name."""
    keys: set[str] = set()
    types: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for key, sub in node.items():
                keys.add(key)
                if key == "type":
                    members = sub if isinstance(sub, list) else [sub]
                    types.update(m for m in members if isinstance(m, str))
                if key not in ("const", "enum", "default", "examples"):  # data, not schemas
                    visit(sub)
        elif isinstance(node, list):
            for sub in node:
                visit(sub)

    visit(value)
    return keys, types


def test_everything_is_modelled_without_unknowns() -> None:
    structure = model(json.loads(EVERYTHING.read_text()))
    assert [f for f in structure.findings if f.code in ("unknown-keyword", "unknown-type")] == []
    assert [(f.code, f.pointer) for f in structure.findings] == []
    assert structure.root is not None


def test_everything_uses_every_registered_keyword_and_type() -> None:
    keys, types = _walk(json.loads(EVERYTHING.read_text()))
    assert set(_keywords.KEYWORDS) - keys == set()
    assert (set(_keywords.DOCUMENT) | {"type", "$ref"}) - keys == set()
    assert set(_types.TYPES) - types == set()
    assert set(_types.ALIASES) - types == set()
