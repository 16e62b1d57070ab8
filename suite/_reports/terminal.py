"""The terminal view of a report (Rich), every foreign string through `_neutral.terminal`."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .._io.neutral import terminal
from .._model.categories import BLOCKING
from .._reports.report import View, cell, compact, failure_counts, view


def render_terminal(report: dict[str, Any], console: Console, verbosity: int = 0) -> None:
    """`verbosity` below 0 (`-q`): one verdict line per validator and the run's verdict;
    0: the matrix and the smallest witness per failing category; above 0 (`-v`): also
    what was run (structure, cases, profile, seed) and each validator's time."""
    the_view = view(report)
    if verbosity < 0:
        for row in the_view.rows:
            console.print(
                Text.assemble(
                    terminal(row.name),
                    ": ",
                    terminal(row.verdict, "green" if row.conformant else "red"),
                )
            )
        _notices(the_view, console)
        console.print(terminal(the_view.verdict, "green" if the_view.passed else "red"))
        return
    if verbosity > 0:
        suite = the_view.suite
        cases = ", ".join(f"{n} {source}" for source, n in suite.get("cases", {}).items())
        console.print(
            Text.assemble(
                "structure ",
                terminal(suite.get("structure", "")),
                f" (sha256 {suite['structure_sha256'][:16]}…)",
            ),
            soft_wrap=True,
        )
        console.print(
            Text.assemble(
                "cases: ", terminal(cases), f"; profile {suite['profile']}, seed {suite['seed']}"
            ),
            soft_wrap=True,
        )
    table = Table(title="Conformance matrix (✓ passed, ✗ failed, ! errored, n/e not expressible)")
    table.add_column("validator")
    for name in the_view.categories:
        header = terminal(name)
        if name not in BLOCKING:
            header.append("\n(stance)")
        table.add_column(header, justify="right")
    table.add_column("verdict")
    for row in the_view.rows:
        label = terminal(row.name)
        if row.version:
            label.append("\n")
            label.append_text(terminal(row.version, "dim"))
        table.add_row(
            label,
            *(Text(cell(counts)) for _, counts in row.cells),
            terminal(row.verdict, "green" if row.conformant else "red"),
        )
    console.print(table)
    _notices(the_view, console)
    for row in the_view.rows:
        if not row.failures:
            continue
        console.rule(
            Text.assemble(
                terminal(row.name), f": smallest witness per category ({failure_counts(row)})"
            )
        )
        for w in row.witnesses:
            blocking = "blocking" if w["category"] in BLOCKING else "stance, not blocking"
            console.print(
                Text.assemble(
                    terminal(w["category"], "bold"),
                    f" ({blocking}) · ",
                    terminal(w["definition"]),
                    " · ",
                    terminal(w.get("id", "")),
                )
            )
            console.print(Text.assemble("  ", terminal(w["description"])))
            console.print(Text.assemble("  instance: ", terminal(compact(w["instance"]))))
            console.print(
                Text.assemble(
                    "  expected ",
                    terminal(w["expected"]),
                    ", got ",
                    terminal(w["got"]),
                    " at path ",
                    terminal(repr(w["path"])),
                    *((" — ", terminal(w["detail"])) if w.get("detail") else ()),
                )
            )
        # one line however wide, so that it can be copied as a whole
        console.print(Text.assemble("  reproduce: ", terminal(row.reproduce)), soft_wrap=True)
    if verbosity >= 0:
        console.print(timing_line(report))
    if verbosity > 0:
        console.print(f"run: {report['timing']['seconds']:.2f} s")
    console.print(terminal(the_view.verdict, "green" if the_view.passed else "red"))


def _notices(the_view: View, console: Console) -> None:
    notices = (
        ("unavailable", "yellow", the_view.unavailable, "name", "reason"),
        ("case no longer fits the structure", "red", the_view.case_problems, "id", "problem"),
    )
    for title, style, items, what, why in notices:
        for item in items:
            console.print(
                Text.assemble((title, style), " ", terminal(item[what]), ": ", terminal(item[why]))
            )


def timing_line(report: dict[str, Any]) -> Text:
    """The time to generate the cases and, per validator, the time to judge them."""
    timing = report.get("timing", {})
    line = Text(f"time: generation {timing.get('generation_seconds', 0.0):.1f} s; judging")
    for index, entry in enumerate(report.get("validators", [])):
        line.append(", " if index else " ")
        line.append_text(terminal(entry.get("name", "")))
        line.append(f" {entry.get('seconds', 0.0):.1f} s")
    return line
