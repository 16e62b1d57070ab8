"""Every keyword of the JSON Structure core, validation and conditional-composition drafts,
declared once: where it applies, how its value is read, how an instance is checked against
it and how it compiles to JSON Schema 2020-12.

Built like python-jsonschema: one small function per keyword, named after it, and a table
mapping keyword names to those functions. The structure model parses through `parse`, the
reference validator checks through `check`, the compiler emits through `compile`; lint reads
`draft` and `applies`. Generation, mutation, blame and diff (issues 13, 14) hang further
columns on the same entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from .._io.pointer import pointer_join
from .._model import lexical as _lexical
from .._model import limits as _limits
from .._model.types import TypeSpec, numeric_value, parse_number
from .._model.values import Violation, is_number, json_equal, json_key

if TYPE_CHECKING:
    from .._model.structure import Node

Validate = Callable[["Node", Any, str], Iterator[Violation]]


class Context(Protocol):
    """What a keyword's parser may ask of the structure model while reading its value."""

    def node(self, raw: Any, pointer: str) -> Node: ...

    def fail(self, pointer: str, message: str) -> Exception: ...

    def finding(self, code: str, pointer: str, message: str, level: str = "error") -> None: ...


class NotExpressible:
    """A rule that JSON Schema 2020-12 cannot state; the compiler lists it instead."""

    def __init__(self, why: str) -> None:
        self.why = why


Check = Callable[["Node", Any, Any, str, Validate], Iterator[Violation]]
Parse = Callable[[Context, Any, TypeSpec, str], Any]
Compile = Callable[
    ["Node", Any, Callable[["Node"], dict[str, Any]]], "dict[str, Any] | NotExpressible"
]

NUMERIC = frozenset({"integer", "float", "number", "big-integer", "decimal"})
STRING = frozenset({"string"})
SEQUENCE = frozenset({"array", "set"})
OBJECT = frozenset({"object"})
MAP = frozenset({"map"})
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
class Keyword:
    name: str
    draft: str  # core | validation | composition | annotation | document
    section: str
    category: str | None = None
    #: Type families the keyword applies to; None: any schema.
    applies: frozenset[str] | None = None
    parse: Parse | None = None
    check: Check | None = None
    compile: Compile | None = None


# --- value readers -------------------------------------------------------------------------


def _as_count(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ctx.fail(pointer, f"expected a non-negative integer, got {raw!r:.40}")
    if raw < 0:
        ctx.finding("negative-count", pointer, f"{raw} is negative; a count cannot be")
    if raw > _limits.REACH and pointer.rpartition("/")[2].startswith("min"):
        ctx.finding(
            "count-beyond-reach",
            pointer,
            f"{raw} is more than any instance the suite reads can hold (at most "
            f"{_limits.REACH} bytes): no value is valid",
        )
    return _limits.within_reach(raw)


def _as_bool(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> bool:
    if not isinstance(raw, bool):
        raise ctx.fail(pointer, f"expected true or false, got {raw!r:.40}")
    return raw


def _as_string(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> str:
    if not isinstance(raw, str):
        raise ctx.fail(pointer, f"expected a string, got {raw!r:.40}")
    return raw


def _as_any(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> Any:
    return raw


def _as_bound(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> Any:
    """A numeric bound in the type's own form, in its value space (validation draft)."""
    beyond = _limits.number_beyond_reach(raw)
    if beyond is not None:
        raise ctx.fail(pointer, f"{raw!r:.40} {beyond}")
    if not spec.numeric:
        if not is_number(raw) and not isinstance(raw, str):
            raise ctx.fail(pointer, f"expected a number, got {raw!r:.40}")
        return raw  # on a non-numeric type: lint reports it as without effect
    value = parse_number(spec, raw)
    if value is None:
        form = "a string (the type is string-encoded)" if spec.string_encoded else "a number"
        raise ctx.fail(pointer, f"expected {form}, got {raw!r:.40}")
    from .._model.types import in_value_space

    if not in_value_space(spec, value):
        ctx.finding(
            "bound-outside-value-space",
            pointer,
            f"{raw!r} is not in the value space of {spec.name} (validation, 'Numeric "
            "Validation Keywords': the value MUST be in the value space of the type)",
        )
    return value


def _as_step(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> Any:
    value = _as_bound(ctx, raw, spec, pointer)
    if isinstance(value, int | float | Decimal) and value <= 0:
        ctx.finding("multipleof-not-positive", pointer, f"multipleOf {raw!r} must be positive")
    return value


def _as_pattern(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> str:
    source = _as_string(ctx, raw, spec, pointer)
    problem = _lexical.pattern_error(source)
    if problem:
        ctx.finding("invalid-pattern", pointer, f"{source!r} is not a valid pattern: {problem}")
    else:
        for difference in _lexical.pattern_differences(source):
            ctx.finding(
                "pattern-dialect",
                pointer,
                f"{source!r}: {difference} (ECMA-262 and Python `re` read it differently; "
                "the reference follows ECMA-262)",
                "warning",
            )
    return source


def _as_values(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> tuple[Any, ...]:
    if not isinstance(raw, list):
        raise ctx.fail(pointer, f"expected an array, got {raw!r:.40}")
    if not raw:
        ctx.finding("enum-empty", pointer, "an empty enum admits no value")
    return tuple(raw)


def _as_schema(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> Node:
    return ctx.node(raw, pointer)


def _as_schemas(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> tuple[Node, ...]:
    if not isinstance(raw, list) or not raw:
        raise ctx.fail(pointer, "expected a non-empty array of schemas")
    return tuple(ctx.node(sub, pointer_join(pointer, i)) for i, sub in enumerate(raw))


def _as_schema_map(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> dict[str, Node]:
    if not isinstance(raw, dict):
        raise ctx.fail(pointer, "expected an object of schemas")
    return {name: ctx.node(sub, pointer_join(pointer, name)) for name, sub in raw.items()}


def _as_pattern_map(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> dict[str, Node]:
    schemas = _as_schema_map(ctx, raw, spec, pointer)
    for source in schemas:
        _as_pattern(ctx, source, spec, pointer_join(pointer, source))
    return schemas


def _as_names(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ctx.fail(pointer, "expected an array of property names")
    return tuple(raw)


def _as_required(
    ctx: Context, raw: Any, spec: TypeSpec, pointer: str
) -> tuple[tuple[str, ...], ...] | tuple[str, ...]:
    """Both forms (core, "required"): names, or alternative sets of names."""
    if isinstance(raw, list) and raw and all(isinstance(v, list) for v in raw):
        return tuple(_as_names(ctx, s, spec, pointer_join(pointer, i)) for i, s in enumerate(raw))
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ctx.fail(pointer, "expected an array of property names or an array of arrays of them")
    return tuple(raw)


def _as_dependencies(
    ctx: Context, raw: Any, spec: TypeSpec, pointer: str
) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise ctx.fail(pointer, "expected an object of property name arrays")
    return {k: _as_names(ctx, v, spec, pointer_join(pointer, k)) for k, v in raw.items()}


def _as_additional(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> bool | Node:
    if isinstance(raw, bool):
        return raw
    return ctx.node(raw, pointer)


def _as_extends(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> tuple[str, ...]:
    refs = raw if isinstance(raw, list) else [raw]
    if not refs or not all(isinstance(r, str) for r in refs):
        raise ctx.fail(pointer, "expected a JSON Pointer or an array of them")
    return tuple(refs)


# --- checks, one per keyword ------------------------------------------------------------------


def _number(node: Node, instance: Any) -> Any:
    return numeric_value(node.spec, instance)


def minimum(node: Node, bound: Any, instance: Any, path: str, v: Validate) -> Iterator[Violation]:
    value = _number(node, instance)
    if value is not None and value < bound:
        yield Violation("minimum", path, f"{instance!r} is less than the minimum {bound}")


def exclusive_minimum(
    node: Node, bound: Any, instance: Any, path: str, v: Validate
) -> Iterator[Violation]:
    value = _number(node, instance)
    if value is not None and value <= bound:
        yield Violation("minimum", path, f"{instance!r} is not greater than {bound}")


def maximum(node: Node, bound: Any, instance: Any, path: str, v: Validate) -> Iterator[Violation]:
    value = _number(node, instance)
    if value is not None and value > bound:
        yield Violation("maximum", path, f"{instance!r} is greater than the maximum {bound}")


def exclusive_maximum(
    node: Node, bound: Any, instance: Any, path: str, v: Validate
) -> Iterator[Violation]:
    value = _number(node, instance)
    if value is not None and value >= bound:
        yield Violation("maximum", path, f"{instance!r} is not less than {bound}")


def multiple_of(
    node: Node, step: Any, instance: Any, path: str, v: Validate
) -> Iterator[Violation]:
    value = _number(node, instance)
    if value is None or step <= 0:
        return
    # exact arithmetic on the numbers as the document writes them: 0.3 is a multiple of 0.1,
    # and no quotient is too large (Decimal's 28 digits refuse 1e300 / 0.1 or 2**128 / 2)
    if Fraction(Decimal(str(value))) % Fraction(Decimal(str(step))) != 0:
        yield Violation("multiple-of", path, f"{instance!r} is not a multiple of {step}")


def min_length(
    node: Node, count: int, instance: Any, path: str, v: Validate
) -> Iterator[Violation]:
    # lengths count Unicode code points, as Python's len() does
    if isinstance(instance, str) and len(instance) < count:
        yield Violation("length", path, f"{len(instance)} characters, fewer than {count}")


def max_length(
    node: Node, count: int, instance: Any, path: str, v: Validate
) -> Iterator[Violation]:
    if isinstance(instance, str) and len(instance) > count:
        yield Violation("length", path, f"{len(instance)} characters, more than {count}")


def _usable(source: str) -> bool:
    """A pattern the model reported as `invalid-pattern` has no effect (like any keyword lint
    reports as without effect): evaluating it would raise instead of judging."""
    return _lexical.pattern_error(source) is None


def pattern(node: Node, source: str, instance: Any, path: str, v: Validate) -> Iterator[Violation]:
    if not isinstance(instance, str) or not _usable(source):
        return  # an unusable pattern states no rule; lint reports it
    try:
        matches = _lexical.pattern_matches(source, instance)
    except _lexical.PatternTimeout:
        yield Violation(
            "pattern",
            path,
            f"{source!r} could not be decided within its time budget (docs/STANCE.md, ReDoS)",
        )
        return
    if not matches:
        yield Violation("pattern", path, f"{instance!r:.60} does not match {source!r} entirely")


def format_(node: Node, name: str, instance: Any, path: str, v: Validate) -> Iterator[Violation]:
    if (
        isinstance(instance, str)
        and _lexical.known_format(name)
        and not _lexical.check(name, instance)
    ):
        yield Violation("format", path, f"{instance!r:.60} is not a valid {name}")


def enum(
    node: Node, options: tuple[Any, ...], instance: Any, path: str, v: Validate
) -> Iterator[Violation]:
    if not any(json_equal(instance, option) for option in options):
        yield Violation("enum", path, f"{instance!r:.60} is not one of {list(options)!r:.80}")


def const(node: Node, value: Any, instance: Any, path: str, v: Validate) -> Iterator[Violation]:
    if not json_equal(instance, value):
        yield Violation("enum", path, f"{instance!r:.60} is not the constant {value!r:.60}")


def properties(
    node: Node, declared: Mapping[str, Node], instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if node.spec.family == "tuple" or not isinstance(instance, dict):
        return
    for name, child in declared.items():
        if name in instance:
            yield from validate(child, instance[name], pointer_join(path, name))


def required(node: Node, names: Any, instance: Any, path: str, v: Validate) -> Iterator[Violation]:
    if not isinstance(instance, dict):
        return
    if names and isinstance(names[0], tuple):
        complete = [s for s in names if all(n in instance for n in s)]
        if len(complete) == 1:
            return
        if not complete:
            closest = min(names, key=lambda s: sum(n not in instance for n in s))
            missing = next(n for n in closest if n not in instance)
            yield Violation(
                "required",
                pointer_join(path, missing),
                f"no alternative set of required properties is complete ({missing!r} missing)",
            )
        else:
            yield Violation(
                "required",
                path,
                f"{len(complete)} alternative required sets match; exactly one may",
            )
        return
    for name in names:
        if name not in instance:
            yield Violation(
                "required", pointer_join(path, name), f"required property {name!r} is missing"
            )


def dependent_required(
    node: Node, rules: Mapping[str, tuple[str, ...]], instance: Any, path: str, v: Validate
) -> Iterator[Violation]:
    if isinstance(instance, dict):
        for trigger, names in rules.items():
            if trigger in instance:
                for name in names:
                    if name not in instance:
                        yield Violation(
                            "required",
                            pointer_join(path, name),
                            f"{name!r} is required when {trigger!r} is present",
                        )


def additional_properties(
    node: Node, rule: bool | Node, instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if not isinstance(instance, dict) or rule is True:
        return
    patterns = [p for p in node.rules.get("patternProperties", {}) if _usable(p)]
    for name, value in instance.items():
        if name in node.properties or any(_lexical.search(p, name) for p in patterns):
            continue
        if rule is False:
            yield Violation(
                "additional-properties",
                pointer_join(path, name),
                f"property {name!r} is not allowed",
            )
        else:
            yield from validate(rule, value, pointer_join(path, name))


def pattern_properties(
    node: Node, schemas: Mapping[str, Node], instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if isinstance(instance, dict):
        for source, schema in schemas.items():
            if not _usable(source):
                continue
            for name, value in instance.items():
                if _lexical.search(source, name):
                    yield from validate(schema, value, pointer_join(path, name))


def property_names(
    node: Node, schema: Node, instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if isinstance(instance, dict):
        for name in instance:
            for found in validate(schema, name, pointer_join(path, name)):
                yield Violation("entries", found.path, f"name {name!r}: {found.message}")


def count_bound(low: bool, noun: str) -> Check:
    """minProperties/maxProperties/minEntries/maxEntries: a count of members."""

    def check(node: Node, count: int, instance: Any, path: str, v: Validate) -> Iterator[Violation]:
        if isinstance(instance, dict):
            n = len(instance)
            if (n < count) if low else (n > count):
                word = "fewer" if low else "more"
                yield Violation("entries", path, f"{n} {noun}, {word} than {count}")

    check.__name__ = f"{'min' if low else 'max'}_{noun}"
    return check


def has(
    node: Node, schema: Node, instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if isinstance(instance, dict) and not any(
        not any(True for _ in validate(schema, value, path)) for value in instance.values()
    ):
        yield Violation("entries", path, "no member matches the `has` schema")


def items(
    node: Node, schema: Node, instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if isinstance(instance, list):
        for index, item in enumerate(instance):
            yield from validate(schema, item, pointer_join(path, index))
    if node.spec.family == "set" and isinstance(instance, list):
        yield from _unique(instance, path, "a set holds each element once")


def _unique(instance: list[Any], path: str, why: str) -> Iterator[Violation]:
    seen: set[Any] = set()
    for index, item in enumerate(instance):
        key = json_key(item)
        if key in seen:
            yield Violation("items", pointer_join(path, index), f"duplicate element: {why}")
            return
        seen.add(key)


def unique_items(
    node: Node, on: bool, instance: Any, path: str, v: Validate
) -> Iterator[Violation]:
    if on and isinstance(instance, list):
        yield from _unique(instance, path, "uniqueItems is true")


def item_count(low: bool) -> Check:
    def check(node: Node, count: int, instance: Any, path: str, v: Validate) -> Iterator[Violation]:
        if isinstance(instance, list):
            n = len(instance)
            if (n < count) if low else (n > count):
                yield Violation(
                    "items", path, f"{n} elements, {'fewer' if low else 'more'} than {count}"
                )

    check.__name__ = "min_items" if low else "max_items"
    return check


def contains(
    node: Node, schema: Node, instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if not isinstance(instance, list):
        return
    matches = sum(1 for item in instance if not any(True for _ in validate(schema, item, path)))
    low = node.rules.get("minContains", 1)
    high = node.rules.get("maxContains")
    if matches < low:
        yield Violation("items", path, f"{matches} elements match `contains`, fewer than {low}")
    if high is not None and matches > high:
        yield Violation("items", path, f"{matches} elements match `contains`, more than {high}")


def values(
    node: Node, schema: Node, instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if isinstance(instance, dict):
        for key, value in instance.items():
            yield from validate(schema, value, pointer_join(path, key))


def tuple_(
    node: Node, order: tuple[str, ...], instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if not isinstance(instance, list):
        return
    if len(instance) != len(order):
        yield Violation(
            "items", path, f"{len(instance)} elements; the tuple has exactly {len(order)}"
        )
    for index, (name, item) in enumerate(zip(order, instance, strict=False)):
        if name in node.properties:
            yield from validate(node.properties[name], item, pointer_join(path, index))


def choices(
    node: Node, options: Mapping[str, Node], instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if not isinstance(instance, dict):
        return
    selector = node.rules.get("selector")
    if selector is not None and "$extends" in node.rules:
        chosen = instance.get(selector)
        # the selector's value is a string (core, "Inline Unions"); any other JSON value,
        # an unhashable array or object too, names no choice
        if not isinstance(chosen, str) or chosen not in options:
            yield Violation(
                "type", pointer_join(path, selector), f"selector {chosen!r:.40} names no choice"
            )
            return
        rest = {k: val for k, val in instance.items() if k != selector}
        yield from validate(options[chosen], rest, path)
        return
    if len(instance) != 1:
        yield Violation(
            "type", path, f"a tagged choice has exactly one member, got {len(instance)}"
        )
        return
    ((tag, value),) = instance.items()
    if tag not in options:
        yield Violation("type", pointer_join(path, tag), f"{tag!r} is not one of the choices")
        return
    yield from validate(options[tag], value, pointer_join(path, tag))


def all_of(
    node: Node, schemas: tuple[Node, ...], instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    for index, schema in enumerate(schemas):
        if any(True for _ in validate(schema, instance, path)):
            yield Violation("composition", path, f"does not match allOf branch {index}")


def any_of(
    node: Node, schemas: tuple[Node, ...], instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if all(any(True for _ in validate(s, instance, path)) for s in schemas):
        yield Violation("composition", path, "matches no anyOf branch")


def one_of(
    node: Node, schemas: tuple[Node, ...], instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    matched = sum(1 for s in schemas if not any(True for _ in validate(s, instance, path)))
    if matched != 1:
        yield Violation("composition", path, f"matches {matched} oneOf branches; exactly one must")


def not_(
    node: Node, schema: Node, instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    if not any(True for _ in validate(schema, instance, path)):
        yield Violation("composition", path, "matches the `not` schema")


def if_(
    node: Node, schema: Node, instance: Any, path: str, validate: Validate
) -> Iterator[Violation]:
    holds = not any(True for _ in validate(schema, instance, path))
    branch = node.rules.get("then" if holds else "else")
    if branch is not None and any(True for _ in validate(branch, instance, path)):
        which = "then" if holds else "else"
        yield Violation("composition", path, f"does not match the `{which}` branch of `if`")


# --- compilation to JSON Schema 2020-12 -------------------------------------------------------

Sub = Callable[["Node"], dict[str, Any]]


def _bound_json(node: Node, value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    return value


def _plain(keyword: str) -> Compile:
    """Keywords whose JSON Schema namesake means the same, on types carried as JSON numbers
    or JSON strings alike where JSON Schema can say it."""

    def emit(node: Node, value: Any, sub: Sub) -> dict[str, Any] | NotExpressible:
        if node.spec.string_encoded and keyword in _NUMERIC_KEYWORDS:
            return NotExpressible(f"`{keyword}` on the string-encoded {node.type}")
        if isinstance(value, tuple):
            value = list(value)
        return {keyword: _bound_json(node, value)}

    return emit


_NUMERIC_KEYWORDS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}


def _compile_pattern(node: Node, source: str, sub: Sub) -> dict[str, Any]:
    # JSON Schema's pattern searches; the draft's matches the entire value
    return {"pattern": f"^(?:{source})$"}


def _compile_schema(keyword: str) -> Compile:
    return lambda node, schema, sub: {keyword: sub(schema)}


def _compile_schemas(keyword: str) -> Compile:
    return lambda node, schemas, sub: {keyword: [sub(s) for s in schemas]}


def _compile_properties(node: Node, declared: Mapping[str, Node], sub: Sub) -> dict[str, Any]:
    if node.spec.family == "tuple":
        return {}  # compiled with `tuple`
    return {"properties": {name: sub(child) for name, child in declared.items()}}


def _compile_required(node: Node, names: Any, sub: Sub) -> dict[str, Any]:
    if names and isinstance(names[0], tuple):
        return {"oneOf": [{"required": list(s)} for s in names]}
    return {"required": list(names)} if names else {}


def _compile_additional(node: Node, rule: bool | Node, sub: Sub) -> dict[str, Any]:
    return {"additionalProperties": rule if isinstance(rule, bool) else sub(rule)}


def _compile_items(node: Node, schema: Node, sub: Sub) -> dict[str, Any]:
    out: dict[str, Any] = {"items": sub(schema)}
    if node.spec.family == "set":
        out["uniqueItems"] = True
    return out


def _compile_tuple(node: Node, order: tuple[str, ...], sub: Sub) -> dict[str, Any]:
    return {
        "prefixItems": [sub(node.properties[n]) for n in order if n in node.properties],
        "items": False,
        "minItems": len(order),
    }


def _compile_choices(
    node: Node, options: Mapping[str, Node], sub: Sub
) -> dict[str, Any] | NotExpressible:
    if "$extends" in node.rules:
        return NotExpressible("an inline choice selects its branch by the selector's value")
    return {
        "oneOf": [
            {
                "type": "object",
                "properties": {tag: sub(s)},
                "required": [tag],
                "additionalProperties": False,
            }
            for tag, s in options.items()
        ]
    }


def _compile_format(node: Node, name: str, sub: Sub) -> dict[str, Any]:
    return {"format": name}


def _compile_if(node: Node, schema: Node, sub: Sub) -> dict[str, Any]:
    out = {"if": sub(schema)}
    for key in ("then", "else"):
        if key in node.rules:
            out[key] = sub(node.rules[key])
    return out


def _none(node: Node, value: Any, sub: Sub) -> dict[str, Any]:
    return {}


def _annotation(name: str, draft: str = "annotation", section: str = "") -> Keyword:
    return Keyword(name, draft, section or name, parse=_as_any)


# --- the table --------------------------------------------------------------------------------

_LIST: tuple[Keyword, ...] = (
    # core: structure
    Keyword(
        "properties",
        "core",
        "properties",
        None,
        OBJECT | {"tuple"},
        _as_schema_map,
        properties,
        _compile_properties,
    ),
    Keyword(
        "required",
        "core",
        "required",
        "required",
        OBJECT,
        _as_required,
        required,
        _compile_required,
    ),
    Keyword("items", "core", "items", None, SEQUENCE, _as_schema, items, _compile_items),
    Keyword(
        "values",
        "core",
        "values",
        None,
        MAP,
        _as_schema,
        values,
        lambda n, s, sub: {"additionalProperties": sub(s)},
    ),
    Keyword("const", "core", "const", "enum", PRIMITIVE, _as_any, const, _plain("const")),
    Keyword("enum", "core", "enum", "enum", PRIMITIVE, _as_values, enum, _plain("enum")),
    Keyword(
        "additionalProperties",
        "core",
        "additionalProperties",
        "additional-properties",
        OBJECT,
        _as_additional,
        additional_properties,
        _compile_additional,
    ),
    Keyword(
        "choices",
        "core",
        "choices",
        "type",
        frozenset({"choice"}),
        _as_schema_map,
        choices,
        _compile_choices,
    ),
    Keyword("selector", "core", "selector", None, frozenset({"choice"}), _as_string, None, _none),
    Keyword(
        "tuple", "core", "tuple", "items", frozenset({"tuple"}), _as_names, tuple_, _compile_tuple
    ),
    Keyword(
        "$extends", "core", "$extends", None, OBJECT | {"tuple", "choice"}, _as_extends, None, _none
    ),
    Keyword("abstract", "core", "abstract", None, OBJECT | {"tuple"}, _as_bool, None, _none),
    # core: type annotations that constrain
    Keyword(
        "maxLength",
        "core",
        "maxLength",
        "length",
        STRING,
        _as_count,
        max_length,
        _plain("maxLength"),
    ),
    _annotation("precision", "core"),
    _annotation("scale", "core"),
    _annotation("contentEncoding", "core"),
    _annotation("contentCompression", "core"),
    _annotation("contentMediaType", "core"),
    _annotation("name", "core"),
    _annotation("description", "core"),
    _annotation("examples", "core"),
    # validation extension
    Keyword("default", "validation", "default", "defaults", None, _as_any, None, _plain("default")),
    Keyword(
        "minimum",
        "validation",
        "minimum",
        "minimum",
        NUMERIC,
        _as_bound,
        minimum,
        _plain("minimum"),
    ),
    Keyword(
        "maximum",
        "validation",
        "maximum",
        "maximum",
        NUMERIC,
        _as_bound,
        maximum,
        _plain("maximum"),
    ),
    Keyword(
        "exclusiveMinimum",
        "validation",
        "exclusiveMinimum",
        "minimum",
        NUMERIC,
        _as_bound,
        exclusive_minimum,
        _plain("exclusiveMinimum"),
    ),
    Keyword(
        "exclusiveMaximum",
        "validation",
        "exclusiveMaximum",
        "maximum",
        NUMERIC,
        _as_bound,
        exclusive_maximum,
        _plain("exclusiveMaximum"),
    ),
    Keyword(
        "multipleOf",
        "validation",
        "multipleOf",
        "multiple-of",
        NUMERIC,
        _as_step,
        multiple_of,
        _plain("multipleOf"),
    ),
    Keyword(
        "minLength",
        "validation",
        "minLength",
        "length",
        STRING,
        _as_count,
        min_length,
        _plain("minLength"),
    ),
    Keyword(
        "pattern",
        "validation",
        "pattern",
        "pattern",
        STRING,
        _as_pattern,
        pattern,
        _compile_pattern,
    ),
    Keyword(
        "format", "validation", "format", "format", STRING, _as_string, format_, _compile_format
    ),
    Keyword(
        "minItems",
        "validation",
        "minItems",
        "items",
        SEQUENCE,
        _as_count,
        item_count(True),
        _plain("minItems"),
    ),
    Keyword(
        "maxItems",
        "validation",
        "maxItems",
        "items",
        SEQUENCE,
        _as_count,
        item_count(False),
        _plain("maxItems"),
    ),
    Keyword(
        "uniqueItems",
        "validation",
        "uniqueItems",
        "items",
        frozenset({"array"}),
        _as_bool,
        unique_items,
        _plain("uniqueItems"),
    ),
    Keyword(
        "contains",
        "validation",
        "contains",
        "items",
        SEQUENCE,
        _as_schema,
        contains,
        lambda n, s, sub: {
            "contains": sub(s),
            **{k: n.rules[k] for k in ("minContains", "maxContains") if k in n.rules},
        },
    ),
    Keyword("minContains", "validation", "minContains", "items", SEQUENCE, _as_count, None, _none),
    Keyword("maxContains", "validation", "maxContains", "items", SEQUENCE, _as_count, None, _none),
    Keyword(
        "minProperties",
        "validation",
        "minProperties",
        "entries",
        OBJECT,
        _as_count,
        count_bound(True, "properties"),
        _plain("minProperties"),
    ),
    Keyword(
        "maxProperties",
        "validation",
        "maxProperties",
        "entries",
        OBJECT,
        _as_count,
        count_bound(False, "properties"),
        _plain("maxProperties"),
    ),
    Keyword(
        "minEntries",
        "validation",
        "minEntries",
        "entries",
        MAP,
        _as_count,
        count_bound(True, "entries"),
        lambda n, v, sub: {"minProperties": v},
    ),
    Keyword(
        "maxEntries",
        "validation",
        "maxEntries",
        "entries",
        MAP,
        _as_count,
        count_bound(False, "entries"),
        lambda n, v, sub: {"maxProperties": v},
    ),
    Keyword(
        "dependentRequired",
        "validation",
        "dependentRequired",
        "required",
        OBJECT,
        _as_dependencies,
        dependent_required,
        lambda n, v, sub: {"dependentRequired": {k: list(x) for k, x in v.items()}},
    ),
    Keyword(
        "patternProperties",
        "validation",
        "patternProperties",
        "pattern",
        OBJECT,
        _as_pattern_map,
        pattern_properties,
        lambda n, v, sub: {"patternProperties": {k: sub(s) for k, s in v.items()}},
    ),
    Keyword(
        "patternKeys",
        "validation",
        "patternProperties-and-patternKeys",
        "pattern",
        MAP,
        _as_pattern_map,
        pattern_properties,
        lambda n, v, sub: {"patternProperties": {k: sub(s) for k, s in v.items()}},
    ),
    Keyword(
        "propertyNames",
        "validation",
        "propertyNames",
        "entries",
        OBJECT,
        _as_schema,
        property_names,
        _compile_schema("propertyNames"),
    ),
    Keyword(
        "keyNames",
        "validation",
        "propertyNames-and-keyNames",
        "entries",
        MAP,
        _as_schema,
        property_names,
        _compile_schema("propertyNames"),
    ),
    Keyword(
        "has",
        "validation",
        "has",
        "entries",
        OBJECT | MAP,
        _as_schema,
        has,
        lambda n, s, sub: NotExpressible(
            "`has` tests member values; JSON Schema's `contains` is for arrays"
        ),
    ),
    # conditional composition
    Keyword(
        "allOf",
        "composition",
        "allOf",
        "composition",
        None,
        _as_schemas,
        all_of,
        _compile_schemas("allOf"),
    ),
    Keyword(
        "anyOf",
        "composition",
        "anyOf",
        "composition",
        None,
        _as_schemas,
        any_of,
        _compile_schemas("anyOf"),
    ),
    Keyword(
        "oneOf",
        "composition",
        "oneOf",
        "composition",
        None,
        _as_schemas,
        one_of,
        _compile_schemas("oneOf"),
    ),
    Keyword(
        "not", "composition", "not", "composition", None, _as_schema, not_, _compile_schema("not")
    ),
    Keyword("if", "composition", "if-then-else", "composition", None, _as_schema, if_, _compile_if),
    Keyword("then", "composition", "if-then-else", "composition", None, _as_schema, None, _none),
    Keyword("else", "composition", "if-then-else", "composition", None, _as_schema, None, _none),
)

KEYWORDS: dict[str, Keyword] = {k.name: k for k in _LIST}

#: Keywords of the document root only (core, "Document Structure").
DOCUMENT = frozenset({"$schema", "$id", "definitions", "$root", "$uses", "$offers"})

#: Keywords whose check needs the node's own declaration first (the order reports follow).
ORDER: tuple[str, ...] = (
    "enum",
    "const",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "required",
    "dependentRequired",
    "properties",
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "tuple",
    "values",
    "patternKeys",
    "keyNames",
    "minEntries",
    "maxEntries",
    "has",
    "choices",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
)
assert set(ORDER) == {k.name for k in _LIST if k.check is not None}
