"""Planning a run: the hand-written cases checked against the structure and the generated
ones drawn, fixed before the first validator runs so that every validator sees the same
cases."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .._generation.core import count_table, default_jobs, generate_cases
from .._io.errors import InputError
from .._model.cases import Case, cases_for
from .._model.limits import drawn_from, refuse_unsatisfiable
from .._model.profiles import PROFILES
from .._model.reference import validate_document
from .._model.structure import Structure


@dataclass
class Plan:
    """Everything a run replays to every validator: fixed before the first validator runs."""

    structure: Structure
    cases: list[Case]
    profile: str = "default"
    seed: int = 0
    #: Hand-written cases that no longer fit the structure: a regression signal, not a skip.
    case_problems: list[dict[str, Any]] = field(default_factory=list)
    #: What the user should know about the run's inputs, for example an empty case folder.
    notes: list[str] = field(default_factory=list)
    #: Time `prepare` took to load the inputs and draw the generated cases (0 when the
    #: plan was built from cases in hand): a report's generation time.
    generation_seconds: float = 0.0
    #: Generated sets that hold no case, as (definition, category, expected verdict): their
    #: rules are not certified for those definitions in this run (`undrawn`).
    undrawn: list[tuple[str, str, str]] = field(default_factory=list)


def check_case(structure: Structure, case: Case) -> str | None:
    """Why the reference disagrees with a case, or None when it agrees."""
    if case.definition not in structure.targets:
        return f"definition {case.definition!r} is not in the structure"
    violations = list(validate_document(structure.definition(case.definition), case.instance))
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
    """Check the hand-written cases against the structure and fix the run's inputs.

    Without `cases`, the bundled cases, when they were written for this structure."""
    usable: list[Case] = []
    problems: list[dict[str, Any]] = []
    for case in cases_for(structure.document.get("$id"))[0] if cases is None else cases:
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

    from .._model.structure import load

    if profile not in PROFILES:
        raise InputError(
            "--profile", None, f"unknown profile {profile!r}; expected one of {PROFILES}"
        )
    started = time.perf_counter()
    structure = load(structure_path)
    refuse_unsatisfiable(structure)  # before any instance is drawn from it
    if not structure.targets:
        raise InputError(
            structure.source,
            "",
            "nothing to certify: no root `type` or `$root`, and no definition that is not "
            "abstract (`lint` says what the document lacks)",
        )
    cases, notes = cases_for(structure.document.get("$id"), Path(cases_dir) if cases_dir else None)
    key = (structure.sha256, profile, seed)
    if generated is not None:
        _GENERATED[key] = generated
    if key not in _GENERATED:
        drawers = default_jobs(profile) if jobs is None else jobs
        _GENERATED[key] = drawn_from(
            structure, lambda: generate_cases(structure, profile, seed, drawers)
        )
    the_plan = plan(structure, cases, profile, seed, generated=_GENERATED[key])
    the_plan.undrawn = undrawn(structure, profile, _GENERATED[key])
    the_plan.notes = [*notes, undrawn_note(the_plan.undrawn)] if the_plan.undrawn else notes
    the_plan.generation_seconds = time.perf_counter() - started
    return the_plan


def undrawn(
    structure: Structure, profile: str, generated: Iterable[Case]
) -> list[tuple[str, str, str]]:
    """The generated sets that hold no case: the generator found no instance for them (a
    rule no instance breaks alone, a definition no value satisfies). Read off the cases,
    so a set drawn in a helper process, whose warnings nobody reads, is seen too."""
    held = {(c.definition, c.category or "", "valid" if c.valid else "invalid") for c in generated}
    return [(d, c, v) for d, c, v, _ in count_table(structure, profile) if (d, c, v) not in held]


def undrawn_note(sets: list[tuple[str, str, str]]) -> str:
    """What a run says of its undrawn sets, where it says what a user should know."""
    one = len(sets) == 1
    named = ", ".join(
        f"{definition} {category} ({verdict})" for definition, category, verdict in sets
    )
    return (
        f"no instances could be drawn for {len(sets)} generated set{'' if one else 's'}, so "
        f"{'its rule is' if one else 'their rules are'} not certified there: {named} (a rule "
        "no instance breaks alone, or a type no value satisfies; `lint` may say which)"
    )


#: Generated cases by (structure digest, profile, seed): the same inputs give the same cases,
#: so a process that certifies repeatedly (tests, the plugin under xdist) draws them once.
_GENERATED: dict[tuple[str, str, int], list[Case]] = {}
