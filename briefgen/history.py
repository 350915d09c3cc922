"""The edition among its records, for one run of the pipeline: which earlier record its
papers compare with, whether the run records the edition, and which redlines it writes.

- The papers compare with the record given by --changes-since, else with the highest
  recorded edition below the fact base's (none: no "Changes since" section, no redline).
- A run that composes every paper in both languages (`make brief`: --brief all) records
  the edition in `<out>/records/<brief-id>.edition-N.json`, unless a higher edition is recorded (a
  superseded record is final) or --changes-since asks for a comparison of the reader's
  choosing. The record holds the papers as the edition prints them: in the fact base's
  digits, whatever --digits asks for.
- With an earlier record, each language's full paper in DOCX comes with a redline DOCX,
  `<brief-id>.<lang>.redline.docx`, comparing the two editions' full papers as recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefgen.editions.diff import Changes
from briefgen.editions.record import (
    RECORDS_FOLDER,
    EditionRecord,
    changes_since,
    earlier_record,
    latest_before,
    make_record,
    record_bytes,
    record_path,
    superseded,
)
from briefgen.editions.spelling import load_spellings
from briefgen.facts.records import FactBase
from briefgen.model import Document, Redline

LANGS = ("ar", "en")
Compose = Callable[[str, str], Document]  # (paper, lang) -> the paper in the fact base's digits


@dataclass
class History:
    """For one run: the records folder, the earlier record and the changes since it, and
    whether the run records its edition."""

    folder: Path
    earlier: EditionRecord | None
    earlier_path: Path | None
    changes: Changes | None
    records: bool

    def record(self, base: FactBase, papers: list[str], compose: Compose) -> bytes | None:
        """The edition's record (its bytes), when this run records it (record_name() says
        where)."""
        if not self.records:
            return None
        composed = {paper: {lang: compose(paper, lang) for lang in LANGS} for paper in papers}
        return record_bytes(make_record(base, composed))

    def redlines(self, langs: tuple[str, ...], compose: Compose) -> list[tuple[str, Redline]]:
        """The redline of each language's full paper: (lang, Redline)."""
        if self.earlier is None:
            return []
        previous = self.earlier.papers.get("full", {})
        return [(lang, Redline(previous[lang], compose("full", lang))) for lang in langs
                if lang in previous]


def read_history(out: Path, facts: Path, base: FactBase, given: Path | None,
                 every_paper: bool) -> History:
    """The run's History: `given` is --changes-since; `every_paper` whether the run
    composes every paper in both languages."""
    folder = out / RECORDS_FOLDER
    edition = base.brief.edition
    earlier = earlier_record(folder, base.brief.id, edition, given)
    path = given or latest_before(folder, base.brief.id, edition)
    changes = changes_since(earlier, base, load_spellings(facts)) if earlier else None
    records = every_paper and given is None and not superseded(folder, base.brief.id, edition)
    return History(folder, earlier, path, changes, records)


def record_name(brief_id: str, edition: int) -> str:
    """Where the record of a brief's edition goes, in the output folder."""
    return record_path(Path(RECORDS_FOLDER), brief_id, edition).as_posix()


def redline_name(brief_id: str, lang: str) -> str:
    """The file name of a language's redline: <brief-id>.<lang>.redline.docx."""
    return f"{brief_id}.{lang}.redline.docx"
