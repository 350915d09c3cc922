"""Shared fixtures: the small fixture fact base built once into every paper, language and
format; mini_copy() and line_of() to make and locate a broken copy of it; and
require_tool(), which skips a test when a system tool is missing (fails in CI)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.interrupts import SIGNALS
from briefgen.pipeline import Options, build

# The suite tests runs as a terminal starts them: a signal that whoever started pytest
# ignores (nohup, a background job of a script) gets its usual action back, here and in
# the runs the tests start.
for _signum in SIGNALS:
    if signal.getsignal(_signum) == signal.SIG_IGN:
        signal.signal(_signum, signal.default_int_handler if _signum == signal.SIGINT
                      else signal.SIG_DFL)

TESTS = Path(__file__).resolve().parent
MINI_FACTS = TESTS / "fixtures" / "mini" / "facts.toml"


def mini_copy(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, str]:
    """The fixture fact base (and its seeds) copied into tmp_path with each (old, new)
    replaced once: (path of the copied facts.toml, its text)."""
    root = tmp_path / "mini"
    shutil.copytree(MINI_FACTS.parent, root)
    path = root / "facts.toml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"the fixture has no {old!r}"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """The 1-based number of the nth line of `text` holding `needle`."""
    found = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) > nth, f"{needle!r} is not in the text {nth + 1} times"
    return found[nth]


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail the test if the block takes longer (a run that waits for a pipe's writer would
    otherwise stop the suite for good); with pytest's own failure, which no `except OSError`
    or `except Exception` of the code can take for its own."""
    def expire(signum: int, frame: object) -> None:
        pytest.fail(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def require_tool(name: str) -> str:
    """The path of a command-line tool; skip the test without it (fail when CI=true)."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (Debian: poppler-utils / libreoffice-writer-nogui)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have it: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def mini_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Path]:
    """The fixture fact base written as every paper: {(paper, lang, fmt): path}."""
    out = tmp_path_factory.mktemp("mini-briefs")
    result = build(Options(facts=MINI_FACTS, out=out, papers=("full", "summary")))
    files = {}
    for written in result.written:
        if written.path.parent != out:  # the edition's record, in out/records/
            continue
        stem, lang, fmt = written.path.name.split(".")
        paper = "summary" if stem.endswith("-summary") else "full"
        files[(paper, lang, fmt)] = written.path
    return files


MINI_NEXT_FACTS = TESTS / "fixtures" / "mini-next" / "facts.toml"


@pytest.fixture(scope="session")
def edition_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture's edition 2 (tests/fixtures/mini) and edition 3 (mini-next, a change of
    each kind) built in turn into one folder, as an analyst would: every paper, both
    languages and formats. (a copy of the folder after edition 2, the folder after 3)."""
    out = tmp_path_factory.mktemp("editions") / "briefs"
    build(Options(facts=MINI_FACTS, out=out, papers=("full", "summary")))
    previous = out.parent / "previous"
    shutil.copytree(out, previous)
    build(Options(facts=MINI_NEXT_FACTS, seeds=MINI_FACTS.parent / "seeds", out=out,
                  papers=("full", "summary")))
    return previous, out
