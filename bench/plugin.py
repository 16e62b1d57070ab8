"""What the pytest plugin costs: unused, and certifying beside the command line.

1. unused: `pytest --co -q` in an empty project, with the plugin loaded (as every project
   where the suite is installed has it) and with `-p no:neptune_ml_conformance`; the added
   CPU, paired per round, median with least and greatest (target: at most 50 ms);
2. used: `pytest --conformance-validator V --conformance-profile P` against
   `neptune-ml-conformance certify --validator V --profile P`, the same cases, rounds
   alternating which goes first; CPU of each whole process tree (the validator's worker
   included), the ratio paired per round (target: median at most 1.2), for the `quick`
   and `default` profiles. Beside it pytest's own start-up (`pytest --co -q` in an empty
   project, no plugin) as a share of the command line's CPU: a floor under the ratio that
   no plugin can go below, which weighs most on the smallest runs; and pytest running as
   many case items that do nothing (the plugin's protocol, no drawing, no validator): the
   floor for a plugin with one item per case. Both floors count only what the command
   line does not pay too: the interpreter's start and Hypothesis' import (pytest imports
   it for Hypothesis' own plugin) are taken off.

    python bench/plugin.py [--validator SPEC] [--rounds N] [--only unused|used]
                           [--profiles quick,default]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence

from _measure import machine, run_tree


def _cpu(argv: Sequence[str], cwd: str) -> float:
    return run_tree(argv, cwd, ok=(0, 1, 5))[0]  # 5: pytest collected nothing


def _paired(
    one: Sequence[str], two: Sequence[str], cwd: str, rounds: int
) -> list[tuple[float, float]]:
    """The CPU of `one` and of `two`, per round, the order alternating; one untimed round
    first."""
    pairs = []
    for round_ in range(rounds + 1):
        if round_ % 2:
            a, b = _cpu(one, cwd), _cpu(two, cwd)
        else:
            b, a = _cpu(two, cwd), _cpu(one, cwd)
        if round_:
            pairs.append((a, b))
    return pairs


def unused(rounds: int) -> None:
    pytest = [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"]
    with tempfile.TemporaryDirectory() as empty:
        pairs = _paired([*pytest, "-p", "no:neptune_ml_conformance"], pytest, empty, rounds)
    added = [(loaded - bare) * 1000 for bare, loaded in pairs]
    print(
        f"unused plugin, `pytest --co -q` in an empty project, {rounds} paired rounds: "
        f"added CPU median {statistics.median(added):.0f} ms (min {min(added):.0f}, "
        f"max {max(added):.0f}; target <= 50 ms)"
    )


def used(validator: str, rounds: int, profile: str) -> None:
    cli = [
        sys.executable,
        "-c",
        "import sys; from neptune_ml_conformance.cli import main; sys.exit(main())",
        "certify",
        "--validator",
        validator,
        "--profile",
        profile,
    ]
    plugin = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "--conformance-validator",
        validator,
        "--conformance-profile",
        profile,
    ]
    bare = [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"]
    with tempfile.TemporaryDirectory() as empty:
        pairs = _paired(cli, plugin, empty, rounds)
        start = statistics.median(
            _cpu([*bare, "-p", "no:neptune_ml_conformance"], empty) for _ in range(3)
        )
        # what the command line pays too: the interpreter, and Hypothesis (which pytest
        # imports for Hypothesis' own plugin)
        shared = statistics.median(
            _cpu([sys.executable, "-c", "import hypothesis"], empty) for _ in range(3)
        )
        listed = run_tree([*plugin, "--co"], empty)[2].splitlines()
        items = sum(1 for line in listed if "::conformance::" in line)
    with tempfile.TemporaryDirectory() as floor:
        with open(os.path.join(floor, "conftest.py"), "w", encoding="utf-8") as f:
            f.write(EMPTY_ITEMS.format(items=items))
        idle = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
        empty_items = statistics.median(_cpu(idle, floor) for _ in range(3))
    ratios = [b / a for a, b in pairs]
    alone = statistics.median(a for a, _ in pairs)
    print(
        f"plugin against the command line, {validator}, {profile} profile, {rounds} paired "
        f"rounds: CPU ratio median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, "
        f"max {max(ratios):.2f}; target median <= 1.2); the command line {alone:.2f} s; "
        f"pytest's own start-up {start:.2f} s, {start - shared:.2f} s beyond what the "
        f"command line pays too (the interpreter and Hypothesis' import, {shared:.2f} s): "
        f"a floor of {1 + (start - shared) / alone:.2f}; pytest running {items} case "
        f"items that do nothing (the plugin's own protocol, no drawing, no validator) "
        f"{empty_items:.2f} s, {empty_items - shared:.2f} s beyond: a floor of "
        f"{1 + (empty_items - shared) / alone:.2f}"
    )


#: A project whose only tests are case items that do nothing: what pytest itself costs for
#: as many items, through the plugin's `pytest_runtest_protocol` (the plugin is loaded, as
#: in every project where the suite is installed, but certifies nothing).
EMPTY_ITEMS = """
import pytest
from neptune_ml_conformance.plugin import CaseItem


class Empty(CaseItem):
    def runtest(self):
        pass

    def reportinfo(self):
        return "generated", None, f"conformance {{self.name}}"


class Items(pytest.Collector):
    def collect(self):
        for n in range({items}):
            yield Empty.from_parent(self, name=f"generated/valid/Job/type/{{n:04}}", case=None)


def pytest_collection_modifyitems(session, config, items):
    collector = Items.from_parent(session, name="conformance")
    collector.add_marker(pytest.mark.conformance)
    items.extend(collector.collect())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validator", default="jsonschema")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("unused", "used"))
    parser.add_argument("--profiles", default="quick,default")
    args = parser.parse_args()
    print(machine())
    if args.only in (None, "unused"):
        unused(args.rounds)
    if args.only in (None, "used"):
        for profile in args.profiles.split(","):
            used(args.validator, args.rounds, profile)


if __name__ == "__main__":
    main()
