"""Benchmark: instances per second through IHOP versus in process, same validator, one run.

The validator is trivial (valid iff the instance is an object), so the figures measure the
protocol's cost. Target: IHOP at least half the in-process throughput, thanks to batching.

    python bench/ihop.py [--instances N] [--batch B]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from neptune_ml_conformance import load
from neptune_ml_conformance._engine import prepare, run_validator
from neptune_ml_conformance.adapters import InProcessAdapter, resolve

HARNESS = Path(__file__).resolve().parents[1] / "tests" / "harnesses" / "python_harness.py"


def trivial(definition: str, instance: Any) -> bool:
    return isinstance(instance, dict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=20000)
    args = parser.parse_args()
    structure = load()
    the_plan = prepare(None, None, "default", 0)
    cases = (the_plan.cases * (args.instances // len(the_plan.cases) + 1))[: args.instances]
    the_plan.cases = cases
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{len(cases)} instances, the same validator in process and behind a Python harness")
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
    for label, (local, remote) in pairs.items():
        rates = {}
        for name, adapter in (("in process", local), ("IHOP", resolve(remote, structure))):
            started = time.perf_counter()
            run_validator(the_plan, adapter)
            seconds = time.perf_counter() - started
            adapter.close()
            rates[name] = len(cases) / seconds
            print(f"  {label:18s} {name:10s}: {rates[name]:9.0f} instances/s ({seconds:.2f} s)")
        print(
            f"  {label:18s} ratio IHOP / in process: {rates['IHOP'] / rates['in process']:.2f}"
            " (target >= 0.5 for the trivial validator)"
        )


if __name__ == "__main__":
    main()
