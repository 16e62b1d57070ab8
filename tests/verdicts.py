"""What a failing assertion about a report shows: its failures whole, as JSON text (a list
of dicts handed to `assert` is cut short in pytest's message, which hid what a rare
failure was: the verdict, what the validator said and why)."""

from __future__ import annotations

import json
from typing import Any

#: Seconds each call may take in tests about verdicts: a limit no call nears on a loaded
#: machine. A worker stalled past the default 5 s (a paused or busy VM) errors a correct
#: validator's call, which such a test would read as its subject failing; the limit itself
#: has tests of its own.
CALM = 60.0


def failures(entry: dict[str, Any], count: int = 3) -> str:
    """The first `count` failures of a report's validator entry, whole."""
    return json.dumps(entry["failures"][:count], indent=1, sort_keys=True)
