"""A validator's own prints are captured per call and shown in the report beside that
call's verdict, never mixed into the suite's output (where escape codes would act on the
user's terminal and lines would interleave with the matrix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neptune_ml_conformance.adapters._worker import CAN_FORK
from neptune_ml_conformance.cli import main

CHATTY = """
import os, sys

def validate(definition, instance):
    print("\\x1b[31mchecking\\x1b[0m", definition)
    sys.stderr.write("on stderr\\n")
    os.write(1, b"straight to fd 1\\n")
    if isinstance(instance, dict) and instance.get("instanceCount") == 0:
        return []  # under-strict: every such case fails, and shows what was written
    from neptune_ml_conformance import load
    from neptune_ml_conformance._model.reference import ReferenceValidator
    return ReferenceValidator(load()).validate(definition, instance)

def apply_defaults(definition, instance):
    print("filling")
    return instance
"""


@pytest.mark.skipif(not CAN_FORK, reason="without fork, calls run in the suite's process")
def test_a_validators_output_is_in_the_report_not_in_the_suites(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    validator = tmp_path / "chatty.py"
    validator.write_text(CHATTY)
    report = tmp_path / "r.json"
    code = main(
        [
            "certify",
            "--validator",
            f"{validator}:validate",
            "--profile",
            "quick",
            "--json",
            str(report),
            "--markdown",
            str(tmp_path / "r.md"),
        ]
    )
    out, err = capfd.readouterr()
    assert code == 1
    lines = (out + err).splitlines()
    for text in ("on stderr", "straight to fd 1", "filling"):
        assert text not in lines
    assert "\x1b" not in out + err and "filling" not in out + err
    failures = json.loads(report.read_text())["validators"][0]["failures"]
    minimum = next(f for f in failures if f["path"] == "/instanceCount")
    assert minimum["detail"].startswith("validator wrote: ")
    wrote = minimum["detail"].removeprefix("validator wrote: ").split("\n")
    assert sorted(wrote) == sorted(
        ["\x1b[31mchecking\x1b[0m InferenceEndpoint", "on stderr", "straight to fd 1"]
    )
    # shown per call, escaped, in the terminal and Markdown views
    assert "validator wrote: \\x1b[31mchecking" in out
    assert "validator wrote: \\\\x1b\\[31mchecking" in (tmp_path / "r.md").read_text()


@pytest.mark.skipif(not CAN_FORK, reason="without fork, calls run in the suite's process")
def test_output_is_cut_per_call(tmp_path: Path) -> None:
    from neptune_ml_conformance import load
    from neptune_ml_conformance.adapters import resolve
    from neptune_ml_conformance.adapters._worker import OUTPUT_LIMIT

    validator = tmp_path / "flood.py"
    validator.write_text(
        "def validate(definition, instance):\n    print('x' * 100000)\n    return False\n"
    )
    adapter = resolve(f"{validator}:validate", load(), 5.0)
    try:
        first, second = adapter.check([("InferenceEndpoint", {}), ("InferenceEndpoint", {})])
    finally:
        adapter.close()
    for answer in (first, second):  # the second call's output is its own, not the first's
        assert answer.status == "invalid"
        kept = "validator wrote: " + "x" * OUTPUT_LIMIT
        assert answer.detail == f"{kept}… ({100001 - OUTPUT_LIMIT} more bytes)"
