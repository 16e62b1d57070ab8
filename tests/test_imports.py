"""`$import` and `$importdefs` (the import extension): a document that imports its types
from others is modelled, linted and certified as one self-contained document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neptune_ml_conformance import InputError, load
from neptune_ml_conformance._model.reference import validate_node
from neptune_ml_conformance._model.structure import ROOT, read_json
from neptune_ml_conformance.cli import main

from .verdicts import CALM

IMPORTS = Path(__file__).resolve().parent / "structures" / "imports"
BLANKET = Path(__file__).resolve().parent / "validators" / "blanket.py"


def test_import_at_the_root_brings_the_root_type_and_the_definitions() -> None:
    structure = load(IMPORTS / "root-import.json")
    assert list(structure.targets) == [ROOT, "Address", "Person"]
    team = structure.targets[ROOT]
    assert list(validate_node(team, {"lead": {"name": "Ann", "home": {"city": "Oslo"}}})) == []
    (violation,) = validate_node(team, {"lead": {"name": "Ann", "home": {}}})
    assert (violation.category, violation.path) == ("required", "/lead/home/city")


def test_import_into_a_namespace_repoints_references_and_local_types_shadow() -> None:
    structure = load(IMPORTS / "namespace-import.json")
    assert set(structure.targets) == {ROOT, "People/Address", "People/Person"}
    order = structure.targets[ROOT]
    # the imported Person's home is the namespace's Address: the local one, with its zip
    (violation,) = validate_node(order, {"buyer": {"name": "Bo", "home": {"city": "Rome"}}})
    assert (violation.category, violation.path) == ("required", "/buyer/home/zip")


def test_importdefs_leaves_the_root_type_out() -> None:
    assert set(load(IMPORTS / "importdefs.json").targets) == {ROOT, "Lib/Address"}


def test_the_digest_covers_what_was_imported(tmp_path: Path) -> None:
    for name in ("library.json", "root-import.json"):
        (tmp_path / name).write_text((IMPORTS / name).read_text())
    before = load(tmp_path / "root-import.json").sha256
    library = json.loads((tmp_path / "library.json").read_text())
    library["properties"]["name"]["maxLength"] = 31
    (tmp_path / "library.json").write_text(json.dumps(library))
    assert load(tmp_path / "root-import.json").sha256 != before


@pytest.mark.parametrize("name", ["root-import.json", "namespace-import.json", "importdefs.json"])
def test_an_importing_document_certifies_lints_clean_and_convicts_blanket_validators(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = str(IMPORTS / name)
    assert main(["lint", "--structure", path]) == 0, capsys.readouterr().out
    assert not {"$import", "$importdefs"} & set(json.dumps(read_json(path)).split('"'))
    # (a per-call limit no call nears on a loaded machine: this test is about verdicts)
    args = ["--structure", path, "--profile", "quick", "--timeout", str(CALM)]
    assert main(["certify", "--validator", "reference", *args]) == 0
    for blanket in ("accept_everything", "refuse_everything"):
        assert main(["certify", "--validator", f"{BLANKET}:{blanket}", *args]) == 1


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("https://example.com/people.json", "never fetched"),
        ("missing.json", "cannot read the imported structure"),
        ("self.json", "already importing it"),
    ],
)
def test_an_import_that_cannot_be_read_locally_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], uri: str, words: str
) -> None:
    document = {"$import": uri, "name": "X", "type": "string"}
    path = tmp_path / "self.json"
    path.write_text(json.dumps(document))
    with pytest.raises(InputError, match=words):
        load(path)
    assert main(["certify", "--validator", "reference", "--structure", str(path)]) == 2
