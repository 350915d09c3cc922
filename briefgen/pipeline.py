"""build(): the steps from fact base to files, in order.

 1. load the fonts (a missing font stops everything before any work);
 2. load and check the fact base (schema, quotes in the seeds, numbers in both languages);
 3. compose every paper asked for, in every language asked for (templates -> model);
 4. write every file to a temporary file beside its final place;
 5. only when all are written, rename them into place. On any failure the temporary files
    are removed and the previous edition stays as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont

from briefgen.compose.render import compose, paper_names
from briefgen.errors import BriefError, FontError, InputError, InternalError, OutputError, Problem
from briefgen.facts.check import CheckReport, check_facts
from briefgen.facts.load import load_facts
from briefgen.writers.fonts import FONT_FILES, FontSet, load_fontset
from briefgen.writers.registry import WRITERS

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


def build(options: Options) -> Result:
    """Run the pipeline; InputError, FontError or OutputError on failure (InternalError for
    a bug: an unexpected exception in a stage, which is named)."""
    fonts = _check_fonts(load_fontset(options.fonts))  # 1
    with _stage("the fact-base loader"):  # 2
        base = load_facts(options.facts, options.langs)
        seeds = options.seeds or options.facts.parent / "seeds"
        report = check_facts(base, options.facts, seeds)
    known = paper_names(options.templates)
    if not options.papers:
        raise InputError([Problem(options.templates, None, "no paper templates (*.xml.j2) "
                                  "here; give the templates folder with --templates")])
    for paper in options.papers:
        if paper not in known:
            raise InputError([Problem(options.templates / f"{paper}.xml.j2", None,
                                      f"no template for the paper {paper!r}; "
                                      f"papers here: {', '.join(known) or 'none'}")])
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
    out = _prepare_folder(options.out)
    pending: list[tuple[Path, Path, int | None]] = []
    try:
        for paper, lang, document in documents:  # 4
            for fmt in options.formats:
                final = out / output_name(base.brief.id, paper, lang, fmt)
                if final.is_dir():
                    raise OutputError(f"{final}: a folder stands where the file goes; "
                                      "move it away or give another folder with --out")
                temp = _temp_path(final)
                pending.append((temp, final, None))
                pending[-1] = (temp, final, _write(fmt, document, fonts, temp, final))
        _commit([(temp, final) for temp, final, _ in pending])  # 5
        for _, final, pages in pending:
            result.written.append(Written(final, pages, final.stat().st_size))
    finally:
        for temp, _, _ in pending:
            temp.unlink(missing_ok=True)
    return result


def _check_fonts(fonts: FontSet) -> FontSet:
    """Read the tables every writer needs from each font; FontError naming a damaged file
    (load_fontset only checks that each file exists and starts like a font)."""
    for name in FONT_FILES:
        path = getattr(fonts, name)
        try:
            with TTFont(path, lazy=True) as font:
                if not font.getBestCmap():
                    raise ValueError("no Unicode cmap")
                for table in ("head", "hhea", "hmtx", "maxp"):
                    font[table]  # reading the table is the check
        except Exception as exc:  # fontTools raises many kinds on a damaged file
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise FontError(f"{path}: damaged font ({detail}); restore it from the "
                            "repository") from None
    return fonts


@contextmanager
def _stage(name: str) -> Iterator[None]:
    """Let BriefError through; turn any other exception into InternalError naming `name`."""
    try:
        yield
    except BriefError:
        raise
    except Exception as exc:
        raise InternalError(name, exc) from exc


def _write(fmt: str, document: Any, fonts: Any, temp: Path, final: Path) -> int | None:
    """Run one writer into `temp`; OutputError when the disk refuses, InternalError on a bug."""
    try:
        with _stage(f"the {fmt} writer"):
            pages = WRITERS[fmt](document, fonts, temp)
    except InternalError as exc:
        cause = exc.cause
        if isinstance(cause, OSError) and cause.errno in _DISK_ERRORS:
            raise OutputError(f"{final}: cannot write ({cause.strerror or cause}); free some "
                              "space or give a writable folder with --out") from None
        raise
    if not temp.exists() or temp.stat().st_size == 0:
        raise InternalError(f"the {fmt} writer", RuntimeError(f"it wrote nothing for {final.name}"))
    return pages


def _commit(moves: list[tuple[Path, Path]]) -> None:
    """Rename every temporary file onto its final name, all or none: when a rename fails,
    the files already renamed are put back as they were and OutputError is raised."""
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    umask = _umask()
    try:
        try:
            for temp, final in moves:
                if final.exists():
                    backups[final] = _backup(final)
                    mode = stat.S_IMODE(final.stat().st_mode)
                else:
                    mode = 0o666 & ~umask
                os.chmod(temp, mode)
                os.replace(temp, final)
                done.append(final)
        except OSError as exc:
            for final in reversed(done):
                if final in backups:
                    os.replace(backups.pop(final), final)
                else:
                    final.unlink(missing_ok=True)
            failed = moves[len(done)][1]
            raise OutputError(f"{failed}: cannot put the new file in place "
                              f"({exc.strerror or exc}); the previous files are kept") from None
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)


def _backup(final: Path) -> Path:
    """A second name (hard link, else a copy) for an existing file, beside it."""
    backup = _temp_path(final, suffix=".old")
    backup.unlink()
    try:
        os.link(final, backup)
    except OSError:
        shutil.copy2(final, backup)
    return backup


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _prepare_folder(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the output folder ({exc.strerror or exc}); "
                          "give a writable folder with --out") from None
    return out


def _temp_path(final: Path, suffix: str = ".tmp") -> Path:
    handle, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=suffix)
    os.close(handle)
    return Path(name)
