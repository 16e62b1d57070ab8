"""How an instance is checked against each keyword (validation and conditional-composition
drafts, and the core's structural keywords): one function per keyword, named after it, as in
python-jsonschema. Each yields the violations of its own rule; `validate` is the reference's
own descent, passed in for keywords that hold schemas."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .._io.pointer import pointer_join
from .._model import lexical as _lexical
from .._model.types import numeric_value
from .._model.values import Violation, json_equal, json_key

if TYPE_CHECKING:
    from .._model.structure import Node

Validate = Callable[["Node", Any, str], Iterator[Violation]]
Check = Callable[["Node", Any, Any, str, Validate], Iterator[Violation]]


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
    for name, value in instance.items():
        if node.declares(name):
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
