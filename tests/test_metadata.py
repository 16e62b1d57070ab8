"""Project metadata a user's tools read (PyPI's classifiers, pytest's plugin list), and the
exact pins of the tools whose output a test depends on."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")
ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_classifiers_name_the_pytest_plugin_and_the_types() -> None:
    assert {"Framework :: Pytest", "Typing :: Typed"} <= set(PROJECT["classifiers"])
    assert (ROOT / "suite" / "py.typed").is_file()


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_tools_whose_output_a_test_reads_are_pinned_and_installed_at_the_pin(tool: str) -> None:
    """tests/test_quality.py fails on ruff's and mypy's findings: a new release must not
    reach CI unasked."""
    pins = [r for r in PROJECT["optional-dependencies"]["test"] if re.match(rf"{tool}\b", r)]
    assert len(pins) == 1 and re.fullmatch(rf"{tool}==[\d.]+", pins[0]), pins
    assert version(tool) == pins[0].split("==")[1]
