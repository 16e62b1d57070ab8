"""Drawing a fixed, seeded sample from a strategy, and replaying one example of it.

Everything here talks to Hypothesis' engine rather than to the structure: which seed a set
gets, how its examples are drawn and made independent of the code around them, and how a
drawn example is handed back to the shrinker. Three of these reach into Hypothesis'
internals, each with a fallback and a test that fails if they move.
"""

from __future__ import annotations

import base64
import contextlib
import json
import random
import warnings
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st
from hypothesis.database import InMemoryExampleDatabase
from hypothesis.errors import HypothesisSideeffectWarning

Strategy = st.SearchStrategy[Any]


def sub_seed(seed_: int, *parts: str) -> int:
    """A stable seed per (definition, category), so one set does not shift another."""
    return zlib.crc32(json.dumps([seed_, *parts]).encode())


def draw_examples(strategy: Strategy, count: int, seed_: int) -> list[Any]:
    """`count` distinct examples, the same for the same seed and Hypothesis version."""
    return [example for example, _ in draw_replayable(strategy, count, seed_)]


def draw_replayable(
    strategy: Strategy,
    count: int,
    seed_: int,
    identity: Callable[[Any], Any] = lambda example: example,
) -> list[tuple[Any, str]]:
    """`draw_examples`, each example with the choices that drew it (`_replay_of_current`).

    Examples are distinct by `identity` (a labelled mutant is its instance).
    """
    found: list[tuple[Any, str]] = []
    keys: set[str] = set()

    @seed(seed_)
    @settings(
        max_examples=count * 3,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        derandomize=False,
    )
    @given(strategy)
    def collect(example: Any) -> None:
        key = json.dumps(identity(example), sort_keys=True)
        if len(found) < count and key not in keys:
            keys.add(key)
            found.append((example, _replay_of_current()))
        if len(found) >= count:
            raise Enough  # also on Hypothesis' replay of the "failing" example

    with contextlib.suppress(Enough), as_the_suite():
        collect()
    return found


def _replay_of_current() -> str:
    """The choices Hypothesis made to draw the current example, as base64 text ("" when
    this Hypothesis does not expose them): fed back through an example database, they
    let the shrinker start from exactly this example."""
    try:
        from hypothesis.control import current_build_context
        from hypothesis.database import choices_to_bytes

        choices = current_build_context().data.choices
        return base64.b64encode(choices_to_bytes(choices)).decode("ascii")
    except Exception:  # pragma: no cover - internals moved; shrinking searches instead
        return ""


@contextlib.contextmanager
def as_the_suite() -> Iterator[None]:
    """Draw and shrink as if no user code were imported, and without init-time warnings.

    Hypothesis (>= 6.131) sometimes draws string and number constants harvested from the
    source of "local" modules: any imported module outside site-packages and the standard
    library. The same seed would then give other instances in a user's repository, under
    the plugin, in a helper process, or after any import. The suite's cases must depend on
    the seed, the structure and the Hypothesis version only, so while it draws or shrinks
    the pool of local constants is empty. This reaches into Hypothesis' internals; on
    versions without them it does nothing (and `tests/test_generate.py` notices).

    The plugin draws while pytest configures, which Hypothesis flags with a screenful of
    `HypothesisSideeffectWarning` per strategy; drawing there is deliberate (the cases must
    exist before collection), so that warning is silenced for the suite's own draws.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisSideeffectWarning)
        with _without_local_constants():
            yield


@contextlib.contextmanager
def _without_local_constants() -> Iterator[None]:
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover
        yield
        return
    harvest = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    empty = getattr(providers, "Constants", None)
    if harvest is None or cache is None or empty is None:  # pragma: no cover
        yield
        return
    nothing = empty()
    cache.cache.clear()
    providers._get_local_constants = lambda: nothing
    try:
        yield
    finally:
        providers._get_local_constants = harvest
        cache.cache.clear()


class Enough(Exception):
    """Stops a collecting run once it has its examples (no shrinking phase runs)."""


REPLAY_KEY = b"neptune-ml-conformance/shrink"


def replay_database(replay: str) -> InMemoryExampleDatabase:
    """An example database holding one example (from `draw_replayable`) under `REPLAY_KEY`:
    a `find` given it replays that example first, then shrinks it."""
    database = InMemoryExampleDatabase()
    database.save(REPLAY_KEY, base64.b64decode(replay))
    return database


@contextlib.contextmanager
def hypothesis_random(rng: random.Random) -> Iterator[None]:
    """Pin the randomness of a `find` that must use an example database.

    `find(random=...)` would be the public way, but a seed turns the database off. Hypothesis
    draws an unseeded test's randomness from a thread-local generator; setting it for the
    call keeps shrinking deterministic (internal, hence the fallback: no pinning).
    """
    try:
        from hypothesis import core
    except ImportError:  # pragma: no cover
        yield
        return
    local = getattr(core, "threadlocal", None)
    if local is None or not hasattr(local, "_hypothesis_global_random"):  # pragma: no cover
        yield
        return
    saved = local._hypothesis_global_random
    local._hypothesis_global_random = rng
    try:
        yield
    finally:
        local._hypothesis_global_random = saved
