"""The command line: a thin layer over the engine (docs/ARCHITECTURE.md, "One certify,
from the command line to the report")."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from ._io.cache import keep_hypothesis_out_of_cwd
from ._io.children import Terminated, deliver, ending_on_sigterm
from ._io.errors import PROCESSES, SECONDS, InputError, within
from ._io.neutral import github_annotation, json_text, visible
from ._io.write import write_atomic
from ._model.profiles import PROFILES

if TYPE_CHECKING:
    from rich.console import Console

    from .adapters import Adapter

# Each command imports what it needs when it runs: `--help`, `lint`, `diff` and `validate`
# never import generation (Hypothesis), the engine or the adapters.

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: As a shell reports a process ended by SIGINT (Ctrl-C) or SIGTERM: 128 + the signal.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143

CERTIFY_EXAMPLES = """examples:
  neptune-ml-conformance certify                       # every installed built-in validator
  neptune-ml-conformance certify --validator reference --seed 7 --json report.json
  neptune-ml-conformance certify --validator my_pkg.validate:check
  neptune-ml-conformance certify --validator my_pkg.validate:check --structure my.struct.json
  neptune-ml-conformance certify --validator ./my_validator.py:MyValidator --profile thorough

Targets are the document's root (named '#' when it has a `type`) and each non-abstract
definition. The bundled cases apply only to the bundled structure and its edits (same $id);
any other structure is certified from generated cases alone.

exit codes: 0 every validator conformant; 1 some validator not conformant, or a
hand-written case no longer fits the structure; 2 bad usage or bad input."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


OUTPUT_FORMATS = ("text", "json", "github")


def _output_options() -> _Parser:
    """-q/-v/--color, accepted before or after the command name (as check-jsonschema and
    pytest users type them). SUPPRESS keeps a subcommand's default from overwriting what
    was given before the command name."""
    common = _Parser(add_help=False)
    common.add_argument(
        "-q",
        "--quiet",
        action="count",
        default=argparse.SUPPRESS,
        help="less output: only findings and verdicts (certify: no matrix, no witnesses)",
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=argparse.SUPPRESS,
        help="more output: what was checked, with counts and timing",
    )
    common.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default=argparse.SUPPRESS,
        help="colour in terminal output (default auto: on a terminal, unless NO_COLOR is set); "
        "never, like NO_COLOR, also stops the progress animation",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _output_options()
    parser = _Parser(
        prog="neptune-ml-conformance",
        description="Certify validators of the Amazon Neptune ML Job structure.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    # every command: examples and exit codes kept as written, and the common options
    shared: dict[str, Any] = {
        "formatter_class": argparse.RawDescriptionHelpFormatter,
        "parents": [common],
    }
    cert = commands.add_parser(
        "certify",
        help="run the conformance cases against validators",
        epilog=CERTIFY_EXAMPLES,
        **shared,
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
        "--cases",
        metavar="DIR",
        help="folder with valid/ and/or invalid/ (default: the bundled cases, used only with "
        "the bundled structure and its edits)",
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
        help="report defects of JSON Structure documents",
        epilog="examples:\n  neptune-ml-conformance lint\n"
        "  neptune-ml-conformance lint structure.json other-structure.json\n"
        "  neptune-ml-conformance lint --structure edited.json --json defects.json\n"
        "  neptune-ml-conformance lint --output-format github structure.json\n\n"
        "exit codes: 0 no error-level defect; 1 an error-level defect; 2 unreadable input.",
        **shared,
    )
    lint.add_argument(
        "files", metavar="FILE", nargs="*", help="documents to lint (default: --structure)"
    )
    lint.add_argument("--structure", metavar="PATH", help="document to lint (default: bundled)")
    _findings_output(lint, "defects")
    lint.set_defaults(run=_lint)

    val = commands.add_parser(
        "validate",
        help="check JSON documents (job configurations) against the structure",
        epilog="examples:\n"
        "  neptune-ml-conformance validate --definition ModelTrainingJob job.json\n"
        "  neptune-ml-conformance validate --structure edited.json --json problems.json *.json\n\n"
        "exit codes: 0 every document valid (stance findings are shown, never blocking);\n"
        "1 some document invalid; 2 unreadable input or no usable root.",
        **shared,
    )
    val.add_argument("files", metavar="FILE", nargs="+", help="JSON documents to check")
    val.add_argument("--structure", metavar="PATH", help="structure (default: bundled)")
    val.add_argument(
        "--definition", metavar="NAME", help="definition to check against (default: the root)"
    )
    _findings_output(val, "violations")
    val.set_defaults(run=_validate)

    dif = commands.add_parser(
        "diff",
        help="classify an edit of the structure as breaking or compatible, with witnesses",
        epilog="examples:\n  neptune-ml-conformance diff old.json new.json\n"
        "  git show main:structure.json > /tmp/old.json && "
        "neptune-ml-conformance diff /tmp/old.json structure.json --json changes.json\n\n"
        "exit codes: 0 no breaking or unclassified change; 1 a breaking change or one the\n"
        "diff cannot judge (listed as unclassified); 2 unreadable input.",
        **shared,
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
        help="write the cases for other test runners (JSON Schema, the JSON Structure SDKs)",
        epilog="examples:\n"
        "  neptune-ml-conformance export --format json-schema-test-suite out/\n"
        "  neptune-ml-conformance export --format json-schema-test-suite out/ "
        "--profile quick --seed 3\n"
        "  neptune-ml-conformance export --format json-structure-test-assets assets/ "
        "--profile quick",
        **shared,
    )
    exp.add_argument(
        "--format",
        required=True,
        choices=["json-schema-test-suite", "json-structure-test-assets"],
        help="json-schema-test-suite (JSON Schema, Bowtie) or json-structure-test-assets "
        "(the json-structure/sdk test-assets layout the official SDKs' tests read)",
    )
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


def _findings_output(command: argparse.ArgumentParser, what: str) -> None:
    """Where a command that reports findings per file writes them (lint, validate)."""
    command.add_argument("--json", metavar="PATH", help=f"write the {what} as JSON")
    command.add_argument(
        "--output-format",
        choices=OUTPUT_FORMATS,
        default="text",
        help="text (one line per finding), json (one JSON document on standard output) or "
        "github (workflow-command annotations for GitHub Actions)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status. Run as the program (`argv` None), it
    delivers that status itself, once the run decided it (`deliver`): whatever handlers the
    validator under test registered in this process cannot change it."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # Given before or after the command name, or not at all (see _output_options).
    args.quiet = getattr(args, "quiet", 0)
    args.verbose = getattr(args, "verbose", 0)
    args.color = getattr(args, "color", "auto")
    keep_hypothesis_out_of_cwd()
    owned = argv is None
    # A report sent to standard output (`--json -`) owns it: the command's own lines go to
    # standard error, so that what a pipe reads is the report alone.
    args.report_stdout = sys.stdout  # where `_write` puts a report sent to `-`
    to_stdout = "-" in (getattr(args, name, None) for name in ("json", "markdown", "html"))
    lines = contextlib.redirect_stdout(sys.stderr) if to_stdout else contextlib.nullcontext()
    try:
        with ending_on_sigterm(), lines:
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


def no_color_requested() -> bool:
    """NO_COLOR (https://no-color.org): set and not empty."""
    return bool(os.environ.get("NO_COLOR"))


def _console(args: argparse.Namespace) -> tuple[Console, bool]:
    """The console for terminal output, and whether a progress display may animate.

    `--color always` colours even piped output; `never`, or NO_COLOR under `auto`, writes
    no escape codes at all. Animation needs a real terminal, and stops with `never`,
    NO_COLOR (whatever `--color` says: it is the user's standing request) and `-q`."""
    from rich.console import Console

    tty = sys.stdout.isatty()
    width = None if tty else 160  # piped: wide enough that the matrix is not abbreviated
    plain = args.color == "never" or (args.color == "auto" and (no_color_requested() or not tty))
    if plain:
        console = Console(color_system=None, highlight=False, width=width)
    elif args.color == "always":
        console = Console(force_terminal=True, highlight=False, width=width)
    else:
        console = Console(highlight=False)
    animate = tty and args.color != "never" and not no_color_requested() and not args.quiet
    return console, animate


def _certify(args: argparse.Namespace) -> int:
    from ._generation.core import default_jobs
    from ._reports.markdown import render_markdown
    from ._reports.report import run_options, view
    from ._reports.terminal import render_terminal
    from ._running.engine import prepare
    from .adapters import available_builtins, resolve

    console, animate = _console(args)
    within("--jobs", args.jobs, PROCESSES, "processes")
    within("--timeout", args.timeout, SECONDS, "seconds")
    jobs = default_jobs(args.profile) if args.jobs is None else args.jobs
    drawing = (
        f"Drawing the {args.profile} profile's instances (seed {args.seed}, "
        f"{jobs} process{'es' if jobs > 1 else ''})…"
    )
    with console.status(drawing) if animate else contextlib.nullcontext():
        the_plan = prepare(args.structure, args.cases, args.profile, args.seed, jobs=jobs)
    for note in the_plan.notes:
        print(f"note: {visible(note)}", file=sys.stderr)
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
        report = _run(console, animate, the_plan, adapters, unavailable, options)
    finally:
        for adapter in adapters:
            adapter.close()
    _write(args, args.json, json_text(report, indent=2) + "\n")
    _write(args, args.markdown, render_markdown(report))
    if args.html:
        from ._reports.html import render_html

        _write(args, args.html, render_html(report))
    render_terminal(report, console, args.verbose - args.quiet)
    return EXIT_OK if view(report).passed else EXIT_FAILED


def _run(
    console: Console,
    animate: bool,
    the_plan: Any,
    adapters: list[Adapter],
    unavailable: dict[str, str],
    options: list[str],
) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from ._running.engine import certify

    if not animate:
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

    if args.files and args.structure:
        raise InputError("--structure", None, "give either --structure PATH or FILE..., not both")
    paths = args.files or [args.structure or str(default_structure_path())]
    rows: list[dict[str, Any]] = []
    findings: list[Finding] = []
    unreadable = errors = 0
    for path in paths:
        try:
            defects = lint(read_json(path), path)
        except InputError as error:
            # One unreadable file does not hide the others' defects (pre-commit passes many).
            unreadable += 1
            print(f"neptune-ml-conformance: error: {visible(error)}", file=sys.stderr)
            finding = Finding(path, error.pointer or "", "error", "unreadable", error.message)
            findings.append(finding)
            rows.append(
                {"file": path, "code": "unreadable", "level": "error"}
                | {"pointer": finding.pointer, "message": finding.message}
            )
            continue
        rows += [{"file": path, **row} for row in as_json(defects)]
        errors += sum(d.level == "error" for d in defects)
        findings += [
            Finding(
                path, d.pointer, d.level, d.code, d.message + (f"; fix: {d.hint}" if d.hint else "")
            )
            for d in defects
        ]
        if args.output_format == "text":
            for defect in defects:
                _print(defect.line())
            if not args.quiet:
                count = sum(d.level == "error" for d in defects)
                _print(f"{count} errors, {len(defects) - count} warnings in {path}")
    _write(args, args.json, json_text(rows, indent=2) + "\n")
    _emit(args, findings, rows)
    if unreadable:
        return EXIT_USAGE
    return EXIT_FAILED if errors else EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ._model.structure import load
    from ._running.validate import target, validate_files

    node = target(load(args.structure), args.definition)
    problems = validate_files(node, args.files)
    rows = [{**asdict(p), "blocking": p.blocking} for p in problems]
    _write(args, args.json, json_text(rows, indent=2) + "\n")
    unreadable = sum(p.category == "unreadable" for p in problems)
    invalid = {p.file for p in problems if p.blocking and p.category != "unreadable"}
    findings = [
        Finding(
            p.file,
            p.pointer,
            "error" if p.blocking else "notice",
            p.category if p.blocking else f"{p.category} (stance, not blocking)",
            p.message,
        )
        for p in problems
    ]
    if args.output_format == "text":
        for problem in problems:
            _print(problem.line())
        if not args.quiet:
            print(
                f"{len(args.files)} documents: {len(invalid)} invalid, {unreadable} unreadable, "
                f"{len(problems)} findings"
            )
    _emit(args, findings, rows)
    if unreadable:
        return EXIT_USAGE
    return EXIT_FAILED if invalid else EXIT_OK


@dataclass(frozen=True)
class Finding:
    """One line of `lint` or `validate` output, whatever the output format."""

    file: str
    pointer: str
    level: str  # error | warning | notice (GitHub's three annotation levels)
    code: str
    message: str


def _emit(args: argparse.Namespace, findings: list[Finding], rows: list[Any]) -> None:
    """--output-format json: the same rows `--json PATH` writes, on standard output;
    github: one workflow command per finding (GitHub Actions shows them on the file)."""
    if args.output_format == "json":
        sys.stdout.write(json_text(rows, indent=2) + "\n")
    elif args.output_format == "github":
        for finding in findings:
            title = f"{finding.code} at {finding.pointer or '/'}"
            print(github_annotation(finding.level, finding.file, title, finding.message))


def _diff(args: argparse.Namespace) -> int:
    from ._edits.diff import as_json, as_markdown, diff, exit_code
    from ._model.structure import load

    changes = diff(load(args.old), load(args.new))
    _write(args, args.json, json_text(as_json(changes), indent=2) + "\n")
    _write(args, args.markdown, as_markdown(changes, args.old, args.new))
    for change in changes:
        _print(change.line())
    breaking = sum(c.breaking for c in changes)
    unclassified = sum(c.unclassified for c in changes)
    print(f"{len(changes)} changes, {breaking} breaking, {unclassified} unclassified")
    return EXIT_FAILED if exit_code(changes) else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from ._reports.export import export
    from ._running.engine import prepare

    the_plan = prepare(args.structure, None, args.profile or "quick", args.seed)
    cases = [c for c in the_plan.cases if args.profile or c.source == "hand-written"]
    if args.format == "json-structure-test-assets":
        from ._reports.export import export_test_assets

        document = the_plan.structure.document
        prefix = str(document.get("name") or Path(the_plan.structure.source).stem).lower()
        done = export_test_assets(the_plan.structure, cases, Path(args.outdir), prefix)
        _print(f"wrote {len(done.written)} files with {done.tests} tests to {args.outdir}")
        for why, count in sorted(done.skipped.items()):
            _print(f"  left out {count}: {why}")
        return EXIT_OK
    written = export(the_plan.structure, cases, Path(args.outdir))
    print(f"wrote {len(written)} files with {len(cases)} tests to {args.outdir}")
    return EXIT_OK


def _write(args: argparse.Namespace, path: str | None, text: str) -> None:
    """A report to its path; to `-`: to standard output as the command found it (`main`
    sends the command's own lines to standard error then)."""
    if path == "-":
        with contextlib.redirect_stdout(args.report_stdout):
            write_atomic(path, text)
    elif path:
        write_atomic(path, text)


def _print(lines: str) -> None:
    """Our lines, which quote names from the structure: each shown through `visible`."""
    for line in lines.split("\n"):
        print(visible(line))


if __name__ == "__main__":
    sys.exit(main())
