"""The docs' rule tables, rendered from the registry so that the docs cannot drift from it."""

from __future__ import annotations

from .._model.categories import TABLE
from .._model.keywords import KEYWORDS
from .._model.types import ALIASES, TYPES


def render_categories() -> str:
    lines = ["| category | kind | rules |", "|---|---|---|"]
    for c in TABLE:
        kind = "blocking" if c.blocking else "stance (never blocking)"
        lines.append(f"| `{c.name}` | {kind} | {c.rules} |")
    return "\n".join(lines) + "\n"


def render_keywords() -> str:
    lines = ["| keyword | draft | applies to | category |", "|---|---|---|---|"]
    for k in KEYWORDS.values():
        applies = "any schema" if k.applies is None else ", ".join(sorted(k.applies))
        category = f"`{k.category}`" if k.category else "annotation"
        lines.append(f"| `{k.name}` | {k.draft} | {applies} | {category} |")
    return "\n".join(lines) + "\n"


def render_types() -> str:
    aliases = {canonical: alias for alias, canonical in ALIASES.items()}
    lines = ["| type | JSON form | family | range |", "|---|---|---|---|"]
    for spec in TYPES.values():
        name = f"`{spec.name}`" + (
            f" (alias `{aliases[spec.name]}`)" if spec.name in aliases else ""
        )
        span = "" if spec.low is None else f"{_number(spec.low)} … {_number(spec.high)}"
        lines.append(f"| {name} | {spec.base} | {spec.family} | {span} |")
    return "\n".join(lines) + "\n"


def _number(value: object) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


SECTIONS = {
    "categories": render_categories,
    "keywords": render_keywords,
    "types": render_types,
}
