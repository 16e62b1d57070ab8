#!/usr/bin/env python3
"""A minimal IHOP v1 harness: the official JSON Structure SDK for Python behind the protocol.

    neptune-ml-conformance certify --validator "ihop:python examples/harnesses/ihop_harness.py"

Written from docs/IHOP.md alone, as a template: to certify another validator, replace
`compile_schema` (and the `start` answer). One JSON object per line in, one per line out;
nothing else may be written to stdout (logs go to stderr).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

#: The JSON Structure meta-schemas this harness takes definitions in.
DIALECTS = [
    "https://json-structure.org/meta/extended/v0/#",
    "https://json-structure.org/meta/core/v0/#",
]


def compile_schema(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """The validator for one definition, as the suite sent it (re-rooted, `$uses` kept)."""
    from json_structure import InstanceValidator

    validator = InstanceValidator(schema, extended=True)
    return lambda instance: not validator.validate(instance)


def sdk_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("json-structure")
    except PackageNotFoundError:
        return "unknown"


def reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def errored(error: BaseException) -> dict[str, Any]:
    return {"errored": True, "context": {"message": f"{type(error).__name__}: {error}"}}


def main() -> None:
    #: The whole schema comes with every `run`: compile each distinct one once.
    compiled: dict[str, Callable[[Any], bool]] = {}
    for line in sys.stdin:
        request = json.loads(line)
        cmd = request["cmd"]
        if cmd == "start":
            implementation = {
                "name": "json-structure",
                "language": "python",
                "version": sdk_version(),
                "dialects": DIALECTS,
            }
            reply({"version": 1, "implementation": implementation})
        elif cmd == "dialect":
            reply({"ok": request["dialect"] in DIALECTS})
        elif cmd == "run":
            case = request["case"]
            key = json.dumps(case["schema"], sort_keys=True)
            try:
                if key not in compiled:
                    compiled[key] = compile_schema(case["schema"])
            except Exception as error:  # the schema itself: every test of this run errored
                reply({"seq": request["seq"], **errored(error)})
                continue
            results = []
            for test in case["tests"]:
                try:
                    results.append({"valid": bool(compiled[key](test["instance"]))})
                except Exception as error:  # one instance: only its result errored
                    results.append(errored(error))
            reply({"seq": request["seq"], "results": results})
        elif cmd == "stop":
            return


if __name__ == "__main__":
    main()
