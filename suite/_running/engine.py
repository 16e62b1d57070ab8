"""The engine: replays the same cases to each validator and judges the answers.

A plain library: the CLI and the pytest plugin are thin layers over `evaluate` and `certify`,
so a check is written once. The work is split by step: `planning` (the run's inputs),
`judging` (one answer's verdict and diagnosis), `replaying` (batches and witnesses) and
`reporting` (counts and the JSON report); their names are re-exported here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from .._model.profiles import PROFILES
from ..adapters import Adapter
from .judging import (
    NOT_EXPRESSIBLE,
    Outcome,
    blame_value,
    diagnose_rejection,
    evaluate,
    judge,
    judge_defaults,
    plain_value,
    values_to_try,
    wants_defaults,
)
from .planning import _GENERATED, Plan, check_case, plan, prepare
from .replaying import (
    BATCH,
    SHRINK_BUDGET,
    Progress,
    run_validator,
    shrink_outcome,
    witnesses_for,
)
from .reporting import build_report, check_report, failure_entry, summarise

__all__ = [
    "BATCH",
    "NOT_EXPRESSIBLE",
    "PROFILES",
    "SHRINK_BUDGET",
    "_GENERATED",
    "Outcome",
    "Plan",
    "Progress",
    "blame_value",
    "build_report",
    "certify",
    "check_case",
    "check_report",
    "diagnose_rejection",
    "evaluate",
    "failure_entry",
    "judge",
    "judge_defaults",
    "plain_value",
    "plan",
    "prepare",
    "run_validator",
    "shrink_outcome",
    "summarise",
    "values_to_try",
    "wants_defaults",
    "witnesses_for",
]


def certify(
    the_plan: Plan,
    adapters: Sequence[Adapter],
    unavailable: dict[str, str] | None = None,
    progress: Progress | None = None,
    options: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Run every adapter on the plan's cases and build the JSON report (its keys are those
    of suite/data/schemas/report.schema.json).

    `options` are the run's options as `certify` arguments (`_report.run_options`), for
    each validator's reproduce line. Each validator's `seconds` is its judging time; the
    report's `timing` adds the plan's generation time (`Plan.generation_seconds`)."""
    started = time.perf_counter()
    entries = []
    for adapter in adapters:
        t0 = time.perf_counter()
        outcomes = run_validator(the_plan, adapter, progress)
        reported = witnesses_for(the_plan, adapter, outcomes)
        entries.append(summarise(adapter, outcomes, time.perf_counter() - t0, reported))
    judging = time.perf_counter() - started
    generation = the_plan.generation_seconds
    return build_report(the_plan, entries, unavailable, judging, options, generation)
