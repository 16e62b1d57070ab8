"""The structure model: what a JSON Structure document says about instances.

Everything the suite checks or generates is derived from this model, never from the four
definitions by name, so an edited structure gets its own cases, strategies and schema.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from ._errors import InputError, RefCycle, pointer_join, unescape_token

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1

#: Bundled structure, verbatim from the publisher.
DEFAULT_STRUCTURE = "amazon-neptune-ml-job-structure.json"

#: Largest structure document read; larger ones are refused quickly rather than parsed.
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
#: Deepest type nesting followed; deeper documents are refused rather than recursed into.
MAX_DEPTH = 64

#: JSON Structure type names the model understands, with their canonical name.
#: `integer` is an alias of `int32` (core draft, "int32"); `float` and `double` are JSON numbers.
TYPE_NAMES: Mapping[str, str] = {
    "string": "string",
    "boolean": "boolean",
    "null": "null",
    "int32": "int32",
    "integer": "int32",
    "number": "number",
    "float": "number",
    "double": "number",
    "array": "array",
    "object": "object",
}

#: Keywords that only annotate; understood and deliberately without effect on validity.
ANNOTATIONS = frozenset({"name", "description", "examples", "title", "$comment", "abstract"})
#: Keywords the model turns into rules.
MODELLED = frozenset(
    {
        "type",
        "properties",
        "required",
        "items",
        "enum",
        "default",
        "minimum",
        "additionalProperties",
    }
)
#: Keywords that only make sense at the document root.
ROOT_KEYWORDS = frozenset({"$schema", "$id", "definitions", "$root", "$uses"})


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()


@dataclass(frozen=True)
class Finding:
    """Something in the document the model could not turn into a rule, or a defect."""

    code: str
    pointer: str
    message: str
    level: str = "warning"


@dataclass(frozen=True, eq=False)
class Node:
    """One type at one place of the document."""

    type: str
    pointer: str
    items: Node | None = None
    properties: Mapping[str, Node] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    enum: tuple[Any, ...] | None = None
    minimum: int | float | None = None
    default: Any = NO_DEFAULT
    #: None when the keyword is absent: the drafts give no default (see docs/STANCE.md).
    additional_properties: bool | None = None
    examples: tuple[Any, ...] = ()

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT

    def walk(self, path: str = "") -> Iterator[tuple[str, Node]]:
        """Every node below this one with the instance JSON Pointer that reaches it.

        Array items are reached through index 0, the first place an item can stand.
        """
        yield path, self
        for name, child in self.properties.items():
            yield from child.walk(pointer_join(path, name))
        if self.items is not None:
            yield from self.items.walk(pointer_join(path, 0))


@dataclass
class Structure:
    """A loaded document: its definitions as models, plus what could not be modelled."""

    document: dict[str, Any]
    source: str
    sha256: str
    definitions: dict[str, Node]
    root: Node | None
    findings: list[Finding] = field(default_factory=list)

    def definition(self, name: str) -> Node:
        try:
            return self.definitions[name]
        except KeyError:
            known = ", ".join(sorted(self.definitions))
            raise InputError(
                self.source, "/definitions", f"no definition named {name!r}; known: {known}"
            ) from None


def default_structure_path() -> Path:
    return Path(str(files("neptune_ml_conformance.data").joinpath(DEFAULT_STRUCTURE)))


def load(path: str | Path | None = None) -> Structure:
    """Read and model a structure document; `None` is the bundled default."""
    path = Path(path) if path is not None else default_structure_path()
    raw, document = _read(path)
    return model(document, source=str(path), digest=hashlib.sha256(raw).hexdigest())


def read_json(path: str | Path) -> Any:
    """The parsed document, with the same clear errors as `load`, for tools that need the
    raw document (lint) rather than the model."""
    return _read(Path(path))[1]


def _read(path: Path) -> tuple[bytes, Any]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(
                source, None, f"document is {size} bytes; at most {MAX_DOCUMENT_BYTES} are read"
            )
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(source, None, f"cannot read the structure: {error.strerror}") from None
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(
            source, None, f"not JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except (RecursionError, UnicodeDecodeError) as error:
        raise InputError(source, None, f"not readable JSON: {error}") from None
    return raw, document


def model(document: Any, source: str = "<structure>", digest: str | None = None) -> Structure:
    """Model an already-parsed document."""
    if not isinstance(document, dict):
        raise InputError(source, "", f"expected a JSON object, got {_json_type(document)}")
    if digest is None:
        canonical = json.dumps(document, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(canonical.encode()).hexdigest()
    builder = _Builder(document, source)
    raw_definitions = document.get("definitions", {})
    if not isinstance(raw_definitions, dict):
        raise InputError(source, "/definitions", "expected an object of named type definitions")
    definitions = {name: builder.definition(name) for name in raw_definitions}
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
                    f"{key!r} at a root without `type` or `$root` is not modelled; "
                    "the root is not certified",
                )
            )
    return Structure(document, source, digest, definitions, root, builder.findings)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class _Builder:
    def __init__(self, document: dict[str, Any], source: str) -> None:
        self.document = document
        self.source = source
        self.findings: list[Finding] = []
        self._done: dict[str, Node] = {}
        self._building: list[str] = []

    def error(self, pointer: str, message: str) -> InputError:
        return InputError(self.source, pointer, message)

    def definition(self, name: str) -> Node:
        if name in self._done:
            return self._done[name]
        pointer = pointer_join("/definitions", name)
        if name in self._building:
            chain = " -> ".join([*self._building, name])
            raise RefCycle(self.source, pointer, f"cycle of $ref between definitions ({chain})")
        raw = self.document["definitions"][name]
        self._building.append(name)
        try:
            node = self.node(raw, pointer, depth=len(self._building))
        finally:
            self._building.pop()
        self._done[name] = node
        return node

    def resolve_ref(self, ref: Any, pointer: str, depth: int) -> Node:
        prefix = "#/definitions/"
        if not isinstance(ref, str) or not ref.startswith(prefix):
            raise self.error(
                pointer, f"expected a reference of the form '{prefix}Name', got {ref!r}"
            )
        name = unescape_token(ref[len(prefix) :])
        definitions = self.document.get("definitions", {})
        if name not in definitions:
            raise self.error(pointer, f"$ref {ref!r} names no definition")
        return self.definition(name)

    def node(self, raw: Any, pointer: str, depth: int, root: bool = False) -> Node:
        if depth > MAX_DEPTH:
            raise self.error(pointer, f"types nest deeper than {MAX_DEPTH} levels")
        if not isinstance(raw, dict):
            raise self.error(pointer, f"expected a type definition (object), got {_json_type(raw)}")
        if "type" not in raw:
            raise self.error(pointer, "expected a `type` keyword")
        declared = raw["type"]
        if isinstance(declared, dict) and set(declared) == {"$ref"}:
            return self.resolve_ref(declared["$ref"], pointer_join(pointer, "type", "$ref"), depth)
        if not isinstance(declared, str):
            raise self.error(
                pointer_join(pointer, "type"),
                'expected a type name or {"$ref": "#/definitions/Name"}; unions are not modelled',
            )
        kind = TYPE_NAMES.get(declared)
        if kind is None:
            self.findings.append(
                Finding(
                    "unsupported-type",
                    pointer_join(pointer, "type"),
                    f"type {declared!r} is not modelled; instances there are not checked",
                )
            )
            kind = "any"
        allowed = MODELLED | ANNOTATIONS | (ROOT_KEYWORDS if root else frozenset())
        for key in raw:
            if key not in allowed:
                self.findings.append(
                    Finding(
                        "unmodelled-keyword",
                        pointer_join(pointer, key),
                        f"keyword {key!r} is not modelled; the suite does not check it",
                    )
                )
        properties: dict[str, Node] = {}
        raw_properties = raw.get("properties", {})
        if not isinstance(raw_properties, dict):
            raise self.error(pointer_join(pointer, "properties"), "expected an object")
        for name, sub in raw_properties.items():
            properties[name] = self.node(sub, pointer_join(pointer, "properties", name), depth + 1)
        items = None
        if "items" in raw:
            items = self.node(raw["items"], pointer_join(pointer, "items"), depth + 1)
        elif kind == "array":
            raise self.error(pointer, "an array type needs `items`")
        return Node(
            type=kind,
            pointer=pointer,
            items=items,
            properties=properties,
            required=self._required(raw, pointer),
            enum=self._enum(raw, pointer),
            minimum=self._minimum(raw, pointer),
            default=raw.get("default", NO_DEFAULT),
            additional_properties=self._additional(raw, pointer),
            examples=self._examples(raw, pointer),
        )

    def _required(self, raw: dict[str, Any], pointer: str) -> tuple[str, ...]:
        value = raw.get("required", [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(
                pointer_join(pointer, "required"),
                "expected an array of property names (the array-of-arrays form is not modelled)",
            )
        return tuple(value)

    def _enum(self, raw: dict[str, Any], pointer: str) -> tuple[Any, ...] | None:
        if "enum" not in raw:
            return None
        value = raw["enum"]
        if not isinstance(value, list) or not value:
            raise self.error(pointer_join(pointer, "enum"), "expected a non-empty array")
        return tuple(value)

    def _minimum(self, raw: dict[str, Any], pointer: str) -> int | float | None:
        if "minimum" not in raw:
            return None
        value = raw["minimum"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(pointer_join(pointer, "minimum"), "expected a number")
        return value

    def _additional(self, raw: dict[str, Any], pointer: str) -> bool | None:
        if "additionalProperties" not in raw:
            return None
        value = raw["additionalProperties"]
        if not isinstance(value, bool):
            raise self.error(
                pointer_join(pointer, "additionalProperties"),
                "expected a boolean (schemas for additional properties are not modelled)",
            )
        return value

    def _examples(self, raw: dict[str, Any], pointer: str) -> tuple[Any, ...]:
        value = raw.get("examples", [])
        if not isinstance(value, list):
            raise self.error(pointer_join(pointer, "examples"), "expected an array")
        return tuple(value)
