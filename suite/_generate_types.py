"""Generation for every type and keyword beyond the seed's subset, one table entry each.

`GENERATORS` maps each type family to a strategy of valid values that leans on the family's
edges (bounds, lexical corner cases, sizes at their limits, characters outside the BMP);
`MUTATORS` maps each category to the invalid values a node's own rules admit ("one past each
bound", wrong lexical forms, a duplicate in a set, ...). `node_mutants` places the mutants of
nested nodes inside a valid instance of their container, so every mutant carries the JSON
Pointer of the value that breaks the rule. `_generate` labels them and keeps only those the
reference confirms; nothing here decides a verdict.

Nodes of the seed's shape (`seed_shaped`) never come here: they draw exactly as they always
have, so the seed's generated cases stay the same.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from . import _regex
from ._categories import ALL
from ._errors import pointer_join
from ._reference import validate_node
from ._rules import json_key
from ._structure import Node
from ._types import TYPES

Strategy = st.SearchStrategy[Any]
#: A strategy of (invalid value, JSON Pointer of the offending value relative to it).
Placed = st.SearchStrategy[tuple[Any, str]]

# --- which nodes keep the seed's code paths ----------------------------------------------------

#: The types and keywords the seed uses; nodes made of nothing else draw as they always have.
SEED_TYPES = frozenset({"string", "boolean", "int32", "array", "object"})
SEED_KEYWORDS = frozenset(
    {"properties", "required", "items", "enum", "minimum", "default", "description", "examples"}
    | {"name"}
)
COMPOSITION = ("allOf", "anyOf", "oneOf", "not", "if")


def seed_node(node: Node) -> bool:
    """Whether one node is of the seed's shape (its own type and keywords)."""
    rules = node.rules
    if node.union or node.abstract or node.type not in SEED_TYPES:
        return False
    if not set(rules) <= SEED_KEYWORDS:
        return False
    required = rules.get("required", ())
    if required and isinstance(required[0], tuple):
        return False
    return "minimum" not in rules or node.spec.family == "integer"


def subtree(node: Node) -> Iterator[Node]:
    """Every node reachable from this one, through any keyword, each once."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(current.children())


_SHAPED: dict[int, tuple[Node, bool]] = {}


def seed_shaped(node: Node) -> bool:
    """Whether every node below this one is of the seed's shape (the old code paths)."""
    hit = _SHAPED.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    shaped = all(seed_node(n) for n in subtree(node))
    _SHAPED[id(node)] = (node, shaped)
    return shaped


def admits(node: Node, value: Any) -> bool:
    return not any(True for _ in validate_node(node, value))


# --- what each category's valid focus exercises -----------------------------------------------


def _has(*keys: str) -> Callable[[Node], bool]:
    return lambda n: any(k in n.rules for k in keys)


def _family(*families: str) -> Callable[[Node], bool]:
    return lambda n: n.spec.family in families


#: category -> whether a node exercises it (valid focus), for every category of the table.
EXERCISES: dict[str, Callable[[Node], bool]] = {
    "required": lambda n: bool(n.rules.get("required")) or "dependentRequired" in n.rules,
    "enum": _has("enum", "const"),
    "minimum": _has("minimum", "exclusiveMinimum"),
    "maximum": _has("maximum", "exclusiveMaximum"),
    "multiple-of": _has("multipleOf"),
    "type": lambda n: True,
    "range": lambda n: n.spec.integral or (n.spec.family == "float" and n.spec.high is not None),
    "format": lambda n: (
        "format" in n.rules or n.spec.family in ("lexical", "big-integer", "decimal", "binary")
    ),
    "length": _has("minLength", "maxLength"),
    "pattern": _has("pattern", "patternProperties", "patternKeys"),
    "items": lambda n: (
        n.spec.family in ("set", "tuple")
        or _has("minItems", "maxItems", "uniqueItems", "contains")(n)
    ),
    "entries": _has(
        "minProperties",
        "maxProperties",
        "minEntries",
        "maxEntries",
        "propertyNames",
        "keyNames",
        "has",
    ),
    "additional-properties": _has("additionalProperties"),
    "composition": _has(*COMPOSITION),
    "defaults": lambda n: n.has_default,
    # the valid side of integer-lexical is every integer literal, drawn by `range` and `type`
    "integer-lexical": lambda n: False,
    # open objects: only the definition's own object (as the seed's paths do)
    "unknown-properties": lambda n: False,
}


def focus_applies(node: Node, focus: str) -> bool:
    if focus == "required":  # (its valid focus leaves the definition's optional members out)
        return bool(node.required) or "dependentRequired" in node.rules
    if focus == "unknown-properties":
        return node.type == "object" and node.additional_properties is None
    wanted = EXERCISES[focus]
    return any(wanted(n) for n in subtree(node))


# --- valid values, one generator per type family ---------------------------------------------

Sub = Callable[[Node, "str | None"], Strategy]
Objects = Callable[[Node, "str | None"], Strategy]


@dataclass(frozen=True)
class Ctx:
    """What the per-family generators need from `_generate`: valid values of any node
    (seed-shaped ones through the old paths), objects, and enum near misses."""

    values: Sub
    objects: Objects
    near_misses: Callable[[Node], Strategy]


def _sampled(node: Node, candidates: list[Any]) -> list[Strategy]:
    """Edge values the node admits, as a strategy (none when none is admitted)."""
    unique: dict[Any, Any] = {}
    for value in candidates:
        unique.setdefault(json_key(value), value)
    kept = [v for v in unique.values() if admits(node, v)]
    return [st.sampled_from(kept)] if kept else []


def _one_of(options: list[Strategy]) -> Strategy:
    return st.one_of(options) if options else st.nothing()


def _integer_bounds(node: Node) -> tuple[int, int]:
    low, high = node.bounds()
    assert low is not None and high is not None
    return int(low), int(high)


def _integers(node: Node) -> Strategy:
    """Integers the node admits, at and next to its bounds, honouring `multipleOf`."""
    low, high = _integer_bounds(node)
    step = node.rules.get("multipleOf")
    if step is not None and step == int(step) and step > 0:
        step = int(step)
        k_low, k_high = -(-low // step), high // step
        if k_low > k_high:
            return st.nothing()
        ks = sorted({k for k in (k_low, k_low + 1, k_high - 1, k_high, 0) if k_low <= k <= k_high})
        return st.one_of(st.sampled_from(ks), st.integers(k_low, k_high)).map(lambda k: k * step)
    edges = sorted(v for v in {low, low + 1, high, high - 1, 0, 1, -1} if low <= v <= high)
    drawn = st.integers(low, high)
    if step is not None:
        drawn = drawn.filter(lambda v: Decimal(v) % Decimal(str(step)) == 0)
    return st.one_of(st.sampled_from(edges), drawn) if low <= high else st.nothing()


def _integer(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    return _integers(node)


def _big_integer(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    return _integers(node).map(str)


def _real_bounds(node: Node) -> tuple[Decimal | None, bool, Decimal | None, bool]:
    """Lower bound, whether it is exclusive, upper bound, whether exclusive (as Decimals)."""
    spec = node.spec
    low = None if spec.low is None else Decimal(str(spec.low))
    high = None if spec.high is None else Decimal(str(spec.high))
    low_open = high_open = False
    for key, is_low, exclusive in (
        ("minimum", True, False),
        ("exclusiveMinimum", True, True),
        ("maximum", False, False),
        ("exclusiveMaximum", False, True),
    ):
        raw = node.rules.get(key)
        if raw is None or isinstance(raw, str):
            continue
        value = Decimal(str(raw))
        if is_low and (low is None or value > low or (value == low and exclusive)):
            low, low_open = value, exclusive
        elif not is_low and (high is None or value < high or (value == high and exclusive)):
            high, high_open = value, exclusive
    return low, low_open, high, high_open


def _multiples(node: Node, step: Decimal, limit: int = 10**6) -> Strategy:
    """Multiples of a (decimal) step inside the node's bounds, as Decimals."""
    low, low_open, high, high_open = _real_bounds(node)
    k_low = -limit if low is None else math.ceil(low / step)
    if low is not None and low_open and k_low * step == low:
        k_low += 1
    k_high = limit if high is None else math.floor(high / step)
    if high is not None and high_open and k_high * step == high:
        k_high -= 1
    k_low, k_high = max(k_low, -limit if low is None else k_low), min(k_high, k_low + 2 * limit)
    if k_low > k_high:
        return st.nothing()
    ks = sorted({k for k in (k_low, k_high, 0, 1, 3) if k_low <= k <= k_high})
    return st.one_of(st.sampled_from(ks), st.integers(k_low, k_high)).map(lambda k: k * step)


def _as_json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _float(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    step = node.rules.get("multipleOf")
    if step is not None:
        return _multiples(node, Decimal(str(step))).map(_as_json_number)
    low, low_open, high, high_open = _real_bounds(node)
    lo = None if low is None else float(low)
    hi = None if high is None else float(high)
    drawn = st.floats(
        lo,
        hi,
        exclude_min=low_open and lo is not None,
        exclude_max=high_open and hi is not None,
        allow_nan=False,
        allow_infinity=False,
    )
    edges: list[Any] = [0, 1, -1.5, 0.1, 1e-300, *node.spec.edges]
    if lo is not None:
        edges += [math.nextafter(lo, math.inf) if low_open else lo, lo + 1]
    if hi is not None:
        edges += [math.nextafter(hi, -math.inf) if high_open else hi, hi - 1]
    return _one_of([*_sampled(node, edges), drawn, st.integers(-(10**6), 10**6)])


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


def _decimal(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    """Decimal strings, at their precision and scale where the node declares them."""
    scale = node.rules.get("scale")
    precision = node.rules.get("precision")
    step = node.rules.get("multipleOf")
    if step is not None:
        return _multiples(node, Decimal(str(step))).map(_decimal_text)
    low, low_open, high, high_open = _real_bounds(node)
    edges: list[Any] = ["0", "1", "-0.5", "0.1", "-1"]
    if isinstance(scale, int) and isinstance(precision, int) and precision >= scale >= 0:
        nines = "9" * (precision - scale) or "0"
        frac = "." + "9" * scale if scale else ""
        edges += [nines + frac, "-" + nines + frac]
        if scale:
            edges.append("0." + "0" * (scale - 1) + "1")
        top = Decimal(nines + frac)
        low = -top if low is None or low < -top else low
        high = top if high is None or high > top else high
    places_options = [scale] if isinstance(scale, int) else [0, 1, 2, 7]
    for bound in (low, high):
        if bound is not None:
            edges.append(_decimal_text(bound))
    drawn = [
        st.decimals(low, high, allow_nan=False, allow_infinity=False, places=places)
        .filter(lambda d: not (low_open and d == low) and not (high_open and d == high))
        .map(_decimal_text)
        for places in places_options
    ]
    return _one_of([*_sampled(node, edges), *drawn])


#: Characters that expose how a validator counts: two-byte, three-byte, outside the BMP.
WIDE = ("é", "ジ", "🚀", "\U0001f600", "𝄞")


def _string(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    low = node.rules.get("minLength", 0)
    high = node.rules.get("maxLength")
    options: list[Strategy] = []
    source = node.rules.get("pattern")
    if isinstance(source, str):
        matching = _from_pattern(source)
        if matching is not None:
            options.append(matching.filter(lambda s: admits(node, s)))
    name = node.rules.get("format")
    if isinstance(name, str) and name in FORMAT_SAMPLES:
        options += _sampled(node, list(FORMAT_SAMPLES[name]))
    edges: list[str] = ["", "x", " ", "\u0000", "🚀"]
    for n in {low, high} - {None}:
        assert isinstance(n, int)
        for ch in ("x", *WIDE):
            edges.append(ch * n)
        if n:
            edges.append("x" * (n - 1) + "🚀")
    options += _sampled(node, edges)
    if not (source or name):
        top = high if high is not None else low + 20
        options.append(st.text(st.characters(codec="utf-8"), min_size=low, max_size=top))
        options.append(
            st.text(st.sampled_from(WIDE), min_size=low, max_size=top)
        )  # many code points, more bytes and UTF-16 units
    return _one_of(options)


def _from_pattern(source: str) -> Strategy | None:
    """Strings the pattern accepts entirely (validation, "pattern"), drawn from its Python
    translation; None when Python's `re` cannot read the translation."""
    try:
        python_source = _regex.compile_pattern(source).python_source
        re.compile(python_source)
    except (_regex.PatternError, re.error):
        return None
    return st.from_regex(python_source, fullmatch=True)


#: Valid samples of the validation draft's `format` names.
FORMAT_SAMPLES: dict[str, tuple[str, ...]] = {
    "ipv4": ("0.0.0.0", "255.255.255.255", "192.168.0.1"),
    "ipv6": ("::", "::1", "2001:db8::ff00:42:8329", "FE80::1"),
    "email": ("a@example.com", "first.last+tag@sub.example.org"),
    "idn-email": ("用户@例子.广告", "a@example.com"),
    "hostname": ("example.com", "a", "xn--bcher-kva.example"),
    "idn-hostname": ("bücher.example", "example.com"),
    "iri": ("https://例子.广告/路径", "urn:isbn:0451450523"),
    "iri-reference": ("路径/x", "#frag", ""),
    "uri-template": ("https://example.com/{id}", "{+path}/x{?q,r}"),
    "relative-json-pointer": ("0", "1/a~1b", "2#"),
    "regex": ("^[a-z]+$", "(a|b)*"),
}


def _date_strings() -> Strategy:
    return st.dates().map(lambda d: d.isoformat())


def _times() -> Strategy:
    return st.builds(
        lambda h, m, s, frac, offset: f"{h:02d}:{m:02d}:{s:02d}{frac}{offset}",
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        st.sampled_from(("", ".5", ".000", ".123456789")),
        st.one_of(
            st.sampled_from(("Z", "z", "+00:00", "-00:00")),
            st.builds(
                lambda sign, h, m: f"{sign}{h:02d}:{m:02d}",
                st.sampled_from("+-"),
                st.integers(0, 23),
                st.integers(0, 59),
            ),
        ),
    )


_LEXICAL_EDGES: dict[str, tuple[str, ...]] = {
    "date": (
        "2024-02-29",
        "2000-02-29",
        "2023-02-28",
        "1900-02-28",
        "2023-04-30",
        "2023-12-31",
        "0001-01-01",
        "9999-12-31",
    ),
    "time": ("23:59:60Z", "15:59:60-08:00", "00:00:00z", "12:00:00.5+05:30", "23:59:59.999-23:59"),
    "datetime": (
        "1990-12-31T23:59:60Z",
        "1990-12-31t15:59:60-08:00",
        "2024-02-29T12:00:00.5+05:30",
        "2023-01-31T00:00:00z",
        "2016-12-31T23:59:60.999Z",
        "2023-06-30t23:59:59-00:00",
    ),
    "duration": ("P1Y2M3DT4H5M6S", "PT0S", "P4W", "P1D", "PT36H", "p1y", "P0D", "PT1M"),
    "uuid": (
        "00000000-0000-0000-0000-000000000000",
        "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
        "123E4567-e89b-12D3-A456-426614174000",
    ),
    "uri": (
        "https://example.com/",
        "http://[::1]:8080/a?b=c#d",
        "urn:isbn:0451450523",
        "mailto:someone@example.com",
        "a/b",
        "../x",
        "#frag",
        "?q=1",
        "",
        "//host/path",
        "file:///etc/hosts",
        "https://example.com/%E2%82%AC",
    ),
    "jsonpointer": ("", "/", "/a~1b", "/~0", "/0", "//", "/🚀"),
}

_SEGMENT = st.text("abcxyz019-._~", min_size=1, max_size=6)
_DRAWN_LEXICAL: dict[str, Strategy] = {
    "date": _date_strings(),
    "time": _times(),
    "datetime": st.builds(
        lambda d, t, time: f"{d}{t}{time}", _date_strings(), st.sampled_from("Tt"), _times()
    ),
    "duration": st.one_of(
        st.integers(0, 999).map(lambda n: f"P{n}W"),
        st.builds(
            lambda y, m, d, h, mi, s: f"P{y}Y{m}M{d}DT{h}H{mi}M{s}S",
            *[st.integers(0, 99)] * 6,
        ),
        st.builds(lambda h, m: f"PT{h}H{m}M", st.integers(0, 99), st.integers(0, 99)),
    ),
    "uuid": st.builds(
        lambda u, upper: str(u).upper() if upper else str(u), st.uuids(), st.booleans()
    ),
    "uri": st.one_of(
        st.builds(
            lambda scheme, host, path: f"{scheme}://{host}.example/{'/'.join(path)}",
            st.sampled_from(("http", "https", "ftp", "s3")),
            _SEGMENT,
            st.lists(_SEGMENT, max_size=3),
        ),
        st.lists(_SEGMENT, min_size=1, max_size=3).map("/".join),
    ),
    "jsonpointer": st.lists(st.text(max_size=6), max_size=4).map(
        lambda tokens: "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)
    ),
}


def _lexical(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    name = node.spec.name
    return _one_of([*_sampled(node, list(_LEXICAL_EDGES[name])), _DRAWN_LEXICAL[name]])


_ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "base64": base64.b64encode,
    "base64url": base64.urlsafe_b64encode,
    "base16": base64.b16encode,
    "base32": base64.b32encode,
    "base32hex": base64.b32hexencode,
}


def _binary(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    encoding = node.rules.get("contentEncoding", "base64")
    encode = _ENCODERS.get(encoding, base64.b64encode)
    drawn = st.binary(max_size=24).map(lambda b: encode(b).decode("ascii"))
    return _one_of([*_sampled(node, ["", "AAECAw==", "+/+/", "////"]), drawn])


def _json(max_leaves: int = 6) -> Strategy:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(-100, 100), st.text(max_size=8))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=max_leaves,
    )


def _sequence(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    if node.items is None:
        return st.lists(_json(3), max_size=4)
    item = ctx.values(node.items, focus)
    low = node.rules.get("minItems", 0)
    high = node.rules.get("maxItems")
    unique = node.spec.family == "set" or node.rules.get("uniqueItems") is True
    key = json_key if unique else None
    sizes = [(low, low), (low, high if high is not None else low + 4)]
    if high is not None:
        sizes.append((high, high))
    options = [st.lists(item, min_size=a, max_size=b, unique_by=key) for a, b in sizes]
    contains = node.rules.get("contains")
    if isinstance(contains, Node):
        need = node.rules.get("minContains", 1)
        base = st.lists(item, max_size=2, unique_by=key)
        options.append(
            st.builds(
                lambda b, extra: b + extra,
                base,
                st.lists(ctx.values(contains, None), min_size=need, max_size=need, unique_by=key),
            )
        )
    return st.one_of(options)


def _tuple(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    order = [n for n in node.rules.get("tuple", ()) if n in node.properties]
    return st.tuples(*(ctx.values(node.properties[n], focus) for n in order)).map(list)


#: Member names that break naive maps: empty, space, non-ASCII, JSON Pointer escapes,
#: names that mean something in JavaScript or JSON Schema.
ODD_KEYS = (
    "",
    " ",
    "é",
    "ключ",
    "🚀",
    "a/b",
    "~0~1",
    "$ref",
    "__proto__",
    "constructor",
    "0",
    "null",
    "a.b",
    "\u0000",
)


def _map(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    names = node.rules.get("keyNames")
    keys = (
        ctx.values(names, None)
        if isinstance(names, Node)
        else st.one_of(st.sampled_from(ODD_KEYS), st.text(max_size=8))
    )
    schema = node.rules.get("values")
    value = ctx.values(schema, focus) if isinstance(schema, Node) else _json(3)
    low = node.rules.get("minEntries", 0)
    high = node.rules.get("maxEntries")
    sizes = [(low, low), (low, high if high is not None else low + 4)]
    if high is not None:
        sizes.append((high, high))
    return st.one_of([st.dictionaries(keys, value, min_size=a, max_size=b) for a, b in sizes])


def unknown_name(node: Node) -> Strategy:
    """A member name the object neither declares nor selects by `patternProperties`."""
    patterns = list(node.rules.get("patternProperties", {}))
    from ._lexical import search

    return st.one_of(st.sampled_from(("extra", "zz", "é", "🚀", "")), st.text(max_size=8)).filter(
        lambda name: name not in node.properties and not any(search(p, name) for p in patterns)
    )


def _object(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    required = node.rules.get("required", ())
    if required and isinstance(required[0], tuple):
        # alternative sets (core, "required"): one set complete, checked by the reference
        return st.one_of(
            [_object(node.having(required=names), focus, ctx) for names in required]
        ).filter(lambda v: admits(node, v))
    base = ctx.objects(node, focus)
    extra_rule = node.additional_properties
    low = node.rules.get("minProperties", 0)
    if isinstance(extra_rule, Node) or (extra_rule is None and low > len(node.properties)):
        value = ctx.values(extra_rule, None) if isinstance(extra_rule, Node) else _json(2)
        least = 1 if focus == "additional-properties" else 0
        least = max(least, low - len(node.properties))
        extras = st.dictionaries(unknown_name(node), value, min_size=least, max_size=least + 2)
        base = st.builds(lambda b, e: {**e, **b}, base, extras)
    options = [base]
    for source, schema in node.rules.get("patternProperties", {}).items():
        named = _from_pattern(source)
        if named is not None:
            options.append(
                st.builds(
                    lambda b, k, v: {**b, k: v} if k not in node.properties else b,
                    base,
                    named,
                    ctx.values(schema, None),
                )
            )
    return st.one_of(options)


def _choice(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    options = node.rules.get("choices", {})
    selector = node.rules.get("selector")
    inline = selector is not None and "$extends" in node.rules

    def tagger(tag: str) -> Callable[[Any], Any]:
        if inline:
            return lambda value: {**value, selector: tag} if isinstance(value, dict) else value
        return lambda value: {tag: value}

    return _one_of([ctx.values(branch, focus).map(tagger(tag)) for tag, branch in options.items()])


Generator = Callable[[Node, "str | None", Ctx], Strategy]

#: type family -> valid values leaning on its edges; every family of `_types.TYPES` has one.
GENERATORS: dict[str, Generator] = {
    "string": _string,
    "number": _float,
    "boolean": lambda n, f, c: st.booleans(),
    "null": lambda n, f, c: st.none(),
    "binary": _binary,
    "integer": _integer,
    "big-integer": _big_integer,
    "float": _float,
    "decimal": _decimal,
    "lexical": _lexical,
    "any": lambda n, f, c: _json(),
    "object": _object,
    "array": _sequence,
    "set": _sequence,
    "map": _map,
    "tuple": _tuple,
    "choice": _choice,
}

#: Keywords whose valid values are proposed rather than constructed: the draw is checked
#: by the reference (the last resort; the proposals make most draws pass).
CHECKED = frozenset(
    {
        *COMPOSITION,
        "contains",
        "maxContains",
        "propertyNames",
        "keyNames",
        "has",
        "dependentRequired",
        "patternProperties",
        "patternKeys",
        "minProperties",
        "maxProperties",
        "uniqueItems",
    }
)


def type_values(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    """Valid values of a node beyond the seed's shape."""
    if node.abstract:
        return st.nothing()
    if node.union:
        return st.one_of([ctx.values(m, focus) for m in node.union]).filter(
            lambda v: admits(node, v)
        )
    if "const" in node.rules:
        return st.just(node.rules["const"])
    if node.enum is not None:
        return _one_of(_sampled(node, list(node.enum)))
    if set(node.rules) & set(COMPOSITION):
        return _composed(node, focus, ctx)
    drawn = GENERATORS[node.spec.family](node, focus, ctx)
    if set(node.rules) & CHECKED:
        drawn = drawn.filter(lambda v: admits(node, v))
    return drawn


def _branches(node: Node) -> list[Node]:
    out: list[Node] = []
    for key in ("allOf", "anyOf", "oneOf"):
        out.extend(node.rules.get(key, ()))
    out.extend(node.rules[k] for k in ("if", "then", "else") if k in node.rules)
    return out


def _merge(base: Any, branch: Any) -> Any:
    return {**base, **branch} if isinstance(base, dict) and isinstance(branch, dict) else branch


def _composed(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    """Composition: values of the node without it and of each branch (merged into an object
    of the node where both are objects), proposed and checked."""
    bare = node.having(**{k: None for k in (*COMPOSITION, "then", "else")})
    base = ctx.values(bare, focus)
    options = [base]
    for branch in _branches(node):
        options.append(st.builds(_merge, base, ctx.values(branch, None)))
    return st.one_of(options).filter(lambda v: admits(node, v))


# --- mutants: each category's invalid values of one node ---------------------------------------

WRONG_JSON: dict[str, tuple[Any, ...]] = {
    "string": (0, 42, 1.5, True, None, [], ["x"], {}),
    "number": (True, "1", "1.5", None, [], {}),
    "boolean": ("true", 0, 1, None, [], {}),
    "null": (0, False, "", [], {}),
    "array": ("x", 0, True, None, {}, {"0": "x"}),
    "object": ("x", 0, True, None, [], [{}]),
}
#: Wrong JSON types by family where the base type's list is not enough.
WRONG_FAMILY: dict[str, tuple[Any, ...]] = {
    "integer": (True, False, 1.5, -0.5, "5", "", None, [], [5], {}),
    # a JSON number where the draft wants a string-encoded number
    "big-integer": (5, 0, -1, 9223372036854775807, 18446744073709551615, 1.5, True, None, []),
    "decimal": (1.5, 0, True, None, [], {}),
}


def _just(values: list[Any] | tuple[Any, ...], path: str = "") -> Placed:
    return st.sampled_from(list(values)).map(lambda v: (v, path))


def _type_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    family = node.spec.family
    if node.union:
        wrong = [v for m in node.union for v in _wrong(m)]
        return [_just(wrong)] if wrong else []
    out = [_just(_wrong(node))] if _wrong(node) else []
    if family == "choice":
        options = node.rules.get("choices", {})
        selector = node.rules.get("selector")
        if selector is not None and "$extends" in node.rules:
            named = ctx.values(node, None).map(_select(selector, "no-such-choice"))
            return [*out, named.map(lambda v: (v, pointer_join("", selector)))]
        tags = list(options)
        out.append(_just([{}]))
        out.append(_just([{"no-such-choice": {}}], "/no-such-choice"))
        if len(tags) >= 2:
            out.append(
                st.builds(
                    lambda a, b: ({tags[0]: a, tags[1]: b}, ""),
                    ctx.values(options[tags[0]], None),
                    ctx.values(options[tags[1]], None),
                )
            )
    return out


def _wrong(node: Node) -> tuple[Any, ...]:
    if node.spec.family == "any":
        return ()
    return WRONG_FAMILY.get(node.spec.family) or WRONG_JSON.get(node.spec.base, ())


def _const_misses(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [value.upper() if value != value.upper() else value.lower(), value + "x", ""]
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int | float):
        return [value + 1, value - 1]
    return [None, 0, "x"]


def _enum_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    if "const" in node.rules:
        return [_just(_const_misses(node.rules["const"]))]
    if node.enum is not None:
        return [ctx.near_misses(node).map(lambda v: (v, ""))]
    return []


def _spell(node: Node, value: Decimal) -> Any:
    """A number in the node's own representation: a string for string-encoded types."""
    family = node.spec.family
    if family == "big-integer":
        return str(int(value))
    if family == "decimal":
        return _decimal_text(value)
    return _as_json_number(value)


def _step_below(node: Node) -> Decimal:
    scale = node.rules.get("scale")
    if node.spec.integral:
        return Decimal(1)
    return Decimal(1).scaleb(-scale) if isinstance(scale, int) else Decimal("0.001")


def _bound_mutants(node: Node, lower: bool) -> list[Placed]:
    """One past the node's own minimum or maximum (the bound itself when exclusive)."""
    keys = ("minimum", "exclusiveMinimum") if lower else ("maximum", "exclusiveMaximum")
    if not node.spec.numeric or not any(k in node.rules for k in keys):
        return []
    low, low_open, high, high_open = _real_bounds(node)
    bound, is_open = (low, low_open) if lower else (high, high_open)
    if bound is None:
        return []
    sign = -1 if lower else 1
    if node.spec.integral:
        b_low, b_high = _integer_bounds(node)
        edge = Decimal(b_low if lower else b_high)
        candidates = [edge + sign, edge + sign * 2, edge + sign * 1000]
        step = node.rules.get("multipleOf")
        if step is not None:
            candidates.append(edge + sign * Decimal(str(step)))
    else:
        tiny = _step_below(node)
        candidates = [bound] if is_open else []
        candidates += [bound + sign * tiny, bound + sign, bound + sign * 1000]
        step = node.rules.get("multipleOf")
        if step is not None:
            d = Decimal(str(step))
            nearest = (bound / d).to_integral_value(rounding="ROUND_FLOOR") * d
            candidates += [nearest, nearest + sign * d, nearest - sign * d]
    return [_just([_spell(node, c) for c in candidates])]


def _multiple_mutants(node: Node) -> list[Placed]:
    step = node.rules.get("multipleOf")
    if step is None or not node.spec.numeric:
        return []
    d = Decimal(str(step))
    if node.spec.integral and d == 1:
        return []  # every integer is a multiple of 1
    offset = Decimal(1) if node.spec.integral else d / 2
    return [_multiples(node, d, limit=1000).map(lambda k: (_spell(node, k + offset), ""))]


def _bounded(node: Node, upper: bool) -> bool:
    keys = ("maximum", "exclusiveMaximum") if upper else ("minimum", "exclusiveMinimum")
    return any(k in node.rules for k in keys)


def _range_mutants(node: Node) -> list[Placed]:
    spec = node.spec
    if spec.family in ("integer", "big-integer"):
        assert spec.low is not None and spec.high is not None
        high, low = int(spec.high), int(spec.low)
        outside = [high + 1, low - 1, high + 2**64, low - 2**64, 2**53 + 1 + high]
        if spec.family == "integer":
            outside += [2**40, -(2**40), 2**63]
        # a side narrowed by a bound keyword would break that keyword too
        wanted = [
            v
            for v in outside
            if (v > high and not _bounded(node, upper=True))
            or (v < low and not _bounded(node, upper=False))
        ]
        if spec.family == "big-integer" and low == 0:
            wanted = [v for v in wanted if v >= 0]  # "-1" for a uint64 is a lexical error
        if not wanted:
            return []
        spell = str if spec.family == "big-integer" else int
        return [_just([spell(v) for v in wanted])]
    if spec.family == "float" and spec.high is not None and spec.high < 1e308:
        wide = [v for v in (1e39, -1e39, 1e300) if not _bounded(node, upper=v > 0)]
        return [_just(wide)] if wide else []
    return []


def _lexical_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    spec = node.spec
    out: list[Placed] = []
    if spec.family in ("big-integer", "decimal", "lexical", "binary"):
        key = spec.family if spec.family != "lexical" else spec.name
        if spec.family == "binary" and node.rules.get("contentEncoding", "base64") != "base64":
            key = ""
        bad = list(BAD_LEXICAL.get(key, ()))
        if spec.family == "big-integer" and spec.low == 0:
            bad.append("-1")
        if bad:
            out.append(_just(bad))
        derived = DERIVED_BAD.get(key)
        if derived is not None:
            out.append(ctx.values(node, None).map(lambda v: (derived(v), "")))
    name = node.rules.get("format")
    if isinstance(name, str) and name in BAD_FORMATS:
        out.append(_just(BAD_FORMATS[name]))
    return out


#: Wrong lexical forms by family (or lexical type name): RFC 8259 numbers, RFC 3339, RFC 9562,
#: RFC 3986, RFC 6901, RFC 4648.
BAD_LEXICAL: dict[str, tuple[str, ...]] = {
    "big-integer": (
        "007",
        "+5",
        "1e5",
        "1.0",
        " 5",
        "5 ",
        "0x10",
        "",
        "-",
        "1_000",
        "\u0663",
        "00",
    ),
    "decimal": (
        "1e5",
        "+1.5",
        "01.5",
        ".5",
        "1.",
        "1,5",
        "NaN",
        "Infinity",
        "1.5e-3",
        " 1",
        "\u0661",
    ),
    "date": ("2023-02-29", "2023-04-31", "2023-13-01", "2023-00-10", "20230101", "2023-1-1"),
    "datetime": (
        "2024-01-01T00:00:00",
        "2024-01-01 00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T12:00:60Z",
        "2024-01-01T23:59:60+01:00",
        "2024-01-01T00:00Z",
        "2024-01-01",
    ),
    "time": ("12:00:00", "24:00:00Z", "12:60:00Z", "12:00Z", "12:00:00+24:00", "12:00:60Z"),
    "duration": ("P", "PT", "1D", "P1.5D", "P1DT", "P1Y1D", "P-1D", "PT1H1S"),
    "uuid": (
        "123e4567e89b12d3a456426614174000",
        "123e4567-e89b-12d3-a456-42661417400g",
        "{123e4567-e89b-12d3-a456-426614174000}",
        "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-42661417400",
    ),
    "uri": ("http://exa mple.com", "a b", "%zz", "http://[::1", "\\\\server\\share", "<x>"),
    "jsonpointer": ("a", "/~2", "~", "a/b", "/~"),
    "binary": ("eA=", "e A==", "!!!!", "eA", "eA===", "eA==\n"),
}

#: Wrong forms made from a valid value: a leading zero, a plus sign, a uuid without hyphens.
DERIVED_BAD: dict[str, Callable[[str], str]] = {
    "big-integer": lambda v: "+" + v.lstrip("-"),
    "decimal": lambda v: v + "e0",
    "uuid": lambda v: v.replace("-", ""),
    "date": lambda v: v.replace("-", ""),
    "datetime": lambda v: v[:19],
    "time": lambda v: v[:8],
}

#: Invalid samples of the validation draft's `format` names.
BAD_FORMATS: dict[str, tuple[str, ...]] = {
    "ipv4": ("256.0.0.1", "1.2.3", "1.2.3.4.5", "a.b.c.d"),
    "ipv6": ("1:::2", "12345::", "::g"),
    "email": ("a@", "@b.c", "a b@c.d", "plain"),
    "idn-email": ("a@", "@b.c", "plain"),
    "hostname": ("-a.com", "a..b", "a" * 64 + ".com"),
    "idn-hostname": ("-a.com", "a..b"),
    "iri": ("a b", "no-scheme"),
    "iri-reference": ("a b", "%zz"),
    "uri-template": ("{", "{a", "}"),
    "relative-json-pointer": ("/a", "-1", "01"),
    "regex": ("(", "[", "*"),
}


def _length_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    low = node.rules.get("minLength")
    high = node.rules.get("maxLength")
    if node.spec.family != "string" or (low is None and high is None):
        return []
    candidates: list[str] = []
    for n in ([high + 1] if high is not None else []) + ([low - 1] if low else []):
        candidates += [ch * n for ch in ("x", *WIDE)]
    out = [_just(candidates)]
    if high is not None:
        out.append(ctx.values(node, None).map(lambda s: (s + s[-1:] * (high + 1 - len(s)), "")))
    return out


def _pattern_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    """Strings an unanchored search would accept but the entire-value rule does not."""
    if node.spec.family != "string" or not isinstance(node.rules.get("pattern"), str):
        return []
    matching = ctx.values(node, None)
    return [
        st.builds(
            lambda s, wrap: (wrap.replace("S", s), ""),
            matching,
            st.sampled_from(("xS", "Sx", "S\n", " S", "-S-", "S!", "\nS")),
        ),
        _just(["", "\n", " ", "🚀"]),
    ]


def _items_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    family = node.spec.family
    out: list[Placed] = []
    if family == "tuple":
        valid = ctx.values(node, None)
        out.append(valid.filter(bool).map(lambda t: (t[:-1], "")))
        out.append(valid.map(lambda t: ([*t, t[-1] if t else None], "")))
        return out
    if family not in ("array", "set") or node.items is None:
        return out
    item = ctx.values(node.items, None)
    unique = family == "set" or node.rules.get("uniqueItems") is True
    key = json_key if unique else None
    low = node.rules.get("minItems")
    high = node.rules.get("maxItems")
    for n in ([high + 1] if high is not None else []) + ([low - 1] if low else []):
        out.append(st.lists(item, min_size=n, max_size=n, unique_by=key).map(lambda v: (v, "")))
    if unique:
        out.append(
            st.lists(item, min_size=1, max_size=4, unique_by=json_key).flatmap(
                lambda v: st.integers(0, len(v) - 1).map(
                    lambda i: ([*v, v[i]], pointer_join("", len(v)))
                )
            )
        )
    if isinstance(node.rules.get("contains"), Node):
        contains = node.rules["contains"]
        out.append(st.lists(item, max_size=4).map(lambda v: (v, "")))
        high_c = node.rules.get("maxContains")
        if high_c is not None:
            n = high_c + 1
            out.append(
                st.lists(ctx.values(contains, None), min_size=n, max_size=n).map(lambda v: (v, ""))
            )
    return out


def _entries_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    family = node.spec.family
    if family not in ("object", "map"):
        return []
    out: list[Placed] = []
    valid = ctx.values(node, None)
    low_key, high_key = (
        ("minEntries", "maxEntries")
        if family == "map"
        else (
            "minProperties",
            "maxProperties",
        )
    )
    high = node.rules.get(high_key)
    low = node.rules.get(low_key)
    names = unknown_name(node) if family == "object" else st.text(max_size=6)
    schema = node.rules.get("values") if family == "map" else node.additional_properties
    value = ctx.values(schema, None) if isinstance(schema, Node) else _json(2)
    if high is not None:
        extra = st.dictionaries(names, value, min_size=high + 1, max_size=high + 1)
        out.append(st.builds(lambda v, e: ({**e, **v}, ""), valid, extra))
    if low:
        out.append(valid.map(lambda v: (dict(list(v.items())[: low - 1]), "")))
    schema = node.rules.get("keyNames" if family == "map" else "propertyNames")
    if isinstance(schema, Node):
        bad_names = st.text(max_size=8).filter(lambda k: not admits(schema, k))
        out.append(
            st.builds(lambda v, k, x: ({**v, k: x}, pointer_join("", k)), valid, bad_names, value)
        )
    if isinstance(node.rules.get("has"), Node):
        out.append(valid.map(lambda v: (v, "")))
        out.append(_just([{}]))
    return out


def _additional_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    """A member added to a closed object."""
    if node.spec.family != "object" or node.additional_properties is not False:
        return []
    return [
        st.builds(
            lambda v, name, x: ({**v, name: x}, pointer_join("", name)),
            ctx.values(node, None),
            unknown_name(node),
            _json(2),
        )
    ]


def _composition_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    """Each composition keyword's failure: values of the node without it, and of its
    branches (and of `not`'s schema), most of which break it; the label check keeps those
    that break only it."""
    if not set(node.rules) & set(COMPOSITION):
        return []
    bare = node.having(**{k: None for k in (*COMPOSITION, "then", "else")})
    base = ctx.values(bare, None)
    options = [base]
    branches = _branches(node)
    if "not" in node.rules:
        branches.append(node.rules["not"])
    for branch in branches:
        options.append(st.builds(_merge, base, ctx.values(branch, None)))
    return [st.one_of(options).map(lambda v: (v, ""))]


def _required_mutants(node: Node, ctx: Ctx) -> list[Placed]:
    if node.spec.family != "object":
        return []
    out: list[Placed] = []
    valid = ctx.values(node, None)
    names = node.rules.get("required", ())
    flat = list(dict.fromkeys(n for g in names for n in (g if isinstance(g, tuple) else (g,))))
    if flat:

        def drop(v: dict[str, Any], name: str) -> tuple[Any, str]:
            return ({k: x for k, x in v.items() if k != name}, pointer_join("", name))

        out.append(st.builds(drop, valid, st.sampled_from(flat)))
    for trigger, needed in node.rules.get("dependentRequired", {}).items():
        child = node.properties.get(trigger)
        value = ctx.values(child, None) if child is not None else _json(1)
        for name in needed:
            out.append(
                st.builds(
                    lambda v, x, t=trigger, n=name: (
                        {**{k: y for k, y in v.items() if k != n}, t: x},
                        pointer_join("", n),
                    ),
                    valid,
                    value,
                )
            )
    return out


def _integer_lexical_mutants(node: Node) -> list[Placed]:
    if node.spec.family != "integer":
        return []
    listed = [node.rules["const"]] if "const" in node.rules else list(node.enum or ())
    if listed:
        ints = [float(v) for v in listed if isinstance(v, int) and not isinstance(v, bool)]
        return [_just(ints)] if ints else []
    low, high = _integer_bounds(node)
    return [st.integers(low, min(high, low + 10**6)).map(lambda v: (float(v), ""))]


Mutator = Callable[[Node, Ctx], list[Placed]]

#: category -> the invalid values a node's own rules give, for every category of the table.
#: `defaults` and `unknown-properties` have none, on purpose: a default is a valid value and
#: omitting it is valid; an undeclared member of an open object is valid in the suite's stance
#: (a closed object's is `additional-properties`).
MUTATORS: dict[str, Mutator | None] = {
    "required": _required_mutants,
    "enum": _enum_mutants,
    "minimum": lambda n, c: _bound_mutants(n, lower=True),
    "maximum": lambda n, c: _bound_mutants(n, lower=False),
    "multiple-of": lambda n, c: _multiple_mutants(n),
    "type": _type_mutants,
    "range": lambda n, c: _range_mutants(n),
    "format": _lexical_mutants,
    "length": _length_mutants,
    "pattern": _pattern_mutants,
    "items": _items_mutants,
    "entries": _entries_mutants,
    "additional-properties": _additional_mutants,
    "composition": _composition_mutants,
    "defaults": None,
    "integer-lexical": lambda n, c: _integer_lexical_mutants(n),
    "unknown-properties": None,
}


_BREAK_ALONE = frozenset({"type", "format", "composition"})


def node_mutants(node: Node, category: str, ctx: Ctx, depth: int = 0) -> Placed | None:
    """Invalid values of a node for one category, its own and its descendants' (placed in a
    valid instance of each container), with the pointer of the offending value."""
    mutator = MUTATORS[category]
    if mutator is None or node.abstract or depth > 12:
        return None
    composed = bool(set(node.rules) & set(COMPOSITION))
    # a composed node checks its branches too: only a wrong type or lexical form (which stop
    # the checking) or the composition itself break exactly one rule there
    own = not composed or category in _BREAK_ALONE
    if node.enum is not None or "const" in node.rules:
        own = category in _BREAK_ALONE | {"enum", "integer-lexical"}
    options = list(mutator(node, ctx)) if own else []
    family = node.spec.family
    if not node.union:
        options += _nested(node, family, category, ctx, depth)
    return st.one_of(options) if options else None


def _nested(node: Node, family: str, category: str, ctx: Ctx, depth: int) -> list[Placed]:
    out: list[Placed] = []

    def inner(child: Node) -> Placed | None:
        return node_mutants(child, category, ctx, depth + 1)

    if family == "object":
        valid = ctx.values(node, None)
        for name, child in node.properties.items():
            if (m := inner(child)) is not None:
                out.append(st.builds(_put(name), valid, m))
        extra = node.additional_properties
        if isinstance(extra, Node) and (m := inner(extra)) is not None:
            out.append(st.builds(lambda v, k, p: _put(k)(v, p), valid, unknown_name(node), m))
        for source, schema in node.rules.get("patternProperties", {}).items():
            named = _from_pattern(source)
            if named is not None and (m := inner(schema)) is not None:
                out.append(st.builds(lambda v, k, p: _put(k)(v, p), valid, named, m))
    elif family in ("array", "set") and node.items is not None:
        if (m := inner(node.items)) is not None:
            pad = st.lists(ctx.values(node.items, None), max_size=3)
            out.append(
                st.builds(lambda p, x: ([*p, x[0]], pointer_join("", len(p)) + x[1]), pad, m)
            )
    elif family == "tuple":
        order = [n for n in node.rules.get("tuple", ()) if n in node.properties]
        valid = ctx.values(node, None)
        for index, name in enumerate(order):
            if (m := inner(node.properties[name])) is not None:
                out.append(st.builds(_put_index(index), valid, m))
    elif family == "map" and isinstance(node.rules.get("values"), Node):
        if (m := inner(node.rules["values"])) is not None:
            names = node.rules.get("keyNames")
            keys = ctx.values(names, None) if isinstance(names, Node) else st.text(max_size=6)
            valid = ctx.values(node, None)
            out.append(st.builds(lambda v, k, p: _put(k)(v, p), valid, keys, m))
    elif family == "choice":
        selector = node.rules.get("selector")
        for tag, branch in node.rules.get("choices", {}).items():
            if (m := inner(branch)) is None:
                continue
            if isinstance(selector, str) and "$extends" in node.rules:
                out.append(m.filter(_is_object).map(_select(selector, tag)))
            else:
                out.append(m.map(_tag(tag)))
    return out


def _is_object(placed: tuple[Any, str]) -> bool:
    return isinstance(placed[0], dict)


def _select(selector: str, tag: str) -> Callable[[Any], Any]:
    """A valid (or placed) inline-choice value with its selector set to `tag`."""

    def select(value: Any) -> Any:
        if isinstance(value, tuple):
            return ({**value[0], selector: tag}, value[1])
        return {**value, selector: tag}

    return select


def _tag(tag: str) -> Callable[[tuple[Any, str]], tuple[Any, str]]:
    return lambda placed: ({tag: placed[0]}, pointer_join("", tag) + placed[1])


def _put(name: str) -> Callable[[Any, tuple[Any, str]], tuple[Any, str]]:
    def put(valid: Any, placed: tuple[Any, str]) -> tuple[Any, str]:
        value, rel = placed
        return {**valid, name: value}, pointer_join("", name) + rel

    return put


def _put_index(index: int) -> Callable[[Any, tuple[Any, str]], tuple[Any, str]]:
    def put(valid: Any, placed: tuple[Any, str]) -> tuple[Any, str]:
        value, rel = placed
        out = list(valid)
        out[index] = value
        return out, pointer_join("", index) + rel

    return put


assert set(GENERATORS) == {spec.family for spec in TYPES.values()}
assert set(MUTATORS) == set(ALL) == set(EXERCISES)
