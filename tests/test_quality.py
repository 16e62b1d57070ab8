"""The project's own checks that are not behaviour: lint, types, the validator Protocol."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from neptune_ml_conformance import DefaultingValidator, Validator

from .typing.protocol_usage import ErrorList, Mine, MineWithDefaults

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=None if env is None else {**os.environ, **env},
    )


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "suite", "tests", "bench", "conftest.py")
    assert result.returncode == 0, result.stdout + result.stderr
    result = _run("ruff", "format", "--check", "suite", "tests", "bench", "conftest.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_the_package_and_the_protocol_usage(tmp_path: Path) -> None:
    result = _run("mypy")  # pyproject.toml: strict, over suite/
    assert result.returncode == 0, result.stdout + result.stderr
    # An editable install maps the import name onto suite/ at run time, which mypy cannot
    # see; give it the same mapping through a link.
    (tmp_path / "neptune_ml_conformance").symlink_to(ROOT / "suite")
    result = _run(
        "mypy", "--strict", "tests/typing/protocol_usage.py", env={"MYPYPATH": str(tmp_path)}
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_protocols_hold_at_runtime() -> None:
    assert isinstance(Mine(), Validator) and isinstance(ErrorList(), Validator)
    assert isinstance(MineWithDefaults(), DefaultingValidator)
    assert not isinstance(Mine(), DefaultingValidator)
