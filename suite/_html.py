"""The HTML report: one self-contained file, no network, every foreign string escaped."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ._categories import BLOCKING, STANCE_RATIONALE
from ._report import categories_in_order, reproduce, verdict_line

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f23}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
td.pass{background:#dafbe1}td.fail{background:#ffebe9}td.err{background:#fff8c5}
td.stance.fail{background:#f6f8fa}
pre{background:#f6f8fa;padding:.5rem;white-space:pre-wrap;word-break:break-all}
details{margin:.3rem 0}summary{cursor:pointer}
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
    for key in ("failed", "errored", "skipped"):
        if counts.get(key):
            text += f", {counts[key]} {key}"
    return f'<td class="{klass}" data-category="{escape(category)}">{escape(text)}</td>'


def render_html(report: dict[str, Any]) -> str:
    suite = report["suite"]
    categories = categories_in_order(report)
    head = "".join(
        f"<th>{escape(c)}{'' if c in BLOCKING else ' (stance)'}</th>" for c in categories
    )
    rows = []
    for entry in report["validators"]:
        cells = "".join(
            _cell(entry["categories"].get(c, {"passed": 0, "failed": 0, "errored": 0}), c)
            for c in categories
        )
        rows.append(
            f'<tr data-validator="{escape(entry["name"])}"><td>{escape(entry["name"])}'
            + (
                f'<br><small class="version">{escape(v)}</small>'
                if (v := entry.get("version"))
                else ""
            )
            + "</td>"
            f"{cells}<td>{escape(verdict_line(entry))}</td></tr>"
        )
    sections = []
    for entry in report["validators"]:
        if not entry["failures"]:
            continue
        items = []
        for f in entry["failures"]:
            instance = json.dumps(f["instance"], indent=2, ensure_ascii=False, sort_keys=True)
            items.append(
                f'<details class="failure"><summary>{escape(f["category"])} · '
                f"{escape(f['definition'])} · {escape(f['description'])}</summary>"
                f"<p>expected <b>{escape(f['expected'])}</b>, got <b>{escape(f['got'])}</b> "
                f"at <code>{escape(repr(f['path']))}</code> {escape(f['detail'])}</p>"
                f"<pre>{escape(instance)}</pre><p><code>{escape(f['id'])}</code></p></details>"
            )
        sections.append(
            f"<h2>{escape(entry['name'])}: {len(entry['failures'])} failures</h2>"
            f"<p>Reproduce: <code>{escape(reproduce(report, entry))}</code></p>" + "".join(items)
        )
    stance = "".join(
        f"<li><b>{escape(k)}</b>: {escape(v)}</li>" for k, v in STANCE_RATIONALE.items()
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Neptune ML conformance report</title>"
        f"<style>{_STYLE}</style></head><body>"
        "<h1>Neptune ML conformance report</h1>"
        f"<p>Suite {escape(suite['version'])} · profile {escape(suite['profile'])} · "
        f"seed {escape(str(suite['seed']))} · structure sha256 "
        f"<code>{escape(suite['structure_sha256'])}</code></p>"
        f'<table id="matrix"><thead><tr><th>validator</th>{head}<th>verdict</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<h2>Stance categories (never blocking)</h2><ul>{stance}</ul>"
        f"{''.join(sections)}</body></html>\n"
    )
