"""Single-fault doubles of the defects found in real JSON Structure validators (the official
SDKs certified through IHOP): one defect each, on a structure where it can show, each to be
convicted in its own category and no other (tests/test_fault_doubles.py).

Most are the reference validator with one rule read wrong (`Variant`, from the example's
catalogue, tests/validators/catalogue_v2.py); the seed's and the tests' own structures get a
`Variant` bound to them (`On`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neptune_ml_conformance import load
from neptune_ml_conformance._model import lexical as _lexical
from neptune_ml_conformance._model.reference import Violation, type_, validate_node
from neptune_ml_conformance._model.structure import Node, Structure

from . import catalogue_v2 as v2

HERE = Path(__file__).resolve().parent
SEED = None  # the bundled structure
EXAMPLE = str(v2.EXAMPLE)
EXTENDS = str(HERE.parent / "structures" / "extends.json")
SLASH = str(HERE.parent / "structures" / "slash-pattern.json")


class On(v2.Variant):
    """A `Variant` of the reference bound to a structure of its own."""

    def __init__(self, structure: Structure, **rules: Any) -> None:
        super().__init__(**rules)
        self.structure = structure

    def validate(self, definition: str, instance: Any) -> list[Violation]:
        return list(self.node(self.structure.definitions[definition], instance))


@dataclass(frozen=True)
class Double:
    name: str
    category: str
    structure: str | None  # a path, or None for the bundled seed
    make: Callable[[], Any]
    #: The defect as found in a real validator, in the issue's words.
    shape: str


# --- the defects ----------------------------------------------------------------------------


def _slash_never_matches(source: str, text: str) -> bool:
    """A pattern handed to an engine that takes `/` for its delimiter: never matches."""
    return "/" not in source and _lexical.pattern_matches(source, text)


def _empty_object_is_an_array(structure: Structure) -> Any:
    """`{}` read as an empty array (an object's `{}` refused) and `{"0": …}` read as an array
    (accepted where an array is expected)."""

    def as_object(node: Node, instance: Any, path: str) -> Iterator[Violation]:
        if instance == {}:
            yield Violation("type", path, "{} is an array here (fault)")
        else:
            yield from type_(node, instance, path)

    def as_array(node: Node, instance: Any, path: str) -> Iterator[Violation]:
        if isinstance(instance, dict) and all(k.isdigit() for k in instance):
            return
        yield from type_(node, instance, path)

    return On(structure, types={"object": as_object, "array": as_array}).validate


def _crashes_on_leading_space(definition: str, instance: Any) -> Any:
    """An int64 parser that throws on a leading space instead of refusing the value."""
    found = _leading_space_int64(v2.STRUCTURE.definitions[definition], instance)
    if found:
        raise ValueError(f"cannot parse {found!r} as int64")
    return list(validate_node(v2.STRUCTURE.definitions[definition], instance))


def _leading_space_int64(node: Node, instance: Any) -> str | None:
    if node.type == "int64" and isinstance(instance, str) and instance.startswith(" "):
        return instance
    for child, member, _, _ in _members(node, instance):
        found = _leading_space_int64(child, member)
        if found is not None:
            return found
    return None


def _members(node: Node, instance: Any) -> list[Any]:
    from neptune_ml_conformance._generation.blame import members

    return members(node, instance)


def _extends_ignored(structure: Structure) -> Any:
    """`$extends` ignored: the members a type inherits are not checked at all."""
    raw = json.loads(Path(EXTENDS).read_text())["definitions"]
    own = {f"/definitions/{name}": set(d.get("properties", {})) for name, d in raw.items()}
    check = v2.reference_check("properties")

    def properties(node: Node, value: Any, instance: Any, path: str, walk: Any) -> Any:
        names = own.get(node.pointer)
        if names is None or not isinstance(instance, dict):
            return check(node, value, instance, path, walk)
        kept = {k: v for k, v in instance.items() if k in names or k not in node.properties}
        return check(node, value, kept, path, walk)

    return On(structure, keywords={"properties": properties}).validate


def _cut_at_nul(definition: str, instance: Any) -> Any:
    """Strings read by a C library: cut at the first U+0000."""
    return list(validate_node(v2.STRUCTURE.definitions[definition], _cut(instance)))


def _cut(value: Any) -> Any:
    if isinstance(value, str):
        return value.split("\0", 1)[0]
    if isinstance(value, list):
        return [_cut(v) for v in value]
    if isinstance(value, dict):
        return {k: _cut(v) for k, v in value.items()}
    return value


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _any_day(text: str) -> bool:
    """Calendar dates unchecked: any day 01-31 of any month passes."""
    m = _DATE.match(text)
    if m is None or not 1 <= int(m.group(2)) <= 12 or not 1 <= int(m.group(3)) <= 31:
        return False
    day = f"{m.group(1)}-{m.group(2)}-01"
    return _lexical.check("date" if len(text) == 10 else "datetime", day + text[10:])


def _date_and_time_duration(text: str) -> bool:
    """A duration with both a date part and a time part (`P1Y2M3DT4H5M6S`)."""
    return bool(re.fullmatch(r"P[^T]*[YMWD][^T]*T.+", text))


_NO_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}([Zz]|[+-]\d{2}:\d{2})")


def _utf16_length(node: Node, count: Any, instance: Any, path: str, walk: Any) -> Any:
    text = instance if isinstance(instance, str) else ""
    if len(text.encode("utf-16-le", "surrogatepass")) // 2 > count:
        yield Violation("length", path, f"over {count} UTF-16 units (fault)")


def _not_key_names(node: Node) -> bool:
    return not node.pointer.endswith("/keyNames")


DOUBLES: tuple[Double, ...] = (
    Double(
        "required-alternative-sets-unsupported",
        "required",
        EXAMPLE,
        lambda: v2.kw(
            required=v2.required_sets(lambda sets, i: all(v2.complete(s, i) for s in sets))
        ),
        "`required` alternative sets unsupported (every set's names demanded)",
    ),
    Double(
        "pattern-searched",
        "pattern",
        EXAMPLE,
        lambda: v2.kw(pattern=v2.pattern_check(_lexical.search)),
        "`pattern` searched instead of matched over the whole value",
    ),
    Double(
        "pattern-with-slash-never-matches",
        "pattern",
        SLASH,
        lambda: (
            On(load(SLASH), keywords={"pattern": v2.pattern_check(_slash_never_matches)}).validate
        ),
        "a pattern containing `/` never matching (the engine's delimiter)",
    ),
    Double(
        "empty-object-read-as-array",
        "type",
        SEED,
        lambda: _empty_object_is_an_array(load(None)),
        '`{}` read as an empty array and `{"0": …}` accepted as an array',
    ),
    Double(
        "int64-leading-space-crash",
        "format",
        EXAMPLE,
        lambda: _crashes_on_leading_space,
        "a crash on an int64 string with a leading space",
    ),
    Double(
        "choice-tag-count-unchecked",
        "type",
        EXAMPLE,
        lambda: v2.kw(choices=v2._choice(lambda i: list(i)[:1])),
        "tagged choice with zero or two tags accepted",
    ),
    Double(
        "extends-ignored",
        "type",
        EXTENDS,
        lambda: _extends_ignored(load(EXTENDS)),
        "`$extends` ignored (inherited members unchecked)",
    ),
    Double(
        "tuple-arity-unchecked",
        "items",
        EXAMPLE,
        lambda: v2.kw(tuple=v2._tuple(lambda n, k: True)),
        "tuple arity unchecked",
    ),
    Double(
        "key-names-unchecked",
        "entries",
        EXAMPLE,
        lambda: v2.kw(keyNames=v2.nothing),
        "`keyNames` unchecked",
    ),
    Double(
        "calendar-dates-unchecked",
        "format",
        EXAMPLE,
        lambda: v2.v(
            types={
                "date": v2.accepting(v2.text(_any_day)),
                "datetime": v2.accepting(v2.text(_any_day)),
            }
        ),
        "calendar dates unchecked (`2023-02-29`)",
    ),
    Double(
        "int64-decimal-as-json-numbers",
        "type",
        EXAMPLE,
        lambda: v2.v(types={"int64": v2.accepting(v2.number), "decimal": v2.accepting(v2.number)}),
        "int64/decimal read as JSON numbers instead of strings",
    ),
    Double(
        "strings-cut-at-nul",
        "length",
        EXAMPLE,
        lambda: _cut_at_nul,
        "strings cut at U+0000",
    ),
    Double(
        "max-length-in-utf16-units",
        "length",
        EXAMPLE,
        lambda: v2.kw(maxLength=v2.scoped("maxLength", _not_key_names, _utf16_length)),
        "`maxLength` counted in UTF-16 units",
    ),
    Double(
        "leap-second-refused",
        "format",
        EXAMPLE,
        lambda: v2.v(types={"datetime": v2.refusing("format", v2.text(lambda s: ":60" in s))}),
        "a leap second `23:59:60Z` refused",
    ),
    Double(
        "date-and-time-duration-refused",
        "format",
        EXAMPLE,
        lambda: v2.v(types={"duration": v2.refusing("format", v2.text(_date_and_time_duration))}),
        "`P1Y2M3DT4H5M6S` refused",
    ),
    Double(
        "datetime-without-seconds-accepted",
        "format",
        EXAMPLE,
        lambda: v2.v(types={"datetime": v2.accepting(v2.text(_NO_SECONDS.fullmatch))}),
        "a datetime without seconds accepted",
    ),
    Double(
        "string-encoded-bounds-ignored",
        "minimum",
        EXAMPLE,
        lambda: v2.kw(minimum=v2.scoped("minimum", lambda n: n.spec.string_encoded, v2.nothing)),
        'string-encoded bounds (`"minimum": "0"` on int64) ignored',
    ),
    Double(
        "true-is-an-integer",
        "type",
        EXAMPLE,
        lambda: v2.v(types={"int32": v2.accepting(lambda x: x is True)}),
        "`true` accepted as an integer",
    ),
)
