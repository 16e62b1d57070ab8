"""The pytest plugin, driven in scratch projects with pytester."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neptune_ml_conformance._model.cases import load_cases

from .documents import UNBREAKABLE_ALONE
from .verdicts import CALM

HANDWRITTEN = Path(__file__).parent / "validators" / "handwritten.py"
#: The plugin's per-call limit in runs whose verdicts are checked (`verdicts.CALM`).
CALMLY = ["--conformance-timeout", str(CALM)]


def test_nothing_collected_without_a_validator(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mine="def test_ok():\n    assert True\n")
    result = pytester.runpytest("-q")
    result.assert_outcomes(passed=1)


def test_correct_validator_passes_every_case(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(mine=HANDWRITTEN.read_text())
    pytester.syspathinsert()
    result = pytester.runpytest("-q", "--conformance-validator", "mine:validate", *CALMLY)
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] >= 500 and "failed" not in outcomes


def test_faulty_validator_fails_with_readable_ids_and_messages(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        faulty="""
from neptune_ml_conformance import load
from neptune_ml_conformance._model.reference import ReferenceValidator
ref = ReferenceValidator(load())

def validate(definition, instance):
    return [v for v in ref.validate(definition, instance) if v.category != "required"]
"""
    )
    pytester.syspathinsert()
    result = pytester.runpytest("-q", "--conformance-validator", "faulty:validate", "-rf", *CALMLY)
    outcomes = result.parseoutcomes()
    hand_written = [c for c in load_cases() if not c.valid and c.category == "required"]
    failed = [line for line in result.outlines if line.startswith("FAILED")]
    assert len([f for f in failed if "generated/" not in f]) == len(hand_written) == 12
    assert [f for f in failed if "generated/invalid/" in f and "/required/" in f]
    assert all("/required/" in f or "-missing" in f for f in failed)
    assert outcomes["failed"] == len(failed)
    result.stdout.fnmatch_lines(
        [
            "*invalid/DataProcessingJob/all-required-missing*",
            "an empty object: all of inputDataS3Location, processedDataS3Location missing",
            "*category:   required*",
            "*expected:   invalid*",
            "*got:        valid*",
            "*FAILED*invalid/DataProcessingJob/input-data-s3-location-missing*",
        ]
    )


def test_bad_spec_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--conformance-validator", "nope_module_xyz:validate")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*cannot import 'nope_module_xyz'*"])


def test_jobs_must_be_positive(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--conformance-validator", "reference", "--conformance-jobs", "0")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--conformance-jobs: expected 1 to 256 processes, got 0*"])


def test_serial_and_xdist_runs_write_the_same_report(pytester: pytest.Pytester) -> None:
    """Also with the generated sets drawn by helper processes."""
    import json

    reports = []
    for extra in ([], ["-n", "2"], ["--conformance-jobs", "2"]):
        path = pytester.path / f"report{len(reports)}.json"
        result = pytester.runpytest_subprocess(
            "-q",
            "-p",
            "no:cacheprovider",
            "--conformance-validator",
            "jsonschema",
            "--conformance-json",
            str(path),
            *CALMLY,
            *extra,
        )
        assert result.ret == 0
        # drawing while pytest configures is deliberate: no screenful of Hypothesis warnings
        assert "HypothesisSideeffectWarning" not in result.stdout.str() + result.stderr.str()
        reports.append(json.loads(path.read_text()))
    assert reports[0] == reports[1] == reports[2]
    assert reports[0]["validators"][0]["categories"]["integer-lexical"]["failed"] > 0


def test_a_failing_item_prints_the_command_that_reruns_exactly_it(
    pytester: pytest.Pytester,
) -> None:
    """The printed command, run as printed, runs that one case (and fails again); a
    generated case included, since the command carries the options that drew it."""
    import shlex

    pytester.makepyfile(faulty=(Path(__file__).parent / "validators" / "faulty.py").read_text())
    pytester.syspathinsert()
    first = pytester.runpytest(
        "-q", "--conformance-validator", "faulty:case_insensitive_enum", *CALMLY
    )
    reruns = list(
        dict.fromkeys(line.split("re-run: ", 1)[1] for line in first.outlines if "re-run: " in line)
    )
    assert len(reruns) == first.parseoutcomes()["failed"] > 1
    generated = next(r for r in reruns if "generated/" in r)
    for command in (reruns[0], generated):
        argv = shlex.split(command)
        assert argv[0] == "pytest"
        again = pytester.runpytest("-q", *argv[1:])
        again.assert_outcomes(failed=1)
        assert f"re-run: {command}" in again.outlines
    unknown = pytester.runpytest(
        "--conformance-validator", "reference", "--conformance-case", "valid/Nope/nothing"
    )
    assert unknown.ret == pytest.ExitCode.USAGE_ERROR


def test_options_are_read_from_the_ini_file(pytester: pytest.Pytester) -> None:
    """`[tool.pytest.ini_options]` works like the command line, which wins over it."""
    import json

    pytester.makepyprojecttoml(
        """
[tool.pytest.ini_options]
conformance_validator = "reference"
conformance_profile = "quick"
conformance_seed = "3"
conformance_json = "from-ini.json"
"""
    )
    (pytester.path / "sub").mkdir()
    with pytest.MonkeyPatch.context() as patch:  # run from a subfolder: paths stay the ini's
        patch.chdir(pytester.path / "sub")
        result = pytester.runpytest("-q", "--rootdir", str(pytester.path))
    assert result.parseoutcomes()["passed"] >= 500
    report = json.loads((pytester.path / "from-ini.json").read_text())
    assert report["suite"]["seed"] == 3 and report["suite"]["profile"] == "quick"
    result = pytester.runpytest("-q", "--conformance-seed", "4", "--conformance-json", "cli.json")
    assert json.loads((pytester.path / "cli.json").read_text())["suite"]["seed"] == 4
    pytester.makepyprojecttoml(
        '[tool.pytest.ini_options]\nconformance_validator = "reference"\n'
        'conformance_seed = "three"\n'
    )
    bad = pytester.runpytest("-q")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    bad.stderr.fnmatch_lines(["*--conformance-seed: expected an integer, got 'three'*"])


def test_case_items_skip_the_per_item_hooks_and_other_tests_run_as_pytest_runs_them(
    pytester: pytest.Pytester,
) -> None:
    """Case items run through the plugin's own protocol (no output capture or fixture stack
    per item); the project's own tests beside them keep their fixtures, in order, and every
    report still reaches JUnit XML, xfail included."""
    pytester.makeconftest(
        """
import pytest
EVENTS = []

@pytest.fixture(autouse=True)
def traced(request):
    EVENTS.append(("up", request.node.name))
    yield
    EVENTS.append(("down", request.node.name))

@pytest.fixture(scope="module")
def shared():
    EVENTS.append(("module", "up"))
    yield 1
    EVENTS.append(("module", "down"))

def pytest_runtest_setup(item):
    EVENTS.append(("setup", item.name))

def pytest_sessionfinish(session):
    print("EVENTS", EVENTS)
"""
    )
    pytester.makepyfile(
        test_mine="""
def test_first(shared):
    assert shared == 1

def test_second(shared):
    assert shared == 1
""",
        faulty=(Path(__file__).parent / "validators" / "faulty.py").read_text(),
    )
    pytester.syspathinsert()
    result = pytester.runpytest(
        "-q",
        "-s",
        "--junitxml=out.xml",
        "--conformance-validator",
        "faulty:case_insensitive_enum",
        "--conformance-profile",
        "quick",
        *CALMLY,
    )
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] >= 1 and outcomes["passed"] >= 500
    (events,) = [line.split("EVENTS ", 1)[1] for line in result.outlines if "EVENTS " in line]
    # the per-phase hooks ran for the two tests only (not for the case items), their
    # fixtures set up and torn down in order, the module's once
    assert events == (
        "[('setup', 'test_first'), ('module', 'up'), ('up', 'test_first'), "
        "('down', 'test_first'), ('setup', 'test_second'), ('up', 'test_second'), "
        "('down', 'test_second'), ('module', 'down')]"
    )
    xml = (pytester.path / "out.xml").read_text()
    total = sum(outcomes.get(k, 0) for k in ("passed", "failed", "xfailed"))
    assert xml.count("<testcase ") == total
    assert xml.count("<failure ") == outcomes["failed"]


def test_case_items_carry_the_conformance_mark_and_junit_shows_no_internals(
    pytester: pytest.Pytester,
) -> None:
    """The mark sits on the collector (one, not one per item): `-m` still selects by it.
    Without --conformance-json nobody reads an item's outcomes, so JUnit XML carries none."""
    pytester.makepyfile(test_mine="def test_ok():\n    assert True\n")
    options = ["-q", "--conformance-validator", "reference", "--junitxml", "junit.xml", *CALMLY]
    mine = pytester.runpytest(*options, "-m", "not conformance").parseoutcomes()
    assert mine["passed"] == 1 and mine["deselected"] > 500
    cases = pytester.runpytest(*options, "-m", "conformance").parseoutcomes()
    assert cases["deselected"] == 1 and cases["passed"] == mine["deselected"]
    junit = (pytester.path / "junit.xml").read_text()
    assert junit.count("<testcase ") == mine["deselected"]
    assert "outcomes" not in junit


def test_the_summary_says_what_the_command_line_notes(pytester: pytest.Pytester) -> None:
    """A set nothing could be drawn for goes uncertified: the plugin says so in a section
    of its summary, as the command line does in a note, under `-q` too."""
    structure = pytester.path / "pair.json"
    structure.write_text(json.dumps(UNBREAKABLE_ALONE))
    argv = ["--conformance-validator", "reference", "--conformance-structure", str(structure)]
    result = pytester.runpytest("-q", *argv, *CALMLY)
    result.stdout.fnmatch_lines(
        [
            "*- neptune-ml-conformance notes -*",
            "note: no instances could be drawn for 1 generated set, *",
        ]
    )
