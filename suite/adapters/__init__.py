"""Validator specs (README, "Certify your validator") turned into adapters.

Built-in adapters are declared as data: name, module, and the extra that installs what they
need, so that a missing library is reported as unavailable with its install command.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._io.children import kept_process_state
from .._io.errors import SECONDS, InputError, within
from .._model.structure import Structure
from ._base import Adapter, Answer, DefaultingValidator, InProcessAdapter, Validator
from ._worker import CAN_FORK, Worker

__all__ = [
    "BUILTINS",
    "Adapter",
    "Answer",
    "DefaultingValidator",
    "InProcessAdapter",
    "Unavailable",
    "Validator",
    "available_builtins",
    "resolve",
]


class Unavailable(Exception):
    """A built-in adapter whose library is not installed."""


@dataclass(frozen=True)
class Builtin:
    name: str
    module: str  # inside this package
    factory: str
    requires: str  # the import that must succeed
    install: str  # what to run when it does not
    #: Extra check for what an import cannot show (a Node.js harness); returns why not.
    probe: Callable[[], str | None] | None = None

    def load(self) -> Callable[..., Adapter]:
        if importlib.util.find_spec(self.requires) is None:
            raise Unavailable(
                f"{self.name}: {self.requires!r} is not installed; run: {self.install}"
            )
        why = self.probe() if self.probe is not None else None
        if why:
            raise Unavailable(f"{self.name}: {why}")
        module = importlib.import_module(f"{__name__}.{self.module}")
        factory: Callable[..., Adapter] = getattr(module, self.factory)
        return factory


def _ajv_probe() -> str | None:
    from ._ajv import missing

    return missing()


_EXTRA = "pip install 'neptune-ml-conformance[{}]'"

BUILTINS: dict[str, Builtin] = {
    b.name: b
    for b in (
        Builtin("reference", "_reference", "make", "neptune_ml_conformance", "(always installed)"),
        Builtin("jsonschema", "_jsonschema", "make", "jsonschema", _EXTRA.format("test")),
        Builtin(
            "json-structure",
            "_json_structure",
            "make",
            "json_structure",
            _EXTRA.format("json-structure"),
        ),
        Builtin(
            "fastjsonschema",
            "_fastjsonschema",
            "make",
            "fastjsonschema",
            _EXTRA.format("fastjsonschema"),
        ),
        Builtin(
            "jsonschema-rs",
            "_jsonschema_rs",
            "make",
            "jsonschema_rs",
            _EXTRA.format("jsonschema-rs"),
        ),
        Builtin("botocore", "_botocore", "make", "botocore", _EXTRA.format("botocore")),
        Builtin(
            "pydantic-strict", "_pydantic", "make_strict", "pydantic", _EXTRA.format("pydantic")
        ),
        Builtin("pydantic-lax", "_pydantic", "make_lax", "pydantic", _EXTRA.format("pydantic")),
        Builtin("ajv", "_ajv", "make", "jsonschema", "", probe=_ajv_probe),
    )
}


def available_builtins() -> tuple[list[str], dict[str, str]]:
    """Installed built-in names, and for the others why not."""
    found, missing = [], {}
    for name, builtin in BUILTINS.items():
        try:
            builtin.load()
            found.append(name)
        except Unavailable as why:
            missing[name] = str(why)
    return found, missing


def resolve(spec: str, structure: Structure, timeout: float | None = None) -> Adapter:
    """Turn a validator spec into an adapter; a bad spec is an InputError (exit 2).

    `timeout` bounds each answer, in seconds: each batch an IHOP harness answers, each call
    into an in-process validator.
    """
    with kept_process_state():  # its import and constructor run in the suite's process
        return _resolve(spec, structure, timeout)


def _resolve(spec: str, structure: Structure, timeout: float | None) -> Adapter:
    from ._ihop import DEFAULT_TIMEOUT, from_spec

    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    within("timeout", timeout, SECONDS, "seconds")
    if spec.startswith("ihop:"):
        return from_spec(spec, structure, timeout)
    if spec in BUILTINS:
        builtin = BUILTINS[spec]
        try:
            factory = builtin.load()
        except Unavailable as why:
            raise InputError(f"validator {spec!r}", None, str(why)) from None
        if builtin.probe is not None:
            return factory(structure, timeout)
        adapter = factory(structure)
        if isinstance(adapter, InProcessAdapter):
            adapter.timeout = timeout
            adapter.version = library_version(builtin.requires)
        return adapter
    if ":" not in spec:
        known = ", ".join(BUILTINS)
        raise InputError(
            f"validator {spec!r}",
            None,
            f"unknown validator; expected a built-in name ({known}), module.path:attr, "
            "path/to/file.py:attr or ihop:COMMAND",
        )
    _trial_load(spec, timeout)
    module, target = _load(spec)
    try:
        adapter = InProcessAdapter(name=spec, spec=spec, target=target, timeout=timeout)
    except TypeError as error:
        raise InputError(f"validator {spec!r}", None, str(error)) from None
    adapter.version = library_version(getattr(module, "__name__", ""))
    return adapter


def _load(spec: str) -> tuple[Any, Any]:
    """The module a `module:attr` or `file.py:attr` spec names, and the validator in it
    (a class is built with no arguments)."""
    where, _, attr = spec.rpartition(":")
    module = _user_code(spec, f"importing {where}", lambda: _import(spec, where))
    target: Any = module
    for part in attr.split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            raise InputError(
                f"validator {spec!r}", None, f"{where} has no attribute {attr!r}"
            ) from None
    if isinstance(target, type):
        target = _user_code(spec, f"{attr}()", target)
    return module, target


def _trial_load(spec: str, timeout: float) -> None:
    """Load the validator once in a throwaway fork before loading it here.

    Its import and constructor are its own code, run before any worker exists: one that
    ends the process (`os._exit(0)`), crashes in C code or hangs would end or stall the run
    with no report and whatever exit code it chose. In the fork it ends only the fork, and
    the run stops with exit 2 and a line that says so. Whatever it raises is left to the
    load that follows, which reports it. (The validator's import-time code runs twice.)
    """
    if not CAN_FORK:
        return

    def load(_: object) -> Iterator[str]:
        with contextlib.suppress(BaseException):  # the real load reports it, with its words
            _load(spec)
        yield "loaded"

    trial = Worker(load, "validator")
    try:
        _, lost = trial.run(None, 1, timeout)
    finally:
        trial.stop()
    if lost is not None:
        where = spec.rpartition(":")[0]
        raise InputError(
            f"validator {spec!r}", None, f"loading {where} stopped the process: {lost}"
        )


def _user_code(spec: str, doing: str, run: Callable[[], Any]) -> Any:
    """Run a validator's own code in the suite's process (its import, its constructor):
    whatever it raises, `SystemExit` included, is bad input naming the validator, never a
    traceback or an exit code the validator chose. (Its calls run in a worker; see
    `_worker`.)"""
    try:
        return run()
    except InputError:
        raise
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a validator may raise anything
        raise InputError(
            f"validator {spec!r}", None, f"{doing} raised {type(error).__name__}: {error}"
        ) from None


def library_version(module: str) -> str:
    """The "distribution version" of the installed package that holds `module`, or "" (a
    validator in a loose file or in a package that is not installed).

    A report that says a validator failed is only actionable with the version that failed.
    """
    top = module.partition(".")[0]
    names = _distributions().get(top, [])
    for name in names or [top.replace("_", "-")]:
        try:
            return f"{name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return ""


def _import(spec: str, where: str) -> Any:
    """The module a spec names, by file (`path/to/file.py`) or by dotted name."""
    if not where.endswith(".py"):
        # As `python -m` does: modules of the working directory are importable by name.
        if "" not in sys.path and os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())
        try:
            return importlib.import_module(where)
        except ModuleNotFoundError as error:
            if not f"{where}.".startswith(f"{error.name}."):
                raise  # the module exists; something it imports does not
            raise InputError(
                f"validator {spec!r}", None, f"cannot import {where!r}: {error}"
            ) from None
    path = Path(where)
    if not path.is_file():
        raise InputError(f"validator {spec!r}", None, f"no such file: {where}")
    name = f"_conformance_target_{abs(hash(path.resolve()))}"
    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        raise InputError(f"validator {spec!r}", None, f"cannot load {where} as Python")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


@functools.cache
def _distributions() -> Mapping[str, list[str]]:
    """Import name -> distributions; reading every installed package's metadata takes tens
    of milliseconds, and certify resolves every built-in."""
    return importlib.metadata.packages_distributions()
