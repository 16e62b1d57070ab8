"""diff: what an edit of the structure breaks, for producers and for consumers.

Producers write job documents: an edit breaks them when a document valid under OLD is
rejected by NEW. Consumers read them: an edit breaks them when NEW accepts a document OLD
rejected (or fills a different default). The two structures are walked place by place (a
definition's members, items, map values, tuple elements, choice branches); at each place
every keyword and the type are judged by their rule in `_diff_rules`:

- a direction the rule's logic rules out is `compatible`;
- otherwise the diff looks for a witness: a whole instance of the definition, valid under
  one structure and rejected by the other *at that place, for that rule*, confirmed with
  the reference validator under both. Found: `breaking`. Not found: `unclassified`.

Finally every difference of the two documents' JSON must be covered by a reported change,
or be a description or example (property order is no difference): anything else is listed
as `unclassified` with its JSON Pointer. So nothing is ever silently compatible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import chain
from typing import Any

from .._edits.diff_rules import (
    _PATTERN_DRAWS,
    ABSENT,
    HARMLESS,
    POOL,
    RULES,
    Candidates,
    fingerprint,
    fingerprint_value,
    node_type_contains,
    plain,
    required_candidates,
    required_judge,
    show,
    type_candidates,
    type_label,
)
from .._io.errors import InputError
from .._io.neutral import json_text, markdown, visible
from .._io.pointer import pointer_join, pointer_tokens
from .._model.keywords import KEYWORDS
from .._model.reference import fill_defaults, json_equal, validate_node
from .._model.structure import NO_DEFAULT, Node, Structure, model
from .._model.values import json_key

#: Violations of a stance category never make a witness (docs/STANCE.md).
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
        return not any(True for _ in validate_node(node, instance))
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

    # --- reporting ------------------------------------------------------------------------

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

    # --- bases: simple valid instances at a place ------------------------------------------

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

    # --- places ------------------------------------------------------------------------------

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

    # --- the walk ----------------------------------------------------------------------------

    def run(self) -> list[Change]:
        for phase, pointer in (
            (self.definitions, "/definitions"),
            (self.root, "/$root"),
            (self.uses, "/$uses"),
            (self.meta_schema, "/$schema"),
            (self.safety_net, ""),
        ):
            try:
                phase()
            except Exception as error:  # never a traceback: what cannot be judged is listed
                self.unclassified(
                    "", "", "not judged", f"{type(error).__name__}: {error}"[:200], pointer, ""
                )
        return self.changes

    def definitions(self) -> None:
        old_all, new_all = self.old_all, self.new_all
        gone = [n for n in old_all if n not in new_all]
        came = [n for n in new_all if n not in old_all]
        renamed: dict[str, str] = {}
        skip = HARMLESS | {"name"}
        # the definitions that came, by body, each taken once, in order: a rename is the
        # first unmatched one with the body of one that went
        bodies: dict[Any, list[str]] = {}
        for c in came:
            bodies.setdefault(fingerprint(new_all[c], self.names, skip=skip), []).append(c)
        for g in gone:
            same = bodies.get(fingerprint(old_all[g], self.names, skip=skip))
            if same:
                renamed[g] = same.pop(0)
        for name in sorted(set(old_all) | set(new_all)):
            pointer = _definition_pointer(name)
            try:
                self.definition(name, old_all.get(name), new_all.get(name), renamed, pointer)
            except Exception as error:  # never a traceback: what cannot be judged is listed
                self.unclassified(
                    name, "", "not judged", f"{type(error).__name__}: {error}"[:200], pointer, ""
                )

    def definition(
        self, name: str, a: Node | None, b: Node | None, renamed: dict[str, str], pointer: str
    ) -> None:
        if a is not None and b is not None:
            if a.abstract and b.abstract:
                if fingerprint(a, self.names) != fingerprint(b, self.names):
                    self.changes.append(
                        Change(
                            name,
                            "",
                            "abstract definition changed",
                            "abstract on both sides",
                            pointer=pointer,
                            covers=(pointer,),
                            note="no instance is of an abstract type; the types that extend it "
                            "are diffed with the members they merge",
                        )
                    )
                return
            place = Place(name, "", a, b, lambda value, side: value)
            if a.abstract != b.abstract:
                self.judge(
                    place,
                    "abstract added" if b.abstract else "abstract removed",
                    f"{a.abstract} -> {b.abstract}",
                    b.abstract,
                    a.abstract,
                    lambda side: [self.base(a if side == "old" else b, None)],
                    None,
                    pointer_join(pointer, "abstract"),
                    covers=(pointer,),
                )
                return
            self.compare(a, b, place)
            return
        if a is not None:  # removed, or renamed
            target = renamed.get(name)
            kind = "definition renamed" if target else "definition removed"
            detail = f"{name} -> {target} (body unchanged)" if target else name
            if a.abstract:
                self.changes.append(
                    Change(
                        name,
                        "",
                        kind,
                        detail,
                        pointer=pointer,
                        covers=(pointer,),
                        note="abstract: no instance of it existed",
                    )
                )
                return
            witness = self.base(a, None)
            ok = _valid(a, witness)
            note = (
                f"a document checked as {name} has no definition to be checked against; "
                f"it is valid as {target}"
                if target
                else ""
            )
            self.changes.append(
                Change(
                    name,
                    "",
                    kind,
                    detail,
                    producers="breaking" if ok else "unclassified",
                    producer_witness=witness if ok else None,
                    pointer=pointer,
                    note=note,
                    covers=(pointer, _definition_pointer(target)) if target else (pointer,),
                )
            )
            return
        if name in renamed.values():
            return
        assert b is not None
        self.changes.append(
            Change(
                name,
                "",
                "definition added",
                name + (" (abstract)" if b.abstract else ""),
                pointer=pointer,
                covers=(pointer,),
                note="no document of it existed before (docs/STANCE.md, added definitions)",
            )
        )

    def root(self) -> None:
        a, b = self.old.root, self.new.root
        if a is None and b is None:
            return
        pointer = (
            "/$root" if "$root" in (self.new.document if b else self.old.document) else "/type"
        )
        if a is None or b is None:
            present = b if a is None else a
            assert present is not None
            if a is None:
                self.changes.append(
                    Change(
                        "$root",
                        "",
                        "root added",
                        type_label(present, self.names),
                        pointer=pointer,
                        covers=(pointer, "/$root", "/type"),
                        note="no document was validated against the root before "
                        "(docs/STANCE.md, added definitions)",
                    )
                )
                return
            witness = self.base(a, None)
            ok = _valid(a, witness)
            self.changes.append(
                Change(
                    "$root",
                    "",
                    "root removed",
                    type_label(a, self.names),
                    producers="breaking" if ok else "unclassified",
                    producer_witness=witness if ok else None,
                    pointer=pointer,
                    covers=(pointer, "/$root", "/type"),
                )
            )
            return
        place = Place("$root", "", a, b, lambda value, side: value)
        start = len(self.changes)
        self.compare(a, b, place, pointer)
        if len(self.changes) > start:  # `$root` and a root `type` stand for each other
            self.changes[start] = _covering(self.changes[start], "/$root", "/type")

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
                self.structural(keyword, old, new, place, pointer)
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

    def structural(self, keyword: str, old: Node, new: Node, place: Place, pointer: str) -> None:
        if keyword == "properties":
            if old.spec.family == "tuple" or new.spec.family == "tuple":
                self.tuple_members(old, new, place)
            else:
                self.properties(old, new, place)
        elif keyword == "required":
            self.required(old, new, place, pointer)
        elif keyword in ("items", "values"):
            a, b = old.rules.get(keyword), new.rules.get(keyword)
            child = (
                self.element(place, old, new, 0)
                if keyword == "items"
                else self.member(place, old, new, "k")
            )
            if isinstance(a, Node) and isinstance(b, Node):
                self.compare(a, b, child, pointer)
            else:
                self.judge(
                    child,
                    f"{keyword} {_verb(a, b)}",
                    f"{show(a)} -> {show(b)}",
                    b is not None,
                    a is not None,
                    lambda side: [plain(n) for n in (a, b) if isinstance(n, Node)] + list(POOL),
                    None,
                    pointer,
                )
        elif keyword == "choices":
            self.choices(old, new, place, pointer)
        elif keyword == "tuple":
            a, b = old.rules.get("tuple"), new.rules.get("tuple")
            self.judge(
                place,
                "tuple order changed",
                f"{show(a)} -> {show(b)}",
                True,
                True,
                lambda side: [plain(old), plain(new), [], [plain(old), plain(new)]],
                frozenset({"items", "type"}),
                pointer,
                (pointer_join(old.pointer, "properties"), pointer_join(new.pointer, "properties")),
                draw_from=(old, new),
            )
        elif keyword == "default":
            self.default(old, new, place, pointer)

    def properties(self, old: Node, new: Node, place: Place) -> None:
        for name in sorted(set(old.properties) | set(new.properties)):
            x, y = old.properties.get(name), new.properties.get(name)
            child = self.member(place, old, new, name)
            if x is not None and y is not None:
                self.compare(x, y, child, pointer_join(new.pointer, "properties", name))
                continue
            declared = y if x is None else x
            assert declared is not None
            pointer = pointer_join((new if y is not None else old).pointer, "properties", name)
            other = _undeclared(old if x is None else new, name)
            if isinstance(other, Node):
                if x is None:
                    self.compare(other, declared, child, pointer)
                else:
                    self.compare(declared, other, child, pointer)
                continue
            unconstrained = declared.type == "any" and not declared.rules and not declared.union
            if other == "open":
                narrow_side = not unconstrained
                widen_side = False
            elif other == "closed":
                narrow_side, widen_side = False, True
            else:  # a patternProperties schema may apply: judged by witness
                narrow_side = widen_side = True
            narrow, widen = (narrow_side, widen_side) if x is None else (widen_side, narrow_side)
            self.judge(
                child,
                "property added" if x is None else "property removed",
                f"{name} ({type_label(declared, self.names)})",
                narrow,
                widen,
                _fixed([plain(declared), *POOL]),
                None,
                pointer,
                draw_from=(
                    declared if x is not None else None,
                    declared if y is not None else None,
                ),
            )
            if declared.has_default:  # consumers that fill it see a member come or go
                bare = declared.having(default=None)
                a, b = (bare, declared) if x is None else (declared, bare)
                self.default(a, b, child, pointer_join(pointer, "default"))

    def tuple_members(self, old: Node, new: Node, place: Place) -> None:
        a, b = old.rules.get("tuple", ()), new.rules.get("tuple", ())
        if a != b:
            return  # the order change is judged as a whole
        for index, name in enumerate(a):
            x, y = old.properties.get(name), new.properties.get(name)
            if x is not None and y is not None:
                self.compare(x, y, self.element(place, old, new, index))

    def required(self, old: Node, new: Node, place: Place, pointer: str) -> None:
        a, b = old.rules.get("required", ()), new.rules.get("required", ())
        simple = not (a and isinstance(a[0], tuple)) and not (b and isinstance(b[0], tuple))
        if not simple:  # alternative sets, or a switch of form: judged by witness
            verdict = required_judge(a, b, old, new)
            self.judge(
                place,
                verdict.kind,
                verdict.detail,
                True,
                True,
                lambda side: required_candidates(
                    a, b, old, new, self.base(old, new) if side == "old" else self.base(new, old)
                ),
                frozenset({"required"}),
                pointer,
                draw_from=(old, new),
            )
            return
        for name in sorted(set(a) ^ set(b)):
            added = name in b
            child = self.member(place, old, new, name)
            self.judge(
                child,
                "required added" if added else "required removed",
                name,
                added,
                not added,
                lambda side: [ABSENT],
                frozenset({"required"}),
                pointer,
            )
            # the violation is reported at the member: attribute at the member's path

    def choices(self, old: Node, new: Node, place: Place, pointer: str) -> None:
        a, b = old.rules.get("choices", {}), new.rules.get("choices", {})
        inline_old = "$extends" in old.rules and old.rules.get("selector") is not None
        inline_new = "$extends" in new.rules and new.rules.get("selector") is not None
        selector = new.rules.get("selector") if inline_new else None
        if inline_old != inline_new or old.rules.get("selector") != new.rules.get("selector"):
            return  # judged as a selector / $extends change
        for tag in sorted(set(a) | set(b)):
            child = self.tagged(place, tag, selector)
            x, y = a.get(tag), b.get(tag)
            if x is not None and y is not None:
                self.compare(x, y, child, pointer_join(pointer, tag))
                continue
            branch = x if x is not None else y
            assert branch is not None
            self.judge(
                child,
                "choice added" if x is None else "choice removed",
                tag,
                x is not None,
                y is not None,
                _fixed([plain(branch)]),
                frozenset({"type"}),
                pointer_join(pointer, tag),
                draw_from=(branch, branch),
            )

    def default(self, old: Node, new: Node, place: Place, pointer: str) -> None:
        """A changed default breaks consumers that fill it: the same document means another
        job. Validity is unchanged (a default is never a rule), so producers are safe."""
        if json_equal(old.default, new.default) and old.has_default == new.has_default:
            return
        parent = place.path.rsplit("/", 1)[0] if place.path else None
        witness = None
        if parent is not None:
            candidate = place.wrap(ABSENT, "new")
            if (
                _valid(place.old_root, candidate)
                and _valid(place.new_root, candidate)
                and not json_equal(
                    fill_defaults(place.old_root, candidate),
                    fill_defaults(place.new_root, candidate),
                )
            ):
                witness = candidate
        verb = "added" if not old.has_default else "removed" if not new.has_default else "changed"
        self.changes.append(
            Change(
                place.label,
                place.path,
                f"default {verb}",
                f"{_show_default(old.default)} -> {_show_default(new.default)}",
                consumers="breaking" if witness is not None else "unclassified",
                consumer_witness=witness,
                pointer=pointer,
                note="" if witness is not None else "no instance where the filled values differ",
                covers=(pointer, pointer_join(old.pointer, "default")),
            )
        )

    # --- the document --------------------------------------------------------------------------

    def uses(self) -> None:
        """`$uses`: under the suite's stance the reference enforces validation and
        composition keywords with or without it (docs/STANCE.md), so no verdict of the
        reference changes; a validator that follows the drafts to the letter, though, starts
        (or stops) enforcing them. Judged as the drafts read it: OLD with the extension's
        keywords removed against NEW (enabled), or the reverse (disabled)."""
        a = _uses(self.old.document)
        b = _uses(self.new.document)
        for extension, draft in (
            ("JSONStructureValidation", "validation"),
            ("JSONStructureConditionalComposition", "composition"),
        ):
            if (extension in a) == (extension in b):
                continue
            enabled = extension in b
            doc = self.new.document if enabled else self.old.document
            try:
                stripped = model(_strip(doc, draft))
            except (InputError, RecursionError):
                stripped = None
            pointer = "/$uses" if "$uses" in doc else "/$schema"
            witness = None
            rules = {n for n, k in KEYWORDS.items() if k.draft == draft and k.check is not None}
            present = _mentions(doc, rules)
            if stripped is not None and present:
                # the extension's own effect: NEW with and without it (enabled), OLD with
                # and without it (disabled)
                pair = (stripped, self.new) if enabled else (self.old, stripped)
                for change in _Differ(*pair).run():
                    witness = change.producer_witness if enabled else change.consumer_witness
                    if witness is not None:
                        break
            verdict = (
                "compatible"
                if not present
                else "breaking"
                if witness is not None
                else ("unclassified")
            )
            self.changes.append(
                Change(
                    "",
                    "",
                    f"{draft} extension {'enabled' if enabled else 'disabled'}",
                    f"{extension}: {len(present)} keyword uses become "
                    f"{'rules' if enabled else 'annotations'} for validators following the drafts",
                    producers=verdict if enabled else "compatible",
                    consumers="compatible" if enabled else verdict,
                    producer_witness=witness if enabled else None,
                    consumer_witness=None if enabled else witness,
                    pointer=pointer,
                    note="the suite's reference enforces these keywords either way "
                    "(docs/STANCE.md); the witness is judged as the drafts read the side "
                    "without the extension",
                    covers=(pointer,),
                )
            )

    def meta_schema(self) -> None:
        a = self.old.document.get("$schema", ABSENT)
        b = self.new.document.get("$schema", ABSENT)
        if a != b:
            self.changes.append(
                Change(
                    "",
                    "",
                    "$schema changed",
                    f"{show(a)} -> {show(b)}",
                    pointer="/$schema",
                    covers=("/$schema",),
                    note="the reference reads every keyword under any meta-schema; an "
                    "extension the meta-schema enables is judged as an extension change",
                )
            )

    def safety_net(self) -> None:
        covered = {p for c in self.changes for p in (c.pointer, *c.covers) if p is not None}
        for pointer in _raw_differences(self.old.document, self.new.document):
            if _harmless(pointer):
                continue
            if _covered(covered, pointer):
                continue
            tokens = pointer_tokens(pointer)
            if "$extends" in tokens and tokens.index("$extends") > 0:
                at = pointer_join("", *tokens[: tokens.index("$extends") + 1])
                self.changes.append(
                    Change(
                        "",
                        "",
                        "$extends changed",
                        at,
                        pointer=at,
                        note="an object's bases are merged into it; the merged members are "
                        "diffed one by one above",
                        covers=(at,),
                    )
                )
                covered.add(at)
                continue
            self.unclassified(
                "",
                "",
                "unclassified",
                "a difference the diff does not judge",
                pointer,
                "review it by hand: it is not known to be harmless",
            )


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
    from dataclasses import replace

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
    from .._model.lexical import search

    if any(search(p, name) for p in node.rules.get("patternProperties", {})):
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
