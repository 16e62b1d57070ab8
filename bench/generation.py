"""Benchmark: generation speed, model-driven strategies versus hypothesis-jsonschema.

Like for like: both generators draw valid instances of the same definitions (the bundled
structure's), the same number per definition, each round in a fresh process for each
generator (so neither inherits the other's caches, pools or Hypothesis' warm state), the
two alternating which goes first. The timing starts before the strategies are built and
stops after the last instance is drawn: building is part of the price (imports are not).
The instances differ in size (the model-driven ones lean on long strings and every optional
member), so the rate is given per instance and per thousand JSON characters, with the mean
size beside it; compare the per-character rates for the work done.

Then the wall time of the `default` profile's generation plus one in-process validator run
(target: under 10 s on 2 cores), and the `thorough` profile's drawing in one process and
with helper processes (same cases). hypothesis-jsonschema is the `crosscheck` extra; without
it the comparison is left out, with a line saying why, and the rest still runs.

    python bench/generation.py [--count N] [--seed S] [--rounds R] [--only compare|profiles]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from _measure import machine

CHILD = r"""
import json, sys, time
from neptune_ml_conformance import load
from neptune_ml_conformance._generation.draw import draw_examples
which, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if which == "model":
    from neptune_ml_conformance._generation.core import valid
else:
    from neptune_ml_conformance._generation.crosscheck import for_definition
structure = load()
started = time.process_time()
made = chars = 0
for name in structure.definitions:
    if which == "model":
        strategy = valid(structure.definitions[name])
    else:
        strategy = for_definition(structure, name)
    drawn = draw_examples(strategy, count, seed)
    made += len(drawn)
    chars += sum(len(json.dumps(v)) for v in drawn)
print(json.dumps({"cpu": time.process_time() - started, "made": made, "chars": chars}))
"""


def _child(which: str, count: int, seed: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, which, str(count), str(seed)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def compare(count: int, seed: int, rounds: int) -> None:
    try:
        import hypothesis_jsonschema  # noqa: F401
    except ImportError:
        print("hypothesis-jsonschema comparison left out: pip install '.[crosscheck]'")
        return
    runs: dict[str, list[dict[str, float]]] = {"model": [], "jsonschema": []}
    for round_ in range(rounds):
        order = ("model", "jsonschema") if round_ % 2 == 0 else ("jsonschema", "model")
        for which in order:
            runs[which].append(_child(which, count, seed))
    print(
        f"valid instances of every definition, {count} per definition, seed {seed}, "
        f"{rounds} rounds alternating, fresh process each (CPU, strategy building included):"
    )
    rates = {}
    for which, label in (("model", "model-driven"), ("jsonschema", "hypothesis-jsonschema")):
        cpu = statistics.median(r["cpu"] for r in runs[which])
        made = runs[which][0]["made"]
        chars = runs[which][0]["chars"]
        rates[which] = (made / cpu, chars / 1000 / cpu)
        print(
            f"  {label:22s} {made:5.0f} instances, mean {chars / made:6.0f} chars, median "
            f"{cpu:5.2f} s: {made / cpu:7.0f} instances/s, {chars / 1000 / cpu:7.0f} kchars/s"
        )
    print(
        f"  ratio model/jsonschema: {rates['model'][0] / rates['jsonschema'][0]:.2f} per "
        f"instance, {rates['model'][1] / rates['jsonschema'][1]:.2f} per character"
    )


def profiles(seed: int) -> None:
    from neptune_ml_conformance import load
    from neptune_ml_conformance._generation.core import default_jobs, generate_cases
    from neptune_ml_conformance._running.engine import _GENERATED, certify, prepare
    from neptune_ml_conformance.adapters import resolve

    _GENERATED.clear()
    started = time.perf_counter()
    the_plan = prepare(None, None, "default", seed)
    generated = time.perf_counter() - started
    report = certify(the_plan, [resolve("reference", the_plan.structure)])
    total = time.perf_counter() - started
    print(
        f"default profile: {len(the_plan.cases)} cases; generation {generated:.2f} s; "
        f"generation + reference run {total:.2f} s (target < 10 s); "
        f"conformant={report['validators'][0]['conformant']}"
    )
    structure = load()
    jobs = default_jobs("thorough")
    timings, drawn = {}, {}
    for n in sorted({1, jobs}):
        started = time.perf_counter()
        drawn[n] = generate_cases(structure, "thorough", seed, jobs=n)
        timings[n] = time.perf_counter() - started
    line = ", ".join(f"{n} process{'es' if n > 1 else ''} {t:.1f} s" for n, t in timings.items())
    print(
        f"thorough profile drawing: {line}; speed-up {timings[1] / timings[jobs]:.2f}x; "
        f"identical cases: {drawn[1] == drawn[jobs]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="instances per definition")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=("compare", "profiles"))
    args = parser.parse_args()
    print(machine())
    if args.only in (None, "compare"):
        compare(args.count, args.seed, args.rounds)
    if args.only in (None, "profiles"):
        profiles(args.seed)


if __name__ == "__main__":
    main()
