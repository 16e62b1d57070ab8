"""Checked by mypy in tests/test_quality.py: user validators satisfy the public Protocols."""

from __future__ import annotations

from typing import Any

from neptune_ml_conformance import DefaultingValidator, Validator


class Mine:
    def validate(self, definition: str, instance: Any) -> bool:
        return isinstance(instance, dict)


class MineWithDefaults(Mine):
    def apply_defaults(self, definition: str, instance: Any) -> Any:
        return instance


class ErrorList:
    def validate(self, definition: str, instance: Any) -> list[str]:
        return []


plain: Validator = Mine()
errors: Validator = ErrorList()
filling: DefaultingValidator = MineWithDefaults()
