"""Reports: the JSON document is the source; terminal and Markdown are views of it."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ._categories import BLOCKING, STANCE, STANCE_RATIONALE

WITNESS_CHARS = 300


def compact(instance: Any, limit: int = WITNESS_CHARS) -> str:
    text = json.dumps(instance, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


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


def witnesses(entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The smallest failure per category (failures are sorted smallest first)."""
    seen: set[str] = set()
    for failure in entry["failures"]:
        if failure["category"] not in seen:
            seen.add(failure["category"])
            yield failure


def reproduce(report: dict[str, Any], entry: dict[str, Any]) -> str:
    suite = report["suite"]
    return (
        f"neptune-ml-conformance certify --validator {shlex.quote(entry['spec'])} "
        f"--profile {suite['profile']} --seed {suite['seed']}"
    )


def render_terminal(report: dict[str, Any], console: Console) -> None:
    categories = categories_in_order(report)
    table = Table(title="Conformance matrix (✓ passed, ✗ failed, ! errored, n/e not expressible)")
    table.add_column("validator")
    for name in categories:
        table.add_column(name if name in BLOCKING else f"{name}\n(stance)", justify="right")
    table.add_column("verdict")
    for entry in report["validators"]:
        cells = [cell(entry["categories"].get(c, _EMPTY)) for c in categories]
        style = "green" if entry["conformant"] else "red"
        version = f"\n[dim]{escape(entry['version'])}[/]" if entry.get("version") else ""
        table.add_row(escape(entry["name"]) + version, *cells, f"[{style}]{verdict_line(entry)}[/]")
    console.print(table)
    for item in report["unavailable"]:
        console.print(f"[yellow]unavailable[/] {item['name']}: {item['reason']}")
    for problem in report["case_problems"]:
        console.print(
            f"[red]case no longer fits the structure[/] {problem['id']}: {problem['problem']}"
        )
    for entry in report["validators"]:
        if not entry["failures"]:
            continue
        console.rule(f"{entry['name']}: smallest witness per category")
        for w in witnesses(entry):
            blocking = "blocking" if w["category"] in BLOCKING else "stance, not blocking"
            console.print(f"[bold]{w['category']}[/] ({blocking}) · {w['definition']} · {w['id']}")
            console.print(f"  {w['description']}", markup=False, highlight=False)
            console.print(f"  instance: {compact(w['instance'])}", markup=False, highlight=False)
            console.print(
                f"  expected {w['expected']}, got {w['got']} at path {w['path']!r}"
                + (f" — {w['detail']}" if w["detail"] else ""),
                markup=False,
                highlight=False,
            )
        console.print(f"  reproduce: {reproduce(report, entry)}", markup=False, highlight=False)


_EMPTY = {"passed": 0, "failed": 0, "errored": 0, "skipped": 0}


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(report: dict[str, Any]) -> str:
    suite = report["suite"]
    categories = categories_in_order(report)
    lines = [
        "## Neptune ML conformance",
        "",
        f"Suite {suite['version']} · profile `{suite['profile']}` · seed `{suite['seed']}` · "
        f"structure sha256 `{suite['structure_sha256'][:16]}…`",
        "",
        "| validator | "
        + " | ".join(c if c in BLOCKING else f"{c} (stance)" for c in categories)
        + " | verdict |",
        "|---" * (len(categories) + 2) + "|",
    ]
    for entry in report["validators"]:
        cells = [cell(entry["categories"].get(c, _EMPTY)) for c in categories]
        version = f" {_md(entry['version'])}" if entry.get("version") else ""
        lines.append(
            f"| `{_md(entry['name'])}`{version} | "
            + " | ".join(cells)
            + f" | {verdict_line(entry)} |"
        )
    lines.append("")
    for name in STANCE:
        lines.append(f"- *{name}* (stance, not blocking): {STANCE_RATIONALE[name]}")
    for entry in report["validators"]:
        if not entry["failures"]:
            continue
        lines += ["", f"### `{_md(entry['name'])}`: smallest witness per category", ""]
        for w in witnesses(entry):
            lines += [
                f"- **{w['category']}** · {w['definition']} · `{_md(w['id'])}`: "
                f"{_md(w['description'])}",
                f"  expected {w['expected']}, got {_md(w['got'])} at `{_md(w['path'])}`",
                "",
                "  ```json",
                f"  {compact(w['instance'])}",
                "  ```",
            ]
        lines += ["", f"Reproduce: `{reproduce(report, entry)}`"]
    return "\n".join(lines) + "\n"


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
