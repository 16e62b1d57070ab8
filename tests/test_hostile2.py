"""Hostile inputs, second round (issue 23): no unearned exit 0, every wait bounded,
every child ended, one line where one line is promised.

The runs that end a process, or are ended, run in a separate process: the exit status
they are about is the process's.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance.adapters import InProcessAdapter

HERE = Path(__file__).parent
ROOT = HERE.parent
HOSTILE2 = "tests.validators.hostile2"
HARNESS = HERE / "harnesses" / "hostile_harness.py"
CLI = [sys.executable, "-m", "neptune_ml_conformance.cli"]


def run_cli(*args: str, timeout: float = 300, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join((os.environ.get("PYTHONPATH", ""), str(ROOT))),
    }
    return subprocess.run(
        [*CLI, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=timeout,
        env=env,
    )


def certify_quick(
    tmp_path: Path, *args: str, timeout: float = 300
) -> tuple[subprocess.CompletedProcess[str], Any]:
    report = tmp_path / "report.json"
    result = run_cli("certify", "--profile", "quick", "--json", str(report), *args, timeout=timeout)
    return result, json.loads(report.read_text()) if report.exists() else None


# --- 1. nothing the validator's process made is unpickled in the suite's -------------------


def test_a_fill_that_exits_when_unpickled_is_an_error_not_an_exit_0(tmp_path: Path) -> None:
    result, report = certify_quick(tmp_path, "--validator", f"{HOSTILE2}:FillsWithAPickleBomb")
    assert result.returncode == 1, result.stdout + result.stderr
    (entry,) = report["validators"]
    assert entry["categories"]["defaults"]["errored"] > 0
    assert "NOT conformant" in result.stdout


def test_a_fill_that_is_not_json_data_is_an_error_naming_why() -> None:
    from .validators.hostile2 import FillsNotJson

    adapter = InProcessAdapter("fills", "fills", FillsNotJson(), timeout=5)
    try:
        filled, error = adapter.defaults("InferenceEndpoint", {}) or (None, None)
    finally:
        adapter.close()
    assert filled is None
    assert error is not None and "returned dict, which is not JSON data" in error


def test_a_fill_larger_than_the_reader_takes_is_an_error_with_its_size() -> None:
    from neptune_ml_conformance._io.read import MAX_BYTES
    from neptune_ml_conformance.adapters._base import _sendable

    filled, error = _sendable("x" * MAX_BYTES)  # its JSON text has two quotes more
    assert filled is None
    assert error == f"returned {MAX_BYTES + 2} bytes of JSON; at most {MAX_BYTES} are read"


def test_a_fill_crosses_as_the_same_text_whether_encoded_ahead_or_not() -> None:
    from neptune_ml_conformance.adapters._base import _sendable
    from neptune_ml_conformance.adapters._worker import _frame, decode_reply

    filled = {"a": [1, 2.5, "\ud800", None], "b": {"c": True}}
    ahead = _sendable(filled)
    assert _frame(ahead, {}) == _frame((filled, None), {})
    assert decode_reply(_frame(ahead, {})[4:]) == [filled, None]


def test_a_ten_million_character_error_is_cut_in_the_worker() -> None:
    from neptune_ml_conformance.adapters._base import MAX_DETAIL

    from .validators.hostile2 import long_errors

    adapter = InProcessAdapter("long", "long", long_errors, timeout=5)
    try:
        (answer,) = adapter.check([("InferenceEndpoint", {"instanceCount": "x"})])
    finally:
        adapter.close()
    assert answer.status == "invalid"
    assert len(answer.detail) < MAX_DETAIL + 100
    assert answer.detail.endswith("(cut: 10000000 characters in all)")


def test_what_the_worker_writes_is_read_as_json_never_unpickled(tmp_path: Path) -> None:
    """A worker whose code was replaced (the validator's to replace) writes a pickle."""
    script = """
import pickle, os
from neptune_ml_conformance.adapters import _worker

class Bomb:
    def __reduce__(self):
        return (os._exit, (0,))

def serve(calls):
    _worker.encode_reply = lambda reply: pickle.dumps(Bomb())
    yield ("valid", "")

worker = _worker.Worker(serve, "validator")
replies, lost = worker.run([1], 1, 5.0)
worker.stop()
print(replies, lost)
raise SystemExit(1)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[] validator process broke its answer pipe" in result.stdout


# --- 2. the exit status is decided once and delivered ----------------------------------------


def test_an_atexit_exit_0_a_validator_registers_cannot_make_certify_exit_0(
    tmp_path: Path,
) -> None:
    result, report = certify_quick(tmp_path, "--validator", f"{HOSTILE2}:RegistersExit0")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "NOT conformant" in result.stdout
    assert report["validators"][0]["conformant"] is False


def test_under_pytest_an_atexit_exit_0_cannot_change_the_session_status(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join((os.environ.get("PYTHONPATH", ""), str(ROOT))))
    result = pytester.runpytest_subprocess(
        "-q", "-p", "no:cacheprovider", "--conformance-validator", f"{HOSTILE2}:RegistersExit0"
    )
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-2000:]
    assert result.parseoutcomes()["failed"] > 100


def test_under_pytest_a_fill_that_exits_when_unpickled_fails_its_cases(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join((os.environ.get("PYTHONPATH", ""), str(ROOT))))
    result = pytester.runpytest_subprocess(
        "-q",
        "-p",
        "no:cacheprovider",
        "--conformance-validator",
        f"{HOSTILE2}:FillsWithAPickleBomb",
    )
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output[-2000:]
    assert result.parseoutcomes()["failed"] >= 1


# --- 3. every wait bounded, every child ended --------------------------------------------------


def _gone(pid: int) -> bool:
    """Ended: no such process, or a zombie nobody reaped yet (a container's init may not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def _pids(path: Path, lines: int, seconds: float = 120) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and len(text := path.read_text().splitlines()) >= lines:
            return [int(pid) for line in text for pid in line.split()]
        time.sleep(0.1)
    raise AssertionError(f"{path}: fewer than {lines} lines in {seconds} s")


def test_a_harness_that_closes_its_stdout_and_sleeps_does_not_hang_the_run(
    tmp_path: Path,
) -> None:
    pids = tmp_path / "pids"
    spec = f"ihop:{sys.executable} {HARNESS} close-and-sleep {pids}"
    started = time.monotonic()
    result, report = certify_quick(tmp_path, "--validator", spec, "--timeout", "60", timeout=50)
    assert time.monotonic() - started < 50
    assert result.returncode == 1, result.stdout + result.stderr
    (entry,) = report["validators"]
    assert "closed its stdout" in json.dumps(entry["failures"][:3])
    for pid in [int(p) for line in pids.read_text().splitlines() for p in line.split()]:
        assert _gone(pid), pid


@pytest.mark.parametrize("validator", ["SpawnsAndHangs", "TakesOverSignals", "BlocksSigterm"])
@pytest.mark.parametrize(
    ("signum", "code", "words"),
    [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")],
)
def test_sigterm_or_ctrl_c_ends_every_child_with_one_line(
    tmp_path: Path, signum: int, code: int, words: str, validator: str
) -> None:
    """Whatever the validator's constructor did to signals (TakesOverSignals: handlers that
    exit 0; BlocksSigterm: SIGTERM and SIGINT blocked)."""
    pids = tmp_path / "pids"
    harness = f"ihop:{sys.executable} {HARNESS} sleep {pids}"
    process = subprocess.Popen(
        [
            *CLI,
            "certify",
            "--profile",
            "quick",
            "--timeout",
            "300",
            "--validator",
            f"{HOSTILE2}:{validator}",  # its worker is forked after the harness started
            "--validator",
            harness,
        ],
        cwd=ROOT,
        env={**os.environ, "HOSTILE2_PIDS": str(pids)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        children = _pids(pids, 2)  # the harness and its child; the worker and its child
        process.send_signal(signum)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == code, out + err
    assert err.strip() == f"neptune-ml-conformance: {words}", err
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in children if not _gone(pid)] == []


# --- 5. the bounded reader reads at most its cap, and only JSON --------------------------------


def test_validate_dev_zero_reads_at_most_the_cap_and_exits_2() -> None:
    result = run_cli("validate", "--definition", "InferenceEndpoint", "/dev/zero", timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "over 8388608 bytes" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_case_file_that_is_a_symlink_to_dev_zero_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "cases" / "valid").mkdir(parents=True)
    (tmp_path / "cases" / "valid" / "zero.json").symlink_to("/dev/zero")
    result = run_cli("certify", "--validator", "reference", "--cases", str(tmp_path / "cases"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "zero.json: case is over 8388608 bytes" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_fifo_nobody_writes_is_given_up_on_after_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neptune_ml_conformance._io import read

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    monkeypatch.setattr(read, "STREAM_SECONDS", 0.3)
    started = time.monotonic()
    with pytest.raises(read.ReadError, match=r"gave no end of file within 0.3 s"):
        read.read_file(fifo, "case")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("text", "pointer", "words"),
    [
        ('{"instanceCount": NaN}', "/instanceCount", "NaN is not a JSON value"),
        ('{"a": [1, Infinity]}', "/a/1", "Infinity is not a JSON value"),
        ('{"a": {"b": 1, "b": 2}}', "/a/b", "member 'b' appears twice"),
        ('[0, {"n": ' + "7" * 4301 + "}]", "/1/n", "an integer of 4301 digits"),
        ('{"a": [0.5, -1e999]}', "/a/1", "-1e999 is beyond the range of a double"),
    ],
)
def test_what_is_not_json_is_refused_with_file_and_pointer(
    tmp_path: Path, text: str, pointer: str, words: str
) -> None:
    document = tmp_path / "doc.json"
    document.write_text(text)
    result = run_cli("validate", "--definition", "InferenceEndpoint", str(document), timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"doc.json: {pointer}: [unreadable] document is not JSON: {words}" in result.stdout


# --- 6. report paths: "-" is stdout, what exists is written through or refused, never replaced --


def test_a_report_path_dash_is_standard_output(tmp_path: Path) -> None:
    result = run_cli("lint", "--json", "-", cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr  # the bundled root's defects
    assert json.loads(result.stdout)[0]["code"]  # the report, and nothing else
    assert not (tmp_path / "-").exists()


def test_a_symlinked_report_path_writes_the_file_it_points_at(tmp_path: Path) -> None:
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("old")
    link.symlink_to(real)
    assert run_cli("lint", "--json", str(link), timeout=60).returncode == 1
    assert link.is_symlink() and json.loads(real.read_text())[0]["level"] == "error"


def test_a_report_path_to_an_open_stream_is_written_through_not_replaced(tmp_path: Path) -> None:
    """`--json /dev/stdout`, by way of a link of our own (`/dev/stdout` is the system's)."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = run_cli("lint", "--json", str(link), timeout=60)
    assert result.returncode == 1, result.stderr
    report = result.stdout[result.stdout.index("[\n") :]  # after lint's own lines
    assert json.loads(report)[0]["code"]
    assert link.is_symlink()


def test_a_fifo_report_path_is_written_through_when_read_and_refused_when_not(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    result = run_cli("lint", "--json", str(fifo), timeout=60)
    assert result.returncode == 2
    assert (
        result.stderr
        == f"neptune-ml-conformance: error: {fifo}: cannot write: nothing reads this FIFO\n"
    )
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.2)  # until cat has it open
        assert run_cli("lint", "--json", str(fifo), timeout=60).returncode == 1
        assert json.loads(reader.communicate(timeout=30)[0])[0]["level"] == "error"
    finally:
        reader.kill()
    assert fifo.is_fifo()


def test_a_directory_report_path_is_refused_with_one_line(tmp_path: Path) -> None:
    result = run_cli("lint", "--json", str(tmp_path), timeout=60)
    assert result.returncode == 2
    assert (
        result.stderr
        == f"neptune-ml-conformance: error: {tmp_path}: cannot write: it is a directory\n"
    )


# --- 4. a structure nothing can be drawn from is bad input; huge numbers bounded first -------


def _structure(tmp_path: Path, member: dict[str, Any], name: str = "s.json") -> Path:
    document = {
        "$schema": "https://json-structure.org/meta/extended/v0/#",
        "$id": "https://example.org/hostile",
        "$uses": ["JSONStructureValidation"],
        "definitions": {"Job": {"type": "object", "properties": {"m": member}, "required": ["m"]}},
    }
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


AT = "/definitions/Job/properties/m"
UNSATISFIABLE = [
    ({"type": "int32", "minimum": 10, "maximum": 5}, f"{AT}/minimum", "bounds-inverted"),
    ({"type": "string", "minLength": 10, "maxLength": 5}, f"{AT}/minLength", "bounds-inverted"),
    ({"type": "int32", "minimum": 3000000000}, f"{AT}/minimum", "bound-outside-value-space"),
    ({"type": "string", "enum": ["a", "b"], "pattern": "^z+$"}, f"{AT}/enum", "`enum`"),
    ({"type": "string", "minLength": 1000000000}, f"{AT}/minLength", "count-beyond-reach"),
    ({"type": "int64", "minimum": "1e999999999"}, f"{AT}/minimum", "exponent of 999999999"),
    ({"type": "array", "items": {"type": "string"}, "minItems": -1}, f"{AT}/minItems", "negative"),
    (
        {"type": "string", "pattern": "^((a{100}){100}){100}$"},
        f"{AT}/pattern",
        "matches no string shorter than 1000000 characters",
    ),
]


@pytest.mark.parametrize(("member", "pointer", "words"), UNSATISFIABLE)
@pytest.mark.parametrize("command", ["certify", "export"])
def test_a_structure_nothing_can_be_drawn_from_is_exit_2_with_file_and_pointer(
    tmp_path: Path, member: dict[str, Any], pointer: str, words: str, command: str
) -> None:
    path = _structure(tmp_path, member)
    if command == "certify":
        args = ["certify", "--validator", "reference", "--profile", "quick"]
    else:
        args = ["export", "--format", "json-schema-test-suite", str(tmp_path / "out")]
    result = run_cli(*args, "--structure", str(path), timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr[-2000:]
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"neptune-ml-conformance: error: {path} at {pointer} ")
    assert words in line


def test_a_rule_past_what_hypothesis_draws_is_exit_2_not_a_traceback(tmp_path: Path) -> None:
    path = _structure(tmp_path, {"type": "string", "minLength": 100000})
    result = run_cli("certify", "--validator", "reference", "--structure", str(path), timeout=120)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.startswith(
        f"neptune-ml-conformance: error: {path}: no instance can be drawn from the structure"
    )
    assert "Traceback" not in result.stderr


def test_plugin_refuses_a_structure_nothing_can_be_drawn_from(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    path = _structure(tmp_path, {"type": "int32", "minimum": 10, "maximum": 5})
    result = pytester.runpytest_subprocess(
        "-p",
        "no:cacheprovider",
        "--conformance-validator",
        "reference",
        "--conformance-structure",
        str(path),
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"{path} at {AT}/minimum" in result.stderr.str()
    assert "Hypothesis" not in result.stderr.str() and "Unsatisfiable" not in result.stderr.str()


def test_lint_and_diff_bound_huge_numbers_before_any_work(tmp_path: Path) -> None:
    small = _structure(tmp_path, {"type": "int64", "minimum": "1"}, "small.json")
    huge = _structure(tmp_path, {"type": "int64", "minimum": "1e999999999"}, "huge.json")
    long = _structure(tmp_path, {"type": "string", "minLength": 1000000000}, "long.json")
    lint = run_cli("lint", "--structure", str(huge), timeout=60)
    assert lint.returncode == 1 and f"{AT}/minimum: '1e999999999' has a decimal exponent" in (
        lint.stdout
    )
    assert run_cli("lint", "--structure", str(long), timeout=60).returncode == 1
    assert run_cli("diff", str(small), str(huge), timeout=60).returncode == 2
    result = run_cli("diff", str(small), str(long), timeout=60)
    assert result.returncode == 1, result.stderr[-2000:]  # bounded: a string of 8 MiB at most


def test_an_extends_chain_a_thousand_long_is_one_line_in_every_command(tmp_path: Path) -> None:
    path = _structure(tmp_path, {"type": "string"})
    document = json.loads(path.read_text())
    definitions = document["definitions"]
    definitions["T0"] = {
        "type": "object",
        "abstract": True,
        "properties": {"x0": {"type": "string"}},
    }
    for i in range(1, 1000):
        definitions[f"T{i}"] = {
            "type": "object",
            "abstract": True,
            "$extends": f"#/definitions/T{i - 1}",
            "properties": {f"x{i}": {"type": "string"}},
        }
    definitions["Job"]["$extends"] = "#/definitions/T999"
    path.write_text(json.dumps(document))
    lint = run_cli("lint", "--structure", str(path), timeout=120)
    assert lint.returncode == 1 and "Traceback" not in lint.stderr, lint.stderr[-2000:]
    assert "types nest deeper than 64 levels" in lint.stdout
    for args in (
        ["certify", "--validator", "reference", "--structure", str(path)],
        ["diff", str(path), str(path)],
        [
            "export",
            "--format",
            "json-schema-test-suite",
            str(tmp_path / "out"),
            "--structure",
            str(path),
        ],
    ):
        result = run_cli(*args, timeout=120)
        assert result.returncode == 2, result.stderr[-2000:]
        assert result.stderr.count("\n") == 1 and "nest deeper than 64 levels" in result.stderr


def test_a_session_run_inside_another_does_not_decide_the_outer_exit_status(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outer session passes; the inline one inside it certifies a NOT conformant
    validator that registered an atexit handler: the outer process still exits 0."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join((os.environ.get("PYTHONPATH", ""), str(ROOT))))
    pytester.makepyfile(
        test_outer=f"""
        pytest_plugins = ["pytester"]

        def test_inline(pytester):
            result = pytester.runpytest(
                "-q", "-p", "no:cacheprovider",
                "--conformance-validator", "{HOSTILE2}:RegistersAHarmlessExitHandler",
            )
            assert result.ret == 1
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "test_outer.py")
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.OK, output[-2000:]
    result.assert_outcomes(passed=1)


def test_a_worker_forked_after_a_harness_started_holds_none_of_its_pipes(
    structure: Any,
) -> None:
    from neptune_ml_conformance.adapters import resolve

    harness = f"ihop:{sys.executable} {HERE / 'harnesses' / 'python_harness.py'} --mode ok"
    ihop = resolve(harness, structure, 5.0)
    validator = InProcessAdapter("accepts", "accepts", lambda definition, instance: True, 5.0)
    try:
        assert validator.check([("InferenceEndpoint", {})])[0].status == "valid"
        process = ihop._harness.process  # type: ignore[attr-defined]
        ends = (process.stdin, process.stdout, process.stderr)
        pipes = {os.readlink(f"/proc/self/fd/{end.fileno()}") for end in ends}
        worker = validator._worker.pid  # type: ignore[union-attr]
        held = {os.readlink(f"/proc/{worker}/fd/{fd}") for fd in os.listdir(f"/proc/{worker}/fd")}
    finally:
        validator.close()
        ihop.close()
    assert len(pipes) == 3 and all(p.startswith("pipe:") for p in pipes)
    assert pipes.isdisjoint(held)
