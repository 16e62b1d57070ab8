"""Benchmark: the plugin's conformance run serial and with pytest-xdist `-n 2`, one run.

python bench/xdist.py [--validator SPEC] [--profile NAME]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validator", default="jsonschema")
    parser.add_argument("--profile", default="thorough")
    args = parser.parse_args()
    print(
        f"{os.cpu_count()} cores; pytest --conformance-validator {args.validator} "
        f"--conformance-profile {args.profile}"
    )
    timings = {}
    with tempfile.TemporaryDirectory() as where:
        for label, extra in (("serial", []), ("-n 2", ["-n", "2"])):
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "--conformance-validator",
                    args.validator,
                    "--conformance-profile",
                    args.profile,
                    *extra,
                ],
                cwd=where,
                capture_output=True,
                check=False,
            )
            timings[label] = time.perf_counter() - started
            print(f"  {label:7s} {timings[label]:6.2f} s")
    print(f"  speed-up {timings['serial'] / timings['-n 2']:.2f}x")


if __name__ == "__main__":
    main()
