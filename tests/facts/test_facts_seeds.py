"""The seeds as the checks read them: text squashed, and which stretches stand inside
quotation marks, however the seed marks them."""

from __future__ import annotations

import pytest

from briefgen.facts.seeds import SeedText, quoted_stretches
from briefgen.pipeline import ROOT

SEEDS = ROOT / "seeds"


def quoted(paragraph: str) -> list[str]:
    return [paragraph[s:e] for s, e in quoted_stretches(paragraph)]


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("قال: «نحن هنا» ثم مضى", ["نحن هنا"]),
    ("قال: “نحن هنا” ثم مضى", ["نحن هنا"]),
    ('وقالت: "ليس لدينا جدول" وأضافت', ["ليس لدينا جدول"]),
    ("لـ”إعادة تأكيد التزامه” مواصلة", ["إعادة تأكيد التزامه"]),  # reversed marks
    ("أن “العراق يثمن بدحر تنظيم “داعش” الإرهابي”.",  # nested
     ["داعش", "العراق يثمن بدحر تنظيم “داعش” الإرهابي"]),
    ("وأضاف: “المهمة لم تتغير… ما نتحدث عنه", ["المهمة لم تتغير… ما نتحدث عنه"]),  # left open
    ("وأكد الزعيمان أنهما سيراجعان العوامل. “.",  # a closing mark only: from the start
     ["وأكد الزعيمان أنهما سيراجعان العوامل. "]),
    ("ترى الولايات المتحدة أن الوقت لم يحن بعد", []),
])
def test_quoted_stretches(paragraph: str, expected: list[str]) -> None:
    assert quoted(paragraph) == expected


def test_a_seed_is_squashed_and_keeps_its_paragraphs_apart() -> None:
    seed = SeedText.parse("قال: “أ  ب\n\nج” د\nهـ «و»\n")
    assert seed.text == "قال: “أ ب ج” د هـ «و»"
    assert not seed.quotes("ب ج")  # the open quotation ends with its paragraph
    assert seed.quotes("أ ب")
    assert seed.quotes("و")


def test_quotes_finds_any_quoted_occurrence() -> None:
    seed = SeedText.parse("داعش هنا\nقال “داعش”\n")
    assert seed.occurrences("داعش") == [0, 14]
    assert seed.quotes("داعش")
    assert not seed.quotes("هنا")


@pytest.mark.parametrize(("file", "words", "inside"), [
    ("002_08b63b4514a026e0.txt", "ليس لدينا جدول زمني محدد", True),
    ("002_08b63b4514a026e0.txt", "أن اجتماع اللجنة العسكرية بين واشنطن وبغداد لا يتضمن مفاوضات", False),
    ("003_dc5b0399aa33f440.txt", "ضرورة لأمن واستقرار العراق", True),
    ("003_dc5b0399aa33f440.txt", "عجز قوات الأمن العراقية والتهديد بعودة تنظيم داعش", False),
    ("003_dc5b0399aa33f440.txt", "وجود عراق قوي قادر على الدفاع عن نفسه", False),
    ("001_66b99715f277d18e.txt", "إعادة تأكيد التزامه", True),
    ("001_66b99715f277d18e.txt", "المهمة لم تتغير", True),
    ("000_ba7430154f960be7.txt", "بدعوة من الحكومة العراقية فقط لدعم قوات الأمن العراقية", True),
    ("004_6bada24467bb3cb6.txt", "جزء من الخطوة التالية في شراكتنا الدفاعية الاستراتيجية", True),
])
def test_the_real_seeds(file: str, words: str, inside: bool) -> None:
    seed = SeedText.read(SEEDS / file)
    assert seed.occurrences(words)
    assert seed.quotes(words) is inside
