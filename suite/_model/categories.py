"""The rule categories, declared as data (docs/STANCE.md, "Blocking and stance categories").

One table: each category is blocking (it decides `conformant`) or a stance (reported beside,
never blocking), with the rules it covers and, for a stance, why and where the drafts leave
it open. The case schema, the reports, the docs and `strategies.invalid(category=...)` read
this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    name: str
    blocking: bool
    rules: str
    rationale: str = ""
    #: Where the category's stance comes from, for stance categories.
    citation: str = ""
    #: Whether cases are drawn for it; a verdict-only category (`unexplained`) is never a
    #: case's label, only a diagnosis.
    drawn: bool = True


TABLE: tuple[Category, ...] = (
    Category("required", True, "`required` (both forms), `dependentRequired`"),
    Category("enum", True, "`enum`, `const`"),
    Category("minimum", True, "`minimum`, `exclusiveMinimum`"),
    Category("maximum", True, "`maximum`, `exclusiveMaximum`"),
    Category("multiple-of", True, "`multipleOf`"),
    Category(
        "type",
        True,
        "the JSON type of a value, type unions, `choice`/`selector`, `abstract`, a declared "
        "member refused",
    ),
    Category("range", True, "the value range of a numeric type: int8 … uint128, float, double"),
    Category(
        "format",
        True,
        "the lexical form of string-encoded types (int64 … uint128, decimal, date, datetime, "
        "time, duration, uuid, uri, binary, jsonpointer) and the `format` keyword",
    ),
    Category("length", True, "`minLength`, `maxLength`"),
    Category("pattern", True, "`pattern`, `patternProperties`, `patternKeys`"),
    Category(
        "items",
        True,
        "`minItems`, `maxItems`, `uniqueItems`, `contains`, `minContains`, `maxContains`, set "
        "uniqueness, tuple arity",
    ),
    Category(
        "entries",
        True,
        "`minProperties`, `maxProperties`, `minEntries`, `maxEntries`, `propertyNames`, "
        "`keyNames`, `has`",
    ),
    Category("additional-properties", True, "`additionalProperties` when the structure states it"),
    Category("composition", True, "`allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`"),
    Category(
        "defaults", True, "`default` (omission means the default; a filling validator fills it)"
    ),
    Category(
        "unexplained",
        True,
        "a valid instance refused where no smaller change (a member dropped or added, the "
        "container's shape, another branch or tag, a value replaced by a plain one) names the "
        "rule broken",
        "A refusal the diagnosis cannot pin on a rule is still a refusal of a valid instance, "
        "so it blocks; naming the category the set was drawn for instead would send an "
        "implementer after a rule the validator did not break.",
        drawn=False,
    ),
    Category(
        "integer-lexical",
        False,
        "an integer type written with a decimal point (`3.0`)",
        "JSON Structure core, 'int32': 'No decimal points or quotes are allowed', so the suite "
        "rejects 3.0; JSON itself has one number type and many parsers cannot tell 3.0 from 3.",
        "core, 'int32' (and every integer type carried as a JSON number)",
    ),
    Category(
        "unknown-properties",
        False,
        "members an object does not declare, where `additionalProperties` is absent",
        "JSON Structure core, 'additionalProperties', states no default for its absence; the "
        "suite accepts unknown properties there, as the official SDKs do.",
        "core, 'additionalProperties'",
    ),
    Category(
        "document-schema",
        False,
        "a `$schema` member at a document's root naming its structure, where the root's type "
        "does not declare it",
        "JSON Structure core, '$schema Keyword', gives a document's root `$schema` a role (it "
        "names the document's structure) but does not say how it meets `additionalProperties: "
        "false`; the suite lets it be, as the official Python SDK does.",
        "core, '$schema Keyword'",
        drawn=False,
    ),
)

BY_NAME: dict[str, Category] = {c.name: c for c in TABLE}

#: Names categories had before the whole type system was modelled; case files and reports
#: that use them still load.
LEGACY: dict[str, str] = {"int32-range": "range", "int32-lexical": "integer-lexical"}

#: Categories that decide whether a validator is conformant (`unexplained` among them).
BLOCKING: tuple[str, ...] = tuple(c.name for c in TABLE if c.blocking)
#: Categories where the drafts are silent or ambiguous: reported beside, never blocking.
STANCE: tuple[str, ...] = tuple(c.name for c in TABLE if not c.blocking)
#: Categories cases are drawn and labelled in.
ALL: tuple[str, ...] = tuple(c.name for c in TABLE if c.drawn)
#: A refused valid instance that no smaller change explains (`diagnose_rejection`).
UNEXPLAINED = "unexplained"
#: Every category a report counts: the drawn ones and the verdict-only ones.
REPORTED: tuple[str, ...] = tuple(c.name for c in TABLE)

#: Why each stance category is not blocking; shown in reports beside its counts.
STANCE_RATIONALE: dict[str, str] = {c.name: c.rationale for c in TABLE if not c.blocking}


def normalise(category: str | None) -> str | None:
    """The current name of a category, also when it is written with its old name."""
    return None if category is None else LEGACY.get(category, category)


def is_blocking(category: str) -> bool:
    return normalise(category) in BLOCKING


def seed_key(category: str) -> str:
    """The name a category's generated sets are seeded with.

    Sets were seeded with the old names when the seed's cases were published; seeding the
    renamed categories with the same names keeps every seed drawing the same instances."""
    legacy = {new: old for old, new in LEGACY.items()}
    return legacy.get(category, category)
