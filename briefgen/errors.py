"""One base error for bad input; subclasses carry where the problem is.

Every message is one line: `FILE:LINE: what is wrong; what to do`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class BriefError(Exception):
    """Bad input or an environment problem the user can fix. Printed without a traceback."""


@dataclass
class Problem:
    """One located problem in an input file."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path.name}:{self.line}" if self.line else f"{self.path.name}"
        return f"{where}: {self.message}"


class InputError(BriefError):
    """One or more problems in an input file (fact base, template, seed)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class FontError(BriefError):
    """A font file is missing or cannot be read."""


class OutputError(BriefError):
    """An output file or folder cannot be written."""


def fail(path: Path, line: int | None, message: str) -> InputError:
    """An InputError for a single problem."""
    return InputError([Problem(path, line, message)])
