"""interrupts: a signal is raised once where raising is allowed, recorded everywhere, never
lost; blocked() holds signals back until it ends; the guard puts the handlers back."""

from __future__ import annotations

import contextlib
import os
import signal
import threading

import pytest

from briefgen.interrupts import SIGNALS, Interrupted, SignalGuard, blocked


def send(signum: int) -> None:
    """The signal, to this process's main thread (where the guard runs): sent to the
    process, it may go to a thread of a library an earlier test started (the readers
    harness's), which does not block it."""
    signal.pthread_kill(threading.main_thread().ident, signum)


@pytest.mark.parametrize("signum", SIGNALS)
def test_a_signal_raises_interrupted(signum: int) -> None:
    with SignalGuard() as guard, pytest.raises(Interrupted) as caught:
        send(signum)
    assert (caught.value.signum, caught.value.committed) == (signum, False)
    assert isinstance(caught.value, KeyboardInterrupt)
    assert guard.signum == signum


def test_deferred_signals_are_recorded_then_raised_by_check() -> None:
    with SignalGuard() as guard:
        with guard.deferred():
            send(signal.SIGTERM)
            assert guard.signum == signal.SIGTERM
            assert guard.wakeup is not None and os.read(guard.wakeup, 10) == bytes([signal.SIGTERM])
        guard.committed = True
        with pytest.raises(Interrupted) as caught:
            guard.check()
        assert caught.value.committed


def wakeup_fd() -> int:
    """The interpreter's wake-up descriptor (signal.set_wakeup_fd), left as it is."""
    fd = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(fd)
    return fd


def test_the_interpreter_writes_each_signal_to_the_wakeup_pipe_as_it_comes() -> None:
    """A handler in Python runs only between two steps of the program: a select() entered
    after a signal came but before the guard's handler ran would never wake if the handler
    wrote the byte (a watch session that Ctrl-C did not end, one time in a few hundred). The
    interpreter's own handler writes it, into the guard's pipe, and the previous descriptor
    is put back after."""
    before = wakeup_fd()
    with SignalGuard() as guard:
        assert guard.wakeup is not None
        assert os.fstat(wakeup_fd()).st_ino == os.fstat(guard.wakeup).st_ino  # the same pipe
    assert wakeup_fd() == before


def test_an_interrupt_swallowed_somewhere_is_raised_again_by_check() -> None:
    with SignalGuard() as guard:
        with contextlib.suppress(KeyboardInterrupt):  # as a __del__ or a callback would
            send(signal.SIGINT)
        with pytest.raises(Interrupted):
            guard.check()


def test_only_the_first_signal_raises() -> None:
    """So that the code handling an interrupt is not cut short by the next Ctrl-C."""
    with SignalGuard() as guard:
        with pytest.raises(Interrupted):
            send(signal.SIGINT)
        send(signal.SIGINT)  # recorded only
        send(signal.SIGTERM)
        assert guard.signum == signal.SIGINT


def test_immediate_inside_deferred_raises_at_once() -> None:
    with SignalGuard() as guard, guard.deferred(), guard.immediate(), pytest.raises(Interrupted):
        send(signal.SIGHUP)


def test_blocked_signals_wait_until_the_block_ends() -> None:
    with SignalGuard() as guard, guard.deferred():
        with blocked():
            send(signal.SIGTERM)
            assert guard.signum is None  # pending
        assert guard.signum == signal.SIGTERM


def test_the_previous_handlers_are_put_back() -> None:
    before = [signal.getsignal(s) for s in SIGNALS]
    with SignalGuard():
        assert all(signal.getsignal(s) not in before for s in SIGNALS)
    assert [signal.getsignal(s) for s in SIGNALS] == before


def test_a_process_whose_work_is_done_ignores_late_signals() -> None:
    before = [signal.getsignal(s) for s in SIGNALS]
    try:
        with SignalGuard(ignore_after=True):
            pass
        assert [signal.getsignal(s) for s in SIGNALS] == [signal.SIG_IGN] * 3
    finally:
        for signum, handler in zip(SIGNALS, before, strict=True):
            signal.signal(signum, handler)


def test_a_signal_ignored_on_entry_stays_ignored() -> None:
    """As `nohup` leaves SIGHUP: the run must not stop at a hangup."""
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with SignalGuard() as guard:
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            send(signal.SIGHUP)
            assert guard.signum is None
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)
