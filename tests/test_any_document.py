"""Any JSON Structure document certifies: the root is a target, foreign structures certify
from generated cases alone, and a case folder may hold one verdict or none."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest
from neptune_ml_conformance import InputError, Structure, load
from neptune_ml_conformance._model.cases import MANIFEST, cases_for, default_cases_dir
from neptune_ml_conformance._model.structure import ROOT
from neptune_ml_conformance._running.engine import plan, prepare
from neptune_ml_conformance.cli import main

from .documents import UNBREAKABLE_ALONE
from .verdicts import CALM

HERE = Path(__file__).resolve().parent
STRUCTURES = HERE / "structures"
BLANKET = HERE / "validators" / "blanket.py"
#: Written for these tests: a root `type` over a definition, a `$root`, no definitions;
#: each with its targets, the root's name first.
OURS = {
    "root-object.json": [ROOT, "Address"],
    "root-ref.json": ["Person"],
    "no-definitions.json": [ROOT],
}
#: Words of any line about the bundled cases.
BUNDLED_WORDS = ("hand-written", "no longer fit", "DataProcessingJob", "InferenceEndpoint")


def certify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, validator: str, *args: str
) -> tuple[int, dict[str, object], str]:
    report = tmp_path / "report.json"
    argv = ["certify", "--validator", validator, "--profile", "quick", "--json", str(report)]
    # a per-call limit no call nears even on a loaded machine: these tests are about verdicts
    # (a worker stalled past the default 5 s errors the reference's call, and the run exits 1)
    argv += ["--timeout", str(CALM)]
    code = main([*argv, *args])
    captured = capsys.readouterr()
    written = json.loads(report.read_text()) if report.exists() else {}
    return code, written, captured.out + captured.err


@pytest.mark.parametrize("name", sorted(OURS))
def test_the_root_is_a_target_named_in_the_report(name: str) -> None:
    structure = load(STRUCTURES / name)
    assert list(structure.targets) == OURS[name]
    the_plan = plan(structure, generated=[])
    assert the_plan.cases == [] and the_plan.case_problems == []


@pytest.mark.parametrize("name", sorted(OURS))
def test_a_foreign_structure_certifies_the_reference_from_generated_cases(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    code, report, out = certify(
        capsys, tmp_path, "reference", "--structure", str(STRUCTURES / name)
    )
    assert code == 0, out
    assert report["suite"]["cases"] == {"generated": report["suite"]["cases"]["generated"]}  # type: ignore[index]
    assert report["case_problems"] == []
    assert not [word for word in BUNDLED_WORDS if word in out]


@pytest.mark.parametrize("name", sorted(OURS))
@pytest.mark.parametrize("blanket", ["accept_everything", "refuse_everything"])
def test_a_validator_that_checks_nothing_is_convicted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, blanket: str
) -> None:
    code, report, out = certify(
        capsys, tmp_path, f"{BLANKET}:{blanket}", "--structure", str(STRUCTURES / name)
    )
    assert code == 1
    (entry,) = report["validators"]  # type: ignore[misc]
    assert entry["conformant"] is False
    if blanket == "accept_everything":
        # one witness per category: the root's mutants are among them
        assert OURS[name][0] in {f["definition"] for f in entry["failures"]}
        assert {f["expected"] for f in entry["failures"]} == {"invalid"}
    else:
        # every refusal alike, and no change explains it: one `unexplained` witness, never
        # the categories the valid cases were drawn for
        assert {(f["expected"], f["category"]) for f in entry["failures"]} == {
            ("valid", "unexplained")
        }
    assert not [word for word in BUNDLED_WORDS if word in out]


def test_the_bundled_structure_keeps_its_four_targets(structure: Structure) -> None:
    assert structure.root is None
    assert list(structure.targets) == [
        "DataProcessingJob",
        "ModelTrainingJob",
        "ModelTransformJob",
        "InferenceEndpoint",
    ]
    with pytest.raises(InputError, match="no definition named '#'"):
        structure.definition(ROOT)


def test_the_bundled_cases_apply_to_the_bundled_structure_and_its_edits(
    structure: Structure, tmp_path: Path
) -> None:
    bundled, notes = cases_for(structure.document["$id"])
    assert len(bundled) >= 150 and notes == []
    assert cases_for("https://example.com/another")[0] == []
    assert cases_for(None)[0] == []
    edited = dict(structure.document, description="an edit keeps the $id")
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited))
    assert len(plan(load(path), generated=[]).cases) == len(bundled)


def _one_verdict(tmp_path: Path, verdict: str) -> Path:
    root = tmp_path / "cases"
    root.mkdir()
    shutil.copytree(default_cases_dir() / verdict, root / verdict)
    return root


@pytest.mark.parametrize("verdict", ["valid", "invalid"])
def test_a_case_folder_with_one_verdict_certifies(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, verdict: str
) -> None:
    root = _one_verdict(tmp_path, verdict)
    code, report, out = certify(capsys, tmp_path, "reference", "--cases", str(root))
    assert code == 0, out
    hand_written = report["suite"]["cases"]["hand-written"]  # type: ignore[index]
    assert hand_written == len(list((root / verdict).rglob("*.json")))


def test_an_empty_case_folder_is_a_note(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    code, report, out = certify(
        capsys,
        tmp_path,
        "reference",
        "--structure",
        str(STRUCTURES / "no-definitions.json"),
        "--cases",
        str(root),
    )
    assert code == 0, out
    assert "note:" in out and "generated cases alone certify" in out
    assert "hand-written" not in report["suite"]["cases"]  # type: ignore[operator]


def test_a_missing_case_folder_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, out = certify(capsys, tmp_path, "reference", "--cases", str(tmp_path / "nope"))
    assert code == 2 and "nope" in out


def test_cases_written_for_another_structure_are_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, out = certify(
        capsys,
        tmp_path,
        "reference",
        "--structure",
        str(STRUCTURES / "root-ref.json"),
        "--cases",
        str(default_cases_dir()),
    )
    assert code == 2
    assert MANIFEST in out and "written for the structure" in out


def test_a_case_file_addresses_the_root_as_hash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "cases"
    (root / "valid").mkdir(parents=True)
    (root / "invalid" / ROOT).mkdir(parents=True)
    (root / "valid" / "three.json").write_text(
        json.dumps({"description": "three readings", "definition": ROOT, "instance": [1, 2, 3]})
    )
    (root / "invalid" / ROOT / "too-big.json").write_text(
        json.dumps(
            {
                "description": "a reading beyond int16",
                "definition": ROOT,
                "category": "range",
                "path": "/1",
                "instance": [1, 40000],
            }
        )
    )
    args = ["--structure", str(STRUCTURES / "no-definitions.json"), "--cases", str(root)]
    code, report, out = certify(capsys, tmp_path, "reference", *args)
    assert code == 0, out
    assert report["suite"]["cases"]["hand-written"] == 2  # type: ignore[index]
    code, report, _ = certify(capsys, tmp_path, f"{BLANKET}:accept_everything", *args)
    assert code == 1
    (entry,) = report["validators"]  # type: ignore[misc]
    assert "invalid/#/too-big" in {f["id"] for f in entry["failures"]}


def _write(tmp_path: Path, document: dict[str, object]) -> str:
    path = tmp_path / "structure.json"
    path.write_text(json.dumps(document))
    return str(path)


def test_a_document_with_nothing_to_certify_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # the root is a non-schema without `type` (core), and the only definition is abstract
    document = {
        "name": "Nothing",
        "allOf": [{"type": "string"}],
        "definitions": {"Base": {"type": "object", "abstract": True, "properties": {}}},
    }
    code, _, out = certify(capsys, tmp_path, "reference", "--structure", _write(tmp_path, document))
    assert code == 2 and "nothing to certify" in out and "Traceback" not in out


@pytest.mark.parametrize(
    "impossible",
    [
        {"type": "int32", "minimum": 100, "maximum": 50},
        {"type": "int32", "multipleOf": 7, "minimum": 10, "maximum": 13},
        {"type": "string", "minLength": 100000},
    ],
)
def test_a_structure_no_instance_can_be_drawn_from_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, impossible: dict[str, object]
) -> None:
    document = {
        "$schema": "https://json-structure.org/meta/extended/v0/#",
        "$uses": ["JSONStructureValidation"],
        "name": "Impossible",
        "type": "object",
        "properties": {"value": impossible},
    }
    code, _, out = certify(capsys, tmp_path, "reference", "--structure", _write(tmp_path, document))
    assert code == 2 and "Traceback" not in out
    assert "nothing valid can be drawn" in out or "no instance can be drawn" in out, out


@pytest.mark.parametrize(("profile", "jobs"), [("quick", 1), ("default", 2)])
def test_a_set_nothing_could_be_drawn_for_is_said_wherever_it_was_drawn(
    tmp_path: Path, profile: str, jobs: int
) -> None:
    """No instance breaks `required` alone here, so that set holds no case. The run says
    so, in-process and when helpers drew it (their warnings went unread before), and no
    warning with the suite's own file and line is shown in its place."""
    path = _write(tmp_path, UNBREAKABLE_ALONE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        the_plan = prepare(path, None, profile, 0, jobs=jobs)
    assert the_plan.undrawn == [(ROOT, "required", "invalid")]
    assert the_plan.notes == [
        "no instances could be drawn for 1 generated set, so its rule is not certified there: "
        f"{ROOT} required (invalid) (a rule no instance breaks alone, or a type no value "
        "satisfies; `lint` may say which)"
    ]


def test_the_report_lists_the_sets_nothing_could_be_drawn_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, report, out = certify(
        capsys, tmp_path, "reference", "--structure", _write(tmp_path, UNBREAKABLE_ALONE)
    )
    assert code == 0, out
    assert report["suite"]["undrawn"] == [  # type: ignore[index]
        {"definition": ROOT, "category": "required", "expected": "invalid"}
    ]
    assert "note: no instances could be drawn for 1 generated set" in out
    assert "UserWarning" not in out
    # and the markdown and HTML reports list it under one heading
    from neptune_ml_conformance._reports.html import render_html
    from neptune_ml_conformance._reports.markdown import render_markdown
    from neptune_ml_conformance._reports.report import UNDRAWN_TITLE

    assert f"### {UNDRAWN_TITLE}\n\n- \\# · required (invalid)" in render_markdown(report)
    assert '<ul id="undrawn"><li><code>#</code> · required (invalid)</li></ul>' in render_html(
        report
    )
