"""Benchmark: instances per second through IHOP versus in process, same validator, one run.

The validator is trivial (valid iff the instance is an object), so the figures measure the
protocol's cost. Target: IHOP at least half the in-process throughput, thanks to batching
and to sending batches ahead while the engine judges the previous ones.

Both paths are timed alternately for several rounds and the medians compared, so a slow
moment of the machine does not land on one side only. Every instance is a distinct object
(no cache of any kind can serve a repeated case).

    python bench/ihop.py [--instances N] [--rounds R]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from _measure import machine
from neptune_ml_conformance import load
from neptune_ml_conformance._running.engine import Plan, prepare, run_validator
from neptune_ml_conformance.adapters import Adapter, InProcessAdapter, resolve

HARNESS = Path(__file__).resolve().parents[1] / "tests" / "harnesses" / "python_harness.py"


def trivial(definition: str, instance: Any) -> bool:
    return isinstance(instance, dict)


def rate(the_plan: Plan, adapter: Adapter) -> float:
    started = time.perf_counter()
    run_validator(the_plan, adapter)
    return len(the_plan.cases) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    structure = load()
    the_plan = prepare(None, None, "default", 0)
    repeated = (the_plan.cases * (args.instances // len(the_plan.cases) + 1))[: args.instances]
    the_plan.cases = [copy.deepcopy(case) for case in repeated]
    size = sum(len(repr(case.instance)) for case in the_plan.cases) / len(the_plan.cases)
    print(machine())
    print(
        f"{len(the_plan.cases)} instances (default profile repeated, ~{size:.0f} characters "
        f"each), {args.rounds} rounds, medians; the same validator in process and behind a "
        "Python harness"
    )
    pairs = {
        "trivial validator": (
            InProcessAdapter("trivial", "trivial", trivial),
            f"ihop:{sys.executable} {HARNESS} --mode trivial",
        ),
        "python-jsonschema": (
            resolve("jsonschema", structure),
            f"ihop:{sys.executable} {HARNESS} --mode ok",
        ),
    }
    for label, (local, spec) in pairs.items():
        remote = resolve(spec, structure)
        rates: dict[str, list[float]] = {"in process": [], "IHOP": []}
        for _ in range(args.rounds):
            rates["in process"].append(rate(the_plan, local))
            rates["IHOP"].append(rate(the_plan, remote))
        remote.close()
        medians = {name: statistics.median(values) for name, values in rates.items()}
        for name, values in rates.items():
            print(
                f"  {label:18s} {name:10s}: {medians[name]:9.0f} instances/s "
                f"(min {min(values):.0f}, max {max(values):.0f})"
            )
        print(
            f"  {label:18s} ratio IHOP / in process: {medians['IHOP'] / medians['in process']:.2f}"
            + (" (target >= 0.5)" if label == "trivial validator" else "")
        )


if __name__ == "__main__":
    main()
