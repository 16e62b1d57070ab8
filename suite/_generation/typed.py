"""Generation for every type and keyword beyond the seed's subset: valid values.

`GENERATORS` maps each type family to a strategy of valid values that leans on the family's
edges (bounds, lexical corner cases, sizes at their limits, characters outside the BMP);
`EXERCISES` says, for every category, which nodes its valid focus concerns. The mutants live
in `_mutate_types`, the sample values both draw from in `_samples`.

Nodes of the seed's shape (`seed_shaped`) never come here: they draw exactly as they always
have, so the seed's generated cases stay the same.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import currently_in_test_context
from hypothesis import strategies as st

from .._generation.draw import draw_examples, sub_seed
from .._generation.samples import FORMAT_SAMPLES, LEXICAL_EDGES, ODD_KEYS, WIDE
from .._model import regex as _regex
from .._model.categories import ALL
from .._model.reference import validate_node
from .._model.structure import Node
from .._model.types import TYPES
from .._model.values import json_key

Strategy = st.SearchStrategy[Any]


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


def sound_default(node: Node) -> bool:
    """Whether a node's default is one of its own valid values: a default the node rejects
    (lint's `default-nonconforming`) is never offered as a valid instance."""
    return node.has_default and admits(node, node.default)


def sound_enum(node: Node) -> tuple[Any, ...]:
    """The enum members the node admits: one of another type (lint's `enum-value-type`) is
    never offered as a valid instance."""
    return tuple(value for value in node.enum or () if admits(node, value))


# --- what each category's valid focus exercises -----------------------------------------------


def _has(*keys: str) -> Callable[[Node], bool]:
    return lambda n: any(k in n.rules for k in keys)


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
    (seed-shaped ones through the old paths), objects, enum near misses, and for the sweep
    of edge mutants the plain valid value of a node and one fixed example of a strategy
    (the first it draws for seed 0)."""

    values: Sub
    objects: Objects
    near_misses: Callable[[Node], Strategy]
    plain: Callable[[Node], Any]
    example: Callable[[Strategy], Any]


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


#: A bound more than this far above the least size is drawn at only in its own category's
#: sets (`length`, `items`, `entries`): a 256-character string or a map of fifty entries in
#: every instance of every set cost most of the drawing time and tested nothing else.
SMALL = 8


def _upper(low: int, high: int | None, focus: str | None, category: str) -> int | None:
    """The upper bound a set draws towards: the node's own, unless it is far and the set is
    about another category (then None: sizes stay near the least)."""
    if high is None or high <= low + SMALL or focus == category:
        return high
    return None


def _sizes(low: int, high: int | None) -> list[tuple[int, int]]:
    """Collection sizes to draw: the least, a range, and the most (when bounded)."""
    if high is None:
        return [(low, low), (low, low + 4)]
    return [(low, low), (low, high), (high, high)]


def _string(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    low = node.rules.get("minLength", 0)
    high = _upper(low, node.rules.get("maxLength"), focus, "length")
    options: list[Strategy] = []
    source = node.rules.get("pattern")
    if isinstance(source, str):
        matching = _from_pattern(source)
        if matching is not None:
            fresh = matching.filter(lambda s: admits(node, s))
            pool = "pattern:" + shape(node)  # (not the node's own pool, `part`)
            options.append(fresh if focus in FRESH else pooled(pool, lambda: fresh))
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


#: A pseudo-focus: every value drawn afresh, for a unique collection that may need more
#: distinct values than a pool holds (a set one past `maxItems`, keys past `maxEntries`).
DISTINCT = "distinct"
#: The sets that draw a patterned string from its pattern every time.
FRESH = frozenset({"pattern", DISTINCT})
#: Values drawn once per node and reused where a set's focus is elsewhere (`pooled`).
POOL = 16
_POOLS: dict[str, tuple[Any, ...]] = {}


def pooled(
    key: str, fresh: Callable[[], Strategy], source: Callable[[], Strategy] | None = None
) -> Strategy:
    """One of `POOL` values drawn once from `source()` (default: `fresh()`), smallest first
    so that shrinking moves towards it; `fresh()` itself when the pool cannot stand in (built
    only then: a pooled member's strategy is never built again).

    Why: a set leans on one category, yet every part of its instances it does not concern
    was drawn afresh, at a cost that grows with the structure (`from_regex` draws a choice
    per character; a job has dozens of members). A pool keeps those parts varied for the
    price of one choice. It is drawn with a fixed seed per key, so it is the same in every
    process and order. A node with fewer than `POOL` distinct values is cheap to draw and
    keeps drawing afresh (a pool would also bound how many distinct values a unique
    collection of it could hold); so does a strategy built while Hypothesis draws.
    """
    pool = _POOLS.get(key)
    if pool is None:
        if currently_in_test_context():
            return fresh()
        drawn = draw_examples((source or fresh)(), POOL, sub_seed(0, "pool", key))
        pool = _POOLS[key] = tuple(sorted(drawn, key=_size_then_text))
    if len(pool) < POOL:
        return fresh()
    return st.sampled_from(pool).map(copy.deepcopy)


def _size_then_text(value: Any) -> tuple[int, str]:
    text = json.dumps(value, sort_keys=True)
    return len(text), text


#: Sets whose focus is about the object around a member (which members are present), or
#: that draw everything afresh: no part of their instances comes from a pool.
NOT_POOLED = frozenset({"type", "required", "defaults", "unknown-properties", DISTINCT})


def part(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    """A part of an instance beyond the seed's shape (an object's member, an array's item,
    a map's value): drawn afresh where the set's focus concerns it, else from its pool
    (`pooled`). A mutant's valid surroundings (focus None) come from the pools too; the
    mutated part itself is drawn by its mutator."""
    if focus in NOT_POOLED or (focus is not None and focus_applies(node, focus)):
        return ctx.values(node, focus)
    return pooled(shape(node), lambda: ctx.values(node, focus), lambda: ctx.values(node, None))


# --- collections larger than a pool -----------------------------------------------------------

_FIXED: dict[tuple[str, str, int], list[Any]] = {}


def fixed_items(node: Node, ctx: Ctx, count: int) -> list[Any]:
    """`count` distinct valid items of an array or set, drawn once (seed 0) per shape."""
    assert node.items is not None
    key = ("items", shape(node), count)
    if key not in _FIXED:
        items = part(node.items, DISTINCT, ctx)
        _FIXED[key] = ctx.example(
            st.lists(items, min_size=count, max_size=count, unique_by=json_key)
        )
    return _FIXED[key]


def fixed_names(node: Node, ctx: Ctx, names: Strategy, count: int) -> list[Any]:
    """`count` distinct member names a map or object admits, drawn once (seed 0) per shape."""
    key = ("names", shape(node), count)
    if key not in _FIXED:
        _FIXED[key] = ctx.example(st.lists(names, min_size=count, max_size=count, unique=True))
    return _FIXED[key]


def completed(drawn: list[Any], fixed: list[Any], count: int) -> list[Any]:
    """`drawn`, then items of `fixed` it lacks (copies), up to `count` distinct items."""
    seen = {json_key(v) for v in drawn}
    out = list(drawn)
    for value in fixed:
        if len(out) >= count:
            break
        if json_key(value) not in seen:
            seen.add(json_key(value))
            out.append(copy.deepcopy(value))
    return out


def completed_map(drawn: dict[str, Any], names: list[Any], values: list[Any], count: int) -> Any:
    """`drawn`, then members named from `names` it lacks, up to `count` members."""
    out = dict(drawn)
    for name, value in zip(names, values, strict=False):
        if len(out) >= count:
            break
        out.setdefault(name, value)
    return out


def _fixed(make: Callable[[], list[Any]]) -> list[Any] | None:
    """A fixed list drawn once (`fixed_items`, `fixed_names`), or None where none can be:
    while Hypothesis draws (no nested drawing), or when no such values exist."""
    if currently_in_test_context():
        return None
    try:
        return make()
    except ValueError:
        return None


def sized_list(node: Node, ctx: Ctx, item: Strategy, low: int, high: int, unique: bool) -> Strategy:
    """Lists of `low` to `high` valid items (distinct ones for a set).

    A set that may hold more than a pool is a drawn one completed from a fixed list of
    distinct items (`fixed_items`): drawing each of them afresh (seventeen patterned strings)
    cost most of an `items` set, and only their count is at stake. Where no fixed list can
    be had, they are drawn afresh (`DISTINCT`), never from a pool too small for them.
    """
    assert node.items is not None
    key = json_key if unique else None
    if not unique or high <= POOL:
        return st.lists(item, min_size=low, max_size=high, unique_by=key)
    fixed = _fixed(lambda: fixed_items(node, ctx, high))
    if fixed is None:
        distinct = part(node.items, DISTINCT, ctx)
        return st.lists(distinct, min_size=low, max_size=high, unique_by=key)
    drawn = st.lists(item, max_size=POOL, unique_by=json_key)
    if low == high:
        return drawn.map(lambda v: completed(v, fixed, high))
    return st.builds(lambda v, n: completed(v, fixed, n), drawn, st.integers(low, high))


def sized_map(
    node: Node,
    ctx: Ctx,
    keys: Callable[[str | None], Strategy],
    value: Strategy,
    low: int,
    high: int,
    leaning: str | None = None,
) -> Strategy:
    """Maps (members) of `low` to `high` entries named by `keys(focus)`, valid values.

    One that may hold more than a pool is a drawn one completed from a fixed list of
    distinct names (`fixed_names`) with drawn values: drawing fifty distinct names afresh
    cost most of an `entries` set, and only their count is at stake. Where no fixed list
    can be had, the names are drawn afresh (`DISTINCT`).
    """
    if high <= POOL:
        return st.dictionaries(keys(leaning), value, min_size=low, max_size=high)
    fixed = _fixed(lambda: fixed_names(node, ctx, keys(DISTINCT), high))
    if fixed is None:
        return st.dictionaries(keys(DISTINCT), value, min_size=low, max_size=high)
    return st.builds(
        lambda d, vs, n: completed_map(d, fixed, vs, n),
        st.dictionaries(keys(leaning), value, max_size=POOL),
        st.lists(value, min_size=high, max_size=high),
        st.integers(low, high),
    )


_SHAPES: dict[int, tuple[Node, str]] = {}


def shape(node: Node) -> str:
    """What a node admits, without where it sits: the same for a member every job inherits
    from `JobBase`, so that they share one pool.

    A digest of the node's own keywords with each schema inside it standing as its own
    digest, kept per node: the text of the whole shape grew about fourfold per level of
    nesting (a referenced definition appears at each place that names it), a hundred
    million characters at sixteen levels."""
    hit = _SHAPES.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    parts = (node.rules, node.properties, node.items, node.union)
    own = repr(("node", node.type, node.abstract, *(_shape(p) for p in parts)))
    key = hashlib.blake2b(own.encode(), digest_size=16).hexdigest()
    _SHAPES[id(node)] = (node, key)
    return key


def _shape(value: Any) -> Any:
    if isinstance(value, Node):
        return ("shape", shape(value))
    if isinstance(value, Mapping):
        return tuple((k, _shape(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_shape(v) for v in value)
    return repr(value)


@functools.lru_cache(maxsize=256)
def _from_pattern(source: str) -> Strategy | None:
    """Strings the pattern accepts entirely (validation, "pattern"), drawn from its Python
    translation; None when Python's `re` cannot read the translation. One strategy per
    pattern: Hypothesis builds a regex's strategy on its first draw, once per object."""
    try:
        python_source = _regex.compile_pattern(source).python_source
        re.compile(python_source)
    except (_regex.PatternError, re.error):
        return None
    return st.from_regex(python_source, fullmatch=True)


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
    return _one_of([*_sampled(node, list(LEXICAL_EDGES[name])), _DRAWN_LEXICAL[name]])


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


def json_values(max_leaves: int = 6) -> Strategy:
    """Any JSON value, small: for `any` and for members no schema describes."""
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
        return st.lists(json_values(3), max_size=4)
    low = node.rules.get("minItems", 0)
    high = _upper(low, node.rules.get("maxItems"), focus, "items")
    unique = node.spec.family == "set" or node.rules.get("uniqueItems") is True
    key = json_key if unique else None
    need = node.rules.get("minContains", 1)
    # more distinct items than a pool holds: all drawn afresh
    many = unique and need > POOL
    item = part(node.items, focus, ctx)
    options = [sized_list(node, ctx, item, a, b, unique) for a, b in _sizes(low, high)]
    contains = node.rules.get("contains")
    if isinstance(contains, Node):
        base = st.lists(item, max_size=2, unique_by=key)
        extra = ctx.values(contains, DISTINCT if many else None)
        options.append(
            st.builds(
                lambda b, extra: b + extra,
                base,
                st.lists(extra, min_size=need, max_size=need, unique_by=key),
            )
        )
    return st.one_of(options)


def _tuple(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    order = [n for n in node.rules.get("tuple", ()) if n in node.properties]
    return st.tuples(*(ctx.values(node.properties[n], focus) for n in order)).map(list)


def _map(node: Node, focus: str | None, ctx: Ctx) -> Strategy:
    low = node.rules.get("minEntries", 0)
    high = _upper(low, node.rules.get("maxEntries"), focus, "entries")
    names = node.rules.get("keyNames")
    # keys are the `entries` category's (keyNames): in its sets, and in `length`'s, they
    # lean on their own length edges like any string there
    leaning = "length" if focus in ("entries", "length") else None

    def keys(focus: str | None) -> Strategy:
        if isinstance(names, Node):
            return ctx.values(names, focus)
        return st.one_of(st.sampled_from(ODD_KEYS), st.text(max_size=8))

    schema = node.rules.get("values")
    value = part(schema, focus, ctx) if isinstance(schema, Node) else json_values(3)
    return st.one_of(
        [sized_map(node, ctx, keys, value, a, b, leaning) for a, b in _sizes(low, high)]
    )


def unknown_name(node: Node) -> Strategy:
    """A member name the object neither declares nor selects by `patternProperties`."""
    patterns = list(node.rules.get("patternProperties", {}))
    from .._model.lexical import search

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
        value = ctx.values(extra_rule, None) if isinstance(extra_rule, Node) else json_values(2)
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
    "any": lambda n, f, c: json_values(),
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


def _spell(node: Node, value: Decimal) -> Any:
    """A number in the node's own representation: a string for string-encoded types."""
    family = node.spec.family
    if family == "big-integer":
        return str(int(value))
    if family == "decimal":
        return _decimal_text(value)
    return _as_json_number(value)


assert set(GENERATORS) == {spec.family for spec in TYPES.values()}
assert set(EXERCISES) == set(ALL)
