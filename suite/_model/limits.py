"""How far a structure's numbers may reach, and which structures no instance can be drawn
from: both decided before any work is sized by them.

A count (`minLength: 1000000000`) sizes strings, arrays and witnesses; an exponent
(`"minimum": "1e999999999"` on an int64) sizes the integer it converts to. No instance the
suite reads can hold more than the bounded reader's `MAX_BYTES`, nor a number of more than
`MAX_DIGITS` digits, so a count past that is read as one past it (every instance the suite
can read is judged as before), and a number past that is refused where it is read.

A structure in which a rule admits no value at all (`minimum` above `maximum`, an `enum`
none of whose values fits the type) cannot be certified against: nothing valid can be drawn
from it. `lint` reports each such rule as an error; `certify`, `export` and the plugin
refuse the structure with the same file and pointer (`refuse_unsatisfiable`), before any
instance is drawn.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

from .._io.errors import InputError
from .._io.pointer import pointer_join
from .._io.read import MAX_BYTES, MAX_DIGITS

try:
    from re._parser import parse as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # Python 3.10
    from sre_parse import parse as _sre_parse

if TYPE_CHECKING:
    from .._model.structure import Structure

#: The largest count any instance the suite reads could honour: each element, character or
#: member takes at least a byte, and the reader reads at most MAX_BYTES.
REACH = MAX_BYTES

#: Findings of the model that mean a rule admits no value (or no value can be drawn for it):
#: lint reports them as errors, and certification refuses the structure.
UNSATISFIABLE = frozenset(
    {
        "bounds-inverted",
        "bound-outside-value-space",
        "enum-empty",
        "negative-count",
        "multipleof-not-positive",
        "invalid-pattern",
        "count-beyond-reach",
    }
)


def within_reach(count: int) -> int:
    """A count as the suite works with it: unchanged up to REACH, else REACH + 1 (which no
    instance the suite reads can reach either)."""
    return count if count <= REACH else REACH + 1


def number_beyond_reach(raw: Any) -> str | None:
    """Why a numeric keyword value is beyond what the suite works with, or None: a JSON
    number that overflowed to infinity, or a string-encoded number with more than
    MAX_DIGITS digits or an exponent past MAX_DIGITS (converting it would take unbounded
    time and memory)."""
    if isinstance(raw, float) and not math.isfinite(raw):
        return "is beyond the range of a double"
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if len(text) > MAX_DIGITS + 16:
        return f"has {len(text)} characters; expected at most {MAX_DIGITS} digits"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None  # not a number: the keyword's own reader says so
    if value.is_finite() and abs(value.adjusted()) > MAX_DIGITS:
        return (
            f"has a decimal exponent of {value.adjusted()}; expected at most {MAX_DIGITS} "
            "either way"
        )
    return None


def refuse_unsatisfiable(structure: Structure) -> None:
    """Raise an InputError (exit 2) naming the file and the JSON Pointer of the first rule
    that admits no value, as lint reports it: nothing can be certified against it."""
    for finding in structure.findings:
        if finding.code in UNSATISFIABLE and finding.level == "error":
            raise InputError(
                structure.source,
                finding.pointer,
                f"{finding.message}; nothing valid can be drawn (lint: {finding.code})",
            )
    for definition in structure.definitions.values():
        for _, node in definition.walk():
            problem = no_value_fits(node) or pattern_beyond_drawing(node)
            if problem is not None:
                pointer, message = problem
                raise InputError(
                    structure.source, pointer, f"{message}; nothing valid can be drawn"
                )


def drawable() -> int:
    """The shortest match a `pattern` may need for strings to be drawn from it: Hypothesis
    draws nothing longer than its buffer (and drawing near that takes minutes). Asked of
    Hypothesis when needed: reading a structure (lint, validate, diff) imports no drawing."""
    from hypothesis.internal.conjecture.engine import BUFFER_SIZE

    return int(BUFFER_SIZE)


def pattern_beyond_drawing(node: Any) -> tuple[str, str] | None:
    """Where and why a node's `pattern` (or a pattern of its `patternProperties`) needs
    matches longer than any string Hypothesis can draw: `^((a{100}){100}){100}$` matches
    nothing shorter than a million characters."""
    found = [("pattern", node.rules.get("pattern"))]
    found += [("patternProperties", key) for key in node.rules.get("patternProperties", {})]
    for keyword, source in found:
        if not isinstance(source, str):
            continue
        shortest = pattern_min_length(source)
        if shortest is not None and shortest > drawable():
            pointer = pointer_join(node.pointer, keyword)
            if keyword == "patternProperties":
                pointer = pointer_join(pointer, source)
            return pointer, (
                f"{source!r:.60} matches no string shorter than {shortest} characters; "
                f"at most {drawable()} can be drawn"
            )
    return None


#: ECMA-262 pattern syntax Python's parser does not read, as what it matches at least.
_ECMA_ONLY = (
    (re.compile(r"\\[pP]\{[^}]*\}"), "."),
    (re.compile(r"\(\?<([A-Za-z_$][\w$]*)>"), r"(?P<\1>"),
    (re.compile(r"\\k<([A-Za-z_$][\w$]*)>"), r"(?P=\1)"),
)


def pattern_min_length(source: str) -> int | None:
    """The length of the shortest string `source` matches (Python's own parser reads the
    repetitions: `(a{1000}){1000}` is a million), or None when it cannot tell."""
    for ecma, python in _ECMA_ONLY:
        source = ecma.sub(python, source)
    try:
        shortest: int = _sre_parse(source).getwidth()[0]
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    return shortest


def no_value_fits(node: Any) -> tuple[str, str] | None:
    """Where and why a node's `enum` or `const` admits no value: none of the values it lists
    meets the node's other rules (an `enum` of "a" and "b" with `pattern: ^z+$`)."""
    from .._model.reference import validate_node

    for keyword, values in (
        ("enum", node.enum),
        ("const", (node.rules["const"],) if "const" in node.rules else None),
    ):
        if not values:  # absent, or an empty enum (a finding of its own)
            continue
        rest = node.having(enum=None, const=None)
        if all(any(True for _ in validate_node(rest, value)) for value in values):
            first = next(iter(validate_node(rest, values[0])))
            return (
                pointer_join(node.pointer, keyword),
                f"no value of `{keyword}` meets the other rules here (the first: {first.message})",
            )
    return None


Drawn = TypeVar("Drawn")


def drawn_from(structure: Structure, draw: Callable[[], Drawn]) -> Drawn:
    """What `draw` draws from `structure`; a structure Hypothesis finds nothing to draw from
    (a rule past what it can draw, which `refuse_unsatisfiable` did not name) is bad input
    with one line, never a traceback from Hypothesis."""
    from hypothesis.errors import HypothesisException

    try:
        return draw()
    except HypothesisException as error:
        why = next((line for line in str(error).splitlines() if line.strip()), type(error).__name__)
        raise InputError(
            structure.source, None, f"no instance can be drawn from the structure: {why}"
        ) from None
