"""`generate.py --watch`: build, then rebuild after every save of an input, until Ctrl-C.

- What is watched (briefgen/watch.py: inotify on the folders, so that an editor's save by
  rename is seen): the fact base and the spelling table beside it, the templates folder
  and its subfolders, the fonts folder, the seeds folder. The watcher is set up before the
  first build, so a save made while it runs is not missed.
- Each burst of saves is one rebuild: build() with the session's Warm (briefgen/warm.py),
  which reuses what the change did not touch and writes only the files whose content
  changes. It commits as a single run does (all or nothing, through the output folder's
  journal), and prints one line on standard output: `rebuilt <files> in <ms> ms`, the
  time from the change seen to the last file in place (`built ...` for the first build;
  `nothing to rewrite: ...` when no file changes).
- Bad input prints the usual located messages on standard error and a line saying that
  the folder keeps the last good build's files; the session goes on, and the next save
  rebuilds. So does a file that cannot be written, or an internal error (--debug prints
  its traceback).
- The output folder's lock is taken for each rebuild, from reading the records to the
  commit, as a single run takes it, not for the whole session: another run into the same
  folder waits at most for one rebuild. Files never mix: each commit is whole, and a
  rebuild writes again any file that another run replaced since the session's last one.
- The writers run in this process (Options.jobs 1): their sessions keep what they learn
  (writers/base.py) for the next save. The fact base's check runs beside them, in a
  process forked for the session when it starts (briefgen/checkaside.py; here with
  --debug, and for --check, which is the check), which keeps its own memos; its report is
  awaited before each commit. No thread is started: the watcher and the signal guard's
  wake-up pipe are waited on with select().
- The cyclic garbage collector runs between rebuilds, while the session waits (see
  collect_between), not inside them.
- Ctrl-C (or SIGTERM, SIGHUP) while waiting ends the session: `stopped watching` on
  standard error, exit status 0. During a rebuild it stops that rebuild as it stops a
  single run (the previous files kept, or the new ones in place if the commit had begun),
  with the usual message and exit status 130.
"""

from __future__ import annotations

import gc
import select
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace

from briefgen.checkaside import check_process
from briefgen.errors import BriefError, InternalError, shown_path
from briefgen.facts.spelling import FILE_NAME as SPELLINGS_FILE
from briefgen.interrupts import SignalGuard
from briefgen.pipeline import BULK_THRESHOLDS, Options, Result, Warm, build, collector_thresholds
from briefgen.watch import ChangeSet, WatchedInput, Watcher

Say = Callable[[str], bool]  # prints a line on standard output; False once nobody reads it
QUIET = 0.002  # seconds without events that end a burst: an editor's save takes about one


def watched_inputs(options: Options) -> list[WatchedInput]:
    """The inputs of a build with these options, as the watcher sees them."""
    seeds = options.seeds or options.facts.parent / "seeds"
    return [WatchedInput("facts", options.facts),
            WatchedInput("facts", options.facts.parent / SPELLINGS_FILE, optional=True),
            WatchedInput("templates", options.templates, recursive=True),
            WatchedInput("fonts", options.fonts),
            WatchedInput("seeds", seeds)]


def watch(options: Options, guard: SignalGuard, say: Say, debug: bool = False) -> int:
    """Build, then rebuild on every change, until a signal; the exit status (see the
    module). WatchError when an input cannot be watched."""
    options = replace(options, jobs=1)  # writers here, where their sessions stay warm
    # Between rebuilds a signal is only recorded (and ends the session); inside one, build()
    # raises it where a single run would (the guard's immediate() parts, its checks). The
    # check process is forked first, before anything else is started.
    with check_process(not debug and not options.check_only) as checks, \
            collector_thresholds(BULK_THRESHOLDS), guard.deferred(), \
            Watcher(watched_inputs(options), quiet=QUIET) as watcher:
        warm = Warm(checks=checks)
        if not _rebuild(options, guard, warm, say, debug, "built"):
            return 0
        print(f"watching {', '.join(_shown(w) for w in watcher.inputs if w.path.exists())} "
              "for changes (Ctrl-C to stop)", file=sys.stderr, flush=True)
        rebuilds = 0
        collect_between(rebuilds)
        while (change := _next_change(watcher, guard)) is not None:
            warm.saw(change.kinds)
            if not _rebuild(options, guard, warm, say, debug, "rebuilt"):
                return 0
            rebuilds += 1
            collect_between(rebuilds)
    guard.clear()  # the signal that ended the session is acted on
    print("stopped watching", file=sys.stderr, flush=True)
    return 0


FULL_COLLECTION_EVERY = 100  # rebuilds (as a build's thresholds collect every object)


def collect_between(rebuilds: int) -> None:
    """After a rebuild, its line printed: what it left collected here, while the session
    waits, not during the next rebuild (the session keeps a build's collector thresholds
    throughout, so no build's end sets off a collection either): the young objects, and
    every object after the first build and every FULL_COLLECTION_EVERY rebuilds."""
    gc.collect(2 if rebuilds % FULL_COLLECTION_EVERY == 0 else 1)


def _shown(watched: WatchedInput) -> str:
    return shown_path(watched.path) + ("/" if watched.path.is_dir() else "")


def _next_change(watcher: Watcher, guard: SignalGuard) -> ChangeSet | None:
    """The next change set; None when a signal comes first (it is only recorded)."""
    waited = [watcher.fileno()] + ([guard.wakeup] if guard.wakeup is not None else [])
    while guard.signum is None:
        ready, _, _ = select.select(waited, [], [])
        if watcher.fileno() in ready and guard.signum is None:
            change = watcher.wait(0)
            if change is not None:
                return change
    return None


def _rebuild(options: Options, guard: SignalGuard, warm: Warm, say: Say, debug: bool,
             verb: str) -> bool:
    """One build, reported; False when standard output is gone (the session ends)."""
    started = time.perf_counter()
    try:
        result = build(options, guard, warm)
    except KeyboardInterrupt:
        raise
    except BriefError as exc:
        _failed(str(exc), options)
        return True
    except Exception as exc:  # a bug: one line (the traceback with --debug), and go on
        if debug:
            traceback.print_exc()
        internal = exc if isinstance(exc, InternalError) else InternalError("generate.py", exc)
        _failed(f"{internal}; run with --debug for the traceback", options)
        return True
    return say(report_line(result, verb, time.perf_counter() - started, options.check_only))


def report_line(result: Result, verb: str, seconds: float, check_only: bool = False) -> str:
    """The line a build prints: what it wrote, in how many milliseconds."""
    ms = f"{seconds * 1000:.1f} ms"
    if check_only:
        report = result.report
        return (f"checked in {ms}: ok, {report.facts} facts, {report.sources} sources, "
                f"{report.quotes} quotes; templates render in every language")
    if not result.written:
        return f"nothing to rewrite: the files are up to date ({ms})"
    return f"{verb} {', '.join(shown_path(w.path) for w in result.written)} in {ms}"


def _failed(message: str, options: Options) -> None:
    print(f"error: {message}".replace("\n", "\nerror: "), file=sys.stderr)
    kept = ("" if options.check_only else
            f"; {shown_path(options.out)} keeps the files of the last good build")
    print(f"still watching{kept}: fix the input and save", file=sys.stderr, flush=True)
