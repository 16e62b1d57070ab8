"""A report gives the time to generate the cases and, per validator, the time to judge them;
the terminal summary shows both. Before, `timing.seconds` and each validator's `seconds`
left generation out (0.8 s reported for a 40 s run)."""

from __future__ import annotations

import io

from neptune_ml_conformance._reports.terminal import render_terminal
from neptune_ml_conformance._running.engine import _GENERATED, certify, prepare
from neptune_ml_conformance.adapters import resolve
from rich.console import Console


def test_generation_and_judging_times_are_reported_and_shown() -> None:
    for key in [k for k in _GENERATED if k[1:] == ("quick", 11)]:
        del _GENERATED[key]  # drawn in this test, not handed in from the cache
    the_plan = prepare(None, None, "quick", 11, jobs=1)
    assert the_plan.generation_seconds > 0
    adapters = [resolve("reference", the_plan.structure)]
    report = certify(the_plan, adapters)
    timing = report["timing"]
    (entry,) = report["validators"]
    assert timing["generation_seconds"] == round(the_plan.generation_seconds, 3)
    assert timing["seconds"] >= timing["generation_seconds"] + entry["seconds"] - 0.002
    assert 0 < entry["seconds"] <= timing["judging_seconds"] + 0.001

    out = io.StringIO()
    render_terminal(report, Console(file=out, width=200, color_system=None))
    line = [t for t in out.getvalue().splitlines() if t.startswith("time: ")]
    assert line == [
        f"time: generation {timing['generation_seconds']:.1f} s; "
        f"judging reference {entry['seconds']:.1f} s"
    ]
