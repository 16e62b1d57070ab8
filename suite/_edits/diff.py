"""diff: what an edit of the structure breaks, for producers and for consumers.

Producers write job documents: an edit breaks them when a document valid under OLD is
rejected by NEW. Consumers read them: an edit breaks them when NEW accepts a document OLD
rejected (or fills a different default). The two structures are walked place by place (a
definition's members, items, map values, tuple elements, choice branches); at each place
every keyword and the type are judged by their rule in `diff_rules` (what a node's values
look like is in `diff_values`), and each kind of change (a definition added, a member
removed, a default changed, ...) is reported by its own rule in `diff_kinds`, with the
vocabulary they share in `diff_place`:

- a direction the rule's logic rules out is `compatible`;
- otherwise the diff looks for a witness: a whole instance of the definition, valid under
  one structure and rejected by the other *at that place, for that rule*, confirmed with
  the reference validator under both. Found: `breaking`. Not found: `unclassified`.

Finally every difference of the two documents' JSON must be covered by a reported change,
or be a description or example (property order is no difference): anything else is listed
as `unclassified` with its JSON Pointer. So nothing is ever silently compatible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict
from itertools import chain
from typing import Any

from .._edits import diff_kinds as _kinds
from .._edits.diff_place import (
    _DRAWN,
    _TRIES,
    _TYPE_CATEGORIES,
    Change,
    Place,
    _covering,
    _draws,
    _dump,
    _extra_name,
    _finite,
    _fp,
    _key,
    _rejected_here,
    _valid,
    _verb,
    _worst,
)
from .._edits.diff_rules import (
    RULES,
    Candidates,
)
from .._edits.diff_values import (
    _PATTERN_DRAWS,
    ABSENT,
    HARMLESS,
    fingerprint,
    node_type_contains,
    show,
    type_candidates,
    type_label,
)
from .._io.neutral import markdown
from .._io.pointer import pointer_join
from .._model.keywords import KEYWORDS
from .._model.plain import plain
from .._model.structure import Node, Structure


class _Differ:
    def __init__(self, old: Structure, new: Structure) -> None:
        self.old, self.new = old, new
        self.old_all = {**old.definitions, **old.abstract}
        self.new_all = {**new.definitions, **new.abstract}
        self.names: dict[int, str] = {id(n): k for k, n in self.old_all.items()}
        self.names.update({id(n): k for k, n in self.new_all.items()})
        self.changes: list[Change] = []
        self._seen: set[tuple[int, int, str]] = set()
        self._bases: dict[tuple[int, int], Any] = {}

    def judge(
        self,
        place: Place,
        kind: str,
        detail: str,
        narrow: bool,
        widen: bool,
        candidates: Callable[[str], Iterable[Any]],
        categories: frozenset[str] | None,
        pointer: str,
        covers: Iterable[str] = (),
        draw_from: tuple[Node | None, Node | None] = (None, None),
        note: str = "",
        finite: tuple[Node, Node] | None = None,
    ) -> None:
        """Record one change: each direction the rule may break is searched for a witness.
        `finite`: the two nodes at the place; where one side admits finitely many values
        (`enum`, `const`), trying each of them decides that direction exactly."""
        if finite is not None:
            old_node, new_node = finite
            if narrow and _finite(old_node) is not None:
                narrow = any(
                    _valid(old_node, v) and not _valid(new_node, v) for v in _finite(old_node) or ()
                )
            if widen and _finite(new_node) is not None:
                widen = any(
                    _valid(new_node, v) and not _valid(old_node, v) for v in _finite(new_node) or ()
                )
        producer = consumer = None
        first_old = list(_finite(finite[0]) or ()) if finite else []
        first_new = list(_finite(finite[1]) or ()) if finite else []
        if narrow:
            producer = self.witness(
                place, "old", chain(first_old, candidates("old")), categories, draw_from[0]
            )
        if widen:
            consumer = self.witness(
                place, "new", chain(first_new, candidates("new")), categories, draw_from[1]
            )

        def verdict(may: bool, found: Any) -> str:
            return "compatible" if not may else "breaking" if found is not None else "unclassified"

        producers, consumers = verdict(narrow, producer), verdict(widen, consumer)
        if "unclassified" in (producers, consumers) and not note:
            note = "no witness found, and the rule's logic cannot rule a break out"
        self.changes.append(
            Change(
                place.label,
                place.path,
                kind,
                detail,
                producers,
                consumers,
                producer,
                consumer,
                pointer,
                note,
                (pointer, *covers),
            )
        )

    def witness(
        self,
        place: Place,
        side: str,
        candidates: Iterable[Any],
        categories: frozenset[str] | None,
        draw_from: Node | None,
    ) -> Any:
        source, other = (
            (place.old_root, place.new_root) if side == "old" else (place.new_root, place.old_root)
        )
        tried: set[Any] = set()
        for count, value in enumerate(candidates):
            if count >= _TRIES:
                break
            instance = place.wrap(value, side)
            key = _key(instance)
            if key in tried:
                continue
            tried.add(key)
            if _valid(source, instance) and _rejected_here(other, instance, place.path, categories):
                return instance
        if draw_from is not None:
            for value in _draws(draw_from):
                instance = place.wrap(value, side)
                if _valid(source, instance) and _rejected_here(
                    other, instance, place.path, categories
                ):
                    return instance
        return None

    def unclassified(
        self, label: str, path: str, kind: str, detail: str, pointer: str, note: str
    ) -> None:
        self.changes.append(
            Change(
                label,
                path,
                kind,
                detail,
                "unclassified",
                "unclassified",
                None,
                None,
                pointer,
                note,
                (pointer,),
            )
        )

    def base(self, source: Node, other: Node | None) -> Any:
        """A simple value of `source` that satisfies `other` where it can, so a witness
        shows one change rather than every change of the edit at once."""
        key = (id(source), id(other))
        if key in self._bases:
            return self._bases[key]
        value = plain(source)
        if other is not None and isinstance(value, dict):
            extra = plain(other)
            if isinstance(extra, dict):
                merged = {
                    **{k: plain(source.properties[k]) for k in extra if k in source.properties},
                    **value,
                }
                if _valid(source, merged):
                    value = merged
        if not _valid(source, value):
            value = next((v for v in _draws(source, 4) if _valid(source, v)), value)
        self._bases[key] = value
        return value

    def member(self, place: Place, old: Node, new: Node, name: str) -> Place:
        def wrap(value: Any, side: str) -> Any:
            src, other = (old, new) if side == "old" else (new, old)
            base = self.base(src, other)
            obj = dict(base) if isinstance(base, dict) else {}
            if value is ABSENT:
                obj.pop(name, None)
            else:
                obj[name] = value
            return place.wrap(obj, side)

        return Place(
            place.label, pointer_join(place.path, name), place.old_root, place.new_root, wrap
        )

    def element(self, place: Place, old: Node, new: Node, index: int) -> Place:
        def wrap(value: Any, side: str) -> Any:
            src, other = (old, new) if side == "old" else (new, old)
            base = self.base(src, other)
            seq = list(base) if isinstance(base, list) else []
            while len(seq) <= index:
                seq.append(None)
            if value is ABSENT:
                seq = seq[:index]
            else:
                seq[index] = value
            return place.wrap(seq, side)

        return Place(
            place.label, pointer_join(place.path, index), place.old_root, place.new_root, wrap
        )

    def tagged(self, place: Place, tag: str, selector: str | None) -> Place:
        def wrap(value: Any, side: str) -> Any:
            if selector is None:
                return place.wrap({tag: value}, side)
            if isinstance(value, dict):
                return place.wrap({**value, selector: tag}, side)
            return place.wrap(value, side)

        path = place.path if selector is not None else pointer_join(place.path, tag)
        return Place(place.label, path, place.old_root, place.new_root, wrap)

    def run(self) -> list[Change]:
        for phase, pointer in _kinds.PHASES:
            try:
                phase(self)
            except Exception as error:  # never a traceback: what cannot be judged is listed
                self.unclassified(
                    "", "", "not judged", f"{type(error).__name__}: {error}"[:200], pointer, ""
                )
        return self.changes

    def compare(self, old: Node, new: Node, place: Place, at: str | None = None) -> None:
        """Every change between two nodes at one place; `at` is where the place is written
        (for a reference, the member that holds it)."""
        key = (id(old), id(new), place.path)
        if key in self._seen:
            return
        self._seen.add(key)
        names = self.names
        old_name, new_name = names.get(id(old)), names.get(id(new))
        is_root = place.path == "" and place.label in (old_name, new_name)
        if (old_name or new_name) and not is_root:
            if old_name == new_name:
                return  # the definition itself is diffed on its own
            start = len(self.changes)
            if fingerprint(old, names) != fingerprint(new, names):
                self.body(old, new, place)
            subs = self.changes[start:]
            worst = _worst([c.producers for c in subs]), _worst([c.consumers for c in subs])
            header = Change(
                place.label,
                place.path,
                "reference changed",
                f"{type_label(old, names)} -> {type_label(new, names)}",
                worst[0],
                worst[1],
                next((c.producer_witness for c in subs if c.producer_witness is not None), None),
                next((c.consumer_witness for c in subs if c.consumer_witness is not None), None),
                at or new.pointer,
                "judged member by member: see the changes that follow" if subs else "same body",
                (at or new.pointer,),
            )
            self.changes.insert(start, header)
            return
        if fingerprint(old, names) == fingerprint(new, names):
            return
        self.body(old, new, place)

    def body(self, old: Node, new: Node, place: Place) -> None:
        names = self.names
        pointer = new.pointer
        if type_label(old, names, True) != type_label(new, names, True):
            narrow = not node_type_contains(new, old, names, True)
            widen = not node_type_contains(old, new, names, True)
            self.judge(
                place,
                "type changed",
                f"{type_label(old, names, True)} -> {type_label(new, names, True)}",
                narrow,
                widen,
                lambda side: type_candidates(old, new),
                _TYPE_CATEGORIES,
                pointer_join(pointer, "type"),
                covers=(pointer_join(old.pointer, "type"),),
                draw_from=(old, new),
                finite=(old, new),
            )
            families = {old.spec.family, new.spec.family}
            if (len(families) > 1 and families != {"array", "set"}) or old.union or new.union:
                self.changes[-1] = _covering(self.changes[-1], old.pointer, pointer)
                return
        self.keywords(old, new, place)

    def keywords(self, old: Node, new: Node, place: Place) -> None:
        names = self.names
        done: set[str] = set()
        for keyword in sorted(set(old.rules) | set(new.rules)):
            a, b = old.rules.get(keyword, ABSENT), new.rules.get(keyword, ABSENT)
            if keyword in HARMLESS:
                continue
            rule = RULES.get(keyword)
            group = rule.group if rule and rule.group else keyword
            if group in done:
                continue
            members = [k for k, r in RULES.items() if k == group or r.group == group]
            if all(
                _fp(old.rules.get(k, ABSENT), names) == _fp(new.rules.get(k, ABSENT), names)
                for k in members
            ):
                continue
            done.add(group)
            pointer = pointer_join(new.pointer if b is not ABSENT else old.pointer, keyword)
            covers = tuple(
                pointer_join(n.pointer, k) for k in members for n in (old, new) if k in n.rules
            )
            if rule is None:
                self.unclassified(
                    place.label,
                    place.path,
                    f"{keyword} changed",
                    f"{show(a)} -> {show(b)}",
                    pointer,
                    "not a keyword of the three drafts; not judged",
                )
                continue
            if rule.structural:
                _kinds.structural(self, keyword, old, new, place, pointer)
                continue
            if rule.unjudged:
                self.unclassified(
                    place.label,
                    place.path,
                    f"{keyword} {_verb(a, b)}",
                    f"{show(a)} -> {show(b)}",
                    pointer,
                    rule.unjudged,
                )
                continue
            if keyword == "additionalProperties" and isinstance(a, Node) and isinstance(b, Node):
                self.compare(a, b, self.member(place, old, new, _extra_name(old, new)))
                continue
            real = group
            rule = RULES[real]
            a, b = old.rules.get(real, ABSENT), new.rules.get(real, ABSENT)
            assert rule.judge is not None and rule.candidates is not None
            verdict = rule.judge(a, b, old, new)
            category = KEYWORDS[real].category if real in KEYWORDS else None
            if real in ("patternProperties", "patternKeys"):
                category = None  # the member's own schema reports the violation
            cands = rule.candidates

            def candidates(
                side: str, cands: Candidates = cands, a: Any = a, b: Any = b
            ) -> Iterable[Any]:
                base = self.base(old, new) if side == "old" else self.base(new, old)
                return cands(a, b, old, new, base)

            self.judge(
                place,
                verdict.kind,
                verdict.detail,
                verdict.narrow,
                verdict.widen,
                candidates,
                frozenset({category}) if category else None,
                pointer,
                covers,
                draw_from=(old, new),
                finite=(old, new),
            )


def diff(old: Structure, new: Structure) -> list[Change]:
    """Every change from OLD to NEW, classified for producers and consumers."""
    _DRAWN.clear()
    _PATTERN_DRAWS.clear()
    return _Differ(old, new).run()


def exit_code(changes: list[Change]) -> int:
    return 1 if any(c.breaking or c.unclassified for c in changes) else 0


def as_json(changes: list[Change]) -> list[dict[str, Any]]:
    out = []
    for c in changes:
        record = asdict(c)
        record.pop("covers", None)
        out.append({**record, "breaking": c.breaking, "unclassified": c.unclassified})
    return out


__all__ = ["Change", "as_json", "diff", "exit_code", "pointer_join"]


def _md(text: str) -> str:
    """Foreign text (names, values from the structures) inert in a Markdown table cell."""
    return markdown(text)


def as_markdown(changes: list[Change], old: str = "OLD", new: str = "NEW") -> str:
    """The changes as a pull-request comment."""
    breaking = sum(c.breaking for c in changes)
    unclassified = sum(c.unclassified for c in changes)
    verdict = (
        "**breaking**"
        if breaking
        else "**unclassified changes: review by hand**"
        if unclassified
        else "compatible"
    )
    lines = [
        "### Structure diff",
        "",
        f"{_md(old)} → {_md(new)}: {len(changes)} changes, {breaking} breaking, "
        f"{unclassified} unclassified — {verdict}",
        "",
    ]
    if not changes:
        return "\n".join(lines)
    lines += [
        "| where | change | producers | consumers | witness |",
        "|---|---|---|---|---|",
    ]
    for c in changes:
        where = f"{c.definition}{c.path}" if c.definition else c.pointer or "/"
        witness = []
        if c.producer_witness is not None:
            witness.append("OLD ✓ NEW ✗: " + _dump(c.producer_witness))
        if c.consumer_witness is not None:
            label = "filled differently" if c.kind.startswith("default") else "NEW ✓ OLD ✗"
            witness.append(f"{label}: " + _dump(c.consumer_witness))
        if c.unclassified:
            witness.append(f"at {c.pointer}: {c.note}")
        cells = [
            _md(where),
            _md(f"{c.kind} ({c.detail})"),
            _md(c.producers),
            _md(c.consumers),
            "<br>".join(_md(w[:300]) for w in witness),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
