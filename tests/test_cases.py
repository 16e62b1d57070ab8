"""The hand-written corpus: well-formed, agreed by the reference, and broad enough."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from neptune_ml_conformance import InputError, Structure
from neptune_ml_conformance._model.cases import case_schema, default_cases_dir, load_cases
from neptune_ml_conformance._running.engine import check_case

CASES = load_cases()


def test_every_case_file_validates_against_the_case_schema() -> None:
    validator = jsonschema.Draft202012Validator(case_schema())
    files = sorted(
        p for v in ("valid", "invalid") for p in (default_cases_dir() / v).rglob("*.json")
    )
    assert len(files) == len(CASES) >= 150
    for path in files:
        errors = list(validator.iter_errors(json.loads(path.read_text())))
        assert not errors, (path, errors[0].message)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_reference_agrees_with_the_case(structure: Structure, case: object) -> None:
    # valid accepted; invalid rejected for the stated category at the stated path
    assert check_case(structure, case) is None  # type: ignore[arg-type]


def test_coverage_per_definition_and_category(structure: Structure) -> None:
    seen = Counter((c.definition, c.category, c.valid) for c in CASES)
    for name, node in structure.definitions.items():
        assert seen[(name, "type", False)] >= 20, name
        assert seen[(name, "range", False)] >= 3, name
        assert seen[(name, "defaults", True)] >= 2, name
        assert seen[(name, "unknown-properties", True)] >= 1, name
        if node.required:
            assert seen[(name, "required", False)] >= len(node.required) + 1, name
        if any(p.enum for p in node.properties.values()):
            assert seen[(name, "enum", True)] >= 2 and seen[(name, "enum", False)] >= 6, name
    ids = {c.id for c in CASES}
    assert "invalid/InferenceEndpoint/instance-count-zero" in ids
    assert "invalid/InferenceEndpoint/model-name-foreign-custom" in ids
    assert "valid/ModelTrainingJob/model-name-custom" in ids
    assert "invalid/ModelTrainingJob/model-name-foreign-kge" in ids


def test_descriptions_are_unique_per_definition() -> None:
    seen = Counter((c.definition, c.description) for c in CASES)
    assert [key for key, n in seen.items() if n > 1] == []


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "cases"
    shutil.copytree(default_cases_dir() / "valid", root / "valid")
    shutil.copytree(default_cases_dir() / "invalid", root / "invalid")
    return root


def _case(**fields: object) -> str:
    return json.dumps({"description": "x long enough", "definition": "InferenceEndpoint", **fields})


@pytest.mark.parametrize(
    ("content", "pointer", "words"),
    [
        ("{not json", None, "not JSON"),
        (_case(), "", "'instance'"),
        (_case(category="size", path="", instance={}), "/category", "is not one of"),
        (_case(instance={}), "", "needs 'category'"),
        (_case(category="type", path="nope", instance={}), "/path", "does not match"),
    ],
)
def test_malformed_case_names_file_and_pointer(
    tmp_path: Path, content: str, pointer: str | None, words: str
) -> None:
    root = _corpus(tmp_path)
    bad = root / "invalid" / "InferenceEndpoint" / "broken.json"
    bad.write_text(content)
    with pytest.raises(InputError) as raised:
        load_cases(root)
    assert raised.value.source == str(bad)
    assert raised.value.pointer == pointer
    assert words in raised.value.message


def test_case_in_wrong_definition_folder(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    src = root / "valid" / "InferenceEndpoint" / "minimal.json"
    shutil.copy(src, root / "valid" / "ModelTransformJob" / "moved.json")
    with pytest.raises(InputError, match="is in folder 'ModelTransformJob'"):
        load_cases(root)
