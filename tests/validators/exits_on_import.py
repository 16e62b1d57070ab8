"""A validator module that calls sys.exit while being imported."""

import sys

sys.exit(0)


def validate(definition: str, instance: object) -> bool:  # pragma: no cover - unreachable
    return True
