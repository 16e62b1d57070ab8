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


def positive(option: str, value: Count | None, unit: str) -> Count | None:
    """An option that counts something (processes, seconds) must be positive when given."""
    if value is not None and value <= 0:
        raise InputError(option, None, f"expected a positive number of {unit}, got {value:g}")
    return value


class RefCycle(InputError):
    """Definitions whose types are defined through each other: no instance can be read
    against them, so every command treats the document as bad input (exit 2), lint too."""


def unescape_token(token: str) -> str:
    """One RFC 6901 reference token as the member name it stands for."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer_tokens(pointer: str) -> list[str]:
    """The member names and indices a JSON Pointer walks through ("" is the whole value)."""
    return [unescape_token(t) for t in pointer.split("/")[1:]]


def pointer_join(pointer: str, *parts: str | int) -> str:
    """Append reference tokens, escaping them as RFC 6901 asks."""
    for part in parts:
        token = str(part).replace("~", "~0").replace("/", "~1")
        pointer = f"{pointer}/{token}"
    return pointer
