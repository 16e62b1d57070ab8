"""Valid values of any node: one generator for every type and keyword of the model.

`values` is the one entry point: a node's default, its union members, its `const` or `enum`,
its composition, or its type family's generator (`GENERATORS`), which leans on the family's
edges (bounds, lexical corner cases, sizes at their limits, characters outside the BMP). The
scalar families' strategies live in `scalars`, the mutants in `mutants`, the sample values
both draw from in `samples`. Which categories a node's valid values exercise is derived from
the keyword table (`exercises`).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from hypothesis import currently_in_test_context
from hypothesis import strategies as st

from .._generation import scalars as _scalars
from .._generation.draw import draw_examples, sub_seed
from .._generation.scalars import from_pattern, json_values, one_of, sampled
from .._model.keywords import KEYWORDS, PROPOSED
from .._model.node import reachable
from .._model.reference import DOCUMENT_SCHEMA, admits
from .._model.samples import FORMAT_SAMPLES, ODD_KEYS, WIDE
from .._model.structure import Node
from .._model.types import TYPES
from .._model.values import json_key

Strategy = st.SearchStrategy[Any]

#: The composition keywords (conditional-composition draft) that hold branches.
COMPOSITION = tuple(k.name for k in KEYWORDS.values() if k.draft == "composition" and k.check)


# --- what each category's valid focus exercises, from the keyword and type tables ------------

#: Categories no node's valid values exercise on their own: every integer literal is the
#: valid side of `integer-lexical` (drawn by `range` and `type`); `unknown-properties` is
#: about the definition's own object (`focus_applies`).
NOT_EXERCISED = frozenset({"integer-lexical", "unknown-properties"})


def sound_default(node: Node) -> bool:
    """Whether a node's default is one of its own valid values: a default the node rejects
    (lint's `default-nonconforming`) is never offered as a valid instance."""
    return node.has_default and admits(node, node.default)


def distinct_at_most(node: Node) -> int | None:
    """How many distinct valid values a node has, where they are few and listed (`const`,
    `enum`, `boolean`, `null`); None where they are not counted. A unique collection of
    them holds no more items than that, however long its rules let it be."""
    if "const" in node.rules or node.spec.family == "null":
        return 1
    if node.enum is not None:
        return len({json_key(v) for v in node.enum if admits(node, v)})
    if node.spec.family == "boolean":
        return 2
    return None


def exercises(node: Node, category: str) -> bool:
    """Whether a node's valid values exercise a category: every node `type`; the type's own
    rules (`TypeSpec.exercises`: a range, a lexical form, set uniqueness, tuple arity); each
    keyword it holds, by the keyword table's category (and `Keyword.exercises`)."""
    if category in NOT_EXERCISED:
        return False
    if category == "type" or category in node.spec.exercises:
        return True
    for name, value in node.rules.items():
        keyword = KEYWORDS.get(name)
        if (
            keyword is not None
            and keyword.category == category
            and (keyword.exercises is None or keyword.exercises(value))
        ):
            return True
    return False


def focus_applies(node: Node, focus: str) -> bool:
    """Whether a definition has valid values of a category's focus to draw."""
    if focus == "required":  # (its valid focus leaves the definition's optional members out)
        return exercises(node, "required")
    if focus == "unknown-properties":
        return node.type == "object" and node.additional_properties is None
    return any(exercises(n, focus) for n in reachable(node))


# --- the one generator ------------------------------------------------------------------------


def values(node: Node, focus: str | None = None) -> Strategy:
    """Valid values of a node; `focus` leans generation towards one category's edge cases."""
    drawn = type_values(node, focus)
    return st.one_of(st.just(node.default), drawn) if sound_default(node) else drawn


def type_values(node: Node, focus: str | None) -> Strategy:
    """Valid values of a node, its default aside."""
    if node.abstract:
        return st.nothing()
    if node.union:
        return st.one_of([values(m, focus) for m in node.union]).filter(lambda v: admits(node, v))
    if "const" in node.rules:
        return st.just(node.rules["const"]).map(copy.deepcopy)
    if node.enum is not None:
        return one_of(sampled(node, list(node.enum)))
    if set(node.rules) & set(COMPOSITION):
        return _composed(node, focus)
    drawn = GENERATORS[node.spec.family](node, focus)
    if set(node.rules) & PROPOSED:
        drawn = drawn.filter(lambda v: admits(node, v))
    return drawn


def example(strategy: Strategy) -> Any:
    """The first example a strategy draws for seed 0 (a fixed one: pools, the sweep)."""
    drawn = draw_examples(strategy, 1, 0)
    if not drawn:
        raise ValueError("no example could be drawn")
    return drawn[0]


def first_value(node: Node) -> Any:
    """The first valid value drawn for a node with seed 0 (where no simple value fits)."""
    return example(values(node))


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


def _string(node: Node, focus: str | None) -> Strategy:
    low = node.rules.get("minLength", 0)
    high = _upper(low, node.rules.get("maxLength"), focus, "length")
    options: list[Strategy] = []
    source = node.rules.get("pattern")
    if isinstance(source, str):
        matching = from_pattern(source)
        if matching is not None:
            fresh = matching.filter(lambda s: admits(node, s))
            pool = "pattern:" + shape(node)  # (not the node's own pool, `part`)
            options.append(fresh if focus in FRESH else pooled(pool, lambda: fresh))
    name = node.rules.get("format")
    if isinstance(name, str) and name in FORMAT_SAMPLES:
        options += sampled(node, list(FORMAT_SAMPLES[name]))
    edges: list[str] = ["", "x", " ", "\u0000", "🚀"]
    for n in {low, high} - {None}:
        assert isinstance(n, int)
        for ch in ("x", *WIDE):
            edges.append(ch * n)
        if n:
            edges.append("x" * (n - 1) + "🚀")
    options += sampled(node, edges)
    if not (source or name):
        top = high if high is not None else low + 20
        options.append(st.text(st.characters(codec="utf-8"), min_size=low, max_size=top))
        options.append(
            st.text(st.sampled_from(WIDE), min_size=low, max_size=top)
        )  # many code points, more bytes and UTF-16 units
    return one_of(options)


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


def part(node: Node, focus: str | None) -> Strategy:
    """A part of an instance (an object's member, an array's item, a map's value): drawn
    afresh where the set's focus concerns it, else from its pool (`pooled`). A mutant's
    valid surroundings (focus None) come from the pools too; the mutated part itself is
    drawn by its mutator."""
    if focus in NOT_POOLED or (focus is not None and focus_applies(node, focus)):
        return values(node, focus)
    return pooled(shape(node), lambda: values(node, focus), lambda: values(node, None))


# --- collections larger than a pool -----------------------------------------------------------

_FIXED: dict[tuple[str, str, int], list[Any]] = {}


def fixed_items(node: Node, count: int) -> list[Any]:
    """`count` distinct valid items of an array or set, drawn once (seed 0) per shape."""
    assert node.items is not None
    key = ("items", shape(node), count)
    if key not in _FIXED:
        items = part(node.items, DISTINCT)
        _FIXED[key] = example(st.lists(items, min_size=count, max_size=count, unique_by=json_key))
    return _FIXED[key]


def fixed_names(node: Node, names: Strategy, count: int) -> list[Any]:
    """`count` distinct member names a map or object admits, drawn once (seed 0) per shape."""
    key = ("names", shape(node), count)
    if key not in _FIXED:
        _FIXED[key] = example(st.lists(names, min_size=count, max_size=count, unique=True))
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


def sized_list(node: Node, item: Strategy, low: int, high: int, unique: bool) -> Strategy:
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
    fixed = _fixed(lambda: fixed_items(node, high))
    if fixed is None:
        distinct = part(node.items, DISTINCT)
        return st.lists(distinct, min_size=low, max_size=high, unique_by=key)
    drawn = st.lists(item, max_size=POOL, unique_by=json_key)
    if low == high:
        return drawn.map(lambda v: completed(v, fixed, high))
    return st.builds(lambda v, n: completed(v, fixed, n), drawn, st.integers(low, high))


def sized_map(
    node: Node,
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
    fixed = _fixed(lambda: fixed_names(node, keys(DISTINCT), high))
    if fixed is None:
        return st.dictionaries(keys(DISTINCT), value, min_size=low, max_size=high)
    return st.builds(
        lambda d, vs, n: completed_map(d, fixed, vs, n),
        st.dictionaries(keys(leaning), value, max_size=POOL),
        st.lists(value, min_size=high, max_size=high),
        st.integers(low, high),
    )


def shape(node: Node) -> str:
    """What a node admits, without where it sits: the same for a member every job inherits
    from `JobBase`, so that they share one pool.

    A digest of the node's own keywords with each schema inside it standing as its own
    digest, kept per node: the text of the whole shape grew about fourfold per level of
    nesting (a referenced definition appears at each place that names it), a hundred
    million characters at sixteen levels."""
    memo = node.memo
    if "shape" in memo:
        return memo["shape"]  # type: ignore[no-any-return]
    parts = (node.rules, node.properties, node.items, node.union)
    own = repr(("node", node.type, node.abstract, *(_shape(p) for p in parts)))
    key = hashlib.blake2b(own.encode(), digest_size=16).hexdigest()
    memo["shape"] = key
    return key


def _shape(value: Any) -> Any:
    if isinstance(value, Node):
        return ("shape", shape(value))
    if isinstance(value, Mapping):
        return tuple((k, _shape(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_shape(v) for v in value)
    return repr(value)


def _sequence(node: Node, focus: str | None) -> Strategy:
    if node.items is None:
        return st.lists(json_values(3), max_size=4)
    low = node.rules.get("minItems", 0)
    high = _upper(low, node.rules.get("maxItems"), focus, "items")
    unique = node.spec.family == "set" or node.rules.get("uniqueItems") is True
    key = json_key if unique else None
    need = node.rules.get("minContains", 1)
    # more distinct items than a pool holds: all drawn afresh
    many = unique and need > POOL
    item = part(node.items, focus)
    few = distinct_at_most(node.items) if unique else None
    if few is not None:  # a set of an enum's values holds no more items than the enum has
        high = min(high, few) if high is not None else few
    options = [sized_list(node, item, a, b, unique) for a, b in _sizes(low, high)]
    if "maxItems" not in node.rules and focus in ("type", "items") and few is None:
        # long arrays where nothing bounds their length: what a validator that caps lengths
        # refuses (in the sets about the type and about items only: they cost drawing time)
        options.append(sized_list(node, item, low + 11, low + 40, unique))
    contains = node.rules.get("contains")
    if isinstance(contains, Node):
        base = st.lists(item, max_size=2, unique_by=key)
        extra = values(contains, DISTINCT if many else None)
        options.append(
            st.builds(
                lambda b, extra: b + extra,
                base,
                st.lists(extra, min_size=need, max_size=need, unique_by=key),
            )
        )
    return st.one_of(options)


def _tuple(node: Node, focus: str | None) -> Strategy:
    order = [n for n in node.rules.get("tuple", ()) if n in node.properties]
    return st.tuples(*(values(node.properties[n], focus) for n in order)).map(list)


def _map(node: Node, focus: str | None) -> Strategy:
    low = node.rules.get("minEntries", 0)
    high = _upper(low, node.rules.get("maxEntries"), focus, "entries")
    names = node.rules.get("keyNames")
    # keys are the `entries` category's (keyNames): in its sets, and in `length`'s, they
    # lean on their own length edges like any string there
    leaning = "length" if focus in ("entries", "length") else None

    def keys(focus: str | None) -> Strategy:
        if isinstance(names, Node):
            return values(names, focus)
        return st.one_of(st.sampled_from(ODD_KEYS), st.text(max_size=8))

    schema = node.rules.get("values")
    value = part(schema, focus) if isinstance(schema, Node) else json_values(3)
    return st.one_of([sized_map(node, keys, value, a, b, leaning) for a, b in _sizes(low, high)])


def unknown_name(node: Node) -> Strategy:
    """A member name the object neither declares nor selects by `patternProperties`, and
    not `$schema`, which at a document's root names its structure (docs/STANCE.md)."""
    return st.one_of(st.sampled_from(("extra", "zz", "é", "🚀", "")), st.text(max_size=8)).filter(
        lambda name: name != DOCUMENT_SCHEMA and not node.declares(name)
    )


def _object(node: Node, focus: str | None) -> Strategy:
    required = node.rules.get("required", ())
    if required and isinstance(required[0], tuple):
        # alternative sets (core, "required"): one set complete, checked by the reference
        return st.one_of(
            [_object(node.having(required=names), focus) for names in required]
        ).filter(lambda v: admits(node, v))
    base = _members(node, focus)
    extra_rule = node.additional_properties
    low = node.rules.get("minProperties", 0)
    if isinstance(extra_rule, Node) or (extra_rule is None and low > len(node.properties)):
        value = values(extra_rule, None) if isinstance(extra_rule, Node) else json_values(2)
        least = 1 if focus == "additional-properties" else 0
        least = max(least, low - len(node.properties))
        extras = st.dictionaries(unknown_name(node), value, min_size=least, max_size=least + 2)
        base = st.builds(lambda b, e: {**e, **b}, base, extras)
    options = [base]
    for source, schema in node.rules.get("patternProperties", {}).items():
        named = from_pattern(source)
        if named is not None:
            options.append(
                st.builds(
                    lambda b, k, v: {**b, k: v} if k not in node.properties else b,
                    base,
                    named,
                    values(schema, None),
                )
            )
    return st.one_of(options)


def _choice(node: Node, focus: str | None) -> Strategy:
    options = node.rules.get("choices", {})
    selector = node.rules.get("selector")
    inline = selector is not None and "$extends" in node.rules

    def tagger(tag: str) -> Callable[[Any], Any]:
        if inline:
            return lambda value: {**value, selector: tag} if isinstance(value, dict) else value
        return lambda value: {tag: value}

    return one_of([values(branch, focus).map(tagger(tag)) for tag, branch in options.items()])


Generator = Callable[[Node, "str | None"], Strategy]

#: type family -> valid values leaning on its edges; every family of `types.TYPES` has one.
GENERATORS: dict[str, Generator] = {
    "string": _string,
    "number": _scalars.float_values,
    "boolean": lambda n, f: st.booleans(),
    "null": lambda n, f: st.none(),
    "binary": _scalars.binary_values,
    "integer": _scalars.integer_values,
    "big-integer": _scalars.big_integer_values,
    "float": _scalars.float_values,
    "decimal": _scalars.decimal_values,
    "lexical": _scalars.lexical_values,
    "any": lambda n, f: json_values(),
    "object": _object,
    "array": _sequence,
    "set": _sequence,
    "map": _map,
    "tuple": _tuple,
    "choice": _choice,
}


def _branches(node: Node) -> list[Node]:
    out: list[Node] = []
    for key in ("allOf", "anyOf", "oneOf"):
        out.extend(node.rules.get(key, ()))
    out.extend(node.rules[k] for k in ("if", "then", "else") if k in node.rules)
    return out


def _merge(base: Any, branch: Any) -> Any:
    return {**base, **branch} if isinstance(base, dict) and isinstance(branch, dict) else branch


def _composed(node: Node, focus: str | None) -> Strategy:
    """Composition: values of the node without it and of each branch (merged into an object
    of the node where both are objects), proposed and checked."""
    bare = node.having(**{k: None for k in (*COMPOSITION, "then", "else")})
    base = values(bare, focus)
    options = [base]
    for branch in _branches(node):
        options.append(st.builds(_merge, base, values(branch, None)))
    return st.one_of(options).filter(lambda v: admits(node, v))


def _members(node: Node, focus: str | None) -> Strategy:
    """Objects of the declared members: the required ones always, the optional ones as the
    focus wants them (none for `required`, no defaulted one drawn for `defaults`, which
    adds them back as their defaults), and undeclared ones for `unknown-properties`."""
    sets = node.rules.get("required", ())
    if sets and isinstance(sets[0], tuple):
        return st.one_of([_members(_one_alternative(node, chosen), focus) for chosen in sets])
    required = {
        name: part(node.properties[name], focus) if name in node.properties else json_values()
        for name in node.required
    }
    optional = {
        name: part(child, focus)
        for name, child in node.properties.items()
        if name not in node.required and not (focus == "defaults" and child.has_default)
    }
    short = node.rules.get("minProperties", 0) - len(required)
    if short > 0 and optional:
        # a `minProperties` the required members alone fall short of: optional members,
        # in a drawn order, are made present until it is made up (with the names each
        # brings by `dependentRequired`), in every set (`required`'s included, which
        # otherwise leaves every optional member out); which ones varies, so that no
        # optional member is present in every instance
        strategy = st.permutations(list(optional)).flatmap(
            lambda order: _made_up(node, required, optional, order, short, focus)
        )
    else:
        strategy = st.fixed_dictionaries(required, optional={} if focus == "required" else optional)
    if focus == "defaults":
        defaulted = {
            name: st.just(child.default)
            for name, child in node.properties.items()
            if sound_default(child) and name not in node.required
        }
        strategy = st.builds(
            lambda base, explicit: {**base, **explicit},
            strategy,
            st.fixed_dictionaries({}, optional=defaulted),
        )
    if focus == "unknown-properties" and node.additional_properties is None:
        strategy = st.builds(
            lambda base, extra: {**extra, **base},
            strategy,
            st.dictionaries(unknown_name(node), json_values(3), min_size=1, max_size=3),
        )
    return strategy


def _made_up(
    node: Node,
    required: dict[str, Strategy],
    optional: dict[str, Strategy],
    order: list[str],
    short: int,
    focus: str | None,
) -> Strategy:
    """Objects whose members make up `short` more than the required ones: optional members
    in `order`, each with every name it brings by `dependentRequired` (followed through);
    the rest stay optional, except for `required`'s focus, which leaves them out."""
    brings = node.rules.get("dependentRequired", {})
    present, rest = dict(required), dict(optional)
    for name in order:
        if short <= 0:
            break
        wanted, seen = [name], set()
        while wanted:
            each = wanted.pop()
            if each in seen:
                continue
            seen.add(each)
            wanted.extend(brings.get(each, ()))
            if each in rest:
                present[each] = rest.pop(each)
                short -= 1
    return st.fixed_dictionaries(present, optional={} if focus == "required" else rest)


def _one_alternative(node: Node, chosen: tuple[str, ...]) -> Node:
    """The object with one alternative set of required members (core, "required": exactly
    one set matches): that set required, the members only other sets name left out."""
    others = {n for s in node.rules["required"] for n in s} - set(chosen)
    kept = {name: child for name, child in node.properties.items() if name not in others}
    rules = {**node.rules, "required": chosen, "properties": kept}
    return replace(node, properties=kept, rules=rules)


assert set(GENERATORS) == {spec.family for spec in TYPES.values()}
