"""What a mutator gives (`Option`): strategies of placed invalid values, invalid values
listed outright (`Fixed`, each also swept once) and values made only for the sweep
(`Swept`); the two valid-value helpers mutators lean on, a node's plain value and the near
misses of its enum values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from .._generation.typed import first_value
from .._model.plain import plain as _plain
from .._model.samples import NEAR_MISSES
from .._model.structure import Node
from .._model.values import is_number, json_equal

#: A strategy of (invalid value, JSON Pointer of the offending value relative to it).
Placed = st.SearchStrategy[tuple[Any, str]]
#: Every enum value of the structure: values of one enum are near misses of another's.
Enums = tuple[Any, ...]


def plain(node: Node) -> Any:
    """The least remarkable valid value of a node (`_model/plain.py`), drawn for seed 0 where
    no simple candidate is admitted."""
    return _plain(node, first_value)


def near_misses(node: Node, enums: Enums) -> Placed:
    """Strings that miss one of the node's enum values by a little (`NEAR_MISSES`), numbers
    one step off its numeric values (`number_misses`), the structure's other enum values,
    and any short text."""
    assert node.enum is not None
    strings_in = [v for v in node.enum if isinstance(v, str)]
    foreign = [v for v in enums if not any(v == e for e in node.enum)]
    options: list[st.SearchStrategy[Any]] = []
    if strings_in:
        base = st.sampled_from(strings_in)
        options += [*(base.map(miss) for miss in NEAR_MISSES), st.just("")]
    numbers = number_misses(node.enum)
    if numbers:
        options.append(st.sampled_from(numbers))
    if foreign:
        options.append(st.sampled_from(foreign))
    options.append(st.text(max_size=10))
    return st.one_of(options).map(lambda v: (v, ""))


def number_misses(enum: tuple[Any, ...]) -> list[Any]:
    """Numbers one step from each numeric enum value (an integer's by 1, another's by a
    half), of the same JSON type, that are no enum value: what breaks a numeric enum alone,
    where text and the structure's other enum values would break the type first."""
    out: list[Any] = []
    for value in enum:
        if is_number(value):
            step = 1 if isinstance(value, int) else 0.5
            out += [value + step, value - step]
    return [m for m in dict.fromkeys(out) if not any(json_equal(m, e) for e in enum)]


@dataclass(frozen=True)
class Fixed:
    """Invalid values listed outright, with the pointer of the offending value relative to
    each: drawn at random like any mutant, and each also swept once (`sweep.node_edges`), since a
    handful of random draws per set cannot be trusted to reach every listed wrong form."""

    values: tuple[Any, ...]
    path: str = ""
    #: Values alike under this key are swept once: a JSON type stands for all its values
    #: where only the type matters (`json_kind`); each value counts where it is the form.
    alike: Callable[[Any], Any] | None = None


def json_kind(value: Any) -> str:
    """The JSON type of a value, integers apart from other numbers."""
    if value is None or isinstance(value, bool | str | list | dict):
        return type(value).__name__
    return "integer" if isinstance(value, int) or float(value).is_integer() else "number"


@dataclass(frozen=True)
class Swept:
    """Invalid values made only for the sweep, on demand: they are built from plain or
    drawn valid values (a map one entry over its `maxEntries`), which costs too much to do
    whenever a strategy is merely built."""

    make: Callable[[], list[Any]]
    path: str = ""


#: What a mutator gives: strategies, listed values, and values made for the sweep.
Option = Placed | Fixed | Swept


def just(
    values: list[Any] | tuple[Any, ...],
    path: str = "",
    alike: Callable[[Any], Any] | None = None,
) -> Fixed:
    return Fixed(tuple(values), path, alike)


def drawable(option: Placed | Fixed) -> bool:
    """Whether an option has anything to draw (an empty list has not)."""
    return not isinstance(option, Fixed) or bool(option.values)


def strategy_of(option: Placed | Fixed) -> Placed:
    if isinstance(option, Fixed):
        path = option.path
        return st.sampled_from(list(option.values)).map(lambda v: (v, path))
    return option
