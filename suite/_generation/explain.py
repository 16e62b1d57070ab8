"""Explaining a refusal: the smallest change to a refused compound value that the
validator accepts (members dropped or added, another branch or tag, one element less),
and the rule that change names. `blame` says which rule a single value exercises; this
module works on the containers around it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from .._generation.blame import blame, members
from .._io.pointer import escape_token
from .._model.plain import candidates, plain
from .._model.reference import admits, json_equal
from .._model.structure import Node
from .._model.types import spell


def _nowhere(node: Node, value: Any) -> bool | None:
    return None


class Ask(NamedTuple):
    """What an explanation asks of the engine besides "is this accepted": a valid value of a
    node where no simple one fits (`draw`), and, for a string node with a `pattern` and a
    value, whether another place of the structure with the same pattern accepts that value
    (`elsewhere`: None when there is no such place or nobody asks). The same for a whole
    diagnosis, so it is handed down as one value."""

    draw: Callable[[Node], Any]
    elsewhere: Callable[[Node, Any], bool | None] = _nowhere


#: Rules of a container's own count, per family: a refusal that dropping or adding one member
#: explains is blamed on them where the node states one, else on the container's shape.
_COUNTS = {
    "object": ("minProperties", "maxProperties"),
    "map": ("minEntries", "maxEntries", "keyNames", "patternKeys"),
    "array": ("minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains"),
    "set": ("minItems", "maxItems", "contains"),
    "tuple": (),
}


def explain(
    accepted: Callable[[Any], bool], node: Node, value: Any, ask: Ask
) -> tuple[str, str] | None:
    """The rule of the smallest change that makes a refused compound value accepted, as
    (category, why), or None when no such change is found.

    `narrow` has already tried each member replaced by a plain one; what is left is the
    container itself: undeclared members dropped, an empty container given one member,
    declared members added (an alternative set of `required`, a member read as required),
    declared members dropped (a member refused as such, a set of `required` read wrong), one
    element or entry dropped (a count or key rule), another branch or tag of a choice. Each
    `why` names only members and values of the value shown, so a witness's detail describes
    its own instance.
    """
    family = node.spec.family
    if family in ("object", "map", "choice") and not isinstance(value, dict):
        return None
    if family in ("array", "set", "tuple") and not isinstance(value, list):
        return None
    if family == "object":
        return _explain_object(accepted, node, value, ask)
    if family == "map":
        return _explain_map(accepted, node, value, ask)
    if family == "choice":
        return _explain_tagged(accepted, node, value, ask)
    if family in ("array", "set", "tuple"):
        return _explain_list(accepted, node, value, ask)
    return None


def _names(names: Any) -> str:
    return ", ".join(repr(n) for n in names)


def _alternative_sets(node: Node) -> tuple[tuple[str, ...], ...]:
    sets = node.rules.get("required", ())
    return tuple(sets) if sets and isinstance(sets[0], tuple) else ()


def _in_required_rules(node: Node, name: str) -> bool:
    """Whether a member takes part in a `required` rule beyond the simple form: a name of
    an alternative set, or either side of `dependentRequired`."""
    if any(name in names for names in _alternative_sets(node)):
        return True
    dependent = node.rules.get("dependentRequired") or {}
    return name in dependent or any(name in needs for needs in dependent.values())


def empty_shape(
    accepted: Callable[[Any], bool], node: Node, value: Any, ask: Ask
) -> tuple[str, str] | None:
    """An empty container refused that any one member makes accepted (`_empty_shape`)."""
    family = node.spec.family
    if value == {} and family == "object":
        filled = [{n: plain(c, ask.draw)} for n, c in node.properties.items()]
        return _empty_shape(accepted, node, filled)
    if value == {} and family == "map" and isinstance(node.rules.get("values"), Node):
        names = node.rules.get("keyNames")
        key = plain(names, ask.draw) if isinstance(names, Node) else "key"
        values = node.rules["values"]
        if not isinstance(key, str):
            return None
        return _empty_shape(accepted, node, [{key: plain(values, ask.draw)}])
    if value == [] and family in ("array", "set") and node.items is not None:
        return _empty_shape(accepted, node, [[plain(node.items, ask.draw)]])
    return None


def _empty_shape(
    accepted: Callable[[Any], bool], node: Node, filled: list[Any]
) -> tuple[str, str] | None:
    """An empty container refused that any one member makes accepted: its shape (`{}` read as
    an array, `[]` as an object) or, where the node states one, its count rule."""
    if len(filled) < 1 or not all(accepted(v) for v in filled):
        return None
    if len(filled) == 1 and node.spec.family == "object":
        return None  # one declared member: a member read as required looks the same
    counted = [k for k in _COUNTS.get(node.spec.family, ()) if node.rules.get(k)]
    category = ("entries" if node.spec.family == "map" else "items") if counted else "type"
    if node.spec.family == "object" and counted:
        category = "entries"
    shown = "{}" if node.spec.family in ("object", "map") else "[]"
    return category, f"refuses the empty {node.spec.family} {shown} and accepts it with one member"


def _explain_object(
    accepted: Callable[[Any], bool], node: Node, value: dict[str, Any], ask: Ask
) -> tuple[str, str] | None:
    extra = [name for name in value if name not in node.properties]
    if extra and accepted({k: v for k, v in value.items() if k in node.properties}):
        stated = node.additional_properties
        if "patternProperties" in node.rules:
            category = "pattern"
        elif stated is None:
            category = "unknown-properties"
        else:
            category = "additional-properties"
        return category, f"accepted once its undeclared members ({_names(extra)}) are dropped"
    if not value:
        shaped = empty_shape(accepted, node, value, ask)
        if shaped is not None:
            return shaped
    missing = [name for name in node.properties if name not in value]
    for names in _alternative_sets(node):
        absent = {n: plain(node.properties[n], ask.draw) for n in names if n in missing}
        if absent and accepted({**value, **absent}):
            why = f"accepted once {_names(absent)} are added, completing another alternative set"
            return "required", f"{why} of `required` than the one it holds"
    defaulted = {n: node.properties[n].default for n in missing if node.properties[n].has_default}
    if defaulted and not accepted(plain(node, ask.draw)):
        trial = {**value, **defaulted}
        for name in defaulted:
            trial = {**companions(node, trial, name, ask)[1], **trial}
        if accepted(trial):
            shown = _names(defaulted)
            return "defaults", f"accepted once its defaulted members ({shown}) are added"
    for name in missing:
        if accepted({**value, name: plain(node.properties[name], ask.draw)}):
            if _in_required_rules(node, name):
                return "required", f"accepted once {name!r} is added, though nothing requires it"
            if node.properties[name].has_default:
                return "defaults", f"accepted once {name!r}, which has a default, is added"
            return "required", f"accepted once {name!r}, which is not required, is added"
    for name in value:
        child = node.properties.get(name)
        if child is None or name in node.required:
            continue
        rest = {k: v for k, v in value.items() if k != name}
        if not accepted(rest):
            continue
        if _in_required_rules(node, name):
            return "required", f"accepted once {name!r} is dropped, though the object may hold it"
        return _declared_member(_put_in(accepted, rest, name), node, name, value[name], ask)
    # several members refused: each tried alone beside the required ones
    base = {k: v for k, v in value.items() if k in node.required}
    if len(base) < len(value) and accepted(base):
        for name in value:
            child = node.properties.get(name)
            if child is None or name in base:
                continue
            others, trial = companions(node, value, name, ask)
            if accepted({**base, **trial}):
                continue
            if _in_required_rules(node, name):
                return "required", f"refused with {name!r} though the object may hold it"
            beside = {**base, **others}
            return _declared_member(_put_in(accepted, beside, name), node, name, value[name], ask)
    return _inner(accepted, node, value, ask)


def companions(
    node: Node, value: dict[str, Any], name: str, ask: Ask
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The members a member needs beside it (`dependentRequired`), from the value where it
    has them, else plain: (those members, those members and the member itself)."""
    needs = (node.rules.get("dependentRequired") or {}).get(name, ())
    others = {
        n: value[n] if n in value else plain(node.properties[n], ask.draw)
        for n in needs
        if n in node.properties and n != name
    }
    return others, {**others, name: value[name]}


def _declared_member(
    accepted: Callable[[Any], bool], node: Node, name: str, member: Any, ask: Ask
) -> tuple[str, str]:
    """A declared member whose presence makes its object refused: its value's rule when
    another value is accepted in its place, else the member refused as such: a closed
    object's validator took it for an undeclared one (`additional-properties`), an open
    object's refuses it (`type`)."""
    found = _member_explained(accepted, node.properties[name], member, ask, name)
    if found is not None:
        return found
    return refused_as_such(node, name, member, ask)


def refused_as_such(node: Node, name: str, value: Any, ask: Ask) -> tuple[str, str]:
    """A declared member refused whatever valid value it has. A closed object's validator
    took it for an undeclared one (`additional-properties`). In an open object, a member
    with a `pattern` has its pattern refused (an engine that cannot use it refuses every
    value: `/` taken for a delimiter) unless the same pattern accepts the same value at
    another place of the structure (`Ask.elsewhere`): then the member itself is refused
    (`type`, as botocore refuses a member its service model lacks)."""
    child = node.properties[name]
    stated = node.additional_properties
    if stated is not None and stated is not True:
        return "additional-properties", f"refuses the declared member {name!r} whatever its value"
    patterned = child.spec.family == "string" and "pattern" in child.rules
    if patterned and isinstance(value, str) and ask.elsewhere(child, value) is not True:
        why = f"refuses every valid value of {name!r} tried, all matching its pattern"
        return "pattern", why
    return "type", f"refuses the declared member {name!r} whatever its value"


def _put_in(
    accepted: Callable[[Any], bool], rest: dict[str, Any], name: str
) -> Callable[[Any], bool]:
    return lambda member: accepted({**rest, name: member})


def _member_explained(
    accepted: Callable[[Any], bool],
    child: Node,
    member: Any,
    ask: Ask,
    token: str,
) -> tuple[str, str] | None:
    """Why a member is refused where the container is accepted without it: its own
    container's explanation, or its value's rule when another valid value is accepted in its
    place; None when every valid value tried is refused (the member refused as such)."""
    if isinstance(member, dict | list):
        found = explain(accepted, child, member, ask)
        if found is not None:
            category, why = found
            return category, f"/{escape_token(token)}: {why}"
    if any(accepted(v) for v in alternatives(child, ask)):
        return blame(child, member), f"rejected because of /{escape_token(token)} = {member!r:.80}"
    return None


def _inner(
    accepted: Callable[[Any], bool], node: Node, value: Any, ask: Ask
) -> tuple[str, str] | None:
    """A compound member's own explanation, the container's being none: the first member
    whose container, explained in place, names the rule."""
    for child, member, put, token in members(node, value):
        if isinstance(member, dict | list):
            found = explain(_placed(accepted, put), child, member, ask)
            if found is not None:
                category, why = found
                return category, f"{'/' + token if token else ''}: {why}"
    return None


def _placed(accepted: Callable[[Any], bool], put: Callable[[Any], Any]) -> Callable[[Any], bool]:
    return lambda member: accepted(put(member))


def alternatives(node: Node, ask: Ask) -> list[Any]:
    """A few valid values of a node: its plain value, its default, a few enum values and the
    type's edge values the node admits."""
    values = [plain(node, ask.draw)]
    if node.has_default:
        values.append(node.default)
    values.extend((node.enum or ())[:3])
    values.extend(v for v in node.spec.edges if admits(node, v))
    # away from the edges too: a plain value on a bound refused says nothing of the member
    values.extend(v for v in candidates(node, ask.draw) if admits(node, v))
    if node.spec.numeric:
        low, _, high, _ = node.limits()
        if low is not None and high is not None:
            middle = spell(node.spec, (low + high) / 2)
            values.extend([middle] if admits(node, middle) else [])
    unique: list[Any] = []
    for value in values:
        if not any(json_equal(value, seen) for seen in unique):
            unique.append(value)
    return unique[:6]


def _explain_map(
    accepted: Callable[[Any], bool], node: Node, value: dict[str, Any], ask: Ask
) -> tuple[str, str] | None:
    rules = node.rules
    values = rules.get("values")
    if not value:
        shaped = empty_shape(accepted, node, value, ask)
        if shaped is not None:
            return shaped
    keyed = "keyNames" in rules or "patternKeys" in rules
    counted = any(k in rules for k in ("minEntries", "maxEntries"))
    for key in value:
        if accepted({k: v for k, v in value.items() if k != key}):
            if keyed and not accepted({key: value[key]}) and accepted({}):
                category = "pattern" if "patternKeys" in rules else "entries"
                return category, f"accepted once the entry {key!r} is dropped (its key refused)"
            if counted:
                return "entries", f"accepted once the entry {key!r} is dropped (a count rule)"
            return None
    if keyed and value and accepted({}):
        for key in value:
            if not accepted({key: value[key]}):
                if isinstance(values, Node) and accepted({key: plain(values, ask.draw)}):
                    return blame(values, value[key]), (
                        f"rejected because of /{escape_token(key)} = {value[key]!r:.80}"
                    )
                category = "pattern" if "patternKeys" in rules else "entries"
                return category, f"refuses the entry {key!r} whatever its value (its key)"
    return None


def _explain_list(
    accepted: Callable[[Any], bool], node: Node, value: list[Any], ask: Ask
) -> tuple[str, str] | None:
    counted = node.spec.family in ("set", "tuple") or any(
        k in node.rules for k in _COUNTS.get(node.spec.family, ())
    )
    if not value:
        return empty_shape(accepted, node, value, ask)
    for index in range(len(value)):
        if accepted([*value[:index], *value[index + 1 :]]):
            if counted:
                return "items", f"accepted once element {index} is dropped (a count rule)"
            # no count is stated: the type admits a list of any length, and this one is
            # refused for its length alone
            return "type", f"accepted once element {index} is dropped (no count rule applies)"
    return None


#: How an explanation by another branch or tag begins (the engine checks the branch alone).
OTHER_BRANCH = "refuses the branch"


def _explain_choice(
    accepted: Callable[[Any], bool], node: Node, value: dict[str, Any], ask: Ask
) -> tuple[str, str] | None:
    options = node.rules.get("choices", {})
    selector = node.rules.get("selector")
    inline = selector is not None and "$extends" in node.rules
    chosen = value.get(str(selector)) if inline else next((t for t in value if t in options), None)
    for tag, branch in options.items():
        if tag == chosen:
            continue
        other = plain(branch, ask.draw)
        trial = {**other, selector: tag} if inline and isinstance(other, dict) else {tag: other}
        if accepted(trial):
            return "type", f"{OTHER_BRANCH} {chosen!r} of the choice, accepts another ({tag!r})"
    return None


def _explain_tagged(
    accepted: Callable[[Any], bool], node: Node, value: dict[str, Any], ask: Ask
) -> tuple[str, str] | None:
    """A choice's chosen branch explained in place first (a smaller change than another
    branch), then another branch or tag."""
    return _inner(accepted, node, value, ask) or _explain_choice(accepted, node, value, ask)
