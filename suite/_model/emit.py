"""How each keyword compiles to JSON Schema 2020-12: one emitter per keyword (or kind of
keyword), returning the JSON Schema keywords that say the same, or `NotExpressible` with the
reason when JSON Schema cannot say it (the compiler lists those as gaps)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._model.structure import Node


class NotExpressible:
    """A rule that JSON Schema 2020-12 cannot state; the compiler lists it instead."""

    def __init__(self, why: str) -> None:
        self.why = why


Sub = Callable[["Node"], dict[str, Any]]
Compile = Callable[["Node", Any, Sub], "dict[str, Any] | NotExpressible"]


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    return value


def same(keyword: str) -> Compile:
    """A keyword whose JSON Schema namesake means the same."""

    def emit(node: Node, value: Any, sub: Sub) -> dict[str, Any] | NotExpressible:
        return {keyword: list(value) if isinstance(value, tuple) else _json_number(value)}

    return emit


def numeric(keyword: str) -> Compile:
    """A numeric bound or step: its namesake on types carried as JSON numbers; on a
    string-encoded type JSON Schema has no way to compare the string's value."""

    def emit(node: Node, value: Any, sub: Sub) -> dict[str, Any] | NotExpressible:
        if node.spec.string_encoded:
            return NotExpressible(f"`{keyword}` on the string-encoded {node.type}")
        return {keyword: _json_number(value)}

    return emit


def renamed(keyword: str) -> Compile:
    """A count whose JSON Schema counterpart has another name (maps are JSON objects)."""
    return lambda node, value, sub: {keyword: value}


def pattern(node: Node, source: str, sub: Sub) -> dict[str, Any]:
    # JSON Schema's pattern searches; the draft's matches the entire value
    return {"pattern": f"^(?:{source})$"}


def schema(keyword: str) -> Compile:
    return lambda node, value, sub: {keyword: sub(value)}


def schemas(keyword: str) -> Compile:
    return lambda node, value, sub: {keyword: [sub(s) for s in value]}


def schema_map(keyword: str) -> Compile:
    return lambda node, value, sub: {keyword: {k: sub(s) for k, s in value.items()}}


def properties(node: Node, declared: Mapping[str, Node], sub: Sub) -> dict[str, Any]:
    if node.spec.family == "tuple":
        return {}  # compiled with `tuple`
    return {"properties": {name: sub(child) for name, child in declared.items()}}


def required(node: Node, names: Any, sub: Sub) -> dict[str, Any]:
    if names and isinstance(names[0], tuple):
        return {"oneOf": [{"required": list(s)} for s in names]}
    return {"required": list(names)} if names else {}


def dependent_required(node: Node, rules: Mapping[str, Any], sub: Sub) -> dict[str, Any]:
    return {"dependentRequired": {k: list(x) for k, x in rules.items()}}


def additional(node: Node, rule: bool | Node, sub: Sub) -> dict[str, Any]:
    return {"additionalProperties": rule if isinstance(rule, bool) else sub(rule)}


def items(node: Node, item: Node, sub: Sub) -> dict[str, Any]:
    out: dict[str, Any] = {"items": sub(item)}
    if node.spec.family == "set":
        out["uniqueItems"] = True
    return out


def contains(node: Node, item: Node, sub: Sub) -> dict[str, Any]:
    counts = {k: node.rules[k] for k in ("minContains", "maxContains") if k in node.rules}
    return {"contains": sub(item), **counts}


def tuple_(node: Node, order: tuple[str, ...], sub: Sub) -> dict[str, Any]:
    return {
        "prefixItems": [sub(node.properties[n]) for n in order if n in node.properties],
        "items": False,
        "minItems": len(order),
    }


def choices(node: Node, options: Mapping[str, Node], sub: Sub) -> dict[str, Any] | NotExpressible:
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


def has(node: Node, value: Node, sub: Sub) -> NotExpressible:
    return NotExpressible("`has` tests member values; JSON Schema's `contains` is for arrays")


def if_(node: Node, condition: Node, sub: Sub) -> dict[str, Any]:
    out = {"if": sub(condition)}
    for key in ("then", "else"):
        if key in node.rules:
            out[key] = sub(node.rules[key])
    return out


def nothing(node: Node, value: Any, sub: Sub) -> dict[str, Any]:
    """A keyword compiled with another one (`selector` with `choices`, `then` with `if`), or
    one that states no rule of its own (`$extends` is merged in by the model)."""
    return {}
