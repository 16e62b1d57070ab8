"""The pytest plugin: every case is a test item; a thin layer over the engine.

Nothing is collected unless `--conformance-validator` is given, so installing the plugin
changes nothing in other test runs.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shlex
import tempfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal

import pytest

from ._io.children import deliver, ending_children_on_sigterm, exit_handlers_added
from ._io.errors import PROCESSES, SECONDS, InputError, within
from ._model.profiles import PROFILES

if TYPE_CHECKING:
    from ._running.engine import Outcome, Plan
    from .adapters import Adapter

# pytest imports this module in every run of every project where the suite is installed:
# the engine, the adapters and Hypothesis are imported only once a validator is asked for.

_PLAN: pytest.StashKey[Plan] = pytest.StashKey()
_ADAPTER: pytest.StashKey[Adapter] = pytest.StashKey()
#: Whether items carry their outcomes for a --conformance-json report (`ReportRecorder`).
_RECORDING: pytest.StashKey[bool] = pytest.StashKey()
#: Outcomes judged ahead of their items, by case id (`_judged`).
_AHEAD: pytest.StashKey[dict[str, list[Outcome]]] = pytest.StashKey()


#: Every option, also readable from an ini file (`[tool.pytest.ini_options]`, pytest.ini,
#: tox.ini, setup.cfg) under its name without dashes: the command line wins over the file.
#: name -> (metavar, help)
OPTIONS: dict[str, tuple[str, str]] = {
    "validator": (
        "SPEC",
        "validator to certify: built-in name, module.path:attr or path/to/file.py:attr",
    ),
    "structure": ("PATH", "JSON Structure document (default: the bundled one)"),
    "profile": ("NAME", f"generated cases per set: {', '.join(PROFILES)} (default: quick)"),
    "seed": ("N", "fixes every generated instance (default: 0)"),
    "jobs": (
        "N",
        "processes that draw generated instances, same instances for any N "
        "(default: CPUs up to 4; 1 for the quick profile)",
    ),
    "timeout": (
        "SECONDS",
        "seconds a validator may take per answer (per call in process, per batch via IHOP)",
    ),
    "cases": ("DIR", "folder with valid/ and invalid/"),
    "json": (
        "PATH",
        "write the certification report (the CLI's JSON report), also under xdist",
    ),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Neptune ML structure conformance")
    for name, (metavar, help_) in OPTIONS.items():
        group.addoption(f"--conformance-{name}", metavar=metavar, help=help_)
        parser.addini(f"conformance_{name}", help_)
    group.addoption(
        "--conformance-case",
        action="append",
        metavar="ID",
        help="run only this case (repeatable); a failing case prints the command with it",
    )


#: Options naming a file or folder: written in an ini file, relative to that file's folder
#: (as pytest reads `testpaths`), so that pytest run from a subfolder finds them.
_PATHS = frozenset({"structure", "cases", "json"})


def _option(config: pytest.Config, name: str) -> str | None:
    """`--conformance-NAME`, else the ini file's `conformance_NAME`, else None."""
    value = config.getoption(f"conformance_{name}")
    if value is not None:
        return str(value)
    value = config.getini(f"conformance_{name}") or None
    if value is None:
        return None
    if name in _PATHS and config.inipath is not None:
        return str(config.inipath.parent / str(value))  # an absolute value stays itself
    return str(value)


def _number(config: pytest.Config, name: str, kind: type[int] | type[float]) -> Any:
    """A numeric option, from the command line or the ini file alike; a value that is not
    a number is a usage error naming the option, wherever it was written."""
    text = _option(config, name)
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        expected = "an integer" if kind is int else "a number"
        raise InputError(
            f"--conformance-{name}", None, f"expected {expected}, got {text!r}"
        ) from None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "conformance: a Neptune ML structure conformance case")
    # Sessions run inside another one's process (pytester's inline runs) do not own its exit.
    _SESSIONS.append(config)
    config.add_cleanup(lambda: _SESSIONS.remove(config))
    spec = _option(config, "validator")
    if not spec:
        return
    from ._io.neutral import visible
    from ._model.cases import load_generated
    from ._running.engine import prepare
    from .adapters import resolve

    shared = getattr(config, "workerinput", {}).get(_SHARED_CASES)
    try:
        profile = _option(config, "profile") or "quick"
        if profile not in PROFILES:
            raise InputError(
                "--conformance-profile",
                None,
                f"expected one of {', '.join(PROFILES)}, got {profile!r}",
            )
        the_plan = prepare(
            _option(config, "structure"),
            _option(config, "cases"),
            profile,
            _number(config, "seed", int) or 0,
            generated=load_generated(shared) if shared else None,
            jobs=within("--conformance-jobs", _number(config, "jobs", int), PROCESSES, "processes"),
        )
        timeout = within(
            "--conformance-timeout", _number(config, "timeout", float), SECONDS, "seconds"
        )
        adapter = resolve(spec, the_plan.structure, timeout)
    except InputError as error:
        raise pytest.UsageError(f"neptune-ml-conformance: {visible(error)}") from None
    config.stash[_PLAN] = the_plan
    config.stash[_ADAPTER] = adapter  # one validator object serves the whole run
    config.stash[_RECORDING] = bool(_option(config, "json"))
    config.add_cleanup(adapter.close)
    config.add_cleanup(ending_children_on_sigterm())
    if exit_handlers_added() and [config] == _SESSIONS:
        # The validator registered atexit handlers (one may be `os._exit(0)`): the status
        # pytest decided is delivered before any of them runs (atexit runs the last first).
        atexit.register(_deliver_decided_status)
    if config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(SharedCases(the_plan), "conformance-shared-cases")
    path = _option(config, "json")
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ReportRecorder(config, path), "conformance-report")


def rerun_command(config: pytest.Config, case_id: str) -> str:
    """The pytest command that runs exactly this case again: the options that decide the
    cases (so a generated case is drawn again the same), the validator, and the case.
    pytest cannot take the item's node id back (it names no file), hence the option."""
    argv = ["pytest", "--conformance-validator", _option(config, "validator") or ""]
    for name in ("structure", "cases", "profile", "seed", "timeout"):
        value = _option(config, name)
        if value is not None:
            argv += [f"--conformance-{name}", value]
    return shlex.join([*argv, "--conformance-case", case_id])


#: The exit status pytest decided for a run that certified a validator (see `_deliver...`).
_DECIDED: list[int] = []
#: The sessions configured in this process and not yet unconfigured, the first outermost.
_SESSIONS: list[pytest.Config] = []
#: pytest's status for a session that ended before it could decide one.
_INTERNAL_ERROR = 3


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    if _ADAPTER in session.config.stash and _SESSIONS[:1] == [session.config]:
        _DECIDED[:] = [int(session.exitstatus)]


def _deliver_decided_status() -> None:
    deliver(_DECIDED[0] if _DECIDED else _INTERNAL_ERROR)


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if _PLAN not in config.stash:
        return
    collector = ConformanceCollector.from_parent(session, name="conformance")
    # On the collector, not on each item: its items inherit it (`-m conformance`, `-k`,
    # `get_closest_marker`), without a mark and a keyword built for each of thousands.
    collector.add_marker(pytest.mark.conformance)
    wanted = config.getoption("conformance_case")
    if wanted:
        the_plan = config.stash[_PLAN]
        known = {c.id for c in the_plan.cases} | {p["id"] for p in the_plan.case_problems}
        unknown = set(wanted) - known
        if unknown:
            raise pytest.UsageError(
                "neptune-ml-conformance: --conformance-case: no case "
                + ", ".join(sorted(_visible(u) for u in unknown))
                + " in this run (generated ids depend on the structure, profile and seed)"
            )
    items.extend(i for i in collector.collect() if not wanted or i.name in wanted)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """A case item's run: its three reports made by the usual hook (`makereport`, so xfail,
    JUnit XML, `--pdb` and report plugins see what they always see), without the per-phase
    hooks around them (output capture, log capture and the fixture stack, set up and torn
    down for each item).

    A case item has no fixtures and prints nothing (the validator runs in a worker whose
    output the suite captures per call), and those hooks cost about 0.3 ms per item, a
    quarter of the plugin's CPU: with them the plugin cost 1.3 times the command line's
    on the default profile (`bench/plugin.py`). Every other item runs as pytest runs it;
    warnings are still caught, by the hooks that wrap this one."""
    if not isinstance(item, CaseItem):
        return None
    hook = item.ihook
    hook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    reraise = (pytest.exit.Exception, KeyboardInterrupt)
    phases: tuple[tuple[Literal["setup", "call", "teardown"], Callable[[], None]], ...] = (
        ("setup", _nothing),
        ("call", item.runtest),
        ("teardown", _nothing),
    )
    for when, run in phases:
        call = pytest.CallInfo.from_call(run, when=when, reraise=reraise)
        report = hook.pytest_runtest_makereport(item=item, call=call)
        hook.pytest_runtest_logreport(report=report)
        if call.excinfo is not None and report.failed:
            hook.pytest_exception_interact(node=item, call=call, report=report)
    hook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def _nothing() -> None:
    """A case item's setup and teardown."""


def pytest_report_header(config: pytest.Config) -> str | None:
    if _PLAN not in config.stash:
        return None
    from ._io.neutral import visible

    the_plan = config.stash[_PLAN]
    return (
        f"neptune-ml-conformance: validator {visible(config.stash[_ADAPTER].spec)}, "
        f"{len(the_plan.cases)} cases, profile {the_plan.profile}, seed {the_plan.seed}, "
        f"structure {visible(the_plan.structure.source)}"
    )


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """What the command line prints as notes (an undrawn set, an empty case folder), in a
    section of the summary: the header, where pytest puts run facts, is not shown under
    `-q`, and a rule left uncertified must not pass unsaid."""
    if _PLAN not in config.stash or not config.stash[_PLAN].notes:
        return
    from ._io.neutral import visible

    terminalreporter.write_sep("-", "neptune-ml-conformance notes")
    for note in config.stash[_PLAN].notes:
        terminalreporter.write_line(f"note: {visible(note)}")


_OUTCOMES = "neptune-ml-conformance-outcomes"
_SHARED_CASES = "neptune-ml-conformance-generated"


class SharedCases:
    """Under xdist, the controller draws the generated cases once and hands them to the
    workers, instead of every worker drawing the same cases again."""

    def __init__(self, the_plan: Plan) -> None:
        from ._model.cases import dump_generated

        generated = [c for c in the_plan.cases if c.source == "generated"]
        handle, self.path = tempfile.mkstemp(prefix="conformance-cases-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            dump_generated(generated, f)

    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[_SHARED_CASES] = self.path

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)


class ReportRecorder:
    """Gathers outcomes in the controlling process and writes --conformance-json.

    Items carry their outcomes in `user_properties`, which xdist sends from the workers, so
    a parallel run writes the same report as a serial one.
    """

    def __init__(self, config: pytest.Config, path: str) -> None:
        self.config = config
        self.path = path
        self.collected: dict[str, list[list[str]]] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if name == _OUTCOMES:
                rows: list[list[str]] = value  # type: ignore[assignment]
                self.collected.setdefault(report.nodeid.rsplit("::", 1)[-1], []).extend(rows)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        from ._io.neutral import json_text
        from ._io.write import write_atomic
        from ._reports.report import run_options
        from ._running.engine import Outcome, build_report, summarise, witnesses_for

        the_plan, adapter = self.config.stash[_PLAN], self.config.stash[_ADAPTER]
        outcomes = [
            Outcome(case, verdict, got, detail, category)
            for case in the_plan.cases  # plan order, whatever order the items ran in
            for verdict, got, detail, category in self.collected.get(case.id, [])
        ]
        reported = witnesses_for(the_plan, adapter, outcomes)
        entry = summarise(adapter, outcomes, 0.0, reported)
        options = run_options(
            _option(self.config, "structure"),
            _option(self.config, "cases"),
            the_plan.profile,
            the_plan.seed,
            _number(self.config, "timeout", float),
        )
        report = build_report(the_plan, [entry], None, 0.0, options)
        write_atomic(self.path, json_text(report, indent=2) + "\n")


class ConformanceCollector(pytest.Collector):
    def collect(self) -> Iterator[pytest.Item]:
        the_plan = self.config.stash[_PLAN]
        for case in the_plan.cases:
            yield CaseItem.from_parent(self, name=case.id, case=case)
        for problem in the_plan.case_problems:
            yield StaleCaseItem.from_parent(self, name=problem["id"], problem=problem)


class ConformanceFailure(Exception):
    pass


class CaseItem(pytest.Item):
    def __init__(self, *, case: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from ._model.categories import STANCE_RATIONALE, is_blocking
        from ._running.engine import shrink_outcome

        the_plan = self.config.stash[_PLAN]
        adapter = self.config.stash[_ADAPTER]
        outcomes = _judged(self)
        if self.config.stash[_RECORDING]:
            # Carried to the controlling process (also from xdist workers) for
            # --conformance-json; without it, nobody reads them.
            self.user_properties.append(
                (_OUTCOMES, [[o.verdict, o.got, o.detail, o.category] for o in outcomes])
            )
        bad = [o for o in outcomes if o.verdict != "passed"]
        if not bad:
            return
        if not is_blocking(bad[0].blame):
            # Stance categories are reported, never blocking (docs/STANCE.md).
            pytest.xfail(f"stance {bad[0].blame}: {STANCE_RATIONALE[bad[0].blame]}")
        message = _explain(bad[0])
        if bad[0].case.source == "generated":
            shrunk = shrink_outcome(the_plan, adapter, bad[0])
            if shrunk is not bad[0]:
                message += "\nshrunk witness (same category, minimal):\n" + _explain(shrunk)
        message += f"\nre-run: {_visible(rerun_command(self.config, self.case.id))}"
        raise ConformanceFailure(message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        # A stance xfail and a conformance failure are messages, not tracebacks (and
        # rendering a traceback per stance case would dominate a run's time).
        if isinstance(excinfo.value, ConformanceFailure | pytest.xfail.Exception):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int | None, str]:
        from ._io.neutral import visible

        return visible(self.case.origin) or "generated", None, f"conformance {self.name}"

    @functools.cached_property
    def location(self) -> tuple[str, int | None, str]:
        """pytest's location, its path made relative once per file rather than once per
        item: every generated case names the same one, and pytest resolves a path for each
        item (some 15 microseconds, a tenth of what pytest spends on an item here)."""
        where, line, name = self.reportinfo()
        relative = self.session.stash.setdefault(_RELATIVE, {})
        if where not in relative:
            relative[where] = super().location[0]
        return relative[where], line, name


#: A case item's file, as it reported it -> the path pytest shows (`CaseItem.location`).
_RELATIVE = pytest.StashKey[dict[str, str]]()


def _judged(item: CaseItem) -> list[Outcome]:
    """The item's outcomes, judged in a batch with the case items that follow it.

    The command line hands a validator its cases a batch at a time; one call per item cost
    the plugin a worker round trip per case (1.9 times the command line's CPU). An item
    takes its outcomes if a batch judged it already, else judges itself and the case items
    after it in the session's order (what `-k` and the like left selected), as many as
    the engine's batch. Under xdist a worker is not told which items come next, so each
    item there is judged alone.
    """
    from ._running.engine import BATCH, evaluate

    ahead = item.config.stash.setdefault(_AHEAD, {})
    if item.case.id in ahead:
        return ahead.pop(item.case.id)
    adapter = item.config.stash[_ADAPTER]
    batch = [item.case]
    if not hasattr(item.config, "workerinput"):
        size = getattr(adapter, "batch_size", BATCH)
        batch = [c.case for c in _following(item, size) if c.case.id not in ahead]
    outcomes = evaluate(item.config.stash[_PLAN].structure, adapter, batch)
    for outcome in outcomes:
        ahead.setdefault(outcome.case.id, []).append(outcome)
    return ahead.pop(item.case.id)


def _following(item: CaseItem, size: int) -> list[CaseItem]:
    """This item and up to `size - 1` case items after it, in the session's order."""
    items = item.session.items
    index = _positions(item.session).get(item.nodeid)
    if index is None or items[index] is not item:
        return [item]
    out: list[CaseItem] = []
    for other in items[index : index + size]:
        if not isinstance(other, CaseItem):
            break
        out.append(other)
    return out


_POSITION = pytest.StashKey[tuple[int, dict[str, int]]]()


def _positions(session: pytest.Session) -> dict[str, int]:
    """Each item's index in the session's order (rebuilt if the list was replaced)."""
    kept = session.config.stash.get(_POSITION, None)
    if kept is None or kept[0] != id(session.items):
        kept = (id(session.items), {i.nodeid: n for n, i in enumerate(session.items)})
        session.config.stash[_POSITION] = kept
    return kept[1]


class StaleCaseItem(pytest.Item):
    """A hand-written case that no longer fits the structure: a regression signal."""

    def __init__(self, *, problem: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        from ._io.neutral import visible

        raise ConformanceFailure(
            f"case {visible(self.problem['file'])} no longer fits the structure: "
            f"{visible(self.problem['problem'])}\n"
            f"re-run: {visible(rerun_command(self.config, self.problem['id']))}"
        )

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[str, int | None, str]:
        from ._io.neutral import visible

        return visible(self.problem["file"]), None, f"conformance {self.name}"


def _explain(outcome: Outcome) -> str:
    from ._io.neutral import visible
    from ._reports.report import compact

    case = outcome.case
    lines = [
        f"{visible(case.description)}",
        f"  definition: {visible(case.definition)}",
        f"  category:   {visible(outcome.blame)}",
        f"  path:       {visible(repr(case.path if case.path is not None else ''))}",
        f"  instance:   {compact(case.instance)}",
        f"  expected:   {case.expected}",
        f"  got:        {visible(outcome.got)}"
        + (f" ({visible(outcome.detail)})" if outcome.detail else ""),
    ]
    if case.origin:
        lines.append(f"  case:       {visible(case.origin)}")
    return "\n".join(lines)


def _visible(text: str) -> str:
    """Foreign text for the terminal, neutralised (imported on use: this module loads in
    every pytest run)."""
    from ._io.neutral import visible

    return visible(text)
