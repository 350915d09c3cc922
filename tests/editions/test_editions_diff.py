"""editions/diff: what changed between an edition's record and the fact base, judgments
first, each revised or withdrawn record with its earlier wording; spelling counted only."""

from __future__ import annotations

import dataclasses

from conftest import MINI_FACTS, MINI_NEXT_FACTS

from briefgen.compose.render import compose
from briefgen.editions.diff import compare, statements, wording_of
from briefgen.editions.spelling import Spellings, load_spellings
from briefgen.facts.load import load_facts
from briefgen.facts.records import Bi
from briefgen.model import Cite, plain_text
from briefgen.pipeline import ROOT
from briefgen.text.dates import parse_date

OLD = load_facts(MINI_FACTS)
NEW = load_facts(MINI_NEXT_FACTS)
FULL = {lang: compose(OLD, "full", lang, "arabic-indic", ROOT / "templates") for lang in ("ar", "en")}


def changes_to(base, spellings=None):
    return compare(statements(OLD), FULL, base, spellings or load_spellings(MINI_NEXT_FACTS), 2,
                   parse_date("2026-11-22"))


def test_every_change_of_the_next_edition_in_the_order_of_the_section():
    changes = changes_to(NEW)
    assert [(c.table, c.kind, c.id) for c in changes.changes] == [
        ("judgments", "revised", "kj-timetable"),
        ("facts", "added", "attacks-2023"),
        ("facts", "added", "background-2017"),
        ("facts", "added", "factor-capabilities"),
        ("facts", "added", "interest-stability"),
        ("facts", "revised", "us-no-timeline"),
        ("facts", "withdrawn", "hmc-launch"),
        ("facts", "withdrawn", "background-2014"),
        ("facts", "withdrawn", "interest-isis"),
        ("questions", "revised", "when-end"),
    ]
    assert changes.spelling_only == 2  # jscd (harakat, spaces, a dash), troops-2024 (a variant)
    assert (changes.count("facts", "added"), changes.count("facts", "withdrawn")) == (4, 3)
    withdrawn = changes.select("facts", "withdrawn")
    assert [c.group for c in withdrawn] == ["event", "background", "interest"]
    assert all(c.record is None for c in withdrawn)


def test_without_the_spellings_table_a_listed_variant_is_a_revision():
    changes = changes_to(NEW, Spellings())
    assert [c.id for c in changes.select("facts", "revised")] == ["troops-2024", "us-no-timeline"]
    assert changes.spelling_only == 1


def test_the_same_fact_base_has_no_changes():
    changes = changes_to(OLD)
    assert changes.changes == [] and changes.spelling_only == 0


def test_a_date_or_a_source_changed_is_a_revision():
    facts = [dataclasses.replace(f, date=parse_date("2024-01-28")) if f.id == "hmc-launch" else f
             for f in OLD.facts]
    assert [c.id for c in changes_to(dataclasses.replace(OLD, facts=facts)).changes] == ["hmc-launch"]
    judgments = [dataclasses.replace(j, text=Bi(j.text.ar, j.text.en + " Still.")) for j in OLD.judgments]
    [change] = changes_to(dataclasses.replace(OLD, judgments=judgments)).changes
    assert (change.table, change.kind) == ("judgments", "revised")


def test_the_earlier_wording_is_what_the_paper_showed():
    # a paragraph, with its citation
    [paragraph] = wording_of(FULL["en"], "facts:background-2014")
    assert plain_text(paragraph).startswith("Washington launched the international coalition")
    assert isinstance(paragraph[-1], Cite) and paragraph[-1].target == "source-kurdistan-tv"
    # a table row: its cells joined, the citation cell by a no-break space
    [row] = wording_of(FULL["en"], "facts:hmc-launch")
    assert plain_text(row) == ("27 January 2024 — The Higher Military Commission (HMC) begins its "
                               "work in Baghdad to review the coalition's mission.\u00a0[1]")
    # a position: its first showing (the party's list), not the disagreement or the question
    assert len(wording_of(FULL["ar"], "facts:us-no-timeline")) == 1
    # a question: its heading, why it matters and what to watch
    question = [plain_text(p) for p in wording_of(FULL["en"], "questions:when-end")]
    assert question == ["1. When will the coalition's mission in Iraq end?",
                        "Why it matters: The fate of about 2,500 US troops depends on it.\u00a0[1]",
                        "What to check since 27 January 2024: The findings of the three "
                        "working groups."]
    assert wording_of(FULL["en"], "facts:no-such-fact") == []


def test_a_record_the_paper_did_not_show_keeps_its_bare_text_as_wording():
    facts = [dataclasses.replace(f, group="unprinted") if f.id == "background-2014" else f
             for f in OLD.facts]
    unprinted = dataclasses.replace(OLD, facts=facts)
    papers = {lang: compose(unprinted, "full", lang, "arabic-indic", ROOT / "templates")
              for lang in ("ar", "en")}
    changes = compare(statements(unprinted), papers, NEW, Spellings(), 2, parse_date("2026-11-22"))
    [withdrawn] = [c for c in changes.changes if c.id == "background-2014"]
    assert plain_text(withdrawn.previous["ar"][0]).endswith("نحو ٢٬٥٠٠ جندي أميركي.")
    assert plain_text(withdrawn.previous["en"][0]).startswith("Washington launched")


def test_a_changed_title_or_subtitle_is_listed_with_the_line_the_earlier_paper_printed():
    changes = changes_to(NEW)
    assert [(t.part, t.lang) for t in changes.titles] == [("title", "ar"), ("subtitle", "en")]
    title, subtitle = changes.titles
    assert (title.previous, title.current) == (OLD.brief.title.ar, NEW.brief.title.ar)
    assert (subtitle.previous, subtitle.current) == (OLD.brief.subtitle.en, NEW.brief.subtitle.en)


def test_a_title_that_differs_only_in_its_digit_style_is_not_a_change():
    """The Arabic paper printed the subtitle's years in Arabic-Indic digits; the fact base
    writes them in Western ones."""
    brief = dataclasses.replace(OLD.brief, subtitle=Bi(OLD.brief.subtitle.ar + " (2021-2024)",
                                                       OLD.brief.subtitle.en))
    dated = dataclasses.replace(OLD, brief=brief)
    printed = {lang: compose(dated, "full", lang, "arabic-indic", ROOT / "templates")
               for lang in ("ar", "en")}
    assert "٢٠٢١" in plain_text(printed["ar"].blocks[1].inlines)
    changes = compare(statements(dated), printed, dated, load_spellings(MINI_NEXT_FACTS), 2,
                      parse_date("2026-11-22"))
    assert changes.titles == []
    assert [t.part for t in changes_to(dated).titles] == ["subtitle"]
