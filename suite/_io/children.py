"""The processes the suite starts for validators, and how a run ends whatever they did.

Every child (a validator's worker, an IHOP harness) leads a process group of its own, so
that whatever it starts in turn is ended with it: `end_children` kills every group still
alive, and the faces call it on every way out (a normal end, an error, SIGTERM, Ctrl-C).

A validator's import and constructor run in the suite's process. What they change there
that decides how the process ends (a signal handler, the disposition of SIGCHLD, which the
suite needs to read its children's exit status, a signal they blocked) is put back as it
was once the validator is built (`kept_process_state`); the atexit handlers they register
are counted, and the faces deliver the exit status they decided with `deliver`, which ends
the process before any handler of the validator's can change that status.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

#: Leaders of the live children's process groups.
_GROUPS: set[int] = set()
#: Whether a validator's own code registered atexit handlers in the suite's process.
_EXIT_HANDLERS_ADDED = False
#: Signals whose handlers a validator's import or constructor may not keep changed.
_KEPT_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGCHLD", "SIGHUP", "SIGPIPE", "SIGQUIT", "SIGUSR1")
    if hasattr(signal, name)
)
#: `subprocess.Popen` arguments that start a child leading a process group of its own, which
#: the suite ends with whatever the child started (`adopt`, `end_children`).
OWN_GROUP: dict[str, Any] = (
    {"process_group": 0} if sys.version_info >= (3, 11) else {"start_new_session": True}
)

#: The longest the suite waits for a killed child to be reaped, in seconds.
REAP_SECONDS = 2.0


def adopt(pid: int) -> None:
    """Count `pid`, the leader of a new process group, among the children to end."""
    _GROUPS.add(pid)


def release(pid: int) -> None:
    """`pid` was ended and reaped by its owner."""
    _GROUPS.discard(pid)


def forget_all() -> None:
    """In a freshly forked child: the suite's children are its parent's, not its own."""
    _GROUPS.clear()


def lead_own_group() -> None:
    """In a freshly forked child: lead a process group of its own (see the module)."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)


def kill_group(pid: int, leader: bool = True) -> None:
    """SIGKILL the group `pid` leads, and `pid` itself, should it have left the group,
    while it is not reaped (`leader`)."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    if leader:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def reap(pid: int, seconds: float = REAP_SECONDS) -> int | None:
    """The wait status of child `pid`, waiting at most `seconds`; None if it is not back
    by then (or is not the suite's child any more)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return status
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.002)


def end_children() -> None:
    """Kill every child's process group still alive (reaped where it is quick)."""
    for pid in list(_GROUPS):
        kill_group(pid, leader=False)  # the leader may be reaped: only the group
    for pid in list(_GROUPS):
        reap(pid, 0.2)
        _GROUPS.discard(pid)


atexit.register(end_children)


@contextlib.contextmanager
def kept_process_state() -> Iterator[None]:
    """Run a validator's own code (its import, its constructor) in the suite's process and
    put back the signal handlers it changed; count the atexit handlers it registered."""
    global _EXIT_HANDLERS_ADDED
    handlers = {number: signal.getsignal(number) for number in _KEPT_SIGNALS}
    mask = _signal_mask()
    before = _exit_handler_count()
    try:
        yield
    finally:
        if mask is not None:  # a signal it blocked (SIGTERM) would never reach the suite
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for number, handler in handlers.items():
            if handler is not None:  # None: set outside Python, cannot be put back
                with contextlib.suppress(OSError, ValueError, TypeError):
                    signal.signal(number, handler)
        if _exit_handler_count() != before:
            _EXIT_HANDLERS_ADDED = True


def _signal_mask() -> set[int | signal.Signals] | None:
    """The signals this thread blocks, where that can be read (not on Windows)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, [])


def exit_handlers_added() -> bool:
    """Whether a validator's own code registered atexit handlers in this process."""
    return _EXIT_HANDLERS_ADDED


def _exit_handler_count() -> int:
    count: Callable[[], int] | None = getattr(atexit, "_ncallbacks", None)
    return count() if count is not None else -1


def deliver(code: int) -> NoReturn:
    """End the process with `code`, the status the suite decided: children ended, output
    flushed, and no atexit handler run (a validator's could end the process with its own
    status, `os._exit(0)`)."""
    end_children()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


class Terminated(BaseException):
    """SIGTERM arrived: raised where the suite is, so that what it holds is released on
    the way out (like KeyboardInterrupt, not an error of the code it interrupts)."""


def _terminated(number: int, frame: Any) -> None:
    raise Terminated


@contextlib.contextmanager
def ending_on_sigterm() -> Iterator[None]:
    """SIGTERM raises `Terminated` in the main thread while the block runs (the CLI's way:
    what the run holds is closed on the way out); the handler before is put back after."""
    try:
        before = signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread: left as it is
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def ending_children_on_sigterm() -> Callable[[], None]:
    """SIGTERM ends the children, then the process as SIGTERM would have (the plugin's way:
    pytest keeps its own handling of everything else); set only where SIGTERM has the
    default action. Returns what puts the handler before back."""
    try:
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return lambda: None
        signal.signal(signal.SIGTERM, _end_then_die)
    except ValueError:  # not the main thread
        return lambda: None

    def put_back() -> None:
        with contextlib.suppress(ValueError):
            if signal.getsignal(signal.SIGTERM) is _end_then_die:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)

    return put_back


def _end_then_die(number: int, frame: Any) -> None:
    end_children()
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)
