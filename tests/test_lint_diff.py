"""lint and diff: defects of a structure, and what an edit breaks, with confirmed witnesses."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from neptune_ml_conformance import Structure
from neptune_ml_conformance._edits.lint import lint
from neptune_ml_conformance._model.reference import validate_node
from neptune_ml_conformance.cli import main


def test_lint_reports_the_seed_root_union_problems(structure: Structure) -> None:
    found = {(d.code, d.pointer) for d in lint(structure.document)}
    assert ("root-without-type", "") in found
    assert ("composition-without-uses", "/oneOf") in found
    for i in range(4):
        assert ("bare-ref", f"/oneOf/{i}/$ref") in found
        assert ("dangling-ref", f"/oneOf/{i}/$ref") in found
    assert (
        "validation-without-uses",
        "/definitions/InferenceEndpoint/properties/instanceCount/minimum",
    ) in found
    overlaps = [d for d in lint(structure.document) if d.code == "oneof-overlap"]
    assert overlaps and all(d.witness is not None for d in overlaps)
    endpoint = structure.definitions["InferenceEndpoint"]
    for d in overlaps:  # each witness really matches InferenceEndpoint as well
        assert list(validate_node(endpoint, d.witness)) == []
    assert any(d.code == "sdk:SCHEMA_ROOT_MISSING_TYPE" for d in lint(structure.document))


def test_lint_finds_typed_defects() -> None:
    doc = {
        "$schema": "https://json-structure.org/meta/extended/v0/#",
        "$uses": ["JSONStructureValidation"],
        "$root": "#/definitions/T",
        "$defs": {},
        "definitions": {
            "T": {
                "type": "object",
                "required": ["ghost"],
                "properties": {
                    "mode": {"type": "string", "enum": ["a", "a", 3]},
                    "name": {"type": "string", "minimum": 2},
                    "count": {"type": "int32", "minimum": 1, "default": 0, "examples": [5, "five"]},
                },
            }
        },
    }
    found = {(d.code, d.level, d.pointer) for d in lint(doc)}
    at = "/definitions/T/properties"
    assert {
        ("defs-keyword", "error", "/$defs"),
        ("enum-duplicate", "error", f"{at}/mode/enum/1"),
        ("enum-value-type", "error", f"{at}/mode/enum/2"),
        ("keyword-not-applicable", "error", f"{at}/name/minimum"),
        ("required-undeclared", "error", "/definitions/T/required"),
        ("default-nonconforming", "error", f"{at}/count/default"),
        ("example-nonconforming", "warning", f"{at}/count/examples/1"),
    } <= found
    assert not any(code == "root-without-type" for code, _, _ in found)


def test_lint_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint"]) == 1
    clean = Path(__file__).parent / "structures" / "clean.json"
    assert main(["lint", "--structure", str(clean)]) == 0, capsys.readouterr().out


BAD_INPUTS: dict[str, Callable[[Path], None]] = {
    "not-json": lambda p: p.write_text("{ nope"),
    "not-object": lambda p: p.write_text("[]"),
    "ref-cycle": lambda p: p.write_text(
        json.dumps(
            {
                "definitions": {
                    "A": {"type": {"$ref": "#/definitions/B"}},
                    "B": {"type": {"$ref": "#/definitions/A"}},
                }
            }
        )
    ),
    "huge": lambda p: p.write_bytes(b'{"pad": "' + b"x" * (50 * 1024 * 1024) + b'"}'),
    "deep-json": lambda p: p.write_text("[" * 100000 + "]" * 100000),
}


@pytest.mark.parametrize(
    ("name", "command"),
    [
        (name, command)
        for command in ("certify", "diff", "lint")
        for name in sorted(BAD_INPUTS)
        # lint reports a $ref cycle as a defect instead (test_lint_reports_a_ref_cycle)
        if (name, command) != ("ref-cycle", "lint")
    ],
)
def test_bad_input_is_exit_2_within_seconds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, command: str
) -> None:
    path = tmp_path / f"{name}.json"
    BAD_INPUTS[name](path)
    argv = {
        "certify": ["certify", "--validator", "reference", "--structure", str(path)],
        "diff": ["diff", str(path), str(path)],
        "lint": ["lint", "--structure", str(path)],
    }[command]
    started = time.monotonic()
    code = main(argv)
    err = capsys.readouterr().err
    assert time.monotonic() - started < 10
    assert code == 2 and str(path) in err and "Traceback" not in err


def test_lint_reports_a_ref_cycle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cycle.json"
    BAD_INPUTS["ref-cycle"](path)
    assert main(["lint", "--structure", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ref-cycle" in out and "/definitions/A" in out and "cycle of $ref" in out


def test_certify_reports_hand_written_cases_an_edit_invalidates(
    structure: Structure, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = copy.deepcopy(structure.document)
    document["definitions"]["InferenceEndpoint"]["properties"]["instanceCount"]["minimum"] = 2
    document["definitions"].pop("ModelTransformJob")
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document))
    report = tmp_path / "r.json"
    code = main(
        [
            "certify",
            "--validator",
            "reference",
            "--structure",
            str(edited),
            "--profile",
            "quick",
            "--json",
            str(report),
        ]
    )
    problems = {p["id"]: p["problem"] for p in json.loads(report.read_text())["case_problems"]}
    assert code == 1
    assert "expected valid" in problems["valid/InferenceEndpoint/instance-count-at-minimum"]
    assert "not in the structure" in problems["valid/ModelTransformJob/minimal"]
    assert "case no longer fits the structure" in capsys.readouterr().out
