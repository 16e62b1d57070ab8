"""Benchmarks of what a certification costs (figures, not timed tests).

1. wall time and peak memory of `certify` for one in-process validator, per profile
   (each profile in a fresh process, so peak memory is its own; beside it the largest child
   process: a drawing helper or the validator's worker);
2. the suite's overhead: the CPU of a certification (this process and the validator's
   worker) against the validator called alone on the same instances, paired per round,
   median with least and greatest (target median <= 1.3 for python-jsonschema);
3. how time grows with the number of generated instances (linear is the goal);
4. the edited example structure (`examples/neptune-ml-job-v2.json` with its hand-written
   cases) beside the seed: `default` wall time, alternating fresh processes (target: the
   example at most 3x the seed), and the main process's peak memory of a `thorough` run on
   the example (target: under 300 MiB).

    python bench/certify.py [--validator SPEC] [--only overhead|profiles|growth|example]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import time

from _measure import machine

CHILD = r"""
import json, resource, sys, time
from neptune_ml_conformance._running.engine import certify, prepare
from neptune_ml_conformance.adapters import resolve
started = time.perf_counter()
structure, cases = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 3 else (None, None)
plan = prepare(structure, cases, sys.argv[1], 0)
adapter = resolve(sys.argv[2], plan.structure)
certify(plan, [adapter])
adapter.close()  # reaps the validator's worker, so that its peak is counted below
print(json.dumps({"cases": len(plan.cases), "seconds": time.perf_counter() - started,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "child_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "examples", "neptune-ml-job-v2.json")
EXAMPLE_CASES = os.path.join(HERE, "..", "examples", "cases")


def _child(profile: str, validator: str, *where: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, profile, validator, *where],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def example(validator: str, rounds: int = 3) -> None:
    """The example beside the seed, each run a fresh process, alternating (medians)."""
    seed, edited = [], []
    for _ in range(rounds):
        seed.append(_child("default", validator)["seconds"])
        edited.append(_child("default", validator, EXAMPLE, EXAMPLE_CASES)["seconds"])
    s, e = statistics.median(seed), statistics.median(edited)
    print(
        f"example vs seed, certify --validator {validator} --profile default ({rounds} rounds "
        f"alternating, medians): seed {s:.2f} s, example {e:.2f} s, ratio {e / s:.2f} "
        f"(target <= 3)"
    )
    r = _child("thorough", validator, EXAMPLE, EXAMPLE_CASES)
    print(
        f"example, thorough: {r['cases']:.0f} cases {r['seconds']:.2f} s, main process peak "
        f"{r['peak_mib']:.0f} MiB (target < 300; largest child process {r['child_mib']:.0f} MiB)"
    )


def per_profile(validator: str) -> None:
    print(f"certify --validator {validator}, seed 0, fresh process per profile:")
    for profile in ("quick", "default", "thorough"):
        r = _child(profile, validator)
        print(
            f"  {profile:9s} {r['cases']:6d} cases  {r['seconds']:6.2f} s  "
            f"peak {r['peak_mib']:6.0f} MiB (largest child process {r['child_mib']:4.0f} MiB)"
        )


def overhead(validator: str, rounds: int = 11, repeats: int = 5) -> None:
    """The validator alone and a whole certification of the same instances, CPU against CPU,
    paired round by round.

    "Alone" is the calls the engine makes, made directly in this process: `validate` on
    every instance and, for a validator that fills defaults, `apply_defaults` on the
    `defaults` cases. "Through the suite" is `certify` with the same adapter (every batch,
    the witnesses and the report): the CPU of this process plus that of the validator's
    worker, which answers on another core while the engine judges, so wall time would
    hide its share. Each round times both, in alternating order; the ratio is taken per
    round and its median is printed with the least and greatest. A round repeats each side
    `repeats` times (the worker's CPU is read in clock ticks, 10 ms). One untimed round
    first: the worker's fork and warm caches are paid once per run.
    """
    from neptune_ml_conformance._running.engine import certify, prepare, wants_defaults
    from neptune_ml_conformance.adapters import resolve

    the_plan = prepare(None, None, "default", 0)
    adapter = resolve(validator, the_plan.structure)
    target = adapter._validate  # type: ignore[attr-defined]
    filler = getattr(adapter, "_fill", None)
    items = [(c.definition, c.instance) for c in the_plan.cases]
    to_fill = [(c.definition, c.instance) for c in the_plan.cases if wants_defaults(c)]

    def alone() -> float:
        # it fills in place: a fresh copy for each repeat, made before the clock starts
        fresh = [copy.deepcopy(to_fill) if filler is not None else [] for _ in range(repeats)]
        started = time.process_time()
        for copies in fresh:
            for definition, instance in items:
                result = target(definition, instance)
                if not isinstance(result, bool):
                    list(result)
            for definition, instance in copies:
                filler(definition, instance)  # type: ignore[misc]
        return time.process_time() - started

    def through() -> float:
        worker = getattr(adapter, "_worker", None)
        before = _worker_cpu(worker)
        started = time.process_time()
        for _ in range(repeats):
            certify(the_plan, [adapter])
        mine = time.process_time() - started
        after = _worker_cpu(getattr(adapter, "_worker", None))
        return mine + max(0.0, after - before) if worker is not None else mine + after

    ratios, alones, throughs = [], [], []
    for round_ in range(rounds + 1):
        first, second = (alone, through) if round_ % 2 else (through, alone)
        a, b = first(), second()
        x, y = (a, b) if first is alone else (b, a)
        if round_:
            alones.append(x)
            throughs.append(y)
            ratios.append(y / x)
    adapter.close()
    median = statistics.median
    print(
        f"overhead on {len(items)} instances with {validator} ({len(to_fill) if filler else 0} "
        f"default fills), {rounds} paired rounds, CPU of this process + the validator's worker "
        f"against the same calls alone:\n"
        f"  alone median {median(alones) * 1000:.0f} ms, through the suite median "
        f"{median(throughs) * 1000:.0f} ms; ratio per round: median {median(ratios):.2f} "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}; target median <= 1.3)"
    )


def _worker_cpu(worker: object) -> float:
    """CPU seconds a live worker process has used so far (Linux: /proc; 0 elsewhere)."""
    pid = getattr(worker, "pid", None)
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def growth(validator: str) -> None:
    from neptune_ml_conformance._generation import core as _generate
    from neptune_ml_conformance._running.engine import _GENERATED, certify, prepare
    from neptune_ml_conformance.adapters import resolve

    print("growth with the number of generated instances (generation + certify):")
    previous: tuple[int, float] | None = None
    for count in (10, 20, 40, 80, 160):
        _generate.PROFILE_COUNTS["default"] = count
        _GENERATED.clear()
        started = time.perf_counter()
        the_plan = prepare(None, None, "default", 0)
        certify(the_plan, [resolve(validator, the_plan.structure)])
        seconds = time.perf_counter() - started
        cases = len(the_plan.cases)
        marginal = ""
        if previous is not None:
            extra = (seconds - previous[1]) / (cases - previous[0]) * 1000
            marginal = f"; each added case {extra:.2f} ms"
        print(f"  {count:4d} per category: {cases:6d} cases {seconds:6.2f} s{marginal}")
        previous = (cases, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validator", default="jsonschema")
    parser.add_argument("--only", choices=("profiles", "overhead", "growth", "example"))
    args = parser.parse_args()
    print(machine())
    for name, run in (
        ("profiles", per_profile),
        ("overhead", overhead),
        ("growth", growth),
        ("example", example),
    ):
        if args.only in (None, name):
            run(args.validator)


if __name__ == "__main__":
    main()
