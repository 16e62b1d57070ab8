"""Lexical forms of string-encoded values: the one door the type and keyword tables use.

The forms themselves live in `_formats` (RFC 8259 numbers, RFC 3339, RFC 9562, RFC 3986,
RFC 4648, the validation draft's `format` names) and `_regex` (ECMA-262 patterns with a
time budget); this module gives the registry a small, stable surface, and decides what a
pattern that cannot be run means for a verdict.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .._model import formats as _formats
from .._model import regex as _regex

PatternTimeout = _regex.PatternTimeout


def integer(text: Any) -> int | None:
    """RFC 8259 `[minus] int`: no `+`, no leading zeros, no fraction or exponent."""
    return _formats.parse_integer_string(text) if isinstance(text, str) else None


def unsigned(text: Any) -> int | None:
    """RFC 8259 `int` (uint64, uint128): no minus sign at all (core)."""
    return _formats.parse_integer_string(text, signed=False) if isinstance(text, str) else None


def decimal(text: Any) -> Decimal | None:
    """RFC 8259 `[minus] int [frac]` (core, "decimal"): no exponent (docs/STANCE.md on
    integer-form decimals)."""
    return _formats.parse_decimal_string(text) if isinstance(text, str) else None


def check(form: str, text: str) -> bool:
    """Whether `text` has the lexical form of a type (`date`, `uuid`, ...) or a `format`."""
    predicate = _formats.LEXICAL.get(form) or _formats.FORMATS.get(form)
    return predicate is not None and predicate(text)


def known_format(name: str) -> bool:
    return name in _formats.FORMATS


def encoded(encoding: str, text: str) -> bool:
    """`binary` content in its `contentEncoding` (core; RFC 4648); an encoding the core
    does not list constrains nothing (lint reports it)."""
    checker = _formats.ENCODINGS.get(encoding)
    return True if checker is None else checker(text)


def pattern_matches(source: str, text: str) -> bool:
    """`pattern`: the entire value conforms (validation draft, "pattern"). Raises
    `PatternTimeout` when the pattern runs out of its time budget."""
    return _regex.fullmatch(_regex.compile_pattern(source), text)


def search(source: str, text: str) -> bool:
    """`patternProperties`/`patternKeys` names: a search, as the draft's `^[A-Z]` example
    implies (docs/STANCE.md). A pattern that cannot be used, or runs out of its time
    budget, selects nothing: lint reports the first, the stance the second."""
    try:
        return _regex.search(_regex.compile_pattern(source), text)
    except (_regex.PatternError, _regex.PatternTimeout):
        return False


def pattern_error(source: str) -> str | None:
    """Why a pattern cannot be used, or None."""
    try:
        _regex.compile_pattern(source)
    except _regex.PatternError as error:
        return error.reason
    return None


def pattern_differences(source: str) -> list[str]:
    """Constructs whose meaning differs between ECMA-262 and Python `re`, for lint."""
    return _regex.differences(source)
