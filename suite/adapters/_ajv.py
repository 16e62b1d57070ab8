"""The `ajv` built-in: Ajv 8 on Node.js, through IHOP, with `useDefaults` for `defaults`.

The harness (`harnesses/ajv/harness.mjs`) ships with the package; its Node.js dependencies
are installed by `npm ci` from the committed lock file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .._model.structure import Structure
from ._ihop import IhopAdapter

HARNESS = Path(__file__).resolve().parent.parent / "harnesses" / "ajv"


def missing() -> str | None:
    """Why the Ajv harness cannot run here, with the command that fixes it, or None."""
    if shutil.which("node") is None:
        return "Node.js (`node`) is not on PATH; install Node.js 18 or newer"
    if not (HARNESS / "node_modules" / "ajv" / "package.json").is_file():
        return f"Ajv is not installed for the harness; run: npm ci --prefix {HARNESS}"
    return None


def make(structure: Structure, timeout: float) -> IhopAdapter:
    node = shutil.which("node") or "node"
    return IhopAdapter("ajv", "ajv", [node, str(HARNESS / "harness.mjs")], structure, timeout)
