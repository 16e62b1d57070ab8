"""The report model: what every format shows, read from the JSON report.

The JSON report is the source; the terminal, Markdown and HTML views are renderings of
one `View` of it, so they cannot disagree on a verdict, a finding or a case problem (they
did: a case that no longer fits the structure once reached only the JSON and the terminal,
and the Markdown then read "conformant"). The views differ only in layout, and in that
HTML lists every failure where the others show the smallest witness per category.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .._io.neutral import json_text
from .._model.categories import BLOCKING, STANCE

WITNESS_CHARS = 300
PROGRAM = "neptune-ml-conformance"

_EMPTY = {"passed": 0, "failed": 0, "errored": 0, "skipped": 0}


def compact(instance: Any, limit: int = WITNESS_CHARS) -> str:
    """An instance as one line of JSON, cut at `limit` characters."""
    text = json_text(instance, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def run_options(
    structure: str | None,
    cases: str | None,
    profile: str,
    seed: int,
    timeout: float | None,
) -> list[str]:
    """The options that decide what a run does, as arguments of `certify`: the reproduce
    line is built from them, so it runs the same cases with the same limits. (`--jobs` is
    left out: any number of processes draws the same cases.)"""
    options = []
    if structure is not None:
        options += ["--structure", structure]
    if cases is not None:
        options += ["--cases", cases]
    options += ["--profile", profile, "--seed", str(seed)]
    if timeout is not None:
        options += ["--timeout", f"{timeout:g}"]
    return options


def reproduce_argv(spec: str, options: Sequence[str]) -> list[str]:
    return [PROGRAM, "certify", "--validator", spec, *options]


@dataclass(frozen=True)
class Row:
    """One validator as every format shows it."""

    name: str
    spec: str
    version: str
    conformant: bool
    verdict: str
    #: (category, counts) in the report's category order
    cells: list[tuple[str, dict[str, int]]]
    #: every failure, smallest first within a category
    failures: list[dict[str, Any]]
    #: the smallest failure per category
    witnesses: list[dict[str, Any]]
    #: the shell command that reruns this validator on the same cases
    reproduce: str


@dataclass(frozen=True)
class View:
    suite: dict[str, Any]
    categories: list[str]
    rows: list[Row]
    unavailable: list[dict[str, str]]
    case_problems: list[dict[str, str]]

    @property
    def undrawn(self) -> list[dict[str, str]]:
        """The generated sets that hold no case (`planning.undrawn`), as the report lists them."""
        return list(self.suite.get("undrawn", []))

    @property
    def passed(self) -> bool:
        """What exit code 0 means: every validator conformant, every case still fits."""
        return all(row.conformant for row in self.rows) and not self.case_problems

    @property
    def verdict(self) -> str:
        """The run's verdict, in our own words only (no foreign text to neutralise)."""
        good = sum(row.conformant for row in self.rows)
        text = f"{good} of {len(self.rows)} validators conformant"
        if self.case_problems:
            count = len(self.case_problems)
            text += (
                f"; {count} hand-written case{'s' if count > 1 else ''} no longer "
                f"fit{'' if count > 1 else 's'} the structure"
            )
        return ("PASSED: " if self.passed else "FAILED: ") + text


#: The heading of a report's list of generated sets that hold no case.
UNDRAWN_TITLE = "Generated sets nothing could be drawn for: their rules are not certified there"


def view(report: dict[str, Any]) -> View:
    categories = categories_in_order(report)
    rows = []
    for entry in report["validators"]:
        argv = entry.get("reproduce") or reproduce_argv(
            entry["spec"],
            run_options(None, None, report["suite"]["profile"], report["suite"]["seed"], None),
        )
        rows.append(
            Row(
                name=entry["name"],
                spec=entry["spec"],
                version=entry.get("version", ""),
                conformant=entry["conformant"],
                verdict=verdict_line(entry),
                cells=[(c, entry["categories"].get(c, _EMPTY)) for c in categories],
                failures=entry["failures"],
                witnesses=_witnesses(entry["failures"]),
                reproduce=shlex.join(argv),
            )
        )
    return View(report["suite"], categories, rows, report["unavailable"], report["case_problems"])


def categories_in_order(report: dict[str, Any]) -> list[str]:
    """The categories the run exercised, in the category table's order: a structure that
    uses a few rules gets a few columns, not a wall of empty ones."""
    seen = {
        name
        for v in report["validators"]
        for name, counts in v["categories"].items()
        if any(counts.get(k) for k in ("passed", "failed", "errored", "not-expressible"))
    }
    extra = sorted(seen - set(BLOCKING) - set(STANCE))
    return [c for c in BLOCKING if c in seen] + extra + [c for c in STANCE if c in seen]


def cell(counts: dict[str, int]) -> str:
    text = f"{counts['passed']}✓"
    if counts["failed"]:
        text += f" {counts['failed']}✗"
    if counts["errored"]:
        text += f" {counts['errored']}!"
    if counts.get("skipped"):
        text += f" {counts['skipped']}-"
    if counts.get("not-expressible"):
        text += f" {counts['not-expressible']} n/e"
    return text


def verdict_line(entry: dict[str, Any]) -> str:
    if entry["conformant"]:
        return "conformant"
    broken = [
        name
        for name, c in entry["categories"].items()
        if c["blocking"] and (c["failed"] or c["errored"] or c.get("skipped"))
    ]
    return "NOT conformant: " + (", ".join(broken) or "no case passed")


def _witnesses(failures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The smallest failure per category (failures are sorted smallest first)."""
    seen: set[str] = set()
    kept = []
    for failure in failures:
        if failure["category"] not in seen:
            seen.add(failure["category"])
            kept.append(failure)
    return kept


def render_count_table(rows: list[tuple[str, str, str, int]]) -> str:
    """Generated instances per definition and category (rows from `_generate.count_table`)."""
    categories = [c for c in (*BLOCKING, *STANCE) if any(r[1] == c for r in rows)]
    definitions = list(dict.fromkeys(r[0] for r in rows))
    counts = {(d, c, v): n for d, c, v, n in rows}
    lines = [
        "| definition | " + " | ".join(categories) + " |",
        "|---" * (len(categories) + 1) + "|",
    ]
    for d in definitions:
        cells = []
        for c in categories:
            parts = [
                f"{counts[(d, c, v)]} {v}" for v in ("valid", "invalid") if (d, c, v) in counts
            ]
            cells.append(" + ".join(parts) or "—")
        lines.append(f"| {d} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def failure_counts(row: Row) -> str:
    """How many cases failed against how many witnesses stand for them, in words that
    cannot be misread ("4 failures" beside "43 failed" read as a contradiction): a failing
    hand-written case is its own witness, but the failing generated cases of a group
    (category, expected verdict, outcome) are shown by one shrunk witness."""
    failed = sum(
        counts["failed"] + counts["errored"] + counts.get("skipped", 0) for _, counts in row.cells
    )
    errored = sum(counts["errored"] for _, counts in row.cells)
    hand = sum(f.get("source") != "generated" for f in row.failures)
    shrunk = len(row.failures) - hand
    parts = [f"{errored} errored"] if errored else []
    # A run without hand-written cases (any structure but the bundled one) says nothing of
    # them: a count of zero reads as though some had been expected.
    parts.append(f"{hand} hand-written, {failed - hand} generated" if hand else "all generated")
    return (
        f"{failed} failed case{'' if failed == 1 else 's'} ({'; '.join(parts)}), "
        f"{shrunk} shrunk witness{'' if shrunk == 1 else 'es'}"
    )
