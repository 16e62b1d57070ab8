from __future__ import annotations

import os

import pytest
from hypothesis import settings
from neptune_ml_conformance import Structure, load


@pytest.fixture(scope="session")
def structure() -> Structure:
    return load()


# Property-based tests run with fixed seeds (derandomize) and a profile: `quick` on CI,
# `default` otherwise; HYPOTHESIS_PROFILE overrides.
settings.register_profile(
    "quick", max_examples=25, derandomize=True, deadline=None, database=None, print_blob=True
)
settings.register_profile(
    "default", max_examples=100, derandomize=True, deadline=None, database=None, print_blob=True
)
settings.register_profile(
    "thorough", max_examples=1000, derandomize=True, deadline=None, database=None
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("quick" if os.environ.get("CI") else "default")
)
