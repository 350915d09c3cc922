"""An edition's record: what edition N printed, kept to compare later editions with.
(FactBase, composed papers) -> EditionRecord -> JSON bytes, and back, and the records folder.

A record is `<out>/records/<brief-id>.edition-N.json`: the brief's id, the edition's number and date,
what the papers print of each judgment, fact and question (editions/diff.py `statements`),
and every paper's composed document in both languages, each block with the fact-base record
it shows (`ref`). The JSON is written the same way every time (keys in a fixed order, one
statement or block a line), so the same edition always gives the same bytes and a new
edition's record reads well in a diff.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.editions.diff import Changes, compare, statements
from briefgen.editions.serial import document_data, document_from
from briefgen.editions.shape import document_fault, statements_fault
from briefgen.editions.spelling import Spellings
from briefgen.errors import InputError, Problem
from briefgen.facts.records import FactBase
from briefgen.model import Document
from briefgen.text.dates import DateSpec, DateSyntaxError, parse_date
from briefgen.textfile import read_text

RECORDS_FOLDER = "records"
FORMAT = "briefgen edition record 1"
_NAME = re.compile(r"^(?P<brief>[a-z0-9][a-z0-9-]*)\.edition-(?P<edition>\d+)\.json$")


@dataclass
class EditionRecord:
    """One edition: brief id, number, date (ISO), printed statements, papers[paper][lang]."""

    brief: str
    edition: int
    date: str
    statements: dict[str, dict[str, Any]]
    papers: dict[str, dict[str, Document]]

    @property
    def date_spec(self) -> DateSpec:
        """The edition's date as a DateSpec (for the papers' date formats)."""
        return parse_date(self.date)


def make_record(base: FactBase, papers: dict[str, dict[str, Document]]) -> EditionRecord:
    """The record of the fact base's edition, with its composed papers."""
    brief = base.brief
    return EditionRecord(brief.id, brief.edition, brief.edition_date.iso(), statements(base),
                         {paper: dict(sorted(by_lang.items())) for paper, by_lang
                          in sorted(papers.items())})


def changes_since(record: EditionRecord, base: FactBase, spellings: Spellings) -> Changes:
    """What the fact base changed since the recorded edition."""
    return compare(record.statements, record.papers.get("full", {}), base, spellings,
                   record.edition, record.date_spec)


def record_bytes(record: EditionRecord) -> bytes:
    """The record as JSON, one statement or block a line, the same bytes for the same record."""
    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = ["{", f' "format": {one(FORMAT)},', f' "brief": {one(record.brief)},',
             f' "edition": {record.edition},', f' "date": {one(record.date)},',
             ' "statements": {']
    items = list(record.statements.items())
    lines += [f"  {one(key)}: {one(value)}{',' if k < len(items) - 1 else ''}"
              for k, (key, value) in enumerate(items)]
    lines += [" },", ' "papers": {']
    documents = [(paper, lang, document) for paper, by_lang in record.papers.items()
                 for lang, document in by_lang.items()]
    for k, (paper, lang, document) in enumerate(documents):
        data = document_data(document)
        blocks = data.pop("blocks")
        head = one(data)[:-1]  # the document's fields, then its blocks one a line
        lines.append(f"  {one(f'{paper}.{lang}')}: {head},\"blocks\":[")
        lines += [f"   {one(b)}{',' if n < len(blocks) - 1 else ''}" for n, b in enumerate(blocks)]
        lines.append(f"  ]}}{',' if k < len(documents) - 1 else ''}")
    lines += [" }", "}", ""]
    return "\n".join(lines).encode("utf-8")


def read_record(path: Path) -> EditionRecord:
    """The record at `path`; InputError naming the file when it is not one."""
    def bad(reason: str) -> InputError:
        return InputError([Problem(path, None, f"not an edition record ({reason}); give a "
                                   f"file from a briefs folder's {RECORDS_FOLDER}/")])

    try:
        data = json.loads(read_text(path))
    except OSError as exc:
        raise bad(exc.strerror or str(exc)) from None
    except InputError as error:  # not UTF-8: another kind of file, or a damaged record
        [problem] = error.problems
        raise InputError([Problem(path, problem.line, (
            f"not an edition record ({problem.message.split(';')[0]}); give a file from a "
            f"briefs folder's {RECORDS_FOLDER}/"))]) from None
    except json.JSONDecodeError as exc:
        raise InputError([Problem(path, exc.lineno, (
            f"not an edition record: JSON syntax error at column {exc.colno}: {exc.msg}; "
            "restore the file as the run that recorded it wrote it (from git, for instance), "
            "or give another record with --changes-since"))]) from None
    except RecursionError:
        raise bad("nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad(f"its format is not {FORMAT!r}")
    try:
        papers: dict[str, dict[str, Document]] = {}
        for name, document in data["papers"].items():
            paper, lang = name.rsplit(".", 1)
            papers.setdefault(paper, {})[lang] = document_from(document)
        record = EditionRecord(data["brief"], int(data["edition"]), data["date"],
                               dict(data["statements"]), papers)
        record.date_spec  # noqa: B018 - checks the date
    except KeyError as exc:
        raise bad(f"it has no {exc.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError, StopIteration, DateSyntaxError) as exc:
        raise bad(f"{type(exc).__name__}: {exc}") from None
    except RecursionError:
        raise bad("nested too deeply") from None
    fault = (None if isinstance(record.brief, str) else "its brief is not a text") or \
        statements_fault(record.statements) or next(
            (found for by_lang in papers.values() for document in by_lang.values()
             if (found := document_fault(document))), None)
    if fault:
        raise bad(fault)
    return record


def recorded_editions(folder: Path, brief_id: str) -> dict[int, Path]:
    """The records of a brief in a records folder, by edition number (none when there is
    no folder); InputError when something else stands there or it cannot be read."""
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return {}
    except NotADirectoryError:
        raise InputError([Problem(folder, None, (
            "not a folder, and this is where the edition records are kept; move it away, "
            "or give another folder with --out"))]) from None
    except OSError as exc:
        raise InputError([Problem(folder, None, (
            f"cannot read the edition records ({exc.strerror or exc}); make the folder "
            "readable, or give another folder with --out"))]) from None
    found = {int(m["edition"]): p for p in entries
             if (m := _NAME.match(p.name)) and m["brief"] == brief_id}
    return dict(sorted(found.items()))


def record_path(folder: Path, brief_id: str, edition: int) -> Path:
    """Where the record of a brief's edition goes."""
    return folder / f"{brief_id}.edition-{edition}.json"


def latest_before(folder: Path, brief_id: str, edition: int) -> Path | None:
    """The record of the brief's highest edition below `edition`, if any."""
    earlier = [path for number, path in recorded_editions(folder, brief_id).items()
               if number < edition]
    return earlier[-1] if earlier else None


def superseded(folder: Path, brief_id: str, edition: int) -> bool:
    """Whether a higher edition of the brief is recorded (this one's record is then final)."""
    return any(number > edition for number in recorded_editions(folder, brief_id))


def earlier_record(folder: Path, brief_id: str, edition: int,
                   given: Path | None = None) -> EditionRecord | None:
    """The record to compare edition `edition` with: `given`, else the highest earlier one
    in `folder` (None when there is none); InputError when it is another brief's or not
    earlier."""
    path = given or latest_before(folder, brief_id, edition)
    if path is None:
        return None
    record = read_record(path)
    if record.brief != brief_id:
        raise InputError([Problem(path, None, f"a record of the brief {record.brief!r}, not "
                                  f"of {brief_id!r}; give a record of this brief")])
    if record.edition >= edition:
        raise InputError([Problem(path, None, (
            f"the record of edition {record.edition}, not earlier than the fact base's "
            f"edition {edition}; give an earlier edition's record"))])
    return record
