"""Benchmark: generation speed, model-driven strategies versus hypothesis-jsonschema.

Prints instances per second for both generators on the same definitions and example count,
measured side by side in one run, their ratio, the wall time of the `default` profile's
generation plus one in-process validator run (target: under 10 s on 2 cores), and the
`thorough` profile's drawing in one process and with helper processes (same cases).
hypothesis-jsonschema is the `crosscheck` extra; without it the comparison is left out, with
a line saying why, and the rest still runs.

    python bench/generation.py [--count N] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from neptune_ml_conformance import load
from neptune_ml_conformance._generation.core import default_jobs, generate_cases, valid
from neptune_ml_conformance._generation.crosscheck import CrossCheckUnavailable, for_definition
from neptune_ml_conformance._generation.draw import draw_examples
from neptune_ml_conformance._running.engine import _GENERATED, certify, prepare
from neptune_ml_conformance.adapters import resolve


def rate(strategies: list[object], count: int, seed: int) -> tuple[int, float]:
    made, started = 0, time.perf_counter()
    for strategy in strategies:
        made += len(draw_examples(strategy, count, seed))  # type: ignore[arg-type]
    return made, made / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="instances per definition")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    structure = load()
    names = list(structure.definitions)
    model_driven = [valid(structure.definitions[n]) for n in names]
    try:
        schemas = [for_definition(structure, name) for name in names]
    except CrossCheckUnavailable as missing:
        print(f"hypothesis-jsonschema comparison left out: {missing}")
        schemas = []
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(
        f"valid instances, {args.count} per definition, {len(names)} definitions, seed {args.seed}"
    )
    made_m, rate_m = rate(model_driven, args.count, args.seed)
    print(f"  model-driven strategies : {made_m:6d} instances, {rate_m:8.0f} instances/s")
    if schemas:
        made_j, rate_j = rate(schemas, args.count, args.seed)
        print(f"  hypothesis-jsonschema   : {made_j:6d} instances, {rate_j:8.0f} instances/s")
        print(f"  ratio model/jsonschema  : {rate_m / rate_j:.2f}")

    _GENERATED.clear()
    started = time.perf_counter()
    the_plan = prepare(None, None, "default", args.seed)
    generated = time.perf_counter() - started
    report = certify(the_plan, [resolve("reference", the_plan.structure)])
    total = time.perf_counter() - started
    print(
        f"default profile: {len(the_plan.cases)} cases; generation {generated:.2f} s; "
        f"generation + reference run {total:.2f} s (target < 10 s); "
        f"conformant={report['validators'][0]['conformant']}"
    )
    jobs = default_jobs("thorough")
    timings, drawn = {}, {}
    for n in sorted({1, jobs}):
        started = time.perf_counter()
        drawn[n] = generate_cases(structure, "thorough", args.seed, jobs=n)
        timings[n] = time.perf_counter() - started
    line = ", ".join(f"{n} process{'es' if n > 1 else ''} {t:.1f} s" for n, t in timings.items())
    print(
        f"thorough profile drawing: {line}; speed-up {timings[1] / timings[jobs]:.2f}x; "
        f"identical cases: {drawn[1] == drawn[jobs]}"
    )


if __name__ == "__main__":
    main()
