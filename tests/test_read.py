"""The one bounded JSON reader: every outside source is refused clearly when it is too deep
or too large, instead of raising RecursionError somewhere later (`suite/_io/read.py`)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from neptune_ml_conformance import load
from neptune_ml_conformance._io.read import MAX_DEPTH, ReadError, parse
from neptune_ml_conformance._io.wire import decode_line
from neptune_ml_conformance._model.cases import default_cases_dir
from neptune_ml_conformance._running.engine import certify, plan
from neptune_ml_conformance.adapters import resolve
from neptune_ml_conformance.adapters._worker import decode_reply
from neptune_ml_conformance.cli import main

HARNESS = Path(__file__).parent / "harnesses" / "python_harness.py"


def _nested(depth: int) -> str:
    """A JSON value with `depth` objects inside one another: {"a": {"a": ... 1}}."""
    return '{"a": ' * depth + "1" + "}" * depth


def _corpus(tmp_path: Path, name: str, instance_json: str) -> Path:
    root = tmp_path / "cases"
    shutil.copytree(default_cases_dir(), root, ignore=shutil.ignore_patterns("__*"))
    case = (
        '{"description": "an undeclared member nested deep", "definition": "InferenceEndpoint",'
        f' "category": "unknown-properties", "instance": {{"deep": {instance_json}}}}}'
    )
    (root / "valid" / "InferenceEndpoint" / name).write_text(case)
    return root


def test_a_case_nested_10000_deep_is_one_clear_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _corpus(tmp_path, "deep.json", _nested(10_000))
    code = main(["certify", "--validator", "reference", "--cases", str(root)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(root / "valid" / "InferenceEndpoint" / "deep.json") in err
    pointer = "/instance/deep" + "/a" * (MAX_DEPTH - 2)
    assert f"at {pointer} " in err
    assert f"nest deeper than {MAX_DEPTH} levels; expected at most {MAX_DEPTH}" in err


def test_an_instance_as_deep_as_the_reader_allows_runs_through_every_step(
    tmp_path: Path,
) -> None:
    # deep enough to reach the cap, to show the cap leaves room for copying, comparing,
    # validating, shrinking and every report format
    root = _corpus(tmp_path, "deep.json", _nested(MAX_DEPTH - 3))
    out = tmp_path / "out"
    code = main(
        [
            "certify",
            "--validator",
            "reference",
            "--validator",
            str(Path(__file__).parent / "validators" / "faulty.py") + ":defaults_required",
            "--cases",
            str(root),
            "--profile",
            "quick",
            "--json",
            f"{out}.json",
            "--markdown",
            f"{out}.md",
            "--html",
            f"{out}.html",
        ]
    )
    assert code == 1
    report = json.loads(Path(f"{out}.json").read_text())
    assert [v["conformant"] for v in report["validators"]] == [True, False]


def test_a_structure_nested_too_deep_is_refused_with_its_pointer(tmp_path: Path) -> None:
    path = tmp_path / "structure.json"
    path.write_text('{"definitions": {"T": ' + "[" * 50_000 + "]" * 50_000 + "}}")
    with pytest.raises(ReadError) as raised:
        load(path)
    assert raised.value.source == str(path)
    assert raised.value.pointer == "/definitions/T" + "/0" * (MAX_DEPTH - 2)


@pytest.mark.parametrize("extra", [0, 500])
def test_the_depth_limit_is_exact_however_many_brackets_a_text_has(extra: int) -> None:
    """Counting brackets only skips the walk for texts that cannot be too deep: a text
    with many shallow arrays beside its deepest one is measured, and judged the same."""
    beside = ', "wide": [' + ", ".join(["[]"] * extra) + "]" if extra else ""
    limit, over = _nested(MAX_DEPTH - 1), _nested(MAX_DEPTH)  # inside one more object
    assert parse("{" + f'"a": {limit}{beside}' + "}", "t") is not None
    text = "{" + f'"a": {over}{beside}' + "}"
    with pytest.raises(ReadError, match=f"nest deeper than {MAX_DEPTH} levels"):
        parse(text, "t")
    with pytest.raises(ReadError, match=f"nest deeper than {MAX_DEPTH} levels"):
        decode_reply(text.encode())  # a validator's worker's answer


def test_a_harness_answer_nested_100000_deep_is_not_json_to_the_suite() -> None:
    line = b'{"seq": 1, "results": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    with pytest.raises(ValueError, match="nest deeper"):
        decode_line(line)


def test_a_harness_answering_100000_deep_errors_its_batches_never_crashes_the_run() -> None:
    structure = load()
    adapter = resolve(f"ihop:{sys.executable} {HARNESS} --mode deep", structure, 5.0)
    try:
        (entry,) = certify(plan(structure), [adapter])["validators"]
    finally:
        adapter.close()
    assert not entry["conformant"]
    counts = entry["categories"].values()
    assert sum(c["passed"] for c in counts) == 0 and sum(c["errored"] for c in counts) > 0


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\xff{}", "is not UTF-8: byte 0 is 0xff"),
        (b'{"a": [1,}', "is not JSON: Expecting value at line 1 column 10"),
        (b" " * 20, "at most 10 are read"),
    ],
)
def test_unreadable_json_says_why(raw: bytes, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        parse(raw, "x.json", max_bytes=10 if len(raw) == 20 else None)


def test_a_byte_order_mark_is_ignored_as_rfc_8259_allows() -> None:
    assert parse(b'\xef\xbb\xbf{"a": 1}', "x.json") == {"a": 1}
