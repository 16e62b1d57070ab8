"""Mutation analysis: how many faulty validators a run catches, and in the right category.

A plain library function so that the benchmark script and the self-test measure the same
thing.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .._model.categories import is_blocking
from .._running.engine import Plan, certify, evaluate, run_validator, summarise
from ..adapters import InProcessAdapter


@dataclass(frozen=True)
class Verdict:
    name: str
    blame: str
    kind: str
    caught: bool
    right_category: bool
    failing: tuple[str, ...]
    seconds_to_first_failure: float | None


def analyse_one(
    the_plan: Plan, name: str, blame: str, kind: str, target: Any, fast: bool = False
) -> Verdict:
    """One fault's verdict. `fast` judges every case without shrinking witnesses or timing
    the first failure: the same categories, for a self-test's time budget."""
    adapter = InProcessAdapter(name, name, target)
    if fast:
        entry = summarise(adapter, run_validator(the_plan, adapter), 0.0)
    else:
        (entry,) = certify(the_plan, [adapter])["validators"]
    failing = tuple(
        c for c, n in entry["categories"].items() if n["failed"] or n["errored"] or n["skipped"]
    )
    caught = (not entry["conformant"]) if is_blocking(blame) or blame == "*" else bool(failing)
    right = caught and (blame == "*" or blame in failing)
    first = None if fast else _first_failure(the_plan, adapter)
    return Verdict(name, blame, kind, caught, right, failing, first)


def _first_failure(the_plan: Plan, adapter: InProcessAdapter) -> float | None:
    started = time.perf_counter()
    for case in the_plan.cases:
        if any(o.verdict != "passed" for o in evaluate(the_plan.structure, adapter, [case])):
            return time.perf_counter() - started
    return None


def analyse(
    the_plan: Plan,
    faults: Sequence[tuple[str, str, str, Callable[[], Any]]],
    fast: bool = False,
) -> list[Verdict]:
    return [analyse_one(the_plan, n, b, k, make(), fast) for n, b, k, make in faults]


def median_seconds(verdicts: Sequence[Verdict]) -> float | None:
    times = [v.seconds_to_first_failure for v in verdicts if v.seconds_to_first_failure is not None]
    return statistics.median(times) if times else None
