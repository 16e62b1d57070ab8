"""A helper interpreter that draws some generated sets for `_generate.generate_cases`.

Reads one pickled job on stdin, writes the pickled examples on stdout. Only the suite starts
it, with what it pickled itself.
"""

from __future__ import annotations

import pickle
import sys

from ._generate import draw_sets


def main() -> None:
    job = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps(draw_sets(*job)))


if __name__ == "__main__":
    main()
