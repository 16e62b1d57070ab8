"""The README runs as written: its files are written, its commands run in order in a
scratch folder, and each command's output is the one the README shows, so no figure or
sample in it can drift from what the code does.

Markers, on the line before a fenced block:
- `<!-- file: NAME -->`: the block is the content of NAME;
- `<!-- run -->` or `<!-- run: exit N -->`: an `sh` block of commands, run with bash; the
  fenced block right after it (and any after `<!-- output continues -->`) is its output,
  stdout and stderr together, where a line `…` stands for any lines and `…` inside a line
  for any text;
- `<!-- not run: why -->`: a block that cannot run here (set-up, CI and pre-commit
  configurations); every `sh` block carries one of these or `run`.

`README_UPDATE=1` rewrites an output without `…` from the actual run (review the diff).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(
    r"^(?:(?P<marker><!-- [^\n]*? -->)\n)?```(?P<lang>\w*)\n(?P<body>.*?)^```$", re.M | re.S
)
RUN = re.compile(r"<!-- run(?:: exit (?P<exit>\d+))? -->")


@dataclass
class Block:
    marker: str
    lang: str
    body: str
    start: int  # of the body, in the README text
    end: int


def blocks(text: str) -> list[Block]:
    return [
        Block(m["marker"] or "", m["lang"], m["body"], m.start("body"), m.end("body"))
        for m in FENCE.finditer(text)
    ]


def steps(text: str) -> list[tuple[str, Block, int, list[Block]]]:
    """("file" | "run", block, expected exit status, output blocks), in README order."""
    found = []
    listed = blocks(text)
    for index, block in enumerate(listed):
        if block.marker.startswith("<!-- file: "):
            found.append(("file", block, 0, []))
        elif RUN.fullmatch(block.marker):
            following = listed[index + 1 :]
            outputs = following[:1] if following and following[0].lang == "text" else []
            outputs = [o for o in outputs if not o.marker]
            for later in following[1:] if outputs else []:
                if later.marker != "<!-- output continues -->":
                    break
                outputs.append(later)
            exit_text = RUN.fullmatch(block.marker)["exit"]  # type: ignore[index]
            found.append(("run", block, int(exit_text or 0), outputs))
    return found


def matches(expected: str, actual: str) -> bool:
    pattern = ""
    for line in expected.rstrip("\n").split("\n"):
        if line.strip() == "…":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += ".*?".join(re.escape(part) for part in line.rstrip().split("…")) + r"\n"
    return re.fullmatch(pattern, actual, re.S) is not None


def _normalised(output: str) -> str:
    return "".join(line.rstrip() + "\n" for line in output.rstrip("\n").split("\n"))


def test_every_sh_block_is_run_or_says_why_not() -> None:
    for block in blocks(README.read_text()):
        if block.lang == "sh":
            assert RUN.fullmatch(block.marker) or block.marker.startswith("<!-- not run: "), (
                f"README.md: an sh block without <!-- run --> or <!-- not run: why -->:\n"
                f"{block.body}"
            )


def test_the_readme_runs_as_written(tmp_path: Path) -> None:
    text = README.read_text()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(
        {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "COLUMNS": "100",
            "XDG_CACHE_HOME": str(tmp_path / ".cache"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTEST_ADDOPTS": "-p no:cacheprovider",  # the README's pytest runs leave no cache
        }
    )
    work = tmp_path / "work"
    work.mkdir()
    updates: list[tuple[Block, str]] = []
    failures = []
    for kind, block, status, outputs in steps(text):
        if kind == "file":
            path = work / block.marker.removeprefix("<!-- file: ").removesuffix(" -->")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.body)
            continue
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", block.body],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
        )
        actual = _normalised(result.stdout) if result.stdout else ""
        expected = "".join(o.body for o in outputs)
        if result.returncode != status:
            failures.append(f"{block.body.strip()}: exit {result.returncode}, not {status}")
        if outputs and not matches(expected, actual):
            if os.environ.get("README_UPDATE") and len(outputs) == 1 and "…" not in expected:
                updates.append((outputs[0], actual))
            else:
                failures.append(
                    f"{block.body.strip()}\n--- README shows:\n{expected}--- it prints:\n{actual}"
                )
    for block, actual in sorted(updates, key=lambda u: -u[0].start):
        text = text[: block.start] + actual + text[block.end :]
    if updates:
        README.write_text(text)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        ("a\nb\n", "a\nb\n", True),
        ("a\n…\nd\n", "a\nb\nc\nd\n", True),
        ("a\n…\nd\n", "a\nd\n", True),
        ("x in …s\n", "x in 0.46s\n", True),
        ("a\nb\n", "a\nc\n", False),
        ("a\n", "a\nb\n", False),
    ],
)
def test_the_output_comparison(expected: str, actual: str, ok: bool) -> None:
    assert matches(expected, actual) is ok


def test_install_tools_says_what_it_installs() -> None:
    """Chromium is installed system-wide only after a line saying so, and never with
    NO_CHROMIUM set (checked before anything else is tried)."""
    script = (ROOT / "tests" / "install-tools.sh").read_text()
    lines = script.splitlines()
    install = next(i for i, line in enumerate(lines) if "apt-get install" in line)
    announced = [line for line in lines[max(0, install - 4) : install] if "say " in line]
    assert announced and "chromium" in " ".join(announced).lower()
    assert script.index("${NO_CHROMIUM:-}") < script.index("apt-get update")
    assert "chromium" in (README.read_text().split("## Certify", 1)[0]).lower()
