"""The profiles of a run, and how many instances each draws per set.

Apart from the rest of the model so that the command line and the pytest plugin can offer
them as choices before anything heavier is imported.
"""

from __future__ import annotations

#: Instances generated per (definition, category) and verdict, by profile.
PROFILE_COUNTS = {"quick": 8, "default": 40, "thorough": 250}

PROFILES = tuple(PROFILE_COUNTS)
