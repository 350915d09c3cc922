"""Quotations in the papers' Arabic: « » word for word in a cited seed, and inside quotation
marks there when the text gives them as someone's words; the word lists are data."""

from __future__ import annotations

import re

import pytest

from briefgen.facts.quotation import WORDS_FILE, fold, quotation_problems, wordlists
from briefgen.facts.seeds import SeedText, quoted_stretches, squash
from briefgen.pipeline import ROOT

SEEDS = {path.name[:3]: SeedText.read(path) for path in sorted((ROOT / "seeds").glob("*.txt"))}
NAMES = ["سابرينا سينغ", "سينغ", "ثابت العباسي", "العباسي", "الحكومة العراقية"]


def problems(text: str, *seeds: str, speaker: str | None = None) -> list[str]:
    return [p.message for p in quotation_problems(text, {s: SEEDS[s] for s in seeds}, NAMES,
                                                  speaker)]


# Sentences of edition 1 that the editorial review judged sound, with the seeds they cite.
HONEST = [
    ("وقالت سينغ إن «اجتماع اللجنة العسكرية العليا بين الولايات المتحدة والعراق ليس مفاوضات "
     "حول انسحاب القوات الأمريكية من العراق»", "002"),
    ("وشددت على أنه «ليس لدينا جدول زمني محدد»، وأنه «نسعى فقط للقضاء الدائم والكلي على "
     "التنظيم»", "002"),
    ("قال العباسي إن «قواتنا المسلحة على أتم الاستعداد لانسحاب قوات التحالف»", "002"),
    ("وصف أوستن اللقاء بأنه «جزء من الخطوة التالية في شراكتنا الدفاعية الاستراتيجية»", "004"),
    ("انسحاب أفغانستان، الذي يصفه المصدر التحليلي بـ«الفوضوي»", "004"),
    ("بحسب خبر آب/أغسطس 2023 كانت الفصائل «في حالة هدنة منذ تشكيل الحكومة الحالية»", "000"),
    ("ويقول خبر نيسان/أبريل 2024 إن حكومة السوداني تعتمد «على دعم الأحزاب المتحالفة مع إيران»",
     "003"),
    ("يصف خبر «كوردستان تي في» سابرينا سينغ بـ«المتحدثة باسم البنتاغون» في موضع، وبـ«نائبة "
     "المتحدثة باسم وزارة الدفاع»", "002"),
    ("(يسميها الخبر «اللجنة التنسيقية العليا»)", "003"),
    ("ويسميه المصدر التحليلي «التمويل العسكري الأجنبي»", "004"),
    ("يرى المصدر التحليلي أن التنظيم «لا يزال يمتلك عدداً من المقدرات»", "004"),
    ("والخارجية العراقية تعلن إطلاق «مجاميع العمل» في إطار «اللجنة العسكرية العليا»", "002"),
    ("ثم انهارت «الخلافة»، وأعلنت السلطات العراقية «انتصارها»", "002"),
    ("على عملية «العزم الصلب» استناداً إلى تقرير لموقع «فوربس»", "004"),
]

# Sentences of edition 1 that put a reporter's words in a speaker's mouth (the review's
# major and minor findings), with the seed, and the word that gives them as someone's.
MISQUOTED = [
    ("ترى الولايات المتحدة أن الوقت لم يحن بعد، مشيرة إلى «عجز قوات الأمن العراقية والتهديد "
     "بعودة تنظيم داعش»", "003", "مشيرة"),
    ("وأوضح المسؤولون الأمريكيون أن المحادثات «لا تتضمن انسحاباً فورياً»", "003", "وأوضح"),
    ("كرّر الرئيس جو بايدن اقتناعه بأن «وجود عراق قوي قادر على الدفاع عن نفسه أمر محوري في "
     "الحفاظ على الاستقرار الإقليمي»", "003", "كرر"),
    ("وتؤكد الجماعة أن هذه الضربات هي «إجراءات انتقامية ضد دعم واشنطن لإسرائيل»", "003",
     "وتؤكد"),
]


@pytest.mark.parametrize(("text", "seed"), HONEST, ids=range(len(HONEST)))
def test_honest_quotations_pass(text: str, seed: str) -> None:
    assert problems(text, seed) == []


@pytest.mark.parametrize(("text", "seed", "verb"), MISQUOTED, ids=range(len(MISQUOTED)))
def test_a_reporters_words_given_as_a_speakers_are_refused(text: str, seed: str, verb: str) -> None:
    [message] = problems(text, seed)
    assert f"is presented as someone's words (after «{verb}»), but in {seed} it stands outside " \
           "quotation marks: the reporter's wording; paraphrase it without « », or quote words " \
           "the seed puts in quotation marks" in message


def test_a_quotation_not_in_the_cited_seed() -> None:
    [message] = problems("قالت واشنطن إنه «لا جدول زمنياً محدداً»", "002", "003")
    assert message == ("«لا جدول زمنياً محدداً» is not word for word in what the entry cites "
                       "(002, 003); copy the seed's words exactly, or drop the « » and paraphrase")


def test_a_quotation_in_another_seed_only_is_not_enough() -> None:
    assert problems("«ليس لدينا جدول زمني محدد»", "003")
    assert problems("«ليس لدينا جدول زمني محدد»", "002") == []


@pytest.mark.parametrize("text", ["قال «ليس لدينا جدول زمني محدد", "«ليس «لدينا» جدول»",
                                  "ليس لدينا» جدول «زمني"])
def test_guillemets_that_do_not_pair(text: str) -> None:
    assert any("the « » do not pair" in message for message in problems(text, "002"))


def test_white_space_does_not_matter() -> None:
    assert problems("وشددت على أنه «ليس  لدينا\nجدول زمني محدد»", "002") == []


def test_the_entrys_speaker_makes_a_clause_his_words() -> None:
    text = "«وجود عراق قوي قادر على الدفاع عن نفسه أمر محوري في الحفاظ على الاستقرار الإقليمي»"
    assert problems(text, "003") == []  # nobody speaks: a verbatim excerpt of the report
    [message] = problems(text, "003", speaker="جو بايدن")
    assert "(in the words of the entry's speaker, جو بايدن)" in message


def test_a_term_in_the_speakers_entry_is_only_a_term() -> None:
    assert problems("تعمل على بناء شراكة من خلال «اللجنة التنسيقية العليا»", "003",
                    speaker="محمد شياع السوداني") == []


def test_a_person_named_just_before() -> None:
    [message] = problems("وللعباسي رأي آخر. العباسي: «عجز قوات الأمن العراقية»", "003")
    assert "(after the name «العباسي»)" in message
    [message] = problems("الحكومة العراقية «والتهديد بعودة تنظيم داعش»", "003")
    assert "(after the name «الحكومة العراقية»)" in message


def test_a_naming_word_allows_a_term_but_not_a_clause() -> None:
    assert problems("يسميها الخبر «اللجنة التنسيقية العليا»", "003") == []
    assert problems("التي سماها «اللجنة التنسيقية العليا»", "003") == []  # whose: the seed's
    clause = ("بتعبير بايدن «وجود عراق قوي قادر على الدفاع عن نفسه أمر محوري في الحفاظ على "
              "الاستقرار الإقليمي»")
    [message] = problems(clause, "003")
    assert "after «بتعبير»" in message


def test_the_attribution_stops_at_the_end_of_the_sentence() -> None:
    text = "أكد البيان ذلك. أما «عجز قوات الأمن العراقية» فعبارة الخبر"
    assert problems(text, "003") == []


@pytest.mark.parametrize("verb", ["قال", "وقالت", "فأكد", "أكّد", "اكد", "يؤكدون", "مؤكداً",
                                  "وأشار", "لافتاً", "وأضاف", "أعلنت", "صرّح", "ذكرت", "ترى",
                                  "اعتبر", "وتابعت", "نقل", "كرّر", "عبّر عن", "وفقاً لـ"])
def test_verbs_of_saying_in_their_forms(verb: str) -> None:
    assert problems(f"{verb} المسؤولون «لا تتضمن انسحاباً فورياً»", "003"), verb


@pytest.mark.parametrize("word", ["عبر", "بين", "تابع", "باسم"])
def test_words_that_are_not_verbs_of_saying(word: str) -> None:
    assert problems(f"الحوار {word} المسؤولين «لا تتضمن انسحاباً فورياً»", "003") == [], word


def test_the_word_lists_are_documented_data() -> None:
    text = WORDS_FILE.read_text(encoding="utf-8")
    assert text.startswith("# The words by which the papers' Arabic says whose words")
    for table in ("[saying]", "[attributing]", "[naming]", "[sources]", "[joining]"):
        assert table in text and f"# {table[1:-1]}:" in text
    lists = wordlists()
    assert ("قال",) in lists.saying and ("بتعبير",) in lists.naming
    assert all(word == fold(word) for phrase in lists.saying for word in phrase)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_the_seeds_own_quotations_pass(seed: str) -> None:
    """Every quotation of a seed, written with « » in the sentence the seed gives it in,
    passes: the seed's own reporting is the model of honest quoting."""
    for line in (ROOT / "seeds").glob(f"{seed}_*.txt").__next__().read_text().splitlines():
        paragraph = squash(line)
        for start, end in quoted_stretches(paragraph):
            inner = paragraph[start:end].strip()
            if not inner or re.search("[«»“”\"]", inner):
                continue
            text = re.sub("[«»“”\"„]", "", paragraph[:start]) + f"«{inner}»"
            assert problems(text, seed) == [], text[-120:]
