"""`python -m neptune_ml_conformance`: the same command line as `neptune-ml-conformance`,
for environments where the console script is not on PATH."""

import sys

from .cli import main

sys.exit(main())
