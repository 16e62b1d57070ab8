"""Conformance suite for validators of the Amazon Neptune ML Job JSON Structure.

The public surface is small on purpose: load a structure, compile it, certify validators,
and the Hypothesis strategies in `neptune_ml_conformance.strategies`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from ._io.errors import InputError
from ._model.compile import compile_definition
from ._model.structure import Structure, load
from .adapters import DefaultingValidator, Validator

__all__ = [
    "DefaultingValidator",
    "InputError",
    "Structure",
    "Validator",
    "__version__",
    "compile_definition",
    "load",
]
