"""The example edited structure (examples/): its hand-written cases fit it, and the reference
certifies itself on it — the suite never fails its own stance on a structure lint accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from neptune_ml_conformance._edits.lint import lint
from neptune_ml_conformance._model.cases import load_cases
from neptune_ml_conformance._model.structure import load, read_json
from neptune_ml_conformance._running.engine import check_case
from neptune_ml_conformance.cli import main

from .verdicts import CALM

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STRUCTURE = EXAMPLES / "neptune-ml-job-v2.json"


def test_the_example_has_no_defect_of_our_own() -> None:
    ours = [d for d in lint(read_json(STRUCTURE)) if not d.code.startswith("sdk:")]
    assert ours == []


def test_every_example_case_fits_the_structure() -> None:
    structure = load(STRUCTURE)
    cases = load_cases(EXAMPLES / "cases")
    assert len(cases) >= 20
    assert {c.category for c in cases if not c.valid} >= {
        "additional-properties",
        "format",
        "items",
        "pattern",
        "maximum",
        "multiple-of",
        "length",
        "required",
        "type",
        "minimum",
    }
    assert [(c.id, check_case(structure, c)) for c in cases if check_case(structure, c)] == []


@pytest.mark.parametrize("profile", ["quick"])
def test_the_reference_certifies_itself_on_the_example(
    profile: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "certify",
            "--validator",
            "reference",
            "--structure",
            str(STRUCTURE),
            "--cases",
            str(EXAMPLES / "cases"),
            "--profile",
            profile,
            # a per-call limit no call nears even on a loaded machine: this test is about
            # verdicts (a worker stalled past the default 5 s errors the call, and exit is 1)
            "--timeout",
            str(CALM),
        ]
    )
    assert code == 0, capsys.readouterr().out[-2000:]
