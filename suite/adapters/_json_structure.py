"""The `json-structure` built-in: the official JSON Structure SDK (PyPI `json-structure`).

Each definition is given to the SDK as a document of its own: the definition becomes the
root type, `definitions` is kept so type references resolve, and the validation extension
is enabled (`$uses: ["JSONStructureValidation"]`, extended meta-schema, `extended=True`),
because the seed relies on `minimum` and `default` without enabling it (docs/STANCE.md);
the other `$uses` entries the structure declares are kept where the document needs them
(`uses_for`).
`InstanceValidator.validate(instance)` is the SDK's stateless call; `validate_instance()`
keeps errors from earlier calls, which a user reusing one validator would trip over.
"""

from __future__ import annotations

from typing import Any

from .._model.keywords import KEYWORDS
from .._model.structure import ROOT, Structure
from ._base import InProcessAdapter

EXTENDED = "https://json-structure.org/meta/extended/v0/#"


#: The extensions a definition may need, with the draft of the keyword table (`_model.keywords`)
#: whose keywords each enables.
EXTENSIONS = {
    "JSONStructureValidation": "validation",
    "JSONStructureConditionalComposition": "composition",
}


def uses_for(declared: Any, sent: Any) -> list[str]:
    """The `$uses` of a definition sent on its own: the validation extension always (the
    seed relies on `minimum` and `default` without enabling it, docs/STANCE.md), and every
    other entry the structure declares unless it is an extension whose keywords the
    document sent never mentions (conditional composition in a structure that declares it
    but has no `allOf` ... `else`). Entries the suite does not model are kept as declared."""
    kept = ["JSONStructureValidation"]
    for entry in declared if isinstance(declared, list) else ():
        if not isinstance(entry, str) or entry in kept:
            continue
        draft = EXTENSIONS.get(entry)
        words = {n for n, k in KEYWORDS.items() if k.draft == draft}
        if draft is None or _mentions(sent, words):
            kept.append(entry)
    return kept


def _mentions(value: Any, words: set[str]) -> bool:
    if isinstance(value, dict):
        return any(k in words or _mentions(v, words) for k, v in value.items())
    if isinstance(value, list):
        return any(_mentions(v, words) for v in value)
    return False


def document_for(structure: Structure, definition: str) -> dict[str, Any]:
    source = structure.document
    if definition == ROOT:  # the root is certified as the document itself says it
        return {**source, "$schema": EXTENDED, "$uses": uses_for(source.get("$uses"), source)}
    root: Any = source["definitions"]
    for part in definition.split("/"):  # a namespaced definition is named by its path
        root = root[part]
    root = dict(root)
    document: dict[str, Any] = {
        "$schema": EXTENDED,
        "$id": f"{source.get('$id', 'urn:neptune-ml-conformance')}#{definition}",
        "$uses": ["JSONStructureValidation"],
        **root,
        "name": root.get("name", definition),
    }
    if "definitions" in source:
        document["definitions"] = source["definitions"]
    document["$uses"] = uses_for(source.get("$uses"), {**root, **document})
    return document


class SDKValidator:
    def __init__(self, structure: Structure) -> None:
        # Imported here: `document_for` serves the IHOP adapter without the SDK installed.
        from json_structure import InstanceValidator

        self._validators = {
            name: InstanceValidator(document_for(structure, name), extended=True)
            for name in structure.targets
        }

    def validate(self, definition: str, instance: Any) -> list[str]:
        return [str(error) for error in self._validators[definition].validate(instance)]


def make(structure: Structure) -> InProcessAdapter:
    return InProcessAdapter("json-structure", "json-structure", SDKValidator(structure))
