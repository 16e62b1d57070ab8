"""Export the corpus as JSON-Schema-Test-Suite files, for the JSON Schema ecosystem (Bowtie).

One file per definition and category; each case's schema is the compiled JSON Schema 2020-12
of its definition. Stance categories are exported too, marked in `comment`: JSON Schema has
no counterpart for them, so a JSON Schema validator may disagree without being wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._io.errors import InputError
from .._io.neutral import json_text
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
