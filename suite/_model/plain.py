"""The least remarkable valid value of a node: what blame puts in place of a refused value,
what the engine's explanations start from, and what `diff` builds its witnesses from.

One rule for all of them: simple candidates read from the node's keywords, the first the
reference admits. Where none is admitted (a pattern, a composition), the generator's first
draw for seed 0 (`draw`, handed in by callers that draw with Hypothesis), or without one the
first candidate: `diff` asks without a draw (it draws with Hypothesis only where it must,
`diff_place`), and it checks every witness it builds with the reference before reporting it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .node import Node
from .reference import admits
from .samples import FORMAT_SAMPLES
from .types import spell

Draw = Callable[[Node], Any]


def plain(node: Node, draw: Draw | None = None) -> Any:
    """The node's plain value: its first admitted candidate, else `draw(node)`, else its
    first candidate. Kept with the node, by whether a draw was at hand: the same node has
    the same plain value in every run."""
    key = ("plain", draw is not None)
    memo = node.memo
    if key in memo:
        return memo[key]
    options = candidates(node, draw)
    for candidate in options:
        if admits(node, candidate):
            value = candidate
            break
    else:
        value = draw(node) if draw is not None else options[0]
    memo[key] = value
    return value


def candidates(node: Node, draw: Draw | None = None) -> list[Any]:
    """Simple values the node may admit, the plainest first (never empty)."""
    rules = node.rules
    if "const" in rules:
        return [rules["const"]]
    if node.enum:
        return list(node.enum[:3])
    if node.union:
        return [plain(member, draw) for member in node.union]
    spec = node.spec
    family = spec.family
    out: list[Any] = []
    if spec.numeric:
        low, low_open, high, high_open = node.limits()
        given = rules.get("multipleOf")
        positive = isinstance(given, int | float | Decimal) and given > 0  # else lint's finding
        step = Decimal(str(given)) if positive else Decimal(1)
        for start in (Decimal(1), Decimal(0), low, high):
            if start is None:
                continue
            k = (start / step).to_integral_value(rounding="ROUND_CEILING")
            for v in (k * step, (k + 1) * step, (k - 1) * step):
                out.append(spell(spec, v))
        if not spec.integral:  # a range with no whole multiple in it: its bounds, its middle
            out += [
                spell(spec, b)
                for b, open_ in ((low, low_open), (high, high_open))
                if b is not None and not open_
            ]
            if low is not None and high is not None:
                out.append(spell(spec, (low + high) / 2))
        return out
    if family == "string":
        name = rules.get("format")
        if isinstance(name, str) and name in FORMAT_SAMPLES:
            out += FORMAT_SAMPLES[name]
        return [*out, "x" * max(rules.get("minLength", 0), 1), "", spec.plain]
    if family == "object":
        # each alternative set of `required` complete (the simple form is one set); a required
        # name no property declares still has to be there: any value will do
        names = rules.get("required", ())
        sets = names if names and isinstance(names[0], tuple) else (node.required,)
        members = node.properties
        return [{n: plain(members[n], draw) if n in members else "x" for n in one} for one in sets]
    if family in ("array", "set") and node.items is not None:
        least = rules.get("minItems", 0)
        return [[plain(node.items, draw)] * least, [plain(node.items, draw)]]
    if family == "map" and isinstance(rules.get("values"), Node):
        value = plain(rules["values"], draw)
        return [{f"k{i}": value for i in range(rules.get("minEntries", 0))}]
    if family == "tuple":
        order = [n for n in rules.get("tuple", ()) if n in node.properties]
        return [[plain(node.properties[n], draw) for n in order]]
    if family == "choice":
        selector = rules.get("selector")
        for tag, branch in rules.get("choices", {}).items():
            value = plain(branch, draw)
            if selector is not None and "$extends" in rules and isinstance(value, dict):
                out.append({**value, selector: tag})
            else:
                out.append({tag: value})
        if out:
            return out
    return [spec.plain, *spec.edges]
