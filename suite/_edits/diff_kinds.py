"""One rule per kind of change: what the diff reports for a definition added, removed or
renamed, the root, each structural keyword (members, required names, items and map values,
choices, a tuple's order, a default), the document's extensions and meta-schema, and the
safety net that lists every raw difference no change covers. Each takes the walker
(`diff._Differ`) for its reporting, its bases and its places."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._edits.diff_place import (
    Change,
    Place,
    _covered,
    _covering,
    _definition_pointer,
    _fixed,
    _harmless,
    _mentions,
    _raw_differences,
    _show_default,
    _strip,
    _undeclared,
    _uses,
    _valid,
    _verb,
)
from .._edits.diff_rules import (
    required_candidates,
    required_judge,
)
from .._edits.diff_values import (
    ABSENT,
    HARMLESS,
    POOL,
    fingerprint,
    show,
    type_label,
)
from .._io.errors import InputError
from .._io.pointer import pointer_join, pointer_tokens
from .._model.keywords import KEYWORDS
from .._model.plain import plain
from .._model.reference import fill_defaults, json_equal
from .._model.structure import Node, model

if TYPE_CHECKING:
    from .._edits.diff import _Differ


def definitions(d: _Differ) -> None:
    old_all, new_all = d.old_all, d.new_all
    gone = [n for n in old_all if n not in new_all]
    came = [n for n in new_all if n not in old_all]
    renamed: dict[str, str] = {}
    skip = HARMLESS | {"name"}
    # the definitions that came, by body, each taken once, in order: a rename is the
    # first unmatched one with the body of one that went
    bodies: dict[Any, list[str]] = {}
    for c in came:
        bodies.setdefault(fingerprint(new_all[c], d.names, skip=skip), []).append(c)
    for g in gone:
        same = bodies.get(fingerprint(old_all[g], d.names, skip=skip))
        if same:
            renamed[g] = same.pop(0)
    for name in sorted(set(old_all) | set(new_all)):
        pointer = _definition_pointer(name)
        try:
            definition(d, name, old_all.get(name), new_all.get(name), renamed, pointer)
        except Exception as error:  # never a traceback: what cannot be judged is listed
            d.unclassified(
                name, "", "not judged", f"{type(error).__name__}: {error}"[:200], pointer, ""
            )


def definition(
    d: _Differ, name: str, a: Node | None, b: Node | None, renamed: dict[str, str], pointer: str
) -> None:
    if a is not None and b is not None:
        if a.abstract and b.abstract:
            if fingerprint(a, d.names) != fingerprint(b, d.names):
                d.changes.append(
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
            d.judge(
                place,
                "abstract added" if b.abstract else "abstract removed",
                f"{a.abstract} -> {b.abstract}",
                b.abstract,
                a.abstract,
                lambda side: [d.base(a if side == "old" else b, None)],
                None,
                pointer_join(pointer, "abstract"),
                covers=(pointer,),
            )
            return
        d.compare(a, b, place)
        return
    if a is not None:  # removed, or renamed
        target = renamed.get(name)
        kind = "definition renamed" if target else "definition removed"
        detail = f"{name} -> {target} (body unchanged)" if target else name
        if a.abstract:
            d.changes.append(
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
        witness = d.base(a, None)
        ok = _valid(a, witness)
        note = (
            f"a document checked as {name} has no definition to be checked against; "
            f"it is valid as {target}"
            if target
            else ""
        )
        d.changes.append(
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
    d.changes.append(
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


def root(d: _Differ) -> None:
    a, b = d.old.root, d.new.root
    if a is None and b is None:
        return
    pointer = "/$root" if "$root" in (d.new.document if b else d.old.document) else "/type"
    if a is None or b is None:
        present = b if a is None else a
        assert present is not None
        if a is None:
            d.changes.append(
                Change(
                    "$root",
                    "",
                    "root added",
                    type_label(present, d.names),
                    pointer=pointer,
                    covers=(pointer, "/$root", "/type"),
                    note="no document was validated against the root before "
                    "(docs/STANCE.md, added definitions)",
                )
            )
            return
        witness = d.base(a, None)
        ok = _valid(a, witness)
        d.changes.append(
            Change(
                "$root",
                "",
                "root removed",
                type_label(a, d.names),
                producers="breaking" if ok else "unclassified",
                producer_witness=witness if ok else None,
                pointer=pointer,
                covers=(pointer, "/$root", "/type"),
            )
        )
        return
    place = Place("$root", "", a, b, lambda value, side: value)
    start = len(d.changes)
    d.compare(a, b, place, pointer)
    if len(d.changes) > start:  # `$root` and a root `type` stand for each other
        d.changes[start] = _covering(d.changes[start], "/$root", "/type")


def structural(d: _Differ, keyword: str, old: Node, new: Node, place: Place, pointer: str) -> None:
    """A keyword the walker compares place by place, by its own rule (`STRUCTURAL`);
    `description` and `examples` have none: they never change a verdict."""
    rule = STRUCTURAL.get(keyword)
    if rule is not None:
        rule(d, keyword, old, new, place, pointer)


def members(d: _Differ, keyword: str, old: Node, new: Node, place: Place, pointer: str) -> None:
    """`properties`: an object's members one by one, or a tuple's elements."""
    if old.spec.family == "tuple" or new.spec.family == "tuple":
        tuple_members(d, old, new, place)
    else:
        properties(d, old, new, place)


def contents(d: _Differ, keyword: str, old: Node, new: Node, place: Place, pointer: str) -> None:
    """`items` and `values`: the schema of an array's items or a map's values."""
    a, b = old.rules.get(keyword), new.rules.get(keyword)
    child = d.element(place, old, new, 0) if keyword == "items" else d.member(place, old, new, "k")
    if isinstance(a, Node) and isinstance(b, Node):
        d.compare(a, b, child, pointer)
        return
    d.judge(
        child,
        f"{keyword} {_verb(a, b)}",
        f"{show(a)} -> {show(b)}",
        b is not None,
        a is not None,
        lambda side: [plain(n) for n in (a, b) if isinstance(n, Node)] + list(POOL),
        None,
        pointer,
    )


def tuple_order(d: _Differ, keyword: str, old: Node, new: Node, place: Place, pointer: str) -> None:
    """`tuple`: the order of a tuple's elements, judged as a whole."""
    a, b = old.rules.get("tuple"), new.rules.get("tuple")
    d.judge(
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


def properties(d: _Differ, old: Node, new: Node, place: Place) -> None:
    for name in sorted(set(old.properties) | set(new.properties)):
        x, y = old.properties.get(name), new.properties.get(name)
        child = d.member(place, old, new, name)
        if x is not None and y is not None:
            d.compare(x, y, child, pointer_join(new.pointer, "properties", name))
            continue
        declared = y if x is None else x
        assert declared is not None
        pointer = pointer_join((new if y is not None else old).pointer, "properties", name)
        other = _undeclared(old if x is None else new, name)
        if isinstance(other, Node):
            if x is None:
                d.compare(other, declared, child, pointer)
            else:
                d.compare(declared, other, child, pointer)
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
        d.judge(
            child,
            "property added" if x is None else "property removed",
            f"{name} ({type_label(declared, d.names)})",
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
            default(d, a, b, child, pointer_join(pointer, "default"))


def tuple_members(d: _Differ, old: Node, new: Node, place: Place) -> None:
    a, b = old.rules.get("tuple", ()), new.rules.get("tuple", ())
    if a != b:
        return  # the order change is judged as a whole
    for index, name in enumerate(a):
        x, y = old.properties.get(name), new.properties.get(name)
        if x is not None and y is not None:
            d.compare(x, y, d.element(place, old, new, index))


def required(d: _Differ, old: Node, new: Node, place: Place, pointer: str) -> None:
    a, b = old.rules.get("required", ()), new.rules.get("required", ())
    simple = not (a and isinstance(a[0], tuple)) and not (b and isinstance(b[0], tuple))
    if not simple:  # alternative sets, or a switch of form: judged by witness
        verdict = required_judge(a, b, old, new)
        d.judge(
            place,
            verdict.kind,
            verdict.detail,
            True,
            True,
            lambda side: required_candidates(
                a, b, old, new, d.base(old, new) if side == "old" else d.base(new, old)
            ),
            frozenset({"required"}),
            pointer,
            draw_from=(old, new),
        )
        return
    for name in sorted(set(a) ^ set(b)):
        added = name in b
        child = d.member(place, old, new, name)
        d.judge(
            child,
            "required added" if added else "required removed",
            name,
            added,
            not added,
            lambda side: [ABSENT],
            frozenset({"required"}),
            pointer,
        )


def choices(d: _Differ, old: Node, new: Node, place: Place, pointer: str) -> None:
    a, b = old.rules.get("choices", {}), new.rules.get("choices", {})
    inline_old = "$extends" in old.rules and old.rules.get("selector") is not None
    inline_new = "$extends" in new.rules and new.rules.get("selector") is not None
    selector = new.rules.get("selector") if inline_new else None
    if inline_old != inline_new or old.rules.get("selector") != new.rules.get("selector"):
        return  # judged as a selector / $extends change
    for tag in sorted(set(a) | set(b)):
        child = d.tagged(place, tag, selector)
        x, y = a.get(tag), b.get(tag)
        if x is not None and y is not None:
            d.compare(x, y, child, pointer_join(pointer, tag))
            continue
        branch = x if x is not None else y
        assert branch is not None
        d.judge(
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


def default(d: _Differ, old: Node, new: Node, place: Place, pointer: str) -> None:
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
    d.changes.append(
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


def uses(d: _Differ) -> None:
    """`$uses`: under the suite's stance the reference enforces validation and
    composition keywords with or without it (docs/STANCE.md), so no verdict of the
    reference changes; a validator that follows the drafts to the letter, though, starts
    (or stops) enforcing them. Judged as the drafts read it: OLD with the extension's
    keywords removed against NEW (enabled), or the reverse (disabled)."""
    a = _uses(d.old.document)
    b = _uses(d.new.document)
    for extension, draft in (
        ("JSONStructureValidation", "validation"),
        ("JSONStructureConditionalComposition", "composition"),
    ):
        if (extension in a) == (extension in b):
            continue
        enabled = extension in b
        doc = d.new.document if enabled else d.old.document
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
            pair = (stripped, d.new) if enabled else (d.old, stripped)
            for change in type(d)(*pair).run():
                witness = change.producer_witness if enabled else change.consumer_witness
                if witness is not None:
                    break
        verdict = (
            "compatible" if not present else "breaking" if witness is not None else ("unclassified")
        )
        d.changes.append(
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


def meta_schema(d: _Differ) -> None:
    a = d.old.document.get("$schema", ABSENT)
    b = d.new.document.get("$schema", ABSENT)
    if a != b:
        d.changes.append(
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


def safety_net(d: _Differ) -> None:
    covered = {p for c in d.changes for p in (c.pointer, *c.covers) if p is not None}
    for pointer in _raw_differences(d.old.document, d.new.document):
        if _harmless(pointer):
            continue
        if _covered(covered, pointer):
            continue
        tokens = pointer_tokens(pointer)
        if "$extends" in tokens and tokens.index("$extends") > 0:
            at = pointer_join("", *tokens[: tokens.index("$extends") + 1])
            d.changes.append(
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
        d.unclassified(
            "",
            "",
            "unclassified",
            "a difference the diff does not judge",
            pointer,
            "review it by hand: it is not known to be harmless",
        )


Structural = Callable[["_Differ", str, Node, Node, Place, str], None]

#: The rule of each structural keyword (`diff_rules.RULES` marks which are structural).
STRUCTURAL: dict[str, Structural] = {
    "properties": members,
    "required": lambda d, k, old, new, place, pointer: required(d, old, new, place, pointer),
    "items": contents,
    "values": contents,
    "choices": lambda d, k, old, new, place, pointer: choices(d, old, new, place, pointer),
    "tuple": tuple_order,
    "default": lambda d, k, old, new, place, pointer: default(d, old, new, place, pointer),
}

#: The walk of two documents, in order, each phase with the pointer it stands for when it
#: cannot be judged; the safety net comes last, over every change reported before it.
PHASES: tuple[tuple[Callable[[_Differ], None], str], ...] = (
    (definitions, "/definitions"),
    (root, "/$root"),
    (uses, "/$uses"),
    (meta_schema, "/$schema"),
    (safety_net, ""),
)
