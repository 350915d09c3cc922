"""text/dates: the fact base's date grammar, shown at its own precision in each language."""

import pytest

from briefgen.text.dates import DateSyntaxError, format_date, parse_date

CASES = [
    ("2017", "2017", "2017"),
    ("late-2017", "late 2017", "أواخر 2017"),
    ("2021-07", "July 2021", "تموز/يوليو 2021"),
    ("mid-2023-10", "mid-October 2023", "منتصف تشرين الأول/أكتوبر 2023"),
    ("2024-01-27", "27 January 2024", "27 كانون الثاني/يناير 2024"),
    ("2023-08-07/08", "7-8 August 2023", "7-8 آب/أغسطس 2023"),
]


@pytest.mark.parametrize("text, english, arabic", CASES)
def test_a_date_keeps_the_precision_of_its_source(text, english, arabic):
    date = parse_date(text)
    assert format_date(date, "en") == english
    assert format_date(date, "ar", "western") == arabic


def test_arabic_indic_digits_in_dates():
    assert format_date(parse_date("2024-01-27"), "ar", "arabic-indic") == "٢٧ كانون الثاني/يناير ٢٠٢٤"


def test_english_dates_never_use_arabic_indic_digits():
    assert format_date(parse_date("2024-01-27"), "en", "arabic-indic") == "27 January 2024"


@pytest.mark.parametrize("bad", ["2024-13", "27/01/2024", "mid-2024-01-27", "2024-02-30",
                                 "2023-08-08/07", "24", "2024-1"])
def test_what_is_not_a_date_is_refused_with_the_reason(bad):
    with pytest.raises(DateSyntaxError, match=r"2024|2023|24"):
        parse_date(bad)


def test_dates_sort_chronologically():
    dates = [parse_date(s) for s in ["2024-01-27", "2014", "2023-08-07/08", "2023-08"]]
    assert [d.iso() for d in sorted(dates)] == ["2014", "2023-08", "2023-08-07", "2024-01-27"]


def test_qualified_dates_sort_within_their_period():
    # a qualified year sits where its part of the year begins: late 2023 about September
    chronological = ["2023", "early-2023", "2023-03", "mid-2023", "late-2023", "2023-10-01",
                     "mid-2023-10", "2023-10-20", "late-2023-10"]
    shuffled = [chronological[i] for i in (8, 3, 0, 6, 2, 7, 1, 5, 4)]
    by_date = {parse_date(t): t for t in shuffled}
    assert [by_date[d] for d in sorted(by_date)] == chronological


def test_the_29th_of_february_only_in_a_leap_year():
    assert parse_date("2024-02-29").day == 29
    with pytest.raises(DateSyntaxError, match="does not exist"):
        parse_date("2023-02-29")
