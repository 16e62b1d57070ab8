"""certify: verdicts, blame, exit codes and messages, through the CLI entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance import load as _load
from neptune_ml_conformance._model.cases import default_cases_dir
from neptune_ml_conformance._model.reference import ReferenceValidator as _Reference
from neptune_ml_conformance.cli import main

from .validators.faulty import EXPECTED_BLAME
from .verdicts import CALM, failures

HERE = Path(__file__).parent
FAULTY = "tests.validators.faulty"


def certify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str
) -> tuple[int, dict[str, Any], str]:
    report_path = tmp_path / "report.json"
    if "--profile" not in args:
        args = ("--profile", "quick", *args)
    if "--timeout" not in args:
        # a per-call limit no call nears on a loaded machine (a worker stalled past the
        # default 5 s errors a correct validator's call); the limit has tests of its own
        args = ("--timeout", str(CALM), *args)
    code = main(["certify", "--json", str(report_path), *args])
    out, err = capsys.readouterr()
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    return code, report, out + err


@pytest.mark.parametrize(
    "spec",
    [
        "reference",
        "jsonschema",
        f"{HERE / 'validators' / 'handwritten.py'}:validate",
        "tests.validators.handwritten:validate",
        f"{FAULTY}:correct",
    ],
)
def test_correct_validators_are_conformant(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: str
) -> None:
    code, report, out = certify(capsys, tmp_path, "--validator", spec)
    (entry,) = report["validators"]
    assert entry["conformant"], failures(entry)
    assert code == 0
    assert "conformant" in out


@pytest.mark.parametrize("name", sorted(EXPECTED_BLAME))
def test_faulty_validators_are_blamed_in_the_right_category(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    code, report, out = certify(capsys, tmp_path, "--validator", f"{FAULTY}:{name}")
    (entry,) = report["validators"]
    assert code == 1 and not entry["conformant"]
    failed = {
        c for c, counts in entry["categories"].items() if counts["failed"] and counts["blocking"]
    }
    assert failed == {EXPECTED_BLAME[name]}
    assert "NOT conformant" in out
    witness = next(f for f in entry["failures"] if f["category"] == EXPECTED_BLAME[name])
    assert set(witness) >= {
        "category",
        "definition",
        "description",
        "instance",
        "expected",
        "got",
        "path",
    }


def test_a_raise_is_errored_never_a_pass(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, report, _ = certify(capsys, tmp_path, "--validator", f"{FAULTY}:crashes_on_model_name")
    (entry,) = report["validators"]
    assert code == 1
    assert entry["categories"]["enum"]["errored"] > 0
    errored = [f for f in entry["failures"] if f["got"] == "errored"]
    assert errored and all("RuntimeError: unexpected modelName" in f["detail"] for f in errored)
    assert all("modelName" in f["instance"] for f in errored)


def test_report_keys_and_determinism(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    runs = []
    for _ in range(2):
        _, report, _ = certify(
            capsys, tmp_path, "--validator", "reference", "--seed", "5", "--profile", "quick"
        )
        report.pop("timing")
        for entry in report["validators"]:
            entry.pop("seconds")
        runs.append(report)
    assert runs[0] == runs[1]
    suite = runs[0]["suite"]
    assert (suite["seed"], suite["profile"]) == (5, "quick")
    assert len(suite["structure_sha256"]) == 64
    entry = runs[0]["validators"][0]
    assert set(entry) >= {"name", "spec", "conformant", "categories", "failures"}
    assert set(entry["categories"]["type"]) == {
        "passed",
        "failed",
        "errored",
        "skipped",
        "blocking",
    }
    assert entry["categories"]["integer-lexical"]["blocking"] is False


def test_stance_failures_do_not_block(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # python-jsonschema accepts 3.0 as an integer: a stance finding, still conformant
    code, report, _ = certify(capsys, tmp_path, "--validator", "jsonschema")
    entry = report["validators"][0]
    lexical = [f for f in entry["failures"] if f["category"] == "integer-lexical"]
    assert sum(f["source"] == "hand-written" for f in lexical) == 8
    assert any(f["source"] == "generated" and f["id"].endswith("/shrunk") for f in lexical)
    assert entry["categories"]["integer-lexical"]["failed"] > 8
    assert entry["conformant"] and code == 0


def test_no_validator_certifies_every_installed_builtin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, report, out = certify(capsys, tmp_path)
    names = [v["name"] for v in report["validators"]]
    assert names[:2] == ["reference", "jsonschema"]
    assert "validator" in out and "reference" in out


# --- exit code 2: bad usage or bad input, one line naming file and place -----------------


def test_broken_case_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "cases"
    shutil.copytree(default_cases_dir() / "valid", root / "valid")
    shutil.copytree(default_cases_dir() / "invalid", root / "invalid")
    bad = root / "valid" / "InferenceEndpoint" / "minimal.json"
    bad.write_text('{"description": "too short", "definition": 5, "instance": {}}')
    code, _, out = certify(capsys, tmp_path, "--validator", "reference", "--cases", str(root))
    assert code == 2
    assert str(bad) in out and "/definition" in out
    assert "Traceback" not in out


def test_broken_structure_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "structure.json"
    bad.write_text(
        '{"definitions": {"InferenceEndpoint": {"type": "object", '
        '"properties": {"n": {"type": 7}}}}}'
    )
    code, _, out = certify(capsys, tmp_path, "--validator", "reference", "--structure", str(bad))
    assert code == 2
    assert str(bad) in out and "/definitions/InferenceEndpoint/properties/n/type" in out


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("no-such-builtin", "unknown validator"),
        ("no_such_module_xyz:validate", "cannot import 'no_such_module_xyz'"),
        (f"{FAULTY}:no_such_attr", "has no attribute 'no_such_attr'"),
        ("missing/file.py:validate", "no such file"),
    ],
)
def test_bad_validator_spec_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: str, words: str
) -> None:
    code, _, out = certify(capsys, tmp_path, "--validator", spec)
    assert code == 2
    assert spec in out and words in out


def test_unknown_profile_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["certify", "--profile", "huge"])
    assert raised.value.code == 2


def test_console_script_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "neptune_ml_conformance.cli",
            "certify",
            "--validator",
            "reference",
            "--profile",
            "quick",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "conformant" in result.stdout


def _refuses_leap_seconds(definition: str, instance: Any) -> bool:
    """Correct but for one over-strict habit: no string may hold a leap second (":60")."""
    if ":60" in json.dumps(instance):
        return False
    return not _EXAMPLE_REFERENCE.validate(definition, instance)


_EXAMPLE = Path(__file__).parent.parent / "examples" / "neptune-ml-job-v2.json"
_EXAMPLE_REFERENCE = _Reference(_load(_EXAMPLE))


@pytest.mark.parametrize(
    ("definition", "instance", "where"),
    [
        # the tuple's first member sits at its maximum: blame must look past it
        ("InferenceEndpoint", {"rollout": [100, "1990-12-31T23:59:60Z"]}, "/rollout/1"),
        # the root is a choice: the refusal is two levels down, in the chosen branch
        ("Job", {"inferenceEndpoint": {"createdAt": "1990-12-31T23:59:60Z"}}, "/createdAt"),
        # two culprits: the first replaced, the second is found (not the map around one)
        (
            "Job",
            {
                "inferenceEndpoint": {
                    "status": {"creating": "1990-12-31T23:59:60Z"},
                    "createdAt": "1990-12-31T23:59:60Z",
                }
            },
            "/inferenceEndpoint/createdAt",
        ),
    ],
)
def test_a_refused_nested_value_is_blamed_for_its_own_rule(
    definition: str, instance: Any, where: str
) -> None:
    from neptune_ml_conformance._model.cases import Case
    from neptune_ml_conformance._running.engine import evaluate
    from neptune_ml_conformance.adapters import InProcessAdapter

    structure = _load(_EXAMPLE)
    assert not _EXAMPLE_REFERENCE.validate(definition, instance)  # the instance is valid
    case = Case("leap", "a leap second, deep", definition, True, instance, "items")
    adapter = InProcessAdapter("leap", "leap", _refuses_leap_seconds, timeout=10)
    try:
        (outcome,) = evaluate(structure, adapter, [case])
    finally:
        adapter.close()
    assert outcome.verdict == "failed"
    assert outcome.blame == "format", outcome.detail
    assert f"{where} = '1990-12-31T23:59:60Z'" in outcome.detail
