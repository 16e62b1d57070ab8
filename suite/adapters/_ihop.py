"""IHOP v1: certify a validator in any language through Bowtie's harness protocol.

One JSON object per line on the harness' stdin and stdout. Every message sent and received
is validated against `data/schemas/ihop.schema.json`. Cases are sent in batches (one `run`
per definition and batch, its instances as the case's tests), and the next batches are
sent while the engine judges the answers to the last, which keeps the protocol's cost per
instance small (`bench/ihop.py`). A harness that dies, hangs past the timeout, writes
garbage, or answers the wrong `seq` or number of results makes the batch it was answering
`errored`; it is then restarted, and nothing it said is ever counted as a pass.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shlex
import subprocess
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from .._io import children as _children
from .._io.errors import InputError
from .._io.wire import decode_line, decode_verdicts, encode_line
from .._model.compile import DIALECT as JSON_SCHEMA_2020_12
from .._model.compile import compile_all
from .._model.schemas import first_error
from .._model.structure import Structure
from ._base import Answer, Batch
from ._json_structure import document_for
from ._worker import hold, let_go

JSON_STRUCTURE_DIALECTS = (
    "https://json-structure.org/meta/extended/v0/#",
    "https://json-structure.org/meta/core/v0/#",
)
DEFAULT_TIMEOUT = 5.0
BATCH = 512
#: Batches sent ahead of the one being judged: enough to keep the harness busy meanwhile.
LOOKAHEAD = 2
PIPE_SIZE = 1 << 20
#: Batches failing in a row after which the harness is given up on for the rest of the run.
MAX_FAILURES_IN_A_ROW = 3
#: The longest answer line read: a batch's verdicts, even each with a traceback, are far
#: shorter; a harness that writes on without a newline would otherwise fill the memory.
MAX_LINE = 16 << 20
#: Answer lines read ahead of the engine: a harness answers one line per request, and a
#: harness that floods lines waits on the pipe rather than fill the memory.
MAX_LINES_AHEAD = 64
#: What is kept of a harness' stderr for error messages: the end of it, however much it writes.
STDERR_KEPT = 4096
#: The longest the suite waits for a harness to exit once it closed its stdout, or was
#: asked to stop, before it kills it, in seconds.
EXIT_SECONDS = 1.0
#: How a harness is started in a process group of its own (Python 3.11 names it directly).


class HarnessError(Exception):
    """The harness broke the protocol; the message says how."""


def check_message(kind: str, message: Any) -> None:
    """Raise HarnessError when a message does not have the shape IHOP gives `kind`.

    A run carries a whole batch, and its tests accept any instance, so it is checked with
    one test and its instance left out. (An answer of nothing but verdicts never gets here:
    `decode_verdicts` reads it into exactly the shape the schema allows.)
    """
    if kind == "run" and isinstance(message.get("case"), dict):
        tests = message["case"].get("tests")
        if isinstance(tests, list) and all(isinstance(t, dict) for t in tests):
            case = {**message["case"], "tests": [{**t, "instance": None} for t in tests[:1]]}
            message = {**message, "case": case}
    error = first_error("ihop.schema.json", message, kind)
    if error is not None:
        where, text = error
        raise HarnessError(f"malformed {kind}: at {where.lstrip('/') or 'the message'}: {text}")


def _widen(pipe: IO[bytes] | None) -> None:
    """Let a whole batch sit in the pipe (Linux): fewer wake-ups for suite and harness."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if pipe is None or set_size is None:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.fileno(), set_size, PIPE_SIZE)


class _Overlong(bytes):
    """What the reader hands on instead of a line longer than MAX_LINE (it stops there)."""


class Harness:
    """One running harness process, with reader threads so that every read can time out
    and nothing it writes, however much, grows the suite's memory or disk."""

    def __init__(self, argv: list[str], timeout: float) -> None:
        self.timeout = timeout
        try:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                bufsize=-1,  # buffered: readline on a raw pipe reads a byte per call
                # a group of its own, which the suite ends with whatever the harness started
                **_children.OWN_GROUP,
            )
        except OSError as error:
            raise HarnessError(f"cannot start {argv[0]!r}: {error.strerror}") from None
        _children.adopt(self.process.pid)
        self._fds = [p.fileno() for p in (self.process.stdin, self.process.stdout) if p]
        self._fds += [self.process.stderr.fileno()] if self.process.stderr else []
        hold(*self._fds)  # a validator's worker forked later must not keep its stdin open
        _widen(self.process.stdin)
        self._lines: queue.Queue[bytes | None] = queue.Queue(MAX_LINES_AHEAD)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._stderr = bytearray()
        self._stderr_lock = threading.Lock()
        self._drainer = threading.Thread(target=self._drain_stderr, daemon=True)
        self._drainer.start()
        # Writes go through a thread too: a harness that stops reading (a hang) must not
        # block the suite on a full pipe; the read timeout then reports it.
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._write_error = ""
        threading.Thread(target=self._write, daemon=True).start()

    def _write(self) -> None:
        assert self.process.stdin is not None
        while (data := self._outbox.get()) is not None:
            try:
                self.process.stdin.write(data)
                self.process.stdin.flush()
            except OSError as error:
                self._write_error = str(error)
                return

    def _read(self) -> None:
        assert self.process.stdout is not None
        while line := self.process.stdout.readline(MAX_LINE + 1):
            if len(line) > MAX_LINE:
                self._lines.put(_Overlong())  # the rest is never read: it is restarted
                return
            self._lines.put(line)
        self._lines.put(None)

    def _drain_stderr(self) -> None:
        """Read stderr as it comes (a full pipe would stall the harness) and keep its end."""
        assert self.process.stderr is not None
        while chunk := os.read(self.process.stderr.fileno(), 1 << 16):
            with self._stderr_lock:
                self._stderr += chunk
                del self._stderr[:-STDERR_KEPT]

    def stderr_tail(self) -> str:
        if self.process.poll() is not None:
            self._drainer.join(timeout=1)  # what it wrote before it exited
        with self._stderr_lock:
            text = bytes(self._stderr[-400:]).decode("utf-8", "replace").strip()
        return f"; stderr: {text}" if text else ""

    def request(self, kind: str, message: dict[str, Any], answer_kind: str | None) -> Any:
        self.send(kind, message)
        return None if answer_kind is None else self.receive(kind, answer_kind)

    def send(self, kind: str, message: dict[str, Any]) -> None:
        check_message(kind, message)
        if self._write_error or self.process.poll() is not None:
            raise HarnessError(f"harness exited before {kind}{self.stderr_tail()}")
        self._outbox.put(encode_line(message))

    def receive(self, kind: str, answer_kind: str) -> Any:
        try:
            line = self._lines.get(timeout=self.timeout)
        except queue.Empty:
            raise HarnessError(f"no answer to {kind} within {self.timeout:g} s") from None
        if line is None:
            try:
                code = self.process.wait(timeout=EXIT_SECONDS)
            except subprocess.TimeoutExpired:
                self._kill()
                raise HarnessError(
                    f"harness closed its stdout during {kind} and did not exit{self.stderr_tail()}"
                ) from None
            raise HarnessError(f"harness exited (code {code}) during {kind}{self.stderr_tail()}")
        if isinstance(line, _Overlong):
            raise HarnessError(f"answer to {kind} is longer than {MAX_LINE >> 20} MiB")
        if answer_kind == "run-response" and (verdicts := decode_verdicts(line)) is not None:
            seq, valid = verdicts
            return {"seq": seq, "verdicts": valid}
        try:
            answer = decode_line(line)
        except ValueError:
            raise HarnessError(f"answer to {kind} is not JSON: {line[:120]!r}") from None
        check_message(answer_kind, answer)
        return answer

    def _kill(self) -> None:
        """Kill the harness's process group (what it started goes too) and reap it, within
        a bounded wait."""
        _children.kill_group(self.process.pid, leader=self.process.poll() is None)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=_children.REAP_SECONDS)
        _children.release(self.process.pid)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.request("stop", {"cmd": "stop"}, None)
                self.process.wait(timeout=EXIT_SECONDS)
            except (HarnessError, subprocess.TimeoutExpired):
                pass
        self._kill()  # the group, even when the harness itself has exited
        let_go(*self._fds)
        self._outbox.put(None)
        for _ in range(100):  # unblock a reader waiting on a full queue (a second at most)
            with contextlib.suppress(queue.Empty):
                self._lines.get_nowait()
            self._reader.join(timeout=0.01)
            if not self._reader.is_alive():
                break


@dataclass(frozen=True)
class _Request:
    """A request in flight, kept until answered so that it can go to a restarted harness."""

    seq: int
    kind: str
    message: dict[str, Any]
    answer_kind: str
    count: int


@dataclass
class _Ticket:
    """Runs sent for one batch of items, collected later: what lets batches overlap."""

    size: int
    runs: list[tuple[int, list[int]]] = field(default_factory=list)


class IhopAdapter:
    """An out-of-process validator; one harness serves the run, restarted when it breaks.

    Requests are sent ahead of their answers (`stream` keeps a few batches in flight), so
    the harness validates while the engine judges. A harness answers in order, so answers
    are read in the order their requests were sent, and one that arrives while a different
    request is awaited is kept for it. When the harness breaks, the request it was
    answering gets the error and the ones behind it go to a restarted harness (`_broken`).
    """

    def __init__(
        self,
        name: str,
        spec: str,
        argv: list[str],
        structure: Structure,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.name = name
        self.spec = spec
        #: The engine hands out-of-process adapters large batches (see `check`).
        self.batch_size = 4 * BATCH
        self.argv = argv
        self.timeout = timeout
        self.structure = structure
        self._seq = 0
        self._harness: Harness | None = None
        self._failures_in_a_row = 0
        self._given_up = ""
        #: Requests sent and not yet answered, in the order sent.
        self._in_flight: deque[_Request] = deque()
        self._answered: dict[int, Any] = {}
        self._failed: dict[int, str] = {}
        self.implementation: dict[str, Any] = {}
        self.dialect = ""
        self.schemas: dict[str, Any] = {}
        try:
            self._start()
        except HarnessError as error:
            raise InputError(
                f"validator {spec!r}", None, f"IHOP handshake failed: {error}"
            ) from None

    @property
    def version(self) -> str:
        """What the harness says it runs, for the report: "ajv 8.17.1 (javascript)"."""
        found = self.implementation
        words = [found.get("name", ""), found.get("version", "")]
        text = " ".join(w for w in words if w)
        return f"{text} ({found['language']})" if "language" in found else text

    # -- lifecycle ---------------------------------------------------------------------------

    def _start(self) -> Harness:
        harness = Harness(self.argv, self.timeout)
        try:
            started = harness.request("start", {"cmd": "start", "version": 1}, "start-response")
            implementation = started["implementation"]
            dialects = implementation["dialects"]
            if JSON_SCHEMA_2020_12 in dialects:
                dialect, schemas = JSON_SCHEMA_2020_12, compile_all(self.structure)
            else:
                dialect = next((d for d in JSON_STRUCTURE_DIALECTS if d in dialects), "")
                if not dialect:
                    raise HarnessError(
                        f"harness lists dialects {dialects}; expected {JSON_SCHEMA_2020_12} "
                        f"or a JSON Structure meta-schema ({', '.join(JSON_STRUCTURE_DIALECTS)})"
                    )
                schemas = {n: document_for(self.structure, n) for n in self.structure.targets}
            answer = harness.request(
                "dialect", {"cmd": "dialect", "dialect": dialect}, "dialect-response"
            )
            if not answer["ok"]:
                raise HarnessError(f"harness refused dialect {dialect}")
        except HarnessError:
            harness.close()
            raise
        self.implementation, self.dialect, self.schemas = implementation, dialect, schemas
        self._harness = harness
        return harness

    def _live(self) -> Harness:
        if self._given_up:
            raise HarnessError(self._given_up)
        if self._harness is not None and self._harness.process.poll() is None:
            return self._harness
        if self._harness is not None:
            self._harness.close()
            self._harness = None
        try:
            return self._start()
        except HarnessError as error:
            self._given_up = f"given up: the harness could not be restarted: {error}"
            raise

    def _broken(self, error: HarnessError) -> None:
        """After a protocol error nothing the harness says next can be trusted: restart.

        The harness answers in order, so the error belongs to the oldest request in flight;
        the ones sent behind it were never looked at and go to the restarted harness. A
        harness that fails every batch is given up on after a few, so a hanging harness
        costs a few timeouts, not one per batch.
        """
        if self._harness is not None:
            self._harness.close()
            self._harness = None
        if not self._given_up:
            self._failures_in_a_row += 1
            if self._failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                self._given_up = (
                    f"given up after {self._failures_in_a_row} failed batches in a row: {error}"
                )
        if not self._in_flight:
            return
        head, *behind = self._in_flight
        self._in_flight.clear()
        self._failed[head.seq] = str(error)
        for request in behind:
            try:
                self._live().send(request.kind, request.message)
            except HarnessError as again:
                self._failed[request.seq] = str(again)
            else:
                self._in_flight.append(request)

    def close(self) -> None:
        if self._harness is not None:
            self._harness.close()
            self._harness = None

    # -- requests and answers ----------------------------------------------------------------

    def _send(self, kind: str, message: dict[str, Any], answer_kind: str, count: int) -> int:
        """Send a request now and return its seq; its answer is read by `_await`."""
        self._seq += 1
        request = _Request(self._seq, kind, message, answer_kind, count)
        message["seq"] = request.seq
        try:
            self._live().send(kind, message)
        except HarnessError as error:
            self._failed[request.seq] = str(error)
            self._broken(error)
        else:
            self._in_flight.append(request)
        return request.seq

    def _await(self, seq: int) -> Any:
        """The answer to request `seq`, reading earlier answers first; raise if it failed."""
        while seq not in self._answered and seq not in self._failed:
            request = self._in_flight[0]
            try:
                assert self._harness is not None  # requests in flight imply a harness
                response = self._harness.receive(request.kind, request.answer_kind)
                if response["seq"] != request.seq:
                    raise HarnessError(f"answered seq {response['seq']!r} to seq {request.seq}")
                results = response.get("verdicts", response.get("results"))
                if results is not None and len(results) != request.count:
                    raise HarnessError(
                        f"sent {request.count} instances, got {len(results)} results"
                    )
            except HarnessError as error:
                self._broken(error)
                continue
            self._in_flight.popleft()
            self._answered[request.seq] = response
            self._failures_in_a_row = 0
        if seq in self._failed:
            raise HarnessError(self._failed.pop(seq))
        return self._answered.pop(seq)

    # -- validation --------------------------------------------------------------------------

    def check(self, items: Sequence[tuple[str, Any]]) -> list[Answer]:
        return self._collect(self._submit(items))

    def stream(self, batches: Iterable[Batch]) -> Iterator[tuple[list[Answer], None]]:
        """Answers batch by batch, with the next batches already sent while one is judged.
        (Fills are asked for case by case, through `defaults`: None here.)"""
        ahead: deque[_Ticket] = deque()
        pending = iter(batches)
        for items, _ in pending:
            ahead.append(self._submit(items))
            if len(ahead) > LOOKAHEAD:
                yield self._collect(ahead.popleft()), None
        while ahead:
            yield self._collect(ahead.popleft()), None

    def _submit(self, items: Sequence[tuple[str, Any]]) -> _Ticket:
        """One `run` per definition and chunk of at most BATCH instances."""
        ticket = _Ticket(len(items))
        by_definition: dict[str, list[int]] = {}
        for index, (definition, _) in enumerate(items):
            by_definition.setdefault(definition, []).append(index)
        for definition, indices in by_definition.items():
            for start in range(0, len(indices), BATCH):
                chunk = indices[start : start + BATCH]
                tests = [{"description": "", "instance": items[i][1]} for i in chunk]
                message = {
                    "cmd": "run",
                    "seq": 0,
                    "case": {
                        "description": f"{definition} ({len(chunk)} instances)",
                        "schema": self.schemas[definition],
                        "tests": tests,
                    },
                }
                ticket.runs.append((self._send("run", message, "run-response", len(chunk)), chunk))
        return ticket

    def _collect(self, ticket: _Ticket) -> list[Answer]:
        answers: list[Answer] = [NO_ANSWER] * ticket.size
        for seq, chunk in ticket.runs:
            try:
                response = self._await(seq)
            except HarnessError as error:
                broken = Answer("errored", f"IHOP: {error}")
                for i in chunk:
                    answers[i] = broken
                continue
            for i, answer in zip(chunk, _answers(response, len(chunk)), strict=True):
                answers[i] = answer
        return answers

    def defaults(self, definition: str, instance: Any) -> tuple[Any, str | None] | None:
        if not self.implementation.get("x-apply-defaults"):
            return None
        message = {
            "cmd": "x-apply-defaults",
            "seq": 0,
            "schema": self.schemas[definition],
            "instances": [instance],
        }
        try:
            response = self._await(
                self._send("x-apply-defaults", message, "x-apply-defaults-response", 1)
            )
        except HarnessError as error:
            return None, f"IHOP: {error}"
        if "instances" not in response or len(response["instances"]) != 1:
            return None, f"IHOP: x-apply-defaults {_answer(response).detail or 'gave no instance'}"
        return response["instances"][0], None


NO_ANSWER = Answer("errored", "no answer")
VALID = Answer("valid")
INVALID = Answer("invalid")


def _answers(response: dict[str, Any], count: int) -> list[Answer]:
    if "verdicts" in response:  # the common answer, decoded by `decode_verdicts`
        return [VALID if valid else INVALID for valid in response["verdicts"]]
    if "results" in response:
        return [_answer(result) for result in response["results"]]
    return [_answer(response)] * count


def _answer(result: dict[str, Any]) -> Answer:
    if "valid" in result:
        return VALID if result["valid"] else INVALID
    if result.get("skipped"):
        return Answer("skipped", f"harness skipped: {result.get('message', 'no reason given')}")
    context = result.get("context") or {}
    detail = context.get("message") or context.get("traceback") or "no context given"
    return Answer("errored", f"harness errored: {str(detail)[:200]}")


def from_spec(spec: str, structure: Structure, timeout: float = DEFAULT_TIMEOUT) -> IhopAdapter:
    command = spec[len("ihop:") :].strip()
    if not command:
        raise InputError(f"validator {spec!r}", None, "expected ihop:COMMAND LINE")
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise InputError(
            f"validator {spec!r}", None, f"cannot split the command: {error}"
        ) from None
    return IhopAdapter(spec, spec, argv, structure, timeout)
