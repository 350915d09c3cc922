#!/usr/bin/env python3
"""Write the bilingual briefing papers: see `python generate.py --help`."""

import sys

from briefgen.cli import run

if __name__ == "__main__":
    sys.exit(run())
