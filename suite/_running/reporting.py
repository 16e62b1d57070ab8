"""Reporting: one validator's outcomes counted by category, and the JSON report checked
against the report schema the suite ships."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import __version__
from .._model.categories import REPORTED, is_blocking
from .._model.schemas import first_error
from .._reports.report import reproduce_argv, run_options
from ..adapters import Adapter
from .judging import NOT_EXPRESSIBLE, Outcome
from .planning import Plan
from .replaying import _size


def failure_entry(outcome: Outcome) -> dict[str, Any]:
    case = outcome.case
    return {
        "id": case.id,
        "source": case.source,
        "category": outcome.blame,
        "definition": case.definition,
        "description": case.description,
        "instance": case.instance,
        "expected": case.expected,
        "got": outcome.got,
        "path": case.path if case.path is not None else "",
        "detail": outcome.detail,
        "origin": case.origin,
    }


def summarise(
    adapter: Adapter,
    outcomes: Sequence[Outcome],
    seconds: float,
    reported: Sequence[Outcome] | None = None,
) -> dict[str, Any]:
    """Counts over every outcome; failures listed from `reported` (default: all failures)."""
    categories = {
        name: {"passed": 0, "failed": 0, "errored": 0, "skipped": 0, "blocking": is_blocking(name)}
        for name in REPORTED
    }
    failures = []
    for outcome in outcomes:
        counts = categories.setdefault(
            outcome.blame,
            {"passed": 0, "failed": 0, "errored": 0, "skipped": 0, "blocking": False},
        )
        counts[outcome.verdict] = counts.get(outcome.verdict, 0) + 1
    for outcome in outcomes if reported is None else reported:
        if outcome.verdict not in ("passed", NOT_EXPRESSIBLE):
            failures.append(failure_entry(outcome))
    failures.sort(key=lambda f: (f["category"], _size(f["instance"]), f["definition"], f["id"]))
    blocking_ok = all(
        c["failed"] == 0 and c["errored"] == 0 and c["skipped"] == 0
        for c in categories.values()
        if c["blocking"]
    )
    ran = any(c["passed"] for c in categories.values())
    version = getattr(adapter, "version", "")
    return {
        "name": adapter.name,
        "spec": adapter.spec,
        **({"version": version} if version else {}),
        "conformant": blocking_ok and ran,
        "categories": categories,
        "failures": failures,
        "seconds": round(seconds, 3),
    }


def build_report(
    the_plan: Plan,
    entries: list[dict[str, Any]],
    unavailable: dict[str, str] | None,
    seconds: float,
    options: Sequence[str] | None = None,
    generation_seconds: float = 0.0,
) -> dict[str, Any]:
    """The JSON report, checked against the report schema the suite ships
    (suite/data/schemas/report.schema.json).
    `seconds` is the time spent judging, `generation_seconds` the time the plan took to
    prepare (0 where the caller does not time it: the plugin's reports stay identical).

    Without `options`, the reproduce lines name what the plan itself knows: its profile,
    seed and structure (when it is not the bundled one)."""
    if options is None:
        from .._model.structure import default_structure_path

        source = the_plan.structure.source
        bundled = source == str(default_structure_path())
        options = run_options(
            None if bundled else source, None, the_plan.profile, the_plan.seed, None
        )
    for entry in entries:
        entry["reproduce"] = reproduce_argv(entry["spec"], options)
    sources: dict[str, int] = {}
    for case in the_plan.cases:
        sources[case.source] = sources.get(case.source, 0) + 1
    report: dict[str, Any] = {
        "suite": {
            "version": __version__,
            "seed": the_plan.seed,
            "profile": the_plan.profile,
            "structure_sha256": the_plan.structure.sha256,
            "structure": the_plan.structure.source,
            "cases": dict(sorted(sources.items())),
        },
        "validators": entries,
        "unavailable": [
            {"name": name, "reason": why} for name, why in sorted((unavailable or {}).items())
        ],
        "case_problems": the_plan.case_problems,
        "timing": {
            "seconds": round(generation_seconds + seconds, 3),
            "generation_seconds": round(generation_seconds, 3),
            "judging_seconds": round(seconds, 3),
        },
    }
    if the_plan.undrawn:  # only then: a run that drew every set says nothing of it
        report["suite"]["undrawn"] = [
            {"definition": d, "category": c, "expected": v} for d, c, v in the_plan.undrawn
        ]
    check_report(report)
    return report


def check_report(report: dict[str, Any]) -> None:
    """The suite holds its own output to the report schema it ships; a mismatch is a bug."""
    error = first_error("report.schema.json", report)
    if error is not None:
        where, message = error
        raise AssertionError(
            f"report does not match report.schema.json at {where or '/'}: {message}"
        )
