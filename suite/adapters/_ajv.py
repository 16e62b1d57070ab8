"""The `ajv` built-in: Ajv 8 on Node.js, through IHOP, with `useDefaults` for `defaults`.

The harness (`harnesses/ajv/harness.mjs`) ships with the package; its Node.js dependencies
are installed by `npm ci` from the committed lock file. Not into `site-packages`, though,
where an installed wheel lives: the harness and its lock file are copied to the per-user
cache directory and the hint names that copy. A development checkout whose harness folder
already has its packages (`tests/install-tools.sh`) runs from there.
"""

from __future__ import annotations

import hashlib
import shlex
import shutil
from pathlib import Path

from .._io.cache import user_cache_dir
from .._model.structure import Structure
from ._ihop import IhopAdapter

HARNESS = Path(__file__).resolve().parent.parent / "harnesses" / "ajv"
FILES = ("harness.mjs", "package.json", "package-lock.json")


def _installed(directory: Path) -> bool:
    return (directory / "node_modules" / "ajv" / "package.json").is_file()


def harness_dir() -> Path:
    """Where the harness runs: the shipped folder when its packages are installed there,
    else its copy in the per-user cache, one folder per content of the shipped files (an
    upgrade of the suite that changes the lock file gets a fresh folder)."""
    if _installed(HARNESS):
        return HARNESS
    digest = hashlib.sha256()
    for name in FILES:
        digest.update((HARNESS / name).read_bytes() if (HARNESS / name).is_file() else b"")
    return user_cache_dir() / "harnesses" / f"ajv-{digest.hexdigest()[:12]}"


def missing() -> str | None:
    """Why the Ajv harness cannot run here, with the command that fixes it, or None."""
    if shutil.which("node") is None:
        return "Node.js (`node`) is not on PATH; install Node.js 18 or newer"
    directory = harness_dir()
    if _installed(directory):
        return None
    # The cache copy, so that the command below has its package.json and lock file.
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            if (HARNESS / name).is_file():
                shutil.copyfile(HARNESS / name, directory / name)
    except OSError as error:  # a read-only home: say so, never fail the whole run
        return (
            f"Ajv is not installed for the harness, and its folder {directory} cannot be "
            f"prepared ({error.strerror}); set NEPTUNE_ML_CONFORMANCE_CACHE to a writable folder"
        )
    return (
        "Ajv is not installed for the harness; run: "
        f"npm ci --prefix {shlex.quote(str(directory))} --no-audit --no-fund"
    )


def make(structure: Structure, timeout: float) -> IhopAdapter:
    node = shutil.which("node") or "node"
    script = harness_dir() / "harness.mjs"
    return IhopAdapter("ajv", "ajv", [node, str(script)], structure, timeout)
