"""An IHOP v1 harness in Python, with misbehaving modes: the suite's test doubles.

    python python_harness.py [--mode MODE] [--dialect jsonschema|structure]

Modes: ok (python-jsonschema or the JSON Structure SDK), trivial (valid iff an object),
crash (exits on the first run), crash-once (exits on the first run, fine after a restart),
hang (never answers a run), lie-seq, garbage, wrong-count, skip, errored,
crash-on-start, refuse-dialect, endless-line (answers a run with output that never ends
in a newline), flood-stderr (answers like trivial while writing to stderr without end).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

parser = argparse.ArgumentParser()
parser.add_argument("--mode", default="ok")
parser.add_argument("--dialect", default="jsonschema", choices=["jsonschema", "structure"])
parser.add_argument("--marker", help="file whose existence means 'already crashed once'")
args = parser.parse_args()

DIALECTS = {
    "jsonschema": "https://json-schema.org/draft/2020-12/schema",
    "structure": "https://json-structure.org/meta/extended/v0/#",
}


try:  # as a harness author would: the fastest JSON at hand (see bench/ihop.py)
    import msgspec

    encode, decode = msgspec.json.Encoder().encode, msgspec.json.Decoder().decode
except ImportError:
    encode, decode = lambda m: json.dumps(m).encode(), json.loads
out = sys.stdout.buffer


def send(message: dict[str, Any]) -> None:
    out.write(encode(message) + b"\n")
    out.flush()


def validator_for(schema: dict[str, Any]) -> Any:
    if args.mode in ("trivial", "flood-stderr"):
        return lambda instance: isinstance(instance, dict)
    if args.dialect == "jsonschema":
        import jsonschema

        return jsonschema.Draft202012Validator(schema).is_valid
    from json_structure import InstanceValidator

    sdk = InstanceValidator(schema, extended=True)
    return lambda instance: not sdk.validate(instance)


def flood_stderr() -> None:
    chunk = b"e" * 65535 + b"\n"
    while True:
        sys.stderr.buffer.write(chunk)


if args.mode == "flood-stderr":
    threading.Thread(target=flood_stderr, daemon=True).start()

cache: dict[str, Any] = {}
for line in sys.stdin.buffer:
    request = decode(line)
    cmd = request["cmd"]
    if cmd == "start":
        if args.mode == "crash-on-start":
            sys.exit(3)
        send(
            {
                "version": 1,
                "implementation": {
                    "language": "python",
                    "name": f"test-double-{args.mode}",
                    "dialects": [DIALECTS[args.dialect]],
                },
            }
        )
    elif cmd == "dialect":
        send({"ok": args.mode != "refuse-dialect"})
    elif cmd == "stop":
        sys.exit(0)
    elif cmd == "run":
        seq, case = request["seq"], request["case"]
        mode = args.mode
        if mode == "crash-once":
            marker = Path(args.marker)
            mode = "ok" if marker.exists() else "crash"
            marker.touch()
        if mode == "crash":
            print("boom: simulated crash", file=sys.stderr)
            sys.exit(1)
        if mode == "hang":
            time.sleep(3600)
        if mode == "endless-line":
            chunk = b"x" * (1 << 20)
            while True:
                out.write(chunk)
        if mode == "garbage":
            out.write(b"this is not json\n")
            out.flush()
            continue
        if mode == "deep":  # an answer nested far deeper than any reader should recurse
            out.write(b'{"seq": %d, "results": [%s%s]}\n' % (seq, b"[" * 100_000, b"]" * 100_000))
            out.flush()
            continue
        if mode == "skip":
            send({"seq": seq, "skipped": True, "message": "not supported here"})
            continue
        if mode == "errored":
            send({"seq": seq, "errored": True, "context": {"message": "internal failure"}})
            continue
        key = encode(case["schema"])
        if key not in cache:
            cache[key] = validator_for(case["schema"])
        results = [{"valid": bool(cache[key](t["instance"]))} for t in case["tests"]]
        if mode == "wrong-count":
            results = results[:-1]
        send({"seq": seq + 1 if mode == "lie-seq" else seq, "results": results})
