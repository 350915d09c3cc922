"""The command line: arguments -> Options -> build(); prints one line per file written.

Exit status: 0 success; 1 failure: bad input (one line per problem on stderr, naming file,
line and the fix), a missing font, an output folder that cannot be written, or an internal
error (one line naming the stage); 2 bad usage; 130 interrupted. No traceback unless --debug.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefgen.errors import BriefError, InternalError, shown_path
from briefgen.pipeline import DIGIT_STYLES, FORMATS, LANGS, ROOT, Options, build, paper_names

EXAMPLES = """examples:
  python generate.py                          every paper, both languages, PDF and DOCX
  python generate.py --lang ar --format pdf   only briefs/<brief-id>.ar.pdf
  python generate.py --brief all              the full paper and the one-page summary
  python generate.py --digits western         Arabic paper with Western digits (2024)
  python generate.py --check                  validate facts.toml and templates only
  python generate.py --facts F --out D        another fact base, another output folder
  python generate.py --changes-since briefs/records/<brief-id>.edition-1.json
                                              "Changes since edition 1", whatever came between
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The parsed command line (argparse exits with 2 on bad usage)."""
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
    parser.add_argument("--facts", type=Path, default=ROOT / "facts.toml",
                        help="the fact base (default: facts.toml)")
    parser.add_argument("--seeds", type=Path,
                        help="folder of the source documents the quotes are checked against "
                             "(default: seeds/ beside the fact base)")
    parser.add_argument("--out", type=Path, default=ROOT / "briefs",
                        help="output folder (default: briefs/)")
    parser.add_argument("--templates", type=Path, default=ROOT / "templates",
                        help="templates folder (default: templates/)")
    parser.add_argument("--fonts", type=Path, default=ROOT / "fonts",
                        help="folder of the font files (default: fonts/)")
    parser.add_argument("--changes-since", type=Path, metavar="RECORD",
                        help="compare with this earlier edition's record (default: the "
                             "latest earlier one in OUT/records/)")
    parser.add_argument("--check", action="store_true",
                        help="validate the fact base and templates; write nothing")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser.parse_args(argv)


def options_from(args: argparse.Namespace) -> Options:
    """Options for build() from parsed arguments."""
    papers = tuple(paper_names(args.templates)) if args.brief == "all" else (args.brief,)
    return Options(
        facts=args.facts, seeds=args.seeds, out=args.out, templates=args.templates,
        fonts=args.fonts,
        langs=LANGS if args.lang == "all" else (args.lang,),
        formats=FORMATS if args.format == "all" else (args.format,),
        papers=papers, digits=args.digits, check_only=args.check,
        changes_since=args.changes_since,
        **({"jobs": 1} if args.debug else {}))  # --debug: writers in this process, real tracebacks


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        with _terminate_as_interrupt():  # so that a killed run removes its temporary files
            result = build(options_from(args))
    except BriefError as exc:
        if args.debug:
            raise
        print(f"error: {exc}".replace("\n", "\nerror: "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("error: interrupted; the previous papers are kept", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, the traceback with --debug
        if args.debug:
            raise
        internal = exc if isinstance(exc, InternalError) else InternalError("generate.py", exc)
        print(f"error: {internal}; run with --debug for the traceback", file=sys.stderr)
        return 1
    report = result.report
    if args.check:
        print(f"ok: {report.facts} facts, {report.sources} sources, {report.quotes} quotes "
              "checked; templates render in every language")
    for written in result.written:
        pages = f"{written.pages} page{'s' if written.pages > 1 else ''}, " if written.pages else ""
        print(f"{shown_path(written.path)}  ({pages}{written.size / 1024:.0f} KiB)")
    return 0


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM raises KeyboardInterrupt (in the main thread only)."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
