"""The committed fact base holds everything a paper on the coalition's future needs, and
the full paper generated from it shows each required item."""

from __future__ import annotations

import pytest

from briefgen.compose.render import compose
from briefgen.facts.load import load_facts
from briefgen.model import Cite, Heading, ListBlock, Table, plain_text
from briefgen.pipeline import ROOT

BASE = load_facts(ROOT / "facts.toml")
BASE_FACTS = {f.id: f for f in BASE.facts}

REQUIRED_EVENTS = {  # date as the chronology shows it: what happened
    "2003": "2003 invasion", "2008": "Strategic Framework Agreement", "2011": "2011 withdrawal",
    "2014": "2014 return with the coalition", "late 2017": "victory over ISIS",
    "July 2021": "strategic dialogue", "15 February 2023": "Higher Coordinating Committee",
    "7-8 August 2023": "JSCD in Washington", "27 January 2024": "HMC launch in Baghdad",
    "April 2024": "Biden-Sudani meeting",
}
REQUIRED_PEOPLE = ["ثابت العباسي", "سيليست والاندر", "لويد أوستن", "فؤاد حسين", "أنتوني بلينكن",
                   "مارا كارلين", "قاسم الأعرجي", "جون كيربي", "بايدن", "الكاظمي",
                   "محمد شياع السوداني", "سابرينا سينغ", "خوسيه مانويل ألباريس", "دانا سترول",
                   "صدام حسين"]
REQUIRED_TERMS = ["HMC", "JSCD", "SFA", "FMF", "FMS", "CENTCOM", "PMF"]


def group(name: str) -> list:
    return [f for f in BASE.facts if f.group == name]


@pytest.fixture(scope="module")
def english_paper():
    return compose(BASE, "full", "en", "western", ROOT / "templates")


@pytest.fixture(scope="module")
def english_chronology(english_paper) -> list[str]:
    document = english_paper
    index = next(i for i, b in enumerate(document.blocks)
                 if getattr(b, "anchor", None) == "chronology")
    table = next(b for b in document.blocks[index:] if isinstance(b, Table))
    return [plain_text(row[0].inlines) for row in table.rows]


@pytest.mark.parametrize("date, what", REQUIRED_EVENTS.items())
def test_the_chronology_has_each_required_event_at_its_precision(english_chronology, date, what):
    assert any(date in shown for shown in english_chronology), what


def test_every_named_person_is_in_whos_who_with_a_role():
    names = [p.name.ar for p in BASE.people]
    for required in REQUIRED_PEOPLE:
        assert any(required in name for name in names), required
    assert all(p.role.ar and p.role.en for p in BASE.people)


def test_the_glossary_has_the_acronyms_in_both_languages():
    for acronym in REQUIRED_TERMS:  # a name in each language, with the acronym the sources write
        assert any(f"({acronym})" in t.term.en and f"({acronym})" in t.term.ar
                   and t.term.ar != t.term.en for t in BASE.terms), acronym
    assert all(t.expansion.ar and t.expansion.en for t in BASE.terms)


def test_the_sections_have_enough_to_say():
    assert len(group("interest")) >= 6
    assert len(BASE.questions) >= 6
    assert 3 <= len(BASE.judgments) <= 6
    assert len(group("factor")) == 3
    assert len(BASE.disagreements) >= 1
    assert {"iraq-gov", "us", "factions"} <= {f.party for f in group("position")}
    assert len(BASE.sources) == 5


def test_figures_carry_a_value_and_the_troop_numbers_are_there():
    values = {f.value for f in group("figure")}
    assert {3500, 2500, 900} <= values
    assert 150 in values  # "more than 150" attacks since mid-October 2023


def test_every_question_has_sides_and_every_judgment_rests_on_facts():
    assert all(q.sides and q.why for q in BASE.questions)
    assert all(j.rests_on for j in BASE.judgments)


def test_every_quote_of_the_fact_base_is_found_in_its_seed():
    from briefgen.facts.check import check_facts

    # With the templates' strings, as `generate.py --check` runs it: the papers' own mark of
    # an inferred date ("2021 (inferred)") is read from them.
    report = check_facts(BASE, ROOT / "facts.toml", ROOT / "seeds", ROOT / "templates" / "strings.toml")
    assert report.quotes >= 200 and report.sources == 5 and report.facts == len(BASE.facts)


def analysis_only(fact) -> bool:
    kinds = {s.id: s.kind for s in BASE.sources}
    return all(kinds[c.source] == "analysis" for c in fact.cite)


def test_a_fact_is_marked_analysis_exactly_when_it_rests_on_the_analytical_source_alone():
    wrong = [f.id for f in BASE.facts if bool(f.analysis) != analysis_only(f)]
    assert not wrong, wrong


def test_the_paper_labels_every_fact_that_rests_on_the_analytical_source_alone(english_paper):
    """The method note says so; the chronology and the figures label them as the prose does."""
    printed = " ".join(" ".join(_texts(block)) for block in english_paper.blocks)
    printed = " ".join(printed.split())
    label = "From the analytical source alone:"
    for fact in (f for f in BASE.facts if f.analysis):
        start = " ".join(fact.text.en.split())[:60]
        assert f"{label} {start}" in printed, fact.id


def test_the_english_never_quotes_words_it_can_only_have_translated():
    marks = [(r.id, name) for _, table in BASE.tables() for r in table
             for name, value in vars(r).items()
             if hasattr(value, "en") and isinstance(value.en, str)
             and any(m in value.en for m in '"\u201c\u201d')]
    assert not marks, marks


def _printed(paper) -> str:
    return " ".join(" ".join(" ".join(_texts(block)) for block in paper.blocks).split())


def test_no_statement_is_printed_more_than_three_times_in_the_full_paper(english_paper):
    """Positions, one or two disagreement tables at most; a question points to its table
    instead of printing the statements again (edition 1 printed two statements six times)."""
    printed = _printed(english_paper)
    counts = {f.id: printed.count(" ".join(f.text.en.split())) for f in BASE.facts}
    assert max(counts.values()) <= 3, sorted(counts.items(), key=lambda kv: -kv[1])[:3]


def test_only_a_position_that_two_tables_set_side_by_side_is_printed_three_times(english_paper):
    """Fourth review of edition 2, prose 5: a statement is printed in full once where it
    belongs and at most once more (a table, or a question), but for a position that two
    disagreement tables each need; edition 2 printed four statements three times in two
    tables that shared them, and two more under two questions."""
    printed = _printed(english_paper)
    in_tables = {fid: sum(fid in d.sides for d in BASE.disagreements) for fid in BASE_FACTS}
    thrice = [f.id for f in BASE.facts if printed.count(" ".join(f.text.en.split())) > 2]
    assert all(in_tables[fid] >= 2 for fid in thrice), thrice


def test_a_question_names_a_side_that_another_table_prints_instead_of_printing_it(english_paper):
    """A question's side that a disagreement table other than the one the question points to
    sets beside others is named (party, speaker or date) with that table, not printed."""
    blocks = english_paper.blocks
    named = 0
    for question in BASE.questions:
        start = next(i for i, b in enumerate(blocks)
                     if getattr(b, "anchor", None) == f"question-{question.id}")
        items = next(b for b in blocks[start:] if isinstance(b, ListBlock))
        for fid, item in zip(items.refs or [None] * len(items.items), items.items, strict=True):
            tables = [d for d in BASE.disagreements if fid and fid.removeprefix("facts:") in d.sides]
            if not tables:
                continue
            text = " ".join(plain_text(item).split())
            assert tables[0].topic.en in text, (question.id, fid)
            assert " ".join(BASE_FACTS[fid.removeprefix("facts:")].text.en.split())[:60] not in text
            named += 1
    assert named >= 1


def test_a_question_names_the_disagreement_table_that_sets_its_sides_side_by_side(english_paper):
    blocks = english_paper.blocks
    for question in BASE.questions:
        start = next(i for i, b in enumerate(blocks)
                     if getattr(b, "anchor", None) == f"question-{question.id}")
        end = next((i for i in range(start + 1, len(blocks)) if isinstance(blocks[i], Heading)),
                   len(blocks))
        section = " ".join(" ".join(_texts(b)) for b in blocks[start:end])
        for table in BASE.disagreements:
            shared = [s for s in question.sides if s in table.sides]
            if len(shared) == len(question.sides) and len(shared) >= 2:
                assert table.topic.en in section, (question.id, table.id)
                assert not any(" ".join(BASE_FACTS[s].text.en.split())[:80] in " ".join(section.split())
                               for s in shared), question.id


def test_a_pointer_to_a_disagreement_table_cites_what_the_whole_table_rests_on(english_paper):
    """Third review of edition 2, prose 5: a question's pointer cited only the table rows it
    shared with the question, so that a reader following it met rows with other sources."""
    pointers = 0
    for block in english_paper.blocks:
        if not isinstance(block, ListBlock):
            continue
        for item in block.items:
            text = " ".join(plain_text(item).split())
            table = next((d for d in BASE.disagreements if f" {d.topic.en} [" in text), None)
            if table is None or not text.startswith("Statements set side by side"):
                continue
            pointers += 1
            cited = {i.target.removeprefix("source-") for i in item if isinstance(i, Cite)}
            rests_on = {c.source for fid in table.sides for c in BASE_FACTS[fid].cite}
            assert cited == rests_on, (table.id, sorted(cited), sorted(rests_on))
    assert pointers >= 2


def test_the_english_glossary_gives_the_arabic_names_alone_so_the_column_runs_right_to_left(english_paper):
    index = next(i for i, b in enumerate(english_paper.blocks) if getattr(b, "anchor", None) == "glossary")
    table = next(b for b in english_paper.blocks[index:] if isinstance(b, Table))
    arabic = [plain_text(row[1].inlines) for row in table.rows[1:]]
    assert arabic and not [a for a in arabic if any("a" <= c.lower() <= "z" for c in a)]


def test_the_arabic_sources_print_each_headline_as_its_seed_gives_it_digits_included():
    paper = compose(BASE, "full", "ar", "arabic-indic", ROOT / "templates")
    printed = _printed(paper)
    for source in BASE.sources:
        assert " ".join(source.headline.ar.split()) in printed, source.id


def test_every_position_carries_a_date_or_names_the_report_it_comes_from():
    undated = [f for f in BASE.facts if f.group == "position" and not f.date]
    assert all("report" in " ".join(f.text.en.split()[:16]) for f in undated), \
        [f.id for f in undated if "report" not in " ".join(f.text.en.split()[:16])]


def _texts(block) -> list[str]:
    if isinstance(block, Table):
        return [plain_text(cell.inlines) for row in block.rows for cell in row]
    if isinstance(block, ListBlock):
        return [plain_text(item) for item in block.items]
    return [plain_text(block.inlines)] if hasattr(block, "inlines") else []
