"""Drawing a run's sets in helper interpreters beside this process (`worker.py` is the
helper's side): each process takes the next set as it finishes the last, and a helper that
fails costs time, not cases. Every helper leads a process group of its own, ended with the
run however the run ends."""

from __future__ import annotations

import contextlib
import pickle
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any

from .._io import children as _children
from .._model.structure import Structure

#: A set to draw: (definition, category, valid).
Set = tuple[str, str, bool]
#: A drawn set: its examples with their origins.
Drawn = list[tuple[Any, str]]


def draw_in_processes(
    structure: Structure,
    sets: list[Set],
    count: int,
    seed_: int,
    jobs: int,
    draw: Callable[[Set], Drawn],
) -> list[Drawn]:
    """This process and `jobs - 1` helper interpreters draw the sets, each taking the next
    one as it finishes the last: this process from the front of the list, the helpers from
    the back. (Fixed shares left one process idle for seconds on a structure whose sets
    differ in cost, and a helper starts half a second late.)

    `draw` draws one set here as each helper draws it there (`core.draw_set` with the run's
    `count` and `seed_`). Helpers are plain subprocesses (`worker.py`), not
    `multiprocessing`: that would
    re-import the user's main script in each child, or fork a process that may run threads.
    A thread per helper only passes sets and their examples through pipes. A helper that
    fails costs time, not cases: the set it had in hand is drawn here.
    """
    drawn: list[list[tuple[Any, str]] | None] = [None] * len(sets)
    queue = _Queue(len(sets))
    helpers = [_Helper(structure, count, seed_) for _ in range(jobs - 1)]
    feeders = [
        threading.Thread(target=helper.serve, args=(sets, queue, drawn), daemon=True)
        for helper in helpers
    ]
    for feeder in feeders:
        feeder.start()
    slowest = 0.0
    while (i := queue.take(front=True)) is not None:
        started = time.monotonic()
        drawn[i] = draw(sets[i])
        slowest = max(slowest, time.monotonic() - started)
    # a helper stuck on a set (a hang, a pattern that never finishes) must not hold the run:
    # past its time it is ended, and what it had in hand is drawn here, with the same result
    waited = max(HELPER_WAIT_SECONDS, 4 * slowest)
    deadline = time.monotonic() + waited
    for feeder, helper in zip(feeders, helpers, strict=True):
        feeder.join(max(0.0, deadline - time.monotonic()))
        if feeder.is_alive():
            helper.end(f"was still drawing {waited:.0f} s after this process had drawn its sets")
            feeder.join()
        if helper.failure:
            warnings.warn(f"{helper.failure}; drawing its sets in this process", stacklevel=2)
    return [one if one is not None else draw(sets[i]) for i, one in enumerate(drawn)]


class _Queue:
    """The indices of the sets not yet taken, taken from either end under a lock."""

    def __init__(self, size: int) -> None:
        self._low, self._high = 0, size
        self._lock = threading.Lock()

    def take(self, front: bool) -> int | None:
        with self._lock:
            if self._low >= self._high:
                return None
            if front:
                self._low += 1
                return self._low - 1
            self._high -= 1
            return self._high


#: How long a helper that was told there is nothing left to draw may take to end.
HELPER_EXIT_SECONDS = 10.0
#: How long helpers may take to finish once this process has drawn every set it took (at
#: least; four times the slowest of those sets if that is longer).
HELPER_WAIT_SECONDS = 30.0


class _Helper:
    """One helper interpreter, started at once: it loads the structure while this process
    starts drawing, then draws the sets `serve` passes it, one at a time."""

    def __init__(self, structure: Structure, count: int, seed_: int) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in serve())
        self._process: subprocess.Popen[bytes] | None = None
        self.failure = ""
        self._ended = ""
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "neptune_ml_conformance._generation.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                **_children.OWN_GROUP,
            )
        except OSError as error:
            self.failure = f"a generation helper could not start: {error}"
            return
        _children.adopt(self._process.pid)  # ended with the run, however it ends
        with contextlib.suppress(OSError):  # it died on start: serve() says so
            self._send((structure.document, structure.source, structure.sha256, count, seed_))

    def end(self, why: str) -> None:
        """End the helper's process group (its feeder then reads no answer, and stops)."""
        self._ended = why
        if self._process is not None and self._process.returncode is None:  # not reaped
            _children.kill_group(self._process.pid)

    def _send(self, message: Any) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(pickle.dumps(message))
        self._process.stdin.flush()

    def serve(
        self, sets: list[Set], queue: _Queue, drawn: list[list[tuple[Any, str]] | None]
    ) -> None:
        """Pass sets until none is left (or the helper fails); each answer is read as one
        pickle, so a broken or cut-off answer is a failed helper, never a crash."""
        if self._process is None:
            self._stderr.close()
            return
        assert self._process.stdout is not None
        broken = ""
        try:
            while (i := queue.take(front=False)) is not None:
                self._send(sets[i])
                drawn[i] = pickle.load(self._process.stdout)
            self._send(None)
        except Exception as error:  # it died, or answered what is no pickle
            broken = f"{type(error).__name__}: {error}"
        with contextlib.suppress(OSError):
            self._process.stdin.close()  # type: ignore[union-attr]
        self._process.stdout.close()
        try:
            code: int | None = self._process.wait(timeout=HELPER_EXIT_SECONDS if not broken else 2)
        except subprocess.TimeoutExpired:  # alive but talking nonsense, or not ending
            _children.kill_group(self._process.pid)
            self._process.wait()
            code = None
        _children.release(self._process.pid)
        self._stderr.seek(0)
        tail = self._stderr.read()[-300:].decode("utf-8", "replace").strip()
        self._stderr.close()
        if self._ended:
            self.failure = f"a generation helper {self._ended}; it was ended"
        elif code is None:
            self.failure = f"a generation helper failed: {broken}"
        elif code != 0 or broken:
            self.failure = f"a generation helper failed (exit {code}): {tail or broken}"
