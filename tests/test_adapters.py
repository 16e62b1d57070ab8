"""The built-in adapters of real validators, and what the suite measures about each."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from neptune_ml_conformance import InputError, Structure
from neptune_ml_conformance._running.engine import certify, plan
from neptune_ml_conformance.adapters import BUILTINS, Builtin, available_builtins, resolve

from .verdicts import CALM, failures

IN_PROCESS = [
    "jsonschema",
    "json-structure",
    "fastjsonschema",
    "jsonschema-rs",
    "botocore",
    "pydantic-strict",
    "pydantic-lax",
]
ENDPOINT = "InferenceEndpoint"


@pytest.fixture(scope="module")
def reports(structure: Structure) -> dict[str, dict[str, Any]]:
    the_plan = plan(structure)
    adapters = [resolve(name, structure, CALM) for name in IN_PROCESS]
    return {e["name"]: e for e in certify(the_plan, adapters)["validators"]}


def verdict(structure: Structure, name: str, definition: str, instance: Any) -> str:
    (answer,) = resolve(name, structure, CALM).check([(definition, instance)])
    return answer.status


def test_every_test_extra_builtin_is_installed() -> None:
    found, missing = available_builtins()
    assert set(IN_PROCESS) <= set(found), missing


@pytest.mark.parametrize(
    "name", ["jsonschema", "fastjsonschema", "jsonschema-rs", "pydantic-strict"]
)
def test_conformant_validators(reports: dict[str, dict[str, Any]], name: str) -> None:
    assert reports[name]["conformant"], failures(reports[name])


def test_json_structure_sdk_accepts_true_as_int32(
    structure: Structure, reports: dict[str, dict[str, Any]]
) -> None:
    assert verdict(structure, "json-structure", ENDPOINT, {"instanceCount": True}) == "valid"
    assert verdict(structure, "json-structure", ENDPOINT, {"instanceCount": 3.0}) == "invalid"
    assert verdict(structure, "json-structure", ENDPOINT, {"instanceCount": 0}) == "invalid"
    entry = reports["json-structure"]
    failed = {c for c, n in entry["categories"].items() if n["failed"]}
    assert failed == {"type"}
    assert all(
        True in f["instance"].values() or False in f["instance"].values() for f in entry["failures"]
    )


def test_botocore_checks_required_and_types_but_not_enums_minimums_or_range(
    structure: Structure, reports: dict[str, dict[str, Any]]
) -> None:
    for instance in (
        {"instanceCount": 0},
        {"instanceCount": True},
        {"instanceCount": 2**40},
        {"modelName": "bogus"},
    ):
        assert verdict(structure, "botocore", ENDPOINT, instance) == "valid", instance
    assert verdict(structure, "botocore", ENDPOINT, {"instanceCount": "1"}) == "invalid"
    assert verdict(structure, "botocore", "ModelTransformJob", {}) == "invalid"
    # the service model lacks enableInterContainerTrafficEncryption, and rejects unknown members
    job = {
        "modelTransformOutputS3Location": "s3://b/",
        "enableInterContainerTrafficEncryption": True,
    }
    assert verdict(structure, "botocore", "ModelTransformJob", job) == "invalid"
    failed = {c for c, n in reports["botocore"]["categories"].items() if n["failed"]}
    assert {"enum", "minimum", "range", "unknown-properties"} <= failed
    # its `required` failures are members its service model demands and the structure does
    # not (customModelTrainingParameters.sourceS3DirectoryPath): none is a missing member
    # it let through
    demanded = [f for f in reports["botocore"]["failures"] if f["category"] == "required"]
    assert all(
        f["expected"] == "valid" and "which is not required, is added" in f["detail"]
        for f in demanded
    ), demanded[:1]
    # the diagnosis names the declared property it refuses, whatever the value
    refused = [
        f
        for f in reports["botocore"]["failures"]
        if f["expected"] == "valid" and "'enableInterContainerTrafficEncryption'" in f["detail"]
    ]
    assert refused and all(f["category"] == "type" for f in refused)
    assert (
        "refuses the declared property 'enableInterContainerTrafficEncryption' with every "
        "valid value tried (true, false)"
    ) in refused[0]["detail"]


def test_json_schema_validators_accept_integral_floats(structure: Structure) -> None:
    for name in ("jsonschema", "fastjsonschema", "jsonschema-rs"):
        assert verdict(structure, name, ENDPOINT, {"instanceCount": 3.0}) == "valid", name


def test_pydantic_lax_coerces_strings(
    structure: Structure, reports: dict[str, dict[str, Any]]
) -> None:
    assert verdict(structure, "pydantic-lax", ENDPOINT, {"instanceCount": "5"}) == "valid"
    assert verdict(structure, "pydantic-strict", ENDPOINT, {"instanceCount": "5"}) == "invalid"
    assert not reports["pydantic-lax"]["conformant"]


@pytest.mark.parametrize("name", ["jsonschema", "pydantic-strict"])
def test_default_filling_adapters(structure: Structure, name: str) -> None:
    adapter = resolve(name, structure, CALM)
    filled, error = adapter.defaults(ENDPOINT, {"instanceCount": 4}) or (None, "unsupported")
    assert error is None
    assert filled == {"instanceCount": 4, "update": False, "instanceType": "ml.m5.xlarge"}


def test_a_missing_library_is_unavailable_with_the_install_command(
    structure: Structure, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = Builtin(
        "fastjsonschema",
        "_fastjsonschema",
        "make",
        "no_such_module_xyz",
        "pip install 'neptune-ml-conformance[fastjsonschema]'",
    )
    monkeypatch.setitem(BUILTINS, "fastjsonschema", fake)
    found, missing = available_builtins()
    assert "fastjsonschema" not in found
    assert "pip install 'neptune-ml-conformance[fastjsonschema]'" in missing["fastjsonschema"]
    with pytest.raises(InputError, match="is not installed; run: pip install"):
        resolve("fastjsonschema", structure)


def test_a_missing_ajv_install_names_the_npm_command(
    structure: Structure, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """The hint installs into the per-user cache, never into the package (which is
    `site-packages` for an installed wheel), and the harness then runs from there."""
    from neptune_ml_conformance.adapters import _ajv

    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    shipped, cache = tmp_path / "site-packages-harness", tmp_path / "cache"
    shipped.mkdir()
    for name in _ajv.FILES:
        (shipped / name).write_text(name)
    monkeypatch.setattr(_ajv, "HARNESS", shipped)
    monkeypatch.setenv("NEPTUNE_ML_CONFORMANCE_CACHE", str(cache))
    with pytest.raises(InputError, match=f"run: npm ci --prefix {cache}/harnesses/ajv-") as info:
        resolve("ajv", structure)
    assert str(shipped) not in str(info.value)
    copy = _ajv.harness_dir()
    assert copy.parent == cache / "harnesses"
    assert all((copy / name).read_text() == name for name in _ajv.FILES)
    # What `npm ci` would leave: the hint is then gone and the harness runs from the copy.
    (copy / "node_modules" / "ajv").mkdir(parents=True)
    (copy / "node_modules" / "ajv" / "package.json").write_text("{}")
    assert _ajv.missing() is None
    assert _ajv.harness_dir() == copy
    assert not (shipped / "node_modules").exists()
    # an unwritable cache is a reason the built-in is unavailable, not a crash
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("NEPTUNE_ML_CONFORMANCE_CACHE", str(blocker / "cache"))
    assert "set NEPTUNE_ML_CONFORMANCE_CACHE to a writable folder" in (_ajv.missing() or "")
