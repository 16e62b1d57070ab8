"""The HTML report: one self-contained file, no network; every foreign string goes through
`_neutral.html`."""

from __future__ import annotations

from typing import Any

from .._io.neutral import html, json_text
from .._model.categories import BLOCKING, STANCE_RATIONALE
from .._reports.report import UNDRAWN_TITLE, failure_counts, view

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f23}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
td.pass{background:#dafbe1}td.fail{background:#ffebe9}td.err{background:#fff8c5}
td.stance.fail{background:#f6f8fa}
pre{background:#f6f8fa;padding:.5rem;white-space:pre-wrap;word-break:break-all}
details{margin:.3rem 0}summary{cursor:pointer}
.passed{color:#1a7f37}.failed{color:#cf222e}
"""


def _cell(counts: dict[str, Any], category: str) -> str:
    klass = "pass"
    if counts["errored"] or counts.get("skipped"):
        klass = "err"
    if counts["failed"]:
        klass = "fail"
    if category not in BLOCKING:
        klass += " stance"
    text = f"{counts['passed']} passed"
    for key in ("failed", "errored", "skipped", "not-expressible"):
        if counts.get(key):
            text += f", {counts[key]} {key}"
    return f'<td class="{klass}" data-category="{html(category)}">{html(text)}</td>'


def _failure(f: dict[str, Any]) -> str:
    # one escaped line at a time: the JSON text keeps its indentation, and strings in it
    # carry no character that could act on the page (`json_text`)
    instance = "\n".join(
        html(line) for line in json_text(f["instance"], indent=2, sort_keys=True).split("\n")
    )
    return (
        f'<details class="failure"><summary>{html(f["category"])} · '
        f"{html(f['definition'])} · {html(f['description'])}</summary>"
        f"<p>expected <b>{html(f['expected'])}</b>, got <b>{html(f['got'])}</b> "
        f"at <code>{html(repr(f['path']))}</code> {html(f.get('detail', ''))}</p>"
        f"<pre>{instance}</pre><p><code>{html(f.get('id', ''))}</code></p></details>"
    )


def render_html(report: dict[str, Any]) -> str:
    the_view = view(report)
    suite = the_view.suite
    head = "".join(
        f"<th>{html(c)}{'' if c in BLOCKING else ' (stance)'}</th>" for c in the_view.categories
    )
    rows = []
    for row in the_view.rows:
        version = f'<br><small class="version">{html(row.version)}</small>' if row.version else ""
        cells = "".join(_cell(counts, c) for c, counts in row.cells)
        rows.append(
            f'<tr data-validator="{html(row.name)}"><td>{html(row.name)}{version}</td>'
            f"{cells}<td>{html(row.verdict)}</td></tr>"
        )
    notes = ""
    if the_view.unavailable:
        items = "".join(
            f"<li><b>{html(u['name'])}</b>: {html(u['reason'])}</li>" for u in the_view.unavailable
        )
        notes += f'<h2>Unavailable validators</h2><ul id="unavailable">{items}</ul>'
    if the_view.case_problems:
        items = "".join(
            f"<li><code>{html(p['id'])}</code>: {html(p['problem'])}</li>"
            for p in the_view.case_problems
        )
        notes += (
            "<h2>Hand-written cases that no longer fit the structure</h2>"
            f'<ul id="case-problems">{items}</ul>'
        )
    if the_view.undrawn:
        items = "".join(
            f"<li><code>{html(u['definition'])}</code> · {html(u['category'])} "
            f"({html(u['expected'])})</li>"
            for u in the_view.undrawn
        )
        notes += f'<h2>{html(UNDRAWN_TITLE)}</h2><ul id="undrawn">{items}</ul>'
    sections = []
    for row in the_view.rows:
        if not row.failures:
            continue
        sections.append(
            f"<h2>{html(row.name)}: {html(failure_counts(row))}</h2>"
            f"<p>Reproduce: <code>{html(row.reproduce)}</code></p>"
            + "".join(_failure(f) for f in row.failures)
        )
    stance = "".join(f"<li><b>{html(k)}</b>: {html(v)}</li>" for k, v in STANCE_RATIONALE.items())
    klass = "passed" if the_view.passed else "failed"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Neptune ML conformance report</title>"
        f"<style>{_STYLE}</style></head><body>"
        "<h1>Neptune ML conformance report</h1>"
        f'<p id="verdict" class="{klass}"><b>{html(the_view.verdict)}</b></p>'
        f"<p>Suite {html(suite['version'])} · profile {html(suite['profile'])} · "
        f"seed {html(suite['seed'])} · structure sha256 "
        f"<code>{html(suite['structure_sha256'])}</code></p>"
        f'<table id="matrix"><thead><tr><th>validator</th>{head}<th>verdict</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"{notes}<h2>Stance categories (never blocking)</h2><ul>{stance}</ul>"
        f"{''.join(sections)}</body></html>\n"
    )
