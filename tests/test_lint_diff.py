"""lint and diff: defects of a structure, and what an edit breaks, with confirmed witnesses."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance import Structure
from neptune_ml_conformance._diff import diff
from neptune_ml_conformance._lint import lint
from neptune_ml_conformance._reference import validate_node
from neptune_ml_conformance._structure import model
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


def test_lint_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint"]) == 1
    clean = tmp_path / "clean.json"
    clean.write_text(
        json.dumps(
            {
                "$schema": "https://json-structure.org/meta/extended/v0/#",
                "$id": "https://example.com/clean",
                "name": "Clean",
                "$uses": ["JSONStructureValidation"],
                "$root": "#/definitions/T",
                "definitions": {
                    "T": {
                        "type": "object",
                        "name": "T",
                        "properties": {"n": {"type": "int32", "minimum": 1}},
                    }
                },
            }
        )
    )
    assert main(["lint", "--structure", str(clean)]) == 0, capsys.readouterr().out


def _edit(change: Callable[[dict[str, Any]], None], base: dict[str, Any]) -> Structure:
    document = copy.deepcopy(base)
    change(document)
    return model(document)


def _props(d: dict[str, Any], name: str) -> dict[str, Any]:
    return d["definitions"][name]["properties"]  # type: ignore[no-any-return]


EDITS: dict[str, tuple[Callable[[dict[str, Any]], None], str, str, str]] = {
    # name: (edit, kind, producers, consumers)
    "add-optional-property": (
        lambda d: _props(d, "ModelTransformJob").update(newField={"type": "int32"}),
        "property added",
        "breaking",
        "compatible",
    ),
    "remove-property": (
        lambda d: _props(d, "ModelTrainingJob").pop("enableManagedSpotTraining"),
        "property removed",
        "compatible",
        "breaking",
    ),
    "add-required": (
        lambda d: d["definitions"]["InferenceEndpoint"].update(required=["mlModelTrainingJobId"]),
        "required added",
        "breaking",
        "compatible",
    ),
    "remove-required": (
        lambda d: d["definitions"]["ModelTrainingJob"]["required"].remove("trainModelS3Location"),
        "required removed",
        "compatible",
        "breaking",
    ),
    "remove-enum-value": (
        lambda d: _props(d, "InferenceEndpoint")["modelName"]["enum"].remove("kge"),
        "enum changed",
        "breaking",
        "compatible",
    ),
    "add-enum-value": (
        lambda d: _props(d, "DataProcessingJob")["modelType"]["enum"].append("gat"),
        "enum changed",
        "compatible",
        "breaking",
    ),
    "raise-minimum": (
        lambda d: _props(d, "InferenceEndpoint")["instanceCount"].update(minimum=3),
        "minimum raised",
        "breaking",
        "compatible",
    ),
    "lower-minimum": (
        lambda d: _props(d, "InferenceEndpoint")["instanceCount"].update(minimum=0, default=1),
        "minimum lowered",
        "compatible",
        "breaking",
    ),
    "add-minimum": (
        lambda d: _props(d, "ModelTransformJob")["baseProcessingInstanceVolumeSizeInGB"].update(
            minimum=1
        ),
        "minimum raised",
        "breaking",
        "compatible",
    ),
    "change-type": (
        lambda d: _props(d, "ModelTrainingJob")["trainingInstanceVolumeSizeInGB"].update(
            type="string"
        ),
        "type changed",
        "breaking",
        "breaking",
    ),
    "change-default": (
        lambda d: _props(d, "InferenceEndpoint")["instanceType"].update(default="ml.m5.large"),
        "default changed",
        "compatible",
        "breaking",
    ),
    "remove-definition": (
        lambda d: d["definitions"].pop("ModelTransformJob"),
        "definition removed",
        "breaking",
        "compatible",
    ),
    "add-definition": (
        lambda d: d["definitions"].update(Extra={"type": "object", "properties": {}}),
        "definition added",
        "compatible",
        "breaking",
    ),
    "description-only": (
        lambda d: _props(d, "InferenceEndpoint")["instanceType"].update(description="new words"),
        "",
        "",
        "",
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_diff_classifies_each_edit_with_confirmed_witnesses(
    structure: Structure, name: str
) -> None:
    edit, kind, producers, consumers = EDITS[name]
    new = _edit(edit, structure.document)
    changes = diff(structure, new)
    if not kind:
        assert changes == []
        return
    (change,) = changes
    assert (change.kind, change.producers, change.consumers) == (kind, producers, consumers)
    a = structure.definitions.get(change.definition)
    b = new.definitions.get(change.definition)
    if change.producer_witness is not None:
        assert a is not None and not list(validate_node(a, change.producer_witness))
        assert b is None or list(validate_node(b, change.producer_witness))
    if change.consumer_witness is not None and kind != "default changed":
        assert b is not None and not list(validate_node(b, change.consumer_witness))
        assert a is None or list(validate_node(a, change.consumer_witness))
    assert (producers == "breaking") == (change.producer_witness is not None)
    assert (consumers == "breaking") == (change.consumer_witness is not None)


def test_diff_cli_exit_codes(structure: Structure, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps(structure.document))
    same = tmp_path / "same.json"
    same.write_text(json.dumps(structure.document))
    assert main(["diff", str(old), str(same)]) == 0
    new = tmp_path / "new.json"
    document = copy.deepcopy(structure.document)
    _props(document, "InferenceEndpoint")["instanceCount"]["minimum"] = 5
    new.write_text(json.dumps(document))
    out = tmp_path / "changes.json"
    assert main(["diff", str(old), str(new), "--json", str(out)]) == 1
    (change,) = json.loads(out.read_text())
    assert change["breaking"] and change["producer_witness"] == {"instanceCount": 1}


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


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["certify", "diff", "lint"])
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


def test_certify_reports_hand_written_cases_an_edit_invalidates(
    structure: Structure, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = copy.deepcopy(structure.document)
    _props(document, "InferenceEndpoint")["instanceCount"]["minimum"] = 2
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
