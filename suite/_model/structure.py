"""The structure model: what a JSON Structure document says about instances.

Everything the suite checks or generates is derived from this model, never from the four
definitions by name, so an edited structure gets its own cases, strategies and schema.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from .._io.errors import InputError, RefCycle
from .._io.pointer import pointer_join, pointer_tokens
from .._io.read import read_file
from .._model import imports as _imports
from .._model.keywords import BOUND_PAIRS, DOCUMENT, KEYWORDS, Keyword
from .._model.node import NO_DEFAULT as NO_DEFAULT
from .._model.node import Finding as Finding
from .._model.node import Node as Node
from .._model.types import COMPOUND, TYPES, TypeSpec, canonical, lookup
from .._model.values import json_type as _json_type

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1

#: Bundled structure, verbatim from the publisher.
DEFAULT_STRUCTURE = "amazon-neptune-ml-job-structure.json"

#: The name of the document's root as a target: in reports, in case files (`"definition": "#"`)
#: and wherever a definition is named. `#` is the URI fragment of the document itself, and is
#: no identifier, so no definition has it in practice (the official SDK refuses names that are
#: not identifiers; a definition named `#` would be certified under its name, the root not).
ROOT = "#"

#: Deepest type nesting followed; deeper documents are refused rather than recursed into.
MAX_DEPTH = 64

#: Keywords of the root only (core, "Document Structure").
ROOT_KEYWORDS = DOCUMENT
#: Keywords that only annotate: understood, and deliberately without effect on validity.
ANNOTATIONS = frozenset(name for name, k in KEYWORDS.items() if k.check is None)
#: Keywords the model turns into rules (derived from the keyword table).
MODELLED = frozenset(name for name, k in KEYWORDS.items() if k.check is not None) | {"type"}
#: Composition keywords may stand in a schema without `type` (conditional composition draft).
COMPOSITION = frozenset(name for name, k in KEYWORDS.items() if k.draft == "composition")


@dataclass
class Structure:
    """A loaded document: its definitions as models, plus what could not be modelled."""

    document: dict[str, Any]
    source: str
    sha256: str
    definitions: dict[str, Node]
    root: Node | None
    findings: list[Finding] = field(default_factory=list)
    #: Abstract definitions: bases for `$extends`, never instantiated, so never certified.
    abstract: dict[str, Node] = field(default_factory=dict)
    #: What is worked out once per structure and read many times (its enum values, each
    #: definition's mutants, the sweep), kept here so that it goes when the structure goes:
    #: module-level tables keyed by `id()` kept every structure a long process met alive.
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def targets(self) -> dict[str, Node]:
        """What certify certifies: the root under `ROOT` when the document has a usable type
        of its own (a root `type`), then every non-abstract definition. A `$root` (or a root
        `type` that is only a `$ref`) names a definition: that definition is the root,
        certified once under its own name."""
        root = self.root
        if root is None or root.abstract or any(root is n for n in self.definitions.values()):
            return self.definitions
        return {ROOT: root, **self.definitions}

    def definition(self, name: str) -> Node:
        """A target by name: a definition, or the root as `ROOT`."""
        try:
            return self.targets[name]
        except KeyError:
            if name in self.abstract:
                raise InputError(
                    self.source,
                    "/definitions",
                    f"{name!r} is abstract: no instance is of an abstract type (core, 'abstract')",
                ) from None
            known = ", ".join(sorted(self.targets))
            raise InputError(
                self.source, "/definitions", f"no definition named {name!r}; known: {known}"
            ) from None


def default_structure_path() -> Path:
    return Path(str(files("neptune_ml_conformance.data").joinpath(DEFAULT_STRUCTURE)))


def load(path: str | Path | None = None) -> Structure:
    """Read and model a structure document; `None` is the bundled default."""
    path = Path(path) if path is not None else default_structure_path()
    raw, document = _read(path)
    if _imports.has_imports(document):
        # the digest covers what was imported too (`model` digests the resolved document)
        return model(_imports.resolve(document, path), source=str(path))
    return model(document, source=str(path), digest=hashlib.sha256(raw).hexdigest())


def read_json(path: str | Path) -> Any:
    """The parsed document, imports copied in (`_model/imports.py`), with the same clear
    errors as `load`, for tools that need the document (lint) rather than the model."""
    path = Path(path)
    document = _read(path)[1]
    return _imports.resolve(document, path) if _imports.has_imports(document) else document


def _read(path: Path) -> tuple[bytes, Any]:
    return read_file(path, "structure")


def model(document: Any, source: str = "<structure>", digest: str | None = None) -> Structure:
    """Model an already-parsed document."""
    if not isinstance(document, dict):
        raise InputError(source, "", f"expected a JSON object, got {_json_type(document)}")
    if digest is None:
        canonical_text = json.dumps(document, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(canonical_text.encode()).hexdigest()
    builder = _Builder(document, source)
    raw_definitions = document.get("definitions", {})
    if not isinstance(raw_definitions, dict):
        raise InputError(source, "/definitions", "expected an object of named type definitions")
    for name in builder.declarations:
        builder.definition(name)
    definitions = {n: node for n, node in builder.done.items() if not node.abstract}
    root = None
    if "type" in document:
        root = builder.node(document, "", depth=0, root=True)
    elif "$root" in document:
        root = builder.resolve_ref(document["$root"], "/$root", depth=0)
    else:
        for key in sorted(set(document) - ROOT_KEYWORDS - ANNOTATIONS):
            builder.findings.append(
                Finding(
                    "unmodelled-root-keyword",
                    pointer_join("", key),
                    f"{key!r} at a root without `type` or `$root` is not a rule for instances; "
                    "the root is not certified",
                )
            )
    structure = Structure(document, source, digest, definitions, root, builder.findings)
    structure.abstract = {n: node for n, node in builder.done.items() if node.abstract}
    return structure


def _declarations(raw: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Type declarations under `definitions`, through namespaces (core, "Namespaces"): an
    object with `type` is a declaration, any other object a namespace."""
    if not isinstance(raw, dict):
        return
    for key, value in raw.items():
        name = f"{prefix}/{key}" if prefix else key
        if isinstance(value, dict) and ("type" in value or set(value) & COMPOSITION):
            yield name, value
        elif isinstance(value, dict):
            yield from _declarations(value, name)


class _Builder:
    """Reads schemas into nodes through the keyword table; collects the document's defects
    as findings so that lint can report them all, and fails only where no model exists."""

    def __init__(self, document: dict[str, Any], source: str) -> None:
        self.document = document
        self.source = source
        self.findings: list[Finding] = []
        self.declarations = dict(_declarations(document.get("definitions", {})))
        self.done: dict[str, Node] = {}
        self._building: list[str] = []

    # the Context protocol of `readers`
    def fail(self, pointer: str, message: str) -> InputError:
        return InputError(self.source, pointer, message)

    error = fail

    def finding(self, code: str, pointer: str, message: str, level: str = "error") -> None:
        self.findings.append(Finding(code, pointer, message, level))

    def definition(self, name: str) -> Node:
        if name in self.done:
            return self.done[name]
        pointer = "/definitions/" + "/".join(pointer_join("", part)[1:] for part in name.split("/"))
        if name in self._building:
            chain = " -> ".join([*self._building, name])
            raise RefCycle(self.source, pointer, f"cycle of $ref between definitions ({chain})")
        raw = self.declarations[name]
        self._building.append(name)
        try:
            node = self.node(raw, pointer, depth=len(self._building))
        finally:
            self._building.pop()
        self.done[name] = node
        return node

    def _target(self, ref: Any, pointer: str) -> str:
        prefix = "#/definitions/"
        if not isinstance(ref, str) or not ref.startswith(prefix):
            raise self.fail(
                pointer, f"expected a reference of the form '{prefix}Name', got {ref!r}"
            )
        name = "/".join(pointer_tokens(ref[len("#/definitions") :]))
        if name not in self.declarations:
            imports = _imports.used(self.document)
            why = (
                f"; the document uses {', '.join(imports)} (import extension), resolved only "
                "when the document is read from its file (`load`)"
                if imports
                else ""
            )
            raise self.fail(pointer, f"$ref {ref!r} names no definition{why}")
        return name

    def resolve_ref(self, ref: Any, pointer: str, depth: int) -> Node:
        node = self.definition(self._target(ref, pointer))
        if node.abstract:
            self.finding(
                "ref-to-abstract",
                pointer,
                f"{ref!r} is abstract: abstract types MUST NOT be referenced via $ref (core, "
                "'abstract'); no instance is valid there",
            )
        return node

    def node(self, raw: Any, pointer: str, depth: int = 0, root: bool = False) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(pointer, f"types nest deeper than {MAX_DEPTH} levels")
        if not isinstance(raw, dict):
            raise self.fail(pointer, f"expected a type definition (object), got {_json_type(raw)}")
        if "type" not in raw:
            if not set(raw) & COMPOSITION:
                raise self.fail(pointer, "expected a `type` keyword")
            declared: Any = "any"
        else:
            declared = raw["type"]
        if isinstance(declared, dict) and set(declared) == {"$ref"}:
            return self.resolve_ref(declared["$ref"], pointer_join(pointer, "type", "$ref"), depth)
        union: tuple[Node, ...] = ()
        if isinstance(declared, list):
            union = self._union(declared, pointer_join(pointer, "type"), depth)
            kind = "union"
        elif isinstance(declared, str):
            kind = canonical(declared)
            if lookup(declared) is None:
                self.finding(
                    "unknown-type",
                    pointer_join(pointer, "type"),
                    f"{declared!r} is not a JSON Structure type; instances there are not checked",
                )
                kind = "any"
        else:
            raise self.fail(
                pointer_join(pointer, "type"),
                'expected a type name, an array of them, or {"$ref": "#/definitions/Name"}',
            )
        spec = TYPES["any"] if kind == "union" else (lookup(kind) or TYPES["any"])
        raw = self._extended(raw, pointer, depth)
        rules: dict[str, Any] = {}
        for key, value in raw.items():
            if key == "type":
                continue
            at = pointer_join(pointer, key)
            keyword = KEYWORDS.get(key)
            if keyword is None:
                if key in DOCUMENT:
                    if not root:
                        self.finding("root-keyword-inside", at, f"`{key}` belongs at the root only")
                elif key not in _TOLERATED:
                    self.finding(
                        "unknown-keyword",
                        at,
                        f"{key!r} is not a keyword of the JSON Structure core, validation or "
                        "conditional-composition drafts; the suite ignores it",
                        "warning",
                    )
                continue
            self._applies(keyword, spec, kind, at)
            assert keyword.parse is not None
            rules[key] = keyword.parse(self._at(depth), value, spec, at)
        self._shape(spec, rules, pointer)
        properties = rules.get("properties", {})
        return Node(
            type=kind,
            pointer=pointer,
            items=rules.get("items"),
            properties=properties,
            rules=rules,
            union=union,
            abstract=rules.get("abstract") is True,
        )

    def _at(self, depth: int) -> _Context:
        return _Context(self, depth + 1)

    def _applies(self, keyword: Keyword, spec: TypeSpec, kind: str, at: str) -> None:
        if keyword.applies is None or (kind in ("union", "any") and keyword.name != "enum"):
            return
        inherent = _INHERENT.get((keyword.name, spec.family))
        if inherent is not None:
            self.finding("keyword-redundant", at, inherent, "warning")
        elif spec.family not in keyword.applies:
            self.finding(
                "keyword-not-applicable",
                at,
                f"`{keyword.name}` does not apply to {kind} (it applies to "
                f"{', '.join(sorted(keyword.applies))}); it has no effect here",
                "warning" if keyword.category is None else "error",
            )

    def _union(self, members: list[Any], pointer: str, depth: int) -> tuple[Node, ...]:
        """A type union (core, "Unions"): primitive names and references only."""
        if not members:
            raise self.fail(pointer, "an empty type union admits no value")
        out = []
        for index, member in enumerate(members):
            at = pointer_join(pointer, index)
            if isinstance(member, str):
                if member in COMPOUND:
                    self.finding(
                        "union-inline-compound",
                        at,
                        f"{member!r} inline in a type union; compound types enter a union only "
                        "by reference (core, 'Unions')",
                    )
                out.append(self.node({"type": member}, at, depth + 1))
            elif isinstance(member, dict) and set(member) == {"$ref"}:
                out.append(self.resolve_ref(member["$ref"], pointer_join(at, "$ref"), depth))
            elif isinstance(member, dict):
                self.finding(
                    "union-inline-compound",
                    at,
                    "an inline schema in a type union; compound types enter a union only by "
                    "reference (core, 'Unions')",
                )
                out.append(self.node(member, at, depth + 1))
            else:
                raise self.fail(at, f"expected a type name or a reference, got {member!r:.40}")
        return tuple(out)

    def _extended(self, raw: dict[str, Any], pointer: str, depth: int) -> dict[str, Any]:
        """`$extends`: the base types' properties and constraints merged in (core,
        "$extends"); each base must be abstract, and an inherited property not redefined."""
        if "$extends" not in raw or raw.get("type") == "choice":
            return raw
        refs = raw["$extends"] if isinstance(raw["$extends"], list) else [raw["$extends"]]
        merged_properties: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for index, ref in enumerate(refs):
            at = (
                pointer_join(pointer, "$extends", index)
                if len(refs) > 1
                else pointer_join(pointer, "$extends")
            )
            name = self._target(ref, at)
            base_raw = self.declarations[name]
            self.definition(name)  # cycles between bases are found here
            # an add-in (itself abstract) may extend a concrete type (core, "Extensions and
            # Add-Ins"); any other extending type needs an abstract base
            if base_raw.get("abstract") is not True and raw.get("abstract") is not True:
                self.finding(
                    "extends-non-abstract",
                    at,
                    f"{ref!r} is not abstract; `$extends` MUST point to abstract types (core)",
                )
            base = self._extended(base_raw, at, depth + 1)
            for key, value in base.get("properties", {}).items():
                merged_properties.setdefault(key, value)
            for key, value in base.items():
                if key not in ("properties", "abstract", "$extends", "name", "description"):
                    merged.setdefault(key, value)
        own = raw.get("properties", {})
        if isinstance(own, dict):
            for key in own:
                if key in merged_properties:
                    self.finding(
                        "extends-redefines",
                        pointer_join(pointer, "properties", key),
                        f"{key!r} is inherited; an extending type MUST NOT redefine it (core)",
                    )
        result = {**merged, **{k: v for k, v in raw.items() if k != "$extends"}}
        result["properties"] = {**merged_properties, **(own if isinstance(own, dict) else {})}
        for key in set(merged) & set(raw):
            result[key] = _merge_constraint(key, merged[key], raw[key])
        return result

    def _shape(self, spec: TypeSpec, rules: dict[str, Any], pointer: str) -> None:
        """What each compound type needs (core, "Compound Types")."""
        needs = {
            "array": "items",
            "set": "items",
            "map": "values",
            "tuple": "tuple",
            "choice": "choices",
        }
        wanted = needs.get(spec.family)
        if wanted and wanted not in rules:
            self.finding(
                f"{spec.name}-without-{wanted}",
                pointer,
                f"a {spec.name} type needs `{wanted}` (core, '{spec.name}'); its elements are "
                "not checked",
            )
        if spec.family == "tuple" and "name" not in rules:
            self.finding(
                "tuple-without-name",
                pointer,
                "a tuple type MUST include a `name` (core, 'tuple')",
            )
        declared = rules.get("properties", {})
        names = rules.get("required", ())
        flat = [n for group in names for n in (group if isinstance(group, tuple) else (group,))]
        for name in dict.fromkeys(flat):
            if spec.family == "object" and name not in declared:
                self.finding(
                    "required-undeclared",
                    pointer_join(pointer, "required"),
                    f"required property {name!r} is not declared in `properties` (core, "
                    "'required': names MUST be present in `properties`)",
                )
        for name in rules.get("tuple", ()):
            if name not in declared:
                self.finding(
                    "tuple-undeclared",
                    pointer_join(pointer, "tuple"),
                    f"{name!r} in `tuple` is not declared in `properties`",
                )
        if spec.family == "tuple" and "tuple" in rules:
            for name in declared:
                if name not in rules["tuple"]:
                    self.finding(
                        "tuple-missing",
                        pointer_join(pointer, "properties", name),
                        f"{name!r} is declared but missing from the `tuple` order",
                    )
        if rules.get("abstract") is True and "additionalProperties" in rules:
            self.finding(
                "abstract-additional-properties",
                pointer_join(pointer, "additionalProperties"),
                "`additionalProperties` MUST NOT be used on abstract types (core, 'abstract')",
            )
        _bounds_order(self, rules, pointer)


def _merge_required(base: Any, own: Any) -> Any:
    """Both types' `required` hold (core, "$extends": the extending type MUST merge the base's
    constraints). Simple lists join; alternative sets are joined with each other's sets."""
    if not isinstance(base, list) or not isinstance(own, list):
        return own

    def sets(value: list[Any]) -> list[list[Any]]:
        if value and all(isinstance(v, list) for v in value):
            return value
        return [value]

    combined = [list(dict.fromkeys([*b, *o])) for b in sets(base) for o in sets(own)]
    return combined[0] if len(combined) == 1 else combined


#: How a constraint both the base and the extending type state is merged: both hold, so the
#: stricter count (from the keyword table's bounds), or the union of the members they name.
_STRICTER: dict[str, Any] = {
    k.name: max if k.bound.side == "low" else min
    for k in KEYWORDS.values()
    if k.bound is not None and k.bound.count
}


def _merge_constraint(key: str, base: Any, own: Any) -> Any:
    if key == "required":
        return _merge_required(base, own)
    if isinstance(base, dict) and isinstance(own, dict):
        return {**base, **own}
    pick = _STRICTER.get(key)
    if pick is not None and isinstance(base, int) and isinstance(own, int):
        return pick(base, own)
    return own


def _bounds_order(builder: _Builder, rules: dict[str, Any], pointer: str) -> None:
    """A lower bound above its upper bound admits nothing."""
    for low, high in BOUND_PAIRS:
        a, b = rules.get(low), rules.get(high)
        try:
            inverted = a is not None and b is not None and a > b
        except TypeError:
            inverted = False
        if inverted:
            builder.finding(
                "bounds-inverted",
                pointer_join(pointer, low),
                f"{low} {a} is greater than {high} {b}: no value is valid",
            )


#: Keywords outside their `applies` that are redundant rather than misplaced: what they ask
#: for, the type already is.
_INHERENT = {
    ("uniqueItems", "set"): "`uniqueItems` on a set is redundant: the validation draft makes it "
    "'only applicable to schemas with the type `array` as this constraint is inherent to `set`'",
}

#: Keywords outside the three drafts that the suite reads past silently: JSON Schema's
#: documentation keywords are common in hand-written structures and change no rule.
_TOLERATED = frozenset({"title", "$comment"})


@dataclass
class _Context:
    """A builder seen from one nesting depth, so nested keyword values count their depth."""

    builder: _Builder
    depth: int

    def node(self, raw: Any, pointer: str) -> Node:
        return self.builder.node(raw, pointer, self.depth)

    def fail(self, pointer: str, message: str) -> InputError:
        return self.builder.fail(pointer, message)

    def finding(self, code: str, pointer: str, message: str, level: str = "error") -> None:
        self.builder.finding(code, pointer, message, level)
