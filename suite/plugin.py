"""The pytest plugin: every case is a test item; a thin layer over the engine.

Nothing is collected unless `--conformance-validator` is given, so installing the plugin
changes nothing in other test runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ._categories import STANCE_RATIONALE, is_blocking
from ._engine import PROFILES, Outcome, Plan, evaluate, prepare, shrink_outcome
from ._errors import InputError
from ._report import compact
from .adapters import Adapter, resolve

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
        "--conformance-timeout",
        type=float,
        default=None,
        help="seconds an out-of-process (IHOP) validator may take per answer",
    )
    group.addoption("--conformance-cases", metavar="DIR", help="folder with valid/ and invalid/")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "conformance: a Neptune ML structure conformance case")
    spec = config.getoption("conformance_validator")
    if not spec:
        return
    try:
        the_plan = prepare(
            config.getoption("conformance_structure"),
            config.getoption("conformance_cases"),
            config.getoption("conformance_profile"),
            config.getoption("conformance_seed"),
        )
        adapter = resolve(spec, the_plan.structure, config.getoption("conformance_timeout"))
    except InputError as error:
        raise pytest.UsageError(f"neptune-ml-conformance: {error}") from None
    config.stash[_PLAN] = the_plan
    config.stash[_ADAPTER] = adapter  # one validator object serves the whole run
    config.add_cleanup(adapter.close)


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
        f"neptune-ml-conformance: validator {config.stash[_ADAPTER].spec}, "
        f"{len(the_plan.cases)} cases, profile {the_plan.profile}, seed {the_plan.seed}, "
        f"structure {the_plan.structure.source}"
    )


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
        bad = [
            o for o in evaluate(the_plan.structure, adapter, [self.case]) if o.verdict != "passed"
        ]
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
        if isinstance(excinfo.value, ConformanceFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int | None, str]:
        return self.case.origin or "generated", None, f"conformance {self.name}"


class StaleCaseItem(pytest.Item):
    """A hand-written case that no longer fits the structure: a regression signal."""

    def __init__(self, *, problem: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise ConformanceFailure(
            f"case {self.problem['file']} no longer fits the structure: {self.problem['problem']}"
        )

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[str, int | None, str]:
        return self.problem["file"], None, f"conformance {self.name}"


def _explain(outcome: Outcome) -> str:
    case = outcome.case
    lines = [
        f"{case.description}",
        f"  definition: {case.definition}",
        f"  category:   {outcome.blame}",
        f"  path:       {case.path if case.path is not None else ''!r}",
        f"  instance:   {compact(case.instance)}",
        f"  expected:   {case.expected}",
        f"  got:        {outcome.got}" + (f" ({outcome.detail})" if outcome.detail else ""),
    ]
    if case.origin:
        lines.append(f"  case:       {case.origin}")
    return "\n".join(lines)
