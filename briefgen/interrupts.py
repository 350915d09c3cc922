"""Signals that stop a run (SIGINT, SIGTERM, SIGHUP): recorded, and raised where it is safe.

A Python signal handler runs between any two bytecodes, also inside a `__del__` or a
garbage-collector callback, where an exception it raises is printed and swallowed. So the
handler of a SignalGuard first records the signal (and wakes a loop waiting on its pipe),
and raises Interrupted only while the guard allows it; elsewhere the code checks for a
recorded signal at points of its choosing (check()). Nothing is lost: a signal recorded
and not yet raised is raised by check(), at the latest when the guard ends.

blocked() holds the signals back for a few system calls that must not be cut in two
(forking a writer, renaming an edition into place); they are delivered when it ends.
generate.py holds them back from its first line, while the program loads; release_held()
delivers them once a guard is set.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from types import FrameType

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                if hasattr(signal, name))  # Windows has no SIGHUP


class Interrupted(KeyboardInterrupt):
    """A run stopped by a signal; `committed` tells whether its new files were already in
    place when it stopped."""

    def __init__(self, signum: int, committed: bool = False):
        super().__init__(signal.Signals(signum).name)
        self.signum, self.committed = signum, committed


@contextlib.contextmanager
def blocked() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP held back (pending) inside; the previous mask restored
    after, which delivers them."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: nothing to hold back with
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def release_held() -> None:
    """Let in SIGINT, SIGTERM and SIGHUP, held back since generate.py's first line: one
    that came meanwhile is delivered now, to the handler now set."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


def default_in_child() -> None:
    """In a forked process, before it lets signals in: the default action for each (the
    process ends at once, quietly; its parent reports the interrupt), then unblocked. A
    signal the run ignores (see SignalGuard) stays ignored."""
    for signum in SIGNALS:
        if signal.getsignal(signum) != signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


class SignalGuard:
    """While entered: the first of SIGINT, SIGTERM and SIGHUP is recorded, a byte is
    written to `wakeup` (a pipe's read end to wait on) at each, by the interpreter as the
    signal comes (signal.set_wakeup_fd), and Interrupted is raised at the first, unless
    inside deferred(); later ones are only recorded, so that the code handling the first
    one is not cut short. The previous handlers are put back on exit
    (or the signals ignored from then on, with `ignore_after`, for a process whose work
    is done), so guards nest and a long-lived process can enter one per run. In a thread
    other than the main one no handler can be set: the guard then records nothing. A signal
    ignored when the guard is entered stays ignored, as a program started by `nohup` (SIGHUP)
    or in the background by a shell script (SIGINT) must leave it."""

    def __init__(self, ignore_after: bool = False) -> None:
        self.signum: int | None = None
        self.committed = False  # set once the run's files are in place
        self.wakeup: int | None = None
        self._wake_write: int | None = None
        self._previous_wakeup = -1  # the interpreter's wake-up descriptor before this guard
        self._raising = True
        self._spent = False  # Interrupted raised once already
        self._ignore_after = ignore_after
        self._previous: dict[int, object] = {}

    def __enter__(self) -> SignalGuard:
        try:
            for signum in SIGNALS:
                if signal.getsignal(signum) != signal.SIG_IGN:
                    self._previous[signum] = signal.signal(signum, self._handle)
        except ValueError:  # not the main thread
            self._restore()
            return self
        self.wakeup, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)
        # The interpreter's own handler writes each signal to it at once: a handler in Python
        # runs only between two steps of the program, so a wait that began after a signal
        # came but before this guard's handler ran (a select() entered in that gap) would
        # otherwise never wake. Full, it has woken its reader already.
        self._previous_wakeup = signal.set_wakeup_fd(self._wake_write, warn_on_full_buffer=False)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._ignore_after:
            for signum in self._previous:
                signal.signal(signum, signal.SIG_IGN)
            self._previous.clear()
        self._restore()
        if self._wake_write is not None:
            signal.set_wakeup_fd(self._previous_wakeup)
        for fd in (self.wakeup, self._wake_write):
            if fd is not None:
                os.close(fd)
        self.wakeup = self._wake_write = None

    def _restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is None:
            self.signum = signum
        if self._raising and not self._spent:
            self._spent = True
            raise Interrupted(signum, self.committed)

    def check(self) -> None:
        """Raise Interrupted if a signal has come (whether or not it was raised before:
        an exception raised in a __del__ or a callback can be swallowed)."""
        if self.signum is not None:
            self._spent = True
            raise Interrupted(self.signum, self.committed)

    def clear(self) -> None:
        """Forget the signal recorded: the caller has acted on it (a watch session that it
        ended cleanly). A later one is raised again."""
        self.signum = None
        self._spent = False

    def deferred(self) -> contextlib.AbstractContextManager[None]:
        """Inside, a signal is only recorded (check() raises it)."""
        return self._raising_set(False)

    def immediate(self) -> contextlib.AbstractContextManager[None]:
        """Inside, a signal raises Interrupted at once (a signal recorded before too)."""
        self.check()
        return self._raising_set(True)

    @contextlib.contextmanager
    def _raising_set(self, raising: bool) -> Iterator[None]:
        previous, self._raising = self._raising, raising
        try:
            yield
        finally:
            self._raising = previous
