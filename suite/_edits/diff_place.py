"""The diff's vocabulary: a reported change, a place in an instance and how a value is put
there, and the small judgements every kind of change shares (is an instance valid, is it
rejected at this place for this rule, which raw differences a change covers)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .._edits.diff_values import (
    ABSENT,
    HARMLESS,
    fingerprint_value,
)
from .._io.neutral import json_text, visible
from .._io.pointer import pointer_join, pointer_tokens
from .._model.keywords import KEYWORDS
from .._model.reference import admits, validate_node
from .._model.structure import NO_DEFAULT, Node
from .._model.values import json_key

_STANCE = frozenset({"integer-lexical", "unknown-properties"})
_TYPE_CATEGORIES = frozenset({"type", "format", "range", "items"})
#: How many candidate values a witness search tries before drawing from the strategies.
_TRIES = 400
_DRAWS = 10
#: How many nodes one diff may draw examples from (a deterministic budget, not a clock).
_DRAW_SETS = 12

Wrap = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Change:
    definition: str
    path: str
    kind: str
    detail: str
    producers: str = "compatible"  # "breaking" | "unclassified"
    consumers: str = "compatible"
    producer_witness: Any = None
    consumer_witness: Any = None
    #: Where the change is in the structure documents (NEW's pointer, else OLD's).
    pointer: str = ""
    note: str = ""
    covers: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def breaking(self) -> bool:
        return "breaking" in (self.producers, self.consumers)

    @property
    def unclassified(self) -> bool:
        return "unclassified" in (self.producers, self.consumers)

    def line(self) -> str:
        where = f"{self.definition}{self.path or ''}" if self.definition else self.pointer or "/"
        text = (
            f"{where}: {self.kind} ({self.detail}); "
            f"producers {self.producers}, consumers {self.consumers}"
        )
        if self.unclassified and self.pointer:
            text += f"\n    at {self.pointer}"
        if self.note:
            text += f"\n    {self.note}"
        if self.producer_witness is not None:
            text += f"\n    valid under OLD, rejected by NEW: {_dump(self.producer_witness)}"
        if self.consumer_witness is not None:
            label = (
                "filled differently"
                if self.kind.startswith("default")
                else ("accepted by NEW, rejected by OLD")
            )
            text += f"\n    {label}: {_dump(self.consumer_witness)}"
        return text


def _dump(value: Any) -> str:
    try:
        return json_text(value, sort_keys=True)
    except (TypeError, ValueError):
        return visible(repr(value))


def _valid(node: Node | None, instance: Any) -> bool:
    if node is None or instance is ABSENT:
        return False
    try:
        return admits(node, instance)
    except (ArithmeticError, RecursionError):  # a value the reference cannot decide
        return False


def _rejected_here(
    other: Node | None, instance: Any, path: str, categories: frozenset[str] | None
) -> bool:
    """`other` rejects the instance at the changed place, for the changed rule."""
    if other is None:
        return True
    try:
        found = list(validate_node(other, instance))
    except (ArithmeticError, RecursionError):  # a value the reference cannot decide
        return False
    for v in found:
        if v.category in _STANCE:
            continue
        if not (v.path == path or v.path.startswith(path + "/") or path == ""):
            continue
        if categories is None or v.category in categories:
            return True
    return False


@dataclass
class Place:
    label: str
    path: str
    old_root: Node
    new_root: Node
    wrap: Wrap


def _covered(covered: set[str], pointer: str) -> bool:
    """Whether a change's pointer is the raw difference's pointer or one of its ancestors:
    looked up prefix by prefix, so the safety net costs the depth of each difference rather
    than the number of changes (every difference against every change was quadratic)."""
    # "": the root schema, which covers its own keywords, not the document's
    if "" in covered and (not pointer or pointer_tokens(pointer)[0] not in _DOCUMENT_KEYS):
        return True
    end = pointer.find("/", 1)
    while end != -1:
        if pointer[:end] in covered:
            return True
        end = pointer.find("/", end + 1)
    return pointer in covered


_DOCUMENT_KEYS = frozenset({"definitions", "$uses", "$root", "$schema", "$id", "$offers"})


def _finite(node: Node) -> tuple[Any, ...] | None:
    """Every value a node can admit, where its keywords make that a short list."""
    if "const" in node.rules:
        return (node.rules["const"],)
    return node.enum


def _worst(verdicts: list[str]) -> str:
    for verdict in ("breaking", "unclassified"):
        if verdict in verdicts:
            return verdict
    return "compatible"


def _fixed(values: list[Any]) -> Callable[[str], Iterable[Any]]:
    return lambda side: values


def _covering(change: Change, *pointers: str) -> Change:

    return replace(change, covers=(*change.covers, *pointers))


def _fp(value: Any, names: dict[int, str]) -> Any:
    if value is ABSENT:
        return ("absent",)
    return fingerprint_value(value, names, 1)


def _verb(a: Any, b: Any) -> str:
    return (
        "added"
        if a is ABSENT or a is None
        else "removed"
        if b is ABSENT or b is None
        else "changed"
    )


def _key(value: Any) -> Any:
    try:
        return json_key(value)
    except TypeError:
        return id(value)


_DRAWN: dict[int, list[Any]] = {}


def _draws(node: Node, count: int = _DRAWS) -> list[Any]:
    """Valid values of a node drawn by the generators (seeded), tried after the rule's own
    candidates."""
    if id(node) in _DRAWN:
        return _DRAWN[id(node)]
    if len(_DRAWN) >= _DRAW_SETS:
        return []
    from .._generation.core import values  # Hypothesis only when a witness needs drawing
    from .._generation.draw import draw_examples

    try:
        found = draw_examples(values(node), count, 0)
    except Exception:  # a node the generators cannot draw from: the candidates decide
        found = []
    _DRAWN[id(node)] = found
    return found


def _extra_name(old: Node, new: Node) -> str:
    name = "extra"
    while name in old.properties or name in new.properties:
        name += "_"
    return name


def _undeclared(node: Node, name: str) -> Any:
    """What the node admits for a member it does not declare: "open", "closed", a schema,
    or "pattern" (a patternProperties schema may apply)."""
    if node.declares(name):
        return "pattern"
    rule = node.rules.get("additionalProperties")
    if rule is False:
        return "closed"
    if isinstance(rule, Node):
        return rule
    return "open"


def _definition_pointer(name: str) -> str:
    return "/definitions/" + "/".join(pointer_join("", part)[1:] for part in name.split("/"))


def _show_default(value: Any) -> str:
    return "(none)" if value is NO_DEFAULT else _dump(value)


def _uses(document: Any) -> set[str]:
    """The extensions a document enables: `$uses`, or the validation meta-schema, which
    enables them all (validation draft)."""
    if not isinstance(document, dict):
        return set()
    uses = document.get("$uses")
    found = {u for u in uses if isinstance(u, str)} if isinstance(uses, list) else set()
    meta = document.get("$schema")
    if isinstance(meta, str) and "/meta/validation/" in meta:
        found |= {"JSONStructureValidation", "JSONStructureConditionalComposition"}
    return found


def _strip(value: Any, draft: str) -> Any:
    """The document with one draft's keywords removed (as a core-only reader sees it)."""
    drop = {n for n, k in KEYWORDS.items() if k.draft == draft and k.check is not None}
    if isinstance(value, dict):
        return {k: _strip(v, draft) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [_strip(v, draft) for v in value]
    return value


def _mentions(value: Any, names: set[str], pointer: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            at = pointer_join(pointer, k)
            if k in names and not pointer.endswith("/properties"):
                found.append(at)
            found.extend(_mentions(v, names, at))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.extend(_mentions(v, names, pointer_join(pointer, i)))
    return found


def _raw_differences(a: Any, b: Any, pointer: str = "") -> Iterator[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            at = pointer_join(pointer, key)
            if key not in a or key not in b:
                yield at
            else:
                yield from _raw_differences(a[key], b[key], at)
    elif _key(a) != _key(b) or (
        type(a) is not type(b) and not (isinstance(a, int | float) and isinstance(b, int | float))
    ):
        yield pointer


#: Keywords whose value holds names rather than keywords: a member named `description` is
#: a property, not a description.
_NAMES = frozenset(
    {
        "properties",
        "definitions",
        "choices",
        "patternProperties",
        "patternKeys",
        "dependentRequired",
    }
)


def _harmless(pointer: str) -> bool:
    tokens = pointer_tokens(pointer)
    return any(
        token in HARMLESS and (i == 0 or tokens[i - 1] not in _NAMES)
        for i, token in enumerate(tokens)
    )
