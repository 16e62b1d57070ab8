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
                    source, "", f"an invalid case needs {key!r} (see the case format in DESIGN.md)"
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
    """Every case under `root/valid` and `root/invalid`, in a stable order."""
    root = root if root is not None else default_cases_dir()
    found: list[Case] = []
    for verdict in VERDICTS:
        folder = root / verdict
        if not folder.is_dir():
            raise InputError(str(folder), None, "expected a folder of case files")
        found.extend(load_case(p, verdict, root) for p in sorted(folder.rglob("*.json")))
    if not found:
        raise InputError(str(root), None, "no case files found")
    return found


def dump_generated(cases: Iterable[Case], stream: IO[str]) -> None:
    """Write cases as JSON, to hand one run's generated cases to other processes."""
    from dataclasses import asdict

    json.dump([asdict(c) for c in cases], stream, ensure_ascii=False)


def load_generated(path: str) -> list[Case]:
    # Written by this suite, so as large as a profile makes it; still read with the depth bound.
    rows = read_file(Path(path), "generated cases", max_bytes=None)[1]
    return [Case(**{**row, "tags": tuple(row["tags"])}) for row in rows]
