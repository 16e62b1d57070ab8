"""A validator module that ends its process while being imported (no exception to catch)."""

import os

os._exit(0)


def validate(definition: str, instance: object) -> bool:  # pragma: no cover - unreachable
    return True
