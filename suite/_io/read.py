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
import math
import os
import re
import select
import stat
import time
from collections.abc import Callable
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
    raw = read_bytes(path, what, max_bytes)
    return raw, parse(raw, str(path), what, max_bytes)


def read_bytes(path: Path, what: str, max_bytes: int | None = MAX_BYTES) -> bytes:
    """At most `max_bytes` bytes of a file, whatever it is: a regular file, a symlink (to
    what it points at), a device (`/dev/zero` is refused after `max_bytes`), a pipe or a
    FIFO (read for at most STREAM_SECONDS). A size the file reports is never trusted."""
    source = str(path)
    try:
        # Non-blocking: opening a FIFO with no writer, or reading it, never waits forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ReadError(source, None, f"cannot read the {what}: {error.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ReadError(source, None, f"cannot read the {what}: it is a directory")
        chunks = _read_regular(fd, max_bytes) if stat.S_ISREG(mode) else _read_stream(fd, max_bytes)
    except OSError as error:
        raise ReadError(source, None, f"cannot read the {what}: {error.strerror}") from None
    except _Timeout:
        raise ReadError(
            source, None, f"the {what} gave no end of file within {STREAM_SECONDS:g} s"
        ) from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if max_bytes is not None and len(raw) > max_bytes:
        raise ReadError(source, None, f"{what} is over {max_bytes} bytes; at most that is read")
    return raw


class _Timeout(Exception):
    pass


def _read_regular(fd: int, max_bytes: int | None) -> list[bytes]:
    """A regular file's bytes, one past `max_bytes` at most (it may grow while read)."""
    chunks: list[bytes] = []
    total = 0
    while max_bytes is None or total <= max_bytes:
        want = _CHUNK if max_bytes is None else min(_CHUNK, max_bytes + 1 - total)
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks


def _read_stream(fd: int, max_bytes: int | None) -> list[bytes]:
    """A stream's bytes (a pipe, a FIFO, a device), one past `max_bytes` at most, until its
    end of file or STREAM_SECONDS, whichever comes first (`_Timeout` then)."""
    deadline = time.monotonic() + STREAM_SECONDS
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks: list[bytes] = []
    total = 0
    while max_bytes is None or total <= max_bytes:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _Timeout
        if not poller.poll(int(left * 1000) + 1):
            continue
        try:
            want = _CHUNK if max_bytes is None else min(_CHUNK, max_bytes + 1 - total)
            chunk = os.read(fd, want)
        except BlockingIOError:  # a FIFO with no writer yet: wait for one
            time.sleep(0.01)
            continue
        if not chunk:
            if not chunks and stat.S_ISFIFO(os.fstat(fd).st_mode) and _no_writer_yet(fd):
                time.sleep(0.01)  # opened before any writer: wait for one, up to the limit
                continue
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks


def _no_writer_yet(fd: int) -> bool:
    """Whether a FIFO read end saw end of file only because no writer ever opened it.
    (Linux reports POLLHUP once a writer has come and gone; never before.)"""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return not any(events & select.POLLHUP for _, events in poller.poll(0))


def parse(
    raw: bytes | str, source: str, what: str = "document", max_bytes: int | None = MAX_BYTES
) -> Any:
    """The value of a JSON text (UTF-8 when bytes), or a ReadError saying where and why.

    Only JSON is read: `NaN` and `Infinity` (which Python's parser accepts) are refused, and
    so is an object that names a member twice (RFC 8259 leaves its meaning to each reader:
    two readers could see two different documents), each with its JSON Pointer.
    """
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
        value = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite,
            object_pairs_hook=_unique,
        )
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
    except ValueError:  # a hook's refusal, or an integer past Python's digit limit
        raise _not_json(text, source, what) from None
    pointer = None if within_depth(text) else deep_pointer(value)
    if pointer is not None:
        raise _too_deep(source, what, pointer)
    return value


#: Digits an integer literal may have: Python's own limit on converting one (its default;
#: far beyond any number a structure or an instance needs).
MAX_DIGITS = 4300
#: How long a pipe or a FIFO may take to reach its end of file, in seconds.
STREAM_SECONDS = 10.0
_CHUNK = 1 << 16


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def _finite(text: str) -> float:
    """A JSON number with a fraction or exponent, as Python's float: one past a double's
    range (`1e999`) would be read as infinity, and written back as `Infinity`, not JSON."""
    value = float(text)
    if value in (math.inf, -math.inf):
        raise ValueError(text)
    return value


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members = dict(pairs)
    if len(members) != len(pairs):
        raise ValueError("repeated member")
    return members


class _Offender:
    """What the second, locating parse puts where the first one refused something."""

    def __init__(self, why: str, member: str | None = None) -> None:
        self.why = why
        self.member = member


class _Repeated(dict[str, Any]):
    """An object that names `member` twice, as the locating parse reads it."""

    offender: _Offender


def _locating_constant(name: str) -> _Offender:
    return _Offender(f"{name} is not a JSON value; expected a number")


def _locating_float(text: str) -> Any:
    if float(text) in (math.inf, -math.inf):
        return _Offender(f"{text:.40} is beyond the range of a double")
    return 0.0


def _locating_int(digits: str) -> Any:
    count = len(digits.lstrip("-"))
    if count > MAX_DIGITS:
        return _Offender(f"an integer of {count} digits; expected at most {MAX_DIGITS}")
    return 0


def _locating_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            repeated = _Repeated(pairs)
            repeated.offender = _Offender(f"member {key!r} appears twice; expected once", key)
            return repeated
        seen.add(key)
    return dict(pairs)


def _not_json(text: str, source: str, what: str) -> ReadError:
    """Why a text Python's parser refused through a hook is not JSON, and where: it is
    parsed again with hooks that mark each offender, then the first one is looked up."""
    try:
        marked = json.loads(
            text,
            parse_constant=_locating_constant,
            parse_float=_locating_float,
            parse_int=_locating_int,
            object_pairs_hook=_locating_pairs,
        )
    except (ValueError, RecursionError):
        return ReadError(source, None, f"{what} is not JSON")
    found = _first(marked, lambda node: isinstance(node, _Offender | _Repeated))
    if found is None:
        return ReadError(source, None, f"{what} is not JSON")
    pointer, node = found
    offender = node.offender if isinstance(node, _Repeated) else node
    if offender.member is not None:
        pointer = pointer_join(pointer, offender.member)
    return ReadError(source, pointer, f"{what} is not JSON: {offender.why}")


def _too_deep(source: str, what: str, pointer: str) -> ReadError:
    return ReadError(
        source,
        pointer,
        f"arrays and objects in the {what} nest deeper than {MAX_DEPTH} levels; "
        f"expected at most {MAX_DEPTH}",
    )


def within_depth(text: str | bytes) -> bool:
    """Whether JSON text cannot nest deeper than MAX_DEPTH: it opens no more arrays and
    objects than that in all (brackets inside strings count too, which only errs towards
    walking the value). Counting runs in C; walking the value is a Python loop per array
    and object, which a validator's every filled instance would otherwise pay."""
    if isinstance(text, bytes):
        return text.count(b"[") + text.count(b"{") <= MAX_DEPTH
    return text.count("[") + text.count("{") <= MAX_DEPTH


def deep_pointer(value: Any) -> str | None:
    """The JSON Pointer of the first array or object nested deeper than MAX_DEPTH, if any.

    Measured first without building pointers (every answer a validator's process sends is
    measured, nearly always shallow); the pointer is made only for a value too deep."""
    if not _deeper_than(value, MAX_DEPTH):
        return None
    found = _first(value)
    return None if found is None else found[0]


def _deeper_than(value: Any, most: int) -> bool:
    """Whether arrays and objects nest deeper than `most` levels in `value` (iterative)."""
    level: list[Any] = [value] if isinstance(value, dict | list) else []
    for _ in range(most):
        if not level:
            return False
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
    return bool(level)


def _first(value: Any, wanted: Callable[[Any], bool] | None = None) -> tuple[str, Any] | None:
    """The JSON Pointer and value of the first node, in document order, that is `wanted`,
    or that nests deeper than MAX_DEPTH (then None stands for its value).

    Iterative, so that a deep value is measured without recursing into it. (Without
    `wanted`, only arrays and objects are visited: the check every parse makes.)"""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, pointer, depth = stack.pop()
        if wanted is not None and wanted(node):
            return pointer, node
        if not isinstance(node, dict | list):
            continue
        if depth > MAX_DEPTH:
            return pointer, None
        children = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in reversed(list(children)):  # so the first one is looked at first
            if wanted is not None or isinstance(child, dict | list):
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
