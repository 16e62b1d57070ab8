"""How each keyword's value is read from the document (core and validation drafts): one
reader per kind of value, shared by the keywords that take that kind. A reader returns the
parsed value the model keeps in `Node.rules`, reports defects through the context as
findings, and fails only where no model can be had."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from .._io.pointer import pointer_join
from .._model import lexical as _lexical
from .._model import limits as _limits
from .._model.types import TypeSpec, in_value_space, parse_number
from .._model.values import is_number

if TYPE_CHECKING:
    from .._model.structure import Node


class Context(Protocol):
    """What a keyword's reader may ask of the structure model while reading its value."""

    def node(self, raw: Any, pointer: str) -> Node: ...

    def fail(self, pointer: str, message: str) -> Exception: ...

    def finding(self, code: str, pointer: str, message: str, level: str = "error") -> None: ...


def as_count(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> int:
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


def as_bool(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> bool:
    if not isinstance(raw, bool):
        raise ctx.fail(pointer, f"expected true or false, got {raw!r:.40}")
    return raw


def as_string(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> str:
    if not isinstance(raw, str):
        raise ctx.fail(pointer, f"expected a string, got {raw!r:.40}")
    return raw


def as_any(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> Any:
    return raw


def as_bound(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> Any:
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
    if not in_value_space(spec, value):
        ctx.finding(
            "bound-outside-value-space",
            pointer,
            f"{raw!r} is not in the value space of {spec.name} (validation, 'Numeric "
            "Validation Keywords': the value MUST be in the value space of the type)",
        )
    return value


def as_step(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> Any:
    value = as_bound(ctx, raw, spec, pointer)
    if isinstance(value, int | float | Decimal) and value <= 0:
        ctx.finding("multipleof-not-positive", pointer, f"multipleOf {raw!r} must be positive")
    return value


def as_pattern(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> str:
    source = as_string(ctx, raw, spec, pointer)
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


def as_values(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> tuple[Any, ...]:
    if not isinstance(raw, list):
        raise ctx.fail(pointer, f"expected an array, got {raw!r:.40}")
    if not raw:
        ctx.finding("enum-empty", pointer, "an empty enum admits no value")
    return tuple(raw)


def as_schema(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> Node:
    return ctx.node(raw, pointer)


def as_schemas(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> tuple[Node, ...]:
    if not isinstance(raw, list) or not raw:
        raise ctx.fail(pointer, "expected a non-empty array of schemas")
    return tuple(ctx.node(sub, pointer_join(pointer, i)) for i, sub in enumerate(raw))


def as_schema_map(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> dict[str, Node]:
    if not isinstance(raw, dict):
        raise ctx.fail(pointer, "expected an object of schemas")
    return {name: ctx.node(sub, pointer_join(pointer, name)) for name, sub in raw.items()}


def as_pattern_map(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> dict[str, Node]:
    schemas = as_schema_map(ctx, raw, spec, pointer)
    for source in schemas:
        as_pattern(ctx, source, spec, pointer_join(pointer, source))
    return schemas


def as_names(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ctx.fail(pointer, "expected an array of property names")
    return tuple(raw)


def as_required(
    ctx: Context, raw: Any, spec: TypeSpec, pointer: str
) -> tuple[tuple[str, ...], ...] | tuple[str, ...]:
    """Both forms (core, "required"): names, or alternative sets of names."""
    if isinstance(raw, list) and raw and all(isinstance(v, list) for v in raw):
        return tuple(as_names(ctx, s, spec, pointer_join(pointer, i)) for i, s in enumerate(raw))
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ctx.fail(pointer, "expected an array of property names or an array of arrays of them")
    return tuple(raw)


def as_dependencies(
    ctx: Context, raw: Any, spec: TypeSpec, pointer: str
) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise ctx.fail(pointer, "expected an object of property name arrays")
    return {k: as_names(ctx, v, spec, pointer_join(pointer, k)) for k, v in raw.items()}


def as_additional(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> bool | Node:
    if isinstance(raw, bool):
        return raw
    return ctx.node(raw, pointer)


def as_extends(ctx: Context, raw: Any, spec: TypeSpec, pointer: str) -> tuple[str, ...]:
    refs = raw if isinstance(raw, list) else [raw]
    if not refs or not all(isinstance(r, str) for r in refs):
        raise ctx.fail(pointer, "expected a JSON Pointer or an array of them")
    return tuple(refs)
