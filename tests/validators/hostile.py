"""Validators that attack the run rather than get verdicts wrong: they exit, end their
process, crash in C code, abort. Otherwise they answer correctly, so any failure a run
reports comes from the attack. Each counts its calls per process: a fresh process (the
suite restarts a validator's worker after it dies) meets the attack again on its fifth.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from .faulty import correct

_calls = 0


def _on_fifth_call(attack: Callable[[], object]) -> Callable[[str, Any], Any]:
    def validate(definition: str, instance: Any) -> Any:
        global _calls
        _calls += 1
        if _calls == 5:
            attack()
        return correct(definition, instance)

    return validate


def exits(definition: str, instance: Any) -> Any:
    """`sys.exit(3)` on every call: an exception in disguise, caught like any raise."""
    sys.exit(3)


exits_on_fifth_call = _on_fifth_call(lambda: sys.exit(3))
ends_process_on_fifth_call = _on_fifth_call(lambda: os._exit(0))
segfaults_on_fifth_call = _on_fifth_call(lambda: ctypes.string_at(0))
aborts_on_fifth_call = _on_fifth_call(os.abort)


class _TroubleInInit:
    """A validator whose trouble is all in its constructor (each subclass's own)."""

    def validate(self, definition: str, instance: Any) -> bool:
        return True


class RaisesInInit(_TroubleInInit):
    def __init__(self) -> None:
        raise ValueError("no configuration found")


class ExitsInInit(_TroubleInInit):
    def __init__(self) -> None:
        sys.exit(4)


class EndsProcessInInit(_TroubleInInit):
    def __init__(self) -> None:
        os._exit(0)


class HangsInInit(_TroubleInInit):
    def __init__(self) -> None:
        time.sleep(3600)
