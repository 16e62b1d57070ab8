"""IHOP: harnesses in other processes, including ones that crash, hang, lie and skip."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from neptune_ml_conformance import InputError, Structure
from neptune_ml_conformance._io.wire import decode_line, decode_verdicts, encode_line
from neptune_ml_conformance._running.engine import certify, plan, prepare
from neptune_ml_conformance.adapters import resolve
from neptune_ml_conformance.adapters._ihop import HarnessError, check_message

from .verdicts import CALM

HARNESS = Path(__file__).parent / "harnesses" / "python_harness.py"


def ihop(*args: str) -> str:
    return f"ihop:{sys.executable} {HARNESS} " + " ".join(args)


def certify_one(structure: Structure, spec: str, timeout: float = 5.0) -> dict:  # type: ignore[type-arg]
    adapter = resolve(spec, structure, timeout)
    try:
        (entry,) = certify(plan(structure), [adapter])["validators"]
    finally:
        adapter.close()
    return entry  # type: ignore[no-any-return]


def test_a_correct_harness_is_conformant_through_json_schema(structure: Structure) -> None:
    entry = certify_one(structure, ihop("--mode", "ok"))
    assert entry["conformant"]
    assert entry["categories"]["type"]["passed"] > 300


def test_a_json_structure_harness_gets_the_structure_itself(structure: Structure) -> None:
    adapter = resolve(ihop("--dialect", "structure"), structure, CALM)
    try:
        assert adapter.dialect == "https://json-structure.org/meta/extended/v0/#"  # type: ignore[attr-defined]
        (entry,) = certify(plan(structure), [adapter])["validators"]
    finally:
        adapter.close()
    # the SDK behind this harness accepts `true` as an int32, as it does in process
    assert not entry["conformant"]
    assert any(
        f["instance"].get("instanceCount") is True
        for f in entry["failures"]
        if isinstance(f["instance"], dict)
    )


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("crash", "harness exited (code 1) during run; stderr: boom: simulated crash"),
        ("hang", "no answer to run within 0.5 s"),
        ("lie-seq", "answered seq 2 to seq 1"),
        ("garbage", "answer to run is not JSON"),
        ("wrong-count", "instances, got "),
        ("errored", "harness errored: internal failure"),
    ],
)
def test_misbehaving_harnesses_are_errored_never_passing(
    structure: Structure, mode: str, words: str
) -> None:
    started = time.monotonic()
    entry = certify_one(structure, ihop("--mode", mode), timeout=0.5)
    assert time.monotonic() - started < 20
    assert not entry["conformant"]
    counts = entry["categories"]
    assert sum(c["passed"] for c in counts.values()) == 0
    assert sum(c["errored"] for c in counts.values()) >= 521
    details = [f["detail"] for f in entry["failures"]]
    assert any(words in d for d in details), details[:3]


FLOODED = r"""
import json, os, resource, sys
from neptune_ml_conformance._running.engine import certify, prepare
from neptune_ml_conformance.adapters import resolve
plan = prepare(None, None, "quick", 0)
adapter = resolve(sys.argv[1], plan.structure, float(sys.argv[2]))
(entry,) = certify(plan, [adapter])["validators"]
# every regular file this process holds open, and how big it grew
files = []
for fd in map(int, os.listdir("/proc/self/fd")):
    try:
        info = os.fstat(fd)
    except OSError:
        continue
    if info.st_mode & 0o170000 == 0o100000:
        files.append(info.st_size)
adapter.close()
print(json.dumps({"entry": entry, "largest_file": max(files, default=0),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _flooded(spec: str, timeout: float) -> dict:  # type: ignore[type-arg]
    import json
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", FLOODED, spec, str(timeout)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_a_harness_writing_without_end_of_line_is_errored_in_bounded_memory() -> None:
    """Before: the engine read the endless line until the timeout, 2.7 to 4.4 GB."""
    run = _flooded(ihop("--mode", "endless-line"), 5.0)
    entry = run["entry"]
    assert not entry["conformant"]
    assert sum(c["passed"] for c in entry["categories"].values()) == 0
    assert any("answer to run is longer than 16 MiB" in f["detail"] for f in entry["failures"])
    assert run["peak_mib"] < 400, run["peak_mib"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_a_harness_flooding_stderr_grows_nothing() -> None:
    """Before: its stderr went to a temporary file that grew by gigabytes within seconds."""
    run = _flooded(ihop("--mode", "flood-stderr"), 5.0)
    # the flood does not get in the way of the answers (trivial verdicts: not conformant)
    counts = run["entry"]["categories"].values()
    assert sum(c["errored"] for c in counts) == 0 and sum(c["passed"] for c in counts) > 300
    assert run["largest_file"] < 1 << 20, run["largest_file"]
    assert run["peak_mib"] < 400, run["peak_mib"]


def test_a_skipping_harness_is_not_conformant(structure: Structure) -> None:
    entry = certify_one(structure, ihop("--mode", "skip"))
    assert not entry["conformant"]
    assert entry["categories"]["type"]["skipped"] > 0
    assert entry["failures"][0]["got"] == "skipped"
    assert "not supported here" in entry["failures"][0]["detail"]


def test_a_harness_that_crashes_once_is_restarted(structure: Structure, tmp_path: Path) -> None:
    adapter = resolve(ihop("--mode", "crash-once", "--marker", str(tmp_path / "m")), structure)
    the_plan = prepare(None, None, "quick", 0)
    adapter.batch_size = 200  # type: ignore[attr-defined]
    try:
        (entry,) = certify(the_plan, [adapter])["validators"]
    finally:
        adapter.close()
    errored = sum(c["errored"] for c in entry["categories"].values())
    passed = sum(c["passed"] for c in entry["categories"].values())
    # the batch it crashed on is lost; the restarted harness answers the rest, including
    # the batches that were sent ahead to the crashed one
    assert 0 < errored <= adapter.batch_size < len(the_plan.cases)  # type: ignore[attr-defined]
    failed = sum(c["failed"] for c in entry["categories"].values())
    assert passed + failed == len(the_plan.cases) - errored
    assert entry["categories"]["type"]["failed"] == 0


@pytest.mark.parametrize(
    ("mode", "words"),
    [("crash-on-start", "exited (code 3) during start"), ("refuse-dialect", "refused dialect")],
)
def test_a_broken_handshake_is_bad_input(structure: Structure, mode: str, words: str) -> None:
    with pytest.raises(InputError, match="IHOP handshake failed") as raised:
        resolve(ihop("--mode", mode), structure)
    assert words in str(raised.value)


def test_an_unknown_command_is_bad_input(structure: Structure) -> None:
    with pytest.raises(InputError, match="cannot start 'no-such-harness-xyz'"):
        resolve("ihop:no-such-harness-xyz --flag", structure)


@pytest.mark.parametrize(
    ("kind", "message", "words"),
    [
        (
            "start-response",
            {"version": 1, "implementation": {"name": "x", "language": "y"}},
            "'dialects' is a required property",
        ),
        ("run-response", {"results": []}, "'seq' is a required property"),
        ("run-response", {"seq": 1, "results": [{"valid": "yes"}]}, "results/0"),
        ("dialect-response", {"ok": "sure"}, "is not of type 'boolean'"),
    ],
)
def test_messages_are_checked_against_the_ihop_schema(
    kind: str, message: object, words: str
) -> None:
    with pytest.raises(HarnessError, match="malformed") as raised:
        check_message(kind, message)
    assert words in str(raised.value)


def test_ajv_through_node_is_certified_end_to_end(structure: Structure) -> None:
    adapter = resolve("ajv", structure, CALM)
    try:
        (entry,) = certify(prepare(None, None, "quick", 0), [adapter])["validators"]
    finally:
        adapter.close()
    assert entry["conformant"]
    # the version the harness reports in `start`, from Ajv's own package.json
    assert entry["version"].startswith("ajv 8.") and entry["version"].endswith(" (javascript)")
    # Ajv's useDefaults is exercised through the x-apply-defaults extension
    assert entry["categories"]["defaults"]["passed"] > 100
    # JavaScript has one number type: 3.0 is 3 for Ajv (stance, not blocking)
    assert entry["categories"]["integer-lexical"]["failed"] > 0


@pytest.mark.parametrize(
    "value",
    [
        2**70,  # an range case: must reach the harness as an integer, not a float
        -(2**64),
        1.0,  # integer-lexical: must stay a decimal
        "\ud800 lone surrogate",  # msgspec refuses it; the json fallback escapes it
        {"nested": ["é", None, True, 0.1]},
    ],
)
def test_instances_cross_the_wire_unchanged(value: object) -> None:
    import json

    line = encode_line({"instance": value})
    assert line.endswith(b"\n") and b"\n" not in line[:-1]
    back = decode_line(line)["instance"]
    assert back == value and type(back) is type(value)
    assert json.loads(line)["instance"] == value  # any JSON parser reads it the same way


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b'{"seq": 3, "results": [{"valid": true}, {"valid": false}]}', (3, [True, False])),
        (b'{"seq": "a", "results": []}', ("a", [])),
        (b'{"seq": 3, "results": [{"valid": 1}]}', None),  # not a bool: the schema decides
        (b'{"seq": 3, "results": [{"valid": true, "x": 1}]}', None),
        (b'{"seq": 3, "errored": true}', None),
        (b"not json", None),
    ],
)
def test_only_plain_verdicts_take_the_fast_path(line: bytes, expected: object) -> None:
    assert decode_verdicts(line) == expected


_JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_PLAIN = st.fixed_dictionaries(
    {
        "seq": st.integers() | st.text(),
        "results": st.lists(st.fixed_dictionaries({"valid": st.booleans()}), max_size=5),
    }
)


@st.composite
def _near_misses(draw: st.DrawFn) -> dict:  # type: ignore[type-arg]
    """A plain answer with at most one thing wrong or extra, where the schema may differ."""
    answer = draw(_PLAIN)
    where = draw(st.sampled_from(["none", "top", "result", "value", "seq", "drop"]))
    key = draw(st.sampled_from(["skipped", "errored", "context", "x", "valid"]))
    if where == "top":
        answer[key] = draw(_JSON_SCALARS)
    elif where == "result" and answer["results"]:
        answer["results"][0][key] = draw(_JSON_SCALARS)
    elif where == "value" and answer["results"]:
        answer["results"][-1]["valid"] = draw(_JSON_SCALARS)
    elif where == "seq":
        answer["seq"] = draw(_JSON_SCALARS)
    elif where == "drop":
        del answer[draw(st.sampled_from(["seq", "results"]))]
    return answer


_ANSWER = _near_misses()


@given(_ANSWER)
def test_the_verdicts_shortcut_accepts_only_what_the_schema_accepts(answer: dict) -> None:  # type: ignore[type-arg]
    """Answers of nothing but verdicts skip the schema walk; that must never let through an
    answer the IHOP schema refuses, nor change what it says."""
    import json

    line = json.dumps(answer).encode()
    shortcut = decode_verdicts(line)
    if shortcut is None:
        return
    check_message("run-response", json.loads(line))  # raises if the schema refuses it
    assert shortcut == (answer["seq"], [r["valid"] for r in answer["results"]])


@given(st.integers() | st.text(), st.lists(st.booleans(), max_size=20))
def test_every_plain_verdicts_answer_takes_the_shortcut(seq: object, verdicts: list[bool]) -> None:
    import json

    line = json.dumps({"seq": seq, "results": [{"valid": v} for v in verdicts]}).encode()
    assert decode_verdicts(line) == (seq, verdicts)
