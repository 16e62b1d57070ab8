"""JSON on the wire to out-of-process harnesses, with msgspec.

Encoding every instance is the main cost of IHOP (`bench/ihop.py`), and msgspec encodes
about six times faster than `json.dumps`. It writes UTF-8 rather than `\\uXXXX` escapes,
which also makes the lines shorter and quicker for the harness to parse. It keeps what
matters for conformance: integers of any size stay integers and `1.0` stays `1.0`. What it
refuses (a lone surrogate in a hand-written string) goes through `json`, whose escapes
every JSON parser reads.

The answer nearly every `run` gets, nothing but verdicts, is decoded into a typed shape
that is exactly what the IHOP schema allows for it, so it needs no schema walk afterwards;
any other answer is rare, and goes through the suite's bounded JSON reader (`_read`) and
then the schema check of the caller.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from .._io.read import parse

_encoder = msgspec.json.Encoder()


class _Verdict(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    valid: bool


class _Verdicts(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    seq: int | str
    results: list[_Verdict]


_verdicts_decoder = msgspec.json.Decoder(_Verdicts)


def encode_line(message: Any) -> bytes:
    """One message as a line of bytes, newline included."""
    try:
        return _encoder.encode(message) + b"\n"
    except UnicodeEncodeError:
        return json.dumps(message).encode() + b"\n"


def decode_line(line: bytes) -> Any:
    """A harness's answer other than plain verdicts, read by the suite's one bounded reader:
    a ReadError (a ValueError) when it is not JSON, or is nested deeper than the suite
    reads, which the adapter turns into an errored batch."""
    return parse(line, "harness answer", "the answer")


def decode_verdicts(line: bytes) -> tuple[int | str, list[bool]] | None:
    """`(seq, verdicts)` when the line is a `run` answer made only of verdicts, else None."""
    try:
        answer = _verdicts_decoder.decode(line)
    except (msgspec.DecodeError, RecursionError):  # anything else is for `decode_line`
        return None
    return answer.seq, [result.valid for result in answer.results]
