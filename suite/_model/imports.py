"""`$import` and `$importdefs`: definitions copied in from other structure documents.

The import extension (draft-vasters-json-structure-import, "The `$import` and `$importdefs`
Keywords") copies an external document's definitions into a namespace of the importing
one "as if they were defined locally": `$import` brings its root type too (under its
`name`), `$importdefs` its definitions only; a local definition of the same name shadows
an imported one; the imported references are prefixed with the namespace they land in.
Imports are resolved before the document is modelled, so every later step (the model,
lint, the adapters handed the document) sees one self-contained document.

The draft's values are absolute URIs; documents in the wild import by relative path. Both
are read here as local files, relative to the importing document, through the bounded
reader; a remote URI is refused rather than fetched.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .._io.errors import InputError
from .._io.read import read_file

KEYWORDS = ("$import", "$importdefs")
#: Deepest chain of documents importing documents; deeper chains are refused (the draft:
#: "excessively deep or circular import chains MUST be detected").
MAX_CHAIN = 16
#: Members of a document's root that describe the document, not its root type.
_DOCUMENT_ONLY = frozenset(
    {"$schema", "$id", "$uses", "$offers", "$root", "definitions", *KEYWORDS}
)
_PREFIX = "#/definitions/"


def has_imports(document: Any) -> bool:
    """Whether a document imports anything, at its root or in a namespace."""
    if not isinstance(document, dict):
        return False
    if any(key in document for key in KEYWORDS):
        return True
    return any(_namespace_imports(document.get("definitions")))


def used(value: Any) -> list[str]:
    """The import keywords a document uses anywhere, for an error that names them."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.update(key for key in item if key in KEYWORDS)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return sorted(found)


def _namespace_imports(namespace: Any) -> list[bool]:
    if not isinstance(namespace, dict) or "type" in namespace:
        return []
    found = [any(key in namespace for key in KEYWORDS)]
    for value in namespace.values():
        found.extend(_namespace_imports(value))
    return found


def resolve(document: dict[str, Any], path: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """A copy of the document with every import replaced by the definitions it copies in."""
    chain = (*chain, path.resolve())
    if len(chain) > MAX_CHAIN:
        raise InputError(str(path), "", f"imports chain more than {MAX_CHAIN} documents deep")
    result = copy.deepcopy(document)
    definitions = result.get("definitions", {})
    if not isinstance(definitions, dict):
        return result  # the model says what is wrong with it
    for key in KEYWORDS:
        if key in result:
            _import_into(definitions, "", result.pop(key), key, path, chain, f"/{key}")
    _resolve_namespace(definitions, "", path, chain, "/definitions")
    if definitions:
        result["definitions"] = definitions
    return result


def _resolve_namespace(
    namespace: dict[str, Any], prefix: str, path: Path, chain: tuple[Path, ...], pointer: str
) -> None:
    for key in KEYWORDS:
        if key in namespace:
            value = namespace.pop(key)
            _import_into(namespace, prefix, value, key, path, chain, f"{pointer}/{key}")
    for name, value in namespace.items():
        if isinstance(value, dict) and "type" not in value:
            inner = f"{prefix}/{name}" if prefix else name
            _resolve_namespace(value, inner, path, chain, f"{pointer}/{name}")


def _import_into(
    namespace: dict[str, Any],
    prefix: str,
    uri: Any,
    keyword: str,
    path: Path,
    chain: tuple[Path, ...],
    pointer: str,
) -> None:
    target = _local_file(uri, path, pointer)
    if target.resolve() in chain:
        raise InputError(str(path), pointer, f"{uri!r} imports a document already importing it")
    external = read_file(target, "imported structure")[1]
    if not isinstance(external, dict):
        raise InputError(str(target), "", "an imported structure must be a JSON object")
    external = resolve(external, target, chain)
    imported = copy.deepcopy(external.get("definitions", {}))
    if not isinstance(imported, dict):
        raise InputError(str(target), "/definitions", "expected an object of type definitions")
    if keyword == "$import" and "type" in external:
        name = external.get("name")
        if not isinstance(name, str):
            raise InputError(
                str(target), "", "an imported root type needs a `name` to be imported under"
            )
        imported[name] = {k: v for k, v in external.items() if k not in _DOCUMENT_ONLY}
    _merge(namespace, _prefixed(imported, prefix))


def _local_file(uri: Any, path: Path, pointer: str) -> Path:
    if not isinstance(uri, str) or not uri:
        raise InputError(str(path), pointer, "expected the URI of a structure document")
    parsed = urlparse(uri)
    if parsed.scheme not in ("", "file") or parsed.netloc:
        raise InputError(
            str(path),
            pointer,
            f"{uri!r} is not a local file: imports are read from files, never fetched; save "
            "the document and import it by path",
        )
    return path.parent / unquote(parsed.path)


def _prefixed(value: Any, prefix: str) -> Any:
    """Imported references re-pointed into the namespace the definitions land in."""
    if not prefix:
        return value
    if isinstance(value, dict):
        out = {}
        for key, child in value.items():
            if key in ("$ref", "$extends"):
                out[key] = _repointed(child, prefix)
            else:
                out[key] = _prefixed(child, prefix)
        return out
    if isinstance(value, list):
        return [_prefixed(child, prefix) for child in value]
    return value


def _repointed(ref: Any, prefix: str) -> Any:
    if isinstance(ref, list):
        return [_repointed(one, prefix) for one in ref]
    if isinstance(ref, str) and ref.startswith(_PREFIX):
        return f"{_PREFIX}{prefix}/{ref[len(_PREFIX) :]}"
    return ref


def _merge(local: dict[str, Any], imported: dict[str, Any]) -> None:
    """Imported definitions beside the local ones; a local one of the same name wins (the
    draft's shadowing), and namespaces of the same name merge."""
    for name, value in imported.items():
        mine = local.get(name)
        if mine is None:
            local[name] = value
        elif (
            isinstance(mine, dict)
            and isinstance(value, dict)
            and "type" not in mine
            and "type" not in value
        ):
            _merge(mine, value)
