"""Where the suite may write what nobody asked it to keep: a per-user cache directory.

A run writes reports where the user points it and nothing else in their working directory
or in `site-packages`. What is worth keeping between runs anyway (Hypothesis' Unicode
tables, the Ajv harness' Node.js packages) goes under the platform's per-user cache
directory. The few lines below follow the platforms' conventions (XDG on Linux and the
BSDs, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows) instead of a dependency,
since the plugin is installed into other projects' environments and every dependency it
brings is imposed on them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

APP = "neptune-ml-conformance"
#: Overrides the whole location (e.g. a CI cache step's path).
CACHE_VARIABLE = "NEPTUNE_ML_CONFORMANCE_CACHE"


def user_cache_dir() -> Path:
    """This suite's per-user cache directory (not created here)."""
    override = os.environ.get(CACHE_VARIABLE)
    if override:
        return Path(override)
    try:
        home = Path.home()
    except RuntimeError:  # no HOME and no password entry: a per-user temporary folder
        return Path(tempfile.gettempdir()) / f"{APP}-{os.getuid() if hasattr(os, 'getuid') else 0}"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        # The XDG spec: a relative path is invalid and must be ignored.
        base = Path(xdg) if os.path.isabs(xdg) else home / ".cache"
    return base / APP


def keep_hypothesis_out_of_cwd() -> None:
    """Point Hypothesis' storage (its example database and caches, `.hypothesis/` in the
    working directory by default) at the per-user cache, unless the user chose a place
    with HYPOTHESIS_STORAGE_DIRECTORY. Set in the environment, so the drawing helper
    processes inherit it. For the command line only: under pytest the same process runs
    the user's own Hypothesis tests, whose database is theirs to place."""
    if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(user_cache_dir() / "hypothesis")
