"""A second opinion: the official JSON Structure SDK (PyPI `json-structure`) runs beside the
reference validator on every document and instance of `test_keywords.py` (the boundary
tables and everything.json).

The SDK answers a list of messages, so the two are compared by verdict. Every disagreement
is listed, as a stance of the suite (`STANCES`, naming the docs/STANCE.md section) or as an
SDK defect (`SDK_DEFECTS`, with its witness). An unlisted disagreement fails, and so does a
listed one that no longer disagrees, so both lists stay true.

The SDK is driven as docs/STANCE.md says: the extended meta-schema, `$uses` enabling the
validation and conditional-composition extensions, `InstanceValidator(document,
extended=True)` and the stateless `validate(instance)` (the SDK's `validate_instance()`
keeps errors across calls). Document and instance are copied for each call: the SDK adds
to a schema's `$uses` and pops `$uses` from instances.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
from neptune_ml_conformance._model import types as _types

from .test_keywords import CASES, XFAIL, Case, reference

if os.environ.get("CI"):
    # The SDK is in the `test` extra: on CI its absence is a failure, never a skip.
    import json_structure
else:
    json_structure = pytest.importorskip("json_structure")


def _types_json_integers() -> list[str]:
    return [name for name, spec in _types.TYPES.items() if spec.family == "integer"]


#: Disagreements where the suite takes a side the drafts leave open: case id -> the
#: docs/STANCE.md section that says why.
STANCES: dict[str, str] = {
    # The reference follows JSON Schema 2020-12 (minContains 0 lets `contains` match nothing);
    # the validation draft's letter ("each validation keyword independently ... AND") and the
    # SDK reject [1].
    "stance-minContains-0/no-match": "`contains` with `minContains: 0`",
    # The reference does not count a member named by `patternProperties` as additional; the
    # SDK rejects {"x-a": "s"} under additionalProperties false.
    "stance-additionalProperties-patternProperties/pattern-named": (
        "`additionalProperties` beside `patternProperties`"
    ),
    # The reference compares numbers as JSON values (1 and 1.0 are one number); the SDK
    # compares their json.dumps text, so the set [1, 1.0] holds two elements.
    "stance-number-equality/1-and-1.0": "JSON equality of numbers (`1` and `1.0`)",
}

_BOOLEAN = "accepts true as {{type: {0}}}: Python's bool is an int (core, '{0}': base type number)"
_SIGN = "accepts '+1' as {{type: {0}}}: int() parsing, not RFC 8259 '[minus] int' (core, '{0}')"
_ZERO = "accepts '01' as {{type: {0}}}: int() parsing allows leading zeros (core, '{0}')"
_ALTERNATIVES = (
    "raises TypeError (unhashable list) on required [['name', 'fins'], ['name', 'legs']]: "
    "the array-of-arrays form (core, 'required') is not implemented"
)
_STRING_BOUND = "{0} compares string-encoded numbers as strings: {1} (validation, '{2}')"
_STRING_STEP = (
    "rejects {0} under {1}: 'Cannot evaluate multipleOf constraint' on string-encoded numbers"
)

#: Disagreements where the SDK breaks a rule the drafts state: case id -> what it does
#: wrong, with the witness (schema, instance).
SDK_DEFECTS: dict[str, str] = {
    **{
        f"core-extends-{name}": _ALTERNATIVES
        for name in (
            "required-sets/base-required-missing",
            "base-required-sets/no-alternative",
            "base-required-sets/both-alternatives",
        )
    },
    "core-extends-constraints-both/base-rule": "drops the abstract base's dependentRequired "
    "when the extending type states its own (core, '$extends': MUST merge the base's "
    "constraints)",
    **{
        f"val-format-{name}/invalid": f"accepts {bad!r} as {{format: {name}}}: the SDK "
        "checks only some of the validation draft's format names"
        for name, bad in (
            ("idn-email", "例え.jp"),
            ("hostname", "-bad-.example.com"),
            ("idn-hostname", "-例え.jp"),
            ("iri", "π"),
            ("iri-reference", "a b"),
            ("uri-template", "https://example.com/{id"),
            ("relative-json-pointer", "/a"),
            ("regex", "[a-z"),
        )
    },
    "val-pattern-ecma-digit/arabic-indic": "accepts an Arabic-Indic digit for pattern '\\d': "
    "Python `re` semantics, not ECMA-262 (validation, 'pattern')",
    "core-contentEncoding-base64url/not-base64url": "accepts '!!!!' as base64url binary: "
    "contentEncoding is not checked",
    **{f"core-{t}/boolean": _BOOLEAN.format(t) for t in _types_json_integers()},
    **{f"core-{t}/plus-sign": _SIGN.format(t) for t in ("int64", "uint64", "int128", "uint128")},
    **{f"core-{t}/leading-zero": _ZERO.format(t) for t in ("int64", "uint64", "int128", "uint128")},
    "core-float/above-max": "accepts 3.5e38 as {type: float}: no range check (core, 'float')",
    "core-float/below-min": "accepts -3.5e38 as {type: float}: no range check (core, 'float')",
    "core-double/above-max": "accepts 1e309 (read as inf) as {type: double}: no range check",
    "core-decimal/exponent": "accepts '1e5' as {type: decimal}: float() parsing, not "
    "'[minus] int frac' (core, 'decimal')",
    "core-decimal/bare-point": "accepts '1.' as {type: decimal}: float() parsing",
    "core-time/valid": "rejects '12:00:00Z' as {type: time}: its pattern has no time-offset, "
    "which RFC 3339 full-time requires",
    "core-time/invalid": "accepts '12:00:00' as {type: time}, which lacks the time-offset RFC "
    "3339 full-time requires",
    "core-datetime/lower-case-t-z": "rejects '2024-01-01t00:00:00z' as {type: datetime}: "
    "RFC 3339 allows lower-case t and z",
    "core-uri/valid": "rejects the relative reference 'a/b' as {type: uri}: it requires a "
    "scheme; core, 'uri' is an RFC 3986 uri-reference",
    "core-jsonpointer/valid": "rejects '/a~1b' as {type: jsonpointer}: it takes only the "
    "URI-fragment form '#/...', not the RFC 6901 string",
    "core-jsonpointer/whole-document": "rejects '' (the whole document, RFC 6901) as "
    "{type: jsonpointer}",
    "core-binary/invalid": "accepts '!!' as {type: binary}: the base64 encoding is not checked",
    "core-contentEncoding/not-base16": "accepts 'zz' as {type: binary, contentEncoding: "
    "base16}: contentEncoding is not checked",
    "core-uuid/braces": "accepts '{123e4567-e89b-12d3-a456-426614174000}' as {type: uuid}: "
    "uuid.UUID parsing, not the RFC 9562 string form",
    "val-minimum-int64-numeric-not-lexical/10": _STRING_BOUND.format(
        "{type: int64, minimum: '9'}", "rejects '10'", "minimum"
    ),
    "val-exclusiveMinimum-int64/9": _STRING_BOUND.format(
        "{type: int64, exclusiveMinimum: '10'}", "accepts '9'", "exclusiveMinimum"
    ),
    "val-minimum-decimal/10": _STRING_BOUND.format(
        "{type: decimal, minimum: '10.00'}", "rejects '10'", "minimum"
    ),
    "val-minimum-decimal/9.99": _STRING_BOUND.format(
        "{type: decimal, minimum: '10.00'}", "accepts '9.99'", "minimum"
    ),
    "val-maximum-decimal/99.5": _STRING_BOUND.format(
        "{type: decimal, maximum: '100.00'}", "rejects '99.5'", "maximum"
    ),
    "val-exclusiveMaximum-decimal/99.99": _STRING_BOUND.format(
        "{type: decimal, exclusiveMaximum: '100.00'}", "rejects '99.99'", "exclusiveMaximum"
    ),
    "val-exclusiveMaximum-decimal/100": _STRING_BOUND.format(
        "{type: decimal, exclusiveMaximum: '100.00'}", "accepts '100'", "exclusiveMaximum"
    ),
    "val-multipleOf-decimal/15": _STRING_STEP.format("'15'", "{type: decimal, multipleOf: '5'}"),
    "val-multipleOf-cents/1.23": _STRING_STEP.format(
        "'1.23'", "{type: decimal, multipleOf: '0.01'}"
    ),
    "val-multipleOf-uint128/2^128-2": _STRING_STEP.format(
        "'340282366920938463463374607431768211454'", "{type: uint128, multipleOf: '2'}"
    ),
    "val-multipleOf-large-seven/1e300": "accepts 1e300 under {type: double, multipleOf: 7}: "
    "a float quotient compared with a 1e-10 tolerance",
    "val-pattern-entire/abc": "accepts 'abc' under {type: string, pattern: 'b'}: the pattern "
    "is searched, not matched against the entire value (validation, 'pattern')",
    **{
        f"core-required-alternatives/{suffix}": _ALTERNATIVES
        for suffix in ("name+fins", "name+legs+wings", "name+fins+legs", "name-alone", "fins-alone")
    },
    **{
        case_id: "raises TypeError (unhashable list) on alternative required sets merged through "
        "`$extends` (as core-required-alternatives)"
        for case_id in (
            "core-extends-required-sets/valid",
            "core-extends-required-sets/both-alternatives",
            "core-extends-base-required-sets/valid",
        )
    },
    "val-has/one-string": "rejects {id: 1, b: 'x'} under {type: object, properties: {id: "
    "int32}, has: {type: string}}: the errors of the non-matching member id leak "
    "(validate_instance accumulates); {b: 'x', id: 1} passes",
    "val-has-map/no-string": "accepts {a: 1} under {type: map, has: {type: string}}: `has` is "
    "checked on objects only (validation, 'has': object or map)",
    "val-contains-set/no-string": "accepts [1, 2] under {type: set, contains: {type: string}}: "
    "`contains` is checked on arrays only (validation: 'An array or set')",
    "val-minItems-set/1": "accepts ['a'] under {type: set, minItems: 2}: minItems is checked "
    "on arrays only (validation: 'An array or set')",
    "comp-typed-allOf/valid": "rejects every instance of {type: object, allOf: [...]} under "
    "the extended meta-schema ('Conditional composition is not enabled') unless that very "
    "schema repeats `$uses`; the document's `$uses` enables the extension (composition, "
    "'Enabling the Extensions')",
    "core-ref-keeps-constraints/minimum": "accepts {count: 0} where count is {type: {$ref: "
    "Count}} and Count is {type: int32, minimum: 1}: resolving `$ref` keeps only type, "
    "properties, required, tuple, choices, selector and $extends of the declaration",
    "core-ref-keeps-constraints/additional": "accepts {closed: {a: 'x', b: 1}} where Closed "
    "has additionalProperties false: dropped when `$ref` is resolved",
    "core-extends-chain/grandparent-property": "accepts {a: 1} where T $extends B, B $extends "
    "A and A declares a: string: the base's own `$extends` is not followed (core, 'abstract': "
    "abstract types MAY extend other abstract types)",
    "core-extends-chain/grandparent-required": "accepts {b: 'y'} though A, reached through "
    "B's `$extends`, requires a",
    "everything/valid": "raises TypeError on contact's alternative required sets (as "
    "core-required-alternatives)",
    "everything/contact-both-sets": "raises TypeError on contact's alternative required sets",
    "everything/tag-key-upper-case": "accepts the tag key 'Team' under keyNames pattern "
    "'[a-z][a-z0-9:-]*': searched, not matched entire (as val-pattern-entire)",
    "everything/compute-gpu-instance-without-gpus": "accepts compute {instanceType: "
    "'ml.p3.2xlarge', spot: true}: the if/then of Compute, reached through `$ref`, is "
    "dropped (as core-ref-keeps-constraints)",
}


def sdk_verdict(case: Case) -> str:
    validator = json_structure.InstanceValidator(copy.deepcopy(case.document()), extended=True)
    try:
        errors = validator.validate(copy.deepcopy(case.instance))
    except Exception as error:  # the SDK's own failure is a verdict too
        return f"raised {type(error).__name__}: {error}"
    return "invalid" if errors else "valid"


def reference_verdict(case: Case) -> str:
    return "invalid" if reference(case)[1] else "valid"


#: Cases whose reference verdict is not yet the suite's (test_keywords.XFAIL): no opinion
#: is compared against them.
COMPARED = [case for case in CASES if case.id not in XFAIL]


def test_every_stance_has_its_section() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "STANCE.md").read_text()
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("##")]
    assert {section for section in STANCES.values() if section not in headings} == set()


def test_lists_name_known_cases_once() -> None:
    ids = {case.id for case in COMPARED}
    assert set(STANCES) <= ids
    assert set(SDK_DEFECTS) <= ids
    assert not set(STANCES) & set(SDK_DEFECTS)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in COMPARED])
def test_sdk_agrees_or_the_disagreement_is_listed(case: Case) -> None:
    ours, theirs = reference_verdict(case), sdk_verdict(case)
    listed: Any = STANCES.get(case.id) or SDK_DEFECTS.get(case.id)
    if ours == theirs:
        assert listed is None, f"listed, but the SDK now agrees ({theirs}): {listed}"
    else:
        assert listed is not None, f"unlisted disagreement: reference {ours}, SDK {theirs}"


#: Documents the SDK's own structure check (`SchemaValidator(extended=True)`) refuses: the
#: schema part of a case id -> why. Every other document of the tables passes it, which
#: vouches for the fixtures.
SDK_SCHEMA_REFUSALS: dict[str, str] = {
    "core-required-alternatives": "SDK defect: refuses the array-of-arrays form of `required` "
    "('required[0] must be a string'), which core, 'required' defines",
    "everything": "SDK defect: as core-required-alternatives (TrainingJob.contact)",
    "core-extends-required-sets": "SDK defect: as core-required-alternatives",
    "core-extends-base-required-sets": "SDK defect: as core-required-alternatives",
    "core-extends-tuple": "SDK defect: the `tuple` order may not name an element inherited "
    "through `$extends` ('Element a in tuple does not correspond to any property')",
    "core-choice-inline": "the draft's own example has no root `name`, which core, 'Document "
    "Structure' requires",
    "val-format-unknown-name": "refuses the format name 'colour'; the validation draft lists "
    "names and says nothing of others",
}


def test_sdk_schema_validator_refuses_only_the_listed_documents() -> None:
    verdicts: dict[str, bool] = {}
    for case in CASES:
        schema_id = case.id.split("/")[0]
        if schema_id not in verdicts:
            checker = json_structure.SchemaValidator(extended=True)
            verdicts[schema_id] = bool(checker.validate(copy.deepcopy(case.document())))
    assert {schema_id for schema_id, refused in verdicts.items() if refused} == set(
        SDK_SCHEMA_REFUSALS
    )


def test_sdk_adapter_takes_namespaced_definitions() -> None:
    from neptune_ml_conformance._model.structure import model
    from neptune_ml_conformance.adapters._json_structure import SDKValidator

    structure = model(
        {"definitions": {"NS": {"T": {"type": "object", "properties": {"a": {"type": "string"}}}}}}
    )
    validator = SDKValidator(structure)
    assert validator.validate("NS/T", {"a": "x"}) == []
    assert validator.validate("NS/T", {"a": 1}) != []
