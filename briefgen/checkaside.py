"""The fact base's check run beside the build: (check) -> its report, or its problems raised.

A run's check (quotes in the seeds, dates, letters, spellings: some 70 ms for the real fact
base) and the rest of the build (records, compose, write: some 350 ms) need nothing of each
other until the new files are put in place. Where the writers may take both cores (a run
with `jobs` above 1: not `--watch`, whose check keeps what it learns between rebuilds, nor
`--debug`), the check runs in a process forked for it while this one composes and writes;
its report is awaited before the commit, and when the build fails before that, the check's
problems are raised in its place when it has any (they say more: bad input is what makes
the rest fail). Otherwise the check runs here, first, as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from briefgen.forked import Aside, can_fork
from briefgen.writing import reported, reporting

if TYPE_CHECKING:
    from briefgen.facts.report import CheckReport


class Checking:
    """The check of one build: started here or in a process of its own."""

    def __init__(self, check: Callable[[], CheckReport], aside: bool):
        self._report: CheckReport | None = None
        self._aside = Aside(lambda: reporting(check)) if aside and can_fork() else None
        if self._aside is None:
            self._report = check()

    def report(self) -> CheckReport:
        """The check's report; its failure raised as the check in this process raises it."""
        if self._report is None:
            assert self._aside is not None
            self._report = reported(self._aside.result(), "the fact-base check")
        return self._report

    def failed(self, exc: BaseException) -> None:
        """The build failed with `exc` before the report was read: the check's own failure
        raised in its place if it has one; an interrupt ends the check."""
        if self._aside is None or self._report is not None:
            return
        if not isinstance(exc, Exception):  # an interrupt: the check is not waited for
            self._aside.stop()
            return
        self.report()
