"""What the diff knows about a node's values: how a value is shown, a node's fingerprint,
which type contains which, a node's type label, and the pool of values of every JSON type
that a rule's candidates start from (with each node's plain value, `_model/plain.py`, the
same the engine's blame starts from). The rules themselves are in `diff_rules`."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .._model.plain import plain
from .._model.structure import Node
from .._model.types import TYPES, TypeSpec
from .._model.values import json_key

ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "(absent)"})()

#: Keywords whose edits change no verdict and no filled value (the issue's list: descriptions,
#: examples; `title` and `$comment` are descriptions the model reads past).
HARMLESS = frozenset({"description", "examples", "title", "$comment"})


def show(value: Any) -> str:
    import json

    if value is ABSENT:
        return "(none)"
    if isinstance(value, Node):
        return f"schema at {value.pointer or '/'}"
    if isinstance(value, tuple):
        value = [show(v) if isinstance(v, Node) else v for v in value]
    if isinstance(value, dict):
        value = {k: show(v) if isinstance(v, Node) else v for k, v in value.items()}
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)[:120]
    except (TypeError, ValueError):
        return repr(value)[:120]


def _verb(a: Any, b: Any) -> str:
    return "added" if a is ABSENT else "removed" if b is ABSENT else "changed"


# --- fingerprints: is a schema unchanged? -------------------------------------------------------


def fingerprint(
    node: Node, definitions: dict[int, str], depth: int = 0, skip: frozenset[str] = HARMLESS
) -> Any:
    """A hashable summary of what a node says about instances (descriptions and examples
    left out); a reference to a definition is summarised by the definition's name."""
    if depth > 80:
        return ("deep",)
    name = definitions.get(id(node))
    if name is not None and depth > 0:
        return ("ref", name)
    rules = []
    for key in sorted(node.rules):
        if key in skip:
            continue
        rules.append((key, fingerprint_value(node.rules[key], definitions, depth + 1)))
    union = tuple(fingerprint(m, definitions, depth + 1) for m in node.union)
    return (node.type, union, tuple(rules))


def fingerprint_value(value: Any, definitions: dict[int, str], depth: int) -> Any:
    if isinstance(value, Node):
        return fingerprint(value, definitions, depth)
    if isinstance(value, dict):
        return (
            "map",
            tuple(sorted((k, fingerprint_value(v, definitions, depth)) for k, v in value.items())),
        )
    if isinstance(value, tuple | list):
        return ("seq", tuple(fingerprint_value(v, definitions, depth) for v in value))
    if isinstance(value, Decimal):
        return ("number", value)
    return json_key(value)


# --- types --------------------------------------------------------------------------------------


def type_contains(outer: TypeSpec, inner: TypeSpec) -> bool:
    """Whether every value of `inner` is a value of `outer`, from the type table alone.
    `False` means "not proven" (disjoint or overlapping): the diff then looks for a witness.
    Defined for every pair of types (`test_every_type_pair_is_judged`)."""
    if outer.name == inner.name or outer.family == "any":
        return True
    if inner.family == "any" or outer.base != inner.base:
        return False
    if outer.base == "number":
        if outer.family == "integer":  # only integers, within its range
            return inner.family == "integer" and _range_within(inner, outer)
        if outer.family == "number" or outer.high is None:  # number, float8: any number
            return True
        return inner.high is not None and _range_within(inner, outer)  # float, double
    if outer.base == "string":
        if outer.family == "string":
            return True  # every string-encoded type is a JSON string
        if outer.family == "decimal":
            return inner.family == "big-integer"  # "[minus] int" is a decimal without frac
        if outer.family == "big-integer" and inner.family == "big-integer":
            signed_outer = outer.low is not None and outer.low < 0
            signed_inner = inner.low is not None and inner.low < 0
            # "-0" is an int64 and no uint64: signed never fits in unsigned
            return (signed_outer or not signed_inner) and _range_within(inner, outer)
        return False
    if outer.base == "array":
        return outer.family == "array" and inner.family == "set"  # a set is an array
    return False  # objects, maps, choices: judged by witness


def _range_within(inner: TypeSpec, outer: TypeSpec) -> bool:
    if outer.low is None or outer.high is None:
        return True
    if inner.low is None or inner.high is None:
        return False
    return bool(outer.low <= inner.low and inner.high <= outer.high)


def _members(node: Node) -> tuple[Node, ...]:
    return node.union or (node,)


def node_type_contains(
    outer: Node, inner: Node, definitions: dict[int, str], top: bool = False
) -> bool:
    """Type-level containment for plain types and unions: each member of `inner` inside a
    member of `outer` (a referenced definition only inside the same definition)."""

    def member_in(m: Node, o: Node) -> bool:
        mn, on = definitions.get(id(m)), definitions.get(id(o))
        if mn is not None or on is not None:
            return mn is not None and mn == on
        if m.rules or o.rules:
            return bool(fingerprint(m, definitions) == fingerprint(o, definitions))
        return type_contains(o.spec, m.spec)

    if not outer.union and not inner.union:  # the keywords are compared one by one
        on, mn = definitions.get(id(outer)), definitions.get(id(inner))
        if (on is not None or mn is not None) and not top:
            return on == mn
        return type_contains(outer.spec, inner.spec)
    return all(any(member_in(m, o) for o in _members(outer)) for m in _members(inner))


def type_candidates(old: Node, new: Node) -> Iterator[Any]:
    """Values to try a type change with: both sides' plain values, repeated elements for
    arrays and sets, and a value of every type."""
    for node in (old, new):
        yield plain(node)
        if node.items is not None:
            item = plain(node.items)
            yield [item, item]
            yield [item]
        for member in node.union:
            yield plain(member)
    yield from POOL


def type_label(node: Node, definitions: dict[int, str], top: bool = False) -> str:
    """The type as written: a name, a union, or a reference (unless `top`: the body of
    the definition itself)."""
    if node.union:
        return "[" + ", ".join(type_label(m, definitions) for m in node.union) + "]"
    name = None if top else definitions.get(id(node))
    return f"$ref {name}" if name else node.type


# --- numbers and format samples ---------------------------------------------------------------


def as_instance(spec: TypeSpec, value: Any) -> Any:
    """A number in the JSON form of the type: a string for string-encoded types."""
    if spec.string_encoded:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    return value


_FORMAT_SAMPLES = (
    "x",
    "",
    "2024-01-01",
    "2024-01-01T00:00:00Z",
    "12:00:00Z",
    "P1D",
    "user@example.com",
    "example.com",
    "127.0.0.1",
    "::1",
    "https://example.com/",
    "/a/b",
    "0",
    "123e4567-e89b-12d3-a456-426614174000",
    "^a$",
)


#: Values of every JSON type and every type's edges: what a type change is tried with.
_SCALARS = (
    *(v for spec in TYPES.values() for v in (spec.plain, *spec.edges)),
    *(1.5, 3.0, -1, 0, 2**31, 2**63, "x", "1", "-1", "-0", "1.5", True, None),
)
POOL: tuple[Any, ...] = (
    *dict.fromkeys(v for v in _SCALARS if not isinstance(v, dict | list)),
    *([], {}, ["x"], [1, 1], {"x": 1}, [0], {"k": "x"}),
)


_PATTERN_DRAWS: dict[str, list[str]] = {}


def pattern_draws(source: str, count: int = 30) -> list[str]:
    """Strings drawn from a pattern (its entire value), seeded and cached per source."""
    if source not in _PATTERN_DRAWS:
        from hypothesis import strategies as st

        from .._generation.draw import draw_examples

        try:
            drawn = draw_examples(st.from_regex(source, fullmatch=True), count, 0)
        except Exception:  # a pattern Python cannot draw from: the fixed strings decide
            drawn = []
        _PATTERN_DRAWS[source] = drawn
    return _PATTERN_DRAWS[source]
