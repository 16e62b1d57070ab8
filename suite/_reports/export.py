"""Export the corpus for other test runners.

`json-schema-test-suite`, for the JSON Schema ecosystem (Bowtie): one file per definition
and category; each case's schema is the compiled JSON Schema 2020-12 of its definition.
Stance categories are exported too, marked in `comment`: JSON Schema has no counterpart
for them, so a JSON Schema validator may disagree without being wrong.

`json-structure-test-assets`, for the official JSON Structure SDKs: the layout of the
json-structure/sdk repository's `test-assets/`, which every language SDK's own tests read,
so each can run the suite's cases in its own CI without IHOP (`export_test_assets`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._io.errors import InputError
from .._io.neutral import json_text
from .._io.pointer import pointer_join
from .._io.write import write_atomic
from .._model.cases import Case
from .._model.categories import STANCE_RATIONALE, is_blocking
from .._model.compile import compile_definition
from .._model.schemas import first_error, load_schema
from .._model.structure import Structure


def format_schema() -> dict[str, Any]:
    return load_schema("json-schema-test-suite.schema.json")


def export(structure: Structure, cases: Iterable[Case], outdir: Path) -> list[Path]:
    groups: dict[tuple[str, str], list[Case]] = {}
    for case in cases:
        groups.setdefault((case.definition, case.category or "type"), []).append(case)
    written = []
    for (definition, category), members in sorted(groups.items()):
        document: dict[str, Any] = {
            "description": f"{definition}: {category}",
            "schema": compile_definition(structure, definition),
            "tests": [
                {"description": f"{c.id}: {c.description}", "data": c.instance, "valid": c.valid}
                for c in members
            ],
        }
        if not is_blocking(category):
            document["comment"] = (
                f"stance category {category}, not blocking: {STANCE_RATIONALE[category]} "
                "JSON Schema validators may disagree."
            )
        content = [document]
        error = first_error("json-schema-test-suite.schema.json", content)
        if error is not None:  # the format is ours to keep; a mismatch is a bug
            raise AssertionError(f"export does not match its format schema: {error[1]}")
        path = outdir / definition / f"{category}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error_:
            raise InputError(str(path), None, f"cannot write: {error_.strerror}") from None
        write_atomic(path, json_text(content, indent=2) + "\n")
        written.append(path)
    return written


#: The layout of the `test-assets/` folder of the json-structure/sdk repository, which each
#: language SDK's own test runner reads: `schemas/validation/NAME.struct.json` with its
#: instances in `instances/validation/NAME/*.json`. An instance file is the instance's own
#: members plus metadata members: `_description`, and `_expectedValid: true` for an
#: instance that must pass (absent: it must fail). See docs/EXPORT.md.
TEST_ASSETS_SCHEMAS = Path("schemas") / "validation"
TEST_ASSETS_INSTANCES = Path("instances") / "validation"
#: Members of the document kept in each exported schema: the root schema itself is
#: replaced by `$root`, pointing at the definition the cases are about.
_DOCUMENT_MEMBERS = ("$schema", "$id", "name", "description", "$uses", "definitions", "$comment")
_EXTENDED_META = "https://json-structure.org/meta/extended/v0/#"
_VALIDATION = "JSONStructureValidation"


@dataclass(frozen=True)
class AssetsExport:
    written: list[Path]
    tests: int
    #: why a case was left out -> how many
    skipped: dict[str, int]


def representable(instance: Any) -> str | None:
    """Why an instance cannot be written in the layout, or None when it can.

    The SDK runners read the instance from the file's members less the metadata: the
    Python runner drops every member whose name starts with `_`, and takes `value` alone
    when there is one; the TypeScript runner unwraps `value` only for some root types. Only
    an object without such members reads the same in both."""
    if not isinstance(instance, dict):
        return "not an object (the runners read an instance file's members)"
    if "value" in instance or any(k.startswith("_") for k in instance):
        return "has a member `value` or one whose name starts with `_` (runner metadata)"
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "case"


def assets_schema(structure: Structure, definition: str, name: str) -> dict[str, Any]:
    """The structure with the definition as its root (`$root`), the validation extension
    enabled (the suite enforces its keywords whether or not a document enables it:
    docs/STANCE.md, so the verdicts exported hold only with it on)."""
    document = structure.document
    schema: dict[str, Any] = {k: document[k] for k in _DOCUMENT_MEMBERS if k in document}
    uses = [u for u in schema.get("$uses", []) if isinstance(u, str)]
    schema["$uses"] = uses if _VALIDATION in uses else [*uses, _VALIDATION]
    schema["$schema"] = _EXTENDED_META
    # One $id per exported schema: a runner may cache schemas by it.
    base = str(document.get("$id") or "urn:neptune-ml-conformance").rstrip("/")
    schema["$id"] = f"{base}/test-assets/{name}"
    schema.setdefault("name", name)
    if definition in structure.definitions:
        parts = [pointer_join("", part)[1:] for part in definition.split("/")]
        schema["$root"] = "#/definitions/" + "/".join(parts)
    else:  # the document's own root is the target: keep it as it is
        schema = {**document, **schema}
    return schema


def export_test_assets(
    structure: Structure, cases: Iterable[Case], outdir: Path, prefix: str
) -> AssetsExport:
    """Write the cases in the json-structure/sdk `test-assets/` layout under `outdir`:
    one schema per definition, `PREFIX-DEFINITION`, and one instance file per case. Stance
    cases are left out (the layout cannot say a verdict is a stance, and the drafts leave
    those to the validator), as is an instance the runners would read otherwise than it is
    (`representable`); `skipped` counts both."""
    groups: dict[str, list[Case]] = {}
    skipped: dict[str, int] = {}
    for case in cases:
        why = None
        if case.category is not None and not is_blocking(case.category):
            why = f"stance category {case.category}"
        why = why or representable(case.instance)
        if why is not None:
            skipped[why] = skipped.get(why, 0) + 1
            continue
        groups.setdefault(case.definition, []).append(case)
    written: list[Path] = []
    tests = 0
    for definition, members in sorted(groups.items()):
        name = _slug(f"{prefix}-{definition}")
        schema_path = outdir / TEST_ASSETS_SCHEMAS / f"{name}.struct.json"
        files: dict[Path, Any] = {
            schema_path: assets_schema(structure, definition, name),
        }
        folder = outdir / TEST_ASSETS_INSTANCES / name
        for case in members:
            what = f"[{case.category} at {case.path}] " if case.category else ""
            content = {
                "_description": f"{case.id}: {what}{case.description}",
                **({"_expectedValid": True} if case.valid else {}),
                **case.instance,
            }
            stem = _slug(case.id.replace(f"/{definition}/", "/", 1))
            path, n = folder / f"{stem}.json", 1
            while path in files:
                n += 1
                path = folder / f"{stem}-{n}.json"
            files[path] = content
            tests += 1
        for path, content in files.items():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise InputError(str(path), None, f"cannot write: {error.strerror}") from None
            write_atomic(path, json_text(content, indent=2) + "\n")
            written.append(path)
    return AssetsExport(written, tests, skipped)
