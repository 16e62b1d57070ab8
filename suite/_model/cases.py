"""Cases: hand-written ones from files, generated ones from strategies, one shape for both."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import IO, Any

from .._io.errors import InputError
from .._io.neutral import visible
from .._io.pointer import pointer_join
from .._io.read import read_file
from .._model.categories import normalise
from .._model.schemas import load_schema, validator_for

VERDICTS = ("valid", "invalid")


@dataclass(frozen=True)
class Case:
    """One instance and the verdict every conformant validator must give on it."""

    id: str
    description: str
    definition: str
    valid: bool
    instance: Any
    category: str | None = None
    path: str | None = None
    source: str = "hand-written"
    #: Where the case came from: a file for hand-written cases, a seed for generated ones.
    origin: str = ""
    tags: tuple[str, ...] = field(default=())
    #: For a generated case, Hypothesis' choices that drew it (base64), so that shrinking
    #: starts from this very instance; not part of what the case says.
    replay: str = field(default="", compare=False, repr=False)

    @property
    def expected(self) -> str:
        return "valid" if self.valid else "invalid"


def case_schema() -> dict[str, Any]:
    return load_schema("case.schema.json")


def default_cases_dir() -> Path:
    return Path(str(files("neptune_ml_conformance.cases")))


def load_case(path: Path, verdict: str, root: Path) -> Case:
    """Read one case file; any defect is an InputError naming the file and the place."""
    source = str(path)
    data = read_file(path, "case")[1]
    errors = sorted(
        validator_for("case.schema.json").iter_errors(data), key=lambda e: list(e.absolute_path)
    )
    if errors:
        first = errors[0]
        raise InputError(
            source, pointer_join("", *first.absolute_path), f"malformed case: {first.message}"
        )
    if verdict == "invalid":
        for key in ("category", "path"):
            if key not in data:
                raise InputError(
                    source,
                    "",
                    f"an invalid case needs {key!r} (docs/ARCHITECTURE.md, 'Case files')",
                )
    relative = path.relative_to(root).with_suffix("")
    folder = relative.parts[1] if len(relative.parts) > 2 else None
    if folder is not None and folder != data["definition"]:
        raise InputError(
            source,
            "/definition",
            f"case is in folder {folder!r} but names definition {data['definition']!r}",
        )
    return Case(
        # Names for display, in every report format: a name that is not UTF-8 (read with
        # surrogateescape) shows its bytes as \xNN, which every JSON parser reads.
        id=visible(relative.as_posix()),
        description=data["description"],
        definition=data["definition"],
        valid=verdict == "valid",
        instance=data["instance"],
        category=normalise(data.get("category")),
        path=data.get("path"),
        source="hand-written",
        origin=visible(source),
    )


def load_cases(root: Path | None = None) -> list[Case]:
    """Every case under `root/valid` and `root/invalid`, in a stable order. Either folder
    may be missing: a user may have only valid instances to contribute, or only invalid."""
    root = root if root is not None else default_cases_dir()
    if not root.is_dir():
        raise InputError(str(root), None, "expected a folder holding valid/ and/or invalid/")
    found: list[Case] = []
    for verdict in VERDICTS:
        folder = root / verdict
        if folder.exists() and not folder.is_dir():
            raise InputError(str(folder), None, "expected a folder of case files")
        found.extend(load_case(p, verdict, root) for p in sorted(folder.rglob("*.json")))
    return found


#: The file at the top of a case folder naming the structure its cases were written for:
#: `{"structure": "<that structure's $id>"}`. The `$id` survives an edit of the structure,
#: so the cases keep regression-testing its edits, and tells a foreign structure apart.
MANIFEST = "cases.json"


def written_for(root: Path) -> str | None:
    """The `$id` of the structure a case folder was written for; None when it does not say
    (its cases then apply to any structure they are given with)."""
    path = root / MANIFEST
    if not path.is_file():
        return None
    data = read_file(path, "case folder manifest")[1]
    if not isinstance(data, dict) or not isinstance(data.get("structure"), str):
        raise InputError(
            str(path), "/structure", "expected the `$id` of the structure the cases are for"
        )
    return str(data["structure"])


def cases_for(structure_id: Any, root: Path | None = None) -> tuple[list[Case], list[str]]:
    """The hand-written cases that apply to a structure, and notes on what was left out.

    The bundled cases (`root` None) apply to the structure they were written for and its
    edits, recognised by the `$id` their manifest names; with any other structure there are
    none, and nothing to say about it. A folder the user names applies unless its manifest
    names another structure, which is bad input; an empty one certifies from generated
    cases alone, with a note."""
    if root is None:
        if written_for(default_cases_dir()) != structure_id:
            return [], []
        return load_cases(), []
    meant = written_for(root)
    if meant is not None and meant != structure_id:
        raise InputError(
            str(root / MANIFEST),
            "/structure",
            f"these cases were written for the structure {meant!r}; the structure given has "
            f"$id {structure_id!r}",
        )
    found = load_cases(root)
    if not found:
        return [], [f"{root} holds no case files: generated cases alone certify"]
    return found, []


def dump_generated(cases: Iterable[Case], stream: IO[str]) -> None:
    """Write cases as JSON, to hand one run's generated cases to other processes."""
    from dataclasses import asdict

    json.dump([asdict(c) for c in cases], stream, ensure_ascii=False)


def load_generated(path: str) -> list[Case]:
    # Written by this suite, so as large as a profile makes it; still read with the depth bound.
    rows = read_file(Path(path), "generated cases", max_bytes=None)[1]
    return [Case(**{**row, "tags": tuple(row["tags"])}) for row in rows]
