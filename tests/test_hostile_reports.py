"""Foreign text in every report format: neutralised, never obeyed (`suite/_io/neutral.py`);
the four formats tell the same story (`suite/_reports/report.py`); the reproduce line reproduces;
reports are written whole or not at all (`suite/_io/write.py`)."""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from neptune_ml_conformance._io.errors import InputError
from neptune_ml_conformance._io.neutral import markdown_code, visible
from neptune_ml_conformance._io.write import write_atomic
from neptune_ml_conformance._model.cases import default_cases_dir
from neptune_ml_conformance._model.structure import default_structure_path
from neptune_ml_conformance._reports.html import render_html
from neptune_ml_conformance._reports.markdown import render_markdown
from neptune_ml_conformance._reports.terminal import render_terminal
from neptune_ml_conformance._running.engine import check_report
from neptune_ml_conformance.cli import main
from rich.console import Console

#: an OSC sequence that retitles the terminal, Rich markup (one tag unbalanced), backticks,
#: HTML, a table pipe, a carriage return and a right-to-left override
HOSTILE = "\x1b]0;pwned\x07 [/x] [bold]b[/bold] `` ` <script>alert(1)</script> | a\rb\u202ez"
CONTROLS = ("\x1b", "\x07", "\r", "\u202e")

REJECTS_HOSTILE = """
from neptune_ml_conformance import load
from neptune_ml_conformance._model.reference import ReferenceValidator

REFERENCE = ReferenceValidator(load())


def validate(definition, instance):
    if isinstance(instance, dict) and "pwned" in str(instance.get("id")):
        return [{hostile!r}]
    return REFERENCE.validate(definition, instance)
"""


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "cases"
    shutil.copytree(default_cases_dir(), root, ignore=shutil.ignore_patterns("__*"))
    case = json.dumps(
        {
            "description": HOSTILE,
            "definition": "InferenceEndpoint",
            "category": "type",
            "instance": {"id": HOSTILE},
        }
    )
    folder = root / "valid" / "InferenceEndpoint"
    (folder / "hostile-\x1b]0;t\x07.json").write_text(case)
    # a file name that is not UTF-8: Python reads it with surrogateescape
    (Path(os.fsdecode(bytes(folder) + b"/not-utf8-\xff.json"))).write_text(case)
    return root


def _validator(tmp_path: Path) -> str:
    path = tmp_path / "v`[/x]<b>.py"  # a folder "v`[" holding "x]<b>.py"
    path.parent.mkdir()
    path.write_text(REJECTS_HOSTILE.format(hostile=HOSTILE))
    return f"{path}:validate"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("hostile")
    out = tmp_path / "report"
    spec = _validator(tmp_path)
    argv = [
        "certify",
        "--validator",
        spec,
        "--cases",
        str(_corpus(tmp_path)),
        "--profile",
        "quick",
        "--seed",
        "3",
        "--timeout",
        "4",
        "--json",
        f"{out}.json",
        "--markdown",
        f"{out}.md",
        "--html",
        f"{out}.html",
    ]
    stdout = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(stdout):
        code = main(argv)
    return {
        "code": code,
        "spec": spec,
        "argv": argv,
        "terminal": stdout.getvalue(),
        "json": Path(f"{out}.json").read_bytes(),
        "markdown": Path(f"{out}.md").read_text(encoding="utf-8"),
        "html": Path(f"{out}.html").read_text(encoding="utf-8"),
    }


def test_the_run_completes_and_the_json_keeps_foreign_text_exactly(
    hostile_run: dict[str, Any],
) -> None:
    assert hostile_run["code"] == 1
    report = json.loads(hostile_run["json"].decode("utf-8"))  # valid UTF-8, whole
    check_report(report)
    (entry,) = report["validators"]
    assert entry["spec"] == hostile_run["spec"]
    hostile = [f for f in entry["failures"] if f["description"] == HOSTILE]
    assert {f["instance"]["id"] for f in hostile} == {HOSTILE}
    # the file name that is not UTF-8 is shown with its byte escaped, and kept exactly
    ids = {f["id"] for f in hostile}
    assert "valid/InferenceEndpoint/not-utf8-\\xff" in ids
    assert any(f["origin"].endswith("/not-utf8-\\xff.json") for f in hostile)
    assert not any(c in hostile_run["json"].decode() for c in CONTROLS)  # escaped as \\u
    assert b"\\udcff" not in hostile_run["json"]  # no lone surrogate, which strict parsers refuse


def test_the_terminal_shows_foreign_text_without_obeying_it(hostile_run: dict[str, Any]) -> None:
    out = hostile_run["terminal"]
    assert not any(c in out for c in CONTROLS)
    assert visible(HOSTILE) in out  # markup shown as text, escapes shown as escapes
    assert "hostile-\\x1b]0;t\\x07" in out  # the smallest witness: a name with an escape


def _html_of_markdown(text: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def test_markdown_renders_foreign_text_as_text(hostile_run: dict[str, Any]) -> None:
    rendered = _html_of_markdown(hostile_run["markdown"])
    assert "<script>" not in rendered and "<b>" not in rendered
    assert not any(c in hostile_run["markdown"] for c in CONTROLS)
    collected = _Collect()
    collected.feed(rendered)
    assert visible(HOSTILE) in "".join(collected.text)
    # the reproduce line survives as one code span, backticks and all
    line = shlex.join(["neptune-ml-conformance", *hostile_run["argv"][:11]])
    assert f"<code>{_escape_html(visible(line))}</code>" in rendered


def test_html_escapes_every_foreign_string(hostile_run: dict[str, Any]) -> None:
    page = hostile_run["html"]
    collected = _Collect()
    collected.feed(page)
    assert "script" not in collected.tags
    assert collected.tags.count("b") == page.count("<b>")
    assert not any(c in page for c in CONTROLS)
    text = "".join(collected.text)
    assert visible(HOSTILE) in text and "not-utf8-\\xff" in text


def test_the_reproduce_line_names_every_option_that_shaped_the_run(
    hostile_run: dict[str, Any],
) -> None:
    report = json.loads(hostile_run["json"])
    (entry,) = report["validators"]
    argv = hostile_run["argv"]
    # everything before the report paths: validator, cases, profile, seed, timeout
    assert entry["reproduce"] == ["neptune-ml-conformance", *argv[:11]]
    line = shlex.join(entry["reproduce"])
    assert shlex.split(line) == entry["reproduce"]
    assert visible(line) in hostile_run["terminal"]
    page = _Collect()
    page.feed(hostile_run["html"])
    assert f"Reproduce: {visible(line)}" in "".join(page.text)


def test_the_reproduce_line_reproduces_the_run(tmp_path: Path) -> None:
    structure = tmp_path / "structure.json"
    shutil.copy(default_structure_path(), structure)
    validator = f"{Path(__file__).parent / 'validators' / 'faulty.py'}:off_by_one_minimum"
    first = tmp_path / "first.json"
    args = ["--structure", str(structure), "--cases", str(default_cases_dir())]
    # (a limit no call nears even on a loaded machine: an overrun would differ between runs)
    args += ["--profile", "quick", "--seed", "7", "--timeout", "60.5"]
    assert main(["certify", "--validator", validator, *args, "--json", str(first)]) == 1
    (entry,) = json.loads(first.read_text())["validators"]
    assert entry["reproduce"] == [
        "neptune-ml-conformance",
        "certify",
        "--validator",
        validator,
        *args,
    ]
    again = tmp_path / "again.json"
    assert main([*entry["reproduce"][1:], "--json", str(again)]) == 1
    one, two = json.loads(first.read_text()), json.loads(again.read_text())
    for report in (one, two):
        del report["timing"]
        report["validators"][0].pop("seconds")
    assert one == two


def test_every_format_shows_a_case_that_no_longer_fits_and_fails_the_run(
    tmp_path: Path,
) -> None:
    root = tmp_path / "cases"
    shutil.copytree(default_cases_dir(), root, ignore=shutil.ignore_patterns("__*"))
    (root / "valid" / "InferenceEndpoint" / "stale.json").write_text(
        json.dumps(
            {
                "description": "no longer valid",
                "definition": "InferenceEndpoint",
                "instance": {"instanceCount": 0},
            }
        )
    )
    out = tmp_path / "r"
    stdout = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(stdout):
        code = main(
            [
                "certify",
                "--validator",
                "reference",
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
    assert [p["id"] for p in report["case_problems"]] == ["valid/InferenceEndpoint/stale"]
    verdict = "FAILED: 1 of 1 validators conformant; 1 hand-written case no longer fits"
    for shown in (
        stdout.getvalue(),
        Path(f"{out}.md").read_text(),
        Path(f"{out}.html").read_text(),
    ):
        assert verdict in shown
        assert "valid/InferenceEndpoint/stale" in shown.replace("\\", "")


def _report(**validator: Any) -> dict[str, Any]:
    entry = {
        "name": "v",
        "spec": "v",
        "conformant": True,
        "categories": {"type": {"passed": 1, "failed": 0, "errored": 0, "blocking": True}},
        "failures": [],
        **validator,
    }
    return {
        "suite": {"version": "0", "seed": 0, "profile": "quick", "structure_sha256": "0" * 64},
        "validators": [entry],
        "unavailable": [
            {
                "name": "botocore",
                "reason": "botocore: 'botocore' is not installed; run: "
                "pip install 'neptune-ml-conformance[botocore]'",
            }
        ],
        "case_problems": [],
        "timing": {},
    }


def test_a_carriage_return_in_a_version_does_not_split_a_markdown_row() -> None:
    markdown = render_markdown(_report(version="ajv 8\r| forged | row |\n| x |"))
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(rows) == 3  # header, separator, the one validator
    table = _html_of_markdown(markdown)
    assert table.count("<tr>") == 2 and "forged" in table


def test_the_install_hint_keeps_its_extra_in_every_format() -> None:
    report = _report()
    hint = "pip install 'neptune-ml-conformance[botocore]'"
    terminal = io.StringIO()
    render_terminal(report, Console(file=terminal, width=200, force_terminal=True))
    assert hint in terminal.getvalue()
    assert hint in _html_of_markdown(render_markdown(report)).replace("&#x27;", "'")
    assert hint.replace("'", "&#x27;") in render_html(report)


def test_rich_markup_in_a_validator_name_is_text_not_a_crash() -> None:
    failure = {
        "category": "type",
        "definition": "InferenceEndpoint",
        "description": "[/x]",
        "instance": {},
        "expected": "valid",
        "got": "invalid",
        "path": "",
    }
    report = _report(name="[/x][red]", spec="[/x]", conformant=False, failures=[failure])
    terminal = io.StringIO()
    render_terminal(report, Console(file=terminal, width=200))
    assert "[/x][red]: smallest witness per category" in terminal.getvalue()


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("plain", "`plain`"),
        ("a`b", "``a`b``"),
        ("`", "`` ` ``"),
        ("x ``` y", "````x ``` y````"),
        ("", "` `"),
    ],
)
def test_a_markdown_code_span_holds_any_text(text: str, span: str) -> None:
    assert markdown_code(text) == span
    rendered = _html_of_markdown(f"a {span} b")
    assert f"<code>{_escape_html(text) or ' '}</code>" in rendered


def test_a_report_that_cannot_be_written_leaves_the_previous_one(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text('{"previous": true}')
    with pytest.raises(InputError, match="cannot write"):
        write_atomic(path, "half \udcff")  # unencodable: nothing may be written
    assert path.read_text() == '{"previous": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    write_atomic(path, "new")
    assert path.read_text() == "new" and (path.stat().st_mode & 0o777) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _escape_html(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
