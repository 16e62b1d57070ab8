"""lint: defects of a JSON Structure document, each with a code, a JSON Pointer and a fix."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from .._io.errors import InputError, RefCycle
from .._io.pointer import pointer_join, pointer_tokens
from .._model.keywords import KEYWORDS
from .._model.node import reachable
from .._model.reference import validate_node
from .._model.structure import Node, Structure, model
from .._model.values import json_key

#: Keywords enforced only where the validation extension is enabled (validation draft).
VALIDATION_KEYWORDS = frozenset(n for n, k in KEYWORDS.items() if k.draft == "validation") - {
    "default"  # reported once for the whole document, below
}
#: Keywords of the conditional-composition extension.
COMPOSITION_KEYWORDS = frozenset(n for n, k in KEYWORDS.items() if k.draft == "composition")
CORE_META = "https://json-structure.org/meta/core/v0/#"


@dataclass(frozen=True)
class Defect:
    code: str
    level: str  # error | warning
    pointer: str
    message: str
    hint: str = ""
    witness: Any = None
    source: str = "neptune-ml-conformance"

    def line(self) -> str:
        text = f"{self.level:7s} {self.code:28s} {self.pointer or '/'}: {self.message}"
        if self.hint:
            text += f"\n        fix: {self.hint}"
        if self.witness is not None:
            text += f"\n        witness: {json.dumps(self.witness, sort_keys=True)}"
        return text


def _walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, pointer_join(pointer, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, pointer_join(pointer, index))


def _resolve(document: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        return None
    target: Any = document
    for token in pointer_tokens(ref[1:]):
        if not isinstance(target, dict) or token not in target:
            return None
        target = target[token]
    return target


def lint(document: Any, source: str = "<structure>") -> list[Defect]:
    """Every defect of a document: those read off the document as written, then those of its
    model; a document that cannot be modelled (a `$ref` cycle, a malformed type) is one
    defect more, never a refusal, so that lint reports what it can on documents in the wild."""
    if not isinstance(document, dict):
        raise InputError(source, "", "expected a JSON object")
    defects = [defect for check in DOCUMENT_CHECKS for defect in check(document)]
    try:
        structure = model(document, source)
    except InputError as error:
        defects.append(_unmodellable(error))
        return _with_sdk(defects, document)
    defects.extend(defect for check in MODEL_CHECKS for defect in check(structure))
    return _with_sdk(defects, document)


def _uses(document: dict[str, Any]) -> list[Any]:
    uses = document.get("$uses", [])
    return uses if isinstance(uses, list) else []


def _objects(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((p, v) for p, v in _walk(document) if isinstance(v, dict))


def _defs_keyword(document: dict[str, Any]) -> Iterator[Defect]:
    if "$defs" in document:
        yield Defect(
            "defs-keyword",
            "error",
            "/$defs",
            "`$defs` is not a JSON Structure keyword",
            "rename it to `definitions` (renamed before draft-00)",
        )


def _root_without_type(document: dict[str, Any]) -> Iterator[Defect]:
    if "type" not in document and "$root" not in document:
        yield Defect(
            "root-without-type",
            "error",
            "",
            "the root has no `type` and no `$root`: it is a non-schema (core, root); "
            "no instance can be validated against the document itself",
            'add `"$root": "#/definitions/Name"`, or drop the root union and validate '
            "against one definition at a time",
        )


#: Keywords whose values are instances, not schemas: a `$ref` inside one is data.
_INSTANCE_VALUED = frozenset({"default", "const", "enum", "examples"})
#: Keywords whose values map names to schemas.
_NAMED_SCHEMAS = frozenset({"properties", "choices", "patternProperties"})


def _references(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every object holding `$ref` where a schema or a type stands, with whether it stands
    as a type (`{"type": {"$ref": ...}}` or a member of a type union). A `$ref` inside an
    instance (`default`, `enum`, ...) or under a keyword of another extension is not a
    reference of this document, so it is left alone."""
    yield from _schema_references(document, "")
    yield from _namespace_references(document.get("definitions"), "/definitions")


def _namespace_references(value: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any], bool]]:
    if not isinstance(value, dict):
        return
    for name, child in value.items():
        at = pointer_join(pointer, name)
        if isinstance(child, dict) and ("type" in child or set(child) & COMPOSITION_KEYWORDS):
            yield from _schema_references(child, at)
        elif isinstance(child, dict) and "$ref" in child:
            yield at, child, False
        else:
            yield from _namespace_references(child, at)


def _schema_references(schema: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any], bool]]:
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        yield pointer, schema, False
    for key, value in schema.items():
        at = pointer_join(pointer, key)
        if key == "type":
            members = value if isinstance(value, list) else [value]
            for index, member in enumerate(members):
                where = pointer_join(at, index) if isinstance(value, list) else at
                if isinstance(member, dict) and "$ref" in member:
                    yield where, member, True
        elif key in _NAMED_SCHEMAS and isinstance(value, dict):
            for name, child in value.items():
                yield from _schema_references(child, pointer_join(at, name))
        elif key in KEYWORDS and key not in _INSTANCE_VALUED:
            for index, child in enumerate(value if isinstance(value, list) else [value]):
                yield from _schema_references(
                    child, pointer_join(at, index) if isinstance(value, list) else at
                )


def _bare_refs(document: dict[str, Any]) -> Iterator[Defect]:
    for pointer, value, as_type in _references(document):
        if not as_type or set(value) != {"$ref"}:
            yield Defect(
                "bare-ref",
                "error",
                pointer_join(pointer, "$ref"),
                "`$ref` must be the only member of a `type` object (core, `$ref`)",
                f'write {{"type": {{"$ref": {json.dumps(value["$ref"])}}}}}',
            )


def _dangling_refs(document: dict[str, Any]) -> Iterator[Defect]:
    for pointer, value, _ in _references(document):
        ref = value["$ref"]
        if isinstance(ref, str) and _resolve(document, ref) is not None:
            continue
        fixed = ref.replace("#/$defs/", "#/definitions/") if isinstance(ref, str) else ref
        hint = (
            f"point it at {fixed!r}"
            if isinstance(fixed, str) and _resolve(document, fixed) is not None
            else "point it at a definition"
        )
        yield Defect(
            "dangling-ref",
            "error",
            pointer_join(pointer, "$ref"),
            f"{ref!r} resolves to nothing",
            hint,
        )


def _composition_without_uses(document: dict[str, Any]) -> Iterator[Defect]:
    members = _not_enabled(
        document,
        "JSONStructureConditionalComposition",
        COMPOSITION_KEYWORDS,
        lambda pointer, schema: pointer != "/properties",
    )
    for pointer, key in members:
        yield Defect(
            "composition-without-uses",
            "error",
            pointer,
            f"`{key}` needs the conditional-composition extension, which the document "
            "does not enable",
            'add "$uses": ["JSONStructureConditionalComposition"]',
        )


def _validation_without_uses(document: dict[str, Any]) -> Iterator[Defect]:
    if document.get("$schema", "") != CORE_META:
        return  # the extended meta-schema enables it
    members = _not_enabled(
        document,
        "JSONStructureValidation",
        VALIDATION_KEYWORDS,
        lambda pointer, schema: "type" in schema and not pointer.endswith("/properties"),
    )
    for pointer, key in members:
        yield Defect(
            "validation-without-uses",
            "warning",
            pointer,
            f"`{key}` is a validation-extension keyword; under the core meta-schema without "
            "`$uses` validators following the drafts ignore it",
            'add "$uses": ["JSONStructureValidation"] (and the extended meta-schema)',
        )


def _not_enabled(
    document: dict[str, Any],
    extension: str,
    keywords: frozenset[str],
    is_schema: Callable[[str, dict[str, Any]], bool],
) -> Iterator[tuple[str, str]]:
    """Where the document uses an extension's keywords without enabling it in `$uses`: the
    pointer of each such keyword, and its name, in the objects `is_schema` takes for schemas
    (a `properties` map is not one, whatever its member names)."""
    if extension in _uses(document):
        return
    for pointer, value in _objects(document):
        if is_schema(pointer, value):
            for key in sorted(set(value) & keywords):
                yield pointer_join(pointer, key), key


def _default_without_uses(document: dict[str, Any]) -> Iterator[Defect]:
    if "JSONStructureValidation" in _uses(document):
        return
    defaulted = [p for p, v in _objects(document) if "type" in v and "default" in v]
    if defaulted:
        yield Defect(
            "default-without-uses",
            "warning",
            defaulted[0],
            f"{len(defaulted)} `default` values; core only reserves the keyword, the filling "
            "semantics come from the validation extension (validation, 'Default Values')",
            'add "$uses": ["JSONStructureValidation"]',
        )


def _unmodellable(error: InputError) -> Defect:
    if isinstance(error, RefCycle):
        return Defect(
            "ref-cycle",
            "error",
            error.pointer or "",
            error.message,
            "give one of the types in the cycle a type of its own instead of a reference",
        )
    return Defect("unmodellable", "error", error.pointer or "", error.message)


def _nodes(structure: Structure) -> Iterator[Node]:
    """Every schema of the document once: the targets, the abstract bases, and every schema
    inside them, whatever keyword holds it."""
    return reachable(*structure.targets.values(), *structure.abstract.values())


def _refused(schema: Node, values: Any) -> Iterator[tuple[int, Any, str]]:
    """Each listed value the schema refuses: its index, the value and the first reason."""
    for index, value in enumerate(values):
        problems = list(validate_node(schema, value))
        if problems:
            yield index, value, problems[0].message


def _enum_value_types(structure: Structure) -> Iterator[Defect]:
    for node in _nodes(structure):
        for index, value, why in _refused(_untyped(node), node.enum or ()):
            where = pointer_join(node.pointer, "enum", index)
            yield Defect(
                "enum-value-type", "error", where, f"{value!r} is not a {node.type}: {why}"
            )


def _enum_duplicates(structure: Structure) -> Iterator[Defect]:
    for node in _nodes(structure):
        seen: set[Any] = set()
        for index, value in enumerate(node.enum or ()):
            key = json_key(value)
            if key in seen:
                yield Defect(
                    "enum-duplicate",
                    "error",
                    pointer_join(node.pointer, "enum", index),
                    f"{value!r} is listed twice",
                    "remove the duplicate",
                )
            seen.add(key)


def _nonconforming_defaults(structure: Structure) -> Iterator[Defect]:
    """A default its own node rejects: filling it in would make a valid instance invalid
    (certify never offers such a default as a valid value)."""
    for node in _nodes(structure):
        if not node.has_default:
            continue
        problems = list(validate_node(node, node.default))
        if problems:
            yield Defect(
                "default-nonconforming",
                "error",
                pointer_join(node.pointer, "default"),
                f"default {node.default!r} is not valid here: {problems[0].message}",
                "make the default conform to the type and constraints",
            )


def _nonconforming_examples(structure: Structure) -> Iterator[Defect]:
    for node in _nodes(structure):
        for index, example, why in _refused(node, node.examples):
            where = pointer_join(node.pointer, "examples", index)
            message = f"example {example!r} is not valid here: {why}"
            yield Defect("example-nonconforming", "warning", where, message)


def _model_findings(structure: Structure) -> Iterator[Defect]:
    """What modelling the document found (structure.py), as defects; a root keyword without
    a root type is already `root-without-type`."""
    for finding in structure.findings:
        if finding.code != "unmodelled-root-keyword":
            yield Defect(finding.code, finding.level, finding.pointer, finding.message)


def _untyped(node: Any) -> Any:
    return node.having(enum=None, const=None, minimum=None)


def _oneof_overlaps(structure: Structure) -> Iterator[Defect]:
    """Branches of a root `oneOf` that one instance matches twice, with a generated witness.

    References are resolved leniently (`#/$defs/X` read as `#/definitions/X`), so the overlap
    is shown even where the references themselves are defective.
    """
    branches = structure.document.get("oneOf")
    if not isinstance(branches, list):
        return
    names: list[str | None] = []
    for branch in branches:
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        if isinstance(branch, dict) and isinstance(branch.get("type"), dict):
            ref = branch["type"].get("$ref")
        name = ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None
        names.append(name if name in structure.definitions else None)
    from .._generation.core import valid
    from .._generation.draw import draw_examples

    for i, first in enumerate(names):
        if first is None:
            continue
        for example in draw_examples(valid(structure.definitions[first]), 30, i):
            matches = [
                j
                for j, other in enumerate(names)
                if other is not None
                and not list(validate_node(structure.definitions[other], example))
            ]
            if len(matches) > 1:
                shown = ", ".join(str(names[j]) for j in matches)
                yield Defect(
                    "oneof-overlap",
                    "error",
                    pointer_join("/oneOf", i),
                    f"an instance of {first} matches {len(matches)} branches ({shown}): `oneOf` "
                    "rejects it "
                    "(exactly one branch must match)",
                    "make the branches exclusive (required members or a discriminator), or use "
                    "anyOf",
                    witness=example,
                )
                break


#: The checks of the document as written, each yielding one kind of defect.
DOCUMENT_CHECKS: tuple[Callable[[dict[str, Any]], Iterator[Defect]], ...] = (
    _defs_keyword,
    _root_without_type,
    _bare_refs,
    _dangling_refs,
    _composition_without_uses,
    _validation_without_uses,
    _default_without_uses,
)
#: The checks of the modelled document, each yielding one kind of defect.
MODEL_CHECKS: tuple[Callable[[Structure], Iterator[Defect]], ...] = (
    _enum_value_types,
    _enum_duplicates,
    _nonconforming_defaults,
    _nonconforming_examples,
    _oneof_overlaps,
    _model_findings,
)


#: Largest array the official SDK's schema check is given (its enum check is quadratic:
#: 50 000 values take 45 s).
SDK_MAX_ARRAY = 2000


def _with_sdk(defects: list[Defect], document: dict[str, Any]) -> list[Defect]:
    """The official SDK's schema findings beside the suite's own, where it is installed."""
    if importlib.util.find_spec("json_structure") is None:
        return defects
    largest = max((len(v) for _, v in _walk(document) if isinstance(v, list)), default=0)
    if largest > SDK_MAX_ARRAY:
        defects.append(
            Defect(
                "sdk-not-run",
                "warning",
                "",
                f"an array of {largest} values: the SDK's schema check takes minutes on arrays "
                f"over {SDK_MAX_ARRAY} (quadratic), so its findings are not listed",
            )
        )
        return defects
    from json_structure import SchemaValidator

    try:
        found = list(SchemaValidator().validate(document))
    except RecursionError:  # the SDK recurses along `$extends` chains and nesting
        defects.append(
            Defect(
                "sdk-not-run",
                "warning",
                "",
                "the SDK's schema check recursed past Python's limit (a long `$extends` "
                "chain or deep nesting), so its findings are not listed",
            )
        )
        return defects
    for error in found:
        level = "warning" if "warn" in str(getattr(error, "severity", "")).lower() else "error"
        defects.append(
            Defect(
                f"sdk:{error.code}",
                level,
                str(getattr(error, "path", "") or "").lstrip("#"),
                str(error.message),
                source="json-structure SDK",
            )
        )
    return defects


def as_json(defects: list[Defect]) -> list[dict[str, Any]]:
    return [asdict(d) for d in defects]
