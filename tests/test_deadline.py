"""In-process validators that hang: errored within the timeout, never passing, run goes on.

The doubles hang in the ways Python code does: sleeping, spinning, spinning inside an
`except Exception` that would swallow an ordinary exception, and sleeping with SIGALRM
ignored (out of reach of any signal-based limit).
"""

from __future__ import annotations

import signal
import time
from typing import Any

import pytest
from neptune_ml_conformance import Structure
from neptune_ml_conformance._model.reference import ReferenceValidator
from neptune_ml_conformance._running.engine import certify, plan
from neptune_ml_conformance.adapters import InProcessAdapter, resolve
from neptune_ml_conformance.adapters._base import MAX_LOST_IN_A_ROW

ENDPOINT = "InferenceEndpoint"


def sleeps(definition: str, instance: Any) -> bool:
    time.sleep(3600)
    return True


def spins(definition: str, instance: Any) -> bool:
    while True:
        pass


def spins_and_swallows(definition: str, instance: Any) -> bool:
    try:
        while True:
            pass
    except Exception:
        return True


def sleeps_deaf_to_alarms(definition: str, instance: Any) -> bool:
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    time.sleep(3600)
    return True


@pytest.mark.parametrize("target", [sleeps, spins, spins_and_swallows, sleeps_deaf_to_alarms])
def test_a_hanging_validator_is_errored_then_given_up(target: Any) -> None:
    adapter = InProcessAdapter("hangs", "hangs", target, timeout=0.2)
    started = time.monotonic()
    answers = adapter.check([(ENDPOINT, {"instanceCount": n}) for n in range(10)])
    assert time.monotonic() - started < 0.2 * MAX_LOST_IN_A_ROW + 2
    assert [a.status for a in answers] == ["errored"] * 10
    assert answers[0].detail == "no verdict within 0.2 s (in process)"
    assert answers[-1].detail.startswith(f"given up after {MAX_LOST_IN_A_ROW} calls in a row")


def test_one_slow_instance_costs_one_answer(structure: Structure) -> None:
    reference = ReferenceValidator(structure)

    def slow_on_seven(definition: str, instance: Any) -> Any:
        if isinstance(instance, dict) and instance.get("instanceCount") == 7:
            time.sleep(3600)
        return reference.validate(definition, instance)

    adapter = InProcessAdapter("slow", "slow", slow_on_seven, timeout=0.2)
    answers = adapter.check([(ENDPOINT, {"instanceCount": n}) for n in (1, 7, 2, 3)])
    assert [a.status for a in answers] == ["valid", "errored", "valid", "valid"]


def test_a_certified_run_with_a_hang_finishes_and_is_not_conformant(
    structure: Structure,
) -> None:
    adapter = resolve("tests.test_deadline:sleeps", structure, timeout=0.1)
    started = time.monotonic()
    (entry,) = certify(plan(structure), [adapter])["validators"]
    assert time.monotonic() - started < 10
    assert not entry["conformant"]
    assert sum(c["passed"] for c in entry["categories"].values()) == 0
    assert (
        "no verdict within 0.1 s" in entry["failures"][0]["detail"]
        or "given up" in (entry["failures"][0]["detail"])
    )


def test_apply_defaults_is_bounded_too() -> None:
    class HangsWhileFilling:
        def validate(self, definition: str, instance: Any) -> bool:
            return True

        def apply_defaults(self, definition: str, instance: Any) -> Any:
            time.sleep(3600)

    adapter = InProcessAdapter("fill", "fill", HangsWhileFilling(), timeout=0.2)
    assert adapter.defaults(ENDPOINT, {}) == (None, "no verdict within 0.2 s (in process)")


def test_the_limit_leaves_the_suites_own_alarm_alone() -> None:
    """The limit is kept by the worker's parent waiting, not by a signal: a timer armed
    before (pytest-timeout's, say) keeps its handler and runs on, whatever a call does.
    Nothing here depends on how long anything takes: the timer is far in the future."""
    previous = signal.signal(signal.SIGALRM, signal.SIG_IGN)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1000)
        adapter = InProcessAdapter("quick", "quick", lambda d, i: True, timeout=5)
        assert adapter.check([(ENDPOINT, {})])[0].status == "valid"
        slow = InProcessAdapter("slow", "slow", sleeps, timeout=0.05)
        assert slow.check([(ENDPOINT, {})])[0].status == "errored"
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 900 < left <= 1000
        assert signal.getsignal(signal.SIGALRM) == signal.SIG_IGN
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_call_that_overruns_while_the_suite_judges_is_still_errored() -> None:
    """`stream` keeps the next batch in the worker while the engine judges this one; a
    call that runs past the limit and returns while nobody waits for it is no verdict."""

    def slow_second_batch(definition: str, instance: Any) -> bool:
        if instance.get("slow"):
            time.sleep(0.6)
        return True

    adapter = InProcessAdapter("slow", "slow", slow_second_batch, timeout=0.3)
    first = [(ENDPOINT, {}), (ENDPOINT, {})]
    second = [(ENDPOINT, {"slow": True}), (ENDPOINT, {})]
    try:
        answered = adapter.stream(iter([(first, []), (second, [])]))
        answers, fills = next(answered)
        assert [a.status for a in answers] == ["valid", "valid"] and fills is None
        # the suite "judges" for longer than the slow call takes: it is over by now
        time.sleep(1.0)
        answers, _ = next(answered)
        assert [a.status for a in answers] == ["errored", "valid"]
        assert answers[0].detail == "no verdict within 0.3 s (in process)"
    finally:
        adapter.close()


def test_a_probe_while_a_batch_is_out_gets_its_own_answers() -> None:
    """The engine asks about single values (diagnosis) while the next batch is in the
    worker: each request's answers go to its own caller, in order."""

    def by_count(definition: str, instance: Any) -> bool:
        return bool(instance.get("ok"))

    adapter = InProcessAdapter("count", "count", by_count, timeout=5)
    batches = [([(ENDPOINT, {"ok": n % 2})] * 3, []) for n in range(4)]
    seen = []
    try:
        for answers, _ in adapter.stream(iter(batches)):
            seen.append([a.status for a in answers])
            (probe,) = adapter.check([(ENDPOINT, {"ok": len(seen) % 2 == 0})])
            assert probe.status == ("valid" if len(seen) % 2 == 0 else "invalid")
    finally:
        adapter.close()
    assert seen == [["invalid"] * 3, ["valid"] * 3, ["invalid"] * 3, ["valid"] * 3]
