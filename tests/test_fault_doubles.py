"""Each single-fault double of a defect found in a real validator (tests/validators/doubles.py)
is convicted in its own category and in no other: a refused valid instance is blamed on the
rule whose smallest change explains the refusal, never on the category the case was drawn
for (`diagnose_rejection`), so a report's failing categories are rules the validator broke.
"""

from __future__ import annotations

from functools import cache

import pytest
from neptune_ml_conformance._model.categories import BLOCKING, REPORTED, UNEXPLAINED
from neptune_ml_conformance._running.engine import Plan, prepare
from neptune_ml_conformance._running.faults import analyse_one

from .validators.catalogue_v2 import CASES
from .validators.doubles import DOUBLES, EXAMPLE


@cache
def _plan(structure: str | None) -> Plan:
    cases = str(CASES) if structure == EXAMPLE else None
    return prepare(structure, cases, "quick", 0)


def test_one_double_per_defect_shape_in_a_category_of_the_table() -> None:
    assert len({d.name for d in DOUBLES}) == len(DOUBLES) >= 18
    assert {d.category for d in DOUBLES} <= set(REPORTED) - {UNEXPLAINED}


@pytest.mark.parametrize("double", DOUBLES, ids=[d.name for d in DOUBLES])
def test_each_double_is_convicted_in_exactly_its_category(double: object) -> None:
    from .validators.doubles import Double

    assert isinstance(double, Double)
    verdict = analyse_one(
        _plan(double.structure), double.name, double.category, "fault", double.make(), fast=True
    )
    assert verdict.failing == (double.category,), double.shape
    assert verdict.caught == (double.category in BLOCKING)


def _values(instance: object) -> list[object]:
    """Every value in an instance, the instance itself included."""
    found = [instance]
    if isinstance(instance, dict):
        for member in instance.values():
            found.extend(_values(member))
    elif isinstance(instance, list):
        for member in instance:
            found.extend(_values(member))
    return found


#: Over-strict doubles whose witnesses quote a refused value, one of them on a value the
#: diagnosis also tries other values for (a datetime: its edge values).
_QUOTING = (
    "leap-second-refused",
    "date-and-time-duration-refused",
    "required-alternative-sets-unsupported",
    "pattern-with-slash-never-matches",
    "datetime-lower-case-t-z-refused",  # the issue's own witness: tests/validators/catalogue_v2.py
)


@pytest.mark.parametrize("name", _QUOTING)
def test_a_witness_detail_quotes_only_values_of_its_own_instance(name: str) -> None:
    """Before: a witness showed `createdAt` "0148-10-09T14:20:01z" with the detail `refuses
    'createdAt' = '2024-02-29t12:00:00.5+05:30'`, a value the diagnosis had tried in its
    place. Every value a detail quotes after ` = ` is now one the instance holds."""
    from neptune_ml_conformance._running.engine import certify
    from neptune_ml_conformance.adapters import InProcessAdapter

    from .validators.catalogue_v2 import CATALOGUE

    found = [(d.structure, d.category, d.make) for d in DOUBLES if d.name == name]
    found += [(EXAMPLE, f.blame, f.make) for f in CATALOGUE if f.name == name]
    ((structure, category, make),) = found
    the_plan = _plan(structure)
    (entry,) = certify(the_plan, [InProcessAdapter(name, name, make())])["validators"]
    assert entry["failures"]
    for failure in entry["failures"]:
        diagnosis = failure["detail"].rsplit("(fault)", 1)[-1]
        assert failure["category"] == category, failure
        if " = " in diagnosis:
            quoted = diagnosis.rsplit(" = ", 1)[1]
            shown = [repr(v)[:80] for v in _values(failure["instance"])]
            assert quoted in shown, (quoted, failure["instance"])


def test_the_witness_check_catches_a_value_the_instance_does_not_hold() -> None:
    """The check above, on the mismatch the issue reported."""
    instance = {"createdAt": "0148-10-09T14:20:01z"}
    quoted = repr("2024-02-29t12:00:00.5+05:30")
    assert quoted not in [repr(v)[:80] for v in _values(instance)]


def test_the_issue_witness_detail_describes_its_instance() -> None:
    """The issue's witness: a validator refusing a lower-case `t` or `z` in a datetime (and,
    so that no plain instance is accepted, the int32 value 1). The diagnosis tries other
    valid values in the datetime's place, among them '2024-02-29t12:00:00.5+05:30', refused
    too; the detail used to quote that value instead of the instance's own."""
    from neptune_ml_conformance._model.cases import Case
    from neptune_ml_conformance._running.engine import evaluate
    from neptune_ml_conformance.adapters import InProcessAdapter

    from .validators import catalogue_v2 as v2

    lower = v2.text(lambda s: "t" in s or s.endswith("z"))
    double = v2.v(
        types={
            "datetime": v2.refusing("format", lower),
            "int32": v2.refusing("range", lambda x: x == 1),
        }
    )
    stamp = "0148-10-09T14:20:01z"
    instance = {"createdAt": stamp, "instanceCount": 5}
    case = Case("witness", "the issue's witness", "InferenceEndpoint", True, instance, "enum")
    (outcome,) = evaluate(v2.STRUCTURE, InProcessAdapter("lower", "lower", double), [case])
    assert outcome.verdict == "failed"
    assert outcome.blame == "format"
    assert outcome.detail.rsplit(" = ", 1)[1] == repr(stamp)


def test_a_definition_refused_whatever_the_instance_is_unexplained() -> None:
    """The TypeScript SDK's reading of alternative `required` sets (each entry taken for a
    name, an array one too, which no instance holds) refuses every ModelTransformJob: no
    change of an instance explains that, so it is `unexplained`, and where the job sits in
    the root choice it is diagnosed as the definition it is, never blamed on the tag
    (another tag is accepted) nor on the category the case was drawn for."""
    from .validators import catalogue_v2 as v2

    never = v2.kw(required=v2.required_sets(lambda sets, instance: False))
    verdict = analyse_one(_plan(EXAMPLE), "never", "required", "fault", never, fast=True)
    assert verdict.failing == (UNEXPLAINED,)
    assert verdict.caught


def test_a_misread_step_is_not_blamed_on_the_bound_it_sits_near() -> None:
    """`multipleOf` read as a divisor refuses `batchSize` 32 (minimum 16) and 4096 (its
    maximum): near a bound, but one step further from it is refused too, so the bound is
    not what the validator misreads."""
    from .validators.catalogue_v2 import CATALOGUE

    (fault,) = [f for f in CATALOGUE if f.name == "multiple-of-read-as-divisor"]
    verdict = analyse_one(_plan(EXAMPLE), fault.name, fault.blame, fault.kind, fault.make(), True)
    assert verdict.failing == ("multiple-of",)


def test_a_member_unknown_to_one_definition_is_not_blamed_on_its_pattern() -> None:
    """botocore's service model lacks `sagemakerIamRoleArn` for the inference endpoint: it
    refuses that member whatever its value, as a pattern its engine cannot use would. The
    same pattern accepts the same value in another definition, so the member itself is
    refused (`type`), not its pattern."""
    from .validators import catalogue_v2 as v2

    def lacks_member(definition: str, instance: object) -> bool:
        return (
            definition == "InferenceEndpoint"
            and isinstance(instance, dict)
            and "sagemakerIamRoleArn" in instance
        )

    double = v2.refuse_when(lacks_member)
    verdict = analyse_one(_plan(EXAMPLE), "lacks", "type", "fault", double, fast=True)
    assert verdict.failing == ("type",)
