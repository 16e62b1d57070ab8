"""Reports: schema-valid, deterministic, escaped, and the exit codes of each outcome."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from neptune_ml_conformance._model.cases import default_cases_dir
from neptune_ml_conformance._running.engine import check_report
from neptune_ml_conformance.cli import main

from .verdicts import CALM

MARKUP = "<script>alert('x')</script><b>bold</b>"
REJECTS_MARKUP = """
def validate(definition, instance):
    return "<" not in repr(instance)
"""


@pytest.fixture
def markup_run(tmp_path: Path) -> tuple[int, Path]:
    cases = tmp_path / "cases"
    shutil.copytree(default_cases_dir() / "valid", cases / "valid")
    shutil.copytree(default_cases_dir() / "invalid", cases / "invalid")
    (cases / "valid" / "InferenceEndpoint" / "markup.json").write_text(
        json.dumps(
            {
                "description": f"an id with markup {MARKUP}",
                "definition": "InferenceEndpoint",
                "category": "type",
                "instance": {"id": MARKUP},
            }
        )
    )
    validator = tmp_path / "rejects_markup.py"
    validator.write_text(REJECTS_MARKUP)
    code = main(
        [
            "certify",
            "--validator",
            f"{validator}:validate",
            "--cases",
            str(cases),
            "--profile",
            "quick",
            "--json",
            str(tmp_path / "r.json"),
            "--markdown",
            str(tmp_path / "r.md"),
            "--html",
            str(tmp_path / "r.html"),
        ]
    )
    return code, tmp_path


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_every_format_is_written_and_the_json_matches_its_schema(
    markup_run: tuple[int, Path],
) -> None:
    code, where = markup_run
    assert code == 1
    report = json.loads((where / "r.json").read_text())
    check_report(report)
    (entry,) = report["validators"]
    assert any(f["instance"] == {"id": MARKUP} for f in entry["failures"])
    markdown = (where / "r.md").read_text()
    assert "| validator |" in markdown and "NOT conformant" in markdown
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    assert "<script>" not in rendered and "<b>" not in rendered


def test_html_is_self_contained_and_escapes_foreign_strings(markup_run: tuple[int, Path]) -> None:
    html = (markup_run[1] / "r.html").read_text()
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags and "b" in parser.tags  # <b> only from our own markup
    assert parser.tags.count("b") == html.count("<b>")
    assert any(MARKUP in chunk for chunk in parser.text)
    assert "http://" not in html.replace("http://json-schema.org", "") and "src=" not in html
    assert 'id="matrix"' in html and "<details" in html


def test_schema_rejects_a_report_missing_stable_keys() -> None:
    with pytest.raises(AssertionError, match="'validators' is a required property"):
        check_report({"suite": {}, "unavailable": [], "case_problems": [], "timing": {}})


def test_help_for_every_command_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["certify", "--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "exit codes:" in out


def test_bad_input_is_one_line_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["certify", "--structure", "/no/such/structure.json"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "/no/such/structure.json" in err


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certify", "--validator", "reference", "--jobs", "0"]) == 2
    assert "--jobs: expected 1 to 256 processes, got 0" in capsys.readouterr().err


def test_html_renders_in_a_real_browser_with_markup_as_text(
    markup_run: tuple[int, Path], tmp_path: Path
) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (tests/install-tools.sh installs it)")
    import subprocess

    page = markup_run[1] / "r.html"
    result = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-500:]
    dom = result.stdout
    # after rendering (and any script running), the markup is still text, not elements
    assert "<script>alert" not in dom
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in dom
    assert 'id="matrix"' in dom and "NOT conformant" in dom
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile2'}",
            f"--screenshot={shot}",
            "--window-size=1200,900",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.exists() and shot.stat().st_size > 5000


def test_each_validator_is_reported_with_the_library_version_under_test(tmp_path: Path) -> None:
    import importlib.metadata
    import io

    from neptune_ml_conformance._reports.html import render_html
    from neptune_ml_conformance._reports.markdown import render_markdown
    from neptune_ml_conformance._reports.terminal import render_terminal
    from rich.console import Console

    out = tmp_path / "r.json"
    validators = ["--validator", "jsonschema", "--validator", "pydantic-strict"]
    # (a per-call limit no call nears on a loaded machine: this test is about the report)
    argv = [
        "certify",
        *validators,
        "--profile",
        "quick",
        "--timeout",
        str(CALM),
        "--json",
        str(out),
    ]
    assert main(argv) == 0
    report = json.loads(out.read_text())
    check_report(report)
    versions = {e["name"]: e["version"] for e in report["validators"]}
    assert versions == {
        "jsonschema": f"jsonschema {importlib.metadata.version('jsonschema')}",
        "pydantic-strict": f"pydantic {importlib.metadata.version('pydantic')}",
    }
    html, markdown = render_html(report), render_markdown(report)
    terminal = io.StringIO()
    render_terminal(report, Console(file=terminal, width=200))
    for version in versions.values():
        assert f'<small class="version">{version}</small>' in html
        assert version in markdown and version in terminal.getvalue()


def test_timeout_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certify", "--validator", "reference", "--timeout", "-1"]) == 2
    assert "--timeout: expected 0.01 to 86400 seconds, got -1" in capsys.readouterr().err
