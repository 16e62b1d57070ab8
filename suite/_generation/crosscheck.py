"""The second, independent generator: instances drawn from a definition's compiled JSON
Schema by hypothesis-jsonschema, to cross-check the suite's own strategies.

Only the self-tests and `bench/generation.py` use it, never the CLI, the plugin or the
public strategies, so hypothesis-jsonschema is an extra (`neptune-ml-conformance[crosscheck]`,
part of `[test]`) and has no say in which Hypothesis a user of the suite gets.

hypothesis-jsonschema 0.23.1, its last release, drives Hypothesis' internal collection
helper `many` the old way (`while elements.more(): ...`). Hypothesis 6.170.10 replaced that
with `with many(...) as elements: for _ in elements: ...` and dropped `more`, so every
object schema failed ("'many' object has no attribute 'more'"). `from_schema` bridges the
two: on a Hypothesis without `more`, hypothesis-jsonschema's reference to Hypothesis'
helpers gets a `many` that also offers `more`, written over the new protocol. Hypothesis
itself and everything else that imports it are untouched. `tests/test_hypothesis_internals.py`
proves the bridge against the newest Hypothesis.
"""

from __future__ import annotations

import types
from typing import Any

from hypothesis import strategies as st

from .._model.compile import compile_definition
from .._model.structure import Structure

MISSING = (
    "the cross-check generator needs hypothesis-jsonschema: "
    "pip install 'neptune-ml-conformance[crosscheck]'"
)


class CrossCheckUnavailable(ImportError):
    """hypothesis-jsonschema is not installed (it is an extra, see the module docstring)."""


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """hypothesis-jsonschema's strategy for `schema`, bridged for this Hypothesis."""
    try:
        import hypothesis_jsonschema
        from hypothesis_jsonschema import _from_schema
    except ImportError as error:
        raise CrossCheckUnavailable(MISSING) from error
    bridge(_from_schema)
    strategy: st.SearchStrategy[Any] = hypothesis_jsonschema.from_schema(schema)
    return strategy


def for_definition(structure: Structure, definition: str) -> st.SearchStrategy[Any]:
    """Valid instances of a definition, drawn from its compiled JSON Schema."""
    schema = compile_definition(structure, definition)
    # hypothesis-jsonschema knows drafts 4 to 7; the keywords the compiler emits mean the
    # same there as in 2020-12
    schema.pop("$schema", None)
    return from_schema(schema)


def bridge(module: Any) -> bool:
    """Give `module` (one that calls `cu.many(...)` and `.more()`) a `many` with `more`
    when this Hypothesis has none. True when the bridge is in place; False when this
    Hypothesis still has `more`, or when `module` no longer reaches Hypothesis' helpers as
    `cu` (a later hypothesis-jsonschema, left to run as it is)."""
    from hypothesis.internal.conjecture import utils

    if hasattr(utils.many, "more"):
        return False
    helpers = getattr(module, "cu", None)
    if isinstance(helpers, _Helpers):
        return True
    if helpers is not utils:
        return False
    module.cu = _Helpers(utils)
    return True


class _Helpers(types.SimpleNamespace):
    """Hypothesis' `internal.conjecture.utils` as one module sees it: the same names, with
    a `many` that also speaks the pre-6.170.10 protocol."""

    def __init__(self, utils: types.ModuleType) -> None:
        super().__init__(**vars(utils))
        self.many = _many_with_more(utils.many)


def _many_with_more(many: Any) -> type:
    """A subclass of Hypothesis' `many` with `more()`: the first call enters the `with`
    block, each call steps the `for` loop (True: draw one more element), and the call that
    ends the loop leaves the block. `reject()` and the new protocol are inherited."""

    class ManyWithMore(many):  # type: ignore[misc]
        _steps: Any = None

        def more(self) -> bool:
            if self._steps is None:
                self.__enter__()
                self._steps = iter(self)
            if next(self._steps, _DONE) is _DONE:
                self.__exit__(None, None, None)
                return False
            return True

    return ManyWithMore


_DONE = object()
