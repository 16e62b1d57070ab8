"""The engine: replays the same cases to each validator and judges the answers.

A plain library: the CLI and the pytest plugin are thin layers over `evaluate` and `certify`,
so a check is written once.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from .._generation import blame as _blame
from .._generation.core import (
    PROFILE_COUNTS,
    default_jobs,
    generate_cases,
    shrink,
)
from .._generation.core import values as valid_values
from .._generation.draw import draw_examples
from .._generation.typed import admits, seed_shaped
from .._io.errors import InputError
from .._model.cases import Case, load_cases
from .._model.categories import ALL, is_blocking
from .._model.compile import DIALECT, json_schema_rejects
from .._model.reference import fill_defaults, json_equal, validate_node
from .._model.schemas import first_error
from .._model.stance import stance_features, without_stance
from .._model.structure import Node, Structure
from .._reports.report import reproduce_argv, run_options
from ..adapters import Adapter, Answer

Progress = Callable[[str, int, int], None]

PROFILES = ("quick", "default", "thorough")
BATCH = 64
#: Validator calls one shrink may make; a count, not a time, so reports stay deterministic.
SHRINK_BUDGET = 400


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


@dataclass
class Plan:
    """Everything a run replays to every validator: fixed before the first validator runs."""

    structure: Structure
    cases: list[Case]
    profile: str = "default"
    seed: int = 0
    #: Hand-written cases that no longer fit the structure: a regression signal, not a skip.
    case_problems: list[dict[str, Any]] = field(default_factory=list)


def check_case(structure: Structure, case: Case) -> str | None:
    """Why the reference disagrees with a case, or None when it agrees."""
    if case.definition not in structure.definitions:
        return f"definition {case.definition!r} is not in the structure"
    violations = list(validate_node(structure.definitions[case.definition], case.instance))
    if case.valid:
        if violations:
            return f"expected valid, but the structure rejects it: {violations[0]}"
        return None
    if not violations:
        return "expected invalid, but the structure accepts it"
    if not any(v.category == case.category and v.path == case.path for v in violations):
        found = "; ".join(str(v) for v in violations[:3])
        return f"expected a {case.category} violation at {case.path!r}, got: {found}"
    return None


def plan(
    structure: Structure,
    cases: Iterable[Case] | None = None,
    profile: str = "default",
    seed: int = 0,
    generated: Iterable[Case] = (),
) -> Plan:
    """Check the hand-written cases against the structure and fix the run's inputs."""
    usable: list[Case] = []
    problems: list[dict[str, Any]] = []
    for case in load_cases() if cases is None else cases:
        why = check_case(structure, case)
        if why is None:
            usable.append(case)
        else:
            problems.append({"id": case.id, "file": case.origin, "problem": why})
    usable.extend(generated)
    return Plan(structure, usable, profile, seed, problems)


def prepare(
    structure_path: str | None = None,
    cases_dir: str | None = None,
    profile: str = "default",
    seed: int = 0,
    generated: list[Case] | None = None,
    jobs: int | None = None,
) -> Plan:
    """Load the structure and cases and generate instances: the inputs of one run.

    `generated` hands in cases already drawn for the same inputs (by another process);
    `jobs` is how many processes draw them (default: `default_jobs`), with the same result.
    """
    from pathlib import Path

    from .._model.limits import drawn_from, refuse_unsatisfiable
    from .._model.structure import load

    if profile not in PROFILES:
        raise InputError(
            "--profile", None, f"unknown profile {profile!r}; expected one of {PROFILES}"
        )
    structure = load(structure_path)
    refuse_unsatisfiable(structure)  # before any instance is drawn from it
    cases = load_cases(Path(cases_dir) if cases_dir else None)
    key = (structure.sha256, profile, seed)
    if generated is not None:
        _GENERATED[key] = generated
    if key not in _GENERATED:
        drawers = default_jobs(profile) if jobs is None else jobs
        _GENERATED[key] = drawn_from(
            structure, lambda: generate_cases(structure, profile, seed, drawers)
        )
    return plan(structure, cases, profile, seed, generated=_GENERATED[key])


#: Generated cases by (structure digest, profile, seed): the same inputs give the same cases,
#: so a process that certifies repeatedly (tests, the plugin under xdist) draws them once.
_GENERATED: dict[tuple[str, str, int], list[Case]] = {}


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
    blocking category (DESIGN.md). Then, if the instance is accepted once its defaults are
    filled in, the validator treats defaulted properties as required (`defaults`);
    otherwise, the first property whose value, replaced by a plain one, makes the instance
    accepted is the culprit, and its rule (enum, minimum, int32 range, or type) is blamed.
    With no culprit the case's own category stands.
    """
    case = outcome.case
    node = structure.definitions[case.definition]
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
    if node.spec.family != "object" and not seed_shaped(node):
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
        if child is not None and not seed_shaped(child):
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
    leaf, refused, below, inside = _blame.narrow(accepted, node, value, _first_draw)
    where = (f"/{name}" if name else "") + below
    member = _blame.refused_member(inside, leaf, refused, _first_draw)
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
    """A few valid values of a property: its plain value, its default, its alternatives."""
    if not seed_shaped(node):
        return _beyond_seed_values(node)
    values = [plain_value(node)]
    if node.has_default:
        values.append(node.default)
    if node.enum is not None:
        values.extend(node.enum[:3])
    if node.type == "boolean":
        values.extend([False, True])
    if node.spec.family == "integer" and node.enum is None:
        values.append(values[0] + 1)  # the plain value may sit on the minimum
    if node.type == "string" and node.enum is None:
        values.append("example")
    unique: list[Any] = []
    for value in values:
        if not any(json_equal(value, seen) for seen in unique):
            unique.append(value)
    return unique


def _accepts(adapter: Adapter, definition: str, instance: Any) -> bool:
    (answer,) = adapter.check([(definition, instance)])
    return answer.status == "valid"


def _blamed(outcome: Outcome, category: str, why: str) -> Outcome:
    detail = f"{outcome.detail}; {why}" if outcome.detail else why
    return Outcome(outcome.case, outcome.verdict, outcome.got, detail, category)


def plain_value(node: Node) -> Any:
    """The least remarkable valid value of a node."""
    if not seed_shaped(node):
        return _blame.plain(node, _first_draw)
    if node.enum is not None:
        return node.enum[0]
    if "const" in node.rules:
        return node.rules["const"]
    if node.spec.family == "integer":
        low, high = node.bounds()
        return min(max(1, low), high)
    if node.type == "object":
        return {
            name: plain_value(node.properties[name])
            for name in node.required
            if name in node.properties
        }
    return copy.deepcopy(node.spec.plain)  # the type table's value is shared


def blame_value(node: Node | None, value: Any) -> str:
    """The rule a valid value exercises, for blaming a validator that refused it."""
    if node is None:
        return "unknown-properties"
    if not seed_shaped(node):
        return _blame.blame(node, value)
    if node.enum is not None:
        return "enum"
    spec = node.spec
    if spec.family == "integer" and isinstance(value, int):
        assert spec.low is not None and spec.high is not None
        if node.minimum is not None and value <= node.minimum + 1:
            return "minimum"
        if value >= spec.high - 1 or value <= spec.low + 1:
            return "range"
        if value < 0:
            return "minimum"  # a negative value refused where no minimum is declared
    return "type"


def _beyond_seed_values(node: Node) -> list[Any]:
    """values_to_try for the types and keywords beyond the seed's: the plain value, the
    default, a few enum values and the type's edge values the node admits."""
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


def _first_draw(node: Node) -> Any:
    """The first valid value drawn for a node with seed 0 (when no simple value fits)."""
    drawn = draw_examples(valid_values(node), 1, 0)
    if not drawn:
        raise ValueError(f"no valid value found for {node.pointer}")
    return drawn[0]


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
    node = structure.definitions[case.definition]
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


def run_validator(
    the_plan: Plan, adapter: Adapter, progress: Progress | None = None
) -> list[Outcome]:
    """Every case of the plan, judged for one adapter, batch by batch.

    An adapter with `stream` (out of process) is handed all batches at once so that it can
    send the next ones while this one is judged.
    """
    outcomes: list[Outcome] = []
    cases = the_plan.cases
    size = getattr(adapter, "batch_size", BATCH)
    batches = [cases[start : start + size] for start in range(0, len(cases), size)]
    stream = getattr(adapter, "stream", None)
    answered: Iterable[tuple[Sequence[Answer], Sequence[Any] | None]]
    if stream is not None:
        answered = stream((_items(batch), _items(_to_fill(batch))) for batch in batches)
    else:
        answered = ((adapter.check(_items(batch)), None) for batch in batches)
    done = 0
    for batch, (answers, fills) in zip(batches, answered, strict=True):
        outcomes.extend(evaluate(the_plan.structure, adapter, batch, answers, fills))
        done += len(batch)
        if progress is not None:
            progress(adapter.name, done, len(cases))
    return outcomes


def _to_fill(cases: Sequence[Case]) -> list[Case]:
    return [case for case in cases if wants_defaults(case)]


def _items(cases: Sequence[Case]) -> list[tuple[str, Any]]:
    return [(c.definition, c.instance) for c in cases]


def shrink_outcome(the_plan: Plan, adapter: Adapter, outcome: Outcome) -> Outcome:
    """For a failing generated case, the outcome on a minimal instance that fails the same way."""
    if outcome.case.source != "generated" or outcome.verdict != "failed":
        return outcome

    def still_fails(case: Case) -> bool:
        return any(
            o.verdict == outcome.verdict and o.blame == outcome.blame
            for o in evaluate(the_plan.structure, adapter, [case])
        )

    tries = PROFILE_COUNTS[the_plan.profile] * 5
    shrunk = shrink(
        the_plan.structure, outcome.case, still_fails, tries, the_plan.seed, SHRINK_BUDGET
    )
    if shrunk is None:
        return outcome
    for candidate in evaluate(the_plan.structure, adapter, [shrunk]):
        if candidate.verdict == outcome.verdict and candidate.blame == outcome.blame:
            return candidate
    return outcome


def witnesses_for(the_plan: Plan, adapter: Adapter, outcomes: Sequence[Outcome]) -> list[Outcome]:
    """Report outcomes: every hand-written failure, and per failing generated group
    (category, expected verdict, outcome) one shrunk witness instead of the raw instances."""
    kept: list[Outcome] = []
    groups: dict[tuple[str, str, str], list[Outcome]] = {}
    for outcome in outcomes:
        if outcome.verdict in ("passed", NOT_EXPRESSIBLE):
            continue
        if outcome.case.source != "generated":
            kept.append(outcome)
            continue
        key = (outcome.blame, outcome.case.expected, outcome.verdict)
        groups.setdefault(key, []).append(outcome)
    for key in sorted(groups):
        smallest = min(groups[key], key=lambda o: (_size(o.case.instance), o.case.id))
        kept.append(shrink_outcome(the_plan, adapter, smallest))
    return kept


def failure_entry(outcome: Outcome) -> dict[str, Any]:
    case = outcome.case
    return {
        "id": case.id,
        "source": case.source,
        "category": outcome.blame,
        "definition": case.definition,
        "description": case.description,
        "instance": case.instance,
        "expected": case.expected,
        "got": outcome.got,
        "path": case.path if case.path is not None else "",
        "detail": outcome.detail,
        "origin": case.origin,
    }


def summarise(
    adapter: Adapter,
    outcomes: Sequence[Outcome],
    seconds: float,
    reported: Sequence[Outcome] | None = None,
) -> dict[str, Any]:
    """Counts over every outcome; failures listed from `reported` (default: all failures)."""
    categories = {
        name: {"passed": 0, "failed": 0, "errored": 0, "skipped": 0, "blocking": is_blocking(name)}
        for name in ALL
    }
    failures = []
    for outcome in outcomes:
        counts = categories.setdefault(
            outcome.blame,
            {"passed": 0, "failed": 0, "errored": 0, "skipped": 0, "blocking": False},
        )
        counts[outcome.verdict] = counts.get(outcome.verdict, 0) + 1
    for outcome in outcomes if reported is None else reported:
        if outcome.verdict not in ("passed", NOT_EXPRESSIBLE):
            failures.append(failure_entry(outcome))
    failures.sort(key=lambda f: (f["category"], _size(f["instance"]), f["definition"], f["id"]))
    blocking_ok = all(
        c["failed"] == 0 and c["errored"] == 0 and c["skipped"] == 0
        for c in categories.values()
        if c["blocking"]
    )
    ran = any(c["passed"] for c in categories.values())
    version = getattr(adapter, "version", "")
    return {
        "name": adapter.name,
        "spec": adapter.spec,
        **({"version": version} if version else {}),
        "conformant": blocking_ok and ran,
        "categories": categories,
        "failures": failures,
        "seconds": round(seconds, 3),
    }


def _size(instance: Any) -> int:
    return len(json.dumps(instance, sort_keys=True))


def certify(
    the_plan: Plan,
    adapters: Sequence[Adapter],
    unavailable: dict[str, str] | None = None,
    progress: Progress | None = None,
    options: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Run every adapter on the plan's cases and build the JSON report (DESIGN.md keys).

    `options` are the run's options as `certify` arguments (`_report.run_options`), for
    each validator's reproduce line."""
    started = time.perf_counter()
    entries = []
    for adapter in adapters:
        t0 = time.perf_counter()
        outcomes = run_validator(the_plan, adapter, progress)
        reported = witnesses_for(the_plan, adapter, outcomes)
        entries.append(summarise(adapter, outcomes, time.perf_counter() - t0, reported))
    return build_report(the_plan, entries, unavailable, time.perf_counter() - started, options)


def build_report(
    the_plan: Plan,
    entries: list[dict[str, Any]],
    unavailable: dict[str, str] | None,
    seconds: float,
    options: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The JSON report (DESIGN.md keys), checked against the shipped report schema.

    Without `options`, the reproduce lines name what the plan itself knows: its profile,
    seed and structure (when it is not the bundled one)."""
    if options is None:
        from .._model.structure import default_structure_path

        source = the_plan.structure.source
        bundled = source == str(default_structure_path())
        options = run_options(
            None if bundled else source, None, the_plan.profile, the_plan.seed, None
        )
    for entry in entries:
        entry["reproduce"] = reproduce_argv(entry["spec"], options)
    sources: dict[str, int] = {}
    for case in the_plan.cases:
        sources[case.source] = sources.get(case.source, 0) + 1
    report = {
        "suite": {
            "version": __version__,
            "seed": the_plan.seed,
            "profile": the_plan.profile,
            "structure_sha256": the_plan.structure.sha256,
            "structure": the_plan.structure.source,
            "cases": dict(sorted(sources.items())),
        },
        "validators": entries,
        "unavailable": [
            {"name": name, "reason": why} for name, why in sorted((unavailable or {}).items())
        ],
        "case_problems": the_plan.case_problems,
        "timing": {"seconds": round(seconds, 3)},
    }
    check_report(report)
    return report


def check_report(report: dict[str, Any]) -> None:
    """The suite holds its own output to the report schema it ships; a mismatch is a bug."""
    error = first_error("report.schema.json", report)
    if error is not None:
        where, message = error
        raise AssertionError(
            f"report does not match report.schema.json at {where or '/'}: {message}"
        )
