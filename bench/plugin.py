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
   no plugin can go below, which weighs most on the smallest runs.

    python bench/plugin.py [--validator SPEC] [--rounds N] [--only unused|used]
                           [--profiles quick,default]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence

#: As an installed suite runs: compiled modules cached (an environment that turns the cache
#: off would have every run compile the suite, and pytest rewrite its asserts, anew).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _cpu(argv: Sequence[str], cwd: str) -> float:
    """CPU seconds (user + system) of a command's whole process tree."""
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV
    )
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if code not in (0, 1, 5):  # 5: pytest collected nothing
        raise RuntimeError(f"{argv[:5]} exited {code}: {errors[-500:]}")
    return usage.ru_utime + usage.ru_stime


def _paired(one: Sequence[str], two: Sequence[str], cwd: str, rounds: int) -> list[float]:
    """`two`'s CPU over `one`'s, per round, the order alternating; one untimed round first."""
    ratios = []
    for round_ in range(rounds + 1):
        if round_ % 2:
            a, b = _cpu(one, cwd), _cpu(two, cwd)
        else:
            b, a = _cpu(two, cwd), _cpu(one, cwd)
        if round_:
            ratios.append((a, b))
    return [b / a for a, b in ratios] if ratios else []


def unused(rounds: int) -> None:
    pytest = [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"]
    with tempfile.TemporaryDirectory() as empty:
        added = []
        for round_ in range(rounds + 1):
            order = [True, False] if round_ % 2 else [False, True]
            cpu = {}
            for loaded in order:
                argv = pytest if loaded else [*pytest, "-p", "no:neptune_ml_conformance"]
                cpu[loaded] = _cpu(argv, empty)
            if round_:
                added.append((cpu[True] - cpu[False]) * 1000)
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
        ratios = _paired(cli, plugin, empty, rounds)
        start = statistics.median(
            _cpu([*bare, "-p", "no:neptune_ml_conformance"], empty) for _ in range(3)
        )
        alone = statistics.median(_cpu(cli, empty) for _ in range(3))
    print(
        f"plugin against the command line, {validator}, {profile} profile, {rounds} paired "
        f"rounds: CPU ratio median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, "
        f"max {max(ratios):.2f}; target median <= 1.2); pytest's own start-up "
        f"{start:.2f} s against the command line's {alone:.2f} s: a floor of "
        f"{1 + start / alone:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validator", default="jsonschema")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("unused", "used"))
    parser.add_argument("--profiles", default="quick,default")
    args = parser.parse_args()
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} "
        f"CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    if args.only in (None, "unused"):
        unused(args.rounds)
    if args.only in (None, "used"):
        for profile in args.profiles.split(","):
            used(args.validator, args.rounds, profile)


if __name__ == "__main__":
    main()
