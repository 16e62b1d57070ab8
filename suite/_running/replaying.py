"""Replaying a plan's cases to one validator, batch by batch, and shrinking each failing
group to one witness."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .._generation.core import PROFILE_COUNTS, shrink
from .._model.cases import Case
from ..adapters import Adapter, Answer
from .judging import NOT_EXPRESSIBLE, Outcome, _items, evaluate, wants_defaults
from .planning import Plan

Progress = Callable[[str, int, int], None]

BATCH = 64
#: Validator calls one shrink may make; a count, not a time, so reports stay deterministic.
SHRINK_BUDGET = 400


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


def _size(instance: Any) -> int:
    return len(json.dumps(instance, sort_keys=True))
