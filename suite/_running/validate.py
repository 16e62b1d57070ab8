"""`validate`: the reference validator on real documents, before they reach the API.

A plain library function (the CLI prints what it returns), so the same check serves a
pre-commit hook, a CI step and a user's own script.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .._io.errors import InputError
from .._io.read import read_file
from .._model.categories import is_blocking
from .._model.reference import validate_document
from .._model.structure import Node, Structure


@dataclass(frozen=True)
class Problem:
    """One violation in one document, or one document that could not be read."""

    file: str
    pointer: str
    category: str
    message: str

    @property
    def blocking(self) -> bool:
        return self.category == "unreadable" or is_blocking(self.category)

    def line(self) -> str:
        kind = "" if self.blocking else " (stance, not blocking)"
        return f"{self.file}: {self.pointer or '/'}: [{self.category}{kind}] {self.message}"


def target(structure: Structure, definition: str | None) -> Node:
    """The type documents are validated against: `--definition`, else the usable root."""
    if definition is not None:
        return structure.definition(definition)
    if structure.root is not None:
        return structure.root
    known = ", ".join(sorted(structure.definitions)) or "none"
    raise InputError(
        structure.source,
        "",
        "the structure has no usable root (`type` or `$root`); choose a definition with "
        f"--definition NAME (one of: {known})",
    )


def validate_files(node: Node, files: Iterable[str]) -> list[Problem]:
    problems: list[Problem] = []
    for name in files:
        try:
            document = read_file(Path(name), "document")[1]
        except InputError as error:
            problems.append(Problem(name, error.pointer or "", "unreadable", error.message))
            continue
        problems.extend(
            Problem(name, v.path, v.category, v.message) for v in validate_document(node, document)
        )
    return problems
