"""Every keyword of the JSON Structure core, validation and conditional-composition drafts,
declared once, with named columns: where it applies, how its value is read (`readers`), how
an instance is checked against it (`checks`), how it compiles to JSON Schema 2020-12
(`emit`), the rule category it belongs to, whether it bounds a value or a count, and how
generation treats it.

Built like python-jsonschema: one small function per keyword and a table mapping keyword
names to them. Everything else that depends on a keyword is derived from this table: the
reference's check order (`ORDER`, the table's order), the bound pairs the model merges and
checks (`Bound`), which categories a node's valid values exercise, which keywords generation
proposes and has the reference check (`proposed`), the mutators and the blame by category.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._model import checks as _check
from .._model import emit as _emit
from .._model import readers as _read
from .._model.checks import Check
from .._model.emit import Compile, NotExpressible
from .._model.readers import Context
from .._model.types import TypeSpec

__all__ = ["DOCUMENT", "KEYWORDS", "ORDER", "Bound", "Context", "Keyword", "NotExpressible"]

Parse = Callable[[Context, Any, TypeSpec, str], Any]

NUMERIC = frozenset({"integer", "float", "number", "big-integer", "decimal"})
STRING = frozenset({"string"})
SEQUENCE = frozenset({"array", "set"})
OBJECT = frozenset({"object"})
MAP = frozenset({"map"})
#: The content keywords annotate binary values (core, "contentEncoding" and its siblings).
BINARY = frozenset({"binary"})
PRIMITIVE = frozenset(
    {
        "string",
        "number",
        "boolean",
        "null",
        "binary",
        "integer",
        "float",
        "big-integer",
        "decimal",
        "lexical",
    }
)


@dataclass(frozen=True)
class Bound:
    """A keyword that bounds a value or a count from one side.

    `pair` bounds the other side (a lower bound above its upper bound admits nothing);
    `exclusive` bounds leave the bound itself out; a `count` (a length, a number of items or
    members) is merged with the base type's under `$extends` by keeping the stricter one."""

    side: str  # "low" | "high"
    pair: str
    exclusive: bool = False
    count: bool = False


@dataclass(frozen=True)
class Keyword:
    """One keyword and every column that depends on it."""

    name: str
    draft: str  # core | validation | composition | annotation
    section: str = ""  # the draft's section that defines it (default: its name)
    #: The rule category its violations belong to; None: an annotation.
    category: str | None = None
    #: Type families the keyword applies to; None: any schema.
    applies: frozenset[str] | None = None
    parse: Parse = _read.as_any
    check: Check | None = None
    compile: Compile | None = None
    bound: Bound | None = None
    #: Generation proposes values and keeps those the reference admits, rather than building
    #: valid values outright (the rule is too open to construct, e.g. `not`, `has`).
    proposed: bool = False
    #: Whether a node holding the keyword with this (parsed) value exercises the category's
    #: valid side; None: whenever the keyword is present.
    exercises: Callable[[Any], bool] | None = None
    #: A small schema that uses the keyword, for the per-keyword tests of every column.
    sample: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.section:
            object.__setattr__(self, "section", self.name)


def _numeric(name: str, category: str, check: Check, bound: Bound | None = None) -> Keyword:
    """A numeric keyword of the validation draft (read in the type's own form)."""
    return Keyword(
        name,
        "validation",
        category=category,
        applies=NUMERIC,
        parse=_read.as_step if bound is None else _read.as_bound,
        check=check,
        compile=_emit.numeric(name),
        bound=bound,
        sample={"type": "int32", name: 10 if bound is None else 3},
    )


def _count(
    name: str,
    category: str,
    applies: frozenset[str],
    check: Check,
    bound: Bound,
    sample: Any,
    compile: Compile | None = None,
    proposed: bool = False,
) -> Keyword:
    """A count bound (a length, a number of items or members)."""
    return Keyword(
        name,
        "core" if name == "maxLength" else "validation",
        category=category,
        applies=applies,
        parse=_read.as_count,
        check=check,
        compile=compile or _emit.same(name),
        bound=bound,
        proposed=proposed,
        sample=sample,
    )


#: The two rules on members' names, each stated for objects and for maps (validation,
#: "patternProperties and patternKeys", "propertyNames and keyNames"): the object keyword
#: each map keyword twins, and how both read, check and compile.
_MAP_TWINS = {"patternKeys": "patternProperties", "keyNames": "propertyNames"}
_ON_MEMBERS: dict[str, tuple[Parse, Check, Compile]] = {
    "pattern": (
        _read.as_pattern_map,
        _check.pattern_properties,
        _emit.schema_map("patternProperties"),
    ),
    "entries": (_read.as_schema, _check.property_names, _emit.schema("propertyNames")),
}


def _on_members(name: str, category: str, applies: frozenset[str], value: Any) -> Keyword:
    """A rule on an object's members or a map's entries, selected or named by a schema."""
    parse, check, compile = _ON_MEMBERS[category]
    twin = _MAP_TWINS.get(name)
    return Keyword(
        name,
        "validation",
        section=f"{twin}-and-{name}" if twin else name,
        category=category,
        applies=applies,
        parse=parse,
        check=check,
        compile=compile,
        proposed=True,
        sample={**(_MAP if twin else _OBJECT), name: value},
    )


def _annotation(name: str, draft: str = "core", applies: frozenset[str] | None = None) -> Keyword:
    return Keyword(name, draft, applies=applies)


_S = {"type": "string"}
_ARRAY = {"type": "array", "items": _S}
_OBJECT = {"type": "object", "properties": {"a": _S}}
_MAP = {"type": "map", "values": _S}

# --- the table, in the order the reference checks (and reports) a node's keywords -----------

_LIST: tuple[Keyword, ...] = (
    Keyword(
        "enum",
        "core",
        category="enum",
        applies=PRIMITIVE,
        parse=_read.as_values,
        check=_check.enum,
        compile=_emit.same("enum"),
        sample={"type": "string", "enum": ["a", "b"]},
    ),
    Keyword(
        "const",
        "core",
        category="enum",
        applies=PRIMITIVE,
        check=_check.const,
        compile=_emit.same("const"),
        sample={"type": "string", "const": "a"},
    ),
    _numeric("minimum", "minimum", _check.minimum, Bound("low", "maximum")),
    _numeric(
        "exclusiveMinimum",
        "minimum",
        _check.exclusive_minimum,
        Bound("low", "exclusiveMaximum", exclusive=True),
    ),
    _numeric("maximum", "maximum", _check.maximum, Bound("high", "minimum")),
    _numeric(
        "exclusiveMaximum",
        "maximum",
        _check.exclusive_maximum,
        Bound("high", "exclusiveMinimum", exclusive=True),
    ),
    _numeric("multipleOf", "multiple-of", _check.multiple_of),
    _count(
        "minLength",
        "length",
        STRING,
        _check.min_length,
        Bound("low", "maxLength", count=True),
        {"type": "string", "minLength": 2},
    ),
    _count(
        "maxLength",
        "length",
        STRING,
        _check.max_length,
        Bound("high", "minLength", count=True),
        {"type": "string", "maxLength": 3},
    ),
    Keyword(
        "pattern",
        "validation",
        category="pattern",
        applies=STRING,
        parse=_read.as_pattern,
        check=_check.pattern,
        compile=_emit.pattern,
        sample={"type": "string", "pattern": "[a-c]{2}"},
    ),
    Keyword(
        "format",
        "validation",
        category="format",
        applies=STRING,
        parse=_read.as_string,
        check=_check.format_,
        compile=_emit.same("format"),
        sample={"type": "string", "format": "ipv4"},
    ),
    Keyword(
        "required",
        "core",
        category="required",
        applies=OBJECT,
        parse=_read.as_required,
        check=_check.required,
        compile=_emit.required,
        exercises=bool,
        sample={**_OBJECT, "required": ["a"]},
    ),
    Keyword(
        "dependentRequired",
        "validation",
        category="required",
        applies=OBJECT,
        parse=_read.as_dependencies,
        check=_check.dependent_required,
        compile=_emit.dependent_required,
        proposed=True,
        sample={
            "type": "object",
            "properties": {"a": _S, "b": _S},
            "dependentRequired": {"a": ["b"]},
        },
    ),
    Keyword(
        "properties",
        "core",
        applies=OBJECT | {"tuple"},
        parse=_read.as_schema_map,
        check=_check.properties,
        compile=_emit.properties,
    ),
    Keyword(
        "additionalProperties",
        "core",
        category="additional-properties",
        applies=OBJECT,
        parse=_read.as_additional,
        check=_check.additional_properties,
        compile=_emit.additional,
        sample={**_OBJECT, "additionalProperties": False},
    ),
    Keyword(
        "$extends",
        "core",
        applies=OBJECT | {"tuple", "choice"},
        parse=_read.as_extends,
        compile=_emit.nothing,
    ),
    Keyword(
        "abstract",
        "core",
        applies=OBJECT | {"tuple"},
        parse=_read.as_bool,
        compile=_emit.nothing,
    ),
    _on_members("patternProperties", "pattern", OBJECT, {"^x[a-c]$": {"type": "int32"}}),
    _on_members("propertyNames", "entries", OBJECT, {"type": "string", "maxLength": 1}),
    _count(
        "minProperties",
        "entries",
        OBJECT,
        _check.count_bound(True, "properties"),
        Bound("low", "maxProperties", count=True),
        {**_OBJECT, "minProperties": 1},
        proposed=True,
    ),
    _count(
        "maxProperties",
        "entries",
        OBJECT,
        _check.count_bound(False, "properties"),
        Bound("high", "minProperties", count=True),
        {"type": "object", "properties": {"a": _S, "b": _S}, "maxProperties": 1},
        proposed=True,
    ),
    Keyword(
        "items",
        "core",
        applies=SEQUENCE,
        parse=_read.as_schema,
        check=_check.items,
        compile=_emit.items,
    ),
    _count(
        "minItems",
        "items",
        SEQUENCE,
        _check.item_count(True),
        Bound("low", "maxItems", count=True),
        {**_ARRAY, "minItems": 2},
    ),
    _count(
        "maxItems",
        "items",
        SEQUENCE,
        _check.item_count(False),
        Bound("high", "minItems", count=True),
        {**_ARRAY, "maxItems": 2},
    ),
    Keyword(
        "uniqueItems",
        "validation",
        category="items",
        applies=frozenset({"array"}),
        parse=_read.as_bool,
        check=_check.unique_items,
        compile=_emit.same("uniqueItems"),
        proposed=True,
        sample={**_ARRAY, "uniqueItems": True},
    ),
    Keyword(
        "contains",
        "validation",
        category="items",
        applies=SEQUENCE,
        parse=_read.as_schema,
        check=_check.contains,
        compile=_emit.contains,
        proposed=True,
        sample={**_ARRAY, "contains": {"type": "string", "const": "x"}},
    ),
    Keyword(
        "minContains",
        "validation",
        category="items",
        applies=SEQUENCE,
        parse=_read.as_count,
        compile=_emit.nothing,  # compiled with `contains`
        bound=Bound("low", "maxContains", count=True),
        sample={**_ARRAY, "contains": {"type": "string", "const": "x"}, "minContains": 2},
    ),
    Keyword(
        "maxContains",
        "validation",
        category="items",
        applies=SEQUENCE,
        parse=_read.as_count,
        compile=_emit.nothing,  # compiled with `contains`
        bound=Bound("high", "minContains", count=True),
        proposed=True,
        sample={**_ARRAY, "contains": {"type": "string", "const": "x"}, "maxContains": 1},
    ),
    Keyword(
        "tuple",
        "core",
        category="items",
        applies=frozenset({"tuple"}),
        parse=_read.as_names,
        check=_check.tuple_,
        compile=_emit.tuple_,
        sample={
            "type": "tuple",
            "name": "Pair",
            "properties": {"a": _S, "b": {"type": "int32"}},
            "tuple": ["a", "b"],
        },
    ),
    Keyword(
        "values",
        "core",
        applies=MAP,
        parse=_read.as_schema,
        check=_check.values,
        compile=_emit.schema("additionalProperties"),
    ),
    _on_members("patternKeys", "pattern", MAP, {"^k[a-c]$": {"type": "string", "maxLength": 2}}),
    _on_members("keyNames", "entries", MAP, {"type": "string", "maxLength": 2}),
    _count(
        "minEntries",
        "entries",
        MAP,
        _check.count_bound(True, "entries"),
        Bound("low", "maxEntries", count=True),
        {**_MAP, "minEntries": 1},
        _emit.renamed("minProperties"),
    ),
    _count(
        "maxEntries",
        "entries",
        MAP,
        _check.count_bound(False, "entries"),
        Bound("high", "minEntries", count=True),
        {**_MAP, "maxEntries": 2},
        _emit.renamed("maxProperties"),
    ),
    Keyword(
        "has",
        "validation",
        category="entries",
        applies=OBJECT | MAP,
        parse=_read.as_schema,
        check=_check.has,
        compile=_emit.has,
        proposed=True,
        sample={**_MAP, "has": {"type": "string", "const": "x"}},
    ),
    Keyword(
        "choices",
        "core",
        category="type",
        applies=frozenset({"choice"}),
        parse=_read.as_schema_map,
        check=_check.choices,
        compile=_emit.choices,
        sample={"type": "choice", "choices": {"a": _S, "b": {"type": "int32"}}},
    ),
    Keyword(
        "selector",
        "core",
        applies=frozenset({"choice"}),
        parse=_read.as_string,
        compile=_emit.nothing,  # compiled with `choices`
    ),
    *(
        Keyword(
            name,
            "composition",
            category="composition",
            parse=_read.as_schemas,
            check=check,
            compile=_emit.schemas(name),
            proposed=True,
            sample={name: [{"type": "int32", "minimum": 0}, {"type": "int32", "maximum": 9}]},
        )
        for name, check in (
            ("allOf", _check.all_of),
            ("anyOf", _check.any_of),
            ("oneOf", _check.one_of),
        )
    ),
    Keyword(
        "not",
        "composition",
        category="composition",
        parse=_read.as_schema,
        check=_check.not_,
        compile=_emit.schema("not"),
        proposed=True,
        sample={"type": "int32", "not": {"type": "int32", "minimum": 5}},
    ),
    Keyword(
        "if",
        "composition",
        section="if-then-else",
        category="composition",
        parse=_read.as_schema,
        check=_check.if_,
        compile=_emit.if_,
        proposed=True,
        sample={
            "type": "int32",
            "if": {"type": "int32", "minimum": 5},
            "then": {"type": "int32", "maximum": 7},
        },
    ),
    *(
        Keyword(
            name,
            "composition",
            section="if-then-else",
            category="composition",
            parse=_read.as_schema,
            compile=_emit.nothing,  # compiled with `if`
            sample={
                "type": "int32",
                "if": {"type": "int32", "minimum": 5},
                name: {"type": "int32", "maximum": 7},
            },
        )
        for name in ("then", "else")
    ),
    # annotations: understood, and without effect on validity
    Keyword(
        "default",
        "validation",
        category="defaults",
        compile=_emit.same("default"),
        sample={"type": "object", "properties": {"a": {"type": "string", "default": "d"}}},
    ),
    _annotation("precision"),
    _annotation("scale"),
    _annotation("contentEncoding", applies=BINARY),
    _annotation("contentCompression", applies=BINARY),
    _annotation("contentMediaType", applies=BINARY),
    _annotation("name"),
    _annotation("description"),
    _annotation("examples"),
)

KEYWORDS: dict[str, Keyword] = {k.name: k for k in _LIST}

#: Keywords of the document root only (core, "Document Structure").
DOCUMENT = frozenset({"$schema", "$id", "definitions", "$root", "$uses", "$offers"})

#: The order the reference checks a node's keywords in (and reports their violations): the
#: table's. Each check needs only the node's own declaration, checked first.
ORDER: tuple[str, ...] = tuple(k.name for k in _LIST if k.check is not None)

#: Bounds of a value (minimum, maximum and their exclusive forms), lower ones first.
VALUE_BOUNDS: tuple[Keyword, ...] = tuple(
    k for k in _LIST if k.bound is not None and not k.bound.count
)
#: Pairs of keywords bounding one thing from below and from above.
BOUND_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (k.name, k.bound.pair) for k in _LIST if k.bound is not None and k.bound.side == "low"
)
#: Keywords whose valid values generation proposes and the reference checks.
PROPOSED = frozenset(k.name for k in _LIST if k.proposed)
