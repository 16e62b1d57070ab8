"""Errors a user can fix: they become exit code 2 and a one-line message."""

from __future__ import annotations

from typing import TypeVar


class InputError(Exception):
    """Bad input — an unreadable file, a malformed document, an unknown validator.

    Carries where the problem is (file and JSON Pointer) and what was expected, because a
    conformance tool that says only "invalid input" sends its user hunting.
    """

    def __init__(self, source: str, pointer: str | None, message: str) -> None:
        self.source = source
        self.pointer = pointer
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source
        if self.pointer is not None:
            where += f" at {self.pointer or '/'} (JSON Pointer {self.pointer!r})"
        return f"{where}: {self.message}"


Count = TypeVar("Count", int, float)

#: What `--timeout` may be, in seconds. Below 10 ms a sound validator misses the limit by
#: scheduling alone (restarting a worker takes longer than that); above a day it is no
#: limit at all. Outside, the value is a typo, not a wish: refused, never clamped.
SECONDS = (0.01, 86400.0)
#: What `--jobs` may be: processes drawing generated instances.
PROCESSES = (1, 256)


def within(
    option: str, value: Count | None, bounds: tuple[Count, Count], unit: str
) -> Count | None:
    """The one check of a numeric option: given, it must lie within `bounds`.

    A single chained comparison, so NaN (never within anything) and the infinities are
    refused with the rest, before any of them reaches a timer or a process count.
    """
    if value is None:
        return None
    low, high = bounds
    if not low <= value <= high:
        raise InputError(option, None, f"expected {low:g} to {high:g} {unit}, got {value:g}")
    return value


class RefCycle(InputError):
    """Definitions whose types are defined through each other: no instance can be read
    against them, so certify, validate and diff treat the document as bad input (exit 2); lint
    reports it as a defect (`ref-cycle`) beside the others it can find."""
