"""Validators that attack the run: every promise holds whatever a validator does.

A validator may exit, end its process, crash in C code, abort, or fail to import or to
build. None of it may end a run with a verdict it did not earn: a call that dies is
`errored` (never a pass), the run goes on and writes its report, and a validator that
cannot even be loaded is bad input (exit 2) with one line that names it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance.cli import main

from .verdicts import failures

HERE = Path(__file__).parent
HOSTILE = "tests.validators.hostile"
ROOT = HERE.parent


def certify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str
) -> tuple[int, dict[str, Any], str]:
    report_path = tmp_path / "report.json"
    code = main(["certify", "--profile", "quick", "--json", str(report_path), *args])
    out, err = capsys.readouterr()
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    return code, report, out + err


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("exits", "raised SystemExit: 3"),
        ("exits_on_fifth_call", "raised SystemExit: 3"),
        ("ends_process_on_fifth_call", "validator process exited with code 0 during the call"),
        ("segfaults_on_fifth_call", "validator process was killed by SIGSEGV during the call"),
        ("aborts_on_fifth_call", "validator process was killed by SIGABRT during the call"),
    ],
)
def test_a_validator_that_exits_or_crashes_is_errored_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, words: str
) -> None:
    code, report, out = certify(capsys, tmp_path, "--validator", f"{HOSTILE}:{name}")
    assert code == 1, out
    (entry,) = report["validators"]
    assert not entry["conformant"]
    counts = entry["categories"].values()
    assert sum(c["errored"] for c in counts) > 0
    if name != "exits":  # the others answer correctly between attacks: the run went on
        assert sum(c["passed"] for c in counts) > 0
        assert sum(c["failed"] for c in counts) == 0
    assert any(words in f["detail"] for f in entry["failures"]), failures(entry)
    assert "NOT conformant" in out


def test_each_call_gets_its_own_copy_even_of_a_shared_instance() -> None:
    from neptune_ml_conformance.adapters import InProcessAdapter

    def mutates(definition: str, instance: Any) -> bool:
        fresh = "seen" not in instance
        instance["seen"] = True
        return fresh

    shared = {"instanceCount": 1}
    adapter = InProcessAdapter("mutates", "mutates", mutates, timeout=5)
    try:
        answers = adapter.check([("InferenceEndpoint", shared)] * 3)
    finally:
        adapter.close()
    assert [a.status for a in answers] == ["valid"] * 3
    assert shared == {"instanceCount": 1}


def test_os_exit_0_in_a_validator_cannot_make_certify_exit_0(tmp_path: Path) -> None:
    """The scenario end to end, as CI runs it: a separate process and its exit code."""
    report = tmp_path / "report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "neptune_ml_conformance.cli",
            "certify",
            "--validator",
            f"{HOSTILE}:ends_process_on_fifth_call",
            "--profile",
            "quick",
            "--json",
            str(report),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "NOT conformant" in result.stdout
    (entry,) = json.loads(report.read_text())["validators"]
    assert not entry["conformant"]


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (
            "tests.validators.raises_on_import:validate",
            "importing tests.validators.raises_on_import raised RuntimeError: "
            "cannot read settings.toml",
        ),
        (
            f"{HERE / 'validators' / 'raises_on_import.py'}:validate",
            "raises_on_import.py raised RuntimeError: cannot read settings.toml",
        ),
        (
            "tests.validators.exits_on_import:validate",
            "importing tests.validators.exits_on_import raised SystemExit: 0",
        ),
        (f"{HOSTILE}:RaisesInInit", "RaisesInInit() raised ValueError: no configuration found"),
        (f"{HOSTILE}:ExitsInInit", "ExitsInInit() raised SystemExit: 4"),
        (
            "tests.validators.ends_process_on_import:validate",
            "loading tests.validators.ends_process_on_import stopped the process: validator "
            "process exited with code 0 during the call",
        ),
        (
            f"{HOSTILE}:EndsProcessInInit",
            f"loading {HOSTILE} stopped the process: validator process exited with code 0",
        ),
    ],
)
def test_a_validator_that_cannot_load_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: str, words: str
) -> None:
    code, _, out = certify(capsys, tmp_path, "--validator", spec)
    assert code == 2
    assert out.count("\n") == 1 and "Traceback" not in out
    assert spec in out and words in out


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e-9", "0.00001", "0", "-1", "1e300"])
def test_a_timeout_outside_the_sane_range_is_bad_usage(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code = main(["certify", "--validator", "reference", "--profile", "quick", f"--timeout={value}"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "--timeout: expected 0.01 to 86400 seconds, got " in err


# --- the pytest plugin: a validator that exits must not make pytest report success -------


@pytest.mark.parametrize("name", ["ends_process_on_fifth_call", "segfaults_on_fifth_call"])
def test_plugin_a_validator_that_dies_fails_its_case(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess(
        "-q", "-p", "no:cacheprovider", "--conformance-validator", f"{HOSTILE}:{name}"
    )
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-2000:]
    assert "INTERNALERROR" not in output
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] >= 1 and outcomes["passed"] > 100


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (f"{HOSTILE}:RaisesInInit", "RaisesInInit() raised ValueError: no configuration found"),
        (
            "tests.validators.raises_on_import:validate",
            "importing tests.validators.raises_on_import raised RuntimeError",
        ),
    ],
)
def test_plugin_a_validator_that_cannot_load_is_a_usage_error(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, spec: str, words: str
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--conformance-validator", spec
    )
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR, output[-2000:]
    assert "INTERNALERROR" not in output
    assert words in output


@pytest.mark.parametrize("value", ["inf", "nan", "1e-9"])
def test_plugin_a_timeout_outside_the_sane_range_is_a_usage_error(
    pytester: pytest.Pytester, value: str
) -> None:
    result = pytester.runpytest(
        "--conformance-validator", "reference", "--conformance-timeout", value
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--conformance-timeout: expected 0.01 to 86400 seconds*"])


def test_a_validator_that_hangs_while_loading_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = f"{HOSTILE}:HangsInInit"
    code, _, out = certify(capsys, tmp_path, "--validator", spec, "--timeout", "0.5")
    assert code == 2
    assert out.count("\n") == 1 and "Traceback" not in out
    assert f"loading {HOSTILE} stopped the process: no verdict within 0.5 s" in out
