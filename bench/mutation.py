"""Mutation analysis: run `certify` on every faulty validator of the catalogue.

Prints faults caught, faults caught in the right category, false alarms on three differently
written correct validators (must be zero), and the median time to the first failing
instance.

    python bench/mutation.py [--profile quick|default|thorough] [--seed N] [--markdown]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from neptune_ml_conformance._engine import certify, prepare
from neptune_ml_conformance._mutation import analyse, median_seconds
from neptune_ml_conformance.adapters import resolve

from tests.validators.catalogue import CATALOGUE

CORRECT = ["reference", "jsonschema", "tests/validators/handwritten.py:validate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="default")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    started = time.perf_counter()
    the_plan = prepare(None, None, args.profile, args.seed)
    verdicts = analyse(the_plan, [(f.name, f.blame, f.kind, f.make) for f in CATALOGUE])
    root = Path(__file__).resolve().parents[1]
    alarms = []
    for spec in CORRECT:
        spec = spec if not spec.startswith("tests/") else str(root / spec)
        (entry,) = certify(the_plan, [resolve(spec, the_plan.structure)])["validators"]
        if not entry["conformant"]:
            alarms.append(spec)
    print(
        f"profile {args.profile}, seed {args.seed}, {len(the_plan.cases)} cases, "
        f"{len(verdicts)} faults"
    )
    if args.markdown:
        print("\n| fault | kind | should blame | caught | right category | failing categories |")
        print("|---|---|---|---|---|---|")
    for v in verdicts:
        first = f"{v.seconds_to_first_failure * 1000:.1f} ms" if v.seconds_to_first_failure else "-"
        if args.markdown:
            print(
                f"| {v.name} | {v.kind} | {v.blame} | {'yes' if v.caught else '**no**'} | "
                f"{'yes' if v.right_category else '**no**'} | {', '.join(v.failing)} |"
            )
        else:
            print(
                f"  {v.name:40s} {v.blame:18s} caught={v.caught!s:5s} "
                f"right={v.right_category!s:5s} first failure {first}"
            )
    caught = sum(v.caught for v in verdicts)
    right = sum(v.right_category for v in verdicts)
    median = median_seconds(verdicts)
    print(
        f"\nfaults caught: {caught}/{len(verdicts)}; in the right category: {right}/{len(verdicts)}"
    )
    print(
        f"false alarms on correct validators ({', '.join(CORRECT)}): {len(alarms)} {alarms or ''}"
    )
    print(f"median time to the first failing instance: {median * 1000:.1f} ms" if median else "")
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
