"""Run tasks in forked processes, a few at a time: (task -> picklable outcome) -> outcomes.

Each task gets a process of its own, forked from this one when the task starts: it finds
its inputs in the memory it inherits (nothing is pickled on the way in), only its small
outcome comes back through a pipe, and its memory goes back to the system when it ends (a
worker reused for a second task would keep the high-water mark of the first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Outcome = tuple[str, Any]
CRASHED = "crashed"  # the kind of outcome of a process that died without reporting


def can_fork() -> bool:
    """True where processes can be forked (not on Windows)."""
    import multiprocessing  # here, as below: 6 ms that a run writing one file never needs

    return "fork" in multiprocessing.get_all_start_methods()


def run_forked(task: Callable[[int], Outcome], order: list[int], jobs: int) -> dict[int, Outcome]:
    """task(i) for each i of `order`, in that order, at most `jobs` at once; the outcome of
    each by i. A process that dies without reporting gives (CRASHED, its exit code). On an
    exception here (Ctrl-C), the processes still running are stopped before it goes on."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    pending = list(order)
    running: dict[Connection, tuple[Any, int]] = {}
    outcomes: dict[int, Outcome] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                index = pending.pop(0)
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_report, args=(task, index, send), daemon=True)
                process.start()
                send.close()
                running[receive] = (process, index)
            for connection in wait(list(running)):
                process, index = running.pop(connection)
                try:
                    outcome = connection.recv()
                except EOFError:  # it died before reporting
                    outcome = None
                connection.close()
                process.join()
                outcomes[index] = outcome or (CRASHED, process.exitcode)
    finally:
        for connection, (process, _) in running.items():
            process.terminate()
            process.join()
            connection.close()
    return outcomes


def _report(task: Callable[[int], Outcome], index: int, send: Connection) -> None:
    send.send(task(index))
    send.close()
