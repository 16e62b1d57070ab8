"""How the suite's cost grows with the structure (figures, not timed tests).

Two synthetic series, each point measured in fresh processes:

- width: N object definitions of six mixed properties (a bounded string, an int32 range, a
  string enum whose values are the definition's own, a boolean, an array of patterned
  strings, a float), for `planning` (load and `count_table`), `certify --validator reference
  --profile quick` and `diff` (every definition changed three ways, so 3N changes);
- depth: a chain of D definitions, each with the six properties and an optional member that
  nests the next, for `certify` only: CPU per generated case and peak memory.

Planning and diff, a second or less each, are the median of three runs per point; certify
runs once. Cost is the CPU time (user + system) of the whole process tree (the command and
every helper and worker it waited for), so a second core doing the work does not hide it;
memory is the peak resident set of the largest process of the tree. The exponent is the
slope of a least-squares line through log(cost) against log(width), of the cost above the
same command's at width 1 (its fixed cost, which would otherwise pass for free growth); 1
is linear.

    python bench/scale.py [--widths 20,40,80,160] [--diff-widths 160,320,640,1280]
                          [--depths 4,8,16,32] [--only width|depth]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from typing import Any

from _measure import machine, run_tree

PLAN = r"""
import sys
from neptune_ml_conformance._generation.core import count_table
from neptune_ml_conformance._model.structure import load
print(sum(row[3] for row in count_table(load(sys.argv[1]), "quick")))
"""


#: The least valid instance of every synthetic definition (its one hand-written case).
LEAST = {"label": "x", "kind": "kind0a"}


def _definition(i: int, nested: str | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "label": {"type": "string", "minLength": 1, "maxLength": 40},
        "count": {"type": "int32", "minimum": 0, "maximum": 1000 + i},
        "kind": {"type": "string", "enum": [f"kind{i}a", f"kind{i}b", f"kind{i}c"]},
        "enabled": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string", "pattern": "^t[0-9]{1,3}$"}},
        "ratio": {"type": "float"},
    }
    if nested is not None:
        properties["next"] = {"type": {"$ref": f"#/definitions/{nested}"}}
    return {"type": "object", "properties": properties, "required": ["label", "kind"]}


def wide(width: int, edited: bool = False) -> dict[str, Any]:
    """`width` independent definitions; `edited` changes each one three ways (a tighter
    maximum, one enum value fewer, `enabled` required)."""
    definitions = {}
    for i in range(width):
        one = _definition(i)
        if edited:
            one["properties"]["count"]["maximum"] = 500
            one["properties"]["kind"]["enum"] = one["properties"]["kind"]["enum"][:2]
            one["required"] = ["label", "kind", "enabled"]
        definitions[f"D{i}"] = one
    return _document(definitions)


def chain(depth: int) -> dict[str, Any]:
    """`depth` definitions, each nesting the next through an optional member."""
    definitions = {
        f"D{i}": _definition(i, f"D{i + 1}" if i + 1 < depth else None) for i in range(depth)
    }
    return _document(definitions)


def _document(definitions: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-structure.org/meta/core/v0/#",
        "$id": "https://example.com/scale.json",
        "name": "Scale",
        "definitions": definitions,
    }


def _write(folder: str, name: str, document: dict[str, Any]) -> str:
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        json.dump(document, f)
    return path


def _cli(*args: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "import sys; from neptune_ml_conformance.cli import main; sys.exit(main())",
        *args,
    ]


def _certify(folder: str, structure: str) -> tuple[float, float, int]:
    """CPU, peak MiB and generated cases of `certify` on a structure with no hand-written
    cases (one drawing process, as the quick profile has by default)."""
    cases = os.path.join(folder, "cases")
    os.makedirs(os.path.join(cases, "valid", "D0"), exist_ok=True)
    os.makedirs(os.path.join(cases, "invalid"), exist_ok=True)
    one = {"description": "the least instance", "definition": "D0", "category": "required"}
    _write(os.path.join(cases, "valid", "D0"), "least.json", {**one, "instance": LEAST})
    report = os.path.join(folder, "report.json")
    cpu, mib, _ = run_tree(
        _cli(
            "certify",
            "--validator",
            "reference",
            "--profile",
            "quick",
            "--structure",
            structure,
            "--cases",
            cases,
            "--json",
            report,
        )
    )
    with open(report) as f:
        generated: int = json.load(f)["suite"]["cases"]["generated"]
    return cpu, mib, generated


def exponent(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The slope of the least-squares line through (log x, log y)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum(
        (a - mx) ** 2 for a in lx
    )


#: Runs of the cheap commands (planning, diff) per point, of which the median is taken: a
#: second or less of CPU, where one run's noise (a tenth of a second at width 1, which is
#: subtracted from every point) moved the fitted exponent by 0.1 from run to run.
CHEAP_RUNS = 3


def _width_point(width: int, certifying: bool = True) -> tuple[float, float, int, float, int]:
    """Planning CPU, certify CPU and cases, diff CPU and changes at one width."""
    with tempfile.TemporaryDirectory() as folder:
        old = _write(folder, "old.json", wide(width))
        new = _write(folder, "new.json", wide(width, edited=True))
        plan = cert = 0.0
        cases = 0
        if certifying:
            plan = statistics.median(
                run_tree([sys.executable, "-c", PLAN, old])[0] for _ in range(CHEAP_RUNS)
            )
            cert, _, cases = _certify(folder, old)
        changed = os.path.join(folder, "changes.json")
        diffed = statistics.median(
            run_tree(_cli("diff", old, new, "--json", changed))[0] for _ in range(CHEAP_RUNS)
        )
        with open(changed) as f:
            changes = len(json.load(f))
    return plan, cert, cases, diffed, changes


def width_series(widths: Sequence[int], diff_widths: Sequence[int]) -> dict[str, float]:
    """Each command at each width, and at width 1: its fixed cost (interpreter, imports,
    the structure's loading), which a raw fit would count as free growth. The exponent is
    fitted both ways; the net one (cost above width 1) is the honest one. `diff` is cheap
    per change, so it has wider widths of its own."""
    rows: dict[str, list[float]] = {"planning": [], "certify": []}
    print("width  planning s  certify s  cases")
    fixed = _width_point(1)
    print(f"{1:>5} {fixed[0]:>11.2f} {fixed[1]:>10.2f} {fixed[2]:>6}")
    for width in widths:
        plan, cert, cases, _, _ = _width_point(width)
        rows["planning"].append(plan)
        rows["certify"].append(cert)
        print(f"{width:>5} {plan:>11.2f} {cert:>10.2f} {cases:>6}")
    diffs = []
    print("width  diff s  changes")
    print(f"{1:>5} {fixed[3]:>7.2f} {fixed[4]:>8}")
    for width in diff_widths:
        *_, diffed, changes = _width_point(width, certifying=False)
        diffs.append(diffed)
        print(f"{width:>5} {diffed:>7.2f} {changes:>8}")
    base = {"planning": fixed[0], "certify": fixed[1], "diff": fixed[3]}
    xs = {"planning": widths, "certify": widths, "diff": diff_widths}
    rows["diff"] = diffs
    raw = {name: exponent(xs[name], ys) for name, ys in rows.items()}
    net = {
        name: exponent(xs[name], [max(y - base[name], 1e-3) for y in ys])
        for name, ys in rows.items()
    }
    print(
        "exponent in width (target <= 1.1), net of the width-1 cost: "
        + ", ".join(f"{name} {value:.2f}" for name, value in net.items())
        + "; raw: "
        + ", ".join(f"{name} {value:.2f}" for name, value in raw.items())
    )
    return net


def depth_series(depths: Sequence[int]) -> dict[int, tuple[float, float]]:
    out: dict[int, tuple[float, float]] = {}
    print("depth  certify s  cases  ms/case  peak MiB")
    for depth in depths:
        with tempfile.TemporaryDirectory() as folder:
            structure = _write(folder, "chain.json", chain(depth))
            cpu, mib, cases = _certify(folder, structure)
        out[depth] = (1000 * cpu / cases, mib)
        print(f"{depth:>5} {cpu:>10.2f} {cases:>6} {1000 * cpu / cases:>8.2f} {mib:>9.0f}")
    first, last = min(out), max(out)
    ratios = ", ".join(
        f"depth {d} / depth {first}: {out[d][0] / out[first][0]:.2f}" for d in sorted(out)[1:]
    )
    print(
        f"per case, {ratios} (target <= 1.5 at 16 vs 4); peak at depth {last}: "
        f"{out[last][1]:.0f} MiB (target < 300 at 32)"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widths", default="20,40,80,160")
    parser.add_argument("--diff-widths", default="160,320,640,1280")
    parser.add_argument("--depths", default="4,8,16,32")
    parser.add_argument("--only", choices=("width", "depth"))
    args = parser.parse_args()
    print(machine())
    if args.only in (None, "width"):
        width_series(
            [int(w) for w in args.widths.split(",")],
            [int(w) for w in args.diff_widths.split(",")],
        )
    if args.only in (None, "depth"):
        depth_series([int(d) for d in args.depths.split(",")])


if __name__ == "__main__":
    main()
