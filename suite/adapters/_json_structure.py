"""The `json-structure` built-in: the official JSON Structure SDK (PyPI `json-structure`).

Each definition is given to the SDK as a document of its own: the definition becomes the
root type, `definitions` is kept so type references resolve, and the validation extension
is enabled (`$uses: ["JSONStructureValidation"]`, extended meta-schema, `extended=True`),
because the seed relies on `minimum` and `default` without enabling it (docs/STANCE.md).
`InstanceValidator.validate(instance)` is the SDK's stateless call; `validate_instance()`
keeps errors from earlier calls, which a user reusing one validator would trip over.
"""

from __future__ import annotations

from typing import Any

from .._model.structure import ROOT, Structure
from ._base import InProcessAdapter

EXTENDED = "https://json-structure.org/meta/extended/v0/#"


def document_for(structure: Structure, definition: str) -> dict[str, Any]:
    source = structure.document
    if definition == ROOT:  # the root is certified as the document itself says it
        declared = source.get("$uses")
        uses = list(declared) if isinstance(declared, list) else []
        uses += [] if "JSONStructureValidation" in uses else ["JSONStructureValidation"]
        return {**source, "$schema": EXTENDED, "$uses": uses}
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
