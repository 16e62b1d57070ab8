"""Lexical forms of string-encoded values: the one door the type and keyword tables use.

The forms themselves live in `_formats` (RFC 3339, RFC 9562, RFC 3986, ...) and `_regex`
(ECMA-262 patterns that cannot hang); this module gives the registry a small, stable surface.
"""

from __future__ import annotations

import base64
import binascii
import re
from decimal import Decimal
from typing import Any

_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def integer(text: Any) -> int | None:
    """RFC 8259 `[minus] int`: no `+`, no leading zeros, no fraction or exponent."""
    if isinstance(text, str) and _INTEGER.fullmatch(text):
        return int(text)
    return None


def decimal(text: Any) -> Decimal | None:
    """RFC 8259 `[minus] int [frac]` (core, "decimal"): no exponent."""
    if isinstance(text, str) and _DECIMAL.fullmatch(text):
        return Decimal(text)
    return None


_FORMS: dict[str, re.Pattern[str]] = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime": re.compile(
        r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})"
    ),
    "time": re.compile(r"\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})"),
    "duration": re.compile(
        r"P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?"
    ),
    "uuid": re.compile(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    ),
    "uri": re.compile(r"[^\s]*"),
    "jsonpointer": re.compile(r"(?:/(?:[^~/]|~[01])*)*"),
}


def check(form: str, text: str) -> bool:
    """Whether `text` has the lexical form of a type or `format` name."""
    pattern = _FORMS.get(form)
    return pattern is not None and pattern.fullmatch(text) is not None


def known_format(name: str) -> bool:
    return name in _FORMS


def encoded(encoding: str, text: str) -> bool:
    """`binary` content in its `contentEncoding` (core; RFC 4648)."""
    try:
        if encoding == "base64":
            base64.b64decode(text, validate=True)
        elif encoding == "base64url":
            base64.urlsafe_b64decode(text)
        elif encoding == "base16":
            base64.b16decode(text)
        elif encoding == "base32":
            base64.b32decode(text)
        elif encoding == "base32hex":
            base64.b32hexdecode(text)
        else:
            return True
    except (binascii.Error, ValueError):
        return False
    return True


def pattern_matches(source: str, text: str) -> bool:
    """`pattern`: the entire value conforms (validation draft, "pattern")."""
    return re.fullmatch(source, text) is not None


def search(source: str, text: str) -> bool:
    """`patternProperties`/`patternKeys` names: a search, as the draft's `^[A-Z]` example
    implies (docs/STANCE.md)."""
    return re.search(source, text) is not None


def pattern_error(source: str) -> str | None:
    try:
        re.compile(source)
    except re.error as error:
        return str(error)
    return None
