"""What the benchmarks share: how a command's cost is read (CPU of its whole process tree,
its largest process's peak memory) and the line that says on what machine it was read."""

from __future__ import annotations

import os
import platform
import subprocess
import tempfile
from collections.abc import Collection, Sequence

#: As an installed suite runs: compiled modules cached (an environment that turns the cache
#: off would have every run compile the suite, and pytest rewrite its asserts, anew).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_tree(
    argv: Sequence[str], cwd: str | None = None, ok: Collection[int] = (0, 1)
) -> tuple[float, float, str]:
    """CPU seconds (user + system) of a command's whole process tree (every child it waited
    for counts: a second core doing the work does not hide it), its largest process's peak
    MiB, and its stdout. Output goes to files, so a chatty command never blocks on a pipe.
    An exit status not in `ok` is an error, with the end of what the command said."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, said = out.read(), err.read()
    if process.returncode not in ok:
        raise RuntimeError(f"{list(argv[:5])} exited {process.returncode}: {said[-500:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def machine() -> str:
    """The interpreter, the CPUs and the load the figures below it were read under."""
    return (
        f"{platform.python_implementation()} {platform.python_version()} on "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
