"""The command line: a thin layer over the engine (DESIGN.md, "Command line")."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from ._generation.core import default_jobs
from ._io.errors import PROCESSES, SECONDS, InputError, within
from ._io.neutral import json_text, visible
from ._io.write import write_atomic
from ._reports.markdown import render_markdown
from ._reports.report import run_options, view
from ._reports.terminal import render_terminal
from ._running.engine import PROFILES, certify, prepare
from .adapters import Adapter, available_builtins, resolve
from .adapters._children import Terminated, deliver, ending_on_sigterm

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: As a shell reports a process ended by SIGINT (Ctrl-C) or SIGTERM: 128 + the signal.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143

CERTIFY_EXAMPLES = """examples:
  neptune-ml-conformance certify                       # every installed built-in validator
  neptune-ml-conformance certify --validator reference --seed 7 --json report.json
  neptune-ml-conformance certify --validator my_pkg.validate:check
  neptune-ml-conformance certify --validator ./my_validator.py:MyValidator --profile thorough

exit codes: 0 every validator conformant; 1 some validator not conformant, or a
hand-written case no longer fits the structure; 2 bad usage or bad input."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="neptune-ml-conformance",
        description="Certify validators of the Amazon Neptune ML Job structure.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    cert = commands.add_parser(
        "certify",
        help="run the conformance cases against validators",
        epilog=CERTIFY_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cert.add_argument(
        "--validator",
        action="append",
        metavar="SPEC",
        help="built-in name, module.path:attr, path/to/file.py:attr (repeatable); "
        "default: every installed built-in",
    )
    cert.add_argument(
        "--structure", metavar="PATH", help="JSON Structure document (default: bundled)"
    )
    cert.add_argument(
        "--cases", metavar="DIR", help="folder with valid/ and invalid/ (default: bundled)"
    )
    cert.add_argument("--profile", choices=PROFILES, default="default")
    cert.add_argument("--seed", type=int, default=0, help="fixes every generated instance")
    cert.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes that draw generated instances, same instances for any N "
        "(default: CPUs up to 4; 1 for the quick profile)",
    )
    cert.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long a validator may take per answer: per call in process, per batch "
        "through IHOP (default 5)",
    )
    cert.add_argument("--json", metavar="PATH", help="write the JSON report")
    cert.add_argument("--markdown", metavar="PATH", help="write the Markdown report")
    cert.add_argument("--html", metavar="PATH", help="write the HTML report")
    cert.set_defaults(run=_certify)

    lint = commands.add_parser(
        "lint",
        help="report defects of a JSON Structure document",
        epilog="examples:\n  neptune-ml-conformance lint\n"
        "  neptune-ml-conformance lint --structure edited.json --json defects.json\n\n"
        "exit codes: 0 no error-level defect; 1 an error-level defect; 2 unreadable input.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lint.add_argument("--structure", metavar="PATH", help="document to lint (default: bundled)")
    lint.add_argument("--json", metavar="PATH", help="write the defects as JSON")
    lint.set_defaults(run=_lint)

    val = commands.add_parser(
        "validate",
        help="check JSON documents (job configurations) against the structure",
        epilog="examples:\n"
        "  neptune-ml-conformance validate --definition ModelTrainingJob job.json\n"
        "  neptune-ml-conformance validate --structure edited.json --json problems.json *.json\n\n"
        "exit codes: 0 every document valid (stance findings are shown, never blocking);\n"
        "1 some document invalid; 2 unreadable input or no usable root.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    val.add_argument("files", metavar="FILE", nargs="+", help="JSON documents to check")
    val.add_argument("--structure", metavar="PATH", help="structure (default: bundled)")
    val.add_argument(
        "--definition", metavar="NAME", help="definition to check against (default: the root)"
    )
    val.add_argument("--json", metavar="PATH", help="write the violations as JSON")
    val.set_defaults(run=_validate)

    dif = commands.add_parser(
        "diff",
        help="classify an edit of the structure as breaking or compatible, with witnesses",
        epilog="examples:\n  neptune-ml-conformance diff old.json new.json\n"
        "  git show main:structure.json > /tmp/old.json && "
        "neptune-ml-conformance diff /tmp/old.json structure.json --json changes.json\n\n"
        "exit codes: 0 no breaking or unclassified change; 1 a breaking change or one the\n"
        "diff cannot judge (listed as unclassified); 2 unreadable input.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dif.add_argument("old", metavar="OLD")
    dif.add_argument("new", metavar="NEW")
    dif.add_argument("--json", metavar="PATH", help="write the changes as JSON")
    dif.add_argument(
        "--markdown", metavar="PATH", help="write the changes as a pull-request comment"
    )
    dif.set_defaults(run=_diff)

    exp = commands.add_parser(
        "export",
        help="write the cases as JSON-Schema-Test-Suite files",
        epilog="examples:\n"
        "  neptune-ml-conformance export --format json-schema-test-suite out/\n"
        "  neptune-ml-conformance export --format json-schema-test-suite out/ "
        "--profile quick --seed 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("--format", required=True, choices=["json-schema-test-suite"])
    exp.add_argument("outdir", metavar="OUTDIR")
    exp.add_argument("--structure", metavar="PATH")
    exp.add_argument(
        "--profile",
        choices=PROFILES,
        default=None,
        help="also export a seeded sample of generated cases (default: hand-written only)",
    )
    exp.add_argument("--seed", type=int, default=0)
    exp.set_defaults(run=_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status. Run as the program (`argv` None), it
    delivers that status itself, once the run decided it (`deliver`): whatever handlers the
    validator under test registered in this process cannot change it."""
    parser = build_parser()
    args = parser.parse_args(argv)
    owned = argv is None
    try:
        with ending_on_sigterm():
            code = _run_command(args)
    except SystemExit as stop:
        if not owned:
            raise
        deliver(stop.code if isinstance(stop.code, int) else EXIT_FAILED)
    except BaseException:
        if not owned:
            raise
        traceback.print_exc()  # a defect of the suite's: its traceback, and never exit 0
        deliver(EXIT_FAILED)
    if owned:
        deliver(code)
    return code


def _run_command(args: argparse.Namespace) -> int:
    try:
        code: int = args.run(args)
        return code
    except InputError as error:
        if args.debug:
            raise
        print(f"neptune-ml-conformance: error: {visible(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("neptune-ml-conformance: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("neptune-ml-conformance: terminated", file=sys.stderr)
        return EXIT_TERMINATED


def _console() -> Console:
    console = Console(no_color="NO_COLOR" in os.environ or None, highlight=False)
    if not console.is_terminal:
        # Piped or captured output: wide enough that the matrix is not abbreviated.
        console = Console(no_color=True, highlight=False, width=max(console.width, 160))
    return console


def _certify(args: argparse.Namespace) -> int:
    console = _console()
    within("--jobs", args.jobs, PROCESSES, "processes")
    within("--timeout", args.timeout, SECONDS, "seconds")
    jobs = default_jobs(args.profile) if args.jobs is None else args.jobs
    drawing = (
        f"Drawing the {args.profile} profile's instances (seed {args.seed}, "
        f"{jobs} process{'es' if jobs > 1 else ''})…"
    )
    with console.status(drawing) if console.is_terminal else contextlib.nullcontext():
        the_plan = prepare(args.structure, args.cases, args.profile, args.seed, jobs=jobs)
    unavailable: dict[str, str] = {}
    specs = args.validator
    if not specs:
        specs, unavailable = available_builtins()
    adapters: list[Adapter] = []
    try:
        for spec in specs:
            adapters.append(resolve(spec, the_plan.structure, args.timeout))
    except InputError:
        for adapter in adapters:
            adapter.close()
        raise
    options = run_options(args.structure, args.cases, args.profile, args.seed, args.timeout)
    try:
        report = _run(console, the_plan, adapters, unavailable, options)
    finally:
        for adapter in adapters:
            adapter.close()
    _write(args.json, json_text(report, indent=2) + "\n")
    _write(args.markdown, render_markdown(report))
    if args.html:
        from ._reports.html import render_html

        _write(args.html, render_html(report))
    render_terminal(report, console)
    return EXIT_OK if view(report).passed else EXIT_FAILED


def _run(
    console: Console,
    the_plan: Any,
    adapters: list[Adapter],
    unavailable: dict[str, str],
    options: list[str],
) -> Any:
    if not console.is_terminal:
        return certify(the_plan, adapters, unavailable, options=options)
    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(visible(name), total=total)
            bar.update(tasks[name], completed=done)

        return certify(the_plan, adapters, unavailable, progress, options)


def _lint(args: argparse.Namespace) -> int:
    from ._edits.lint import as_json, lint
    from ._model.structure import default_structure_path, read_json

    path = args.structure or str(default_structure_path())
    defects = lint(read_json(path), path)
    _write(args.json, json_text(as_json(defects), indent=2) + "\n")
    for defect in defects:
        _print(defect.line())
    errors = sum(d.level == "error" for d in defects)
    _print(f"{errors} errors, {len(defects) - errors} warnings in {path}")
    return EXIT_FAILED if errors else EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ._model.structure import load
    from ._running.validate import target, validate_files

    node = target(load(args.structure), args.definition)
    problems = validate_files(node, args.files)
    rows = [{**asdict(p), "blocking": p.blocking} for p in problems]
    _write(args.json, json_text(rows, indent=2) + "\n")
    for problem in problems:
        _print(problem.line())
    unreadable = sum(p.category == "unreadable" for p in problems)
    invalid = {p.file for p in problems if p.blocking and p.category != "unreadable"}
    print(
        f"{len(args.files)} documents: {len(invalid)} invalid, {unreadable} unreadable, "
        f"{len(problems)} findings"
    )
    if unreadable:
        return EXIT_USAGE
    return EXIT_FAILED if invalid else EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from ._edits.diff import as_json, as_markdown, diff, exit_code
    from ._model.structure import load

    changes = diff(load(args.old), load(args.new))
    _write(args.json, json_text(as_json(changes), indent=2) + "\n")
    _write(args.markdown, as_markdown(changes, args.old, args.new))
    for change in changes:
        _print(change.line())
    breaking = sum(c.breaking for c in changes)
    unclassified = sum(c.unclassified for c in changes)
    print(f"{len(changes)} changes, {breaking} breaking, {unclassified} unclassified")
    return EXIT_FAILED if exit_code(changes) else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from ._reports.export import export

    the_plan = prepare(args.structure, None, args.profile or "quick", args.seed)
    cases = [c for c in the_plan.cases if args.profile or c.source == "hand-written"]
    written = export(the_plan.structure, cases, Path(args.outdir))
    print(f"wrote {len(written)} files with {len(cases)} tests to {args.outdir}")
    return EXIT_OK


def _write(path: str | None, text: str) -> None:
    if path:
        write_atomic(path, text)


def _print(lines: str) -> None:
    """Our lines, which quote names from the structure: each shown through `visible`."""
    for line in lines.split("\n"):
        print(visible(line))


if __name__ == "__main__":
    sys.exit(main())
