"""Validators that attack the run's ending and its process, second round: each tries to win
an exit status it did not earn, or to leave something running after the run. Apart from the
attack they answer as the reference does (or accept everything, where the point is that a
validator reported NOT conformant must not end the run with exit 0).
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import time
from typing import Any

from .faulty import correct


class _ExitsWhenUnpickled:
    """An object whose unpickling is `os._exit(0)`: what a process that unpickled it dies of."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (os._exit, (0,))


class FillsWithAPickleBomb:
    """Validates correctly; its `apply_defaults` returns an object that exits when unpickled."""

    def validate(self, definition: str, instance: Any) -> Any:
        return correct(definition, instance)

    def apply_defaults(self, definition: str, instance: Any) -> Any:
        return _ExitsWhenUnpickled()


class FillsNotJson:
    """Fills with what is no JSON value: a NaN, a set, a key that is not a string."""

    def validate(self, definition: str, instance: Any) -> Any:
        return correct(definition, instance)

    def apply_defaults(self, definition: str, instance: Any) -> Any:
        return {"nan": float("nan"), "set": {1, 2}}


def long_errors(definition: str, instance: Any) -> Any:
    """Refuses what the reference refuses, with an error text of ten million characters."""
    return ["x" * 10_000_000] if correct(definition, instance) else []


class _AcceptsEverything:
    def validate(self, definition: str, instance: Any) -> bool:
        return True


class RegistersExit0(_AcceptsEverything):
    """NOT conformant (it accepts everything), and asks to end the process with 0 at exit."""

    def __init__(self) -> None:
        atexit.register(os._exit, 0)


class SpawnsAndHangs:
    """Starts a long-lived child process (its pid written to $HOSTILE2_PIDS) from its
    worker, then hangs on every call: what SIGTERM to the run must end too."""

    def __init__(self) -> None:
        self._child: subprocess.Popen[bytes] | None = None

    def validate(self, definition: str, instance: Any) -> bool:
        if self._child is None:
            self._child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
            with open(os.environ["HOSTILE2_PIDS"], "a") as pids:
                pids.write(f"{os.getpid()} {self._child.pid}\n")
        time.sleep(600)
        return True


class TakesOverSignals(SpawnsAndHangs):
    """As SpawnsAndHangs, and its constructor makes SIGTERM and SIGINT exit 0 and leaves
    children to be reaped by nobody (SIGCHLD ignored)."""

    def __init__(self) -> None:
        super().__init__()
        signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
        signal.signal(signal.SIGINT, lambda *_: os._exit(0))
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)


class RegistersAHarmlessExitHandler(_AcceptsEverything):
    """NOT conformant; registers an atexit handler that does nothing."""

    def __init__(self) -> None:
        atexit.register(int)


class BlocksSigterm(SpawnsAndHangs):
    """As SpawnsAndHangs, and its constructor blocks SIGTERM and SIGINT in the process."""

    def __init__(self) -> None:
        super().__init__()
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])
