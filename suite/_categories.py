"""The rule categories, declared as data (DESIGN.md, "Rule categories")."""

from __future__ import annotations

#: Categories that decide whether a validator is conformant.
BLOCKING: tuple[str, ...] = ("required", "enum", "minimum", "type", "int32-range", "defaults")
#: Categories where the drafts are silent or ambiguous: reported beside, never blocking.
STANCE: tuple[str, ...] = ("int32-lexical", "unknown-properties")
ALL: tuple[str, ...] = BLOCKING + STANCE

#: Why each stance category is not blocking; shown in reports beside its counts.
STANCE_RATIONALE: dict[str, str] = {
    "int32-lexical": (
        "JSON Structure core, 'int32': 'No decimal points or quotes are allowed', so the suite "
        "rejects 3.0; JSON itself has one number type and many parsers cannot tell 3.0 from 3."
    ),
    "unknown-properties": (
        "JSON Structure core, 'additionalProperties', states no default for its absence; the "
        "suite accepts unknown properties there, as the official SDKs do."
    ),
}


def is_blocking(category: str) -> bool:
    return category in BLOCKING
