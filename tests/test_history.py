"""Editions and their records, through the pipeline, on the fixture pair (tests/fixtures/mini,
edition 2, then mini-next, edition 3, built in turn into one folder): the full papers gain
"Changes since edition 2" in both languages and formats, the summary points to it, each
edition is recorded once and a superseded record is never rewritten, reruns give the same
bytes, and --changes-since compares with any earlier record."""

from __future__ import annotations

import shutil
import tomllib
import unicodedata
from pathlib import Path

import pytest
from conftest import MINI_FACTS, MINI_NEXT_FACTS, mini_copy
from pdftext import flat, pdfium_text, poppler_text
from test_robustness import docx_text

import briefgen.pipeline as pipeline
from briefgen.cli import main
from briefgen.compose.render import compose
from briefgen.editions.record import changes_since, read_record
from briefgen.editions.spelling import load_spellings
from briefgen.errors import OutputError
from briefgen.facts.load import load_facts
from briefgen.model import Document, Heading, Paragraph
from briefgen.pipeline import ROOT, Options, build
from briefgen.text.dates import format_date, parse_date
from briefgen.text.numerals import to_style

SEEDS = MINI_FACTS.parent / "seeds"
STRINGS = tomllib.loads((ROOT / "templates" / "strings.toml").read_text(encoding="utf-8"))
FACTS = {name: tomllib.loads(path.read_text(encoding="utf-8"))
         for name, path in (("old", MINI_FACTS), ("new", MINI_NEXT_FACTS))}
PAPERS = ("full", "summary")


def s(key: str, lang: str, **values: object) -> str:
    """A string of strings.toml as the paper shows it (Arabic-Indic digits in Arabic)."""
    text = STRINGS[key][lang].format(**values)
    return to_style(text, "arabic-indic") if lang == "ar" else text


def fact(edition: str, fact_id: str, lang: str, field: str = "text") -> str:
    """A fact's text in the old or new fixture, in the paper's digits."""
    table = [*FACTS[edition]["facts"], *FACTS[edition]["judgments"], *FACTS[edition]["questions"]]
    [record] = [r for r in table if r["id"] == fact_id]
    return s_digits(record[field][lang], lang)


def s_digits(text: str, lang: str) -> str:
    return to_style(text, "arabic-indic") if lang == "ar" else text


def label(kind: str, group: str | None, lang: str) -> str:
    where = f" ({s(group, lang)})" if group else ""
    return f"{s(f'change_{kind}', lang)}{where}:"


def text_of(path: Path) -> str:
    return flat(pdfium_text(path)) if path.suffix == ".pdf" else flat(docx_text(path))


def letters(text: str) -> str:
    """Only the letters and digits of a text: what PDFium gives back of an Arabic line may
    put a full stop or a tanween on the other side of a number (a text-layer matter of the
    PDF writer, not of the section)."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_full_paper_lists_each_kind_of_change_in_both_languages_and_formats(
        edition_pair, lang, fmt):
    _, out = edition_pair
    text = text_of(out / f"mini.{lang}.{fmt}")
    two = s_digits("2", lang)
    previous = s("previous_wording", lang, edition=two)
    expected = [
        s("changes_since", lang, edition=two),
        s("changes_intro", lang, edition=2, date=format_date(parse_date("2026-11-22"), lang),
          added=4, revised=1, withdrawn=3),
        s("changes_spelling", lang, count=2),
        # a key judgment revised, with its wording in edition 2
        f"{label('revised', None, lang)} {fact('new', 'kj-timetable', lang)}",
        f"{previous} {fact('old', 'kj-timetable', lang)}",
        # facts added: a table row, a paragraph, a numbered item, a bulleted item
        label("added", "chronology", lang), fact("new", "attacks-2023", lang),
        f"{label('added', 'background', lang)} {fact('new', 'background-2017', lang)}",
        f"{label('added', 'factors', lang)} {fact('new', 'factor-capabilities', lang)}",
        label("added", "interests", lang), fact("new", "interest-stability", lang),
        # a fact revised, its edition-2 wording in full
        label("revised", "positions", lang), fact("new", "us-no-timeline", lang),
        previous, fact("old", "us-no-timeline", lang),
        # facts withdrawn: a table row, a paragraph, a bulleted item (their wording in edition 2)
        label("withdrawn", "chronology", lang), fact("old", "hmc-launch", lang),
        f"{label('withdrawn', 'background', lang)} {fact('old', 'background-2014', lang)}",
        label("withdrawn", "interests", lang), fact("old", "interest-isis", lang),
        # an open question revised
        fact("new", "when-end", lang, "watch"), fact("old", "when-end", lang, "watch"),
    ]
    missing = [piece for piece in expected if letters(piece) not in letters(text)]
    assert not missing
    # spelling-only corrections are counted, not listed
    for group in ("chronology", "key_figures"):
        assert letters(label("revised", group, lang)) not in letters(text)


def brief_field(edition: str, name: str, lang: str) -> str:
    """A field of the old or new fixture's [brief], in the paper's digits."""
    return s_digits(FACTS[edition]["brief"][name][lang], lang)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_section_reports_a_changed_title_or_subtitle_with_its_earlier_wording(
        edition_pair, lang, fmt):
    """Edition 3 revised the Arabic title and the English subtitle: both papers say so,
    each with edition 2's line (fourth review of edition 2, prose 4); the unchanged English
    title and Arabic subtitle are not listed. In the PDF, as Poppler gives it back, each piece
    is looked for on its own: on a line that mixes the two directions a number or a colon
    may come back on the other side of a run (PDFium gives such a line's Arabic words in
    visual order, a matter of the PDF writer's text layer)."""
    _, out = edition_pair
    path = out / f"mini.{lang}.{fmt}"
    text = letters(flat(poppler_text(path)) if fmt == "pdf" else text_of(path))
    previous = s("previous_wording", lang, edition=s_digits("2", lang))
    for name, title_lang in (("title", "ar"), ("subtitle", "en")):
        assert FACTS["old"]["brief"][name][title_lang] != FACTS["new"]["brief"][name][title_lang]
        revised = f"{s('change_revised', lang)} ({s(f'changes_{name}_{title_lang}', lang)}):"
        new, old = brief_field("new", name, title_lang), brief_field("old", name, title_lang)
        pieces = [revised, new, previous, old]
        if fmt == "docx":  # the logical text, in order
            pieces = [" ".join(pieces)]
        assert all(letters(piece) in text for piece in pieces), (name, title_lang)
    for name, title_lang in (("title", "en"), ("subtitle", "ar")):
        assert FACTS["old"]["brief"][name][title_lang] == FACTS["new"]["brief"][name][title_lang]
        assert letters(s(f"changes_{name}_{title_lang}", lang)) not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_summary_points_to_the_section(edition_pair, lang, fmt):
    previous, out = edition_pair
    pointer = s("changes_pointer", lang, edition=s_digits("2", lang))
    assert letters(pointer) in letters(text_of(out / f"mini-summary.{lang}.{fmt}"))
    heading = s("changes_since", lang, edition=s_digits("2", lang))
    assert letters(heading) not in letters(text_of(previous / f"mini.{lang}.{fmt}"))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_full_papers_title_block_points_to_the_section_which_the_contents_lists(
        edition_pair, lang, fmt):
    _, out = edition_pair
    text = letters(text_of(out / f"mini.{lang}.{fmt}"))
    pointer = letters(s("changes_pointer_section", lang, edition=s_digits("2", lang)))
    heading = letters(s("changes_since", lang, edition=s_digits("2", lang)))
    assert pointer in text
    assert pointer not in letters(text_of(out / f"mini-summary.{lang}.{fmt}"))
    assert text.count(heading) == 2 + pointer.count(heading)  # contents, section (pointer)


def changes_of_the_pair(previous: Path) -> object:
    """The fixture's changes from edition 2 (as recorded) to edition 3."""
    record = read_record(previous / "records" / "mini.edition-2.json")
    return changes_since(record, load_facts(MINI_NEXT_FACTS), load_spellings(MINI_NEXT_FACTS))


def heading_at(document: Document, anchor: str) -> int:
    """The index among the document's blocks of the heading with that anchor."""
    return [b.anchor if isinstance(b, Heading) else None for b in document.blocks].index(anchor)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_section_closes_the_body_just_before_the_sources(edition_pair, lang):
    """The paper opens with its findings: the section comes after the glossary, before the
    sources its citations point to and the method note (last); changed key judgments first.
    Up to it, the paper is the one without the section but for its edition line's pointer."""
    base = load_facts(MINI_NEXT_FACTS)
    plain, full = (compose(base, "full", lang, "arabic-indic", ROOT / "templates", c)
                   for c in (None, changes_of_the_pair(edition_pair[0])))
    chapters = [h.anchor for h in plain.headings() if h.level == 1]
    assert chapters[-2:] == ["sources", "method"]
    assert [h.anchor for h in full.headings() if h.level == 1] == [
        *chapters[:-2], "changes", "sources", "method"]
    anchors = [h.anchor for h in full.headings()]
    assert anchors[anchors.index("changes") + 1] == "changes-judgments"
    start, end = heading_at(full, "changes"), heading_at(plain, "sources")
    assert start == end
    differ = [b for a, b in zip(plain.blocks[:end], full.blocks[:start], strict=True) if a != b]
    [edition_line] = differ
    assert edition_line.role == "meta"
    assert letters(s("changes_pointer_section", lang, edition=s_digits("2", lang))) in letters(
        "".join(i.text for i in edition_line.inlines))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_pointer_takes_no_line_of_the_one_page_summary(edition_pair, lang):
    previous, _ = edition_pair
    base = load_facts(MINI_NEXT_FACTS)
    record = read_record(previous / "records" / "mini.edition-2.json")
    changes = changes_since(record, base, load_spellings(MINI_NEXT_FACTS))
    plain, pointed = (compose(base, "summary", lang, "arabic-indic", ROOT / "templates", c)
                      for c in (None, changes))
    assert len(pointed.blocks) == len(plain.blocks)
    differ = [(a, b) for a, b in zip(plain.blocks, pointed.blocks, strict=True) if a != b]
    [(_, with_pointer)] = differ  # the edition's line, and nothing else
    assert with_pointer.role == "meta"
    assert letters(s("changes_pointer", lang, edition=s_digits("2", lang))) in letters(
        "".join(i.text for i in with_pointer.inlines))


def test_only_earlier_wording_is_marked_as_quoting_an_edition(edition_pair):
    previous, _ = edition_pair
    base = load_facts(MINI_NEXT_FACTS)
    record = read_record(previous / "records" / "mini.edition-2.json")
    changes = changes_since(record, base, load_spellings(MINI_NEXT_FACTS))
    for lang in ("ar", "en"):
        document = compose(base, "full", lang, "arabic-indic", ROOT / "templates", changes)
        quoting = [b for b in document.blocks if isinstance(b, Paragraph) and b.quotes_edition]
        old = {fact("old", f, lang) for f in ("background-2014", "interest-isis", "hmc-launch")}
        assert all(b.quotes_edition == 2 for b in quoting)
        quoted = " ".join("".join(i.text for i in b.inlines) for b in quoting)
        assert all(piece in quoted for piece in old)
        assert fact("new", "background-2017", lang) not in quoted


def test_each_edition_is_recorded_and_a_superseded_record_is_never_rewritten(
        edition_pair, tmp_path):
    previous, out = edition_pair
    records = out / "records"
    assert sorted(p.name for p in records.iterdir()) == ["mini.edition-2.json",
                                                         "mini.edition-3.json"]
    assert (records / "mini.edition-2.json").read_bytes() == (
        previous / "records" / "mini.edition-2.json").read_bytes()
    assert read_record(records / "mini.edition-3.json").edition == 3
    # edition 2 generated again, edited, after edition 3: its record stays as it was sent
    copy = tmp_path / "briefs"
    shutil.copytree(out, copy)
    edited, _ = mini_copy(tmp_path, ("Sabrina Singh", "Sabrina K. Singh"))
    build(Options(facts=edited, out=copy, papers=PAPERS))
    for name in ("mini.edition-2.json", "mini.edition-3.json"):
        assert (copy / "records" / name).read_bytes() == (records / name).read_bytes()


def test_rerunning_an_edition_gives_the_same_bytes(edition_pair, tmp_path):
    _, out = edition_pair
    copy = tmp_path / "briefs"
    shutil.copytree(out, copy)
    build(Options(facts=MINI_NEXT_FACTS, seeds=SEEDS, out=copy, papers=PAPERS))
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert len(files) == 8 + 2 + 2  # papers, redlines, records
    assert [f for f in files if (copy / f).read_bytes() != (out / f).read_bytes()] == []


def test_a_run_of_some_papers_reads_the_records_and_writes_none(edition_pair, tmp_path):
    previous, _ = edition_pair
    copy = tmp_path / "briefs"
    shutil.copytree(previous, copy)
    result = build(Options(facts=MINI_NEXT_FACTS, seeds=SEEDS, out=copy, langs=("en",),
                           formats=("pdf",)))
    assert [w.path.name for w in result.written] == ["mini.en.pdf"]
    assert sorted(p.name for p in (copy / "records").iterdir()) == ["mini.edition-2.json"]
    assert s("changes_since", "en", edition=2) in text_of(copy / "mini.en.pdf")


def test_the_record_is_part_of_the_all_or_nothing_commit(edition_pair, tmp_path, monkeypatch):
    previous, _ = edition_pair
    copy = tmp_path / "briefs"
    shutil.copytree(previous, copy)
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}

    def failing(document, fonts, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(pipeline.WRITERS, "pdf", failing)
    with pytest.raises(OutputError):
        build(Options(facts=MINI_NEXT_FACTS, seeds=SEEDS, out=copy, papers=PAPERS, jobs=1))
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before


def test_changes_since_compares_with_any_earlier_record(edition_pair, tmp_path):
    _, out = edition_pair
    copy = tmp_path / "briefs"
    shutil.copytree(out, copy)
    fourth, _ = mini_copy(tmp_path, ("edition = 2", "edition = 4"))
    build(Options(facts=fourth, out=copy, papers=PAPERS))  # edition 2's facts as edition 4
    assert s("changes_since", "en", edition=3) in text_of(copy / "mini.en.docx")
    recorded = (copy / "records" / "mini.edition-4.json").read_bytes()
    skipped = copy / "records" / "mini.edition-2.json"  # for a reader of edition 2
    build(Options(facts=fourth, out=copy, papers=PAPERS, changes_since=skipped))
    text = text_of(copy / "mini.en.docx")
    assert s("changes_since", "en", edition=2) in text
    assert s("changes_intro", "en", edition=2, date="22 November 2026", added=0, revised=0,
             withdrawn=0) in text
    # the edition's record keeps the comparison every reader gets, not this one's
    assert (copy / "records" / "mini.edition-4.json").read_bytes() == recorded


@pytest.mark.parametrize(("record", "message"), [
    ("mini.edition-3.json", "the record of edition 3, not earlier than the fact base's edition 2"),
    ("../mini.en.docx", "not an edition record"),
])
def test_a_record_that_cannot_be_compared_with_is_one_clear_line(
        edition_pair, capsys, record, message):
    _, out = edition_pair
    status = main(["--facts", str(MINI_FACTS), "--out", str(out / "unused"), "--changes-since",
                   str(out / "records" / record)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and message in err
    assert not (out / "unused").exists()


def test_another_briefs_record_is_refused(edition_pair, capsys):
    _, out = edition_pair
    status = main(["--check", "--changes-since", str(out / "records" / "mini.edition-2.json")])
    assert status == 1
    assert "a record of the brief 'mini', not of 'iraq-coalition-future'" in capsys.readouterr().err
