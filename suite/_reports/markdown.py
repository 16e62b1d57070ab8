"""The Markdown view of a report, for pull-request comments; every foreign string goes
through `_neutral.markdown` (text and table cells) or `_neutral.markdown_code` (spans)."""

from __future__ import annotations

from typing import Any

from .._io.neutral import markdown, markdown_code
from .._model.categories import BLOCKING, STANCE, STANCE_RATIONALE
from .._reports.report import UNDRAWN_TITLE, cell, compact, failure_counts, view


def render_markdown(report: dict[str, Any]) -> str:
    the_view = view(report)
    suite = the_view.suite
    lines = [
        "## Neptune ML conformance",
        "",
        f"**{markdown(the_view.verdict)}**",
        "",
        f"Suite {markdown(suite['version'])} · profile {markdown(suite['profile'])} · "
        f"seed {markdown(suite['seed'])} · "
        f"structure sha256 {markdown_code(suite['structure_sha256'][:16] + '…')}",
        "",
        "| validator | "
        + " | ".join(
            markdown(c) if c in BLOCKING else f"{markdown(c)} (stance)" for c in the_view.categories
        )
        + " | verdict |",
        "|---" * (len(the_view.categories) + 2) + "|",
    ]
    for row in the_view.rows:
        version = f" ({markdown(row.version)})" if row.version else ""
        lines.append(
            f"| {markdown(row.name)}{version} | "
            + " | ".join(cell(counts) for _, counts in row.cells)
            + f" | {markdown(row.verdict)} |"
        )
    lines.append("")
    for name in STANCE:
        lines.append(f"- *{name}* (stance, not blocking): {markdown(STANCE_RATIONALE[name])}")
    if the_view.unavailable:
        lines += ["", "### Unavailable validators", ""]
        for item in the_view.unavailable:
            lines.append(f"- {markdown(item['name'])}: {markdown(item['reason'])}")
    if the_view.case_problems:
        lines += ["", "### Hand-written cases that no longer fit the structure", ""]
        for problem in the_view.case_problems:
            lines.append(f"- {markdown(problem['id'])}: {markdown(problem['problem'])}")
    if the_view.undrawn:
        lines += ["", f"### {UNDRAWN_TITLE}", ""]
        for one in the_view.undrawn:
            lines.append(
                f"- {markdown(one['definition'])} · {markdown(one['category'])} "
                f"({markdown(one['expected'])})"
            )
    for row in the_view.rows:
        if not row.failures:
            continue
        lines += [
            "",
            f"### {markdown(row.name)}: smallest witness per category",
            "",
            markdown(failure_counts(row)) + ".",
            "",
        ]
        for w in row.witnesses:
            detail = f" — {markdown(w['detail'])}" if w.get("detail") else ""
            lines += [
                f"- **{markdown(w['category'])}** · {markdown(w['definition'])} · "
                f"{markdown(w.get('id', ''))}: {markdown(w['description'])}  ",
                f"  expected {markdown(w['expected'])}, got {markdown(w['got'])} "
                f"at {markdown_code(w['path'])}{detail}  ",
                f"  instance: {markdown_code(compact(w['instance']))}",
            ]
        lines += ["", f"Reproduce: {markdown_code(row.reproduce)}"]
    return "\n".join(lines) + "\n"
