"""Run tasks in forked processes, a few at a time: (task -> picklable outcome) -> outcomes.

Each task gets a process of its own, forked from this one when the task starts: it finds
its inputs in the memory it inherits (nothing is pickled on the way in), only its small
outcome comes back through a pipe, and its memory goes back to the system when it ends (a
worker reused for a second task would keep the high-water mark of the first).

Signals: SIGINT, SIGTERM and SIGHUP are held back while a process is forked; the new
process sets them to their default action (it ends at once, with no traceback) before it
lets them in. The parent waits on the pipes and on a `wakeup` descriptor (a signal guard's),
calling `check` (which may raise) whenever that one is readable; on any exception, the
processes still running are killed and reaped before it goes on. No thread is started.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from briefgen.interrupts import blocked, default_in_child
from briefgen.testhook import hook

Outcome = tuple[str, Any]
CRASHED = "crashed"  # the kind of outcome of a process that died without reporting


_IN_WORKER = False  # True in a process run_forked forked for a task


def in_worker() -> bool:
    """Whether this process runs one of several tasks side by side (forked by run_forked):
    a task should then not spread its own work over more processes."""
    return _IN_WORKER


def can_fork() -> bool:
    """True where processes can be forked (not on Windows)."""
    return hasattr(os, "fork")


def _nothing() -> None:
    pass


def run_forked(task: Callable[[int], Outcome], order: list[int], jobs: int,
               wakeup: int | None = None,
               check: Callable[[], None] = _nothing) -> dict[int, Outcome]:
    """task(i) for each i of `order`, in that order, at most `jobs` at once; the outcome of
    each by i. A process that dies without reporting gives (CRASHED, its exit status, or
    minus the number of the signal that killed it)."""
    pending = list(order)
    running: dict[int, tuple[int, int, bytearray]] = {}  # read end -> (pid, index, data)
    outcomes: dict[int, Outcome] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                index = pending.pop(0)
                read, write = os.pipe()
                with blocked():
                    pid = os.fork()
                    if pid == 0:
                        _child(task, index, read, write)
                    hook("forked")
                os.close(write)
                running[read] = (pid, index, bytearray())
            waiting = list(running) + ([wakeup] if wakeup is not None else [])
            ready, _, _ = select.select(waiting, [], [])
            if wakeup in ready:
                os.read(wakeup, 512)
                check()
            for read in ready:
                if read in running and not _receive(read, running[read][2]):
                    pid, index, data = running.pop(read)
                    os.close(read)
                    outcomes[index] = _outcome(pid, data)
    finally:
        for read, (pid, _, _) in running.items():
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
    return outcomes


def _receive(read: int, data: bytearray) -> bool:
    """Append what the pipe holds to `data`; False at its end."""
    chunk = os.read(read, 65536)
    data += chunk
    return bool(chunk)


def _outcome(pid: int, data: bytearray) -> Outcome:
    """What the ended process `pid` reported, or (CRASHED, its exit code)."""
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0 and data:
        return pickle.loads(data)
    return CRASHED, code


def _child(task: Callable[[int], Outcome], index: int, read: int, write: int) -> None:
    """The forked process: run the task, write its pickled outcome, end without running
    anything of the parent's (no exit handlers, no flushing of inherited buffers)."""
    global _IN_WORKER
    code = 1
    try:
        _IN_WORKER = True
        os.close(read)
        hook("child")
        default_in_child()
        data = memoryview(pickle.dumps(task(index)))
        while data:
            data = data[os.write(write, data):]
        code = 0
    finally:
        os._exit(code)


class Aside:
    """One task run in a process forked for it while this one goes on (signals as for
    run_forked): result() waits for its outcome; stop() ends it if it still runs."""

    def __init__(self, task: Callable[[], Outcome]):
        self._read, write = os.pipe()
        with blocked():
            self._pid = os.fork()
            if self._pid == 0:
                _child(lambda _: task(), 0, self._read, write)
            hook("forked")
        os.close(write)
        self._outcome: Outcome | None = None

    def result(self) -> Outcome:
        """The task's outcome (CRASHED and its exit status if it died without one)."""
        if self._outcome is None:
            data = bytearray()
            try:
                while _receive(self._read, data):
                    pass
            except BaseException:
                self.stop()
                raise
            os.close(self._read)
            self._outcome = _outcome(self._pid, data)
        return self._outcome

    def stop(self) -> None:
        if self._outcome is None:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._read)
            self._outcome = CRASHED, -signal.SIGKILL


class Server:
    """A process forked to answer requests one at a time, keeping what it learns from one
    to the next (a `--watch` session's check, a run's ready writer): ask() sends a request
    (pickled), answer() waits for its outcome, serve(request) as the process returned it.
    `start`, if given, runs in the process first, before it waits for a request: what it
    prepares must be what serving would do anyway, since its failure is ignored (serving
    meets it again, and reports it). Signals as for run_forked: fork it before anything
    else is started. It ends when this process closes its end of the requests' pipe (or
    ends; close() waits for that), or at stop()."""

    def __init__(self, serve: Callable[[Any], Outcome],
                 start: Callable[[], None] | None = None):
        requests, self._requests = os.pipe()
        self._answers, answers = os.pipe()
        with blocked():
            self.pid = os.fork()
            if self.pid == 0:
                os.close(self._requests)
                os.close(self._answers)
                _serving(serve, requests, answers, start)
        os.close(requests)
        os.close(answers)
        self._asked = False
        self.ended: Outcome | None = None  # how the process ended, once it has

    def ask(self, request: Any) -> bool:
        """Send `request` (after reading the answer to the last one, if it was not read);
        False when the process has ended."""
        if self._asked:
            self.answer()
        if self.ended is not None:
            return False
        try:
            send_message(self._requests, request)
        except OSError:  # its end of the pipe is closed: it ended
            self._end(None)
            return False
        self._asked = True
        return True

    def answer(self, wakeup: int | None = None, check: Callable[[], None] = _nothing) -> Outcome:
        """The outcome of the request asked last (CRASHED and the exit status if the process
        died without one, and from then on). While it waits, `check` is called whenever
        `wakeup` (a signal guard's) is readable, as run_forked calls it; an exception
        raised while waiting (a signal's) stops the process first."""
        assert self._asked or self.ended is not None, "nothing was asked"
        if self.ended is not None:
            return self.ended
        try:
            waited = [self._answers] + ([wakeup] if wakeup is not None else [])
            while self._answers not in select.select(waited, [], [])[0]:
                os.read(wakeup, 512)  # type: ignore[arg-type]
                check()
            outcome = received_message(self._answers)
        except BaseException:
            self.stop()
            raise
        self._asked = False
        return outcome if outcome is not None else self._end(None)

    def stop(self) -> None:
        """End the process (if it runs) and let its pipes go."""
        if self.ended is None:
            os.kill(self.pid, signal.SIGKILL)
            self._end(-signal.SIGKILL)

    def close(self) -> None:
        """Let the process end as it ends when asked nothing more (after what it is doing),
        wait for it, and let its pipes go; stop() it if the wait is interrupted."""
        if self.ended is None:
            os.close(self._requests)
            self._requests = -1
            try:
                self._end(None)
            except BaseException:
                self.stop()
                raise

    def _end(self, killed: int | None) -> Outcome:
        _, status = os.waitpid(self.pid, 0)
        for pipe in (self._requests, self._answers):
            if pipe >= 0:  # not closed already (close())
                os.close(pipe)
        self._requests = self._answers = -1
        self.ended = CRASHED, killed if killed is not None else os.waitstatus_to_exitcode(status)
        return self.ended


_LENGTH = 8  # bytes of a message's length, before its pickled data


def send_message(fd: int, message: Any) -> None:
    """`message`, pickled after its length, written whole to the pipe `fd` (the messages
    between a process and one it forked: a Server's, ahead.py's)."""
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(_LENGTH, "little") + data)
    while view:
        view = view[os.write(fd, view):]


def received_message(fd: int) -> Any:
    """The next message send_message wrote to the pipe `fd`; None at its end (or in the
    middle of a message)."""
    head = _exactly(fd, _LENGTH)
    data = head and _exactly(fd, int.from_bytes(head, "little"))
    return None if data is None else pickle.loads(data)


def _exactly(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _serving(serve: Callable[[Any], Outcome], requests: int, answers: int,
             start: Callable[[], None] | None) -> None:
    """The server's process: run `start`, answer each request until the pipe ends, then end
    without running anything of the parent's."""
    code = 1
    try:
        default_in_child()
        if start is not None:
            with suppress(Exception):  # serving meets the failure again, and reports it
                start()
        while (request := received_message(requests)) is not None:
            send_message(answers, serve(request))
        code = 0
    finally:
        os._exit(code)
