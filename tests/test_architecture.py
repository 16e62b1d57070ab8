"""docs/ARCHITECTURE.md describes the tree as it is: its layer table is the one
tests/test_layers.py enforces, and every module it names exists where it says."""

from __future__ import annotations

import re

from .test_layers import FACES, LEVELS, SUITE

DOC = SUITE.parent / "docs" / "ARCHITECTURE.md"


def _rows() -> list[tuple[int, str, str]]:
    text = DOC.read_text()
    table = text.split("<!-- layers -->\n", 1)[1].split("<!-- end:layers -->", 1)[0]
    rows = []
    for line in table.splitlines()[2:]:
        level, package, what = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((int(level), package.strip("`"), what))
    return rows


def test_the_layer_table_is_the_enforced_one() -> None:
    assert {package: level for level, package, _ in _rows()} == LEVELS
    packages = {p.name for p in SUITE.iterdir() if (p / "__init__.py").exists()}
    assert {package for _, package, _ in _rows()} == packages


def test_every_module_the_table_names_is_in_its_package() -> None:
    for _, package, what in _rows():
        for module in re.findall(r"`(\w+\.py)`", what):
            assert (SUITE / package / module).is_file(), f"{package}/{module}"


def test_the_faces_it_names_are_the_faces() -> None:
    named = set(re.findall(r"`(\w+)\.py` \(", DOC.read_text()))
    on_disk = {p.stem for p in SUITE.glob("*.py")} - {"__init__", "__main__"}
    assert named == on_disk and named <= FACES
