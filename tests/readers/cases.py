"""The PDFs the acceptance tests read: the committed papers in briefs/ and the fixture paper
(tests/fixtures/mini, written by this checkout's writer in the session), each with the
paper the model composes for it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import MINI_FACTS
from readers.paper import BRIEFS, Paper, load_paper

from briefgen.facts.load import load_facts
from briefgen.pipeline import ROOT, output_name


@dataclass(frozen=True)
class Case:
    """A paper (`name`, `lang`) of a source: 'briefs' (committed) or 'mini' (the fixture)."""

    source: str
    name: str
    lang: str

    @property
    def id(self) -> str:
        return f"{self.source}-{self.name}-{self.lang}"


def cases(sources: tuple[str, ...] = ("briefs", "mini"), langs: tuple[str, ...] = ("ar", "en"),
          names: tuple[str, ...] = ("full", "summary")) -> list:
    """pytest parameters, one per paper."""
    return [pytest.param(Case(s, n, lang), id=Case(s, n, lang).id)
            for s in sources for n in names for lang in langs]


@lru_cache(maxsize=1)
def brief_id() -> str:
    """The id the committed papers are named by."""
    return load_facts(ROOT / "facts.toml").brief.id


def committed(name: str, lang: str) -> Path:
    """The committed PDF of a paper."""
    return BRIEFS / output_name(brief_id(), name, lang, "pdf")


def open_case(case: Case, request: pytest.FixtureRequest) -> tuple[Path, Paper]:
    """The file of the case and its paper."""
    if case.source == "briefs":
        return committed(case.name, case.lang).resolve(), load_paper(case.name, case.lang)
    outputs = request.getfixturevalue("mini_outputs")
    path = outputs[(case.name, case.lang, "pdf")].resolve()
    return path, load_paper(case.name, case.lang, MINI_FACTS, out=path.parent)
