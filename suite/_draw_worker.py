"""A helper interpreter that draws some generated sets for `_generate.generate_cases`.

Reads one pickled job on stdin, writes each set's pickled examples on stdout in turn. Only
the suite starts it, with what it pickled itself.
"""

from __future__ import annotations

import pickle
import sys

from ._generate import draw_sets


def main() -> None:
    job = pickle.loads(sys.stdin.buffer.read())
    # set by set, so that the suite reads each as it comes rather than the whole share as
    # one string beside the objects it becomes (on a large structure, hundreds of MiB)
    for drawn in draw_sets(*job):
        pickle.dump(drawn, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
