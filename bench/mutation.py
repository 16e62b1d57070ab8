"""Mutation analysis: run `certify` on every faulty validator of the catalogue.

Prints faults caught, faults caught in the right category, false alarms on three differently
written correct validators (must be zero), and the median time to the first failing
instance.

    python bench/mutation.py [--profile quick|default|thorough] [--seed N] [--markdown]
        [--structure PATH --cases DIR]

With `--structure` (an edited structure, e.g. examples/neptune-ml-job-v2.json) the faults are
those of `tests/validators/catalogue_v2.py` and the hand-written correct validator is
`tests/validators/handwritten_v2.py`; both are written for the example structure.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from neptune_ml_conformance._running.engine import certify, prepare
from neptune_ml_conformance._running.faults import analyse, median_seconds
from neptune_ml_conformance.adapters import resolve

from tests.validators.catalogue import CATALOGUE
from tests.validators.catalogue_v2 import CATALOGUE as CATALOGUE_V2

CORRECT = ["reference", "jsonschema", "tests/validators/handwritten.py:validate"]
CORRECT_V2 = ["reference", "jsonschema", "tests/validators/handwritten_v2.py:validate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="default")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--structure", help="an edited structure (default: the bundled seed)")
    parser.add_argument("--cases", help="its hand-written cases: valid/ and invalid/")
    args = parser.parse_args()
    started = time.perf_counter()
    the_plan = prepare(args.structure, args.cases, args.profile, args.seed)
    edited = args.structure is not None
    catalogue = CATALOGUE_V2 if edited else CATALOGUE
    correct = CORRECT_V2 if edited else CORRECT
    new = {f.name for f in CATALOGUE_V2 if f.new} if edited else set()
    verdicts = analyse(the_plan, [(f.name, f.blame, f.kind, f.make) for f in catalogue])
    root = Path(__file__).resolve().parents[1]
    alarms = []
    for spec in correct:
        spec = spec if not spec.startswith("tests/") else str(root / spec)
        (entry,) = certify(the_plan, [resolve(spec, the_plan.structure)])["validators"]
        if not entry["conformant"]:
            alarms.append(spec)
    print(
        f"profile {args.profile}, seed {args.seed}, {len(the_plan.cases)} cases, "
        f"{len(verdicts)} faults"
    )
    if args.markdown:
        extra = " new rule |" if edited else ""
        print(
            f"\n| fault | kind | should blame |{extra} caught | right category | "
            "failing categories |"
        )
        print("|---|---|---|---|---|---|" + ("---|" if edited else ""))
    for v in verdicts:
        first = f"{v.seconds_to_first_failure * 1000:.1f} ms" if v.seconds_to_first_failure else "-"
        if args.markdown:
            mark = f" {'yes' if v.name in new else ''} |" if edited else ""
            print(
                f"| {v.name} | {v.kind} | {v.blame} |{mark} {'yes' if v.caught else '**no**'} | "
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
    if edited:
        on_new = [v for v in verdicts if v.name in new]
        print(
            f"on new types and keywords: caught {sum(v.caught for v in on_new)}/{len(on_new)}; "
            f"in the right category: {sum(v.right_category for v in on_new)}/{len(on_new)}"
        )
    print(
        f"false alarms on correct validators ({', '.join(correct)}): {len(alarms)} {alarms or ''}"
    )
    print(f"median time to the first failing instance: {median * 1000:.1f} ms" if median else "")
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
