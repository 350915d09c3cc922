"""The writers of a build at work: WriteTasks -> files in the work folder, their page counts.

Each task names the writer session that writes it (writers/base.py) and the output slot it
writes. With more than one task and `jobs` > 1, each writer runs in a process forked for
it (briefgen/forked.py), the PDFs first (they take longest): it shares the loaded modules,
reads its document from the memory it inherits, and what its session learns ends with it.
With `jobs` 1 (`--watch`, `--debug`) the writers run here, one after the other, and their
sessions keep what they learn for the next build. A run that writes one file has its
writer forked as it starts (ReadyWriter), to load while the paper is composed. A writer's
failure comes back as the exception a writer in this process would have raised.
"""

from __future__ import annotations

import errno
import gc
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.errors import BriefError, FontError, InputError, InternalError, OutputError
from briefgen.forked import CRASHED, Outcome, Server, can_fork, run_forked
from briefgen.interrupts import SIGNALS, Interrupted, SignalGuard
from briefgen.testhook import hook
from briefgen.writers.base import WriterSession

_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG,
                errno.EIO}
_DISK_ADVICE = "free some space or give a writable folder with --out"


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Let BriefError through; turn any other exception into InternalError naming `name`."""
    try:
        yield
    except BriefError:
        raise
    except Exception as exc:
        raise InternalError(name, exc) from exc


@dataclass
class WriteTask:
    """One file to write: the writer's format, its input, the session that writes it, the
    output slot (the file's name in the output folder) and where it goes."""

    fmt: str
    document: Any
    session: WriterSession
    slot: str
    temp: Path
    final: Path


def write_all(tasks: list[WriteTask], jobs: int, guard: SignalGuard,
              seconds: dict[str, float] | None = None) -> list[int | None]:
    """Run every task's writer into its temporary file (see the module); the page counts,
    in order. `seconds` gets each slot's writing time when the writers run here."""
    workers = min(jobs, len(tasks))
    # What exists now (modules, fact base, documents) lives until the files are written:
    # frozen, the collector skips it while the writers run, and forked writers do not copy
    # the memory pages it sits on by touching it.
    gc.freeze()
    try:
        if workers <= 1 or not can_fork():
            with guard.immediate():
                return [_timed(seconds, task.slot, lambda task=task: _write(task))
                        for task in tasks]
        order = sorted(range(len(tasks)), key=lambda i: tasks[i].fmt != "pdf")
        outcomes = run_forked(lambda i: _write_reporting(tasks[i]), order, workers,
                              guard.wakeup, guard.check)
    finally:
        gc.unfreeze()
    return [_raise_or_pages(outcomes[i], tasks[i]) for i in range(len(tasks))]


def _timed(seconds: dict[str, float] | None, slot: str,
           write: Callable[[], int | None]) -> int | None:
    """write(), its time kept in `seconds` as the stage "write <slot>" when it succeeds."""
    started = time.perf_counter()
    pages = write()
    if seconds is not None:
        seconds[f"write {slot}"] = time.perf_counter() - started
    return pages


def _write(task: WriteTask) -> int | None:
    """Run one writer into its temporary file; OutputError (naming the final file) when the
    disk refuses, InternalError on a bug."""
    hook("writing")
    try:
        with stage(f"the {task.fmt} writer"):
            pages = task.session.write(task.document, task.temp, task.slot)
    except InternalError as exc:
        cause = exc.cause
        if isinstance(cause, OSError) and cause.errno in _DISK_ERRORS:
            raise _cannot_write(task.final, cause.strerror or str(cause)) from None
        raise
    except OutputError as exc:  # the writer's own message names the temporary file
        message = str(exc).replace(str(task.temp), str(task.final))
        raise OutputError(message if "--out" in message else f"{message}; {_DISK_ADVICE}") from None
    if not task.temp.exists() or task.temp.stat().st_size == 0:
        raise InternalError(f"the {task.fmt} writer",
                            RuntimeError(f"it wrote nothing for {task.final.name}"))
    return pages


def write_bytes(data: bytes, temp: Path, final: Path) -> None:
    """`data` into its temporary file; OutputError naming the final file when the disk
    refuses."""
    try:
        temp.write_bytes(data)
    except OSError as exc:
        raise _cannot_write(final, exc.strerror or str(exc)) from None


def _cannot_write(final: Path, reason: str) -> OutputError:
    return OutputError(f"{final}: cannot write ({reason}); {_DISK_ADVICE}")


class ReadyWriter:
    """The writer of a run that writes one file, forked as the run starts (signals as for
    run_forked): while this process loads the fact base and composes the paper, that one
    imports the writer and opens its session (`open_session()`), which reads what a paper
    in `lang` needs if it can (a session's prepare(lang)); write() hands it the paper and
    waits for the file, as a writer process forked for it would write it. close() ends the
    process, used or not."""

    def __init__(self, fmt: str, lang: str, open_session: Callable[[], WriterSession]):
        self.fmt = fmt
        opened: list[WriterSession] = []

        def start() -> None:
            opened.append(open_session())
            prepare = getattr(opened[0], "prepare", None)
            if prepare is not None:
                prepare(lang)

        def serve(request: tuple[Any, str, Path, Path]) -> Outcome:
            def write() -> int | None:
                with stage(f"the {fmt} writer"):
                    session = opened[0] if opened else open_session()
                return _write(WriteTask(fmt, request[0], session, *request[1:]))
            return reporting(write)

        self._server = Server(serve, start)

    def write(self, document: Any, slot: str, temp: Path, final: Path, guard: SignalGuard,
              seconds: dict[str, float] | None = None) -> int | None:
        """Write `document` into `temp` (the output `slot`, at `final` once committed); its
        page count, or the writer's failure raised here. `seconds` gets the time from the
        document sent to the file written, as write_all's writers here give theirs."""
        def write() -> int | None:
            self._server.ask((document, slot, temp, final))  # if it ended, answer() says how
            return reported(self._server.answer(guard.wakeup, guard.check),
                            f"the {self.fmt} writer")

        return _timed(seconds, slot, write)

    def close(self) -> None:
        """End the process: once it has done what it was doing (it writes nothing more)."""
        self._server.close()

    def stop(self) -> None:
        """End the process now."""
        self._server.stop()


def _write_reporting(task: WriteTask) -> Outcome:
    """_write in a forked process: what happened, as plain picklable data."""
    return reporting(lambda: _write(task))


def _raise_or_pages(outcome: Outcome, task: WriteTask) -> int | None:
    """The page count a worker reported, or its failure raised again here."""
    return reported(outcome, f"the {task.fmt} writer")


def reporting(work: Callable[[], Any]) -> Outcome:
    """work() in a forked process: what happened, as plain picklable data."""
    try:
        return "value", work()
    except KeyboardInterrupt:  # raised by the work itself (signals end this process)
        return "interrupt", None
    except InternalError as exc:
        return "internal", (exc.stage, type(exc.cause).__name__, str(exc.cause))
    except InputError as exc:
        return "problems", exc.problems
    except BriefError as exc:
        return "error", (type(exc).__name__, str(exc))


def reported(outcome: Outcome, stage_name: str) -> Any:
    """The value a forked process reported (see reporting()), or its failure raised again
    here; `stage_name` names the stage of a process that died without reporting."""
    kind, value = outcome
    if kind == "value":
        return value
    if kind == "interrupt":
        raise Interrupted(signal.SIGINT)
    if kind == CRASHED and -value in SIGNALS:  # stopped by SIGINT, SIGTERM or SIGHUP
        raise Interrupted(-value)
    if kind == CRASHED:
        how = (f"was killed by {signal.Signals(-value).name}" if value < 0
               else f"ended with status {value}")
        failure = WorkerFailure("exit", f"its process {how} before reporting")
        raise InternalError(stage_name, failure) from failure
    if kind == "internal":
        stage, name, message = value
        failure = WorkerFailure(name, message)
        raise InternalError(stage, failure) from failure
    if kind == "problems":
        raise InputError(value)
    name, message = value
    raise {"OutputError": OutputError, "FontError": FontError}.get(name, BriefError)(message)


class WorkerFailure(RuntimeError):
    """An exception raised in a worker process (a writer's, the check's), by its class name
    and message (--debug runs them in this process, where the real traceback is kept)."""

    def __init__(self, original_name: str, message: str):
        super().__init__(message)
        self.original_name = original_name
