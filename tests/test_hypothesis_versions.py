"""The installed suite beside other Hypothesis releases: the newest, and the oldest the suite
supports (the floor in pyproject.toml).

`tests/install-tools.sh` prepares one virtual environment for each as another repository
would have it: Hypothesis first, then the suite (editable, with the cross-check extra). In
each, the suite must have left Hypothesis as it was, the plugin must certify the reference
validator in a scratch project, and the plugin's, generation's and Hypothesis-internals'
tests must pass. Nothing is installed here. Without the environments these tests skip, but
in CI they fail: a skipped check of the newest Hypothesis would look like a passed one.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .verdicts import CALM

ROOT = Path(__file__).resolve().parents[1]
VENVS = ROOT / ".venvs"
WHICH = ["newest", "oldest"]
FLOOR = re.search(r'"hypothesis>=([0-9.]+)"', (ROOT / "pyproject.toml").read_text())

# The plugin's and generation's tests, less four the main environment runs anyway, to keep
# CI short: serial against xdist (xdist is not installed there), failing and parallel helper
# processes (about processes, not Hypothesis), and the `default` profile's 2 000 cases (the
# scratch project's run checks the `quick` profile's).
TESTS = ["tests/test_plugin.py", "tests/test_generate.py", "tests/test_hypothesis_internals.py"]
DESELECTED = [
    "tests/test_plugin.py::test_serial_and_xdist_runs_write_the_same_report",
    "tests/test_generate.py::test_thousands_of_generated_cases_agree_with_the_reference",
    "tests/test_generate.py::test_a_failing_helper_costs_time_not_cases",
    "tests/test_generate.py::test_helper_processes_draw_the_same_cases",
]


def python_of(which: str) -> Path | None:
    python = VENVS / f"hypothesis-{which}" / "bin" / "python"
    return python if python.exists() else None


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST"))}
    env.pop("VIRTUAL_ENV", None)
    env.setdefault("HYPOTHESIS_PROFILE", "quick")  # tests/conftest.py's CI profile
    return env


class Run:
    """One pytest run in a prepared environment, started at once and read when needed."""

    def __init__(self, argv: list[str | Path], cwd: Path, log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(a) for a in argv], cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=_env()
            )

    def result(self) -> tuple[int, str]:
        code = self.process.wait(timeout=900)
        return code, self.log.read_text(errors="replace")


class Runs:
    """The runs in the prepared environments, started on first need: all together in a
    serial pytest (on two cores the environments' runs overlap), only the asked
    environment's under xdist (the other worker may be running the other's)."""

    def __init__(self, where: Path) -> None:
        self.where = where
        self.started: dict[tuple[str, str], Run] = {}
        self.together = "PYTEST_XDIST_WORKER" not in os.environ

    def get(self, which: str, kind: str) -> Run:
        if (which, kind) not in self.started:
            for one in WHICH if self.together else [which]:
                self._start(one)
        return self.started[(which, kind)]

    def _start(self, which: str) -> None:
        python = python_of(which)
        if python is None or (which, "tests") in self.started:
            return
        project = self.where / f"their-repo-{which}"
        project.mkdir()
        quick = ["--conformance-validator", "reference", "--conformance-profile", "quick"]
        # (a per-call limit no call nears on a loaded machine: these runs are about verdicts)
        quick += ["--conformance-timeout", str(CALM)]
        deselect = [f"--deselect={test}" for test in DESELECTED]
        pytest_ = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        logs = self.where
        self.started[(which, "plugin")] = Run([*pytest_, *quick], project, logs / f"{which}-plugin")
        self.started[(which, "tests")] = Run(
            [*pytest_, *TESTS, *deselect], ROOT, logs / f"{which}-tests"
        )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    started = Runs(tmp_path_factory.mktemp("hypothesis-versions"))
    try:
        yield started
    finally:
        for run in started.started.values():
            if run.process.poll() is None:
                run.process.kill()
            run.process.wait()


def require(which: str) -> Path:
    """The environment's Python; a skip without it, or in CI a failure."""
    python = python_of(which)
    if python is None:
        message = (
            f"no environment with the {which} Hypothesis at {VENVS}/hypothesis-{which}: "
            "run `bash tests/install-tools.sh`, which prepares it"
        )
        if os.environ.get("CI", "").lower() in {"true", "1"}:
            pytest.fail(message)
        pytest.skip(message)
    return python


@pytest.mark.parametrize("which", WHICH)
def test_installing_the_suite_left_hypothesis_alone(which: str) -> None:
    python = require(which)
    before = (python.parents[1] / "hypothesis-before-suite").read_text().strip()
    probe = subprocess.run(
        [
            python,
            "-c",
            "import hypothesis, neptune_ml_conformance as m;"
            "print(hypothesis.__version__); print(m.__file__)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
        cwd=ROOT,
    )
    version, where = probe.stdout.split()
    assert version == before, f"installing the suite changed Hypothesis {before} to {version}"
    assert Path(where).parent == ROOT / "suite"
    if which == "oldest":
        assert FLOOR is not None and version == FLOOR.group(1)


@pytest.mark.parametrize("which", WHICH)
def test_the_plugin_certifies_the_reference_in_their_repository(which: str, runs: Runs) -> None:
    require(which)
    code, output = runs.get(which, "plugin").result()
    assert code == 0, output[-3000:]
    passed = re.search(r"(\d+) passed", output)
    assert passed is not None and int(passed.group(1)) > 500, output[-3000:]


@pytest.mark.parametrize("which", WHICH)
def test_the_plugin_and_generation_tests_pass(which: str, runs: Runs) -> None:
    require(which)
    code, output = runs.get(which, "tests").result()
    assert code == 0, output[-5000:]
