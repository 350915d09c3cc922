"""What a check of the fact base went through (facts/check.py makes it).

Apart from the check, so that a process that only reads a report (the build, whose check
ran in a process of its own: checkaside.py) does not load the check's modules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CheckReport:
    """What the check went through."""

    facts: int
    sources: int
    quotes: int
