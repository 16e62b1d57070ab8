"""The README's promises about set-up stay true, and the docs' generated tables are current."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = _setup_commands()
    assert len(commands) == 2
    assert "neptune-ml-conformance certify" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == _setup_commands()[1]


def test_count_table_is_what_the_default_profile_runs() -> None:
    from neptune_ml_conformance import load
    from neptune_ml_conformance._generation.core import count_table
    from neptune_ml_conformance._reports.report import render_count_table

    notes = (ROOT / "docs" / "MAINTAINERS.md").read_text()
    shown = notes.split("<!-- generated-counts:default -->\n", 1)[1].split("<!--", 1)[0]
    assert shown == render_count_table(count_table(load(), "default"))


def test_stance_rule_tables_are_the_registry() -> None:
    from neptune_ml_conformance._model.ruletable import SECTIONS

    text = (ROOT / "docs" / "STANCE.md").read_text()
    for name, render in SECTIONS.items():
        shown = text.split(f"<!-- generated:{name} ", 1)[1].split("-->\n", 1)[1]
        assert shown.split(f"<!-- end:{name} -->", 1)[0] == render(), name
