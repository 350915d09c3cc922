"""The fact base's check run beside the build: (check) -> its report, or its problems raised.

A run's check (quotes in the seeds, dates, letters, spellings: some 70 ms for the real fact
base) and the rest of the build (records, compose, write: some 350 ms) need nothing of each
other until the new files are put in place. Where the writers may take both cores (a run
with `jobs` above 1: not `--debug`), the check runs in a process forked for it while this
one composes and writes, at a lower priority (ASIDE_NICENESS): the writers go first. A
`--watch` session (not `--debug`, not `--check`) has a check process of its own
(CheckProcess), forked when the session starts, which keeps what its checks learn from one
rebuild to the next: each rebuild sends it the fact base's path and
digest (it loads the same bytes itself, or says they are gone) and goes on. Either way the
report is awaited before the commit, and when the build fails before that, the check's
problems are raised in its place when it has any (they say more: bad input is what makes
the rest fail). Otherwise the check runs here, first, as it always did.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.forked import Aside, Outcome, Server, can_fork
from briefgen.memo import Memo, digest
from briefgen.textfile import read_regular
from briefgen.writing import reported, reporting, stage

if TYPE_CHECKING:
    from briefgen.facts.check import CheckMemo
    from briefgen.facts.report import CheckReport

STALE = "stale"  # the check process's answer when the fact base holds other bytes by then


@dataclass(frozen=True)
class CheckRequest:
    """One check a session's check process makes: the fact base `facts` as the bytes of
    `digest` (the build's), loaded in `langs`, against the seeds and the templates' wording
    (`strings`)."""

    facts: Path
    digest: bytes
    langs: tuple[str, ...]
    seeds: Path
    strings: Path


def _nothing() -> None:
    pass


class CheckProcess:
    """A `--watch` session's check, in a process of its own (see the module)."""

    def __init__(self) -> None:
        from briefgen.facts.check import CheckMemo  # the session's, in the check's process

        facts_memo, check_memo = Memo(), CheckMemo()
        self._server = Server(lambda request: _checked(request, facts_memo, check_memo))
        self.pid = self._server.pid

    def ask(self, request: CheckRequest) -> bool:
        """Start a check; False when the process has ended (the build checks here)."""
        return self._server.ask(request)

    def answer(self, wakeup: int | None = None, check: Callable[[], None] = _nothing) -> Outcome:
        """The outcome of the check asked last; `check` called at each wake-up while it
        waits (Server.answer)."""
        return self._server.answer(wakeup, check)

    def stop(self) -> None:
        self._server.stop()


@contextmanager
def check_process(wanted: bool) -> Iterator[CheckProcess | None]:
    """A session's check process, when `wanted` and processes can be forked (else None),
    ended when the block ends."""
    process = CheckProcess() if wanted and can_fork() else None
    try:
        yield process
    finally:
        if process is not None:
            process.stop()


def _checked(request: CheckRequest, facts_memo: Memo, check_memo: CheckMemo) -> Outcome:
    """In the check process: the check of the fact base `request` names, if the file still
    holds the bytes the build loaded; else (STALE, None)."""
    from briefgen.facts.check import check_facts
    from briefgen.facts.load import load_facts

    try:
        data = read_regular(request.facts)
    except OSError:
        return STALE, None
    if digest(data) != request.digest:
        return STALE, None

    def check() -> CheckReport:
        with stage("the fact-base loader"):
            base = load_facts(request.facts, request.langs, facts_memo, data)
            return check_facts(base, request.facts, request.seeds, request.strings, check_memo)

    return reporting(check)


# The niceness a check forked beside a run adds to its own: the writers, which the run
# waits for first, take the cores before it, and it takes what they leave (the ready
# writer waiting for its paper, the writer that waits for its ahead process, the end of
# the ahead process's work). With the scheduler's autogroups (the default on desktop
# Linux) it yields to this run's own processes only.
ASIDE_NICENESS = 10


def _yielding(work: Callable[[], Outcome]) -> Outcome:
    """work() in a process of lower priority (ASIDE_NICENESS more)."""
    with suppress(OSError):  # not allowed: it runs as it is
        os.nice(ASIDE_NICENESS)
    return work()


class Checking:
    """The check of one build: run here, in a process forked for it (`aside`), or by the
    session's check process (`served`: it and the request)."""

    def __init__(self, check: Callable[[], CheckReport], aside: bool,
                 served: tuple[CheckProcess, CheckRequest] | None = None):
        self._check = check
        self._report: CheckReport | None = None
        self._outcome: Outcome | None = None
        self._served = served[0] if served is not None and served[0].ask(served[1]) else None
        self._aside = (Aside(lambda: _yielding(lambda: reporting(check)))
                       if self._served is None and aside and can_fork() else None)
        if self._served is None and self._aside is None:
            self._report = check()

    def report(self, wakeup: int | None = None,
               check: Callable[[], None] = _nothing) -> CheckReport:
        """The check's report; its failure raised as the check in this process raises it.
        While the session's check process is waited for, `check` is called whenever
        `wakeup` is readable (a signal guard's: a signal stops the wait, even where it is
        otherwise only recorded)."""
        if self._report is None:
            if self._outcome is None:
                self._outcome = (self._served.answer(wakeup, check) if self._served is not None
                                 else self._aside.result())  # type: ignore[union-attr]
            if self._outcome[0] == STALE:  # the file changed since it was loaded
                self._report = self._check()
            else:
                self._report = reported(self._outcome, "the fact-base check")
        return self._report

    def failed(self, exc: BaseException) -> None:
        """The build failed with `exc` before the report was read: the check's own failure
        raised in its place if it has one; an interrupt ends the check."""
        if self._report is not None or (self._aside is None and self._served is None):
            return
        if not isinstance(exc, Exception):  # an interrupt: the check is not waited for
            if self._outcome is None:
                (self._aside or self._served).stop()  # type: ignore[union-attr]
            return
        self.report()
