"""The project documents itself: nothing it ships or tests points a reader at a file the
repository does not have (its contract notes live outside it, with the people who wrote it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tracked() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [ROOT / line for line in out.splitlines() if line]


def test_no_tracked_file_cites_a_file_outside_the_repository() -> None:
    # Spelt in pieces so that this file does not cite them itself.
    outside = ("DESIGN" + ".md", "SPEC-NOTES" + ".md", "../" + "shared")
    cited = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _tracked()
        if path.suffix in {".py", ".md", ".json", ".toml", ".yaml", ".mjs", ".sh", ".txt"}
        and path.is_file()
        for name in outside
        if name in path.read_text(errors="replace")
    ]
    assert cited == []


def test_every_docs_path_named_in_the_code_exists() -> None:
    """A docstring that sends the reader to a page under docs/ sends them somewhere real."""
    import re

    named = set()
    for path in _tracked():
        if path.suffix == ".py" and path.is_file():
            named.update(re.findall(r"docs/[A-Za-z_-]+\.md", path.read_text()))
    missing = sorted(n for n in named if not (ROOT / n).exists())
    assert missing == []
