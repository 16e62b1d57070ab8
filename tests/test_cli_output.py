"""The command line's conventions: many files for lint and validate (as pre-commit passes
them), --output-format text|json|github, -q/-v, --color beside NO_COLOR, `python -m`, and
nothing written in the working directory that the user did not ask for."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance._io.neutral import github_annotation
from neptune_ml_conformance._model.structure import default_structure_path
from neptune_ml_conformance.cli import main

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = [sys.executable, "-m", "neptune_ml_conformance"]


def _write(path: Path, value: Any) -> str:
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


#: A structure lint finds nothing wrong with (shared with tests/test_lint_diff.py).
CLEAN = str(Path(__file__).parent / "structures" / "clean.json")


def test_validate_json_output_is_the_json_report_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(tmp_path / "bad.json", {"instanceCount": 0})
    good = _write(tmp_path / "good.json", {"instanceCount": 2})
    stance = _write(tmp_path / "stance.json", {"instanceCount": 2.0})
    argv = ["validate", "--definition", "InferenceEndpoint", bad, good, stance]
    assert main([*argv, "--json", str(tmp_path / "out.json")]) == 1
    capsys.readouterr()
    assert main([*argv, "--output-format", "json"]) == 1
    shown = json.loads(capsys.readouterr().out)
    assert shown == json.loads((tmp_path / "out.json").read_text())
    assert {(r["file"], r["category"], r["blocking"]) for r in shown} == {
        (bad, "minimum", True),
        (stance, "integer-lexical", False),
    }


def test_validate_github_output_annotates_each_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(tmp_path / "a,b:c.json", {"instanceCount": 0, "modelName": "100%"})
    stance = _write(tmp_path / "s.json", {"instanceCount": 2.0})
    code = main(
        ["validate", "--definition", "InferenceEndpoint", "--output-format", "github", bad, stance]
    )
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    escaped = bad.replace(":", "%3A").replace(",", "%2C")
    assert (
        f"::error file={escaped},title=minimum at /instanceCount::0 is less than the minimum 1"
        in lines
    )
    enum = next(line for line in lines if "title=enum" in line)
    assert "'100%25' is not one of" in enum  # `%` escaped as the runner reads it
    assert any(line.startswith(f"::notice file={stance},title=integer-lexical") for line in lines)
    assert all(line.startswith("::") for line in lines), "no summary line among annotations"


def test_github_annotation_cannot_be_broken_out_of() -> None:
    line = github_annotation("error", "x,y::z\n", "t:1", "a\nb\r\x1b[31m%")
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert line == "::error file=x%2Cy%3A%3Az\\n,title=t%3A1::a\\nb\\r\\x1b[31m%25"


def test_lint_takes_many_files_as_pre_commit_passes_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = CLEAN
    bundled = str(default_structure_path())
    assert main(["lint", clean, clean]) == 0
    out = capsys.readouterr().out
    assert out.count(f"0 errors, 0 warnings in {clean}") == 2
    assert main(["lint", clean, bundled]) == 1
    out = capsys.readouterr().out
    assert f"in {clean}" in out and f"in {bundled}" in out and "dangling-ref" in out
    assert main(["lint", "--output-format", "json", clean, bundled]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {r["file"] for r in rows} == {bundled}
    assert {"code", "level", "pointer", "message"} <= set(rows[0])


def test_lint_reports_the_other_files_when_one_is_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ nope")
    bundled = str(default_structure_path())
    assert main(["lint", "--output-format", "github", str(broken), bundled]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"::error file={broken},title=unreadable") for line in lines)
    assert any("title=dangling-ref" in line for line in lines)
    assert main(["lint", "--output-format", "json", str(broken), bundled]) == 2
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["file"] == str(broken) and rows[0]["code"] == "unreadable"
    assert {r["file"] for r in rows[1:]} == {bundled}


def test_lint_refuses_structure_and_files_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = CLEAN
    assert main(["lint", "--structure", clean, clean]) == 2
    assert "not both" in capsys.readouterr().err


def test_pre_commit_hooks_accept_many_files(tmp_path: Path) -> None:
    """Each hook's entry, with the file names pre-commit appends (`pass_filenames`)."""
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text()
    entries = dict(
        zip(
            re.findall(r"^- id: (\S+)", hooks, re.M),
            re.findall(r"^  entry: (.+)$", hooks, re.M),
            strict=True,
        )
    )
    assert "pass_filenames: false" not in hooks
    lint_files = re.search(
        r"^- id: neptune-ml-structure-lint$.*?^  files: '(.+?)'$", hooks, re.M | re.S
    )
    assert lint_files is not None
    for name, linted in [
        ("structure.json", True),
        ("schemas/job-structure.v2.json", True),
        ("package.json", False),
        ("tests/fixtures/order.json", False),
    ]:
        assert (re.search(lint_files[1], name) is not None) is linted, name
    clean = CLEAN
    other = str(shutil.copy(CLEAN, tmp_path / "other.json"))
    lint = shlex.split(entries["neptune-ml-structure-lint"])
    assert lint[0] == "neptune-ml-conformance"
    assert main([*lint[1:], clean, other]) == 0
    job = _write(tmp_path / "job.json", {"instanceCount": 1})
    job2 = _write(tmp_path / "job2.json", {"instanceCount": 0})
    validate = shlex.split(entries["neptune-ml-validate"])
    assert main([*validate[1:], "--definition", "InferenceEndpoint", job, job2]) == 1


def test_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = ["certify", "--validator", "reference", "--profile", "quick"]
    assert main(["-q", *run]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "reference: conformant",
        "PASSED: 1 of 1 validators conformant",
    ]
    assert main([*run, "-v"]) == 0
    out = capsys.readouterr().out
    assert "Conformance matrix" in out
    assert re.search(r"cases: \d+ generated, \d+ hand-written; profile quick, seed 0", out)
    assert re.search(r"^run: \d+\.\d\d s$", out, re.M)
    doc = _write(tmp_path / "d.json", {"instanceCount": 2})
    assert main(["validate", "-q", "--definition", "InferenceEndpoint", doc]) == 0
    assert capsys.readouterr().out == ""


def _run_on_terminal(argv: list[str], env: dict[str, str], cwd: Path) -> bytes:
    """What a user sees: the command's output on a pseudo-terminal."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        argv, stdin=terminal, stdout=terminal, stderr=terminal, env=env, cwd=cwd
    )
    os.close(terminal)
    output = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 120)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(controller)
    return output


@pytest.mark.parametrize(
    ("flags", "no_color", "animated", "coloured"),
    [
        ([], "", True, True),
        ([], "1", False, False),
        (["--color", "never"], "", False, False),
        (["--color", "always"], "1", False, True),
    ],
)
def test_color_and_no_color_on_a_terminal(
    tmp_path: Path, flags: list[str], no_color: str, animated: bool, coloured: bool
) -> None:
    """NO_COLOR and --color never give plain output, animation included (a progress bar
    redraws itself with cursor movements: hiding the cursor is its mark)."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"COLUMNS": "200", "TERM": "xterm-256color"})
    if no_color:
        env["NO_COLOR"] = no_color
    output = _run_on_terminal(
        [*PROGRAM, "certify", *flags, "--validator", "reference", "--profile", "quick"],
        env,
        tmp_path,
    )
    assert b"PASSED: 1 of 1 validators conformant" in output
    assert (b"\x1b[?25l" in output) is animated
    assert (b"\x1b[" in output) is (animated or coloured)


def test_color_always_colours_piped_output() -> None:
    result = subprocess.run(
        [
            *PROGRAM,
            "certify",
            "--color",
            "always",
            "-q",
            "--validator=reference",
            "--profile=quick",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b[32m" in result.stdout  # the green verdict


def test_python_dash_m_is_the_cli() -> None:
    from neptune_ml_conformance import __version__

    result = subprocess.run([*PROGRAM, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"neptune-ml-conformance {__version__}"
    bad = subprocess.run([*PROGRAM, "lint", "--nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and "unrecognized arguments" in bad.stderr


def test_certify_writes_nothing_in_the_working_directory(tmp_path: Path) -> None:
    """Hypothesis' storage (`.hypothesis/` in the working directory by default) goes to the
    per-user cache, and a user's own HYPOTHESIS_STORAGE_DIRECTORY is not written to."""
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_STORAGE_DIRECTORY"}
    env["XDG_CACHE_HOME"] = str(cache)
    env.pop("NEPTUNE_ML_CONFORMANCE_CACHE", None)
    argv = [*PROGRAM, "certify", "-q", "--validator", "reference", "--profile", "quick"]
    result = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert list(work.iterdir()) == []
    assert (cache / "neptune-ml-conformance" / "hypothesis").is_dir()
    chosen = tmp_path / "chosen"
    env["HYPOTHESIS_STORAGE_DIRECTORY"] = str(chosen)
    result = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # Hypothesis keeps nothing of the suite's run there either (no example database; its
    # Unicode tables come from the suite's cache): the user's folder is theirs alone.
    assert list(work.iterdir()) == [] and not chosen.exists()
