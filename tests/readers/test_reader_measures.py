"""The measures of the acceptance tests tell a right reading from a wrong one."""

from __future__ import annotations

from readers.measures import (
    Share,
    brackets,
    detached_harakat,
    expected_finds,
    in_order,
    joined,
    pdfjs_fold,
    plain_search,
    presentation_forms,
    tokens,
)


def test_presentation_forms_are_counted_among_the_arabic_letters():
    assert presentation_forms("ﺍﻟﻌﺮﺍﻕ") == Share(6, 6)
    assert presentation_forms("العراق 2024") == Share(0, 6)


def test_a_plain_search_counts_what_the_reader_gives_back_of_each_occurrence():
    found, missing = plain_search(["العراق", "محدداً"], ["العراق والعراق محدداً"], "العراق ﺍﻟﻌﺮﺍﻕ محدداً")
    assert found == Share(2, 3)
    assert missing == ["العراق 1/2"]


def test_pdfjs_folding_drops_harakat_and_hamza_on_its_carrier_and_case():
    assert pdfjs_fold("إيران") == pdfjs_fold("ايران")
    assert pdfjs_fold("فؤاد") == pdfjs_fold("فواد")
    assert pdfjs_fold("محدداً") == "محددا"
    assert pdfjs_fold("HMC\u00a0x") == "hmc x"
    assert pdfjs_fold("ء") == "ء", "a hamza on its own is a letter"


def test_expected_finds_count_substrings_in_each_text_as_the_engine_folds():
    texts = ["زار إيران وايران\nثم إيرانية", "إيران"]
    assert expected_finds("إيران", texts) == 3
    assert expected_finds("ايران", texts, pdfjs_fold) == 4
    assert expected_finds("وايران ثم", texts) == 1, "a line break is a space"


def test_tokens_unify_digits_split_glued_numbers_and_drop_punctuation():
    assert tokens("نحو ٢٬٥٠٠ جندي، بـ«الفوضوي» و2023") == ["نحو", "2500", "جندي", "ب", "الفوضوي", "و", "2023"]
    assert tokens("ﺍﻟﻌﺮﺍﻕ") == ["العراق"]
    assert tokens("تقدماً") == ["تقدماً"], "harakat stay with their word"


def test_in_order_needs_the_words_consecutive_and_in_order():
    text = [joined("قال إن العراق يريد شراكة ثنائية مع الولايات المتحدة")]
    assert in_order("العراق يريد شراكة ثنائية", text)
    assert not in_order("ثنائية شراكة يريد العراق", text)
    assert not in_order("العراق شراكة ثنائية", text)


def test_brackets_tell_a_logical_pair_from_a_mirrored_one():
    model = ["العليا (٢٠٢١-٢٠٢٤) بـ«الفوضوي» [١][٥]"]
    assert brackets(model, "العليا (٢٠٢١-٢٠٢٤) بـ«الفوضوي» [١][٥]") == (Share(3, 3), 0)
    assert brackets(model, "العليا )٢٠٢١-٢٠٢٤( بـ»الفوضوي« ]٥[]١[") == (Share(0, 3), 3)
    assert brackets(model, "العليا )(٢٠٢٤-٢٠٢١ بـ«الفوضوي» [٥][١]")[0] == Share(1, 3)
    # text between two pairs is not a mirrored pair when the model has it there too
    model2 = ["(HMC) [١]\nنيسان/أبريل ٢٠٢٤ (مستنتج) و(نيسان/أبريل ٢٠٢٤)"]
    assert brackets(model2, model2[0]) == (Share(4, 4), 0)
    assert brackets(model2, "(HMC) [١]\n)نيسان/أبريل ٢٠٢٤( (مستنتج)")[1] == 1
    # a table cell's pairs are looked for in its column read within its cells, the others
    # in the body (a reader reads a row's cells on one line as one line)
    cells = ["(مستنتج) و[١]"]
    model3 = ["(مستنتج) قبل [٢]", *cells]
    body = "(مستنتج) قبل [٢]\n(مستنتج) و[١"
    assert brackets(model3, body) == (Share(3, 4), 0)
    assert brackets(model3, [[body], ["عنوان\n(مستنتج)", "و[١]"]], cells) == (Share(4, 4), 0)
    assert brackets(model3, [[body], ["عنوان\n(مستنتج)", "و[١"]], cells) == (Share(3, 4), 0)
    # a row split over two pages: the rest of a cell that closes a pair, then a cell that
    # starts with text before its pair, is not a mirrored pair
    cells4 = ["الحدث (انظر: الأسباب).", "نيسان/أبريل ٢٠٢٤ (مستنتج)"]
    model4 = ["بين (نيسان/أبريل ٢٠٢٤) و", *cells4]
    body4 = "بين (نيسان/أبريل ٢٠٢٤) و\nالحدث (انظر: الأسباب). نيسان/أبريل ٢٠٢٤ (مستنتج)"
    assert brackets(model4, body4, cells4)[1] == 0
    assert brackets(model4, body4)[1] == 1


def test_a_haraka_after_a_space_is_detached():
    assert detached_harakat("خطراً وشدّة") == Share(0, 2)
    assert detached_harakat("خطرا ً") == Share(1, 1)
