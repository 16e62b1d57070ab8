"""Blame for the types and keywords beyond the seed's: which rule a valid value exercises,
and a plain valid value of any node.

A validator that refuses a valid value breaks the rule whose edge the value sits on: an
upper-case uuid refused is a `format` failure, a five-character string of characters outside
the BMP refused under `maxLength: 5` a `length` failure (the validator counted bytes or UTF-16
units), `0.3` refused under `multipleOf: 0.1` a `multiple-of` failure. The engine calls these
through `blame_value` and `plain_value`; nodes of the seed's shape keep the engine's own rules.
Where no single value is the culprit, `explain` finds the smallest change of the container
itself that the validator accepts (docs/BLAME.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from .._generation import typed as _gt
from .._io.pointer import escape_token
from .._model.lexical import search
from .._model.plain import plain
from .._model.reference import admits
from .._model.structure import Node
from .._model.types import numeric_value, spell

#: Categories a compound value's members are blamed in before the container's own rules.
_BLAND = "type"


def blame(node: Node, value: Any) -> str:
    """The category of the rule a valid value exercises (`type` when nothing stands out)."""
    if node.enum is not None or "const" in node.rules:
        return "enum"
    if node.union:
        for member in node.union:
            if admits(member, value):
                return blame(member, value)
        return "type"
    shape = _shape(node, value)
    if shape is not None:
        return shape
    inner = _members(node, value)
    if inner != _BLAND:
        return inner
    own = _own(node, value)
    if own is not None:
        return own
    return "composition" if set(node.rules) & set(_gt.COMPOSITION) else "type"


def _shape(node: Node, value: Any) -> str | None:
    """The container's own edge, blamed before its members': a count at its bound (a set of
    exactly `maxItems` subnets refused is a count read as exclusive, whatever the subnets'
    pattern), a map key at the edge of `keyNames`, members beyond the declared ones where a
    schema or a pattern admits them."""
    family = node.spec.family
    rules = node.rules
    if family in ("array", "set") and isinstance(value, list):
        if len(value) in _bounds(rules, "minItems", "maxItems"):
            return "items"
    elif family == "map" and isinstance(value, dict):
        if len(value) in _bounds(rules, "minEntries", "maxEntries"):
            return "entries"
        names = rules.get("keyNames")
        if isinstance(names, Node) and any(_counted_edge(names, key) for key in value):
            return "entries"
    elif family == "object" and isinstance(value, dict):
        extra = [name for name in value if name not in node.properties]
        if extra and "patternProperties" in rules:
            return "pattern"
        if extra and isinstance(node.additional_properties, Node):
            return "additional-properties"
    return None


def _bounds(rules: Mapping[str, Any], low: str, high: str) -> set[int]:
    """The counts at a container's declared bounds (a zero minimum is no edge)."""
    out = {rules[high]} if isinstance(rules.get(high), int) else set()
    return out | ({rules[low]} if rules.get(low) else set())


def _counted_edge(node: Node, text: Any) -> bool:
    """A string at the edge of the node's length rules: at a bound, or with characters that
    take more than one UTF-8 byte or UTF-16 unit (a count of the wrong unit fails there)."""
    rules = node.rules
    if not isinstance(text, str) or not ({"minLength", "maxLength"} & set(rules)):
        return False
    wide = len(text.encode("utf-8", "surrogatepass")) != len(text)
    return wide or len(text) in (rules.get("minLength"), rules.get("maxLength"))


def _members(node: Node, value: Any) -> str:
    """The first member's blame that is not plain `type`."""
    for child, member, _, _ in members(node, value):
        found = blame(child, member)
        if found != _BLAND:
            return found
    return _BLAND


#: A member of a compound value: its node, its value, the compound value with that member
#: replaced (a copy: the value itself is left as it is), and the member's JSON Pointer token
#: ("" for an inline choice's branch, which is the value itself less its selector).
Member = tuple[Node, Any, Callable[[Any], Any], str]


def members(node: Node, value: Any) -> list[Member]:
    """The members of a compound value with the node each must match, for blame and for
    narrowing a refusal down to the member refused (`narrow`)."""
    family = node.spec.family
    if family == "object" and isinstance(value, dict):
        extra = node.additional_properties
        patterns = node.rules.get("patternProperties", {})
        out: list[Member] = []
        for name, member in value.items():
            # as the rules apply: a declared member's schema, else the first pattern that
            # selects its name, else `additionalProperties` (for names no pattern selects)
            child = node.properties.get(name) or next(
                (schema for source, schema in patterns.items() if search(source, name)), None
            )
            if child is None and isinstance(extra, Node):
                child = extra
            if child is not None:
                out.append((child, member, _put_key(value, name), escape_token(name)))
        return out
    if family in ("array", "set") and isinstance(value, list) and node.items is not None:
        return [(node.items, m, _put_index(value, i), str(i)) for i, m in enumerate(value)]
    if family == "tuple" and isinstance(value, list):
        order = [n for n in node.rules.get("tuple", ()) if n in node.properties]
        return [
            (node.properties[n], m, _put_index(value, i), str(i))
            for i, (n, m) in enumerate(zip(order, value, strict=False))
        ]
    if family == "map" and isinstance(value, dict) and isinstance(node.rules.get("values"), Node):
        values = node.rules["values"]
        return [(values, m, _put_key(value, k), escape_token(k)) for k, m in value.items()]
    if family == "choice" and isinstance(value, dict):
        options = node.rules.get("choices", {})
        selector = node.rules.get("selector")
        if selector is not None and "$extends" in node.rules:
            branch = options.get(value.get(selector))
            if branch is None:
                return []
            rest = {k: v for k, v in value.items() if k != selector}
            return [(branch, rest, _put_selector(selector, value[selector]), "")]
        return [
            (options[t], m, _put_key(value, t), escape_token(t))
            for t, m in value.items()
            if t in options
        ]
    return []


def _put_key(value: dict[str, Any], key: str) -> Callable[[Any], Any]:
    return lambda new: {**value, key: new}


def _put_index(value: list[Any], index: int) -> Callable[[Any], Any]:
    return lambda new: [*value[:index], new, *value[index + 1 :]]


def _put_selector(selector: str, tag: Any) -> Callable[[Any], Any]:
    return lambda new: {selector: tag, **new} if isinstance(new, dict) else new


def narrow(
    accepted: Callable[[Any], bool], node: Node, value: Any, draw: Callable[[Node], Any]
) -> tuple[Node, Any, str, Callable[[Any], bool]]:
    """The innermost member of a refused value that alone makes it refused: the node, the
    value, its JSON Pointer below `value`, and `accepted` for a value put in its place.

    `accepted(v)` says whether the validator accepts the whole instance with `v` in this
    value's place. A member whose replacement by its plain value (`plain`) makes the
    instance accepted holds the culprit, so the search goes on inside it; where no single
    replacement does (no member, or two culprits), this value is the one to blame. A
    validator refusing a leap second deep inside a tuple is then blamed for the leap second,
    not for the tuple's first number.
    """
    pointer = ""
    placed: list[Callable[[Any], Any]] = []  # outermost first: how a member is put in place

    def whole(member: Any) -> Any:
        for put in reversed(placed):
            member = put(member)
        return member

    while True:
        # Members are replaced one after another, each replacement kept: with two culprits,
        # replacing the first leaves the instance refused, and the second is then the one
        # whose replacement makes it accepted (its siblings plain from then on).
        current = value
        for index in range(len(members(node, value))):
            child, member, put, token = members(node, current)[index]
            trial = put(plain(child, draw))
            if accepted(whole(trial)):
                placed.append(put)
                pointer += f"/{token}" if token else ""
                node, value = child, member
                break
            current = trial
        else:
            return node, value, pointer, lambda v: accepted(whole(v))


def _own(node: Node, value: Any) -> str | None:
    family = node.spec.family
    if node.spec.numeric:
        return _numeric(node, value)
    if family in ("lexical", "binary"):
        return "format"
    if family == "string" and isinstance(value, str):
        return _string(node, value)
    if family in ("array", "set", "tuple"):
        return _items(node, value)
    if family == "map":
        if "patternKeys" in node.rules:
            return "pattern"
        keys = ("minEntries", "maxEntries", "keyNames", "has")
        return "entries" if any(k in node.rules for k in keys) else None
    if family == "object" and isinstance(value, dict):
        return _object(node, value)
    return None


def _numeric(node: Node, value: Any) -> str | None:
    number = numeric_value(node.spec, value)
    if number is None:
        return None
    v = Decimal(str(number))
    step = node.rules.get("multipleOf")
    if step is not None and _float_inexact(number, step):
        return "multiple-of"  # a multiple that binary floating point gets wrong (0.3, 0.1)
    margin = Decimal(str(step)) if step is not None else Decimal(1)
    low, _, high, _ = node.limits()
    rules = node.rules
    lower = any(k in rules for k in ("minimum", "exclusiveMinimum"))
    upper = any(k in rules for k in ("maximum", "exclusiveMaximum"))
    near_low = lower and low is not None and v <= low + margin
    near_high = upper and high is not None and v >= high - margin
    if near_low and near_high:  # a range narrower than the margin: the nearer bound
        assert low is not None and high is not None
        return "minimum" if v - low < high - v else "maximum"
    if near_low:
        return "minimum"
    if near_high:
        return "maximum"
    if step is not None:
        return "multiple-of"
    spec = node.spec
    if spec.low is not None and spec.high is not None:
        near = Decimal(1) if spec.integral else Decimal(str(spec.high)) / 1000
        if v >= Decimal(str(spec.high)) - near or v <= Decimal(str(spec.low)) + near:
            return "range"
    if spec.family == "integer" and v < 0:
        return "minimum"  # a negative value refused where no minimum is declared
    if spec.string_encoded:
        return "format"
    return None


def edge_checked(accepted: Callable[[Any], bool], node: Node, value: Any, category: str) -> str:
    """A bound blamed for a refused value near it, checked: the value one step further from
    that bound (`multipleOf`, else 1 for integers), still valid, must be accepted. A
    validator that refuses it too is not misreading the bound: with `multipleOf` stated it
    misreads the step (`multiple-of`); otherwise the blame stands."""
    if category not in ("minimum", "maximum") or "multipleOf" not in node.rules:
        return category
    number = numeric_value(node.spec, value)
    if number is None:
        return category
    step = Decimal(str(node.rules["multipleOf"]))
    further = Decimal(str(number)) + (step if category == "minimum" else -step)
    spelled = spell(node.spec, further)
    if not admits(node, spelled) or accepted(spelled):
        return category
    return "multiple-of"


def _float_inexact(number: Any, step: Any) -> bool:
    try:
        return math.fmod(float(number), float(step)) != 0
    except (OverflowError, ValueError):
        return False


def _string(node: Node, value: str) -> str | None:
    rules = node.rules
    counted = "minLength" in rules or "maxLength" in rules
    if _counted_edge(node, value):
        return "length"
    if "pattern" in rules:
        return "pattern"
    if "format" in rules:
        return "format"
    return "length" if counted else None


def _items(node: Node, value: Any) -> str | None:
    keys = ("minItems", "maxItems", "uniqueItems", "contains")
    if node.spec.family in ("set", "tuple") or any(k in node.rules for k in keys):
        return "items"
    return None


def _object(node: Node, value: dict[str, Any]) -> str | None:
    rules = node.rules
    extra = [name for name in value if name not in node.properties]
    if extra and node.additional_properties is None:
        return "unknown-properties"
    if any(k in rules for k in ("minProperties", "maxProperties", "propertyNames", "has")):
        return "entries"
    if "dependentRequired" in rules:
        return "required"
    return None


# --- explanations ------------------------------------------------------------------------------
