"""build(): the steps from fact base to files, in order.

 1. load the fonts (a missing or damaged font stops everything before any work);
 2. load and check the fact base (schema, quotes in the seeds, numbers in both languages)
    and that the file names fit;
 3. lock the output folder (briefgen/output.py; an earlier run's interrupted commit is
    finished or undone first), read the edition records in it (briefgen/history.py), and
    compose every paper asked for, in every language asked for (templates -> model), with
    the changes since the earlier edition; the redlines and the edition's record follow
    from them; check that the fonts have every character they print. `--check` does this
    without the lock (it writes nothing) and stops, so it refuses whatever a build would;
 4. write every file (papers, redlines, record) into the output folder's work folder, the
    writers running on two cores;
 5. only when all are written, put them in place at once, the record with the papers. On
    any failure or interrupt before that, the temporary files are removed and the previous
    edition (its record too) stays as it was.

SIGINT, SIGTERM and SIGHUP raise Interrupted (a KeyboardInterrupt) at once while loading,
composing and writing in this process; while writer processes run, and from the lock to
the end, they are recorded and acted on at fixed points (briefgen/interrupts.py). An
interrupt that comes during the commit lets it finish: Interrupted then says `committed`.
"""

from __future__ import annotations

import errno
import gc
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.compose.render import STRINGS_FILE, compose, paper_names
from briefgen.coverage import check_coverage
from briefgen.errors import BriefError, FontError, InputError, InternalError, OutputError, Problem
from briefgen.facts.check import CheckReport, check_facts
from briefgen.facts.load import load_facts
from briefgen.facts.records import FactBase
from briefgen.folderlock import DEFAULT_WAIT
from briefgen.forked import CRASHED, Outcome, can_fork, run_forked
from briefgen.history import History, read_history, record_name, redline_name
from briefgen.interrupts import SIGNALS, Interrupted, SignalGuard
from briefgen.model import Document, Redline
from briefgen.output import Edition
from briefgen.testhook import hook
from briefgen.text.numerals import DIGIT_STYLES
from briefgen.writers.base import Writer
from briefgen.writers.fonts import FontSet, load_fontset
from briefgen.writers.registry import REDLINE_WRITERS, WRITERS, load_writers

__all__ = ["DIGIT_STYLES", "FORMATS", "LANGS", "ROOT", "Options", "Result", "build",
           "composed_papers", "paper_names"]

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ar", "en")
FORMATS = tuple(WRITERS)
_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG,
                errno.EIO}


@dataclass
class Options:
    """What to build, from where, to where."""

    facts: Path = ROOT / "facts.toml"
    out: Path = ROOT / "briefs"
    templates: Path = ROOT / "templates"
    fonts: Path = ROOT / "fonts"
    seeds: Path | None = None  # default: seeds/ beside the fact base
    langs: tuple[str, ...] = LANGS
    formats: tuple[str, ...] = FORMATS
    papers: tuple[str, ...] = ("full",)
    digits: str | None = None  # overrides the fact base's digit style
    changes_since: Path | None = None  # an earlier edition's record to compare with
    check_only: bool = False
    jobs: int = min(2, os.cpu_count() or 1)  # writer processes (1: all in this process)
    wait: float = DEFAULT_WAIT  # seconds to wait for another run writing into `out`


@dataclass
class Written:
    """One file written: where, how many pages (PDF), how many bytes."""

    path: Path
    pages: int | None
    size: int


@dataclass
class Result:
    """What build() did."""

    report: CheckReport
    written: list[Written] = field(default_factory=list)


def output_name(brief_id: str, paper: str, lang: str, fmt: str) -> str:
    """briefs/<brief-id>.<lang>.<ext>; other papers than 'full' add '-<paper>' to the id."""
    stem = brief_id if paper == "full" else f"{brief_id}-{paper}"
    return f"{stem}.{lang}.{fmt}"


# The cyclic garbage collector's thresholds while the pipeline runs. Loading, composing and
# writing make objects by the million and almost no cycles: at 100x, the collector ran 1,500
# times during the Arabic PDF writer (every 700 allocations, by default), found 4,000
# objects in cycles in all, and took 15% of the writer's time. It now runs 70 times less
# often; the memory it would have freed is a few hundred kilobytes.
BULK_THRESHOLDS = (50_000, 50, 100)


def build(options: Options, guard: SignalGuard | None = None) -> Result:
    """Run the pipeline; InputError, FontError or OutputError on failure (InternalError for
    a bug: an unexpected exception in a stage, which is named); Interrupted on a signal.
    `guard` is the caller's signal guard, entered (the command line's); without one, build
    sets its own. Re-entrant: what it changes in the process (signal handlers, the
    collector's thresholds) is set back when it returns."""
    with _collector_thresholds(BULK_THRESHOLDS):
        if guard is not None:
            guard.committed = False
            return _build(options, guard)
        with SignalGuard() as own:
            return _build(options, own)


@contextmanager
def _collector_thresholds(thresholds: tuple[int, int, int]) -> Iterator[None]:
    """The collector's thresholds set for the time of the block, then set back."""
    saved = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _build(options: Options, guard: SignalGuard) -> Result:
    fonts = load_fontset(options.fonts)  # 1
    with _stage("the fact-base loader"):  # 2
        base = load_facts(options.facts, options.langs)
        seeds = options.seeds or options.facts.parent / "seeds"
        report = check_facts(base, options.facts, seeds, options.templates / STRINGS_FILE)
    _check_papers(options)
    _check_file_names(base, options)
    result = Result(report)
    if options.check_only:  # 3, without the lock: nothing is written
        _compose_edition(base, options, fonts)
        guard.check()
        return result
    with guard.deferred(), Edition(options.out, options.wait, guard.check) as edition:  # 4
        with guard.immediate():  # 3, from the records as the lock and recovery leave them
            planned = _compose_edition(base, options, fonts)
        finals = [options.out / name for name in planned.names(base.brief.id)]
        temps = edition.reserve(finals)
        writes = planned.writes()  # the papers and redlines: every file but the record
        tasks = [WriteTask(fmt, source, fonts, temp, final, writer)
                 for (fmt, source, writer), temp, final
                 in zip(writes, temps[:len(writes)], finals[:len(writes)], strict=True)]
        if planned.record is not None:  # the record is written here, the papers by writers
            _write_bytes(planned.record, temps[-1], finals[-1])
        pages = _write_all(tasks, options.jobs, guard)
        edition.commit(list(zip(temps, finals, strict=True)), stop=guard.check)  # 5
        guard.committed = True
    guard.check()  # a signal held back during the commit: the new files are in place
    counts = pages + [None] * (len(finals) - len(pages))  # the record has no pages
    for final, count in zip(finals, counts, strict=True):
        result.written.append(Written(final, count, final.stat().st_size))
    return result


def composed_papers(options: Options) -> dict[tuple[str, str], Document]:
    """The papers a build with `options` writes, {(paper, lang): Document}, composed as it
    composes them (with the changes since the earlier edition recorded in `options.out`),
    without the lock and without writing anything: what a reader of the files compares
    them with. InputError or FontError as build() raises them."""
    fonts = load_fontset(options.fonts)
    with _stage("the fact-base loader"):
        base = load_facts(options.facts, options.langs)
    _check_papers(options)
    planned = _compose_edition(base, options, fonts)
    return {(paper, lang): document for paper, lang, document in planned.papers}


@dataclass
class PlannedEdition:
    """What a run writes: its papers (paper, lang, Document), the redlines (lang, Redline)
    and the edition's record (JSON bytes), if the run records it."""

    formats: tuple[str, ...]
    papers: list[tuple[str, str, Document]]
    redlines: list[tuple[str, Redline]]
    record: bytes | None
    edition: int

    def names(self, brief_id: str) -> list[str]:
        """The files' names in the output folder: the papers', the redlines', the record's
        (last)."""
        return ([output_name(brief_id, paper, lang, fmt) for paper, lang, _ in self.papers
                 for fmt in self.formats]
                + [redline_name(brief_id, lang) for lang, _ in self.redlines]
                + ([record_name(brief_id, self.edition)] if self.record is not None else []))

    def writes(self) -> list[tuple[str, Document | Redline, Writer | None]]:
        """(format, what to write, the writer if not the format's) of each paper and
        redline, in the order of names()."""
        return ([(fmt, document, None) for _, _, document in self.papers
                 for fmt in self.formats]
                + [("docx", redline, REDLINE_WRITERS["docx"]) for _, redline in self.redlines])


def _compose_edition(base: FactBase, options: Options, fonts: FontSet) -> PlannedEdition:
    """Every paper asked for, composed (with the changes since the earlier edition's
    record), the redlines and the record; InputError when a character is in no font."""
    every_paper = (set(options.papers) == set(paper_names(options.templates))
                   and set(options.langs) == set(LANGS))
    with _stage("reading the records"):
        history = read_history(options.out, options.facts, base, options.changes_since,
                               every_paper)
    composed: dict[tuple[str, str, str], Document] = {}

    def composed_paper(paper: str, lang: str, digits: str = base.brief.digits) -> Document:
        if (paper, lang, digits) not in composed:
            with _stage(f"composing the {paper} paper ({lang})"):
                composed[(paper, lang, digits)] = compose(base, paper, lang, digits,
                                                          options.templates, history.changes)
        return composed[(paper, lang, digits)]

    digits = options.digits or base.brief.digits
    papers = [(paper, lang, composed_paper(paper, lang, digits))
              for paper in options.papers for lang in options.langs]
    redlines = history.redlines(options.langs, composed_paper) if (
        "docx" in options.formats and "full" in options.papers) else []
    _check_coverage([document for _, _, document in papers]
                    + [redline.previous for _, redline in redlines], fonts, options, history)
    with _stage("recording the edition"):
        record = history.record(base, paper_names(options.templates), composed_paper)
    return PlannedEdition(options.formats, papers, redlines, record, base.brief.edition)


def _check_coverage(documents: list[Document], fonts: FontSet, options: Options,
                    history: History) -> None:
    """InputError, located in the inputs, when the papers print a character no font has
    (the redlines' earlier wording comes from the earlier record)."""
    if fonts.coverage:
        check_coverage(documents, frozenset().union(*fonts.coverage.values()),
                       [options.facts, options.templates / STRINGS_FILE,
                        *sorted(options.templates.rglob("*.j2")),
                        *([history.earlier_path] if history.earlier_path else [])])


def _write_bytes(data: bytes, temp: Path, final: Path) -> None:
    """`data` into its temporary file; OutputError naming the final file when the disk
    refuses."""
    try:
        temp.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"{final}: cannot write ({exc.strerror or exc}); {_DISK_ADVICE}") from None


NAME_MAX = 255  # bytes in a file name on the usual file systems


def _check_file_names(base: FactBase, options: Options) -> None:
    """InputError at the brief's id when a file name would be too long (the brief id is at
    most 64 characters, but a paper's name can be longer)."""
    names = [output_name(base.brief.id, paper, lang, fmt) for paper in options.papers
             for lang in options.langs for fmt in options.formats]
    names += [redline_name(base.brief.id, lang) for lang in options.langs]
    names.append(record_name(base.brief.id, base.brief.edition))
    longest = max(names, key=lambda name: len(name.encode()), default="")
    if len(longest.encode()) > NAME_MAX:
        raise InputError([Problem(options.facts, base.brief.line_of("id"), (
            f"file names would be too long: {longest[:40]}... has {len(longest.encode())} "
            f"bytes, and a file name may have {NAME_MAX}; shorten the brief id or the "
            "paper's name"))])


def _check_papers(options: Options) -> None:
    known = paper_names(options.templates)
    if not options.papers:
        raise InputError([Problem(options.templates, None, "no paper templates (*.xml.j2) "
                                  "here; give the templates folder with --templates")])
    for paper in options.papers:
        if paper not in known:
            raise InputError([Problem(options.templates / f"{paper}.xml.j2", None,
                                      f"no template for the paper {paper!r}; "
                                      f"papers here: {', '.join(known) or 'none'}")])


@contextmanager
def _stage(name: str) -> Iterator[None]:
    """Let BriefError through; turn any other exception into InternalError naming `name`."""
    try:
        yield
    except BriefError:
        raise
    except Exception as exc:
        raise InternalError(name, exc) from exc


@dataclass
class WriteTask:
    """One file to write: the writer's format, its input, and where it goes."""

    fmt: str
    document: Any
    fonts: FontSet
    temp: Path
    final: Path
    writer: Writer | None = None  # another writer than the format's (a redline)


def _write_all(tasks: list[WriteTask], jobs: int, guard: SignalGuard) -> list[int | None]:
    """Run every writer (into its temporary file); on `jobs` processes when there is more
    than one file, the PDFs first (they take longest). Each writer runs in a process forked
    for it (briefgen/forked.py): it shares the loaded modules and reads its document from
    the memory it inherits. A writer in this process can be interrupted at once."""
    workers = min(jobs, len(tasks))
    load_writers(tuple(dict.fromkeys(task.fmt for task in tasks)))
    # What exists now (modules, fact base, documents) lives until the files are written:
    # frozen, the collector skips it while the writers run, and forked writers do not copy
    # the memory pages it sits on by touching it.
    gc.freeze()
    try:
        if workers <= 1 or not can_fork():
            with guard.immediate():
                return [_write(task) for task in tasks]
        order = sorted(range(len(tasks)), key=lambda i: tasks[i].fmt != "pdf")
        outcomes = run_forked(lambda i: _write_reporting(tasks[i]), order, workers,
                              guard.wakeup, guard.check)
    finally:
        gc.unfreeze()
    return [_raise_or_pages(outcomes[i], tasks[i]) for i in range(len(tasks))]


def _write(task: WriteTask) -> int | None:
    """Run one writer into its temporary file; OutputError (naming the final file) when the
    disk refuses, InternalError on a bug."""
    hook("writing")
    try:
        with _stage(f"the {task.fmt} writer"):
            pages = (task.writer or WRITERS[task.fmt])(task.document, task.fonts, task.temp)
    except InternalError as exc:
        cause = exc.cause
        if isinstance(cause, OSError) and cause.errno in _DISK_ERRORS:
            raise _cannot_write(task, cause.strerror or str(cause)) from None
        raise
    except OutputError as exc:  # the writer's own message names the temporary file
        message = str(exc).replace(str(task.temp), str(task.final))
        raise OutputError(message if "--out" in message else f"{message}; {_DISK_ADVICE}") from None
    if not task.temp.exists() or task.temp.stat().st_size == 0:
        raise InternalError(f"the {task.fmt} writer",
                            RuntimeError(f"it wrote nothing for {task.final.name}"))
    return pages


def _cannot_write(task: WriteTask, reason: str) -> OutputError:
    return OutputError(f"{task.final}: cannot write ({reason}); {_DISK_ADVICE}")


_DISK_ADVICE = "free some space or give a writable folder with --out"


def _write_reporting(task: WriteTask) -> Outcome:
    """_write in a forked process: what happened, as plain picklable data."""
    try:
        return "pages", _write(task)
    except KeyboardInterrupt:  # raised by the writer itself (signals end this process)
        return "interrupt", None
    except InternalError as exc:
        return "internal", (exc.stage, type(exc.cause).__name__, str(exc.cause))
    except BriefError as exc:
        return "error", (type(exc).__name__, str(exc))


def _raise_or_pages(outcome: Outcome, task: WriteTask) -> int | None:
    """The page count a worker reported, or its failure raised again here."""
    kind, value = outcome
    if kind == "pages":
        return value
    if kind == "interrupt":
        raise Interrupted(signal.SIGINT)
    if kind == CRASHED and -value in SIGNALS:  # stopped by SIGINT, SIGTERM or SIGHUP
        raise Interrupted(-value)
    if kind == CRASHED:
        how = (f"was killed by {signal.Signals(-value).name}" if value < 0
               else f"ended with status {value}")
        failure = WorkerFailure("exit", f"its process {how} before reporting")
        raise InternalError(f"the {task.fmt} writer", failure) from failure
    if kind == "internal":
        stage, name, message = value
        failure = WorkerFailure(name, message)
        raise InternalError(stage, failure) from failure
    name, message = value
    raise {"OutputError": OutputError, "FontError": FontError}.get(name, BriefError)(message)


class WorkerFailure(RuntimeError):
    """An exception raised in a writer's worker process, by its class name and message
    (--debug runs the writers in this process, where the real traceback is kept)."""

    def __init__(self, original_name: str, message: str):
        super().__init__(message)
        self.original_name = original_name
