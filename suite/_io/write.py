"""Reports and exported files are written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .._io.errors import InputError


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` as UTF-8 to a temporary file beside `path`, then rename it over `path`.

    A failure part-way (an unencodable character, a full disk, an interrupt) leaves any
    earlier report as it was, never a truncated or empty one that CI would read as a report.
    """
    target = Path(path)
    try:
        data = text.encode("utf-8")
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except (OSError, UnicodeEncodeError) as error:
        raise InputError(str(path), None, f"cannot write: {_why(error)}") from None
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file would be
        os.replace(temporary, target)
    except OSError as error:
        raise InputError(str(path), None, f"cannot write: {_why(error)}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _why(error: Exception) -> str:
    return error.strerror or str(error) if isinstance(error, OSError) else str(error)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
