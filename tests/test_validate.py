"""`validate` on real documents, and `validate`/`lint` on hostile structures: one line per
violation, exit 0/1/2, never a traceback, each pathological input finished in seconds."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance._io.read import MAX_DEPTH
from neptune_ml_conformance._model.reference import validate_document
from neptune_ml_conformance.cli import main

from .documents import root


def _write(path: Path, value: Any) -> str:
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


def test_violations_one_line_each_with_file_pointer_and_category(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(tmp_path / "bad.json", {"instanceCount": 0, "modelName": "bogus"})
    good = _write(tmp_path / "good.json", {"instanceCount": 2})
    code = main(
        [
            "validate",
            "--definition",
            "InferenceEndpoint",
            bad,
            good,
            "--json",
            str(tmp_path / "out.json"),
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert f"{bad}: /instanceCount: [minimum] 0 is less than the minimum 1" in out
    assert any(line.startswith(f"{bad}: /modelName: [enum]") for line in out)
    assert not any(good in line for line in out[:-1])
    rows = json.loads((tmp_path / "out.json").read_text())
    assert {(r["file"], r["pointer"], r["category"], r["blocking"]) for r in rows} == {
        (bad, "/instanceCount", "minimum", True),
        (bad, "/modelName", "enum", True),
    }


def test_valid_documents_and_stance_findings_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stance = _write(tmp_path / "s.json", {"instanceCount": 3.0})
    assert main(["validate", "--definition", "InferenceEndpoint", stance]) == 0
    assert "[integer-lexical (stance, not blocking)]" in capsys.readouterr().out


def test_no_usable_root_names_the_definitions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _write(tmp_path / "d.json", {})
    assert main(["validate", doc]) == 2
    err = capsys.readouterr().err
    assert "--definition" in err and "ModelTrainingJob" in err


def test_root_type_and_dollar_root_are_used(tmp_path: Path) -> None:
    structure = {
        "$schema": "https://json-structure.org/meta/core/v0/#",
        "$id": "https://example.com/s",
        "$root": "#/definitions/Ns/Job",
        "definitions": {
            "Ns": {
                "Job": {
                    "type": "object",
                    "properties": {"id": {"type": "uuid"}, "size": {"type": "int64"}},
                    "required": ["id"],
                }
            }
        },
    }
    s = _write(tmp_path / "s.json", structure)
    ok = _write(tmp_path / "ok.json", {"id": "123e4567-e89b-12d3-a456-426614174000", "size": "9"})
    bad = _write(tmp_path / "bad.json", {"id": "nope", "size": 9})
    assert main(["validate", "--structure", s, ok]) == 0
    assert main(["validate", "--structure", s, bad]) == 1


def test_a_documents_own_schema_member_names_its_structure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`$schema` at a document's root names its structure (core, "$schema Keyword"): a
    closed object does not count it, but it must be an absolute URI, and it is data anywhere
    else or where the type declares it."""
    closed = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    structure = {
        "$schema": "https://json-structure.org/meta/core/v0/#",
        "$id": "https://example.com/s",
        "name": "Doc",
        **closed,
        "additionalProperties": False,
        "definitions": {
            "Inner": {**closed, "additionalProperties": False},
            "Own": {"type": "object", "properties": {"$schema": {"type": "int32"}}},
        },
    }
    s = _write(tmp_path / "s.json", structure)
    named = {"$schema": "https://example.com/s", "a": "x"}
    assert main(["validate", "--structure", s, _write(tmp_path / "ok.json", named)]) == 0
    not_a_uri = _write(tmp_path / "relative.json", {**named, "$schema": "s.json"})
    assert main(["validate", "--structure", s, not_a_uri]) == 1
    assert "/$schema: [format]" in capsys.readouterr().out
    nested = _write(tmp_path / "nested.json", named)
    assert main(["validate", "--structure", s, "--definition", "Inner", nested]) == 0
    wrapped = {"$schema": "https://example.com/s", "inner": named}
    structure["properties"] = {"inner": {"type": {"$ref": "#/definitions/Inner"}}}
    structure["required"] = ["inner"]
    s = _write(tmp_path / "s2.json", structure)
    assert main(["validate", "--structure", s, _write(tmp_path / "w.json", wrapped)]) == 1
    assert "/inner/$schema: [additional-properties]" in capsys.readouterr().out
    own = _write(tmp_path / "own.json", {"$schema": "https://example.com/s"})
    assert main(["validate", "--structure", s, "--definition", "Own", own]) == 1
    assert "/$schema: [type]" in capsys.readouterr().out


def test_unreadable_document_is_exit_2_and_the_others_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{nope", encoding="utf-8")
    bad = _write(tmp_path / "bad.json", {"instanceCount": 0})
    assert main(["validate", "--definition", "InferenceEndpoint", str(broken), bad]) == 2
    out = capsys.readouterr().out
    assert f"{broken}: /: [unreadable]" in out and f"{bad}: /instanceCount: [minimum]" in out


def _deep(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        node = {"type": "object", "properties": {"a": node}}
    return node


HOSTILE_STRUCTURES: dict[str, Any] = {
    "deep-nesting": {"definitions": {"T": _deep(300)}},
    "extends-cycle": {
        "definitions": {
            "A": {
                "type": "object",
                "abstract": True,
                "$extends": "#/definitions/B",
                "properties": {},
            },
            "B": {
                "type": "object",
                "abstract": True,
                "$extends": "#/definitions/A",
                "properties": {},
            },
            "C": {"type": "object", "$extends": "#/definitions/A", "properties": {}},
        }
    },
    "huge-enum": {
        "definitions": {"T": {"type": "string", "enum": [str(i) for i in range(50_000)]}}
    },
    "required-undeclared": {
        "definitions": {"T": {"type": "object", "properties": {}, "required": ["ghost"]}}
    },
    "pathological-pattern": {
        "definitions": {"T": {"type": "string", "pattern": "(a+)+$"}},
    },
    "bad-keyword-values": {
        "definitions": {
            "T": {
                "type": "object",
                "properties": {
                    "n": {"type": "int32", "minimum": 1.5, "maximum": 1, "multipleOf": 0},
                    "s": {"type": "string", "minLength": -1, "pattern": "(unclosed"},
                    "t": {"type": "tuple", "properties": {"x": {"type": "string"}}},
                    "m": {"type": "map"},
                    "e": {"type": "string", "enum": []},
                },
            }
        }
    },
    "not-a-structure": [1, 2, 3],
}


@pytest.mark.parametrize("name", sorted(HOSTILE_STRUCTURES))
def test_hostile_structures_end_in_one_line_and_seconds(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    structure = _write(tmp_path / "s.json", HOSTILE_STRUCTURES[name])
    document = _write(tmp_path / "d.json", {"a": "a" * 40 + "b"})
    started = time.monotonic()
    lint_code = main(["lint", "--structure", structure])
    validate_code = main(["validate", "--structure", structure, "--definition", "T", document])
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert lint_code in (1, 2) and validate_code in (0, 1, 2)
    assert elapsed < 30, f"{name} took {elapsed:.1f}s"


def test_hostile_documents_end_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code = main(["validate", "--definition", "InferenceEndpoint", str(deep)])
    captured = capsys.readouterr()
    assert code == 2 and "Traceback" not in captured.out + captured.err
    # the bounded reader names the first value too deep
    assert f"{deep}: {'/0' * MAX_DEPTH}: [unreadable]" in captured.out


def test_lint_reports_the_defects_the_drafts_define(tmp_path: Path) -> None:
    from neptune_ml_conformance._edits.lint import lint

    found = {(d.code, d.pointer) for d in lint(HOSTILE_STRUCTURES["bad-keyword-values"])}
    at = "/definitions/T/properties"
    assert {
        ("bound-outside-value-space", f"{at}/n/minimum"),
        ("bounds-inverted", f"{at}/n/minimum"),
        ("multipleof-not-positive", f"{at}/n/multipleOf"),
        ("negative-count", f"{at}/s/minLength"),
        ("invalid-pattern", f"{at}/s/pattern"),
        ("tuple-without-tuple", f"{at}/t"),
        ("map-without-values", f"{at}/m"),
        ("enum-empty", f"{at}/e/enum"),
    } <= found
    undeclared = lint(HOSTILE_STRUCTURES["required-undeclared"])
    assert ("required-undeclared", "/definitions/T/required") in {
        (d.code, d.pointer) for d in undeclared
    }


# --- a document's own `$schema`, as the reference reads it (docs/STANCE.md) --------------------


def _found(schema: dict[str, Any], document: Any) -> list[tuple[str, str]]:
    return [(v.category, v.path) for v in validate_document(root(schema), document)]


NAMED = "https://example.com/test"


def test_a_documents_schema_is_left_be_only_by_the_rules_on_undeclared_members() -> None:
    closed = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert _found({**closed, "additionalProperties": False}, {"$schema": NAMED}) == []
    typed = {**closed, "additionalProperties": {"type": "int32"}}
    assert _found(typed, {"$schema": NAMED, "b": "x"}) == [("type", "/b")]
    # the object as a whole still sees it: required, counts
    needs = {**closed, "required": ["$schema", "a"], "additionalProperties": False}
    assert _found(needs, {"$schema": NAMED, "a": "x"}) == []
    counted = {**closed, "maxProperties": 1}
    assert _found(counted, {"$schema": NAMED, "a": "x"}) == [("entries", "")]
    assert _found(closed, {"$schema": "plain.json"}) == [("format", "/$schema")]


def test_a_schema_member_the_type_declares_or_holds_as_data_is_data() -> None:
    declared = {"type": "object", "properties": {"$schema": {"type": "int32"}}}
    assert _found(declared, {"$schema": NAMED}) == [("type", "/$schema")]
    patterned = {
        "type": "object",
        "properties": {},
        "patternProperties": {"^\\$": {"type": "int32"}},
        "additionalProperties": False,
    }
    assert _found(patterned, {"$schema": NAMED}) == [("type", "/$schema")]
    a_map = {"type": "map", "values": {"type": "int32"}}
    assert _found(a_map, {"$schema": NAMED}) == [("type", "/$schema")]
    assert _found(a_map, {"$schema": 5}) == []
