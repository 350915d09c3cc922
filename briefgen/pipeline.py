"""build(): the steps from fact base to files, in order.

 1. load the fonts (a missing font stops everything before any work);
 2. load and check the fact base (schema, quotes in the seeds, numbers in both languages);
 3. compose every paper asked for, in every language asked for (templates -> model);
 4. write every file to a temporary file beside its final place, the writers running on
    two cores;
 5. only when all are written, rename them into place (briefgen/output.py). On any failure
    the temporary files are removed and the previous edition stays as it was.
"""

from __future__ import annotations

import errno
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.compose.render import STRINGS_FILE, compose, paper_names
from briefgen.errors import BriefError, FontError, InputError, InternalError, OutputError, Problem
from briefgen.facts.check import CheckReport, check_facts
from briefgen.facts.load import load_facts
from briefgen.forked import CRASHED, Outcome, can_fork, run_forked
from briefgen.output import commit, prepare_folder, temp_path
from briefgen.text.numerals import DIGIT_STYLES
from briefgen.writers.fonts import FontSet, load_fontset
from briefgen.writers.registry import WRITERS, load_writers

__all__ = ["DIGIT_STYLES", "FORMATS", "LANGS", "ROOT", "Options", "Result", "build",
           "paper_names"]

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
    check_only: bool = False
    jobs: int = min(2, os.cpu_count() or 1)  # writer processes (1: all in this process)


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


def build(options: Options) -> Result:
    """Run the pipeline; InputError, FontError or OutputError on failure (InternalError for
    a bug: an unexpected exception in a stage, which is named)."""
    with _collector_thresholds(BULK_THRESHOLDS):
        return _build(options)


@contextmanager
def _collector_thresholds(thresholds: tuple[int, int, int]) -> Iterator[None]:
    """The collector's thresholds set for the time of the block, then set back."""
    saved = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _build(options: Options) -> Result:
    fonts = load_fontset(options.fonts)  # 1
    with _stage("the fact-base loader"):  # 2
        base = load_facts(options.facts, options.langs)
        seeds = options.seeds or options.facts.parent / "seeds"
        report = check_facts(base, options.facts, seeds, options.templates / STRINGS_FILE)
    _check_papers(options)
    digits = options.digits or base.brief.digits
    documents = []
    for paper in options.papers:  # 3
        for lang in options.langs:
            with _stage(f"composing the {paper} paper ({lang})"):
                documents.append((paper, lang, compose(base, paper, lang, digits,
                                                       options.templates)))
    result = Result(report)
    if options.check_only:
        return result
    first_edition = not options.out.exists()
    out = prepare_folder(options.out)
    tasks: list[WriteTask] = []
    done = False
    try:
        for paper, lang, document in documents:  # 4
            for fmt in options.formats:
                final = out / output_name(base.brief.id, paper, lang, fmt)
                if final.is_dir():
                    raise OutputError(f"{final}: a folder stands where the file goes; "
                                      "move it away or give another folder with --out")
                tasks.append(WriteTask(fmt, document, fonts, temp_path(final), final))
        pages = _write_all(tasks, options.jobs)
        commit([(task.temp, task.final) for task in tasks])  # 5
        for task, count in zip(tasks, pages, strict=True):
            result.written.append(Written(task.final, count, task.final.stat().st_size))
        done = True
    finally:
        for task in tasks:
            task.temp.unlink(missing_ok=True)
        if first_edition and not done:  # a failed first run leaves no empty folder behind
            with suppress(OSError):
                out.rmdir()  # fails, as it should, when anything else is there
    return result


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


def _write_all(tasks: list[WriteTask], jobs: int) -> list[int | None]:
    """Run every writer (into its temporary file); on `jobs` processes when there is more
    than one file, the PDFs first (they take longest). Each writer runs in a process forked
    for it (briefgen/forked.py): it shares the loaded modules and reads its document from
    the memory it inherits."""
    workers = min(jobs, len(tasks))
    load_writers(tuple(dict.fromkeys(task.fmt for task in tasks)))
    # What exists now (modules, fact base, documents) lives until the files are written:
    # frozen, the collector skips it while the writers run, and forked writers do not copy
    # the memory pages it sits on by touching it.
    gc.freeze()
    try:
        if workers <= 1 or not can_fork():
            return [_write(task) for task in tasks]
        order = sorted(range(len(tasks)), key=lambda i: tasks[i].fmt != "pdf")
        outcomes = run_forked(lambda i: _write_reporting(tasks[i]), order, workers)
    finally:
        gc.unfreeze()
    return [_raise_or_pages(outcomes[i], tasks[i]) for i in range(len(tasks))]


def _write(task: WriteTask) -> int | None:
    """Run one writer into its temporary file; OutputError when the disk refuses,
    InternalError on a bug."""
    try:
        with _stage(f"the {task.fmt} writer"):
            pages = WRITERS[task.fmt](task.document, task.fonts, task.temp)
    except InternalError as exc:
        cause = exc.cause
        if isinstance(cause, OSError) and cause.errno in _DISK_ERRORS:
            raise OutputError(f"{task.final}: cannot write ({cause.strerror or cause}); free "
                              "some space or give a writable folder with --out") from None
        raise
    if not task.temp.exists() or task.temp.stat().st_size == 0:
        raise InternalError(f"the {task.fmt} writer",
                            RuntimeError(f"it wrote nothing for {task.final.name}"))
    return pages


def _write_reporting(task: WriteTask) -> Outcome:
    """_write in a forked process: what happened, as plain picklable data."""
    try:
        return "pages", _write(task)
    except KeyboardInterrupt:
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
        raise KeyboardInterrupt
    if kind == CRASHED:
        failure = WorkerFailure("exit", f"its process ended with status {value} before reporting")
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
