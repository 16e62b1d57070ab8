"""Generation helpers are children like any other: each leads a process group of its own
(so the run ends it with whatever it started, on any exit path) and is released once it
has been reaped."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from neptune_ml_conformance import Structure
from neptune_ml_conformance._generation.core import generate_cases
from neptune_ml_conformance._io import children


def test_a_helper_leads_its_own_process_group_and_is_released(
    structure: Structure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen"
    fake = tmp_path / "helper"
    # stands in for the interpreter: says which group it is in, then fails (its share is
    # drawn in this process, so the cases are the same)
    fake.write_text(f"#!/bin/sh\necho $$ $(cut -d' ' -f5 /proc/$$/stat) >> {seen}\nexit 1\n")
    fake.chmod(0o755)
    expected = generate_cases(structure, "quick", 7)
    monkeypatch.setattr(sys, "executable", str(fake))
    with pytest.warns(UserWarning, match="a generation helper failed"):
        assert generate_cases(structure, "quick", 7, jobs=3) == expected
    rows = [line.split() for line in seen.read_text().splitlines()]
    assert len(rows) == 2
    assert all(pid == pgid for pid, pgid in rows)  # each the leader of its own group
    assert not children._GROUPS  # reaped and released


def test_a_helper_that_hangs_is_ended_and_its_sets_drawn_here(
    structure: Structure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper stuck on a set held the run forever (its answer was awaited with no limit);
    now it is ended once this process has drawn its own share and the wait is over."""
    from neptune_ml_conformance._generation import helpers

    fake = tmp_path / "helper"
    fake.write_text("#!/bin/sh\nexec sleep 600\n")  # reads nothing, answers nothing
    fake.chmod(0o755)
    expected = generate_cases(structure, "quick", 7)
    monkeypatch.setattr(sys, "executable", str(fake))
    monkeypatch.setattr(helpers, "HELPER_WAIT_SECONDS", 0.5)
    with pytest.warns(UserWarning, match="was still drawing .* it was ended"):
        assert generate_cases(structure, "quick", 7, jobs=2) == expected
    assert not children._GROUPS  # reaped and released
