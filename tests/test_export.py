"""Export to JSON-Schema-Test-Suite files: well-formed, and agreed by python-jsonschema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from neptune_ml_conformance._reports.export import format_schema
from neptune_ml_conformance.cli import main


def test_export_validates_and_python_jsonschema_agrees(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        main(
            [
                "export",
                "--format",
                "json-schema-test-suite",
                str(out),
                "--profile",
                "quick",
                "--seed",
                "1",
            ]
        )
        == 0
    )
    files = sorted(out.rglob("*.json"))
    assert len(files) >= 30
    checker = jsonschema.Draft202012Validator(format_schema())
    tests = disagreements = stance = 0
    for path in files:
        content = json.loads(path.read_text())
        assert list(checker.iter_errors(content)) == [], path
        for case in content:
            if "stance category" in case.get("comment", ""):
                stance += 1
                continue
            validator = jsonschema.Draft202012Validator(case["schema"])
            for test in case["tests"]:
                tests += 1
                disagreements += validator.is_valid(test["data"]) != test["valid"]
    assert tests > 700 and disagreements == 0 and stance >= 4


def test_export_hand_written_only_by_default(tmp_path: Path) -> None:
    assert main(["export", "--format", "json-schema-test-suite", str(tmp_path)]) == 0
    descriptions = [
        t["description"]
        for p in tmp_path.rglob("*.json")
        for c in json.loads(p.read_text())
        for t in c["tests"]
    ]
    assert len(descriptions) == 521
    assert not any(d.startswith("generated/") for d in descriptions)
