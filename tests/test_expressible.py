"""Rules the compiled JSON Schema cannot state: validators handed that schema are reported
`not-expressible` for them, never passed or failed on them."""

from __future__ import annotations

from typing import Any

from neptune_ml_conformance._model.cases import Case
from neptune_ml_conformance._model.compile import gaps
from neptune_ml_conformance._model.structure import model
from neptune_ml_conformance._running.engine import NOT_EXPRESSIBLE, certify, plan
from neptune_ml_conformance.adapters import resolve

STRUCTURE: dict[str, Any] = {
    "definitions": {
        "Job": {
            "type": "object",
            "properties": {
                "bytes": {"type": "int64", "minimum": "0"},
                "tags": {"type": "map", "values": {"type": "string"}, "has": {"type": "string"}},
                "count": {"type": "int32", "maximum": 10},
            },
        }
    }
}


def _case(name: str, instance: Any, category: str, path: str) -> Case:
    return Case(name, name, "Job", False, instance, category, path)


def test_gaps_list_what_json_schema_cannot_state() -> None:
    found = gaps(model(STRUCTURE), "Job")
    assert any("/bytes" in g and "minimum" in g for g in found)
    assert any("/tags" in g and "has" in g for g in found)
    assert not any("/count" in g for g in found)


def test_json_schema_validators_are_not_judged_on_what_they_were_not_told() -> None:
    structure = model(STRUCTURE)
    cases = [
        _case("below-int64-minimum", {"bytes": "-1"}, "minimum", "/bytes"),
        _case("above-maximum", {"count": 11}, "maximum", "/count"),
        Case("ok", "ok", "Job", True, {"bytes": "5", "count": 10}),
    ]
    the_plan = plan(structure, cases, "quick", 0)
    assert not the_plan.case_problems
    adapters = [resolve(name, structure, None) for name in ("jsonschema", "reference")]
    report = certify(the_plan, adapters)
    by_name = {entry["name"]: entry for entry in report["validators"]}
    jsonschema = by_name["jsonschema"]
    assert jsonschema["categories"]["minimum"].get(NOT_EXPRESSIBLE) == 1
    assert jsonschema["categories"]["minimum"]["failed"] == 0
    assert jsonschema["categories"]["maximum"]["passed"] == 1  # expressible: judged
    assert jsonschema["conformant"]
    # the reference reads the structure itself: judged on everything
    assert by_name["reference"]["categories"]["minimum"]["passed"] == 1
    assert NOT_EXPRESSIBLE not in by_name["reference"]["categories"]["minimum"]
