"""Reports and exported files are written whole or not at all, and nothing else is touched.

A path given for a report is the user's: `-` is standard output; a symlink is followed (the
file it points at is written, the link stays); an existing path that is not a regular file
is written through as it is (a device such as `/dev/null` or `/dev/stdout`, a FIFO with a
reader), within WRITE_SECONDS, or refused with one line (a directory, a FIFO nobody
reads) — never replaced by a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import stat
import sys
import tempfile
import time
from pathlib import Path

from .._io.errors import InputError

#: How long writing through a device or a FIFO may take, in seconds.
WRITE_SECONDS = 30.0


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` as UTF-8 where `path` says (see the module): a regular file by way of a
    temporary file beside it, renamed over it.

    A failure part-way (an unencodable character, a full disk, an interrupt) leaves any
    earlier report as it was, never a truncated or empty one that CI would read as a report.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(str(path), None, f"cannot write: {_why(error)}") from None
    if str(path) == "-":
        _to_stdout(data)
        return
    try:
        mode = os.stat(path).st_mode  # through symlinks
    except FileNotFoundError:
        mode = None  # a new file (where a dangling symlink points, if it is one)
    except OSError as error:
        raise InputError(str(path), None, f"cannot write: {_why(error)}") from None
    if mode is None or stat.S_ISREG(mode):
        _replace(Path(os.path.realpath(path)), data, str(path))
    elif stat.S_ISDIR(mode):
        raise InputError(str(path), None, "cannot write: it is a directory")
    else:
        _write_through(path, data)


def _to_stdout(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except (OSError, AttributeError, ValueError) as error:
        raise InputError("-", None, f"cannot write to standard output: {_why(error)}") from None


def _replace(target: Path, data: bytes, named: str) -> None:
    """Write a regular file whole: a temporary file beside it, renamed over it."""
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise InputError(named, None, f"cannot write: {_why(error)}") from None
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file would be
        os.replace(temporary, target)
    except OSError as error:
        raise InputError(named, None, f"cannot write: {_why(error)}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _write_through(path: str | Path, data: bytes) -> None:
    """Write into what is already there (a device, a FIFO), never waiting on it forever."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == errno.ENXIO:  # a FIFO that nobody reads
            raise InputError(str(path), None, "cannot write: nothing reads this FIFO") from None
        raise InputError(str(path), None, f"cannot write: {_why(error)}") from None
    try:
        if not write_within(fd, data, WRITE_SECONDS):
            raise InputError(str(path), None, f"cannot write: not taken within {WRITE_SECONDS:g} s")
    except OSError as error:
        raise InputError(str(path), None, f"cannot write: {_why(error)}") from None
    finally:
        os.close(fd)


#: The longest single wait `poll` is asked for (its argument is a C int of milliseconds).
MAX_POLL_MS = 1 << 30


def write_within(fd: int, data: bytes, seconds: float) -> bool:
    """Write `data` to a non-blocking descriptor within `seconds`: whether it all went (a
    reader that stops reading never holds the writer longer). A NaN limit is no time."""
    deadline = time.monotonic() + seconds
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    view = memoryview(data)
    while view:
        left = deadline - time.monotonic()
        if not left > 0:  # NaN too
            return False
        if not poller.poll(int(min(left * 1000 + 1, MAX_POLL_MS))):
            continue
        try:
            view = view[os.write(fd, view) :]
        except BlockingIOError:
            continue
    return True


def _why(error: Exception) -> str:
    return error.strerror or str(error) if isinstance(error, OSError) else str(error)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
