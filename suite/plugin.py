"""The pytest plugin: every case is a test item; a thin layer over the engine.

Nothing is collected unless `--conformance-validator` is given, so installing the plugin
changes nothing in other test runs.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from ._io.errors import PROCESSES, SECONDS, InputError, within
from ._io.neutral import json_text, visible
from ._io.write import write_atomic
from ._model.cases import dump_generated, load_generated
from ._model.categories import STANCE_RATIONALE, is_blocking
from ._reports.report import compact, run_options
from ._running.engine import (
    PROFILES,
    Outcome,
    Plan,
    build_report,
    evaluate,
    prepare,
    shrink_outcome,
    summarise,
    witnesses_for,
)
from .adapters import Adapter, resolve
from .adapters._children import deliver, ending_children_on_sigterm, exit_handlers_added

_PLAN = pytest.StashKey[Plan]()
_ADAPTER = pytest.StashKey[Adapter]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Neptune ML structure conformance")
    group.addoption(
        "--conformance-validator",
        metavar="SPEC",
        help="validator to certify: built-in name, module.path:attr or path/to/file.py:attr",
    )
    group.addoption("--conformance-structure", metavar="PATH", help="JSON Structure document")
    group.addoption("--conformance-profile", choices=PROFILES, default="quick")
    group.addoption("--conformance-seed", type=int, default=0)
    group.addoption(
        "--conformance-jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes that draw generated instances, same instances for any N "
        "(default: CPUs up to 4; 1 for the quick profile)",
    )
    group.addoption(
        "--conformance-timeout",
        type=float,
        default=None,
        help="seconds a validator may take per answer (per call in process, per batch via IHOP)",
    )
    group.addoption("--conformance-cases", metavar="DIR", help="folder with valid/ and invalid/")
    group.addoption(
        "--conformance-json",
        metavar="PATH",
        help="write the certification report (the CLI's JSON report), also under xdist",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "conformance: a Neptune ML structure conformance case")
    # Sessions run inside another one's process (pytester's inline runs) do not own its exit.
    _SESSIONS.append(config)
    config.add_cleanup(lambda: _SESSIONS.remove(config))
    spec = config.getoption("conformance_validator")
    if not spec:
        return
    shared = getattr(config, "workerinput", {}).get(_SHARED_CASES)
    try:
        the_plan = prepare(
            config.getoption("conformance_structure"),
            config.getoption("conformance_cases"),
            config.getoption("conformance_profile"),
            config.getoption("conformance_seed"),
            generated=load_generated(shared) if shared else None,
            jobs=within(
                "--conformance-jobs", config.getoption("conformance_jobs"), PROCESSES, "processes"
            ),
        )
        timeout = within(
            "--conformance-timeout", config.getoption("conformance_timeout"), SECONDS, "seconds"
        )
        adapter = resolve(spec, the_plan.structure, timeout)
    except InputError as error:
        raise pytest.UsageError(f"neptune-ml-conformance: {visible(error)}") from None
    config.stash[_PLAN] = the_plan
    config.stash[_ADAPTER] = adapter  # one validator object serves the whole run
    config.add_cleanup(adapter.close)
    config.add_cleanup(ending_children_on_sigterm())
    if exit_handlers_added() and [config] == _SESSIONS:
        # The validator registered atexit handlers (one may be `os._exit(0)`): the status
        # pytest decided is delivered before any of them runs (atexit runs the last first).
        atexit.register(_deliver_decided_status)
    if config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(SharedCases(the_plan), "conformance-shared-cases")
    path = config.getoption("conformance_json")
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ReportRecorder(config, path), "conformance-report")


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
    items.extend(collector.collect())


def pytest_report_header(config: pytest.Config) -> str | None:
    if _PLAN not in config.stash:
        return None
    the_plan = config.stash[_PLAN]
    return (
        f"neptune-ml-conformance: validator {visible(config.stash[_ADAPTER].spec)}, "
        f"{len(the_plan.cases)} cases, profile {the_plan.profile}, seed {the_plan.seed}, "
        f"structure {visible(the_plan.structure.source)}"
    )


_OUTCOMES = "neptune-ml-conformance-outcomes"
_SHARED_CASES = "neptune-ml-conformance-generated"


class SharedCases:
    """Under xdist, the controller draws the generated cases once and hands them to the
    workers, instead of every worker drawing the same cases again."""

    def __init__(self, the_plan: Plan) -> None:
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
        the_plan, adapter = self.config.stash[_PLAN], self.config.stash[_ADAPTER]
        outcomes = [
            Outcome(case, verdict, got, detail, category)
            for case in the_plan.cases  # plan order, whatever order the items ran in
            for verdict, got, detail, category in self.collected.get(case.id, [])
        ]
        reported = witnesses_for(the_plan, adapter, outcomes)
        entry = summarise(adapter, outcomes, 0.0, reported)
        option = self.config.getoption
        options = run_options(
            option("conformance_structure"),
            option("conformance_cases"),
            the_plan.profile,
            the_plan.seed,
            option("conformance_timeout"),
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
        self.add_marker(pytest.mark.conformance)

    def runtest(self) -> None:
        the_plan = self.config.stash[_PLAN]
        adapter = self.config.stash[_ADAPTER]
        outcomes = evaluate(the_plan.structure, adapter, [self.case])
        # Carried to the controlling process (also from xdist workers) for --conformance-json.
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
        raise ConformanceFailure(message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        # A stance xfail and a conformance failure are messages, not tracebacks (and
        # rendering a traceback per stance case would dominate a run's time).
        if isinstance(excinfo.value, ConformanceFailure | pytest.xfail.Exception):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int | None, str]:
        return visible(self.case.origin) or "generated", None, f"conformance {self.name}"


class StaleCaseItem(pytest.Item):
    """A hand-written case that no longer fits the structure: a regression signal."""

    def __init__(self, *, problem: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise ConformanceFailure(
            f"case {visible(self.problem['file'])} no longer fits the structure: "
            f"{visible(self.problem['problem'])}"
        )

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[str, int | None, str]:
        return visible(self.problem["file"]), None, f"conformance {self.name}"


def _explain(outcome: Outcome) -> str:
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
