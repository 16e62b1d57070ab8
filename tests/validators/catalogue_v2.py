"""Faulty validators on the example structure (`examples/neptune-ml-job-v2.json`), for the
mutation analysis (`bench/mutation.py --structure ... --cases ...`, tests/test_mutation_v2.py).

Each fault is the reference validator with one rule read wrong: a `Variant` runs the
reference's own walk (`validate_node`) over the rule registry, with one type's rule or one
keyword's check replaced. Under-strict faults forgive a violation the reference reports;
over-strict faults refuse something valid. Each is labelled with the category a good suite
should blame (docs/STANCE.md, "Blocking and stance categories"), and `new` marks a fault
on a type or keyword the seed structure does not use (anything but object, string, int32,
boolean, array, the simple `required`, `enum`, `minimum` and `default`).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from copy import deepcopy
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from neptune_ml_conformance import load
from neptune_ml_conformance._model import lexical as _lexical
from neptune_ml_conformance._model.keywords import KEYWORDS, ORDER
from neptune_ml_conformance._model.reference import Violation, json_equal, type_, validate_node
from neptune_ml_conformance._model.structure import Node
from neptune_ml_conformance._model.types import numeric_value

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "neptune-ml-job-v2.json"
CASES = EXAMPLE.parent / "cases"
STRUCTURE = load(EXAMPLE)
#: The members every job inherits from the abstract `JobBase` (`$extends`).
BASE = frozenset(json.loads(EXAMPLE.read_text())["definitions"]["JobBase"]["properties"])

Validate = Callable[[str, Any], Any]
Walk = Callable[..., Iterator[Violation]]
TypeRule = Callable[[Node, Any, str], Iterator[Violation]]
Check = Callable[[Node, Any, Any, str, Walk], Iterator[Violation]]


class Variant:
    """The reference with some rules replaced: `types` by type name, `keywords` by keyword."""

    def __init__(
        self,
        types: Mapping[str, TypeRule] | None = None,
        keywords: Mapping[str, Check] | None = None,
    ) -> None:
        self.types = dict(types or {})
        self.keywords = dict(keywords or {})

    def node(self, node: Node, instance: Any, path: str = "") -> Iterator[Violation]:
        rule = None if node.union or node.abstract else self.types.get(node.type)
        wrong_type = False
        for found in (rule or type_)(node, instance, path):
            wrong_type = wrong_type or found.category in ("type", "format")
            yield found
        if wrong_type:
            return
        for name in ORDER:
            if name in node.rules:
                check = self.keywords.get(name) or KEYWORDS[name].check
                assert check is not None
                yield from check(node, node.rules[name], instance, path, self.node)

    def validate(self, definition: str, instance: Any) -> list[Violation]:
        return list(self.node(STRUCTURE.definitions[definition], instance))


class Filling(Variant):
    """A default-filling validator whose filling is `fill` (the reference's is correct)."""

    def __init__(self, fill: Callable[[Node, Any], Any]) -> None:
        super().__init__()
        self.fill = fill

    def apply_defaults(self, definition: str, instance: Any) -> Any:
        return self.fill(STRUCTURE.definitions[definition], instance)


@dataclass(frozen=True)
class Fault:
    name: str
    blame: str
    kind: str  # under-strict | over-strict
    validate: Any
    new: bool = True
    #: Builds a fresh validator for a run, for faults that keep state.
    fresh: Callable[[], Any] | None = None

    def make(self) -> Any:
        return self.fresh() if self.fresh is not None else self.validate


# --- building blocks --------------------------------------------------------------------------


def nothing(*_: Any) -> Iterator[Violation]:
    """A check that never finds anything: the keyword ignored."""
    return iter(())


def reference_check(name: str) -> Check:
    check = KEYWORDS[name].check
    assert check is not None
    return check


def scoped(keyword: str, where: Callable[[Node], bool], check: Check) -> Check:
    """`check` in place of the keyword's own where `where(node)`, the reference elsewhere."""
    own = reference_check(keyword)

    def scoped_check(node: Node, value: Any, instance: Any, path: str, walk: Walk) -> Any:
        return (check if where(node) else own)(node, value, instance, path, walk)

    return scoped_check


def accepting(accept: Callable[[Any], bool]) -> TypeRule:
    """A type rule that also admits what `accept` says (under-strict)."""

    def rule(node: Node, instance: Any, path: str) -> Iterator[Violation]:
        if not accept(instance):
            yield from type_(node, instance, path)

    return rule


def forgiving(category: str, accept: Callable[[Any], bool]) -> TypeRule:
    """A type rule that drops its `category` violations where `accept` says (under-strict)."""

    def rule(node: Node, instance: Any, path: str) -> Iterator[Violation]:
        for found in type_(node, instance, path):
            if found.category != category or not accept(instance):
                yield found

    return rule


def refusing(category: str, refuse: Callable[[Any], bool]) -> TypeRule:
    """A type rule that also refuses what `refuse` says (over-strict)."""

    def rule(node: Node, instance: Any, path: str) -> Iterator[Violation]:
        if refuse(instance):
            yield Violation(category, path, f"{instance!r:.40} refused (fault)")
        else:
            yield from type_(node, instance, path)

    return rule


def text(test: Callable[[str], bool]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and test(v)


def lexical(form: str) -> Callable[[str], bool]:
    return lambda v: _lexical.check(form, v)


def bound_check(
    category: str, fails: Callable[[Any, Any], bool], *, integral: bool = False
) -> Check:
    """A numeric bound read by `fails(value, bound)`."""

    def check(node: Node, bound: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        value = numeric_value(node.spec, instance)
        if value is not None and fails(value, bound):
            yield Violation(category, path, f"{instance!r} against {bound} (fault)")

    return check


def length_check(low: bool, measure: Callable[[str], int], slack: int = 0) -> Check:
    def check(node: Node, count: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        if isinstance(instance, str):
            n = measure(instance)
            if (n < count) if low else (n > count + slack):
                yield Violation("length", path, f"{n} against {count} (fault)")

    return check


def pattern_check(matches: Callable[[str, str], bool]) -> Check:
    def check(node: Node, source: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        if isinstance(instance, str) and not matches(source, instance):
            yield Violation("pattern", path, f"{instance!r:.40} against {source!r} (fault)")

    return check


def count_check(category: str, fails: Callable[[int, int], bool], of: type) -> Check:
    def check(node: Node, count: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        if isinstance(instance, of) and fails(len(instance), count):
            yield Violation(category, path, f"{len(instance)} against {count} (fault)")

    return check


def without(keyword: str, rule: str) -> Check:
    """The keyword's own check, handed its sub-schema with `rule` removed."""
    own = reference_check(keyword)

    def check(node: Node, schema: Any, instance: Any, path: str, walk: Walk) -> Any:
        return own(node, schema.having(**{rule: None}), instance, path, walk)

    return check


def required_sets(read: Callable[[tuple[tuple[str, ...], ...], Any], bool]) -> Check:
    """Alternative `required` sets read by `read(sets, instance)`; the simple form as written."""
    own = reference_check("required")

    def check(node: Node, names: Any, instance: Any, path: str, walk: Walk) -> Any:
        if not (names and isinstance(names[0], tuple)) or not isinstance(instance, dict):
            return own(node, names, instance, path, walk)
        if read(names, instance):
            return iter(())
        return iter([Violation("required", path, "alternative required sets (fault)")])

    return check


def _skip_required(name: str) -> Check:
    own = reference_check("required")

    def check(node: Node, names: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        for found in own(node, names, instance, path, walk):
            if found.path != f"{path}/{name}":
                yield found

    return check


def complete(names: tuple[str, ...], instance: Any) -> bool:
    return all(n in instance for n in names)


def on_definitions(validate: Callable[[str, Any], Any], *names: str) -> Validate:
    """A fault that only affects the named definitions (the reference elsewhere)."""

    def scoped_validate(definition: str, instance: Any) -> Any:
        if definition in names:
            return validate(definition, instance)
        return validate_node(STRUCTURE.definitions[definition], instance)

    return scoped_validate


def refuse_when(test: Callable[[str, Any], bool]) -> Validate:
    """Over-strict at the definition level: refuses what `test` says, else the reference."""

    def validate(definition: str, instance: Any) -> Any:
        if test(definition, instance):
            return False
        return list(validate_node(STRUCTURE.definitions[definition], instance))

    return validate


def v(**kwargs: Any) -> Validate:
    return Variant(**kwargs).validate


def kw(**checks: Check) -> Validate:
    return Variant(keywords=checks).validate


def number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- faults, rule by rule ---------------------------------------------------------------------


def _int64_loose(strip: Callable[[str], str]) -> TypeRule:
    return accepting(text(lambda s: _lexical.integer(strip(s)) is not None))


def _int64_float(node: Node, instance: Any, path: str) -> Iterator[Violation]:
    """int64 strings parsed through a double: precision lost at the edges of the range."""
    if isinstance(instance, str) and _lexical.integer(instance) is not None:
        value = float(instance)
        if not -(2.0**63) <= value < 2.0**63:
            yield Violation("range", path, f"{instance} is outside the int64 range (fault)")
            return
    yield from type_(node, instance, path)


def _multiple(step_of: Callable[[Any], Any]) -> Check:
    def check(node: Node, step: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        value = numeric_value(node.spec, instance)
        if value is not None and Fraction(Decimal(str(value))) % Fraction(step_of(step)) != 0:
            yield Violation("multiple-of", path, f"{instance!r} against {step} (fault)")

    return check


def _divisor(node: Node, step: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
    value = numeric_value(node.spec, instance)
    if value is not None and (value == 0 or step % value != 0):
        yield Violation("multiple-of", path, f"{step} is not a multiple of {instance!r} (fault)")


def _set_items(unique: Callable[[list[Any]], bool], walk_items: bool = True) -> Check:
    """`items` on a set with its uniqueness read by `unique`."""

    def check(node: Node, schema: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        if isinstance(instance, list):
            for index, item in enumerate(instance if walk_items else ()):
                yield from walk(schema, item, f"{path}/{index}")
            if node.spec.family == "set" and not unique(instance):
                yield Violation("items", path, "duplicate element (fault)")

    return check


def _json_unique(items: list[Any]) -> bool:
    return not any(json_equal(a, b) for n, a in enumerate(items) for b in items[n + 1 :])


def _adjacent_unique(items: list[Any]) -> bool:
    return not any(json_equal(a, b) for a, b in itertools.pairwise(items))


def _tuple(
    arity: Callable[[int, int], bool], swap: bool = False, check_items: bool = True
) -> Check:
    def check(node: Node, order: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        if not isinstance(instance, list):
            return
        if not arity(len(instance), len(order)):
            yield Violation("items", path, f"{len(instance)} elements (fault)")
        names = list(reversed(order)) if swap else list(order)
        if check_items:
            for index, (name, item) in enumerate(zip(names, instance, strict=False)):
                yield from walk(node.properties[name], item, f"{path}/{index}")

    return check


def _choice(
    tags: Callable[[dict[str, Any]], list[str] | None],
    unknown_ok: bool = False,
    check_value: bool = True,
) -> Check:
    """A tagged choice whose tags are read by `tags(instance)` (the reference: exactly one)."""

    def check(
        node: Node, options: Any, instance: Any, path: str, walk: Walk
    ) -> Iterator[Violation]:
        if not isinstance(instance, dict):
            return
        chosen = tags(instance)
        if chosen is None:
            yield Violation("type", path, "not exactly one tag (fault)")
            return
        for tag in chosen:
            if tag not in options:
                if not unknown_ok:
                    yield Violation("type", f"{path}/{tag}", "unknown tag (fault)")
                continue
            if check_value:
                yield from walk(options[tag], instance[tag], f"{path}/{tag}")

    return check


def _exactly_one(instance: dict[str, Any]) -> list[str] | None:
    return list(instance) if len(instance) == 1 else None


def _closed(extra: Callable[[Node, str], bool]) -> Check:
    """`additionalProperties: false` where a member counts as additional when `extra` says."""
    own = reference_check("additionalProperties")

    def check(node: Node, rule: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        if rule is not False or not isinstance(instance, dict):
            yield from own(node, rule, instance, path, walk)
            return
        for name in instance:
            if extra(node, name):
                yield Violation("additional-properties", f"{path}/{name}", "not allowed (fault)")

    return check


def _schema_extras_refused(
    node: Node, rule: Any, instance: Any, path: str, walk: Walk
) -> Iterator[Violation]:
    if isinstance(rule, Node) and isinstance(instance, dict):
        for name in instance:
            if name not in node.properties:
                yield Violation("additional-properties", f"{path}/{name}", "refused (fault)")
        return
    yield from reference_check("additionalProperties")(node, rule, instance, path, walk)


def _closes_everything(
    node: Node, rule: Any, instance: Any, path: str, walk: Walk
) -> Iterator[Violation]:
    """`additionalProperties` read as false on every object, stated or not."""
    if isinstance(instance, dict) and node.spec.family == "object":
        for name in instance:
            if name not in node.properties:
                yield Violation("additional-properties", f"{path}/{name}", "refused (fault)")


class _ClosedEverywhere(Variant):
    def node(self, node: Node, instance: Any, path: str = "") -> Iterator[Violation]:
        yield from super().node(node, instance, path)
        if node.spec.family == "object" and "additionalProperties" not in node.rules:
            yield from _closes_everything(node, False, instance, path, self.node)


def _base_unchecked(
    node: Node, declared: Any, instance: Any, path: str, walk: Walk
) -> Iterator[Violation]:
    """`properties` that checks only the members a type declares itself, not the inherited."""
    if not isinstance(instance, dict) or node.spec.family == "tuple":
        return
    for name, child in declared.items():
        if name in instance and name not in BASE:
            yield from walk(child, instance[name], f"{path}/{name}")


def _dependent(triggered: Callable[[Any], bool], reverse: bool = False) -> Check:
    def check(node: Node, rules: Any, instance: Any, path: str, walk: Walk) -> Iterator[Violation]:
        if not isinstance(instance, dict):
            return
        for trigger, names in rules.items():
            pairs = [(n, trigger) for n in names] if reverse else [(trigger, n) for n in names]
            for when, need in pairs:
                if when in instance and triggered(instance[when]) and need not in instance:
                    yield Violation("required", f"{path}/{need}", "dependent (fault)")

    return check


def _enum(accept: Callable[[Any, tuple[Any, ...]], bool]) -> Check:
    def check(
        node: Node, options: Any, instance: Any, path: str, walk: Walk
    ) -> Iterator[Violation]:
        if not accept(instance, tuple(options)):
            yield Violation("enum", path, f"{instance!r:.40} (fault)")

    return check


ALL_ENUM_VALUES = {
    value
    for d in STRUCTURE.definitions.values()
    for _, n in d.walk()
    for value in n.enum or ()
    if isinstance(value, str)
}


def _exact(value: Any, options: tuple[Any, ...]) -> bool:
    return any(json_equal(value, o) for o in options)


def _fill_with(pick: Callable[[Node], Any], recurse: bool = True, overwrite: bool = False) -> Any:
    def fill(node: Node, instance: Any) -> Any:
        if node.type != "object" or not isinstance(instance, dict):
            return instance
        filled = dict(instance)
        for name, child in node.properties.items():
            if name in filled:
                if overwrite and child.has_default:
                    filled[name] = deepcopy(child.default)
                elif recurse:
                    filled[name] = fill(child, filled[name])
            elif child.has_default:
                filled[name] = pick(child)
        return filled

    return Filling(fill)


def _wrong_default(child: Node) -> Any:
    default = child.default
    if isinstance(default, bool):
        return not default
    if isinstance(default, int):
        return default + 1
    if isinstance(default, str):
        return default.upper()
    return deepcopy(default)


class _Stateful:
    """Keeps errors from earlier calls, like the SDK's `validate_instance()`."""

    def __init__(self) -> None:
        self.errors: list[Violation] = []

    def validate(self, definition: str, instance: Any) -> list[Violation]:
        self.errors += validate_node(STRUCTURE.definitions[definition], instance)
        return list(self.errors)


def _defaulted_missing(definition: str, instance: Any) -> bool:
    node = STRUCTURE.definitions[definition]
    return isinstance(instance, dict) and any(
        child.has_default and name not in instance for name, child in node.properties.items()
    )


def _default_given(definition: str, instance: Any) -> bool:
    node = STRUCTURE.definitions[definition]
    return isinstance(instance, dict) and any(
        name in instance
        and child.has_default
        and instance[name] == child.default
        and type(instance[name]) is type(child.default)
        for name, child in node.properties.items()
    )


def _unknown_member(definition: str, instance: Any) -> bool:
    node = STRUCTURE.definitions[definition]
    return isinstance(instance, dict) and any(k not in node.properties for k in instance)


def _utf8(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


def _utf16(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _offset(s: str) -> bool:
    return re.search(r"[+-]\d\d:\d\d$", s) is not None


def _duration_loose(s: str) -> bool:
    """Durations as a lax regex: any units in order, fractions, weeks beside other units."""
    return re.fullmatch(
        r"P(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
        r"(T(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?",
        s,
    ) is not None and s not in ("P", "PT")


def _uuid_form(s: str) -> bool:
    return re.fullmatch(r"[0-9a-fA-F]{32}", s) is not None


def _base64_unpadded(s: str) -> bool:
    return _lexical.encoded("base64", s + "=" * (-len(s) % 4))


_S3 = "/definitions/ModelTrainingJob/properties/customModelTrainingParameters"


def _in(fragment: str) -> Callable[[Node], bool]:
    return lambda node: fragment in node.pointer


def _is(family: str) -> Callable[[Node], bool]:
    return lambda node: node.spec.family == family


CATALOGUE: list[Fault] = [
    # --- required (simple form: seed rule; alternative sets and dependentRequired: new) -----
    *[
        Fault(
            f"ignores-required-{d}.{p}",
            "required",
            "under-strict",
            on_definitions(kw(required=_skip_required(p)), d),
            new=False,
        )
        for d, p in (
            ("DataProcessingJob", "inputDataS3Location"),
            ("DataProcessingJob", "processedDataS3Location"),
            ("ModelTrainingJob", "dataProcessingJobId"),
            ("ModelTrainingJob", "trainModelS3Location"),
        )
    ],
    Fault(
        "nested-required-ignored",
        "required",
        "under-strict",
        kw(required=scoped("required", _in(_S3), nothing)),
        new=False,
    ),
    Fault(
        "alternative-required-read-as-all-sets",
        "required",
        "over-strict",
        kw(required=required_sets(lambda sets, i: all(complete(s, i) for s in sets))),
    ),
    Fault(
        "alternative-required-read-as-at-least-one",
        "required",
        "under-strict",
        kw(required=required_sets(lambda sets, i: any(complete(s, i) for s in sets))),
    ),
    Fault(
        "alternative-required-read-as-any-name",
        "required",
        "under-strict",
        kw(required=required_sets(lambda sets, i: any(n in i for s in sets for n in s))),
    ),
    Fault(
        "alternative-required-first-set-only",
        "required",
        "over-strict",
        kw(required=required_sets(lambda sets, i: complete(sets[0], i))),
    ),
    Fault(
        "alternative-required-shared-names-only",
        "required",
        "under-strict",
        kw(
            required=required_sets(
                lambda sets, i: all(n in i for n in sets[0] if all(n in s for s in sets[1:]))
            )
        ),
    ),
    Fault(
        "alternative-required-ignored",
        "required",
        "under-strict",
        kw(required=required_sets(lambda sets, i: True)),
    ),
    Fault("dependent-required-ignored", "required", "under-strict", kw(dependentRequired=nothing)),
    Fault(
        "dependent-required-reversed",
        "required",
        "over-strict",
        kw(dependentRequired=_dependent(lambda value: True, reverse=True)),
    ),
    Fault(
        "dependent-required-only-when-true",
        "required",
        "under-strict",
        kw(dependentRequired=_dependent(lambda value: value is not False)),
    ),
    # --- enum ---------------------------------------------------------------------------------
    Fault(
        "enum-case-insensitive",
        "enum",
        "under-strict",
        kw(enum=_enum(lambda x, o: _exact(x, o) or (isinstance(x, str) and x.lower() in o))),
        new=False,
    ),
    Fault(
        "enum-strips-spaces",
        "enum",
        "under-strict",
        kw(enum=_enum(lambda x, o: _exact(x, o) or (isinstance(x, str) and x.strip() in o))),
        new=False,
    ),
    Fault(
        "enum-shared-across-definitions",
        "enum",
        "under-strict",
        kw(enum=_enum(lambda x, o: _exact(x, o) or x in ALL_ENUM_VALUES)),
        new=False,
    ),
    Fault(
        "enum-accepts-empty-string",
        "enum",
        "under-strict",
        kw(enum=_enum(lambda x, o: _exact(x, o) or x == "")),
        new=False,
    ),
    Fault(
        "enum-misses-last-value",
        "enum",
        "over-strict",
        kw(enum=_enum(lambda x, o: _exact(x, o[:-1]))),
        new=False,
    ),
    Fault(
        "enum-instance-types-as-prefix",
        "enum",
        "under-strict",
        kw(
            enum=_enum(
                lambda x, o: (
                    _exact(x, o)
                    or (isinstance(x, str) and bool(x) and any(str(e).startswith(x) for e in o))
                )
            )
        ),
        new=False,
    ),
    # --- minimum / maximum ------------------------------------------------------------------
    Fault(
        "minimum-off-by-one",
        "minimum",
        "under-strict",
        kw(minimum=bound_check("minimum", lambda x, b: x < b - 1)),
        new=False,
    ),
    Fault(
        "minimum-exclusive",
        "minimum",
        "over-strict",
        kw(minimum=bound_check("minimum", lambda x, b: x <= b)),
        new=False,
    ),
    Fault(
        "exclusive-minimum-read-as-inclusive",
        "minimum",
        "under-strict",
        kw(exclusiveMinimum=reference_check("minimum")),
    ),
    Fault("exclusive-minimum-ignored", "minimum", "under-strict", kw(exclusiveMinimum=nothing)),
    Fault(
        "int64-string-minimum-ignored",
        "minimum",
        "under-strict",
        kw(minimum=scoped("minimum", lambda n: n.spec.string_encoded, nothing)),
    ),
    Fault("maximum-ignored", "maximum", "under-strict", kw(maximum=nothing)),
    Fault(
        "maximum-read-as-exclusive",
        "maximum",
        "over-strict",
        kw(maximum=reference_check("exclusiveMaximum")),
    ),
    Fault(
        "maximum-off-by-one",
        "maximum",
        "under-strict",
        kw(maximum=bound_check("maximum", lambda x, b: x > b + 1)),
    ),
    Fault(
        "maximum-ignored-in-tuples",
        "maximum",
        "under-strict",
        kw(maximum=scoped("maximum", _in("/rollout/"), nothing)),
    ),
    Fault(
        "maximum-ignored-on-doubles",
        "maximum",
        "under-strict",
        kw(maximum=scoped("maximum", _is("float"), nothing)),
    ),
    # --- multipleOf -------------------------------------------------------------------------
    Fault("multiple-of-ignored", "multiple-of", "under-strict", kw(multipleOf=nothing)),
    Fault(
        "multiple-of-half-step",
        "multiple-of",
        "under-strict",
        kw(multipleOf=_multiple(lambda step: Fraction(step) / 2)),
    ),
    Fault(
        "multiple-of-read-as-divisor",
        "multiple-of",
        "over-strict",
        kw(multipleOf=_divisor),
    ),
    # --- type: JSON types of the new types --------------------------------------------------
    Fault("int64-as-json-number", "type", "under-strict", v(types={"int64": accepting(number)})),
    Fault(
        "double-as-numeric-string",
        "type",
        "under-strict",
        v(types={"double": accepting(text(lambda s: _lexical.decimal(s) is not None))}),
    ),
    Fault(
        "datetime-as-epoch-number",
        "type",
        "under-strict",
        v(types={"datetime": accepting(number)}),
    ),
    Fault(
        "uuid-as-any-json-value",
        "type",
        "under-strict",
        v(types={"uuid": accepting(lambda x: not isinstance(x, str))}),
    ),
    Fault(
        "map-as-array",
        "type",
        "under-strict",
        v(types={"map": accepting(lambda x: isinstance(x, list))}),
    ),
    Fault(
        "set-as-object",
        "type",
        "under-strict",
        v(types={"set": accepting(lambda x: isinstance(x, dict))}),
    ),
    Fault(
        "tuple-as-object",
        "type",
        "under-strict",
        v(types={"tuple": accepting(lambda x: isinstance(x, dict))}),
    ),
    Fault(
        "choice-as-string",
        "type",
        "under-strict",
        v(types={"choice": accepting(lambda x: isinstance(x, str))}),
    ),
    Fault(
        "binary-as-number",
        "type",
        "under-strict",
        v(types={"binary": accepting(number)}),
    ),
    Fault(
        "map-values-unchecked",
        "type",
        "under-strict",
        kw(values=nothing),
    ),
    Fault(
        "set-items-unchecked",
        "type",
        "under-strict",
        kw(items=_set_items(_json_unique, walk_items=False)),
    ),
    Fault(
        "tuple-elements-unchecked",
        "type",
        "under-strict",
        kw(tuple=_tuple(lambda n, k: n == k, check_items=False)),
    ),
    Fault(
        "tuple-order-swapped",
        "type",
        "over-strict",
        kw(tuple=_tuple(lambda n, k: n == k, swap=True)),
    ),
    Fault(
        "choice-with-two-tags-accepted",
        "type",
        "under-strict",
        kw(choices=_choice(lambda i: list(i)[:1] or None)),
    ),
    Fault(
        "choice-unknown-tag-accepted",
        "type",
        "under-strict",
        kw(choices=_choice(_exactly_one, unknown_ok=True)),
    ),
    Fault(
        "choice-empty-accepted",
        "type",
        "under-strict",
        kw(choices=_choice(lambda i: list(i) if len(i) <= 1 else None)),
    ),
    Fault(
        "choice-value-unchecked",
        "format",
        "under-strict",
        kw(choices=_choice(_exactly_one, check_value=False)),
    ),
    Fault(
        "additional-properties-schema-ignored",
        "type",
        "under-strict",
        kw(additionalProperties=scoped("additionalProperties", _in(_S3), nothing)),
    ),
    Fault(
        "extends-base-properties-unchecked",
        "format",
        "under-strict",
        kw(properties=_base_unchecked),
    ),
    Fault(
        "true-is-int32",
        "type",
        "under-strict",
        v(types={"int32": accepting(lambda x: x is True)}),
        new=False,
    ),
    Fault(
        "null-for-optional",
        "type",
        "under-strict",
        v(types={t: accepting(lambda x: x is None) for t in ("string", "int32", "boolean")}),
        new=False,
    ),
    # --- range --------------------------------------------------------------------------------
    Fault(
        "uint8-as-int8",
        "range",
        "under-strict",
        v(types={"uint8": forgiving("range", lambda x: -128 <= x < 0)}),
    ),
    Fault(
        "uint8-off-by-one-below",
        "range",
        "under-strict",
        v(types={"uint8": forgiving("range", lambda x: x == -1)}),
    ),
    Fault(
        "int64-range-unchecked",
        "range",
        "under-strict",
        v(types={"int64": forgiving("range", lambda x: True)}),
    ),
    Fault(
        "int64-through-a-double",
        "range",
        "over-strict",
        v(types={"int64": _int64_float}),
    ),
    Fault(
        "int32-no-upper-bound",
        "range",
        "under-strict",
        v(types={"int32": forgiving("range", lambda x: x > 0)}),
        new=False,
    ),
    # --- format: lexical forms of the string-encoded types ----------------------------------
    Fault(
        "int64-leading-zeros-accepted",
        "format",
        "under-strict",
        v(types={"int64": _int64_loose(lambda s: s.lstrip("0") or "0")}),
    ),
    Fault(
        "int64-plus-sign-accepted",
        "format",
        "under-strict",
        v(types={"int64": _int64_loose(lambda s: s[1:] if s.startswith("+") else s)}),
    ),
    Fault(
        "int64-surrounding-spaces-accepted",
        "format",
        "under-strict",
        v(types={"int64": _int64_loose(str.strip)}),
    ),
    Fault(
        "int64-exponent-accepted",
        "format",
        "under-strict",
        v(types={"int64": accepting(text(lambda s: re.fullmatch(r"-?\d+[eE]\d+", s) is not None))}),
    ),
    Fault(
        "uuid-upper-case-refused",
        "format",
        "over-strict",
        v(types={"uuid": refusing("format", text(lambda s: s != s.lower()))}),
    ),
    Fault(
        "uuid-without-hyphens-accepted",
        "format",
        "under-strict",
        v(types={"uuid": accepting(text(_uuid_form))}),
    ),
    Fault(
        "uuid-braces-accepted",
        "format",
        "under-strict",
        v(types={"uuid": accepting(text(lambda s: lexical("uuid")(s.strip("{}"))))}),
    ),
    Fault(
        "uuid-urn-accepted",
        "format",
        "under-strict",
        v(types={"uuid": accepting(text(lambda s: lexical("uuid")(s.removeprefix("urn:uuid:"))))}),
    ),
    Fault(
        "uuid-any-hex-accepted",
        "format",
        "under-strict",
        v(types={"uuid": accepting(text(lambda s: re.fullmatch(r"[0-9a-fA-F-]+", s) is not None))}),
    ),
    Fault(
        "datetime-without-offset-accepted",
        "format",
        "under-strict",
        v(types={"datetime": accepting(text(lambda s: lexical("datetime")(s + "Z")))}),
    ),
    Fault(
        "datetime-space-separator-accepted",
        "format",
        "under-strict",
        v(types={"datetime": accepting(text(lambda s: lexical("datetime")(s.replace(" ", "T"))))}),
    ),
    Fault(
        "datetime-lower-case-t-z-refused",
        "format",
        "over-strict",
        v(types={"datetime": refusing("format", text(lambda s: "t" in s or "z" in s))}),
    ),
    Fault(
        "datetime-leap-second-refused",
        "format",
        "over-strict",
        v(types={"datetime": refusing("format", text(lambda s: ":60" in s))}),
    ),
    Fault(
        "datetime-fraction-refused",
        "format",
        "over-strict",
        v(types={"datetime": refusing("format", text(lambda s: "." in s))}),
    ),
    Fault(
        "datetime-offset-refused",
        "format",
        "over-strict",
        v(types={"datetime": refusing("format", text(_offset))}),
    ),
    Fault(
        "datetime-any-day-of-month-accepted",
        "format",
        "under-strict",
        v(
            types={
                "datetime": accepting(
                    text(lambda s: lexical("datetime")(re.sub(r"^(\d{4}-\d\d)-3[01]", r"\1-28", s)))
                )
            }
        ),
    ),
    Fault(
        "datetime-leap-day-refused",
        "format",
        "over-strict",
        v(types={"datetime": refusing("format", text(lambda s: s[4:10] == "-02-29"))}),
    ),
    Fault(
        "datetime-leap-second-anywhere-accepted",
        "format",
        "under-strict",
        v(
            types={
                "datetime": accepting(text(lambda s: lexical("datetime")(s.replace(":60", ":59"))))
            }
        ),
    ),
    Fault(
        "duration-fractions-accepted",
        "format",
        "under-strict",
        v(
            types={
                "duration": accepting(
                    text(lambda s: lexical("duration")(re.sub(r"[.,]\d+", "", s)))
                )
            }
        ),
    ),
    Fault(
        "duration-as-lax-regex",
        "format",
        "under-strict",
        v(types={"duration": accepting(text(_duration_loose))}),
    ),
    Fault(
        "duration-free-text-accepted",
        "format",
        "under-strict",
        v(types={"duration": accepting(text(lambda s: not s.startswith("P")))}),
    ),
    Fault(
        "duration-time-only-refused",
        "format",
        "over-strict",
        v(types={"duration": refusing("format", text(lambda s: s.startswith("PT")))}),
    ),
    Fault(
        "binary-padding-refused",
        "format",
        "over-strict",
        v(types={"binary": refusing("format", text(lambda s: "=" in s))}),
    ),
    Fault(
        "binary-empty-refused",
        "format",
        "over-strict",
        v(types={"binary": refusing("format", text(lambda s: s == ""))}),
    ),
    Fault(
        "binary-any-string-accepted",
        "format",
        "under-strict",
        v(types={"binary": accepting(text(lambda s: True))}),
    ),
    Fault(
        "binary-unpadded-accepted",
        "format",
        "under-strict",
        v(types={"binary": accepting(text(_base64_unpadded))}),
    ),
    Fault(
        "binary-url-safe-alphabet-accepted",
        "format",
        "under-strict",
        v(
            types={
                "binary": accepting(
                    text(
                        lambda s: _lexical.encoded("base64", s.replace("-", "+").replace("_", "/"))
                    )
                )
            }
        ),
    ),
    # --- length --------------------------------------------------------------------------------
    Fault("max-length-ignored", "length", "under-strict", kw(maxLength=nothing)),
    Fault("min-length-ignored", "length", "under-strict", kw(minLength=nothing)),
    Fault(
        "max-length-off-by-one",
        "length",
        "under-strict",
        kw(maxLength=length_check(False, len, slack=1)),
    ),
    Fault(
        "max-length-exclusive",
        "length",
        "over-strict",
        kw(maxLength=length_check(False, len, slack=-1)),
    ),
    Fault(
        "max-length-counts-utf8-bytes",
        "length",
        "over-strict",
        kw(maxLength=length_check(False, _utf8)),
    ),
    Fault(
        "max-length-counts-utf16-units",
        "length",
        "over-strict",
        kw(maxLength=length_check(False, _utf16)),
    ),
    Fault(
        "max-length-ignored-on-map-values",
        "length",
        "under-strict",
        kw(values=without("values", "maxLength")),
    ),
    Fault(
        "max-length-ignored-in-choices",
        "length",
        "under-strict",
        Variant(keywords={"maxLength": scoped("maxLength", _in("/choices/"), nothing)}).validate,
    ),
    # --- pattern ---------------------------------------------------------------------------------
    Fault(
        "pattern-as-search",
        "pattern",
        "under-strict",
        kw(pattern=pattern_check(_lexical.search)),
    ),
    Fault("pattern-ignored", "pattern", "under-strict", kw(pattern=nothing)),
    Fault(
        "pattern-anchored-at-start-only",
        "pattern",
        "under-strict",
        kw(pattern=pattern_check(lambda p, s: re.match(p, s) is not None)),
    ),
    Fault(
        "pattern-case-insensitive",
        "pattern",
        "under-strict",
        kw(pattern=pattern_check(lambda p, s: re.fullmatch(p, s, re.IGNORECASE) is not None)),
    ),
    Fault(
        "pattern-ignored-on-set-items",
        "pattern",
        "under-strict",
        kw(items=scoped("items", _is("set"), without("items", "pattern"))),
    ),
    Fault(
        "pattern-ignored-on-inherited-arns",
        "pattern",
        "under-strict",
        kw(pattern=scoped("pattern", _in("IamRoleArn"), nothing)),
    ),
    # --- items: sets and tuples -----------------------------------------------------------------
    Fault(
        "set-duplicates-accepted",
        "items",
        "under-strict",
        kw(items=_set_items(lambda i: True)),
    ),
    Fault(
        "set-duplicates-only-adjacent",
        "items",
        "under-strict",
        kw(items=_set_items(_adjacent_unique)),
    ),
    Fault("max-items-ignored", "items", "under-strict", kw(maxItems=nothing)),
    Fault(
        "max-items-off-by-one",
        "items",
        "under-strict",
        kw(maxItems=count_check("items", lambda n, c: n > c + 1, list)),
    ),
    Fault(
        "max-items-exclusive",
        "items",
        "over-strict",
        kw(maxItems=count_check("items", lambda n, c: n >= c, list)),
    ),
    Fault(
        "tuple-arity-unchecked",
        "items",
        "under-strict",
        kw(tuple=_tuple(lambda n, k: True)),
    ),
    Fault(
        "tuple-extra-elements-accepted",
        "items",
        "under-strict",
        kw(tuple=_tuple(lambda n, k: n >= k)),
    ),
    Fault(
        "tuple-missing-elements-accepted",
        "items",
        "under-strict",
        kw(tuple=_tuple(lambda n, k: n <= k)),
    ),
    # --- entries: maps -------------------------------------------------------------------------
    Fault("max-entries-ignored", "entries", "under-strict", kw(maxEntries=nothing)),
    Fault(
        "max-entries-off-by-one",
        "entries",
        "under-strict",
        kw(maxEntries=count_check("entries", lambda n, c: n > c + 1, dict)),
    ),
    Fault(
        "max-entries-exclusive",
        "entries",
        "over-strict",
        kw(maxEntries=count_check("entries", lambda n, c: n >= c, dict)),
    ),
    Fault("key-names-ignored", "entries", "under-strict", kw(keyNames=nothing)),
    Fault(
        "key-names-min-length-ignored",
        "entries",
        "under-strict",
        kw(keyNames=without("keyNames", "minLength")),
    ),
    Fault(
        "key-names-counted-in-utf8-bytes",
        "entries",
        "over-strict",
        Variant(
            keywords={
                "maxLength": scoped("maxLength", _in("/keyNames"), length_check(False, _utf8))
            }
        ).validate,
    ),
    Fault(
        "empty-map-refused",
        "entries",
        "over-strict",
        kw(maxEntries=count_check("entries", lambda n, c: n == 0 or n > c, dict)),
    ),
    # --- additional-properties ------------------------------------------------------------------
    Fault(
        "additional-properties-false-ignored",
        "additional-properties",
        "under-strict",
        kw(additionalProperties=_closed(lambda n, k: False)),
    ),
    Fault(
        "closed-object-refuses-inherited-members",
        "additional-properties",
        "over-strict",
        kw(additionalProperties=_closed(lambda n, k: k not in n.properties or k in BASE)),
    ),
    Fault(
        "additional-properties-refused-where-a-schema-allows-them",
        "additional-properties",
        "over-strict",
        kw(additionalProperties=_schema_extras_refused),
    ),
    Fault(
        "every-object-closed",
        "unknown-properties",
        "over-strict",
        _ClosedEverywhere().validate,
        new=False,
    ),
    # --- defaults -------------------------------------------------------------------------------
    Fault(
        "defaults-required", "defaults", "over-strict", refuse_when(_defaulted_missing), new=False
    ),
    Fault(
        "explicit-default-refused",
        "defaults",
        "over-strict",
        refuse_when(_default_given),
        new=False,
    ),
    Fault(
        "default-filled-with-the-wrong-value",
        "defaults",
        "under-strict",
        _fill_with(_wrong_default),
        new=False,
    ),
    Fault(
        "default-filling-overwrites-present-values",
        "defaults",
        "over-strict",
        _fill_with(lambda c: deepcopy(c.default), overwrite=True),
        new=False,
    ),
    Fault(
        "default-filling-not-recursive",
        "defaults",
        "under-strict",
        _fill_with(lambda c: deepcopy(c.default), recurse=False),
        new=False,
    ),
    # --- stance and state -----------------------------------------------------------------------
    Fault(
        "unknown-properties-refused",
        "unknown-properties",
        "over-strict",
        refuse_when(_unknown_member),
        new=False,
    ),
    Fault(
        "decimal-point-is-int32",
        "integer-lexical",
        "under-strict",
        v(types={"int32": forgiving("integer-lexical", lambda x: True)}),
        new=False,
    ),
    Fault(
        "keeps-state-between-calls",
        "*",
        "over-strict",
        _Stateful().validate,
        new=False,
        fresh=lambda: _Stateful().validate,
    ),
]

_DP = {"inputDataS3Location": "s3://my-bucket/in", "processedDataS3Location": "s3://my-bucket/out"}
_MT = {"dataProcessingJobId": "dp-1", "trainModelS3Location": "s3://my-bucket/model"}
_TF = {"trainingJobName": "sm-job", "modelTransformOutputS3Location": "s3://my-bucket/out"}
_DT = "2024-01-01T00:00:00Z"


def _dp(**members: Any) -> tuple[str, dict[str, Any]]:
    return "DataProcessingJob", {**_DP, **members}


def _mt(**members: Any) -> tuple[str, dict[str, Any]]:
    return "ModelTrainingJob", {**_MT, **members}


def _tf(**members: Any) -> tuple[str, dict[str, Any]]:
    return "ModelTransformJob", {**_TF, **members}


def _ie(**members: Any) -> tuple[str, dict[str, Any]]:
    return "InferenceEndpoint", members


#: For faults no run catches yet: an instance on which the fault and the reference disagree
#: (for default-filling faults, an instance they fill differently). It proves the fault is a
#: real one and shows what generation has to draw to catch it.
WITNESSES: dict[str, tuple[str, Any]] = {
    "nested-required-ignored": _mt(customModelTrainingParameters={}),
    "dependent-required-only-when-true": _ie(update=False),
    "int64-string-minimum-ignored": _dp(maxBytesProcessed="-1"),
    "maximum-ignored-in-tuples": _ie(rollout=[101, _DT]),
    "maximum-ignored-on-doubles": _mt(learningRate=1.5),
    "multiple-of-half-step": _mt(batchSize=24),
    "double-as-numeric-string": _mt(learningRate="0.5"),
    "datetime-as-epoch-number": _ie(createdAt=1704067200),
    "uuid-as-any-json-value": _ie(id=5),
    "map-as-array": _ie(tags=["team"]),
    "set-as-object": _dp(subnets={"a": "subnet-0123abcd"}),
    "tuple-as-object": _ie(rollout={"percent": 1, "since": _DT}),
    "choice-as-string": _ie(status="creating"),
    "binary-as-number": _tf(checksum=5),
    "map-values-unchecked": _ie(tags={"team": 5}),
    "set-items-unchecked": _dp(subnets=[5]),
    "tuple-elements-unchecked": _ie(rollout=[_DT, 50]),
    "choice-unknown-tag-accepted": _ie(status={"paused": _DT}),
    "choice-empty-accepted": _ie(status={}),
    "choice-value-unchecked": _ie(status={"creating": "yesterday"}),
    "true-is-int32": _ie(instanceCount=True),
    "uint8-as-int8": _ie(rollout=[-1, _DT]),
    "uint8-off-by-one-below": _ie(rollout=[-1, _DT]),
    "int64-range-unchecked": _dp(maxBytesProcessed="9223372036854775808"),
    "int64-plus-sign-accepted": _dp(maxBytesProcessed="+5"),
    "int64-surrounding-spaces-accepted": _dp(maxBytesProcessed=" 5"),
    "int64-exponent-accepted": _dp(maxBytesProcessed="1e5"),
    "uuid-braces-accepted": _ie(id="{123e4567-e89b-12d3-a456-426614174000}"),
    "uuid-urn-accepted": _ie(id="urn:uuid:123e4567-e89b-12d3-a456-426614174000"),
    "datetime-space-separator-accepted": _ie(createdAt="2024-01-01 00:00:00Z"),
    "datetime-any-day-of-month-accepted": _ie(createdAt="2023-02-30T00:00:00Z"),
    "datetime-leap-second-anywhere-accepted": _ie(createdAt="2024-01-01T12:00:60Z"),
    "duration-fractions-accepted": _ie(scaleUpCooldown="PT0.5S"),
    "duration-as-lax-regex": _ie(scaleUpCooldown="P1Y1D"),
    "binary-any-string-accepted": _tf(checksum="not base64!"),
    "binary-unpadded-accepted": _tf(checksum="eA"),
    "binary-url-safe-alphabet-accepted": _tf(checksum="-_8="),
    "min-length-ignored": _mt(dataProcessingJobId=""),
    "max-length-counts-utf8-bytes": _mt(dataProcessingJobId="é" * 64),
    "max-length-counts-utf16-units": _mt(dataProcessingJobId="🚀" * 64),
    "max-length-ignored-in-choices": _ie(status={"failed": "x" * 1025}),
    "pattern-anchored-at-start-only": _dp(inputDataS3Location="s3://my-bucket and more"),
    "pattern-case-insensitive": _dp(inputDataS3Location="S3://MY-BUCKET"),
    "pattern-ignored-on-set-items": _dp(subnets=["sn-1"]),
    "pattern-ignored-on-inherited-arns": _ie(neptuneIamRoleArn="role"),
    "set-duplicates-only-adjacent": _dp(
        subnets=["subnet-0123abcd", "subnet-4567abcd", "subnet-0123abcd"]
    ),
    "max-items-ignored": _dp(subnets=[f"subnet-{n:08x}" for n in range(17)]),
    "max-items-off-by-one": _dp(subnets=[f"subnet-{n:08x}" for n in range(17)]),
    "max-items-exclusive": _dp(subnets=[f"subnet-{n:08x}" for n in range(16)]),
    "tuple-extra-elements-accepted": _ie(rollout=[50, _DT, 1]),
    "max-entries-ignored": _ie(tags={f"k{n}": "v" for n in range(51)}),
    "max-entries-off-by-one": _ie(tags={f"k{n}": "v" for n in range(51)}),
    "max-entries-exclusive": _ie(tags={f"k{n}": "v" for n in range(50)}),
    "key-names-ignored": _ie(tags={"k" * 129: "v"}),
    "key-names-min-length-ignored": _ie(tags={"": "v"}),
    "key-names-counted-in-utf8-bytes": _ie(tags={"é" * 128: "v"}),
    "default-filling-overwrites-present-values": _dp(processingTimeOutInSeconds=60),
    "default-filling-not-recursive": _mt(
        customModelTrainingParameters={"sourceS3DirectoryPath": "s3://my-bucket/src"}
    ),
}
