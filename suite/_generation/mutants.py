"""Labelled mutants for every category, one table entry each (`MUTATORS`): the invalid
values a node's own rules give ("one past each bound", wrong lexical forms, a duplicate in a
set, a tuple one short, a tagged choice with two tags, a member added to a closed object, each
composition keyword's failure). A keyword's mutants are its category's: the keyword table's
`category` column picks the mutator (tests/test_registry.py checks each keyword has some).
`node_mutants` places the mutants of nested nodes inside a valid instance of their container,
so each carries the JSON Pointer of the offending value; `core` labels them and keeps only
those the reference confirms. The sweep (`sweep.node_edges`) tries every listed mutant
(`options.Fixed`, `options.Swept`) once per kind of slot.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from .._generation.options import (
    Enums,
    Option,
    Placed,
    Swept,
    drawable,
    json_kind,
    just,
    near_misses,
    number_misses,
    plain,
    strategy_of,
)
from .._generation.scalars import (
    from_pattern,
    integer_bounds,
    json_values,
    multiples,
)
from .._generation.slots import (
    ALONE,
    Reach,
    Slot,
    inline_selector,
    is_object,
    put_item,
    put_member,
    selected,
    slots,
    tagged,
)
from .._generation.typed import (
    COMPOSITION,
    DISTINCT,
    POOL,
    _branches,
    _merge,
    fixed_names,
    part,
    sized_list,
    sized_map,
    unknown_name,
    values,
)
from .._io.pointer import pointer_join
from .._model.categories import ALL
from .._model.reference import admits, validate_node
from .._model.samples import (
    BAD_FORMATS,
    BAD_LEXICAL,
    NEAR_MISSES,
    WIDE,
    WRONG_FAMILY,
    WRONG_JSON,
)
from .._model.structure import Node
from .._model.types import spell
from .._model.values import json_key

Strategy = st.SearchStrategy[Any]


def _type_mutants(node: Node, enums: Enums) -> list[Option]:
    family = node.spec.family
    if node.union:
        wrong = [v for m in node.union for v in _wrong(m)]
        return [just(wrong, alike=json_kind)] if wrong else []
    out: list[Option] = [just(_wrong(node), alike=json_kind)] if _wrong(node) else []
    if family == "choice":
        options = node.rules.get("choices", {})
        selector = inline_selector(node)
        if selector is not None:
            named = values(node, None).map(selected(selector, "no-such-choice"))
            return [*out, named.map(lambda v: (v, pointer_join("", selector)))]
        tags = list(options)
        out.append(just([{}]))
        out.append(just([{"no-such-choice": {}}], "/no-such-choice"))
        if len(tags) >= 2:
            out.append(
                st.builds(
                    lambda a, b: ({tags[0]: a, tags[1]: b}, ""),
                    values(options[tags[0]], None),
                    values(options[tags[1]], None),
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


def _enum_mutants(node: Node, enums: Enums) -> list[Option]:
    if "const" in node.rules:
        return [just(_const_misses(node.rules["const"]))]
    if node.enum is not None:
        return [near_misses(node, enums), just(_listed_misses(node.enum))]
    return []


def _listed_misses(enum: tuple[Any, ...]) -> list[Any]:
    """Each string value's near misses (`NEAR_MISSES`) and each number's (`number_misses`)
    once: the sweep puts them in every slot, where random draws reach few."""
    strings = [v for v in enum if isinstance(v, str) and v]
    misses = [miss(s) for s in strings for miss in NEAR_MISSES]
    return [*dict.fromkeys(m for m in misses if m not in enum), *number_misses(enum)]


def _step_below(node: Node) -> Decimal:
    scale = node.rules.get("scale")
    if node.spec.integral:
        return Decimal(1)
    return Decimal(1).scaleb(-scale) if isinstance(scale, int) else Decimal("0.001")


def _bound_mutants(node: Node, lower: bool) -> list[Option]:
    """One past the node's own minimum or maximum (the bound itself when exclusive)."""
    keys = ("minimum", "exclusiveMinimum") if lower else ("maximum", "exclusiveMaximum")
    if not node.spec.numeric or not any(k in node.rules for k in keys):
        return []
    low, low_open, high, high_open = node.limits()
    bound, is_open = (low, low_open) if lower else (high, high_open)
    if bound is None:
        return []
    sign = -1 if lower else 1
    if node.spec.integral:
        b_low, b_high = integer_bounds(node)
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
    return [just([spell(node.spec, c) for c in candidates])]


def _multiple_mutants(node: Node) -> list[Option]:
    step = node.rules.get("multipleOf")
    if step is None or not node.spec.numeric:
        return []
    d = Decimal(str(step))
    if node.spec.integral and d == 1:
        return []  # every integer is a multiple of 1
    offset = Decimal(1) if node.spec.integral else d / 2
    low = node.limits()[0]
    first = d if low is None else (low / d).to_integral_value(rounding="ROUND_CEILING") * d
    # half a step past a multiple: what a step read as half of itself accepts (for an
    # integer step, where half a step is an integer too)
    halves = [first + d / 2, first + d + d / 2]
    return [
        multiples(node, d, limit=1000).map(lambda k: (spell(node.spec, k + offset), "")),
        just([spell(node.spec, v) for v in halves if not node.spec.integral or v == int(v)]),
    ]


def _bounded(node: Node, upper: bool) -> bool:
    keys = ("maximum", "exclusiveMaximum") if upper else ("minimum", "exclusiveMinimum")
    return any(k in node.rules for k in keys)


def _range_mutants(node: Node) -> list[Option]:
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
        return [just([spell(v) for v in wanted])]
    if spec.family == "float" and spec.high is not None and spec.high < 1e308:
        wide = [v for v in (1e39, -1e39, 1e300) if not _bounded(node, upper=v > 0)]
        return [just(wide)] if wide else []
    return []


def _lexical_mutants(node: Node, enums: Enums) -> list[Option]:
    spec = node.spec
    out: list[Option] = []
    if spec.family in ("big-integer", "decimal", "lexical", "binary"):
        key = spec.family if spec.family != "lexical" else spec.name
        if spec.family == "binary" and node.rules.get("contentEncoding", "base64") != "base64":
            key = ""
        bad = list(BAD_LEXICAL.get(key, ()))
        if spec.family == "big-integer" and spec.low == 0:
            bad.append("-1")
        if bad:
            out.append(just(bad))
        derived = DERIVED_BAD.get(key)
        if derived is not None:
            out.append(values(node, None).map(lambda v: (derived(v), "")))
    name = node.rules.get("format")
    if isinstance(name, str) and name in BAD_FORMATS:
        out.append(just(BAD_FORMATS[name]))
    return out


#: Wrong forms made from a valid value: a leading zero, a plus sign, a uuid without hyphens.
DERIVED_BAD: dict[str, Callable[[str], str]] = {
    "big-integer": lambda v: "+" + v.lstrip("-"),
    "decimal": lambda v: v + "e0",
    "uuid": lambda v: v.replace("-", ""),
    "date": lambda v: v.replace("-", ""),
    "datetime": lambda v: v[:19],
    "time": lambda v: v[:8],
}


def _length_mutants(node: Node, enums: Enums) -> list[Option]:
    low = node.rules.get("minLength")
    high = node.rules.get("maxLength")
    if node.spec.family != "string" or (low is None and high is None):
        return []
    candidates: list[str] = []
    for n in ([high + 1] if high is not None else []) + ([low - 1] if low else []):
        candidates += [ch * n for ch in ("x", *WIDE)]
    # a patterned string of one repeated character breaks its pattern too: never drawn
    out: list[Option] = [just([c for c in candidates if _breaks_only(node, c, "length")])]
    if high is not None:
        out.append(values(node, None).map(lambda s: (s + s[-1:] * (high + 1 - len(s)), "")))
    return out


def _breaks_only(node: Node, value: Any, category: str) -> bool:
    """Whether a value breaks the node's rules, all of them of one category."""
    found = [v.category for v in validate_node(node, value)]
    return bool(found) and set(found) == {category}


def _pattern_mutants(node: Node, enums: Enums) -> list[Option]:
    """Strings an unanchored search would accept but the entire-value rule does not."""
    if node.spec.family != "string" or not isinstance(node.rules.get("pattern"), str):
        return []
    # a match from the pattern's pool: the wrap around it is what the mutant is about
    matching = values(node, None)
    return [
        st.builds(lambda s, wrap: (wrap.replace("S", s), ""), matching, st.sampled_from(_WRAPS)),
        just(["", "\n", " ", "🚀"]),
        # each wrap once in every slot (a trailing newline is what Python's `$` forgives)
        Swept(lambda: [w.replace("S", plain(node)) for w in _WRAPS]),
        Swept(lambda: _case_variants(plain(node))),
    ]


#: A matching string with something around it: what only an unanchored search accepts.
_WRAPS = ("xS", "Sx", "S\n", " S", "-S-", "S!", "\nS")


def _case_variants(text: Any) -> list[Any]:
    """A matching string in other letter cases: what a case-insensitive match accepts."""
    if not isinstance(text, str):
        return []
    return [v for v in dict.fromkeys((text.swapcase(), text.upper(), text.lower())) if v != text]


def _items_mutants(node: Node, enums: Enums) -> list[Option]:
    family = node.spec.family
    out: list[Option] = []
    if family == "tuple":
        valid = values(node, None)
        out.append(valid.filter(bool).map(lambda t: (t[:-1], "")))
        out.append(valid.map(lambda t: ([*t, t[-1] if t else None], "")))
        return out
    if family not in ("array", "set") or node.items is None:
        return out
    unique = family == "set" or node.rules.get("uniqueItems") is True
    low = node.rules.get("minItems")
    high = node.rules.get("maxItems")
    item = part(node.items, None)
    for n in ([high + 1] if high is not None else []) + ([low - 1] if low else []):
        out.append(sized_list(node, item, n, n, unique).map(lambda v: (v, "")))
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
                st.lists(values(contains, None), min_size=n, max_size=n).map(lambda v: (v, ""))
            )
    return out


def _entries_mutants(node: Node, enums: Enums) -> list[Option]:
    family = node.spec.family
    if family not in ("object", "map"):
        return []
    out: list[Option] = []
    valid = values(node, None)
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
    key_names = node.rules.get("keyNames")

    def names(focus: str | None) -> st.SearchStrategy[Any]:
        """Names the node admits (only the count is wrong)."""
        if family == "object":
            return unknown_name(node)
        if isinstance(key_names, Node):
            return values(key_names, focus)
        return st.text(max_size=6)

    schema = node.rules.get("values") if family == "map" else node.additional_properties
    value = part(schema, None) if isinstance(schema, Node) else json_values(2)
    if high is not None:
        extra = sized_map(node, names, value, high + 1, high + 1)
        out.append(st.builds(lambda v, e: ({**e, **v}, ""), valid, extra))
        distinct = names(DISTINCT if high + 1 > POOL else None)
        out.append(Swept(lambda: [_one_over(node, distinct, schema, high + 1)]))
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
        out.append(just([{}]))
    return out


def _one_over(node: Node, names: st.SearchStrategy[Any], schema: Any, count: int) -> Any:
    """The plain valid value of a map (or object) with members added up to `count`, each
    member's value plain: one past `maxEntries` (`maxProperties`) and nothing else wrong."""
    member = plain(schema) if isinstance(schema, Node) else None
    keys = fixed_names(node, names, count)
    return {**{k: member for k in keys}, **plain(node)}


def _additional_mutants(node: Node, enums: Enums) -> list[Option]:
    """A member added to a closed object."""
    if node.spec.family != "object" or node.additional_properties is not False:
        return []
    return [
        st.builds(
            lambda v, name, x: ({**v, name: x}, pointer_join("", name)),
            values(node, None),
            unknown_name(node),
            json_values(2),
        )
    ]


def _composition_mutants(node: Node, enums: Enums) -> list[Option]:
    """Each composition keyword's failure: values of the node without it, and of its
    branches (and of `not`'s schema), most of which break it; the label check keeps those
    that break only it."""
    if not set(node.rules) & set(COMPOSITION):
        return []
    bare = node.having(**{k: None for k in (*COMPOSITION, "then", "else")})
    base = values(bare, None)
    options = [base]
    branches = _branches(node)
    if "not" in node.rules:
        branches.append(node.rules["not"])
    for branch in branches:
        options.append(st.builds(_merge, base, values(branch, None)))
    return [st.one_of(options).map(lambda v: (v, ""))]


def _required_mutants(node: Node, enums: Enums) -> list[Option]:
    if node.spec.family != "object":
        return []
    out: list[Option] = []
    valid = values(node, None)
    names = node.rules.get("required", ())
    flat = list(dict.fromkeys(n for g in names for n in (g if isinstance(g, tuple) else (g,))))
    if flat:

        def drop(v: dict[str, Any], name: str) -> tuple[Any, str]:
            return ({k: x for k, x in v.items() if k != name}, pointer_join("", name))

        out.append(st.builds(drop, valid, st.sampled_from(flat)))
    for trigger, needed in node.rules.get("dependentRequired", {}).items():
        child = node.properties.get(trigger)
        value = values(child, None) if child is not None else json_values(1)
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


def _integer_lexical_mutants(node: Node) -> list[Option]:
    if node.spec.family != "integer":
        return []
    listed = [node.rules["const"]] if "const" in node.rules else list(node.enum or ())
    if listed:
        ints = [float(v) for v in listed if isinstance(v, int) and not isinstance(v, bool)]
        return [just(ints)] if ints else []
    low, high = integer_bounds(node)
    return [st.integers(low, min(high, low + 10**6)).map(lambda v: (float(v), ""))]


Mutator = Callable[[Node, Enums], list[Option]]

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


def node_mutants(node: Node, category: str, enums: Enums, reach: Reach = ALONE) -> Placed | None:
    """Invalid values of a node for one category, its own and its descendants' as far as
    `reach` goes (placed in a valid instance of each container), with the pointer of the
    offending value."""
    mutator = MUTATORS[category]
    if mutator is None or node.abstract:
        return None
    mine = mutator(node, enums) if own(node, category) else []
    options = [strategy_of(o) for o in mine if not isinstance(o, Swept) and drawable(o)]
    if not node.union:
        options += _nested(node, category, enums, reach)
    return st.one_of(options) if options else None


def own(node: Node, category: str) -> bool:
    """Whether a node's own mutants of a category break that category alone."""
    composed = bool(set(node.rules) & set(COMPOSITION))
    # a composed node checks its branches too: only a wrong type or lexical form (which stop
    # the checking) or the composition itself break exactly one rule there
    if node.enum is not None or "const" in node.rules:
        return category in _BREAK_ALONE | {"enum", "integer-lexical"}
    return not composed or category in _BREAK_ALONE


def _nested(node: Node, category: str, enums: Enums, reach: Reach) -> list[Placed]:
    """The mutants of a node's children (`slots.slots`), each placed in a valid value of
    the node, its pointer prefixed with the slot's."""
    out: list[Placed] = []
    around = slots(node)
    # the valid value around a member or element (items and branches need none), built once
    valid = values(node, None) if {s.place for s in around} - {"item", "branch"} else st.nothing()
    for slot in around:
        below = reach.into(slot.child)
        inner = None if below is None else node_mutants(slot.child, category, enums, below)
        if inner is not None and (placed := _placed(node, slot, valid, inner)) is not None:
            out.append(placed)
    return out


def _placed(node: Node, slot: Slot, valid: Strategy, inner: Placed) -> Placed | None:
    """A child's mutant in its slot of a valid value of the node."""
    place, key = slot.place, slot.key
    if place == "member":
        return st.builds(put_member(key), valid, inner)
    if place == "element":
        return st.builds(put_item(key), valid, inner)
    if place == "item":
        return st.builds(
            lambda p, x: ([*p, x[0]], pointer_join("", len(p)) + x[1]), _pad(node), inner
        )
    if place == "branch":
        selector = inline_selector(node)
        if selector is not None:
            return inner.filter(is_object).map(selected(selector, key))
        return inner.map(tagged(key))
    names: Strategy | None  # the member names an additional, pattern or map value stands at
    if place == "additional":
        names = unknown_name(node)
    elif place == "pattern":
        names = from_pattern(key)
    else:
        key_names = node.rules.get("keyNames")
        names = values(key_names, None) if isinstance(key_names, Node) else st.text(max_size=6)
    if names is None:
        return None
    return st.builds(lambda v, k, p: put_member(k)(v, p), valid, names, inner)


def _pad(node: Node) -> Strategy:
    """Valid items before a mutant item, up to a dozen: a validator that checks only the
    first few items is caught. Within the node's own item counts, and distinct in a set."""
    assert node.items is not None
    low = max(node.rules.get("minItems", 0) - 1, 0)
    high = max(min(12, node.rules.get("maxItems", 13) - 1), low)
    unique = node.spec.family == "set" or node.rules.get("uniqueItems") is True
    return st.lists(
        part(node.items, None), min_size=low, max_size=high, unique_by=json_key if unique else None
    )


assert set(MUTATORS) == set(ALL)
