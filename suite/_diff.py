"""diff: what an edit of the structure breaks, for producers and for consumers.

Producers write job documents: an edit breaks them when a document valid under OLD is
rejected by NEW. Consumers read them: an edit breaks them when NEW accepts a document OLD
rejected (or fills a different default). Every breaking claim carries a witness instance,
confirmed with the reference validator under both structures.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from ._draw import draw_examples
from ._errors import pointer_join, pointer_tokens
from ._generate import WRONG_TYPES, valid
from ._reference import fill_defaults, json_equal, validate_node
from ._structure import NO_DEFAULT, Node, Structure

_ABSENT: Any = object()


@dataclass(frozen=True)
class Change:
    definition: str
    path: str
    kind: str
    detail: str
    producers: str = "compatible"  # or "breaking"
    consumers: str = "compatible"
    producer_witness: Any = None
    consumer_witness: Any = None

    @property
    def breaking(self) -> bool:
        return "breaking" in (self.producers, self.consumers)

    def line(self) -> str:
        text = (
            f"{self.definition}{self.path or ''}: {self.kind} ({self.detail}); "
            f"producers {self.producers}, consumers {self.consumers}"
        )
        if self.producer_witness is not None:
            text += f"\n    valid under OLD, rejected by NEW: {_dump(self.producer_witness)}"
        if self.consumer_witness is not None:
            text += f"\n    accepted by NEW, rejected by OLD: {_dump(self.consumer_witness)}"
        return text


def _dump(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _valid(node: Node | None, instance: Any) -> bool:
    return node is not None and not list(validate_node(node, instance))


def _plain(node: Node) -> Any:
    from ._engine import plain_value

    return plain_value(node)


def _set(base: Any, tokens: list[str], value: Any) -> Any:
    """A copy of base with value at tokens (or the member removed), parents created."""
    if not tokens:
        return value
    copy = dict(base) if isinstance(base, dict) else {}
    head, rest = tokens[0], tokens[1:]
    if head == "0" and isinstance(base, list):
        return [_set(base[0] if base else {}, rest, value)] if value is not _ABSENT or rest else []
    if not rest:
        if value is _ABSENT:
            copy.pop(head, None)
        else:
            copy[head] = value
        return copy
    copy[head] = _set(copy.get(head, {}), rest, value)
    return copy


def _candidates(old: Node | None, new: Node | None) -> Iterator[Any]:
    """Values worth trying at a changed place: both sides' edges, wrong types, absence."""
    for node in (old, new):
        if node is None:
            continue
        yield _plain(node)
        yield from node.enum or ()
        if node.spec.family == "integer":
            low, high = node.bounds()
            yield from (low, low - 1, low + 1, high, high + 1)
            spec = node.spec
            yield from (spec.low, spec.high, -1, 0)
        yield from node.spec.edges
        yield from WRONG_TYPES.get(node.type, ())
    yield from ("x", 1, True, None, [], {})
    yield _ABSENT


def _rejected_here(other: Node | None, instance: Any, path: str) -> bool:
    """`other` rejects the instance, and for a reason at the changed place."""
    if other is None:
        return True
    return any(
        v.path == path or v.path.startswith(path + "/") for v in validate_node(other, instance)
    )


def _witness(
    source: Node,
    other: Node | None,
    base: Any,
    tokens: list[str],
    old: Node | None,
    new: Node | None,
) -> Any:
    """An instance valid under `source` that `other` rejects because of the change at tokens."""
    path = pointer_join("", *tokens)
    for value in _candidates(old, new):
        candidate = _set(base, tokens, value)
        if _valid(source, candidate) and _rejected_here(other, candidate, path):
            return candidate
    for example in draw_examples(valid(source), 60, 0):  # fall back to generated instances
        if _rejected_here(other, example, path):
            return example
    return None


def _base(source: Node, other: Node) -> Any:
    """A plain instance of `source` that also satisfies `other` where it can, so a witness
    shows one change rather than every change of the edit at once."""
    merged = {**_plain(other), **_plain(source)} if source.type == other.type == "object" else None
    return merged if merged is not None and _valid(source, merged) else _plain(source)


def _places(node: Node) -> dict[str, Node]:
    return {path: child for path, child in node.walk()}


def diff(old: Structure, new: Structure) -> list[Change]:
    changes: list[Change] = []
    for name in sorted(set(old.definitions) | set(new.definitions)):
        a, b = old.definitions.get(name), new.definitions.get(name)
        if a is None or b is None:
            present = b if a is None else a
            assert present is not None
            kind = "definition added" if a is None else "definition removed"
            witness = _plain(present)
            changes.append(
                Change(
                    name,
                    "",
                    kind,
                    name,
                    producers="breaking" if b is None else "compatible",
                    consumers="breaking" if a is None else "compatible",
                    producer_witness=witness if b is None else None,
                    consumer_witness=witness if a is None else None,
                )
            )
            continue
        changes.extend(_diff_definition(name, a, b))
    return changes


def _diff_definition(name: str, a: Node, b: Node) -> Iterator[Change]:
    old_places, new_places = _places(a), _places(b)
    base_old, base_new = _base(a, b), _base(b, a)
    for path in sorted(set(old_places) | set(new_places), key=lambda p: (p.count("/"), p)):
        x, y = old_places.get(path), new_places.get(path)
        tokens = pointer_tokens(path)
        kinds: list[tuple[str, str]] = []
        if x is None:
            kinds.append(("property added", f"{path} ({y.type if y else ''})"))
        elif y is None:
            kinds.append(("property removed", f"{path} ({x.type})"))
        else:
            if x.type != y.type:
                kinds.append(("type changed", f"{x.type} -> {y.type}"))
            if x.type == y.type:
                old_enum, new_enum = set(map(repr, x.enum or ())), set(map(repr, y.enum or ()))
                if (x.enum is not None and (y.enum is None or old_enum - new_enum)) or (
                    y.enum is not None and x.enum is not None and new_enum - old_enum
                ):
                    gone = sorted(old_enum - new_enum) if y.enum is not None else []
                    came = sorted(new_enum - old_enum)
                    kinds.append(("enum changed", f"removed {gone or '-'}, added {came or '-'}"))
                elif x.enum is None and y.enum is not None:
                    kinds.append(("enum added", f"{list(y.enum)}"))
                if x.minimum != y.minimum:
                    verb = "raised" if (y.minimum or -1e300) > (x.minimum or -1e300) else "lowered"
                    kinds.append((f"minimum {verb}", f"{x.minimum} -> {y.minimum}"))
                if x.type == "object":
                    for prop in sorted(set(y.required) - set(x.required)):
                        kinds.append(("required added", prop))
                    for prop in sorted(set(x.required) - set(y.required)):
                        kinds.append(("required removed", prop))
            if not json_equal(x.default, y.default) and (x.has_default or y.has_default):
                kinds.append(("default changed", f"{_show(x.default)} -> {_show(y.default)}"))
        for kind, detail in kinds:
            target = tokens
            old_node, new_node = x, y
            if kind.startswith("required"):
                target = [*tokens, detail]
                old_node, new_node = (
                    x.properties.get(detail) if x else None,
                    y.properties.get(detail) if y else None,
                )
            if kind == "default changed":
                yield _default_change(name, path, detail, a, b, base_new, tokens)
                continue
            producer = _witness(a, b, base_old, target, old_node, new_node)
            consumer = _witness(b, a, base_new, target, old_node, new_node)
            yield Change(
                name,
                path,
                kind,
                detail,
                producers="breaking" if producer is not None else "compatible",
                consumers="breaking" if consumer is not None else "compatible",
                producer_witness=producer,
                consumer_witness=consumer,
            )


def _default_change(
    name: str, path: str, detail: str, a: Node, b: Node, base: Any, tokens: list[str]
) -> Change:
    """A changed default breaks consumers that fill it: the same document means another job."""
    witness = _set(base, tokens, _ABSENT)
    differs = (
        _valid(a, witness)
        and _valid(b, witness)
        and not json_equal(fill_defaults(a, witness), fill_defaults(b, witness))
    )
    return Change(
        name,
        path,
        "default changed",
        detail,
        consumers="breaking" if differs else "compatible",
        consumer_witness=witness if differs else None,
    )


def _show(value: Any) -> str:
    return "(none)" if value is NO_DEFAULT else _dump(value)


def as_json(changes: list[Change]) -> list[dict[str, Any]]:
    return [{**asdict(c), "breaking": c.breaking} for c in changes]


__all__ = ["Change", "as_json", "diff", "pointer_join"]
