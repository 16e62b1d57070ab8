"""The per-user cache directory: the only place the suite writes unasked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from neptune_ml_conformance._io.cache import user_cache_dir


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG platforms")
def test_xdg_cache_home_and_its_fallbacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEPTUNE_ML_CONFORMANCE_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_dir() == tmp_path / "xdg" / "neptune-ml-conformance"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # invalid by the spec: ignored
    assert user_cache_dir() == tmp_path / "home" / ".cache" / "neptune-ml-conformance"
    monkeypatch.setenv("NEPTUNE_ML_CONFORMANCE_CACHE", str(tmp_path / "mine"))
    assert user_cache_dir() == tmp_path / "mine"
