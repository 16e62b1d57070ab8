"""The example IHOP harnesses of docs/IHOP.md certify end to end, the messages that page
quotes have the shapes the suite checks, and a definition sent keeps the `$uses` entries it
needs."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from neptune_ml_conformance import load
from neptune_ml_conformance._running.engine import Plan, certify, prepare
from neptune_ml_conformance.adapters import resolve
from neptune_ml_conformance.adapters._ihop import check_message
from neptune_ml_conformance.adapters._json_structure import document_for

from .verdicts import CALM, failures

ROOT = Path(__file__).resolve().parent.parent
PYTHON_HARNESS = ROOT / "examples" / "harnesses" / "ihop_harness.py"
NODE_HARNESS = ROOT / "examples" / "harnesses" / "ihop_harness.mjs"
DOC = ROOT / "docs" / "IHOP.md"
EVERYTHING = ROOT / "tests" / "structures" / "everything.json"


@pytest.fixture(scope="module")
def seed_plan() -> Plan:
    return prepare(None, None, "quick", 0)


def _entry(the_plan: Plan, spec: str) -> dict:  # type: ignore[type-arg]
    adapter = resolve(spec, the_plan.structure, CALM)
    try:
        (entry,) = certify(the_plan, [adapter])["validators"]
    finally:
        adapter.close()
    return entry


def _failing(entry: dict) -> dict[str, tuple[int, int, int]]:  # type: ignore[type-arg]
    return {
        c: (n["failed"], n["errored"], n["skipped"])
        for c, n in entry["categories"].items()
        if n["failed"] or n["errored"] or n["skipped"]
    }


def test_the_python_example_harness_reports_what_the_sdk_in_process_does(
    seed_plan: Plan,
) -> None:
    """The harness wraps the SDK the built-in `json-structure` runs in process: the same
    documents (re-rooted the same way) must give the very same counts."""
    spec = f"ihop:{sys.executable} {PYTHON_HARNESS}"
    through_ihop = _entry(seed_plan, spec)
    in_process = _entry(seed_plan, "json-structure")
    assert through_ihop["version"].startswith("json-structure ")
    assert through_ihop["version"].endswith("(python)")
    assert through_ihop["categories"] == in_process["categories"]
    assert all(e == 0 and s == 0 for _, e, s in _failing(through_ihop).values())


def test_the_node_example_harness_certifies_the_seed(seed_plan: Plan) -> None:
    """No dependencies, its own small validator: conformant on the seed, where its one
    failure is the stance JavaScript cannot avoid (`JSON.parse` reads 1.0 as 1)."""
    entry = _entry(seed_plan, f"ihop:node {NODE_HARNESS}")
    assert entry["version"].endswith("(javascript)")
    assert entry["conformant"], failures(entry)
    assert set(_failing(entry)) <= {"integer-lexical"}


def _quoted_messages() -> list[dict]:  # type: ignore[type-arg]
    """The complete JSON messages docs/IHOP.md quotes (those shortened with … are skipped)."""
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(), re.S)
    return [json.loads(b) for b in blocks if "…" not in b]


def test_the_messages_docs_quotes_have_the_shapes_the_suite_checks() -> None:
    kinds = {
        "start": "start",
        "dialect": "dialect",
        "stop": "stop",
    }
    seen = set()
    for message in _quoted_messages():
        if "cmd" in message:
            kind = kinds[message["cmd"]]
        elif "implementation" in message:
            kind = "start-response"
        elif "ok" in message:
            kind = "dialect-response"
        else:
            kind = "x-apply-defaults-response"
        check_message(kind, message)
        seen.add(kind)
    assert {"start", "start-response", "dialect", "dialect-response", "stop"} <= seen


def test_a_definition_sent_keeps_the_uses_entries_it_needs() -> None:
    """Before: `$uses: ["JSONStructureValidation"]` only, even where the structure uses
    conditional composition."""
    composed = load(EVERYTHING)
    for name in composed.definitions:
        assert document_for(composed, name)["$uses"] == [
            "JSONStructureValidation",
            "JSONStructureConditionalComposition",
        ]
    # declared but never used: not needed by any definition sent
    example = load(ROOT / "examples" / "neptune-ml-job-v2.json")
    assert {tuple(document_for(example, n)["$uses"]) for n in example.definitions} == {
        ("JSONStructureValidation",)
    }
    seed = load(None)
    assert document_for(seed, "InferenceEndpoint")["$uses"] == ["JSONStructureValidation"]


def test_an_ihop_harness_is_sent_the_uses_entries(tmp_path: Path) -> None:
    structure = load(EVERYTHING)
    adapter = resolve(f"ihop:node {NODE_HARNESS}", structure)
    try:
        uses = {tuple(schema["$uses"]) for schema in adapter.schemas.values()}
    finally:
        adapter.close()
    assert uses == {("JSONStructureValidation", "JSONStructureConditionalComposition")}
