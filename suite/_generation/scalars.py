"""Valid values of the scalar type families: numbers at and next to their bounds (honouring
`multipleOf`, `precision` and `scale`), lexical types at their RFC edges, binary in its
encoding, strings a pattern accepts; and any small JSON value. Nothing here recurses into a
container: `typed` builds those from these."""

from __future__ import annotations

import base64
import functools
import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from .._io.pointer import pointer_join
from .._model import regex as _regex
from .._model.reference import admits
from .._model.samples import LEXICAL_EDGES
from .._model.structure import Node
from .._model.types import json_number
from .._model.values import json_key

Strategy = st.SearchStrategy[Any]


def sampled(node: Node, candidates: list[Any]) -> list[Strategy]:
    """Edge values the node admits, as a strategy (none when none is admitted)."""
    unique: dict[Any, Any] = {}
    for value in candidates:
        unique.setdefault(json_key(value), value)
    kept = [v for v in unique.values() if admits(node, v)]
    return [st.sampled_from(kept)] if kept else []


def one_of(options: list[Strategy]) -> Strategy:
    return st.one_of(options) if options else st.nothing()


def integer_bounds(node: Node) -> tuple[int, int]:
    low, high = node.bounds()
    assert low is not None and high is not None
    return int(low), int(high)


def integers(node: Node) -> Strategy:
    """Integers the node admits, at and next to its bounds, honouring `multipleOf`."""
    low, high = integer_bounds(node)
    step = node.rules.get("multipleOf")
    if step is not None and step == int(step) and step > 0:
        step = int(step)
        k_low, k_high = -(-low // step), high // step
        if k_low > k_high:
            return st.nothing()
        ks = sorted({k for k in (k_low, k_low + 1, k_high - 1, k_high, 0) if k_low <= k <= k_high})
        return st.one_of(st.sampled_from(ks), st.integers(k_low, k_high)).map(lambda k: k * step)
    edges = sorted(v for v in {low, low + 1, high, high - 1, 0, 1, -1} if low <= v <= high)
    drawn = st.integers(low, high)
    if step is not None:
        drawn = drawn.filter(lambda v: Decimal(v) % Decimal(str(step)) == 0)
    return st.one_of(st.sampled_from(edges), drawn) if low <= high else st.nothing()


def integer_values(node: Node, focus: str | None) -> Strategy:
    return integers(node)


def big_integer_values(node: Node, focus: str | None) -> Strategy:
    return integers(node).map(str)


def multiples(node: Node, step: Decimal, limit: int = 10**6) -> Strategy:
    """Multiples of a (decimal) step inside the node's bounds, as Decimals."""
    low, low_open, high, high_open = node.limits()
    k_low = -limit if low is None else math.ceil(low / step)
    if low is not None and low_open and k_low * step == low:
        k_low += 1
    k_high = limit if high is None else math.floor(high / step)
    if high is not None and high_open and k_high * step == high:
        k_high -= 1
    k_low, k_high = max(k_low, -limit if low is None else k_low), min(k_high, k_low + 2 * limit)
    if k_low > k_high:
        return st.nothing()
    ks = sorted({k for k in (k_low, k_high, 0, 1, 3) if k_low <= k <= k_high})
    return st.one_of(st.sampled_from(ks), st.integers(k_low, k_high)).map(lambda k: k * step)


def float_values(node: Node, focus: str | None) -> Strategy:
    step = node.rules.get("multipleOf")
    if step is not None:
        return multiples(node, Decimal(str(step))).map(json_number)
    low, low_open, high, high_open = node.limits()
    lo = None if low is None else float(low)
    hi = None if high is None else float(high)
    drawn = st.floats(
        lo,
        hi,
        exclude_min=low_open and lo is not None,
        exclude_max=high_open and hi is not None,
        allow_nan=False,
        allow_infinity=False,
    )
    edges: list[Any] = [0, 1, -1.5, 0.1, 1e-300, *node.spec.edges]
    if lo is not None:
        edges += [math.nextafter(lo, math.inf) if low_open else lo, lo + 1]
    if hi is not None:
        edges += [math.nextafter(hi, -math.inf) if high_open else hi, hi - 1]
    return one_of([*sampled(node, edges), drawn, st.integers(-(10**6), 10**6)])


def _text(value: Decimal) -> str:
    return format(value, "f")


def decimal_values(node: Node, focus: str | None) -> Strategy:
    """Decimal strings, at their precision and scale where the node declares them."""
    scale = node.rules.get("scale")
    precision = node.rules.get("precision")
    step = node.rules.get("multipleOf")
    if step is not None:
        return multiples(node, Decimal(str(step))).map(_text)
    low, low_open, high, high_open = node.limits()
    edges: list[Any] = ["0", "1", "-0.5", "0.1", "-1"]
    if isinstance(scale, int) and isinstance(precision, int) and precision >= scale >= 0:
        nines = "9" * (precision - scale) or "0"
        frac = "." + "9" * scale if scale else ""
        edges += [nines + frac, "-" + nines + frac]
        if scale:
            edges.append("0." + "0" * (scale - 1) + "1")
        top = Decimal(nines + frac)
        low = -top if low is None or low < -top else low
        high = top if high is None or high > top else high
    places_options = [scale] if isinstance(scale, int) else [0, 1, 2, 7]
    for bound in (low, high):
        if bound is not None:
            edges.append(_text(bound))
    drawn = [
        st.decimals(low, high, allow_nan=False, allow_infinity=False, places=places)
        .filter(lambda d: not (low_open and d == low) and not (high_open and d == high))
        .map(_text)
        for places in places_options
    ]
    return one_of([*sampled(node, edges), *drawn])


@functools.lru_cache(maxsize=256)
def from_pattern(source: str) -> Strategy | None:
    """Strings the pattern accepts entirely (validation, "pattern"), drawn from its Python
    translation; None when Python's `re` cannot read the translation. One strategy per
    pattern: Hypothesis builds a regex's strategy on its first draw, once per object."""
    try:
        python_source = _regex.compile_pattern(source).python_source
        re.compile(python_source)
    except (_regex.PatternError, re.error):
        return None
    return st.from_regex(python_source, fullmatch=True)


def _date_strings() -> Strategy:
    return st.dates().map(lambda d: d.isoformat())


def _times() -> Strategy:
    return st.builds(
        lambda h, m, s, frac, offset: f"{h:02d}:{m:02d}:{s:02d}{frac}{offset}",
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        st.sampled_from(("", ".5", ".000", ".123456789")),
        st.one_of(
            st.sampled_from(("Z", "z", "+00:00", "-00:00")),
            st.builds(
                lambda sign, h, m: f"{sign}{h:02d}:{m:02d}",
                st.sampled_from("+-"),
                st.integers(0, 23),
                st.integers(0, 59),
            ),
        ),
    )


_SEGMENT = st.text("abcxyz019-._~", min_size=1, max_size=6)
_DRAWN_LEXICAL: dict[str, Strategy] = {
    "date": _date_strings(),
    "time": _times(),
    "datetime": st.builds(
        lambda d, t, time: f"{d}{t}{time}", _date_strings(), st.sampled_from("Tt"), _times()
    ),
    "duration": st.one_of(
        st.integers(0, 999).map(lambda n: f"P{n}W"),
        st.builds(
            lambda y, m, d, h, mi, s: f"P{y}Y{m}M{d}DT{h}H{mi}M{s}S",
            *[st.integers(0, 99)] * 6,
        ),
        st.builds(lambda h, m: f"PT{h}H{m}M", st.integers(0, 99), st.integers(0, 99)),
    ),
    "uuid": st.builds(
        lambda u, upper: str(u).upper() if upper else str(u), st.uuids(), st.booleans()
    ),
    "uri": st.one_of(
        st.builds(
            lambda scheme, host, path: f"{scheme}://{host}.example/{'/'.join(path)}",
            st.sampled_from(("http", "https", "ftp", "s3")),
            _SEGMENT,
            st.lists(_SEGMENT, max_size=3),
        ),
        st.lists(_SEGMENT, min_size=1, max_size=3).map("/".join),
    ),
    "jsonpointer": st.lists(st.text(max_size=6), max_size=4).map(
        lambda tokens: pointer_join("", *tokens)
    ),
}


def lexical_values(node: Node, focus: str | None) -> Strategy:
    name = node.spec.name
    return one_of([*sampled(node, list(LEXICAL_EDGES[name])), _DRAWN_LEXICAL[name]])


_ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "base64": base64.b64encode,
    "base64url": base64.urlsafe_b64encode,
    "base16": base64.b16encode,
    "base32": base64.b32encode,
    "base32hex": base64.b32hexencode,
}


def binary_values(node: Node, focus: str | None) -> Strategy:
    encoding = node.rules.get("contentEncoding", "base64")
    encode = _ENCODERS.get(encoding, base64.b64encode)
    drawn = st.binary(max_size=24).map(lambda b: encode(b).decode("ascii"))
    return one_of([*sampled(node, ["", "AAECAw==", "+/+/", "////"]), drawn])


def json_values(max_leaves: int = 6) -> Strategy:
    """Any JSON value, small: for `any` and for members no schema describes."""
    leaves = st.one_of(st.none(), st.booleans(), st.integers(-100, 100), st.text(max_size=8))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=max_leaves,
    )
