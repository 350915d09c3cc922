"""The command line: arguments -> Options -> build(); prints one line per file written.
With --watch, build() again after every save of an input (briefgen/live.py).

Exit status: 0 success; 1 failure: bad input (one line per problem on stderr, naming file,
line and the fix), a missing or damaged font, an output folder that cannot be written,
another run holding the folder past --wait, standard output that cannot be written, or an
internal error (one line naming the stage); 2 bad usage; 130 interrupted (SIGINT, SIGTERM,
SIGHUP), saying whether the previous papers are kept or the new ones were written. No
traceback unless --debug. A closed standard output (`generate.py | head -1`) is not an
error: the papers are written and the run ends quietly. --watch ends with 0 on Ctrl-C
while it waits for a change, 130 when Ctrl-C stops a rebuild, 1 when an input cannot be
watched.

generate.py holds the signals back from its first line; the signal guard is set first
here, then lets them in, and the pipeline (with its libraries) is imported under it, so
that an interrupt at any moment of a run ends it the same way.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import BriefError, InternalError, shown_path
from briefgen.interrupts import SignalGuard, release_held

if TYPE_CHECKING:
    from briefgen.pipeline import Options, Result

INTERRUPTED = 130

EXAMPLES = """examples:
  python generate.py                          every paper, both languages, PDF and DOCX
  python generate.py --lang ar --format pdf   only briefs/<brief-id>.ar.pdf
  python generate.py --brief all              the full paper and the one-page summary
  python generate.py --digits western         Arabic paper with Western digits (2024)
  python generate.py --check                  validate facts.toml and templates only
  python generate.py --facts F --out D        another fact base, another output folder
  python generate.py --changes-since briefs/records/<brief-id>.edition-1.json
                                              "Changes since edition 1", whatever came between
  python generate.py --watch --lang ar --format pdf
                                              rewrite the Arabic PDF after every save
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The parsed command line (argparse exits with 2 on bad usage)."""
    from briefgen.folderlock import DEFAULT_WAIT, WAIT_VARIABLE
    from briefgen.pipeline import DIGIT_STYLES, FORMATS, LANGS, ROOT

    parser = argparse.ArgumentParser(
        prog="generate.py", description="Write the bilingual briefing papers from facts.toml.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=[*LANGS, "all"], default="all",
                        help="language of the papers (default: all)")
    parser.add_argument("--format", choices=[*FORMATS, "all"], default="all",
                        help="file format (default: all)")
    parser.add_argument("--brief", default="full",
                        help="paper to write: full, summary, any template's name, or all "
                             "(default: full)")
    parser.add_argument("--digits", choices=DIGIT_STYLES,
                        help="digits of the Arabic paper (default: from facts.toml)")
    parser.add_argument("--facts", type=_path, default=ROOT / "facts.toml",
                        help="the fact base (default: facts.toml)")
    parser.add_argument("--seeds", type=_path,
                        help="folder of the source documents the quotes are checked against "
                             "(default: seeds/ beside the fact base)")
    parser.add_argument("--out", type=_path, default=ROOT / "briefs",
                        help="output folder (default: briefs/)")
    parser.add_argument("--templates", type=_path, default=ROOT / "templates",
                        help="templates folder (default: templates/)")
    parser.add_argument("--fonts", type=_path, default=ROOT / "fonts",
                        help="folder of the font files (default: fonts/)")
    parser.add_argument("--changes-since", type=_path, metavar="RECORD",
                        help="compare with this earlier edition's record (default: the "
                             "latest earlier one in OUT/records/)")
    parser.add_argument("--wait", type=_seconds, metavar="SECONDS",
                        help="how long to wait for another run writing into the same output "
                             f"folder (default: {DEFAULT_WAIT:g}, or ${WAIT_VARIABLE})")
    parser.add_argument("--check", action="store_true",
                        help="validate the fact base and templates; write nothing")
    parser.add_argument("--watch", action="store_true",
                        help="build, then rebuild what changes after every save of the fact "
                             "base, templates, fonts or seeds, one line each; Ctrl-C stops")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    args = parser.parse_args(argv)
    if args.wait is None:
        try:
            args.wait = _seconds(os.environ.get(WAIT_VARIABLE) or str(DEFAULT_WAIT))
        except argparse.ArgumentTypeError as exc:
            parser.error(f"${WAIT_VARIABLE}: {exc}")
    return args


def _seconds(text: str) -> float:
    """A number of seconds, 0 or more (argparse's type for --wait)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return value


def _path(text: str) -> Path:
    """A path given on the command line: never empty (which would mean the working folder,
    as `--out "$UNSET"` gives it)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path; give a file or folder")
    return Path(text)


def options_from(args: argparse.Namespace) -> Options:
    """Options for build() from parsed arguments."""
    from briefgen.pipeline import FORMATS, LANGS, Options, paper_names

    papers = tuple(paper_names(args.templates)) if args.brief == "all" else (args.brief,)
    return Options(
        facts=args.facts, seeds=args.seeds, out=args.out, templates=args.templates,
        fonts=args.fonts,
        langs=LANGS if args.lang == "all" else (args.lang,),
        formats=FORMATS if args.format == "all" else (args.format,),
        papers=papers, digits=args.digits, check_only=args.check, wait=args.wait,
        changes_since=args.changes_since,
        **({"jobs": 1} if args.debug else {}))  # --debug: writers in this process, real tracebacks


def run() -> int:
    """main() for the process generate.py runs in, which holds the signals back until the
    guard is set; once it returns, a late signal is ignored (the run is over; nothing
    could report it)."""
    _hold_standard_descriptors()
    return main(process=True)


def _hold_standard_descriptors() -> None:
    """Standard input, output or error closed when the run started (`>&-`): the null device
    in its place, so that no file the run opens (a paper, the journal) takes its number,
    where anything written to that stream would land; and a Python stream on it, for
    Python left the stream None, and print() then writes to standard output instead.
    Standard output escapes what its encoding cannot hold (an Arabic folder name under
    PYTHONIOENCODING=ascii), as Python's standard error does, rather than fail."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors == "strict":
        sys.stdout.reconfigure(errors="backslashreplace")


def _error(message: str) -> None:
    """One or more `error:` lines on standard error."""
    print(f"error: {message}", file=sys.stderr)


def main(argv: list[str] | None = None, process: bool = False) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    guard = SignalGuard(ignore_after=process)
    with guard:
        debug = "--debug" in argv
        try:
            if process:
                release_held()  # a signal held back while loading is raised here
            status = _main(argv, guard)
            guard.check()  # a signal whose exception something swallowed is not lost
            return status
        except KeyboardInterrupt as exc:  # from here on, signals are only recorded
            if debug:
                raise
            committed = getattr(exc, "committed", False)
            kept = "the new papers are written" if committed else "the previous papers are kept"
            _error(f"interrupted; {kept}")
            return INTERRUPTED


def _main(argv: list[str], guard: SignalGuard) -> int:
    from briefgen.pipeline import build

    args = parse_args(argv)
    try:
        os.getcwd()  # a library or two would fail at import without it
    except OSError as exc:
        _error(f"the working folder is gone ({exc.strerror or exc}); change to a folder that "
               "exists (cd) and run again")
        return 1
    try:
        if args.watch:
            from briefgen.live import watch

            gc.enable()  # a session runs for hours: its cycles must go (generate.py)

            return watch(options_from(args), guard, _say, args.debug)
        result = build(options_from(args), guard)
    except BriefError as exc:
        if args.debug:
            raise
        _error(str(exc).replace("\n", "\nerror: "))
        return 1
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # a bug: one line, the traceback with --debug
        if args.debug:
            raise
        internal = exc if isinstance(exc, InternalError) else InternalError("generate.py", exc)
        _error(f"{internal}; run with --debug for the traceback")
        return 1
    return _report(result, args.check)


def _report(result: Result, check: bool) -> int:
    """Print what was checked or written; 0, or 1 when standard output refuses it (one
    line on stderr). A closed pipe is no error: whoever read it wanted no more."""
    report = result.report
    lines = []
    if check:
        lines.append(f"ok: {report.facts} facts, {report.sources} sources, {report.quotes} "
                     "quotes checked; templates render in every language")
    for written in result.written:
        pages = f"{written.pages} page{'s' if written.pages > 1 else ''}, " if written.pages else ""
        lines.append(f"{shown_path(written.path)}  ({pages}{written.size / 1024:.0f} KiB)")
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
    except OSError as exc:
        _discard_stdout()
        done = "the papers are written" if result.written else "nothing was written"
        _error(f"cannot write to standard output ({exc.strerror or exc}); {done}")
        return 1
    return 0


def _say(line: str) -> bool:
    """Print a line of --watch; False once standard output is closed (or fails: said on
    stderr)."""
    try:
        print(line, flush=True)
    except BrokenPipeError:
        _discard_stdout()
        return False
    except OSError as exc:
        _discard_stdout()
        _error(f"cannot write to standard output ({exc.strerror or exc}); stopped watching")
        return False
    return True


def _discard_stdout() -> None:
    """Point standard output at the null device, so that what is left in its buffer goes
    nowhere when the interpreter flushes it at exit (instead of failing again there)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        pass
