from __future__ import annotations

import pytest
from neptune_ml_conformance import Structure, load


@pytest.fixture(scope="session")
def structure() -> Structure:
    return load()
