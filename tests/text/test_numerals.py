"""text/numerals: one digit style per paper, grouped thousands, quotations untouched."""

from briefgen.text.numerals import format_number, to_style


def test_arabic_indic_digits_and_arabic_thousands_separator():
    assert to_style("نحو 2,500 جندي عام 2024", "arabic-indic") == "نحو ٢٬٥٠٠ جندي عام ٢٠٢٤"


def test_western_digits_from_arabic_indic():
    assert to_style("٢٬٥٠٠ و٢٠٢٤", "western") == "2,500 و2024"


def test_commas_that_are_not_grouping_stay():
    assert to_style("2, 3 و1,5", "arabic-indic") == "٢, ٣ و١,٥"


def test_digits_in_a_verbatim_quotation_are_kept():
    assert to_style("قال «في 2023» عام 2024", "arabic-indic") == "قال «في 2023» عام ٢٠٢٤"


def test_format_number_groups_thousands():
    assert format_number(2500, "western") == "2,500"
    assert format_number(2500, "arabic-indic") == "٢٬٥٠٠"
    assert format_number(900, "arabic-indic") == "٩٠٠"
