"""Hypothesis strategies for your own tests of services that accept Neptune ML job documents.

    from hypothesis import given
    from neptune_ml_conformance import strategies

    @given(strategies.valid("InferenceEndpoint"))
    def test_service_accepts(job):
        assert my_service.create_endpoint(job).status_code == 200

    @given(strategies.invalid("InferenceEndpoint", category="minimum"))
    def test_service_rejects(job):
        assert my_service.create_endpoint(job).status_code == 400

Every invalid instance is confirmed invalid by the reference validator for its category.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from ._generation import core as _generate
from ._model.categories import ALL, BLOCKING
from ._model.structure import Structure, load

__all__ = ["Mutant", "invalid", "labelled_invalid", "valid"]

Mutant = _generate.Mutant


@cache
def _structure(path: str | None) -> Structure:
    return load(path)


def _resolve(structure: Structure | str | Path | None) -> Structure:
    if isinstance(structure, Structure):
        return structure
    return _structure(None if structure is None else str(structure))


def valid(
    definition: str, structure: Structure | str | Path | None = None
) -> st.SearchStrategy[Any]:
    """Instances of `definition` that every conformant validator accepts."""
    return _generate.valid(_resolve(structure).definition(definition))


def labelled_invalid(
    definition: str,
    category: str | None = None,
    structure: Structure | str | Path | None = None,
) -> st.SearchStrategy[_generate.Mutant]:
    """Invalid instances with the category they violate and the JSON Pointer of the value."""
    return _generate.mutants(_resolve(structure), definition, category)


def invalid(
    definition: str,
    category: str | None = None,
    structure: Structure | str | Path | None = None,
) -> st.SearchStrategy[Any]:
    """Instances of `definition` that every conformant validator rejects.

    `category` narrows to one rule (any category of the table, `_categories.ALL`, that the
    definition exercises); by default every blocking category is drawn.
    """
    if category is None:
        blocking = [
            c
            for c in BLOCKING
            if c in ALL and _generate.has_mutants(_resolve(structure), definition, c)
        ]
        return st.one_of([labelled_invalid(definition, c, structure) for c in blocking]).map(
            lambda m: m.instance
        )
    return labelled_invalid(definition, category, structure).map(lambda m: m.instance)
