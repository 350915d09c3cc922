"""One base error for bad input; subclasses carry where the problem is.

Every message is one line: `FILE:LINE: what is wrong; what to do`.
"""

from __future__ import annotations

import sys
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
        shown = shown_path(self.path)
        where = f"{shown}:{self.line}" if self.line else shown
        return f"{where}: {self.message}"


def shown_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic link loop (3.11)
        return str(path)


def notice(message: str) -> None:
    """Tell the user something on stderr that is not an error (the run goes on)."""
    print(f"note: {message}", file=sys.stderr, flush=True)


class InputError(BriefError):
    """One or more problems in an input file (fact base, template, seed)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class FontError(BriefError):
    """A font file is missing or cannot be read."""


class OutputError(BriefError):
    """An output file or folder cannot be written."""


class InternalError(Exception):
    """A bug, not bad input: an unexpected exception in a stage (e.g. a writer), with the
    stage named. The original exception is its __cause__; the CLI shows its traceback only
    with --debug."""

    def __init__(self, stage: str, cause: BaseException):
        self.stage, self.cause = stage, cause
        detail = str(cause).splitlines()[0] if str(cause) else ""
        name = getattr(cause, "original_name", type(cause).__name__)  # from a worker process
        super().__init__(f"internal error in {stage}: {name}"
                         + (f": {detail}" if detail else ""))

