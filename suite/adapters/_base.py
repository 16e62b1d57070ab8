"""What the engine needs of a validator under test, and the in-process wrapper."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal, NamedTuple, Protocol, runtime_checkable

from .._io.read import MAX_BYTES
from ._worker import (
    CAN_FORK,
    STATUSES,
    Encoded,
    Worker,
    decode_reply,
    encode_reply,
    take_output,
)

#: The longest error text kept from a validator's answer; the rest is cut, with a note. A
#: report lists thousands of answers, and the text comes from code the suite does not own.
MAX_DETAIL = 1000

Status = Literal["valid", "invalid", "errored", "skipped"]


class Answer(NamedTuple):
    """What a validator said about one instance; `detail` is its message or error.

    A named tuple, not a dataclass: one is made per call, and a frozen dataclass costs
    several times as much to build."""

    status: Status
    detail: str = ""


@runtime_checkable
class Validator(Protocol):
    """A user's validator object: `validate` is the verdict (README, "Certify your
    validator")."""

    def validate(self, definition: str, instance: Any) -> bool | Iterable[object]: ...


@runtime_checkable
class DefaultingValidator(Validator, Protocol):
    """A validator that can also fill defaults (capability for the `defaults` category)."""

    def apply_defaults(self, definition: str, instance: Any) -> Any: ...


ValidateFunction = Callable[[str, Any], "bool | Iterable[object]"]


class Adapter(Protocol):
    """The engine's view of a validator under test, in process or not.

    `check` takes a batch so that out-of-process adapters can send one message per batch;
    in-process adapters answer one call at a time, in the batch's order.
    """

    name: str
    spec: str

    def check(self, items: Sequence[tuple[str, Any]]) -> list[Answer]: ...

    def defaults(self, definition: str, instance: Any) -> tuple[Any, str | None] | None:
        """The instance with defaults filled and an error, or None when not supported."""
        ...

    def close(self) -> None: ...


def answer_from(result: object) -> Answer:
    """Read the calling contract: a bool is the verdict, anything else iterates errors."""
    return Answer(*reply_from(result))


def reply_from(result: object) -> tuple[Status, str]:
    """`answer_from` as the (status, detail) pair the worker sends: the common answers are
    shared constants, so the hot path builds nothing."""
    if result is True:
        return _VALID
    if result is False:
        return _INVALID
    errors: list[Any] | None = None
    if type(result) is list:  # the common iterable: read as it is, not copied
        errors = result
    elif result is not None and not isinstance(result, str | bytes | int | float):
        with contextlib.suppress(TypeError):  # not iterable: errored, below
            errors = list(result)  # type: ignore[call-overload]
    if errors is not None:
        return ("invalid", cut("; ".join(map(str, errors[:3])))) if errors else _VALID
    return (
        "errored",
        f"validator returned {type(result).__name__}; expected a bool or an iterable of errors",
    )


_VALID: tuple[Status, str] = ("valid", "")
_INVALID: tuple[Status, str] = ("invalid", "")


def cut(text: str) -> str:
    """An error text as a report keeps it: at most MAX_DETAIL characters, and a note when
    the rest was cut."""
    if len(text) <= MAX_DETAIL:
        return text
    return f"{text[:MAX_DETAIL]}… (cut: {len(text)} characters in all)"


def _describe_exception(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" ({frame[0].filename}:{frame[0].lineno})" if frame else ""
    try:
        message = str(error)
    except Exception:  # its own __str__ is the validator's code too
        message = "(its message cannot be read)"
    return f"raised {type(error).__name__}: {cut(message)}{where}"


#: Calls in a row that gave no verdict at all (a hang past the limit, an exit, a crash) after
#: which an in-process validator is given up on for the run: a validator that hangs on
#: everything then costs a few time limits, not one per case.
MAX_LOST_IN_A_ROW = 3
#: Calls sent to the worker in one request (see `InProcessAdapter.batch_size`).
BATCH = 512


class InProcessAdapter:
    """Wraps a callable or a validator object; a raise is `errored`, never a pass.

    Every call runs in the validator's worker process (`_worker`): one that exits, crashes
    or runs past `timeout` seconds loses that call (`errored`) and the run goes on with a
    fresh worker. Each call gets its own copy of the instance (it crosses the pipe), so a
    validator that mutates its input harms no other call.
    """

    #: The schema language the validator was handed, where the suite compiled it (the JSON
    #: Schema dialect for the JSON Schema built-ins); "" when it reads the structure itself.
    dialect = ""

    def __init__(self, name: str, spec: str, target: object, timeout: float | None = None) -> None:
        self.name = name
        self.spec = spec
        self.timeout = timeout
        #: "distribution version" of the library under test, for the report; "" if unknown.
        self.version = ""
        #: The engine hands in-process adapters larger batches than its default: each batch
        #: is one round trip to the worker, and on a busy machine the wake-ups, not the
        #: bytes, are what a round trip costs.
        self.batch_size = BATCH
        self._lost_in_a_row = 0
        self._last_loss = ""
        self._worker: Worker | None = None
        #: The request in the worker whose answers are not read yet: (ticket, calls sent).
        self._outstanding: tuple[int, int] | None = None
        #: Answers read early, by ticket: a call made while a request was out (the engine
        #: probing one value while the next batch is in the worker) reads that one first.
        self._early: dict[int, tuple[list[Any], str | None]] = {}
        self._tickets = 0
        if hasattr(target, "validate") and callable(target.validate):
            self._validate: Callable[[str, Any], object] = target.validate
            filler = getattr(target, "apply_defaults", None)
            self._fill: Callable[[str, Any], Any] | None = filler if callable(filler) else None
        elif callable(target):
            self._validate = target
            self._fill = None
        else:
            raise TypeError(f"{spec}: expected a callable or an object with validate()")

    @property
    def can_fill_defaults(self) -> bool:
        return self._fill is not None

    def check(self, items: Sequence[tuple[str, Any]]) -> list[Answer]:
        return _answers(self._each(_calls("check", items)))

    def defaults(self, definition: str, instance: Any) -> tuple[Any, str | None] | None:
        filled = self.defaults_many([(definition, instance)])
        return None if filled is None else filled[0]

    def defaults_many(
        self, items: Sequence[tuple[str, Any]]
    ) -> list[tuple[Any, str | None]] | None:
        """`defaults` for a batch in one round trip to the worker (the engine asks for a
        batch's fills at once when an adapter offers this); None when it cannot fill."""
        if self._fill is None:
            return None
        return self._each(_calls("fill", items))

    def stream(self, batches: Iterable[Batch]) -> Iterator[tuple[list[Answer], Fills | None]]:
        """Each batch's answers and default fills (None when it cannot fill), with the next
        batch already in the worker while the engine judges this one.

        A batch is (items to check, items to fill). Judging a batch costs the suite about
        half what validating it costs a fast validator (`bench/certify.py`): one after the
        other the two add up; side by side, on two cores, the slower one is the cost.
        """
        pending = iter(batches)
        batch = next(pending, None)
        calls = self._batch_calls(batch)
        ticket = self._dispatch(calls)
        try:
            while batch is not None:
                following = next(pending, None)
                following_calls = self._batch_calls(following)
                # pickled while the worker validates this batch, not after
                encoded = Worker.encode(following_calls, self.timeout) if CAN_FORK else None
                replies = self._finish(calls, ticket)
                ticket = self._dispatch(following_calls, encoded)
                checked = len(batch[0])
                fills = replies[checked:] if self._fill is not None else None
                yield _answers(replies[:checked]), fills
                batch, calls = following, following_calls
        finally:
            if ticket:  # abandoned with a request out: nobody will read its answers
                self.close()

    def _batch_calls(self, batch: Batch | None) -> list[Call]:
        if batch is None:
            return []
        items, to_fill = batch
        return _calls("check", items) + (_calls("fill", to_fill) if self._fill else [])

    def _each(self, calls: Sequence[Call]) -> list[Any]:
        """One reply per call, in order: `check` (status, detail), `fill` (filled, error)."""
        return self._finish(calls, self._dispatch(calls))

    def _dispatch(self, calls: Sequence[Call], encoded: bytes | None = None) -> int:
        """Send calls to the worker (forked anew if the last one died): the ticket `_finish`
        reads their answers by, or 0 when they are not sent (nothing to send, no fork here,
        or the validator given up on). `encoded` is the request made ahead (`stream`)."""
        if not calls or not CAN_FORK or self._given_up() is not None:
            return 0
        self._read_outstanding()
        if self._worker is None or not self._worker.alive:
            self._worker = Worker(self._serve, "validator")
        self._worker.send(list(calls), self.timeout, encoded)
        self._tickets += 1
        self._outstanding = (self._tickets, len(calls))
        return self._tickets

    def _read_outstanding(self) -> None:
        """Read the answers of the request out, if one is (one request at a time per worker)."""
        if self._outstanding is not None and self._worker is not None:
            ticket, count = self._outstanding
            self._early[ticket] = self._worker.collect(count, self.timeout)
        self._outstanding = None

    def _finish(self, calls: Sequence[Call], ticket: int) -> list[Any]:
        """The replies to calls sent by `_dispatch` (or to send now). A call that gave none
        is errored with why, and the calls after it go to a fresh worker."""
        replies: list[Any] = []
        while len(replies) < len(calls):
            if not ticket:
                given_up = self._given_up()
                if given_up is not None:
                    replies.extend(_lost(kind, given_up) for kind, _, _ in calls[len(replies) :])
                    break
                if not CAN_FORK:  # in this process, on a copy: each call its own
                    rest = decode_reply(encode_reply(list(calls[len(replies) :])))
                    replies.extend(decode_reply(encode_reply(r)) for r in self._serve(rest))
                    break
                ticket = self._dispatch(calls[len(replies) :])
                continue
            if self._outstanding is not None and self._outstanding[0] == ticket:
                self._read_outstanding()
            answered, lost = self._early.pop(ticket)
            ticket = 0
            replies.extend(answered)
            if answered:
                self._lost_in_a_row = 0
            if lost is not None:
                self._lost_in_a_row += 1
                self._last_loss = lost
                replies.append(_lost(calls[len(replies)][0], lost))
        return [_plain(kind, reply) for (kind, _, _), reply in zip(calls, replies, strict=True)]

    def _serve(self, calls: list[Call]) -> Iterator[Any]:
        """What the worker runs: each call through `_call`, one reply each."""
        call, verdict, fill = self._call, self._verdict, self._fill  # (once, not per call)
        for kind, definition, instance in calls:
            if kind == "check":
                reply, error = call(verdict, definition, instance)
                yield _with_output(("errored", error) if error is not None else reply)
            else:
                assert fill is not None
                filled, error = call(fill, definition, instance)
                yield _with_output((None, error) if error is not None else _sendable(filled))

    def _verdict(self, definition: str, instance: Any) -> tuple[Status, str]:
        return reply_from(self._validate(definition, instance))

    @staticmethod
    def _call(call: Callable[[str, Any], Any], definition: str, instance: Any) -> Any:
        """The one guarded call into a validator: (result, None), or (None, what it raised).

        Whatever it raises, `SystemExit` included, is the call's error, except a Ctrl-C,
        which is the user's.
        """
        try:
            return call(definition, instance), None
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # a validator's raise is its answer
            return None, _describe_exception(error)

    def _given_up(self) -> str | None:
        if self._lost_in_a_row < MAX_LOST_IN_A_ROW:
            return None
        return (
            f"given up after {self._lost_in_a_row} calls in a row with no verdict "
            f"(the last: {self._last_loss})"
        )

    def close(self) -> None:
        self._outstanding = None
        self._early.clear()
        if self._worker is not None:
            self._worker.stop()
            self._worker = None


#: One call to a validator: ("check" or "fill", definition, instance).
Call = tuple[str, str, Any]
#: What the engine hands `stream` per batch: (items to check, items to fill).
Batch = tuple[Sequence[tuple[str, Any]], Sequence[tuple[str, Any]]]
Fills = list[tuple[Any, str | None]]


def _calls(kind: str, items: Sequence[tuple[str, Any]]) -> list[Call]:
    return [(kind, definition, instance) for definition, instance in items]


def _answers(replies: Sequence[tuple[str, str]]) -> list[Answer]:
    return [Answer(status, detail) for status, detail in replies]  # type: ignore[arg-type]


def _lost(kind: str, why: str) -> tuple[Any, str]:
    """The reply standing in for a call that gave none: errored, never a pass."""
    return ("errored", why) if kind == "check" else (None, why)


def _plain(kind: str, reply: Any) -> tuple[Any, Any]:
    """A reply read back from the worker as the pair the engine takes, or the call's loss
    when it has another shape: the worker runs the validator's code, which may have
    replaced what writes the replies. (Tuples are the suite's own: common replies, losses.)"""
    if type(reply) is tuple:
        return reply
    if type(reply) is list and len(reply) == 2:
        first, second = reply
        if kind == "check" and first in STATUSES and type(second) is str:
            return first, second
        if kind == "fill" and (second is None or (first is None and type(second) is str)):
            return first, second
    return _lost(kind, "the validator's process gave an answer of the wrong shape")


def _sendable(filled: Any) -> tuple[Any, str | None]:
    """apply_defaults' result as a reply, or an error when it is not JSON data the suite
    reads: only that crosses to the suite, as JSON text (see `_worker`). The reply keeps
    the text its size was measured on, so that it is encoded once."""
    try:
        reply = Encoded((filled, None))
    except (TypeError, ValueError, RecursionError) as error:  # any object may come back
        why = cut(str(error))
        return None, f"returned {type(filled).__name__}, which is not JSON data: {why}"
    size = len(reply.text) - len("[,null]")
    if size > MAX_BYTES:
        return None, f"returned {size} bytes of JSON; at most {MAX_BYTES} are read"
    return reply


def _with_output(reply: tuple[Any, str | None]) -> tuple[Any, str | None]:
    """A reply with what the validator wrote during its call (`take_output`) in its detail,
    where the report shows it per call. A fill that went well has no detail to carry it:
    its output is dropped, never mixed into the suite's."""
    wrote = take_output()
    if not wrote or reply[1] is None:  # nothing written, or a fill that went well
        return reply
    said = f"validator wrote: {wrote.rstrip()}"
    return (reply[0], f"{reply[1]}; {said}" if reply[1] else said)
