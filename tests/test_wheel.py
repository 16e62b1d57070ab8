"""The path of another repository: build the wheel, install it into a fresh virtual
environment outside this repository, and run a scratch project's pytest against it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HANDWRITTEN = ROOT / "tests" / "validators" / "handwritten.py"

OWN_TEST = """
from hypothesis import given, settings
from neptune_ml_conformance import strategies
from their_module import validate

@settings(max_examples=30, derandomize=True)
@given(strategies.valid("InferenceEndpoint"))
def test_my_validator_accepts_valid_endpoints(job):
    assert validate("InferenceEndpoint", job)

@settings(max_examples=30, derandomize=True)
@given(strategies.invalid("InferenceEndpoint", category="minimum"))
def test_my_validator_rejects_low_instance_counts(job):
    assert not validate("InferenceEndpoint", job)
"""


def run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST"))}
    return subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    where = tmp_path_factory.mktemp("elsewhere")
    built = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        where / "dist",
        ROOT,
        cwd=where,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (where / "dist").glob("neptune_ml_conformance-*.whl")
    venv = where / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=where).returncode == 0
    python = venv / "bin" / "python"
    done = run(python, "-m", "pip", "install", "-q", wheel, cwd=where)
    assert done.returncode == 0, done.stderr[-2000:]
    project = where / "their-repo"
    project.mkdir()
    (project / "their_module.py").write_text(HANDWRITTEN.read_text())
    (project / "test_own.py").write_text(OWN_TEST)
    return python, project


def test_the_wheel_carries_data_and_no_top_level_suite(installed: tuple[Path, Path]) -> None:
    python, project = installed
    (wheel,) = (project.parent / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "neptune_ml_conformance/data/amazon-neptune-ml-job-structure.json",
        "neptune_ml_conformance/data/schemas/report.schema.json",
        "neptune_ml_conformance/data/schemas/ihop.schema.json",
        "neptune_ml_conformance/data/schemas/case.schema.json",
        "neptune_ml_conformance/cases/invalid/InferenceEndpoint/instance-count-zero.json",
        "neptune_ml_conformance/harnesses/ajv/harness.mjs",
    ):
        assert needed in names
    assert not any(n.startswith("suite/") for n in names)
    probe = run(
        python,
        "-c",
        "import neptune_ml_conformance as m, importlib.util as u;"
        "print(m.__file__); print(u.find_spec('suite'))",
        cwd=project,
    )
    where, spec = probe.stdout.splitlines()
    assert str(project.parent / "venv") in where and spec == "None"


def test_their_correct_validator_passes_hand_written_and_generated(
    installed: tuple[Path, Path],
) -> None:
    python, project = installed
    report = project / "report.json"
    result = run(
        python,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--conformance-validator",
        "their_module:validate",
        "--conformance-json",
        report,
        cwd=project,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 passed" not in result.stdout.splitlines()[-1]  # more than their own two tests
    data = json.loads(report.read_text())
    assert data["validators"][0]["conformant"]
    assert set(data["suite"]["cases"]) == {"generated", "hand-written"}


def test_their_faulty_validator_fails_with_readable_ids(installed: tuple[Path, Path]) -> None:
    python, project = installed
    (project / "faulty_module.py").write_text(
        HANDWRITTEN.read_text().replace(
            "if low is not None and value < low:", "if low is not None and value < low - 1:"
        )
    )
    result = run(
        python,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--conformance-validator",
        "faulty_module:validate",
        cwd=project,
    )
    assert result.returncode == 1
    assert "FAILED ::conformance::invalid/InferenceEndpoint/instance-count-zero" in result.stdout
    assert "category:   minimum" in result.stdout


def test_their_own_tests_without_the_option_are_unaffected(installed: tuple[Path, Path]) -> None:
    python, project = installed
    result = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_own.py", cwd=project)
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.strip().splitlines()[-1].startswith("2 passed")


def test_an_edited_structure_through_the_plugin(installed: tuple[Path, Path]) -> None:
    python, project = installed
    document = json.loads(
        (ROOT / "suite" / "data" / "amazon-neptune-ml-job-structure.json").read_text()
    )
    document["definitions"]["InferenceEndpoint"]["properties"]["instanceCount"]["minimum"] = 2
    edited = project / "edited.json"
    edited.write_text(json.dumps(document))
    result = run(
        python,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--conformance-validator",
        "their_module:validate",
        "--conformance-structure",
        edited,
        "--conformance-profile",
        "quick",
        cwd=project,
    )
    assert result.returncode == 1
    assert (
        "valid/InferenceEndpoint/instance-count-at-minimum no longer fits the structure"
        in (result.stdout.replace("\n", " "))
        or "no longer fits the structure" in result.stdout
    )
