"""The one JSON reader for everything that comes from outside the suite.

Case files, structure documents, IHOP answers and the cases handed between processes are
all read here, bounded in bytes and in nesting depth. The depth bound is what keeps every
later step safe: the engine copies, compares, validates and prints instances recursively,
and a value nested a few thousand deep would raise RecursionError far from where it was
read. Refusing it here turns that into one clear error naming the source, the JSON Pointer
of the first value too deep, and what was expected.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .._io.errors import InputError
from .._io.pointer import pointer_join

#: Largest document read; larger ones are refused before they are parsed.
MAX_BYTES = 8 * 1024 * 1024
#: Deepest nesting of arrays and objects read. Well above anything the structure or its
#: instances need (a structure nesting types 64 deep is about 130 deep as JSON), and well
#: below what Python's recursion limit lets copying, comparing or printing reach.
MAX_DEPTH = 200


class ReadError(InputError, ValueError):
    """Input that is not JSON this suite reads. An InputError (exit 2) where a file was
    named; a ValueError too, which is what the IHOP adapter takes for an unreadable answer."""


def read_file(path: Path, what: str, max_bytes: int | None = MAX_BYTES) -> tuple[bytes, Any]:
    """The bytes of a JSON file and their value; `what` names the file's role in errors."""
    source = str(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise ReadError(source, None, f"{what} is {size} bytes; at most {max_bytes} are read")
        raw = path.read_bytes()
    except OSError as error:
        raise ReadError(source, None, f"cannot read the {what}: {error.strerror}") from None
    return raw, parse(raw, source, what, max_bytes)


def parse(
    raw: bytes | str, source: str, what: str = "document", max_bytes: int | None = MAX_BYTES
) -> Any:
    """The value of a JSON text (UTF-8 when bytes), or a ReadError saying where and why."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise ReadError(source, None, f"{what} is {len(raw)} bytes; at most {max_bytes} are read")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")  # RFC 8259 lets a reader ignore a BOM
        except UnicodeDecodeError as error:
            raise ReadError(
                source, None, f"{what} is not UTF-8: byte {error.start} is {raw[error.start]:#04x}"
            ) from None
    else:
        text = raw
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReadError(
            source,
            None,
            f"{what} is not JSON: {error.msg} at line {error.lineno} column {error.colno}",
        ) from None
    except RecursionError:
        # Python's parser recurses; it gives up only well past MAX_DEPTH, unless the caller
        # is itself deep in the stack, where no pointer can be named
        pointer = _deep_in_text(text)
        if pointer is None:
            raise ReadError(source, None, f"{what} nests too deep to read here") from None
        raise _too_deep(source, what, pointer) from None
    pointer = _deep_in_value(value)
    if pointer is not None:
        raise _too_deep(source, what, pointer)
    return value


def _too_deep(source: str, what: str, pointer: str) -> ReadError:
    return ReadError(
        source,
        pointer,
        f"arrays and objects in the {what} nest deeper than {MAX_DEPTH} levels; "
        f"expected at most {MAX_DEPTH}",
    )


def _deep_in_value(value: Any) -> str | None:
    """The JSON Pointer of the first array or object nested deeper than MAX_DEPTH, if any.

    Iterative, so that a deep value is measured without recursing into it."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, pointer, depth = stack.pop()
        if depth > MAX_DEPTH:
            return pointer
        children = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in reversed(list(children)):  # so the first one is looked at first
            if isinstance(child, dict | list):
                stack.append((child, pointer_join(pointer, key), depth + 1))
    return None


#: A JSON string (a member name when a colon follows) or a structural character.
_TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")(\s*:)?|[\[\]{},]', re.DOTALL)


def _deep_in_text(text: str) -> str | None:
    """The JSON Pointer of the first value nested deeper than MAX_DEPTH, read from the text
    of a document too deep for Python's parser to return at all."""
    path: list[str | int] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            if len(path) >= MAX_DEPTH:
                return pointer_join("", *path)
            path.append(0 if token == "[" else "")
        elif token in "]}":
            if path:
                path.pop()
        elif token == ",":
            if path and isinstance(path[-1], int):
                path[-1] += 1
        elif match.group(2) and path:
            path[-1] = json.loads(match.group(1))
    return None
