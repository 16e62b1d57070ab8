"""Failed cases and shrunk witnesses are counted in words that cannot be misread: "4
failures" beside "43 failed" read as a contradiction."""

from __future__ import annotations

import json
import re
from pathlib import Path

from neptune_ml_conformance.cli import main

from .verdicts import CALM, failures

FAULTY = Path(__file__).parent / "validators" / "faulty.py"


def test_reports_count_failed_cases_and_shrunk_witnesses(tmp_path: Path) -> None:
    code = main(
        [
            "certify",
            "-q",
            "--validator",
            f"{FAULTY}:case_insensitive_enum",
            "--profile",
            "quick",
            # a per-call limit no call nears on a loaded machine: a call stalled past the
            # default 5 s is errored, which the wording counts apart (this test's subject
            # is the wording, the limit has tests of its own)
            "--timeout",
            str(CALM),
            "--json",
            str(tmp_path / "r.json"),
            "--markdown",
            str(tmp_path / "r.md"),
            "--html",
            str(tmp_path / "r.html"),
        ]
    )
    assert code == 1
    entry = json.loads((tmp_path / "r.json").read_text())["validators"][0]
    failed = sum(c["failed"] + c["errored"] + c["skipped"] for c in entry["categories"].values())
    hand = sum(f["source"] != "generated" for f in entry["failures"])
    shrunk = len(entry["failures"]) - hand
    assert failed > len(entry["failures"]) > 0 and shrunk > 0
    errored = sum(c["errored"] for c in entry["categories"].values())
    assert not errored, failures(entry)
    expected = (
        f"{failed} failed cases ({hand} hand-written, {failed - hand} generated), "
        f"{shrunk} shrunk witness{'' if shrunk == 1 else 'es'}"
    )
    assert expected in (tmp_path / "r.md").read_text()
    page = (tmp_path / "r.html").read_text()
    assert re.search(rf"<h2>[^<]*: {re.escape(expected)}</h2>", page)
    assert " failures</h2>" not in page
