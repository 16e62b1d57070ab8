"""What the engine needs of a validator under test, and the in-process wrapper."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

from ._deadline import Deadline, Overtime

Status = Literal["valid", "invalid", "errored", "skipped"]


@dataclass(frozen=True)
class Answer:
    """What a validator said about one instance; `detail` is its message or error."""

    status: Status
    detail: str = ""


@runtime_checkable
class Validator(Protocol):
    """A user's validator object: `validate` is the verdict; see DESIGN.md."""

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


def json_copy(value: Any) -> Any:
    """A copy of a JSON value, so a validator that mutates its input harms no other."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) for v in value]
    return value


def answer_from(result: object) -> Answer:
    """Read the calling contract: a bool is the verdict, anything else iterates errors."""
    if isinstance(result, bool):
        return Answer("valid" if result else "invalid")
    if result is None or isinstance(result, str | bytes | int | float):
        return Answer(
            "errored",
            f"validator returned {type(result).__name__}; expected a bool or an iterable of errors",
        )
    try:
        errors = list(result)  # type: ignore[call-overload]
    except TypeError:
        return Answer(
            "errored",
            f"validator returned {type(result).__name__}; expected a bool or an iterable of errors",
        )
    if not errors:
        return Answer("valid")
    return Answer("invalid", "; ".join(str(e) for e in errors[:3]))


def _describe_exception(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" ({frame[0].filename}:{frame[0].lineno})" if frame else ""
    return f"raised {type(error).__name__}: {error}{where}"


#: Calls timed out in a row after which an in-process validator is given up on for the run.
MAX_OVERTIME_IN_A_ROW = 3


class InProcessAdapter:
    """Wraps a callable or a validator object; a raise is `errored`, never a pass.

    With a `timeout`, a call that gives no verdict in time is `errored` too, as an IHOP
    harness that hangs would be (see `_deadline` for how, and where it cannot reach).
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
        self._overtime_in_a_row = 0
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
        answers = []
        with Deadline(self.timeout) as deadline:
            for definition, instance in items:
                given_up = self._given_up()
                if given_up is not None:
                    answers.append(given_up)
                    continue
                try:
                    answers.append(self._one(deadline, definition, instance))
                except Overtime:  # caught out here: it may arrive anywhere inside `_one`
                    answers.append(self._overtime())
        return answers

    def _one(self, deadline: Deadline, definition: str, instance: Any) -> Answer:
        answer, error = self._call(deadline, self._verdict, definition, instance)
        return Answer("errored", error) if error is not None else answer

    def _verdict(self, definition: str, instance: Any) -> Answer:
        return answer_from(self._validate(definition, instance))

    def defaults(self, definition: str, instance: Any) -> tuple[Any, str | None] | None:
        if self._fill is None:
            return None
        given_up = self._given_up()
        if given_up is not None:
            return None, given_up.detail
        with Deadline(self.timeout) as deadline:
            try:
                return self._call(deadline, self._fill, definition, instance)
            except Overtime:
                return None, self._overtime().detail

    def _call(
        self, deadline: Deadline, call: Callable[[str, Any], Any], definition: str, instance: Any
    ) -> tuple[Any, str | None]:
        """`call` on a copy of the instance, within the deadline: (result, None), or
        (None, what it raised). A call that returns, either way, ends a run of overtimes."""
        outcome: tuple[Any, str | None]
        deadline.start_call()
        try:
            outcome = call(definition, json_copy(instance)), None
        except Exception as error:
            outcome = None, _describe_exception(error)
        finally:
            deadline.end_call()
        self._overtime_in_a_row = 0
        return outcome

    def _given_up(self) -> Answer | None:
        if self._overtime_in_a_row < MAX_OVERTIME_IN_A_ROW:
            return None
        return Answer(
            "errored",
            f"given up after {self._overtime_in_a_row} calls in a row with no verdict "
            f"within {self.timeout:g} s",
        )

    def _overtime(self) -> Answer:
        self._overtime_in_a_row += 1
        return Answer("errored", f"no verdict within {self.timeout:g} s (in process)")

    def close(self) -> None:
        pass
