"""Shared fixtures: the small fixture fact base built once into every paper, language and
format; mini_copy() and line_of() to make and locate a broken copy of it; and
require_tool(), which skips a test when a system tool is missing (fails in CI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefgen.pipeline import Options, build

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
