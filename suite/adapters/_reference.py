"""The `reference` built-in: the suite's own stance, as a validator under test."""

from __future__ import annotations

from .._model.reference import ReferenceValidator
from .._model.structure import Structure
from ._base import InProcessAdapter


def make(structure: Structure) -> InProcessAdapter:
    return InProcessAdapter("reference", "reference", ReferenceValidator(structure))
