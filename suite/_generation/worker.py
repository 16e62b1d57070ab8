"""A helper interpreter that draws generated sets for `_generate.generate_cases`.

Reads one pickled job on stdin (the structure, the count, the seed), then one pickled set
at a time, answering each with its pickled examples on stdout, until a None or the end of
its input. Only the suite starts it, with what it pickled itself.
"""

from __future__ import annotations

import pickle
import sys

from .._generation.core import draw_set
from .._model.structure import model


def main() -> None:
    given, answer = sys.stdin.buffer, sys.stdout.buffer
    document, source, digest, count, seed_ = pickle.load(given)
    structure = model(document, source, digest)
    while True:
        try:
            one = pickle.load(given)
        except EOFError:
            break
        if one is None:
            break
        pickle.dump(draw_set(structure, one, count, seed_), answer, pickle.HIGHEST_PROTOCOL)
        answer.flush()


if __name__ == "__main__":
    main()
