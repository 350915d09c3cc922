"""Shared fixtures: the small fixture fact base built once into every paper, language and
format; and require_tool(), which skips a test when a system tool is missing (fails in CI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefgen.pipeline import Options, build

TESTS = Path(__file__).resolve().parent
MINI_FACTS = TESTS / "fixtures" / "mini" / "facts.toml"


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
        stem, lang, fmt = written.path.name.split(".")
        paper = "summary" if stem.endswith("-summary") else "full"
        files[(paper, lang, fmt)] = written.path
    return files
