"""Drawing a fixed, seeded sample from a strategy, and replaying one example of it.

Everything here talks to Hypothesis' engine rather than to the structure: which seed a set
gets, how its examples are drawn and made independent of the code around them, and how a
drawn example is handed back to the shrinker. Four of these reach into Hypothesis'
internals, each with a fallback and a test that fails if they move.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import random
import warnings
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, find, given, seed, settings
from hypothesis import strategies as st
from hypothesis.database import InMemoryExampleDatabase
from hypothesis.errors import HypothesisSideeffectWarning, HypothesisWarning

from .._io.cache import user_cache_dir

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
    @_collecting(count)
    @given(_Quiet(strategy))
    def collect(drawn: _Drawn) -> None:
        example = drawn.value
        key = json.dumps(identity(example), sort_keys=True)
        if len(found) < count and key not in keys:
            keys.add(key)
            found.append((example, _replay_of_current()))
        if len(found) >= count:
            raise Enough  # also on Hypothesis' replay of the "failing" example

    # No example database, so no key: without one Hypothesis hashes the test's source for
    # it on every run (a third of drawing a small set). `find` sets the same attribute.
    collect._hypothesis_internal_database_key = None  # type: ignore[attr-defined]
    with contextlib.suppress(Enough), as_the_suite():
        collect()
    return found


@functools.lru_cache(maxsize=16)
def _collecting(count: int) -> settings:
    """The settings of a drawing run (one object per set size, not one per set)."""
    return settings(
        max_examples=count * 3,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        derandomize=False,
    )


class _Drawn:
    """An example that prints as three dots: Hypothesis pretty-prints the arguments of the
    example it replays after a test "fails" (here, `Enough` stops the drawing), for a report
    that is never shown; on a large structure that printing cost more than the drawing."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "..."


class _Quiet(st.SearchStrategy[_Drawn]):
    """A strategy's examples, each wrapped in `_Drawn`; the same choices draw the same
    example as the strategy itself (the wrapper draws nothing of its own)."""

    def __init__(self, inner: Strategy) -> None:
        super().__init__()
        self.inner = inner

    def do_draw(self, data: Any) -> _Drawn:
        return _Drawn(data.draw(self.inner))

    def __repr__(self) -> str:
        return "_Quiet(...)"


def find_quietly(strategy: Strategy, condition: Callable[[Any], bool], **options: Any) -> None:
    """`hypothesis.find` over a strategy's examples wrapped in `_Drawn`: the shrinker finds
    the same examples from the same choices, and the example it replays at the end prints
    as three dots, where it printed every recorded call that built it (a lambda's source is
    read to print it): a third of a witness's shrinking cost, for a report never shown. The
    caller's `condition` keeps what it needs: nothing is returned."""
    find(_Quiet(strategy), lambda drawn: condition(drawn.value), **options)


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

    Hypothesis (>= 6.131.1) sometimes draws string and number constants harvested from the
    source of "local" modules: any imported module outside site-packages and the standard
    library. The same seed would then give other instances in a user's repository, under
    the plugin, in a helper process, or after any import. The suite's cases must depend on
    the seed, the structure and the Hypothesis version only, so while it draws or shrinks
    the pool of local constants is empty. This reaches into Hypothesis' internals; on
    versions without them it does nothing (and `tests/test_generate.py` notices).

    The plugin draws while pytest configures, which Hypothesis flags with a screenful of
    `HypothesisSideeffectWarning` per strategy; drawing there is deliberate (the cases must
    exist before collection), so that warning is silenced for the suite's own draws, and
    not even composed (`_initialization_over`).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisSideeffectWarning)
        # Hypothesis names a filtered strategy in a note on each retry, a repr of the whole
        # instance strategy on a large structure, for a report that is never shown
        warnings.filterwarnings("ignore", "Generating overly large repr", HypothesisWarning)
        _load_character_map()
        with _without_local_constants(), _initialization_over():
            yield


@contextlib.contextmanager
def _initialization_over() -> Iterator[None]:
    """While the suite draws, Hypothesis does not count it as pytest's start-up.

    Hypothesis' pytest plugin counts everything until the session starts as start-up, and
    each strategy first built then composes a warning about it (a repr of the strategy),
    which `as_the_suite` then drops: a tenth of what the plugin's drawing cost. Hypothesis'
    own state is put back as it was afterwards, so what it says of other plugins' start-up
    is unchanged. Internal, hence the fallback: without these names nothing changes."""
    found = _start_up_state()
    if found is None or not found[0].in_initialization:
        yield
        return
    counter, configuration = found
    saved = counter.in_initialization, vars(configuration)[_NOTICED]
    counter.in_initialization = 0
    try:
        yield
    finally:
        counter.in_initialization, first = saved
        setattr(configuration, _NOTICED, first)


#: What Hypothesis last noticed after start-up (`hypothesis.configuration`, internal).
_NOTICED = "_first_postinit_what"


def _start_up_state() -> tuple[Any, Any] | None:
    """Where Hypothesis keeps its count of start-up (`_hypothesis_globals`) and what it last
    noticed after it (`configuration`), or None where this version keeps them elsewhere."""
    try:
        import _hypothesis_globals  # type: ignore[import-untyped]
        from hypothesis import configuration
    except ImportError:  # pragma: no cover
        return None
    if not hasattr(_hypothesis_globals, "in_initialization"):
        return None
    if _NOTICED not in vars(configuration):
        return None
    return _hypothesis_globals, configuration


def _load_character_map() -> None:
    """Load Hypothesis' table of Unicode categories from the suite's cache.

    Hypothesis reads the tables (which characters a text strategy may draw, which of them
    UTF-8 encodes) from `.hypothesis/` in the current directory, and where they are missing
    builds them, seconds and 250 MiB, and writes them there: every first run in a
    directory paid that and left the directory behind. Where the user's directory has no
    tables yet, they are built into (or read from) the suite's cache instead, and the
    user's directory is left alone; where it has them, Hypothesis reads them as always.
    They are the same either way (they depend on the Unicode version only), so the cases
    are too. Internal, hence the fallback: a Hypothesis without these names builds the
    tables as it always did.
    """
    try:
        from hypothesis import configuration
        from hypothesis.internal import charmap
    except ImportError:  # pragma: no cover
        return
    home = "__hypothesis_home_directory"
    if getattr(charmap, "_charmap", "moved") is not None or home not in vars(configuration):
        return  # loaded already, or the internals moved
    try:
        if charmap.charmap_file().exists():
            return
        saved = vars(configuration)[home]
        configuration.set_hypothesis_home_dir(user_cache_dir() / "hypothesis")
        try:
            charmap.charmap()
            # text draws UTF-8 characters, from a second table of the same kind
            getattr(charmap, "intervals_from_codec", lambda codec: None)("utf-8")
        finally:
            vars(configuration)[home] = saved
    except Exception:  # pragma: no cover - an unwritable cache: Hypothesis builds in memory
        return


@contextlib.contextmanager
def _without_local_constants() -> Iterator[None]:
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover
        yield
        return
    harvest = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    nothing = _no_constants(providers)
    if harvest is None or cache is None or nothing is None:  # before 6.131.1: none mined
        yield
        return
    cache.cache.clear()
    providers._get_local_constants = lambda: nothing
    try:
        yield
    finally:
        providers._get_local_constants = harvest
        cache.cache.clear()


def _no_constants(providers: Any) -> Any:
    """An empty pool of local constants in this Hypothesis' own form: a `Constants` object
    since 6.131.9, a dict of sets per choice type (shaped like `GLOBAL_CONSTANTS`) from
    6.131.1 to 6.131.8. None when neither is there."""
    empty = getattr(providers, "Constants", None)
    if empty is not None:
        return empty()
    shape = getattr(providers, "GLOBAL_CONSTANTS", None)
    if isinstance(shape, dict):
        return {choice_type: set() for choice_type in shape}
    return None


class Enough(Exception):
    """Stops a collecting run once it has its examples (no shrinking phase runs)."""


REPLAY_KEY = b"neptune-ml-conformance/shrink"


def replay_database(replay: str) -> InMemoryExampleDatabase:
    """An example database holding one example (from `draw_replayable`): a `find` with
    `database_key=REPLAY_KEY` replays that example first, then shrinks it.

    The example goes into the secondary corpus (`<key>.secondary`), not the primary one:
    since 6.118.6 Hypothesis takes an example that replays exactly from the primary corpus
    for one it shrank before and skips shrinking altogether, so every witness would have
    come back as drawn. `tests/test_hypothesis_internals.py` checks that it shrinks.
    """
    database = InMemoryExampleDatabase()
    database.save(REPLAY_KEY + b".secondary", base64.b64decode(replay))
    return database


@contextlib.contextmanager
def hypothesis_random(rng: random.Random) -> Iterator[None]:
    """Pin the randomness of a `find` that must use an example database.

    `find(random=...)` would be the public way, but a seed turns the database off. Hypothesis
    draws an unseeded test's randomness from one generator of its own; setting it for the
    call keeps shrinking deterministic (internal, hence the fallback: no pinning).
    """
    holder = _global_random_holder()
    if holder is None:  # pragma: no cover - internals moved; shrinking varies run to run
        yield
        return
    saved = holder._hypothesis_global_random
    holder._hypothesis_global_random = rng
    try:
        yield
    finally:
        holder._hypothesis_global_random = saved


def _global_random_holder() -> Any:
    """Where this Hypothesis keeps the generator behind unseeded tests: `core.threadlocal`
    since 6.135.19, the module `hypothesis.core` itself before; None if neither."""
    try:
        from hypothesis import core
    except ImportError:  # pragma: no cover
        return None
    local = getattr(core, "threadlocal", None)
    if local is not None and hasattr(local, "_hypothesis_global_random"):
        return local
    if hasattr(core, "_hypothesis_global_random"):
        return core
    return None


def internals() -> dict[str, str]:
    """Which way each of the four reaches into Hypothesis goes on this version (for the
    tests that check them against the oldest and the newest release)."""
    from hypothesis import core
    from hypothesis.internal.conjecture import providers

    holder = _global_random_holder()
    mining = (
        hasattr(providers, "_get_local_constants")
        and hasattr(providers, "CONSTANTS_CACHE")
        and _no_constants(providers) is not None
    )
    try:
        from hypothesis.database import choices_to_bytes  # noqa: F401
    except ImportError:
        replay = "none"
    else:
        replay = "choices"
    start_up = _start_up_state() is not None
    return {
        "local-constants": "switched off" if mining else "unreachable",
        "start-up": "switched off" if start_up else "unreachable",
        "replay": replay,
        "random": "none"
        if holder is None
        else "core.threadlocal"
        if holder is not core
        else "core._hypothesis_global_random",
    }
