"""IHOP v1: certify a validator in any language through Bowtie's harness protocol.

One JSON object per line on the harness' stdin and stdout. Every message sent and received
is validated against `data/schemas/ihop.schema.json`. Cases are sent in batches (one `run`
per definition and batch, its instances as the case's tests), which keeps the protocol's
cost per instance small. A harness that dies, hangs past the timeout, writes garbage, or
answers the wrong `seq` or number of results makes the batch `errored`; it is then
restarted, and nothing it said is ever counted as a pass.
"""

from __future__ import annotations

import json
import os
import queue
import shlex
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from typing import IO, Any

from .._compile import DIALECT as JSON_SCHEMA_2020_12
from .._compile import compile_all
from .._errors import InputError
from .._schemas import first_error
from .._structure import Structure
from ._base import Answer
from ._json_structure import document_for

JSON_STRUCTURE_DIALECTS = (
    "https://json-structure.org/meta/extended/v0/#",
    "https://json-structure.org/meta/core/v0/#",
)
DEFAULT_TIMEOUT = 5.0
BATCH = 512
#: Batches failing in a row after which the harness is given up on for the rest of the run.
MAX_FAILURES_IN_A_ROW = 3


class HarnessError(Exception):
    """The harness broke the protocol; the message says how."""


def check_message(kind: str, message: Any) -> None:
    """Raise HarnessError when a message does not have the shape IHOP gives `kind`.

    Two shapes are checked without walking them with the schema, because they carry whole
    batches: a run's tests accept any instance, so they are checked with the instances left
    out; results made only of `{"valid": bool}` objects are what the schema accepts anyway.
    Anything else goes through the schema.
    """
    if kind == "run" and isinstance(message.get("case"), dict):
        tests = message["case"].get("tests")
        if isinstance(tests, list) and all(isinstance(t, dict) for t in tests):
            case = {**message["case"], "tests": [{**t, "instance": None} for t in tests[:1]]}
            message = {**message, "case": case}
    elif kind == "run-response" and isinstance(message, dict) and _plain_results(message):
        message = {**message, "results": []}
    error = first_error("ihop.schema.json", message, kind)
    if error is not None:
        where, text = error
        raise HarnessError(f"malformed {kind}: at {where.lstrip('/') or 'the message'}: {text}")


def _plain_results(message: dict[str, Any]) -> bool:
    results = message.get("results")
    return isinstance(results, list) and all(
        type(r) is dict and len(r) == 1 and type(r.get("valid")) is bool for r in results
    )


class Harness:
    """One running harness process, with a reader thread so every read can time out."""

    def __init__(self, argv: list[str], timeout: float) -> None:
        self.timeout = timeout
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        try:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                bufsize=0,
            )
        except OSError as error:
            raise HarnessError(f"cannot start {argv[0]!r}: {error.strerror}") from None
        self._lines: queue.Queue[bytes | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
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
        for line in iter(self.process.stdout.readline, b""):
            self._lines.put(line)
        self._lines.put(None)

    def stderr_tail(self) -> str:
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - 400))
        text = self._stderr.read().decode("utf-8", "replace").strip()
        return f"; stderr: {text}" if text else ""

    def request(self, kind: str, message: dict[str, Any], answer_kind: str | None) -> Any:
        self.send(kind, message)
        return None if answer_kind is None else self.receive(kind, answer_kind)

    def send(self, kind: str, message: dict[str, Any]) -> None:
        check_message(kind, message)
        if self._write_error or self.process.poll() is not None:
            raise HarnessError(f"harness exited before {kind}{self.stderr_tail()}")
        self._outbox.put(json.dumps(message).encode() + b"\n")

    def receive(self, kind: str, answer_kind: str) -> Any:
        try:
            line = self._lines.get(timeout=self.timeout)
        except queue.Empty:
            raise HarnessError(f"no answer to {kind} within {self.timeout:g} s") from None
        if line is None:
            code = self.process.wait()
            raise HarnessError(f"harness exited (code {code}) during {kind}{self.stderr_tail()}")
        try:
            answer = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise HarnessError(f"answer to {kind} is not JSON: {line[:120]!r}") from None
        check_message(answer_kind, answer)
        return answer

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.request("stop", {"cmd": "stop"}, None)
                self.process.wait(timeout=1)
            except (HarnessError, subprocess.TimeoutExpired):
                pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._outbox.put(None)
        self._stderr.close()


class IhopAdapter:
    """An out-of-process validator; one harness serves the run, restarted when it breaks."""

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
        self.implementation: dict[str, Any] = {}
        self.dialect = ""
        self.schemas: dict[str, Any] = {}
        try:
            self._start()
        except HarnessError as error:
            raise InputError(
                f"validator {spec!r}", None, f"IHOP handshake failed: {error}"
            ) from None

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
                schemas = {n: document_for(self.structure, n) for n in self.structure.definitions}
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

        A harness that fails every batch is given up on after a few, so a hanging harness
        costs a few timeouts, not one per batch.
        """
        if self._harness is not None:
            self._harness.close()
            self._harness = None
        self._failures_in_a_row += 1
        if self._failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            self._given_up = (
                f"given up after {self._failures_in_a_row} failed batches in a row: {error}"
            )

    def close(self) -> None:
        if self._harness is not None:
            self._harness.close()
            self._harness = None

    # -- validation --------------------------------------------------------------------------

    def check(self, items: Sequence[tuple[str, Any]]) -> list[Answer]:
        """One `run` per definition and batch, all written before the first answer is read,
        so the harness works on one batch while the next is being encoded."""
        answers: list[Answer] = [Answer("errored", "no answer")] * len(items)
        by_definition: dict[str, list[int]] = {}
        for index, (definition, _) in enumerate(items):
            by_definition.setdefault(definition, []).append(index)
        runs: list[tuple[int, list[int], dict[str, Any]]] = []
        for definition, indices in by_definition.items():
            for start in range(0, len(indices), BATCH):
                chunk = indices[start : start + BATCH]
                self._seq += 1
                tests = [
                    {"description": f"#{n}", "instance": items[i][1]} for n, i in enumerate(chunk)
                ]
                message = {
                    "cmd": "run",
                    "seq": self._seq,
                    "case": {
                        "description": f"{definition} ({len(chunk)} instances)",
                        "schema": self.schemas[definition],
                        "tests": tests,
                    },
                }
                runs.append((self._seq, chunk, message))
        try:
            harness = self._live()
            for _, _, message in runs:
                harness.send("run", message)
            for seq, chunk, _ in runs:
                for i, answer in zip(chunk, self._receive(harness, seq, len(chunk)), strict=True):
                    answers[i] = answer
        except HarnessError as error:
            if not self._given_up:
                self._broken(error)
            broken = Answer("errored", f"IHOP: {error}")
            answers = [broken if a.detail == "no answer" else a for a in answers]
            return answers
        self._failures_in_a_row = 0
        return answers

    def _receive(self, harness: Harness, seq: int, count: int) -> list[Answer]:
        response = harness.receive("run", "run-response")
        if response["seq"] != seq:
            raise HarnessError(f"answered seq {response['seq']!r} to seq {seq}")
        if "results" not in response:
            return [_answer(response)] * count
        results = response["results"]
        if len(results) != count:
            raise HarnessError(f"sent {count} instances, got {len(results)} results")
        return [_answer(r) for r in results]

    def defaults(self, definition: str, instance: Any) -> tuple[Any, str | None] | None:
        if not self.implementation.get("x-apply-defaults"):
            return None
        self._seq += 1
        message = {
            "cmd": "x-apply-defaults",
            "seq": self._seq,
            "schema": self.schemas[definition],
            "instances": [instance],
        }
        try:
            response = self._live().request(
                "x-apply-defaults", message, "x-apply-defaults-response"
            )
            if response["seq"] != self._seq:
                raise HarnessError(f"answered seq {response['seq']!r} to seq {self._seq}")
        except HarnessError as error:
            if not self._given_up:
                self._broken(error)
            return None, f"IHOP: {error}"
        if "instances" not in response or len(response["instances"]) != 1:
            return None, f"IHOP: x-apply-defaults {_answer(response).detail or 'gave no instance'}"
        return response["instances"][0], None


def _answer(result: dict[str, Any]) -> Answer:
    if "valid" in result:
        return Answer("valid" if result["valid"] else "invalid")
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
