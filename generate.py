#!/usr/bin/env python3
"""Write the bilingual briefing papers: see `python generate.py --help`.

A run makes objects by the million and almost no cycles: the cyclic collector is off while
it runs (a `--watch` session turns it back on, briefgen/cli.py), and the process ends
without taking its objects apart one by one (30 ms for a paper), once its output is flushed.
"""

import gc
import os
import sys

if __name__ == "__main__":
    gc.disable()
    from briefgen.cli import run

    status = run()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the run already said what it could
        pass
    os._exit(status)
