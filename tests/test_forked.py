"""forked: tasks run in processes forked for them, a few at a time; signals end those
processes quietly, and stop the parent's loop, which leaves no process behind. A server
answers requests one at a time, and a signal stops the wait for its answer."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from briefgen.forked import CRASHED, Server, can_fork, in_worker, run_forked
from briefgen.interrupts import SIGNALS, Interrupted, SignalGuard

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork on this system")

DATA = ["first", "second", "third", "fourth"]  # the tasks read their inputs from memory


def test_every_task_reports_its_outcome_by_index():
    outcomes = run_forked(lambda i: ("pages", (DATA[i], os.getpid())), [3, 1, 0, 2], jobs=2)
    assert sorted(outcomes) == [0, 1, 2, 3]
    assert [outcomes[i][1][0] for i in range(4)] == DATA
    pids = {outcomes[i][1][1] for i in range(4)}
    assert len(pids) == 4 and os.getpid() not in pids  # one fresh process per task


def test_no_more_than_jobs_run_at_once():
    def task(i: int):
        start = time.monotonic()
        time.sleep(0.2)
        return "pages", (start, time.monotonic())

    spans = [span for _, span in run_forked(task, [0, 1, 2, 3], jobs=2).values()]
    most = max(sum(1 for start, end in spans if start <= t < end) for t, _ in spans)
    assert most == 2


def test_a_process_that_dies_without_reporting_is_reported_crashed():
    outcomes = run_forked(lambda i: os._exit(3) if i == 1 else ("pages", i), [0, 1], jobs=2)
    assert outcomes == {0: ("pages", 0), 1: (CRASHED, 3)}


def test_what_a_task_changes_stays_in_its_process():
    seen = []
    run_forked(lambda i: (seen.append(i), ("pages", i))[1], [0, 1], jobs=1)
    assert seen == []


def test_a_process_killed_by_a_signal_reports_minus_its_number():
    outcomes = run_forked(lambda i: os.kill(os.getpid(), signal.SIGKILL), [0], jobs=1)
    assert outcomes == {0: (CRASHED, -signal.SIGKILL)}


def test_a_writer_process_takes_signals_with_their_default_action():
    """Whatever the parent does with SIGINT, SIGTERM and SIGHUP, a writer process ends at
    once on them (no handler of the parent's, no traceback); they are not held back."""
    def report(i: int):
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        return "pages", ([signal.getsignal(s) for s in SIGNALS], sorted(set(SIGNALS) & blocked))

    with SignalGuard():  # handlers of its own in the parent
        outcomes = run_forked(report, [0], jobs=1)
    assert outcomes == {0: ("pages", ([signal.SIG_DFL] * 3, []))}
    assert run_forked(lambda i: os.kill(os.getpid(), signal.SIGINT), [0], jobs=1) == {
        0: (CRASHED, -signal.SIGINT)}


def test_a_signal_stops_the_loop_and_the_processes_still_running(tmp_path):
    """While the processes run, a signal wakes the parent, whose check raises; the running
    processes are killed and reaped before the exception goes on."""
    def slow(i: int):
        (tmp_path / str(os.getpid())).touch()
        time.sleep(30)
        return "pages", i

    with SignalGuard() as guard, guard.deferred(), pytest.raises(Interrupted):
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        signal.signal(signal.SIGALRM, lambda *_: os.kill(os.getpid(), signal.SIGTERM))
        try:
            run_forked(slow, [0, 1], jobs=2, wakeup=guard.wakeup, check=guard.check)
        finally:
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
    pids = [int(p.name) for p in tmp_path.iterdir()]
    assert len(pids) == 2
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left


def test_a_task_knows_it_runs_in_a_worker_and_the_parent_does_not():
    outcomes = run_forked(lambda i: ("pages", in_worker()), [0], 1)
    assert outcomes[0] == ("pages", True) and not in_worker()


# ------------------------------------------------------------ a server of requests


def test_a_server_answers_each_request_and_keeps_what_it_learns() -> None:
    seen: list[int] = []
    server = Server(lambda n: seen.append(n) or ("value", (os.getpid(), sum(seen))))
    try:
        assert server.ask(1) and server.ask(2)  # the first answer is read before the second
        pid, total = server.answer()[1]
        assert pid != os.getpid() and total == 3
    finally:
        server.stop()
    assert not server.ask(3) and server.answer()[0] == CRASHED


def test_a_signal_stops_the_wait_for_an_answer_and_ends_the_server() -> None:
    server = Server(lambda _: time.sleep(30) or ("value", None))
    read, write = os.pipe()
    try:
        assert server.ask(None)
        os.write(write, b"!")  # a signal guard's wake-up

        def check() -> None:
            raise KeyboardInterrupt

        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            server.answer(read, check)
        assert time.monotonic() - started < 5
        assert server.answer()[0] == CRASHED  # it was ended
    finally:
        server.stop()
        os.close(read)
        os.close(write)


def test_a_server_starts_before_its_first_request_and_keeps_what_it_started() -> None:
    started: list[int] = []
    server = Server(lambda n: ("value", (started, n)), start=lambda: started.append(os.getpid()))
    try:
        assert server.ask(7)
        (pid,), n = server.answer()[1]
        assert pid == server.pid and n == 7
    finally:
        server.stop()


def test_a_server_whose_start_fails_still_serves() -> None:
    def start() -> None:
        raise RuntimeError("not ready")

    server = Server(lambda n: ("value", n * 2), start=start)
    try:
        assert server.ask(21) and server.answer() == ("value", 42)
    finally:
        server.stop()


def test_close_lets_the_server_finish_what_it_does_then_waits_for_its_end(
        tmp_path: Path) -> None:
    done = tmp_path / "done"
    server = Server(lambda _: ("value", None), start=lambda: time.sleep(0.2) or done.touch())
    server.close()  # while it starts: the start ends, then the process, as nothing was asked
    assert done.exists()
    assert server.ended == (CRASHED, 0)  # ended by itself, with status 0
    assert not server.ask(1)
    server.stop()  # nothing left to stop
