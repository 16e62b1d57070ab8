"""Two validators that check nothing: one says every instance is valid, one that none is.

Any structure with a valid and an invalid instance must convict both."""

from __future__ import annotations

from typing import Any


def accept_everything(definition: str, instance: Any) -> bool:
    return True


def refuse_everything(definition: str, instance: Any) -> bool:
    return False
