"""Years, months and days in printed texts: each supported by a cited quote, the entry's
date, or the date of a cited source as far as its seed states it."""

from __future__ import annotations

import pytest

from briefgen.facts.dates_check import (
    DateEvidence,
    Mentions,
    date_problems,
    months_in,
    names_source,
    source_evidence,
)
from briefgen.text.dates import parse_date


def evidence(*quotes: str, dates: tuple[str, ...] = ()) -> DateEvidence:
    return DateEvidence.of(quotes, [parse_date(d) for d in dates])


def test_a_year_in_a_cited_quote_is_supported_in_any_digits() -> None:
    quote = evidence("في الفترة من ٧ إلى ٨ أغسطس ٢٠٢٣")
    assert date_problems("في عام 2023", quote) == []
    assert date_problems("في عام ٢٠٢٣", evidence("عام 2023")) == []
    assert date_problems("in 2023", quote) == []
    assert date_problems("في عام 2021", quote) == ["the year 2021"]


def test_a_year_equal_to_the_entrys_date_is_supported() -> None:
    assert date_problems("في 2021 ثمّن العراق", evidence(dates=("2021-07",))) == []
    assert date_problems("في 2021 ثمّن العراق", evidence("ثمن العراق")) == ["the year 2021"]


def test_figures_are_not_years() -> None:
    assert date_problems("نحو 2,500 جندي و٢٬٠٠٠ آخرين و1.2000", evidence()) == []
    assert date_problems("F-16 and 150 attacks", evidence()) == []


def test_a_range_is_two_years() -> None:
    assert date_problems("(2021-2024)", evidence(dates=("2024-01",))) == ["the year 2021"]
    assert date_problems("(2021–2024)", evidence("2021", dates=("2024",))) == []


def test_a_month_under_any_of_its_names() -> None:
    quote = evidence("في يوليو (تموز) 2021")
    for text in ("في تموز/يوليو 2021", "في تموز 2021", "in July 2021", "بتموز/يوليو 2021"):
        assert date_problems(text, quote) == [], text
    assert date_problems("في آب/أغسطس 2021", quote) == ["the month August"]
    assert date_problems("mid-October", evidence(dates=("mid-2023-10",))) == []


def test_hamza_forms_of_a_month_name_are_one_name() -> None:
    assert date_problems("في أبريل", evidence("في ابريل الماضي")) == []
    assert date_problems("في اكتوبر", evidence("في أكتوبر الماضي")) == []


def test_march_and_may_are_months_only_beside_a_number_or_paired() -> None:
    assert date_problems("مارس الضغط على الحكومة", evidence()) == []
    assert date_problems("the groups may march", evidence()) == []
    assert date_problems("في 7 مارس", evidence()) == ["the month March", "the day 7 March"]
    assert date_problems("في آذار/مارس", evidence()) == ["the month March"]
    assert date_problems("in May 2023", evidence("2023")) == ["the month May"]


def test_a_day_needs_its_number_in_a_quote_or_the_date() -> None:
    assert date_problems("في 8 آب/أغسطس 2023", evidence("في ٨ أغسطس ٢٠٢٣")) == []
    assert date_problems("on 7-8 August 2023", evidence(dates=("2023-08-07/08",))) == []
    assert date_problems("في 7 و8 آب/أغسطس 2023", evidence(dates=("2023-08-07/08",))) == []
    assert date_problems("on 9 August 2023", evidence(dates=("2023-08-07/08",))) == [
        "the day 9 August"]


def test_months_in_gives_days_and_places() -> None:
    found = months_in("بين 7 و8 اب/اغسطس 2023 ثم في 15 شباط 2023")
    assert [(m.month, m.days) for _, m in found] == [(8, (7, 8)), (8, ()), (2, (15,))]


def test_a_sources_date_counts_as_far_as_its_seed_states_it() -> None:
    stated, whole = source_evidence(parse_date("2023-08"), True,
                                    "الحوار من 7 إلى 8 أغسطس (آب) 2023")
    assert (stated.years, stated.months, stated.days) == ({2023}, {8}, set())
    assert date_problems("في آب/أغسطس 2023", DateEvidence(), None) != []
    assert date_problems("في آب/أغسطس 2023", stated) == []
    silent, whole = source_evidence(parse_date("2021"), True, "أمس الجمعة وبعد غد الاثنين")
    assert date_problems("في 2021 ثمّن العراق", silent, whole) == ["the year 2021"]


def test_a_text_may_name_a_source_by_its_whole_date() -> None:
    _, whole = source_evidence(parse_date("2021"), True, "أمس الجمعة")
    for text in ("ينقل خبر 2021 عن فؤاد حسين", "The 2021 report has Fuad Hussein say",
                 "the report of 2021 says", "بحسب البيان المشترك في عام 2021"):
        assert date_problems(text, DateEvidence(), whole) == [], text
    assert date_problems("وفي 2021 ثمّن العراق الجهود", DateEvidence(), whole) == [
        "the year 2021"]


def test_names_source_looks_a_few_words_around() -> None:
    assert names_source("خبر نيسان/أبريل 2024", 15)
    assert not names_source("خبر واحد لا يذكر شيئاً عن أي تاريخ في هذه الجملة 2024", 50)
    assert names_source("the April 2024 report", 4)


def test_mentions_are_found_once_and_reused() -> None:
    mentions = Mentions.of("في تموز/يوليو 2021")
    assert mentions and not Mentions.of("لا تاريخ هنا")
    assert date_problems(mentions, evidence()) == ["the year 2021", "the month July"]


@pytest.mark.parametrize("text", ["٢٠٢١", "۲۰۲۱", "2021"])
def test_every_digit_set(text: str) -> None:
    assert date_problems(f"عام {text}", evidence()) == ["the year 2021"]


def test_a_date_marked_inferred_is_supported_by_the_inferred_dates() -> None:
    inferred = evidence(dates=("2021-07",))
    for text, mark in (("تضع المصادر القوة عند 2,500 جندي من 2021 (مستنتج) إلى 2024", "(مستنتج)"),
                       ("about 2,500 troops from 2021 (inferred) to 2024", "(inferred)")):
        marked = Mentions.of(text, mark)
        assert date_problems(marked, evidence("2024"), None, inferred) == [], text
        assert date_problems(Mentions.of(text), evidence("2024"), None, inferred) == [
            "the year 2021"], text  # the mark is not the text's own mark
        assert date_problems(marked, evidence("2024"), None, evidence()) == [
            "the year 2021"], text  # no inferred date it rests on has that year


def test_an_unmarked_date_or_another_mark_is_still_refused() -> None:
    inferred = evidence(dates=("2021-07",))
    for text in ("from 2021 to 2024", "from 2021 (date inferred) to 2024",
                 "from (inferred) 2021 to 2024", "from 2021 to 2024 (inferred)"):
        assert date_problems(Mentions.of(text, "(inferred)"), evidence("2024"), None,
                             inferred) == ["the year 2021"], text


def test_the_mark_covers_the_whole_date_before_it() -> None:
    text = "بين 7 و8 آب/أغسطس 2023 (مستنتج) و15 شباط/فبراير 2023"
    marked = Mentions.of(text, "(مستنتج)")
    covered = [m.name for at, m in marked.months if at in marked.marked]
    assert covered == ["اب", "اغسطس"]  # folded names; February is not marked
    assert [y for at, y in marked.years if at in marked.marked] == [2023]
    inferred = evidence(dates=("2023-08-07/08",))
    assert date_problems(marked, evidence(), None, inferred) == [
        "the year 2023", "the month February", "the day 15 February"]
    english = Mentions.of("on 7-8 August 2023 (inferred)", "(inferred)")
    assert date_problems(english, evidence(), None, inferred) == []
    assert date_problems(Mentions.of("in July and August 2023 (inferred)", "(inferred)"),
                         evidence(), None, inferred) == ["the month July"]
