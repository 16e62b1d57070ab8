"""Conformance suite for validators of the Amazon Neptune ML Job JSON Structure.

The public surface is small on purpose: load a structure, compile it, certify validators,
and the Hypothesis strategies in `neptune_ml_conformance.strategies`.

The names below are imported on first use: pytest imports this package for its plugin in
every run of every project where it is installed, and `--help` imports it too; neither
should pay for the model, the adapters or Hypothesis.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from ._io.errors import InputError
    from ._model.compile import compile_definition
    from ._model.structure import Structure, load
    from .adapters import DefaultingValidator, Validator

#: public name -> the module that defines it
_LAZY = {
    "DefaultingValidator": ".adapters",
    "InputError": "._io.errors",
    "Structure": "._model.structure",
    "Validator": ".adapters",
    "compile_definition": "._model.compile",
    "load": "._model.structure",
}

__all__ = [
    "DefaultingValidator",
    "InputError",
    "Structure",
    "Validator",
    "__version__",
    "compile_definition",
    "load",
]


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
