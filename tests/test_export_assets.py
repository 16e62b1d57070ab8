"""`export --format json-structure-test-assets`: the layout of the json-structure/sdk
repository's `test-assets/`, checked against a sample written from that layout's
documentation (tests/structures/sdk-test-assets-sample/), and read back the way the SDKs'
own runners read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance._model.reference import validate_node
from neptune_ml_conformance._model.structure import model
from neptune_ml_conformance.cli import main

SAMPLE = Path(__file__).parent / "structures" / "sdk-test-assets-sample"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples"
METADATA = {"_description", "_expectedValid", "_expectedError"}
#: Root types for which the TypeScript runner unwraps `{"value": ...}`.
TS_UNWRAPPED = {
    "string", "number", "integer", "boolean", "int8", "uint8", "int16", "uint16", "int32",
    "uint32", "float", "double", "decimal", "float8", "array", "set",
}  # fmt: skip


def python_runner_reads(data: dict[str, Any]) -> Any:
    """The Python SDK runner: `value` if there is one, else every member not named `_…`."""
    if "value" in data:
        return data["value"]
    return {k: v for k, v in data.items() if not k.startswith("_")}


def typescript_runner_reads(data: dict[str, Any], schema: dict[str, Any]) -> Any:
    """The TypeScript SDK runner: the three metadata members dropped; `value` unwrapped
    when it is the only member left and the root type is one of TS_UNWRAPPED."""
    cleaned = {k: v for k, v in data.items() if k not in METADATA}
    if schema.get("type") in TS_UNWRAPPED and list(cleaned) == ["value"]:
        return cleaned["value"]
    return cleaned


def layout(root: Path) -> list[tuple[dict[str, Any], Path, dict[str, Any]]]:
    """Every (schema, instance file, instance data) of a test-assets tree, asserting the
    documented shape on the way: nothing outside the two folders, one folder of instances
    per schema and no folder without its schema, metadata members as documented."""
    schemas = {p.name.removesuffix(".struct.json"): p for p in root.glob("schemas/validation/*")}
    assert schemas and all(p.name.endswith(".struct.json") for p in schemas.values())
    folders = {p.name: p for p in root.glob("instances/validation/*")}
    assert set(folders) == set(schemas)
    other = (
        {p for p in root.rglob("*") if p.is_file() and p.name != "README.md"}
        - set(schemas.values())
        - {f for d in folders.values() for f in d.iterdir()}
    )
    assert not other
    found = []
    for name, path in sorted(schemas.items()):
        schema = json.loads(path.read_text())
        assert "JSONStructureValidation" in schema["$uses"]
        instances = sorted(folders[name].iterdir())
        assert instances and all(p.suffix == ".json" for p in instances)
        for instance in instances:
            data = json.loads(instance.read_text())
            assert isinstance(data, dict)
            assert {k for k in data if k.startswith("_")} <= METADATA
            assert data.get("_expectedValid", True) is True
            assert isinstance(data["_description"], str) and data["_description"]
            found.append((schema, instance, data))
    return found


def _check(root: Path) -> tuple[int, int]:
    """Each instance read the same by both runners, and given its expected verdict by the
    suite's reference validator against the schema's root; (valid, invalid) counts."""
    counts = [0, 0]
    for schema, path, data in layout(root):
        read = python_runner_reads(data)
        assert read == typescript_runner_reads(data, schema), path
        valid = data.get("_expectedValid", False)
        structure = model(schema, str(path))
        assert structure.root is not None
        violations = [
            v for v in validate_node(structure.root, read) if v.category != "unknown-properties"
        ]
        assert (not violations) is valid, (path, violations)
        counts[not valid] += 1
    return counts[0], counts[1]


def test_the_sample_is_the_documented_layout() -> None:
    assert _check(SAMPLE) == (1, 3)


@pytest.mark.parametrize(
    "extra",
    [
        ["--profile", "quick"],
        ["--structure", str(EXAMPLE / "neptune-ml-job-v2.json"), "--profile", "quick"],
    ],
    ids=["bundled", "example"],
)
def test_export_has_the_samples_layout_and_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    out = tmp_path / "assets"
    assert main(["export", "--format", "json-structure-test-assets", str(out), *extra]) == 0
    printed = capsys.readouterr().out
    valid, invalid = _check(out)
    assert valid > 100 and invalid > 100
    assert f"with {valid + invalid} tests to {out}" in printed
    # what the layout cannot carry is counted, never silently dropped
    assert "left out" in printed and "stance category" in printed
    shape = {p.relative_to(out).parts[:2] for p in out.rglob("*.json")}
    assert shape == {p.relative_to(SAMPLE).parts[:2] for p in SAMPLE.rglob("*.json")}


def test_hand_written_cases_only_by_default(tmp_path: Path) -> None:
    assert main(["export", "--format", "json-structure-test-assets", str(tmp_path)]) == 0
    files = tmp_path.glob("instances/validation/*/*.json")
    descriptions = [json.loads(p.read_text())["_description"] for p in files]
    assert len(descriptions) == 484
    assert not any(d.startswith("generated/") for d in descriptions)
