"""The process an in-process validator's calls run in.

A Python validator shares the suite's interpreter, so whatever it does to that interpreter
it does to the run: `os._exit(0)` ends it with exit code 0 and no report (CI reads "all
conformant"), a segfault or `abort()` in C code kills it, and a hang in C code is out of
reach of any signal handler. So each in-process validator answers from a worker: a fork of
the suite's process, made once the validator object exists (the same object, imported and
built once), that takes a request (a batch of calls) and gives back one answer per call. A
worker that dies, or runs past the limit and is killed, has lost the call it was in; a
fresh fork takes the calls after it.

Why it stays cheap (`bench/certify.py`): a fork per validator, not per call (a fork costs
milliseconds, a call microseconds; a worker is forked again only after it dies), and one
round trip per batch, not per call. The suite puts the batch, and the worker each answer,
into a memory region they share; the worker also notes there which call it is in, since
when, and writes to the pipe only when the batch is done. The suite reads the region then,
or when an answer is late (so the limit is exact per call), or when the worker has died:
every answer given before a loss is kept. What outgrows the region goes through the pipe.

Answers cross as JSON text, never as pickles: the worker is the validator's process, and
unpickling what it wrote would run whatever code it chose in the suite's (an object that
unpickles to `os._exit(0)` ends the run with exit 0). Whatever the region or the pipe
holds is read by the suite's bounded JSON reader; what it cannot read is a lost call.
Requests go the other way as pickles: the suite made them, and the worker trusts it.

Without `os.fork` (Windows) there is no worker; `InProcessAdapter` calls the validator in
the suite's own process, without the time limit.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import mmap
import os
import pickle
import select
import signal
import struct
import sys
import tempfile
import time
import warnings
import weakref
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

import msgspec

from .._io import children as _children
from .._io.read import MAX_BYTES, ReadError, deep_pointer, parse, within_depth
from .._io.write import MAX_POLL_MS, write_within

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

CAN_FORK = hasattr(os, "fork") and hasattr(select, "poll")
#: The request pipe's size where it can be set (the most an unprivileged process may ask).
PIPE_SIZE = 1 << 20

_HEADER = struct.Struct("<I")
#: The shared slot: index of the call in progress, when it began, bytes of answers written.
_SLOT = struct.Struct("<QdQ")
#: Room for a request, then for its answers, in the shared region (pages are only used
#: when touched). A request too large for it goes through the pipe.
REGION = 4 << 20
#: In a request's header: "the request is in the shared region", not behind the header.
_IN_REGION = 1 << 31
#: A frame longer than this is not an answer: the worker broke its pipe (it is killed).
#: An answer is a verdict with a cut error text, or a filled instance no larger than the
#: suite reads any document.
MAX_FRAME = MAX_BYTES + (1 << 16)
#: The least time a request is given to reach the worker through the pipe, in seconds.
SEND_SECONDS = 10.0
#: The longest a single poll may wait, in milliseconds (poll takes a C int).
#: The suite's ends of every live worker's pipes, and of every IHOP harness's: a worker
#: forked later closes them, so each worker's request pipe has one writer, the suite, and
#: reads end-of-file when the suite dies, and a harness's stdin is held by the suite alone.
_SUITE_ENDS: set[int] = set()


def hold(*fds: int) -> None:
    """Descriptors only the suite's process may hold: a worker forked later closes them."""
    _SUITE_ENDS.update(fds)


def let_go(*fds: int) -> None:
    """Descriptors `hold` named that are being closed (their numbers will be reused)."""
    _SUITE_ENDS.difference_update(fds)


Serve = Callable[[Any], Iterable[Any]]


class Worker:
    """One forked process answering requests with `serve`: one reply per call, in order.

    `run(request, count, timeout)` returns the replies and, when the worker gave none to a
    call, why: that call is the one after the last reply. A `Worker` whose process is gone
    stays gone.
    """

    def __init__(self, serve: Serve, what: str) -> None:
        self.what = what  # "validator", for messages
        # Output buffered now would be written once by each process that flushes it.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        self._slot = mmap.mmap(-1, _SLOT.size + REGION)  # anonymous: shared with the fork
        requests_in, requests_out = os.pipe()
        answers_in, answers_out = os.pipe()
        gc.freeze()  # the worker's collector leaves the inherited objects (and their pages) be
        try:
            with warnings.catch_warnings():
                # 3.12+ warns that forking a threaded process may deadlock the child: the
                # worker touches no lock of another thread (see `_child`), and a worker
                # that deadlocks anyway is a hang the time limit handles.
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            gc.unfreeze()
            _close_now(requests_in, requests_out, answers_in, answers_out)
            raise
        if pid == 0:
            _child(serve, self._slot, requests_in, answers_out, (requests_out, answers_in))
        with contextlib.suppress(OSError):  # as the child does: whichever runs first
            os.setpgid(pid, pid)
        _children.adopt(pid)
        gc.unfreeze()
        os.close(requests_in)
        os.close(answers_out)
        _widen(requests_out)
        os.set_blocking(requests_out, False)  # every write to it has a limit (`send`)
        self.pid = pid
        self._out, self._in = requests_out, answers_in
        _SUITE_ENDS.update((requests_out, answers_in))
        self._buffer = bytearray()
        self._poll = select.poll()
        self._poll.register(answers_in, select.POLLIN)
        self.alive = True
        self._finalizer = weakref.finalize(self, _stop, pid, requests_out, answers_in)

    def run(self, request: Any, count: int, timeout: float | None) -> tuple[list[Any], str | None]:
        """The replies to `request`'s `count` calls, and why the next one is missing if one
        is (the worker is stopped then, unless the call merely overran and came back)."""
        self.send(request, timeout)
        return self.collect(count, timeout)

    @staticmethod
    def encode(request: Any, timeout: float | None) -> bytes:
        """A request as `send` hands it over: made ahead, while the worker is still busy
        with the one before, it costs the run nothing."""
        return dumps_unshared((timeout, request))

    def send(self, request: Any, timeout: float | None, encoded: bytes | None = None) -> None:
        """Hand the worker a request (`encoded` already, if given) and return at once: the
        worker answers while the suite does other work (judging the previous batch);
        `collect` reads the answers. One request at a time: the region is the worker's
        until `collect` has returned."""
        _SLOT.pack_into(self._slot, 0, 0, time.monotonic(), 0)
        data = self.encode(request, timeout) if encoded is None else encoded
        if len(data) <= REGION:  # the worker reads it before it writes any answer there
            self._slot[_SLOT.size : _SLOT.size + len(data)] = data
            header = _HEADER.pack(_IN_REGION | len(data))
        else:
            header = _HEADER.pack(len(data)) + data
        with contextlib.suppress(OSError):  # dead already: its exit status tells why, below
            # A worker that stops reading (hung in a call of the validator's that started
            # when it read the first bytes) leaves the rest unsent: `collect` then finds the
            # call overdue. The worker is idle when a request is sent, so only that stalls.
            write_within(self._out, header, max(timeout or 0.0, SEND_SECONDS))

    def collect(self, count: int, timeout: float | None) -> tuple[list[Any], str | None]:
        """The replies to the request sent last, as `run` gives them."""
        overflow: list[Any] = []
        while True:
            frame = self._next(timeout)
            if isinstance(frame, _Loss):
                self.stop()  # first: what the region holds is final once the worker is gone
                given = [r for r in self._region() + overflow if r is not _LATE_REPLY]
                if _BROKEN in given:
                    given = given[: given.index(_BROKEN)]
                return given[:count], frame.why
            if frame is _DONE:
                replies = self._region() + overflow
                if replies and replies[-1] is _LATE_REPLY:
                    # The worker timed the call itself (the suite was busy judging): a
                    # verdict given past the limit is no verdict, exactly as if the suite
                    # had been waiting. The worker is well and keeps serving.
                    return replies[:-1], _overran(timeout)
                if len(replies) != count or _BROKEN in replies:
                    # done, yet not one readable answer per call: nothing it says next is
                    # trusted (the calls after the last readable answer go to a fresh one)
                    self.stop()
                    given = replies[: replies.index(_BROKEN)] if _BROKEN in replies else replies
                    return given[:count], f"{self.what} process broke its answer pipe"
                return replies, None
            overflow.append(frame)

    def _region(self) -> list[Any]:
        """The replies the worker put in the shared region for the current request."""
        written = _SLOT.unpack_from(self._slot)[2]
        replies, at, end = [], _SLOT.size, _SLOT.size + min(written, REGION)
        while at + _HEADER.size <= end:
            (size,) = _HEADER.unpack_from(self._slot, at)
            at += _HEADER.size
            if size == _LATE:
                replies.append(_LATE_REPLY)
                break
            if at + size > end:
                break
            try:
                replies.append(decode_reply(self._slot[at : at + size]))
            except ReadError:  # whatever the region held, it is no answer
                replies.append(_BROKEN)
                break
            at += size
        return replies

    def _next(self, timeout: float | None) -> Any:
        """The next frame on the pipe (`_DONE` or an overflowing reply), or a `_Loss` when
        the worker died or overran the current call."""
        while True:
            if len(self._buffer) >= _HEADER.size:
                (size,) = _HEADER.unpack_from(self._buffer)
                if size == _LATE:
                    del self._buffer[: _HEADER.size]
                    return _LATE_REPLY
                if size > MAX_FRAME:
                    return _Loss(f"{self.what} process broke its answer pipe")
                end = _HEADER.size + size
                if len(self._buffer) >= end:
                    data = bytes(self._buffer[_HEADER.size : end])
                    del self._buffer[:end]
                    if not data:
                        return _DONE
                    try:
                        return decode_reply(data)
                    except ReadError:  # whatever the pipe held, it is no answer
                        return _Loss(f"{self.what} process broke its answer pipe")
            if timeout is not None and not self._poll.poll(self._wait_ms(timeout)):
                if self._overdue(timeout):
                    return _Loss(_overran(timeout))
                continue
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                return _Loss(self._death())
            self._buffer += chunk

    def _wait_ms(self, timeout: float) -> int:
        """Until the current call's limit: the worker may have moved on since it began."""
        _, started, _ = _SLOT.unpack_from(self._slot)
        left = started + timeout - time.monotonic()
        return int(min(left * 1000 + 1, MAX_POLL_MS)) if left > 0 else 0  # NaN: 0

    def _overdue(self, timeout: float) -> bool:
        # Read twice: a slot caught mid-write is one the worker is busy updating.
        first = _SLOT.unpack_from(self._slot)
        second = _SLOT.unpack_from(self._slot)
        # (written as "not within": a NaN limit is overrun at once, never switched off)
        return first == second and not time.monotonic() - first[1] < timeout

    def _death(self) -> str:
        """Why the answer pipe closed: the worker's exit status, read within a second."""
        status = _children.reap(self.pid, 1.0)
        if status is None:
            return f"{self.what} process closed its answer pipe"
        self.alive = False
        self._finalizer.detach()
        _children.kill_group(self.pid, leader=False)  # what it started goes with it
        _children.release(self.pid)
        _close(self._out, self._in)
        return f"{self.what} process {describe_status(status)} during the call"

    def stop(self) -> None:
        self.alive = False
        self._finalizer()


_DONE = object()
#: In an answer's header: "the call ran past the limit" (the worker's own timing).
_LATE = 0xFFFFFFFF
_LATE_REPLY = object()
#: Stands in the region's replies for a frame that is no answer (read up to there only).
_BROKEN = object()


def _overran(timeout: float | None) -> str:
    return f"no verdict within {timeout:g} s (in process)"


class _Loss:
    def __init__(self, why: str) -> None:
        self.why = why


def dumps_unshared(request: Any) -> bytes:
    """A request pickled without its memo: an object that two calls share (the same
    instance twice in a batch) arrives as two copies, so a call that mutates its instance
    changes no other call's. (JSON values have no cycles, which the memo would be for.)"""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(request)
    return out.getvalue()


def describe_status(status: int) -> str:
    """A wait status in words: "exited with code 3", "was killed by SIGSEGV"."""
    code = os.waitstatus_to_exitcode(status)
    if code >= 0:
        return f"exited with code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    return f"was killed by {name}"


def _widen(fd: int) -> None:
    """Let a whole batch sit in the request pipe (Linux): written at once, not in 64 KiB
    pieces that each wait for the worker to be scheduled."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, set_size, PIPE_SIZE)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _close(*fds: int) -> None:
    for fd in fds:
        if fd in _SUITE_ENDS:
            _SUITE_ENDS.discard(fd)
            with contextlib.suppress(OSError):
                os.close(fd)


def _close_now(*fds: int) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _stop(pid: int, *fds: int) -> None:
    """Kill a worker's process group and reap the worker, within a bounded wait (also run
    when its `Worker` is collected, or at exit)."""
    _close(*fds)
    _children.kill_group(pid)
    _children.reap(pid)
    _children.release(pid)


def _child(
    serve: Serve, slot: mmap.mmap, requests: int, answers: int, own: tuple[int, ...]
) -> NoReturn:
    """The worker: answer requests until the suite closes the pipe, then exit at once.

    It never returns into the suite's code (no `finally` of the suite's, no atexit handler,
    no flushing of buffers the suite still owns): it ends with `os._exit`.
    """
    code = 0
    try:
        _children.lead_own_group()
        _children.forget_all()  # the suite's other children are not this one's to end
        _close_now(*_SUITE_ENDS, *own)
        _SUITE_ENDS.clear()
        # The suite decides what it ends (the worker leads its own group, which Ctrl-C at
        # a terminal does not reach anyway); SIGTERM ends the worker, not the suite's code.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        # The inherited streams may hold a lock another thread of the suite held at the
        # fork (a progress bar's refresh); the worker writes through fresh ones. The old
        # ones are kept, never flushed: what they hold is the suite's to write.
        _kept.extend((sys.stdout, sys.stderr))
        _capture_output()
        sys.stdout, sys.stderr = _OWN_STREAMS[:] = [_unbuffered(1), _unbuffered(2)]
        while (request := _read_request(requests, slot)) is not None:
            _answer(serve, request, slot, answers)
    except BaseException:  # the worker has nobody to raise to
        code = 70
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _answer(serve: Serve, request: Any, region: mmap.mmap, pipe: int) -> None:
    """Serve one request: each reply into the shared region (the pipe when it is full),
    the slot saying which call is running since when; then one empty frame: done.

    The worker times each call against the request's limit itself: the suite may be busy
    judging the previous batch while a call overruns and then returns. Such a call's reply
    is replaced by the late mark and the request ends there (the suite sends the rest).
    """
    limit, calls = request
    framed: dict[tuple[str, str], bytes] = {}
    at = _SLOT.size
    overflowing = False  # once one reply went to the pipe, the rest follow it there, in order
    index = 0
    clock, mark, room = time.monotonic, _SLOT.pack_into, len(region)  # (looked up once)
    started = clock()
    mark(region, 0, index, started, 0)
    for reply in serve(calls):
        now = clock()
        late = limit is not None and not now - started < limit  # NaN: late at once
        frame = _HEADER.pack(_LATE) if late else _frame(reply, framed)
        end = at + len(frame)
        overflowing = overflowing or end > room
        if overflowing:
            _write_all(pipe, frame)
        else:
            region[at:end] = frame
            at = end
        if late:  # counted as written, so that the suite reads the mark, not a short answer
            mark(region, 0, index, started, at - _SLOT.size)
            break
        index += 1
        started = now
        mark(region, 0, index, started, at - _SLOT.size)
    _write_all(pipe, _HEADER.pack(0))


def encode_reply(reply: Any) -> bytes:
    """A reply as the JSON text that crosses to the suite: plain data only (a TypeError or
    ValueError for anything else: a NaN, an object), a lone surrogate as its escape."""
    if type(reply) is tuple and len(reply) == 2 and type(reply[1]) is str:
        status = reply[0]
        if status in STATUSES:  # a verdict: the common reply, spelled out directly
            return f'["{status}",{_json_string(reply[1])}]'.encode("ascii")
    return json.dumps(reply, allow_nan=False, separators=(",", ":")).encode("ascii")


#: What a verdict's status may be (`_base.Status`).
STATUSES = frozenset(("valid", "invalid", "errored", "skipped"))
_json_string: Callable[[str], str] = json.encoder.encode_basestring_ascii
#: Reads a verdict's reply, the common one, without building anything but two strings.
_verdict = msgspec.json.Decoder(tuple[str, str])


#: The replies nearly every call gives, read without parsing.
_COMMON: dict[bytes, Any] = {
    encode_reply(reply): reply for reply in (("valid", ""), ("invalid", ""), "loaded")
}


def decode_reply(data: bytes) -> Any:
    """A reply from the worker, read as the suite reads any outside JSON (bounded, no
    object but plain data); a ReadError when it is not."""
    common = _COMMON.get(data)
    if common is not None:
        return common
    if len(data) <= MAX_FRAME:
        # msgspec reads only JSON (no NaN, no number past a double) and builds only plain
        # data; what it does not read (a lone surrogate, a huge integer) is read below
        if data[:2] == b'["':
            try:
                return list(_verdict.decode(data))
            except msgspec.DecodeError:
                pass
        try:
            value = msgspec.json.decode(data)
        except (msgspec.DecodeError, RecursionError):
            pass
        else:
            if within_depth(data) or deep_pointer(value) is None:
                return value
    return parse(data, "the validator's process", "answer", MAX_FRAME)


class Encoded(tuple):  # type: ignore[type-arg]
    """A reply and its JSON text, made where the text was needed first (a filled instance's
    size is measured on it), so that framing the reply does not encode it again."""

    def __init__(self, reply: tuple[Any, ...]) -> None:
        self.text = encode_reply(reply)


def _frame(reply: Any, framed: dict[tuple[str, str], bytes]) -> bytes:
    """A reply as a frame. Most replies of a request are the same pair of strings ("valid",
    ""): each is encoded once (a validator's own objects, as fills, are never looked up)."""
    plain = (
        type(reply) is tuple and len(reply) == 2 and type(reply[0]) is str and type(reply[1]) is str
    )
    if plain and reply in framed:
        return framed[reply]
    data = reply.text if type(reply) is Encoded else encode_reply(reply)
    frame = _HEADER.pack(len(data)) + data
    if plain and len(framed) < 64:
        framed[reply] = frame
    return frame


_kept: list[Any] = []
#: In a worker: the unlinked temporary file its fds 1 and 2 write to, or None elsewhere.
_output: Any = None
#: The most bytes of a call's output `take_output` keeps (the rest is counted).
OUTPUT_LIMIT = 2000


def _capture_output() -> None:
    """A validator's own output (print, a C library's printf, a child process that
    inherits the streams) goes to a file, not into the suite's terminal or pipe, where it
    would mix with the suite's own output; `take_output` reads it after each call."""
    global _output
    _output = tempfile.TemporaryFile(buffering=0)  # noqa: SIM115 (the worker's lifetime)
    os.dup2(_output.fileno(), 1)
    os.dup2(_output.fileno(), 2)


def _unbuffered(fd: int) -> io.TextIOWrapper:
    """A text stream on a worker's fd that holds nothing back: what a validator prints is in
    the file when its call returns, so `take_output` reads it without flushing anything."""
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", write_through=True)


#: A worker's own sys.stdout and sys.stderr (`_unbuffered`); streams a validator put in
#: their place are flushed after each of its calls.
_OWN_STREAMS: list[Any] = []


def take_output() -> str:
    """In a worker: what the validator wrote to stdout and stderr since the last call,
    cut at OUTPUT_LIMIT bytes; the file is emptied, so a chatty validator costs disk
    only for its current call. "" outside a worker (no fork: nothing is captured).

    Called after every call, so it costs one system call when nothing was written."""
    if _output is None:
        return ""
    if sys.stdout is not _OWN_STREAMS[0] or sys.stderr is not _OWN_STREAMS[1]:
        _flush_replaced()
    fd = _output.fileno()
    size = os.lseek(fd, 0, os.SEEK_END)
    if not size:
        return ""
    data = os.pread(fd, min(size, OUTPUT_LIMIT), 0)
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)  # fds 1 and 2 share this offset (dup2)
    text = data.decode("utf-8", "replace")
    return text + (f"… ({size - OUTPUT_LIMIT} more bytes)" if size > OUTPUT_LIMIT else "")


def _flush_replaced() -> None:
    """Flush the streams a validator put in place of the worker's own (they may buffer)."""
    for stream, own in zip((sys.stdout, sys.stderr), _OWN_STREAMS, strict=True):
        if stream is not own:
            try:
                stream.flush()
            except Exception:  # whatever a validator put there may fail to flush
                continue


def _read_request(fd: int, region: mmap.mmap) -> Any:
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    if size & _IN_REGION:
        size &= ~_IN_REGION
        return _loads(region[_SLOT.size : _SLOT.size + size])
    data = _read_exactly(fd, size)
    return None if data is None else _loads(data)


def _loads(data: bytes) -> Any:
    """A request, unpickled with the cyclic collector off and then frozen: its instances
    (JSON values: no cycles, freed by reference counting like any other object) are tens
    of thousands of containers that each collection during the calls would otherwise scan
    again. Calls validated alone, as a user's code makes them, do not pay that."""
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        gc.freeze()
        gc.enable()


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts = bytearray()
    while len(parts) < size:
        chunk = os.read(fd, size - len(parts))
        if not chunk:
            return None
        parts += chunk
    return bytes(parts)
