"""lint: defects of a JSON Structure document, each with a code, a JSON Pointer and a fix."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from .._io.errors import InputError, RefCycle
from .._io.pointer import pointer_join, pointer_tokens
from .._model.keywords import KEYWORDS
from .._model.reference import validate_node
from .._model.structure import Structure, model
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
    if not isinstance(document, dict):
        raise InputError(source, "", "expected a JSON object")
    defects: list[Defect] = []
    uses = document.get("$uses", [])
    uses = uses if isinstance(uses, list) else []
    meta = document.get("$schema", "")
    if "$defs" in document:
        defects.append(
            Defect(
                "defs-keyword",
                "error",
                "/$defs",
                "`$defs` is not a JSON Structure keyword",
                "rename it to `definitions` (renamed before draft-00)",
            )
        )
    if "type" not in document and "$root" not in document:
        defects.append(
            Defect(
                "root-without-type",
                "error",
                "",
                "the root has no `type` and no `$root`: it is a non-schema (core, root); "
                "no instance can be validated against the document itself",
                'add `"$root": "#/definitions/Name"`, or drop the root union and validate '
                "against one definition at a time",
            )
        )
    for pointer, value in _walk(document):
        if not isinstance(value, dict):
            continue
        if "$ref" in value:
            ref = value["$ref"]
            parent_key = pointer.rsplit("/", 1)[-1] if pointer else ""
            if parent_key != "type" or set(value) != {"$ref"}:
                defects.append(
                    Defect(
                        "bare-ref",
                        "error",
                        pointer_join(pointer, "$ref"),
                        "`$ref` must be the only member of a `type` object (core, `$ref`)",
                        f'write {{"type": {{"$ref": {json.dumps(ref)}}}}}',
                    )
                )
            if not isinstance(ref, str) or _resolve(document, ref) is None:
                fixed = ref.replace("#/$defs/", "#/definitions/") if isinstance(ref, str) else ref
                hint = (
                    f"point it at {fixed!r}"
                    if isinstance(fixed, str) and _resolve(document, fixed) is not None
                    else "point it at a definition"
                )
                defects.append(
                    Defect(
                        "dangling-ref",
                        "error",
                        pointer_join(pointer, "$ref"),
                        f"{ref!r} resolves to nothing",
                        hint,
                    )
                )
        for key in sorted(set(value) & COMPOSITION_KEYWORDS):
            if "JSONStructureConditionalComposition" not in uses and pointer != "/properties":
                defects.append(
                    Defect(
                        "composition-without-uses",
                        "error",
                        pointer_join(pointer, key),
                        f"`{key}` needs the conditional-composition extension, which the document "
                        "does not enable",
                        'add "$uses": ["JSONStructureConditionalComposition"]',
                    )
                )
        if "type" in value and not pointer.endswith("/properties"):
            for key in sorted(set(value) & VALIDATION_KEYWORDS):
                if "JSONStructureValidation" not in uses and meta == CORE_META:
                    defects.append(
                        Defect(
                            "validation-without-uses",
                            "warning",
                            pointer_join(pointer, key),
                            f"`{key}` is a validation-extension keyword; under the core "
                            "meta-schema without `$uses` validators following the drafts "
                            "ignore it",
                            'add "$uses": ["JSONStructureValidation"] '
                            "(and the extended meta-schema)",
                        )
                    )
    defaulted = [
        p for p, v in _walk(document) if isinstance(v, dict) and "type" in v and "default" in v
    ]
    if defaulted and "JSONStructureValidation" not in uses:
        defects.append(
            Defect(
                "default-without-uses",
                "warning",
                defaulted[0],
                f"{len(defaulted)} `default` values; core only reserves the keyword, the filling "
                "semantics come from the validation extension (validation, 'Default Values')",
                'add "$uses": ["JSONStructureValidation"]',
            )
        )
    try:
        structure = model(document, source)
    except RefCycle:
        raise
    except InputError as error:
        defects.append(Defect("unmodellable", "error", error.pointer or "", error.message))
        return _with_sdk(defects, document)
    defects.extend(_typed_defects(structure))
    defects.extend(_oneof_overlaps(document, structure))
    for finding in structure.findings:
        if finding.code != "unmodelled-root-keyword":
            defects.append(Defect(finding.code, finding.level, finding.pointer, finding.message))
    return _with_sdk(defects, document)


def _typed_defects(structure: Structure) -> Iterator[Defect]:
    for definition in structure.definitions.values():
        for _, node in definition.walk():
            at = node.pointer
            if node.enum is not None:
                seen: set[Any] = set()
                untyped = _untyped(node)
                for index, value in enumerate(node.enum):
                    problems = list(validate_node(untyped, value))
                    if problems:
                        yield Defect(
                            "enum-value-type",
                            "error",
                            pointer_join(at, "enum", index),
                            f"{value!r} is not a {node.type}: {problems[0].message}",
                        )
                    key = json_key(value)
                    if key in seen:
                        yield Defect(
                            "enum-duplicate",
                            "error",
                            pointer_join(at, "enum", index),
                            f"{value!r} is listed twice",
                            "remove the duplicate",
                        )
                    seen.add(key)
            if node.has_default:
                problems = list(validate_node(node, node.default))
                if problems:
                    yield Defect(
                        "default-nonconforming",
                        "error",
                        pointer_join(at, "default"),
                        f"default {node.default!r} is not valid here: {problems[0].message}",
                        "make the default conform to the type and constraints",
                    )
            for index, example in enumerate(node.examples):
                problems = list(validate_node(node, example))
                if problems:
                    yield Defect(
                        "example-nonconforming",
                        "warning",
                        pointer_join(at, "examples", index),
                        f"example {example!r} is not valid here: {problems[0].message}",
                    )


def _untyped(node: Any) -> Any:
    return node.having(enum=None, const=None, minimum=None)


def _oneof_overlaps(document: dict[str, Any], structure: Structure) -> Iterator[Defect]:
    """Branches of a root `oneOf` that one instance matches twice, with a generated witness.

    References are resolved leniently (`#/$defs/X` read as `#/definitions/X`), so the overlap
    is shown even where the references themselves are defective.
    """
    branches = document.get("oneOf")
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
