"""Judging one validator's answers: verdicts, and for a refused valid instance the rule the
validator broke (diagnosis by counterfactual calls)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .._generation import blame as _blame
from .._generation.typed import admits, first_value
from .._model.cases import Case
from .._model.categories import is_blocking
from .._model.compile import DIALECT, json_schema_rejects
from .._model.reference import fill_defaults, json_equal
from .._model.stance import stance_features, without_stance
from .._model.structure import Node, Structure
from ..adapters import Adapter, Answer


@dataclass(frozen=True)
class Outcome:
    """One case judged for one validator."""

    case: Case
    verdict: str  # passed | failed | errored | skipped
    got: str
    detail: str = ""
    category: str = ""

    @property
    def blame(self) -> str:
        return self.category or self.case.category or "type"


def judge(case: Case, answer: Answer) -> Outcome:
    if answer.status in ("errored", "skipped"):
        return Outcome(case, answer.status, answer.status, answer.detail)
    verdict = "passed" if (answer.status == "valid") == case.valid else "failed"
    return Outcome(case, verdict, answer.status, answer.detail)


def diagnose_rejection(structure: Structure, adapter: Adapter, outcome: Outcome) -> Outcome:
    """Name the rule a validator broke when it rejected a valid instance.

    A rejected valid instance says only "something was refused". Counterfactual calls name
    the rule. First the stance features (`_stance`): if the instance is accepted once they
    are taken out, their stance category is blamed, and otherwise the rest works on the
    instance without them, so that evidence carrying a stance feature never convicts in a
    blocking category (docs/STANCE.md). Then, if the instance is accepted once its defaults are
    filled in, the validator treats defaulted properties as required (`defaults`);
    otherwise, the first property whose value, replaced by a plain one, makes the instance
    accepted is the culprit, and its rule (enum, minimum, int32 range, or type) is blamed.
    With no culprit the case's own category stands.
    """
    case = outcome.case
    node = structure.definition(case.definition)
    instance = case.instance
    features = list(stance_features(node, instance))
    if features:
        blamed = _stance_blamed(adapter, outcome, node, features)
        if blamed is not None:
            return blamed
        instance = without_stance(node, instance, {category for category, _ in features})
    filled = fill_defaults(node, instance)
    if not json_equal(filled, instance) and _accepts(adapter, case.definition, filled):
        return _blamed(outcome, "defaults", "accepted once the defaulted properties are filled in")
    if node.spec.family != "object":
        return _narrowed(outcome, node, instance, lambda v: _accepts(adapter, case.definition, v))
    if not isinstance(instance, dict):
        return outcome
    plain = {
        name: plain_value(node.properties[name]) for name in instance if name in node.properties
    }
    if not _accepts(adapter, case.definition, plain):
        return _refused_property(adapter, outcome, node, plain)
    for name, value in instance.items():
        if _accepts(adapter, case.definition, {**plain, name: value}):
            continue
        child = node.properties.get(name)
        if child is not None:
            return _narrowed(outcome, child, value, _accepts_as(adapter, case, plain, name), name)
        category = blame_value(child, value)
        return _blamed(outcome, category, f"rejected because of {name!r} = {value!r:.80}")
    return outcome


def _accepts_as(
    adapter: Adapter, case: Case, plain: dict[str, Any], name: str
) -> Callable[[Any], bool]:
    """Whether the adapter accepts the plain instance with `name` set to a value."""
    return lambda value: _accepts(adapter, case.definition, {**plain, name: value})


def _narrowed(
    outcome: Outcome, node: Node, value: Any, accepted: Callable[[Any], bool], name: str = ""
) -> Outcome:
    """Blame the innermost member of a refused value that alone makes it refused
    (`_blame.narrow`), by the rule that member's value exercises; with none below the
    value, the value itself, and at the root the case's own category. A declared member
    refused whatever its value is refused as such: a closed object's validator took it for
    an undeclared one (`additional-properties`), an open object's refuses it (`type`)."""
    leaf, refused, below, inside = _blame.narrow(accepted, node, value, first_value)
    where = (f"/{name}" if name else "") + below
    member = _blame.refused_member(inside, leaf, refused, first_value)
    if member is not None:
        extra = leaf.additional_properties
        category = "additional-properties" if extra is not None and extra is not True else "type"
        return _blamed(outcome, category, f"refuses the declared member {where}/{member}")
    if not where:
        return outcome
    category = blame_value(leaf, refused)
    return _blamed(outcome, category, f"rejected because of {where} = {refused!r:.80}")


def _stance_blamed(
    adapter: Adapter, outcome: Outcome, node: Node, features: list[tuple[str, str]]
) -> Outcome | None:
    """The outcome blamed on a stance category when taking out that category's features
    (or, failing each alone, all of them) makes the instance accepted; else None."""
    definition, instance = outcome.case.definition, outcome.case.instance
    categories = list(dict.fromkeys(category for category, _ in features))
    for tried in [[c] for c in categories] + ([categories] if len(categories) > 1 else []):
        if _accepts(adapter, definition, without_stance(node, instance, tried)):
            where = ", ".join(p or "/" for c, p in features if c in tried)
            return _blamed(
                outcome,
                tried[0],
                f"accepted once its {' and '.join(tried)} stance features ({where}) are taken out",
            )
    return None


def _refused_property(adapter: Adapter, outcome: Outcome, node: Node, plain: Any) -> Outcome:
    """When even plain values are refused, look for a declared optional property that the
    validator refuses as such (botocore, whose service model lacks some of the structure's
    properties), or refuses with one particular value (its default, an enum value). Each
    optional property is tried alone beside the required ones, so two culprits in one
    instance do not hide each other."""
    definition = outcome.case.definition
    base = {k: v for k, v in plain.items() if k in node.required}
    if not _accepts(adapter, definition, base):
        return outcome
    for name in plain:
        if name in node.required:
            continue
        prop = node.properties[name]
        tried = values_to_try(prop)
        refused = [v for v in tried if not _accepts(adapter, definition, {**base, name: v})]
        if len(refused) == len(tried):
            shown = ", ".join(json.dumps(v) for v in tried)
            return _blamed(
                outcome,
                "type",
                f"refuses the declared property {name!r} with every valid value tried ({shown})",
            )
        if not refused:
            continue
        category = blame_value(prop, refused[0])
        # (a value rule, when one applies, names the refusal better than `defaults`)
        if (
            category == "type"
            and prop.has_default
            and any(json_equal(v, prop.default) for v in refused)
        ):
            why = f"refuses {name!r} given its default {json.dumps(prop.default)}"
            return _blamed(outcome, "defaults", why)
        return _blamed(outcome, category, f"refuses {name!r} = {refused[0]!r:.80}")
    return outcome


def values_to_try(node: Node) -> list[Any]:
    """A few valid values of a property: its plain value, its default, a few enum values and
    the type's edge values the node admits."""
    values = [plain_value(node)]
    if node.has_default:
        values.append(node.default)
    values.extend((node.enum or ())[:3])
    values.extend(v for v in node.spec.edges if admits(node, v))
    unique: list[Any] = []
    for value in values:
        if not any(json_equal(value, seen) for seen in unique):
            unique.append(value)
    return unique[:5]


def _accepts(adapter: Adapter, definition: str, instance: Any) -> bool:
    (answer,) = adapter.check([(definition, instance)])
    return answer.status == "valid"


def _blamed(outcome: Outcome, category: str, why: str) -> Outcome:
    detail = f"{outcome.detail}; {why}" if outcome.detail else why
    return Outcome(outcome.case, outcome.verdict, outcome.got, detail, category)


def plain_value(node: Node) -> Any:
    """The least remarkable valid value of a node (`blame.plain`)."""
    return _blame.plain(node, first_value)


def blame_value(node: Node | None, value: Any) -> str:
    """The rule a valid value exercises, for blaming a validator that refused it."""
    if node is None:
        return "unknown-properties"
    return _blame.blame(node, value)


def wants_defaults(case: Case) -> bool:
    return case.valid and case.category == "defaults"


def judge_defaults(
    structure: Structure,
    adapter: Adapter,
    case: Case,
    ahead: tuple[Any, str | None] | None = None,
) -> Outcome | None:
    """For a valid `defaults` case, check the adapter's default filling, if it has one.

    `ahead` is the adapter's fill when it was asked for with the batch's (`_fills_ahead`)."""
    if not wants_defaults(case):
        return None
    result = adapter.defaults(case.definition, case.instance) if ahead is None else ahead
    if result is None:
        return None
    filled, error = result
    if error is not None:
        return Outcome(case, "errored", "errored", f"apply_defaults {error}", "defaults")
    node = structure.definition(case.definition)
    expected = fill_defaults(node, case.instance)
    if not json_equal(filled, expected):
        return Outcome(
            case,
            "failed",
            f"filled {json.dumps(filled, sort_keys=True)}",
            f"apply_defaults should give {json.dumps(expected, sort_keys=True)}",
            "defaults",
        )
    return Outcome(case, "passed", "filled as declared", "", "defaults")


def evaluate(
    structure: Structure,
    adapter: Adapter,
    cases: Sequence[Case],
    answers: Sequence[Answer] | None = None,
    filled: Sequence[Any] | None = None,
) -> list[Outcome]:
    """Judge a batch of cases for one adapter (the plugin's and the CLI's single check).

    `answers` are the adapter's answers to the cases when they were asked for ahead, and
    `filled` its default fills of the cases that want them (`wants_defaults`), in order.
    """
    if answers is None:
        answers = adapter.check(_items(cases))
    if len(answers) != len(cases):
        answers = [Answer("errored", "adapter returned the wrong number of answers")] * len(cases)
    fills = _fills_ahead(adapter, cases, filled)
    outcomes = []
    for index, (case, answer) in enumerate(zip(cases, answers, strict=True)):
        outcome = judge(case, answer)
        if outcome.verdict == "failed" and case.valid:
            outcome = diagnose_rejection(structure, adapter, outcome)
        elif outcome.verdict == "failed" and _beyond_json_schema(structure, adapter, case):
            outcome = Outcome(
                case,
                NOT_EXPRESSIBLE,
                outcome.got,
                "JSON Schema 2020-12 cannot state this rule; the validator was given the "
                "compiled schema",
            )
        outcomes.append(outcome)
        extra = judge_defaults(structure, adapter, case, fills.get(index))
        if extra is not None:
            outcomes.append(extra)
    return outcomes


#: The verdict for an invalid case that breaks only rules JSON Schema cannot state, given to
#: validators that were handed the compiled schema: neither passed nor failed.
NOT_EXPRESSIBLE = "not-expressible"


def _beyond_json_schema(structure: Structure, adapter: Adapter, case: Case) -> bool:
    if getattr(adapter, "dialect", "") != DIALECT or case.valid:
        return False
    return is_blocking(case.category or "type") and not json_schema_rejects(
        structure, case.definition, case.instance
    )


def _fills_ahead(
    adapter: Adapter, cases: Sequence[Case], filled: Sequence[Any] | None = None
) -> dict[int, tuple[Any, str | None]]:
    """A batch's default fills by case index: those given (`stream`), or asked for in one
    request when the adapter offers `defaults_many` (an in-process validator's worker: one
    round trip per batch, not one per case)."""
    wanted = [i for i, case in enumerate(cases) if wants_defaults(case)]
    many = getattr(adapter, "defaults_many", None)
    if filled is None and many is not None and wanted:
        filled = many([(cases[i].definition, cases[i].instance) for i in wanted])
    return {} if filled is None else dict(zip(wanted, filled, strict=True))


def _items(cases: Sequence[Case]) -> list[tuple[str, Any]]:
    return [(c.definition, c.instance) for c in cases]
