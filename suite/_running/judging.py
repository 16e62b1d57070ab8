"""Judging one validator's answers: verdicts, and for a refused valid instance the rule the
validator broke (diagnosis by counterfactual calls)."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from .._generation import blame as _blame
from .._generation import explain as _explain
from .._generation import options as _options
from .._generation.typed import first_value
from .._io.pointer import pointer_tokens
from .._model.cases import Case
from .._model.categories import UNEXPLAINED, is_blocking
from .._model.compile import DIALECT, json_schema_rejects
from .._model.reference import fill_defaults, json_equal, validate_node
from .._model.stance import breaks, removable, stance_features, without_stance
from .._model.structure import Node, Structure
from ..adapters import Adapter, Answer


class Outcome(NamedTuple):
    """One case judged for one validator (a named tuple: one is made per case and
    validator, and a frozen dataclass costs several times as much to build)."""

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


def _asking(structure: Structure, adapter: Adapter, outcome: Outcome) -> _explain.Ask:
    """What the explanations of one diagnosis may ask: plain values drawn for seed 0, and
    the validator's answer for a pattern at the other places that have it."""
    return _explain.Ask(
        first_value, _pattern_elsewhere(structure, adapter, outcome.case.definition)
    )


def _pattern_elsewhere(
    structure: Structure, adapter: Adapter, definition: str
) -> Callable[[Node, Any], bool | None]:
    """Whether a value with a node's pattern is accepted at another definition's member with
    the same pattern (beside that definition's plainest members); None with no such place."""

    def probe(node: Node, value: Any) -> bool | None:
        found = None
        for name, other in structure.definitions.items():
            if name == definition or other.spec.family != "object":
                continue
            for member, child in other.properties.items():
                if child.rules.get("pattern") != node.rules.get("pattern"):
                    continue
                trial = {**_options.plain(other), member: value}
                if next(iter(validate_node(other, trial)), None) is not None:
                    continue  # not a valid instance there: no evidence
                if _accepts(adapter, name, trial):
                    return True
                found = False
        return found

    return probe


def diagnose_rejection(
    structure: Structure, adapter: Adapter, outcome: Outcome, document: bool = True
) -> Outcome:
    """Name the rule a validator broke when it rejected a valid instance.

    A rejected valid instance says only "something was refused". Counterfactual calls name
    the rule. First the stance features (`_stance`): if the instance is accepted once they
    are taken out, their stance category is blamed; where the instance is valid only with
    them (taken out, it breaks a count or a `required`), `_bearing` asks whether the refusal
    is theirs, and if it is not they stay in every probe below; otherwise the rest works on
    the instance without them, so that evidence carrying a stance feature never convicts in
    a blocking category (docs/STANCE.md). A `document` is a whole instance (its root
    `$schema` names its structure); a branch diagnosed alone is not. Then, if the instance
    is accepted once its defaults are filled in, the validator treats defaulted properties
    as required (`defaults`); otherwise the smallest change that makes the instance accepted
    names the rule: a member's value replaced by a plain one (its value's rule: enum,
    minimum, range, format ...), and where no single value is the culprit, a change of the
    container itself (`_explain.explain`: members dropped or added, which is how a misread
    alternative-sets `required` shows; its shape; another branch or tag). With no such
    change the verdict is `unexplained` (blocking), never the category the case was drawn
    for: that category names what the generator aimed at, not a rule the validator broke.
    """
    case = outcome.case
    node = structure.definition(case.definition)
    instance = case.instance
    ask = _asking(structure, adapter, outcome)
    features = list(stance_features(node, instance, document))
    present = list(dict.fromkeys(category for category, _ in features))
    categories = removable(node, instance, present, document)
    blamed = _stance_blamed(adapter, outcome, node, features, categories, document)
    if blamed is not None:
        return blamed
    bearing = [c for c in present if c not in categories]
    kept: dict[str, Any] = {}  # members the instance's validity rests on: in every probe
    if bearing:  # valid only as the stance reads it
        verdict = _bearing(adapter, outcome, node, features, bearing, document)
        if verdict is not None:
            return verdict
        kept = {name: instance[name] for name in _root_members(features, bearing)}
    instance = without_stance(node, instance, categories, document)

    def accepted(value: Any) -> bool:
        return _accepts(adapter, case.definition, value)

    if instance in ({}, []):  # an empty container refused: its shape before its defaults
        shaped = _explain.empty_shape(accepted, node, instance, ask)
        if shaped is not None:
            return _blamed(outcome, shaped[0], f"at /: {shaped[1]}")
    # (a validator that accepts the node's plain value, defaulted members left out, does
    # not take them for required: its refusal is another rule's)
    filled = fill_defaults(node, instance)
    if not json_equal(filled, instance) and accepted(filled) and not accepted(_options.plain(node)):
        return _blamed(outcome, "defaults", "accepted once the defaulted properties are filled in")

    if node.spec.family != "object":
        found = _narrowed(outcome, node, instance, accepted, ask)
        if found.category == UNEXPLAINED or _explain.OTHER_BRANCH in found.detail:
            return _branch_alone(structure, adapter, outcome, node, instance) or found
        return found
    if not isinstance(instance, dict):
        return _unexplained(outcome, "the instance is not an object")
    plain = {
        name: _options.plain(node.properties[name]) for name in instance if name in node.properties
    } | kept
    if not accepted(plain):
        return _refused_property(adapter, outcome, node, plain, instance, ask)
    for name, value in instance.items():
        if accepted({**plain, name: value}):
            continue
        child = node.properties.get(name)
        if child is not None:
            accepts = _accepts_as(adapter, case, plain, name)
            return _narrowed(outcome, child, value, accepts, ask, name)
        category = blame_value(child, value)
        return _blamed(outcome, category, f"rejected because of {name!r} = {value!r:.80}")
    return _explained(outcome, node, instance, accepted, ask)


def _value_or_default(node: Node | None, value: Any) -> str:
    """The rule a refused valid value exercises; a value rule, when one applies, names the
    refusal better than `defaults`, which is blamed for the member's own default."""
    category = blame_value(node, value)
    if category == "type" and node is not None and node.has_default:
        return "defaults" if json_equal(value, node.default) else category
    return category


def _branch_alone(
    structure: Structure, adapter: Adapter, outcome: Outcome, node: Node, instance: Any
) -> Outcome | None:
    """A tagged choice whose chosen branch is a definition of its own, and whose branch value
    the validator refuses as that definition too: where nothing smaller than another tag
    explained the refusal, it is the branch's, so it is diagnosed there, never blamed on
    the tag (a validator that refuses every instance of a definition would otherwise be
    blamed for the choice, where another tag is accepted)."""
    if node.spec.family != "choice" or "selector" in node.rules or not isinstance(instance, dict):
        return None
    if len(instance) != 1:
        return None
    ((tag, member),) = instance.items()
    branch = node.rules.get("choices", {}).get(tag)
    name = next((n for n, d in structure.definitions.items() if d is branch), None)
    if name is None or _accepts(adapter, name, member):
        return None
    case = replace(outcome.case, definition=name, instance=member)
    # the branch's value is no document: a `$schema` in it is data
    inner = diagnose_rejection(
        structure, adapter, Outcome(case, "failed", outcome.got), document=False
    )
    why = f"at /{tag}, refused as a {name} too: {inner.detail}"
    return _blamed(outcome, inner.category or UNEXPLAINED, why)


def _with(
    accepted: Callable[[Any], bool], base: dict[str, Any], name: str
) -> Callable[[Any], bool]:
    """Whether `base` with `name` set to a value is accepted."""
    return lambda value: accepted({**base, name: value})


def _accepts_as(
    adapter: Adapter, case: Case, plain: dict[str, Any], name: str
) -> Callable[[Any], bool]:
    """Whether the adapter accepts the plain instance with `name` set to a value."""
    return lambda value: _accepts(adapter, case.definition, {**plain, name: value})


def _narrowed(
    outcome: Outcome,
    node: Node,
    value: Any,
    accepted: Callable[[Any], bool],
    ask: _explain.Ask,
    name: str = "",
) -> Outcome:
    """Blame the innermost member of a refused value that alone makes it refused
    (`_blame.narrow`), by the rule that member's value exercises. Where that member holds
    members of its own and none alone is the culprit, the container itself is explained
    (`_explained`); a value at the root that no member explains is `unexplained` unless its
    plain value is accepted."""
    leaf, refused, below, inside = _blame.narrow(accepted, node, value, ask.draw)
    where = (f"/{name}" if name else "") + below
    if _blame.members(leaf, refused) or isinstance(refused, dict | list):
        return _explained(outcome, leaf, refused, inside, ask, where)
    if not where and not inside(_options.plain(leaf)):
        return _unexplained(outcome, "not even a plain value is accepted in its place")
    category = _blame.edge_checked(inside, leaf, refused, _value_or_default(leaf, refused))
    return _blamed(outcome, category, f"rejected because of {where or '/'} = {refused!r:.80}")


def _explained(
    outcome: Outcome,
    node: Node,
    value: Any,
    accepted: Callable[[Any], bool],
    ask: _explain.Ask,
    where: str = "",
) -> Outcome:
    """The container's own explanation (`_explain.explain`), or `unexplained`."""
    found = _explain.explain(accepted, node, value, ask)
    if found is None and not where and not accepted(_options.plain(node)):
        name = outcome.case.definition
        return _unexplained(
            outcome,
            f"no smaller change to it is accepted, nor the plainest {name} "
            f"({json.dumps(_options.plain(node), sort_keys=True):.120}): the "
            f"validator refuses every {name} tried",
        )
    if found is None:
        return _unexplained(outcome, f"no smaller change to {where or '/'} is accepted")
    category, why = found
    return _blamed(outcome, category, f"at {where or '/'}: {why}")


def _unexplained(outcome: Outcome, why: str) -> Outcome:
    return _blamed(outcome, UNEXPLAINED, f"refused, and {why}")


def _bearing(
    adapter: Adapter,
    outcome: Outcome,
    node: Node,
    features: list[tuple[str, str]],
    bearing: list[str],
    document: bool,
) -> Outcome | None:
    """The verdict on a refused instance that is valid only with stance features (taken out,
    it breaks a count or a `required`), once the validator has been asked; None where what
    it refuses is not the features: a declared member's value (its plain value in place,
    the features kept, is accepted) or the object's count (a valid instance with one
    feature fewer is accepted). The diagnosis goes on then, the features kept in every
    probe.

    Otherwise the refusal is of the object with its features. The stance is blamed when a
    valid instance without any feature (the node's plain value) is accepted, or when there
    is none to ask about; a validator that refuses that one too refuses what no stance
    excuses: `unexplained`, blocking."""
    case = outcome.case
    instance = case.instance

    def accepted(value: Any) -> bool:
        return _accepts(adapter, case.definition, value)

    if isinstance(instance, dict) and node.type == "object":
        probe = {
            name: _options.plain(node.properties[name]) if name in node.properties else value
            for name, value in instance.items()
        }
        if accepted(probe):
            return None
        # a valid instance with one root feature fewer, accepted: the features themselves
        # are not what is refused (a count is), and the diagnosis goes on
        for dropped in _root_members(features):
            fewer = {name: value for name, value in instance.items() if name != dropped}
            if breaks(node, fewer, (), document) is None and accepted(fewer):
                return None
    broken = breaks(node, instance, [c for c, _ in features], document)
    where = ", ".join(p or "/" for c, p in features if c in bearing)
    said = "" if broken is None else f": without them, {broken.category} at {broken.path or '/'}"
    why = f"valid only with its {' and '.join(bearing)} stance features ({where}){said}"
    free = _options.plain(node)
    if breaks(node, free, (), document) is not None or any(stance_features(node, free, document)):
        return _blamed(outcome, bearing[0], f"{why}; no valid instance without them to ask about")
    if not accepted(free):
        return _unexplained(outcome, f"{why}, and a valid instance without them is refused too")
    return _blamed(outcome, bearing[0], f"{why}; a valid instance without them is accepted")


def _root_members(
    features: list[tuple[str, str]], categories: Collection[str] | None = None
) -> list[str]:
    """The names of the root's members that are stance features (of `categories`, or any)."""
    found = [
        (category, pointer_tokens(pointer))
        for category, pointer in features
        if categories is None or category in categories
    ]
    return [str(tokens[0]) for _, tokens in found if len(tokens) == 1]


def _stance_blamed(
    adapter: Adapter,
    outcome: Outcome,
    node: Node,
    features: list[tuple[str, str]],
    categories: list[str],
    document: bool,
) -> Outcome | None:
    """The outcome blamed on a stance category when taking out that category's features
    (or, failing each alone, all of them) makes the instance accepted; else None. Only
    `categories` are tried: those whose features leave a valid instance when taken out
    (`removable`), so that what the validator accepts is still evidence."""
    definition, instance = outcome.case.definition, outcome.case.instance
    for tried in [[c] for c in categories] + ([categories] if len(categories) > 1 else []):
        if _accepts(adapter, definition, without_stance(node, instance, tried, document)):
            where = ", ".join(p or "/" for c, p in features if c in tried)
            return _blamed(
                outcome,
                tried[0],
                f"accepted once its {' and '.join(tried)} stance features ({where}) are taken out",
            )
    return None


def _refused_property(
    adapter: Adapter,
    outcome: Outcome,
    node: Node,
    plain: Any,
    instance: dict[str, Any],
    ask: _explain.Ask,
) -> Outcome:
    """When even plain values are refused, look for a declared optional property that the
    validator refuses as such (botocore, whose service model lacks some of the structure's
    properties), or refuses with the value the instance gives it (its default, an enum
    value). Each optional property is tried alone beside the required ones, so two culprits
    in one instance do not hide each other; a property whose own value is accepted there is
    not a culprit of this instance, whatever other values are refused."""
    definition = outcome.case.definition

    def accepted(value: Any) -> bool:
        return _accepts(adapter, definition, value)

    base = {k: v for k, v in plain.items() if k in node.required}
    if not accepted(base):
        return _explained(outcome, node, instance, accepted, ask)
    for name in plain:
        if name in node.required:
            continue
        prop = node.properties[name]
        own = instance[name]
        others, trial = _explain.companions(node, instance, name, ask)
        if accepted({**base, **trial}):
            continue
        beside = {**base, **others}
        if isinstance(own, dict | list):
            if accepted({**beside, name: _options.plain(prop)}):
                return _narrowed(outcome, prop, own, _with(accepted, beside, name), ask, name)
            found = _explain.explain(_with(accepted, beside, name), prop, own, ask)
            if found is not None:
                return _blamed(outcome, found[0], f"at /{name}: {found[1]}")
        tried = [own, *(v for v in values_to_try(prop) if not json_equal(v, own))]
        refused = [v for v in tried if not accepted({**beside, name: v})]
        if len(refused) == len(tried):
            # another member missing beside it (a dependency read backwards), before the
            # member refused as such
            found = _explain.explain(accepted, node, {**beside, name: own}, ask)
            if found is not None and found[0] in ("required", "defaults"):
                return _blamed(outcome, found[0], f"with {name!r} alone: {found[1]}")
            shown = ", ".join(json.dumps(v) for v in tried)
            category, _ = _explain.refused_as_such(node, name, own, ask)
            why = f"refuses the declared property {name!r} with every valid value tried ({shown})"
            return _blamed(outcome, category, why)
        category = blame_value(prop, own)
        # (a value rule, when one applies, names the refusal better than `defaults`)
        if category == "type" and prop.has_default and json_equal(own, prop.default):
            why = f"refuses {name!r} given its default {json.dumps(prop.default)}"
            return _blamed(outcome, "defaults", why)
        return _blamed(outcome, category, f"refuses {name!r} = {own!r:.80}")
    return _explained(outcome, node, instance, accepted, ask)


def values_to_try(node: Node) -> list[Any]:
    """A few valid values of a property: its plain value, its default, its alternatives
    (`_explain.alternatives`)."""
    return _explain.alternatives(node, _explain.Ask(first_value))


def _accepts(adapter: Adapter, definition: str, instance: Any) -> bool:
    (answer,) = adapter.check([(definition, instance)])
    return answer.status == "valid"


def _blamed(outcome: Outcome, category: str, why: str) -> Outcome:
    detail = f"{outcome.detail}; {why}" if outcome.detail else why
    return Outcome(outcome.case, outcome.verdict, outcome.got, detail, category)


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
    wanted = [i for i, case in enumerate(cases) if wants_defaults(case)]
    fills = _fills_ahead(adapter, cases, wanted, filled)
    filling = set(wanted)
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
        if index in filling:
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
    adapter: Adapter,
    cases: Sequence[Case],
    wanted: Sequence[int],
    filled: Sequence[Any] | None = None,
) -> dict[int, tuple[Any, str | None]]:
    """A batch's default fills by case index (`wanted`: the indices of the cases that want
    them): those given (`stream`), or asked for in one request when the adapter offers
    `defaults_many` (an in-process validator's worker: one round trip per batch, not one
    per case)."""
    many = getattr(adapter, "defaults_many", None)
    if filled is None and many is not None and wanted:
        filled = many([(cases[i].definition, cases[i].instance) for i in wanted])
    return {} if filled is None else dict(zip(wanted, filled, strict=True))


def _items(cases: Sequence[Case]) -> list[tuple[str, Any]]:
    return [(c.definition, c.instance) for c in cases]


#: The least remarkable valid value of a node (`options.plain`), under the engine's name.
plain_value = _options.plain
