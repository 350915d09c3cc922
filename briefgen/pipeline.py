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
    writers running on two cores (briefgen/writing.py);
 5. only when all are written, put them in place at once, the record with the papers. On
    any failure or interrupt before that, the temporary files are removed and the previous
    edition (its record too) stays as it was.

build() takes a Warm (briefgen/warm.py): what the process kept from its earlier builds. A
single run gives a new one, and every step runs; `--watch` keeps one for its session, and
each step reuses what its inputs did not change: the fonts, the fact base and its checks,
the records, the composed papers, and the files themselves: a file whose document is the
same as at the last commit (and still on the disk as it left it) is not written again, so
a rebuild reserves, writes and commits only the files that change.

SIGINT, SIGTERM and SIGHUP raise Interrupted (a KeyboardInterrupt) at once while loading,
composing and writing in this process; while writer processes run, and from the lock to
the end, they are recorded and acted on at fixed points (briefgen/interrupts.py). An
interrupt that comes during the commit lets it finish: Interrupted then says `committed`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.checkaside import Checking, CheckRequest
from briefgen.compose.render import STRINGS_FILE, compose, paper_names
from briefgen.coverage import check_coverage
from briefgen.editions.record import RECORDS_FOLDER
from briefgen.errors import InputError, Problem
from briefgen.facts.load import load_facts
from briefgen.facts.records import FactBase
from briefgen.facts.spelling import FILE_NAME as SPELLINGS_FILE
from briefgen.folderlock import DEFAULT_WAIT
from briefgen.forked import can_fork
from briefgen.history import History, read_history, record_name, redline_name
from briefgen.interrupts import SignalGuard
from briefgen.memo import Memo, digest
from briefgen.model import Document, Redline
from briefgen.output import Edition
from briefgen.testhook import hook
from briefgen.text.numerals import DIGIT_STYLES
from briefgen.textfile import file_identity, read_regular
from briefgen.warm import Warm
from briefgen.writers.base import Writer
from briefgen.writers.fonts import FontSet, load_fontset
from briefgen.writers.registry import REDLINE_WRITERS, WRITERS, load_writers, open_session
from briefgen.writing import ReadyWriter, WriteTask, stage, write_all, write_bytes

if TYPE_CHECKING:
    from briefgen.facts.report import CheckReport

__all__ = ["BULK_THRESHOLDS", "DIGIT_STYLES", "FORMATS", "LANGS", "ROOT", "Options", "Result",
           "Warm", "build", "collector_thresholds", "composed_papers", "paper_names"]

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ar", "en")
FORMATS = tuple(WRITERS)


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


def build(options: Options, guard: SignalGuard | None = None, warm: Warm | None = None) -> Result:
    """Run the pipeline; InputError, FontError or OutputError on failure (InternalError for
    a bug: an unexpected exception in a stage, which is named); Interrupted on a signal.
    `guard` is the caller's signal guard, entered (the command line's); without one, build
    sets its own. `warm` is what earlier builds in this process kept (a new one without).
    Re-entrant: what it changes in the process (signal handlers, the collector's
    thresholds) is set back when it returns."""
    warm = warm or Warm(single=True)
    warm.stages.clear()
    with collector_thresholds(BULK_THRESHOLDS):
        if guard is not None:
            guard.committed = False
            return _build(options, guard, warm)
        with SignalGuard() as own:
            return _build(options, own, warm)


@contextmanager
def collector_thresholds(thresholds: tuple[int, int, int]) -> Iterator[None]:
    """The collector's thresholds set for the time of the block, then set back."""
    saved = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _build(options: Options, guard: SignalGuard, warm: Warm) -> Result:
    with warm.timed("fonts"):  # 1
        fonts = warm.reuse("fonts", (options.fonts, warm.generations["fonts"]),
                           lambda: load_fontset(options.fonts))
    with _ready_writer(options, warm, fonts) as ready:
        return _build_with(options, guard, warm, fonts, ready)


@contextmanager
def _ready_writer(options: Options, warm: Warm, fonts: FontSet) -> Iterator[ReadyWriter | None]:
    """For a single run that writes one paper in one language and one format on two cores,
    its writer, forked now (writing.ReadyWriter): it loads while the paper is composed.
    None for any other build. Stopped at once if the build fails."""
    if not (warm.single and not options.check_only and options.jobs > 1 and can_fork()
            and len(options.papers) == len(options.langs) == len(options.formats) == 1):
        yield None
        return
    writer = WRITERS[options.formats[0]]
    ready = ReadyWriter(options.formats[0], options.langs[0], lambda: open_session(writer, fonts))
    try:
        yield ready
    except BaseException:
        ready.stop()
        raise
    ready.close()


def _build_with(options: Options, guard: SignalGuard, warm: Warm, fonts: FontSet,
                ready: ReadyWriter | None) -> Result:
    # a session loads the bytes it digests: what its check process checks (checkaside.py)
    data = None if warm.single else _read_or_none(options.facts)
    inputs = _Inputs.read(options, warm, data)
    with warm.timed("load"), stage("the fact-base loader"):  # 2
        base = warm.reuse("base", inputs.facts, lambda: load_facts(
            options.facts, options.langs, warm.facts_memo, data))
    data = None  # not held while the rest runs

    def check() -> CheckReport:
        from briefgen.facts.check import check_facts  # here: in the process that checks

        with warm.timed("check"), stage("the fact-base loader"):
            return warm.reuse("check", inputs.check, lambda: check_facts(
                base, options.facts, inputs.seeds, options.templates / STRINGS_FILE,
                warm.check_memo))

    # by the session's check process, or beside the rest of a run that may use both cores
    # (checkaside.py), else here, now
    served = None
    if (warm.checks is not None and inputs.facts[0] is not None and not options.check_only
            and not warm.holds("check", inputs.check)):
        served = warm.checks, CheckRequest(options.facts, inputs.facts[0], options.langs,
                                           inputs.seeds, options.templates / STRINGS_FILE)
    checking = Checking(check, options.jobs > 1 and not options.check_only, served)
    try:
        _check_papers(options)
        _check_file_names(base, options)
        if options.check_only:  # 3, without the lock: nothing is written
            _compose_edition(base, options, fonts, inputs, warm)
            guard.check()
            return Result(checking.report())
        with guard.deferred(), Edition(options.out, options.wait, guard.check) as edition:  # 4
            with guard.immediate():  # 3, from the records as the lock and recovery leave them
                planned = _compose_edition(base, options, fonts, inputs, warm)
            outputs = [output for output in planned.outputs(options.out, base.brief.id)
                       if not warm.unchanged(output.final, output.source, output.fonts(fonts))]
            pages: list[int | None] = []
            if outputs:
                pages = _write_outputs(outputs, edition, fonts, options, guard, warm, ready)
            with warm.timed("check"):  # nothing is put in place without its report
                result = Result(warm.reuse("check", inputs.check, lambda: checking.report(
                    guard.wakeup, guard.check)))
            if outputs:
                with warm.timed("commit"):
                    edition.commit([(output.temp, output.final) for output in outputs],
                                   stop=guard.check)  # 5
                guard.committed = True
                for output in outputs:
                    warm.committed(output.final, output.source, output.fonts(fonts))
    except BaseException as exc:
        checking.failed(exc)  # the check's own problems, if any, say more
        raise
    guard.check()  # a signal held back during the commit: the new files are in place
    for output, count in zip(outputs, pages, strict=True):
        result.written.append(Written(output.final, count, output.final.stat().st_size))
    return result


def composed_papers(options: Options) -> dict[tuple[str, str], Document]:
    """The papers a build with `options` writes, {(paper, lang): Document}, composed as it
    composes them (with the changes since the earlier edition recorded in `options.out`),
    without the lock and without writing anything: what a reader of the files compares
    them with. InputError or FontError as build() raises them."""
    fonts = load_fontset(options.fonts)
    warm = Warm(single=True)
    inputs = _Inputs.read(options, warm)
    with stage("the fact-base loader"):
        base = load_facts(options.facts, options.langs)
    _check_papers(options)
    planned = _compose_edition(base, options, fonts, inputs, warm)
    return {(paper, lang): document for paper, lang, document in planned.papers}


@dataclass
class _Inputs:
    """What this build reads besides the fact base's records, as keys for what earlier
    builds found: `facts` (the fact base's digest and the languages), `check` (with the
    spelling table, seeds and templates), `records` (the other editions' records)."""

    seeds: Path
    facts: tuple[object, ...]
    check: tuple[object, ...]
    records: tuple[object, ...]

    @classmethod
    def read(cls, options: Options, warm: Warm, data: bytes | None = None) -> _Inputs:
        """The keys; `data`: the fact base's bytes, when the caller read them."""
        seeds = options.seeds or options.facts.parent / "seeds"
        facts = (_digest(options.facts) if data is None else digest(data), options.langs,
                 _digest(options.facts.parent / SPELLINGS_FILE))
        check = (facts, seeds, options.templates, warm.generations["seeds"],
                 warm.generations["templates"])
        given = options.changes_since
        return cls(seeds, facts, check, (facts, given, given and file_identity(given)))


def _digest(path: Path) -> bytes | None:
    """A digest of the file's bytes: what it holds, as a key, without holding it (a fact
    base 100 times the real one is 29 MB)."""
    data = _read_or_none(path)
    return None if data is None else digest(data)


def _read_or_none(path: Path) -> bytes | None:
    """The file's bytes; None when it cannot be read (the loader says why, if it needs it)."""
    try:
        return read_regular(path)  # never waits on a named pipe
    except OSError:
        return None


@dataclass
class Output:
    """One file of the edition: where it goes, what it is written from (a Document, a
    Redline, or the bytes of the record), by which writer and session; its temporary
    file once reserved."""

    final: Path
    source: Document | Redline | bytes
    fmt: str = ""
    writer: Writer | None = None
    session: str = ""
    temp: Path = field(default_factory=Path)

    def fonts(self, fonts: FontSet) -> FontSet | None:
        """The fonts the file is made with (none for bytes written as they are)."""
        return fonts if self.writer is not None else None


@dataclass
class PlannedEdition:
    """What a run writes: its papers (paper, lang, Document), the redlines (lang, Redline)
    and the edition's record (JSON bytes), if the run records it."""

    formats: tuple[str, ...]
    papers: list[tuple[str, str, Document]]
    redlines: list[tuple[str, Redline]]
    record: bytes | None
    edition: int

    def outputs(self, out: Path, brief_id: str) -> list[Output]:
        """Every file: the papers', the redlines', the record's (last)."""
        papers = [Output(out / output_name(brief_id, paper, lang, fmt), document, fmt,
                         WRITERS[fmt], fmt)
                  for paper, lang, document in self.papers for fmt in self.formats]
        redlines = [Output(out / redline_name(brief_id, lang), redline, "docx",
                           REDLINE_WRITERS["docx"], "docx redline")
                    for lang, redline in self.redlines]
        record = ([Output(out / record_name(brief_id, self.edition), self.record)]
                  if self.record is not None else [])
        return papers + redlines + record


def _write_outputs(outputs: list[Output], edition: Edition, fonts: FontSet, options: Options,
                   guard: SignalGuard, warm: Warm, ready: ReadyWriter | None) -> list[int | None]:
    """Reserve a temporary file for each output and write it there (the record here, the
    papers and redlines by their writers); the page counts, in order."""
    for output, temp in zip(outputs, edition.reserve([o.final for o in outputs]), strict=True):
        output.temp = temp
    for output in outputs:
        if output.writer is None:
            write_bytes(output.source, output.temp, output.final)  # type: ignore[arg-type]
            hook("recorded")
    papers = [output for output in outputs if output.writer is not None]
    with warm.timed("write"):
        pages = iter(_write_papers(papers, fonts, options, guard, warm, ready))
    return [None if output.writer is None else next(pages) for output in outputs]


def _write_papers(papers: list[Output], fonts: FontSet, options: Options, guard: SignalGuard,
                  warm: Warm, ready: ReadyWriter | None) -> list[int | None]:
    """The outputs that have a writer written: by the ready writer if it is the one it was
    forked for, else by their sessions' writers (writing.write_all); their page counts."""
    slots = [output.final.relative_to(options.out).as_posix() for output in papers]
    if ready is not None and [output.session for output in papers] == [ready.fmt]:
        paper = papers[0]
        return [ready.write(paper.source, slots[0], paper.temp, paper.final, guard, warm.stages)]
    tasks = [WriteTask(output.fmt, output.source,
                       warm.session(output.session, output.writer, fonts), slot,  # type: ignore[arg-type]
                       output.temp, output.final)
             for output, slot in zip(papers, slots, strict=True)]
    load_writers(tuple(dict.fromkeys(task.fmt for task in tasks)))
    return write_all(tasks, options.jobs, guard, warm.stages)


def _compose_edition(base: FactBase, options: Options, fonts: FontSet, inputs: _Inputs,
                     warm: Warm) -> PlannedEdition:
    """Every paper asked for, composed (with the changes since the earlier edition's
    record), the redlines and the record; InputError when a character is in no font."""
    every_paper = (set(options.papers) == set(paper_names(options.templates))
                   and set(options.langs) == set(LANGS))
    records = (inputs.records, every_paper, _other_records(options.out, base))
    with warm.timed("records"), stage("reading the records"):
        history = warm.reuse("history", records, lambda: read_history(
            options.out, options.facts, base, options.changes_since, every_paper))
    hook("composing")
    scope = (records, warm.generations["templates"], options.templates)
    with warm.timed("compose"), warm.documents.round(scope) as documents:

        def composed_paper(paper: str, lang: str, digits: str = base.brief.digits) -> Document:
            def composing() -> Document:
                with stage(f"composing the {paper} paper ({lang})"):
                    return compose(base, paper, lang, digits, options.templates, history.changes,
                                   warm.blocks(paper, lang, digits),
                                   warm.fragments(paper, lang, digits))
            return documents.get((paper, lang, digits), composing)

        digits = options.digits or base.brief.digits
        papers = [(paper, lang, composed_paper(paper, lang, digits))
                  for paper in options.papers for lang in options.langs]
        redlines = history.redlines(options.langs, composed_paper) if (
            "docx" in options.formats and "full" in options.papers) else []
        with warm.timed("coverage"):
            covered = warm.reuse("covered", (options.fonts, warm.generations["fonts"]),
                                 lambda: frozenset().union(*fonts.coverage.values()))
            warm.reuse("coverage", (scope, warm.generations["fonts"], options.papers, digits,
                                    options.formats), lambda: _check_coverage(
                [document for _, _, document in papers]
                + [redline.previous for _, redline in redlines], fonts, covered, options,
                history, warm.coverage_memo))
        with warm.timed("record"), stage("recording the edition"):
            record = warm.reuse("record", scope, lambda: history.record(
                base, paper_names(options.templates), composed_paper))
    return PlannedEdition(options.formats, papers, redlines, record, base.brief.edition)


def _other_records(out: Path, base: FactBase) -> tuple[object, ...]:
    """The records in the output folder that are not of this edition (those the run may
    compare with, or that supersede it), with their files' identities."""
    folder = out / RECORDS_FOLDER
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ()
    own = record_name(base.brief.id, base.brief.edition).rsplit("/", 1)[-1]
    return tuple((name, file_identity(folder / name)) for name in names if name != own)


def _check_coverage(documents: list[Document], fonts: FontSet, covered: frozenset[int],
                    options: Options, history: History, memo: Memo | None) -> None:
    """InputError, located in the inputs, when the papers print a character no font has
    (`covered`: the fonts' code points; the redlines' earlier wording comes from the
    earlier record)."""
    if fonts.coverage:
        check_coverage(documents, covered,
                       [options.facts, options.templates / STRINGS_FILE,
                        *sorted(options.templates.rglob("*.j2")),
                        *([history.earlier_path] if history.earlier_path else [])], memo)


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


