"""A time limit for each call into an in-process validator.

An IHOP harness that hangs is killed; a Python validator that hangs cannot be, since it runs
in the suite's own process. A SIGALRM timer interrupts it instead: the handler raises
`Overtime` inside the call, which the adapter reports as `errored`. One timer serves a whole
batch (re-armed only when it fires), so the cost per call is two clock reads.

Where a timer cannot help, the limit is off: on platforms without `setitimer` (Windows),
outside the main thread (signals are delivered there only), and inside C code that does not
return to the interpreter (the handler runs when it does). The timer that was armed before
(pytest-timeout's, for example) is restored afterwards with the time it had left.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType, TracebackType


class Overtime(BaseException):
    """Raised in a call that ran past its limit; not an Exception, so that a validator's
    own `except Exception` cannot swallow it."""


class Deadline:
    """`with Deadline(seconds) as d:` then `d.start_call()` / `d.end_call()` around calls."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._active = False
        self._call_started: float | None = None
        self._entered = 0.0
        self._previous_handler: object = None
        self._previous_timer = (0.0, 0.0)

    def __enter__(self) -> Deadline:
        self._active = (
            self.seconds is not None
            and self.seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        if self._active:
            assert self.seconds is not None
            self._entered = time.monotonic()
            self._previous_handler = signal.signal(signal.SIGALRM, self._fire)
            self._previous_timer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self._active:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous_handler)  # type: ignore[arg-type]
        delay, interval = self._previous_timer
        if delay > 0:
            left = delay - (time.monotonic() - self._entered)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), interval)

    def start_call(self) -> None:
        if self._active:
            self._call_started = time.monotonic()

    def end_call(self) -> None:
        self._call_started = None

    def _fire(self, signum: int, frame: FrameType | None) -> None:
        assert self.seconds is not None
        started = self._call_started
        elapsed = 0.0 if started is None else time.monotonic() - started
        if started is not None and elapsed >= self.seconds * 0.999:
            self._call_started = None
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            raise Overtime
        signal.setitimer(signal.ITIMER_REAL, self.seconds - elapsed)
