"""Odd input makes correct papers: markup characters print as text, forbidden characters are
refused with their place, words longer than a line, paragraphs and table cells longer than a
page, a fact base ten times the real one; and random mixed Arabic/Latin text (hypothesis)
comes out of every writer with its Arabic words in logical order."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from conftest import MINI_FACTS, mini_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdftext import arabic_words, flat, normalize, pdfium_text, poppler_text

from briefgen.errors import InputError
from briefgen.pipeline import ROOT, Options, build

# The fact whose text the tests replace: a background paragraph of the full paper.
AR_TEXT = 'text.ar = "أطلقت واشنطن التحالف الدولي عام 2014، ويوجد في العراق نحو 2,500 جندي أميركي."'
EN_TEXT = ('text.en = "Washington launched the international coalition in 2014; about 2,500 US '
           'troops are in Iraq."')
# An event: a row of the chronology table.
AR_EVENT = 'text.ar = "انطلاق أعمال اللجنة العسكرية العليا (HMC) في بغداد لمراجعة مهمة التحالف الدولي."'
EN_EVENT = ('text.en = "The Higher Military Commission (HMC) begins its work in Baghdad to review '
            'the coalition\'s mission."')




def toml_string(text: str) -> str:
    """A TOML basic string holding `text` (JSON escapes are TOML escapes)."""
    return json.dumps(text, ensure_ascii=False)


def with_texts(root: Path, ar: str, en: str, where: tuple[str, str] = (AR_TEXT, EN_TEXT)) -> Path:
    """The fixture with one fact's Arabic and English texts replaced."""
    return mini_copy(root, (where[0], f"text.ar = {toml_string(ar)}"),
                     (where[1], f"text.en = {toml_string(en)}"))[0]


def papers(facts: Path, out: Path, **options) -> dict[str, Path]:
    """build() the fixture; {"ar.pdf": path, ...}; every PDF has pages."""
    result = build(Options(facts=facts, out=out, **options))
    for written in result.written:
        assert written.size > 0
        if written.path.suffix == ".pdf":
            assert written.pages and written.pages > 0
    return {".".join(w.path.name.split(".")[1:]): w.path for w in result.written}


def docx_text(path: Path) -> str:
    """The text of every paragraph and every table cell of a DOCX, one a line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return "\n".join(lines)


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(word == found for found in it) for word in needles)


# --- text is text ------------------------------------------------------------------------------

MARKUP_EN = 'Washington <b>launched</b> & "the" \'coalition\' &amp; a<b in 2014; </p> about 2,500'
MARKUP_AR = 'أطلقت واشنطن <b>التحالف</b> & "الدولي" \'عام\' &amp; a<b 2014 </p> نحو 2,500 جندي'


def test_markup_characters_print_literally(tmp_path: Path) -> None:
    files = papers(with_texts(tmp_path, MARKUP_AR, MARKUP_EN), tmp_path / "out")
    assert MARKUP_EN in flat(poppler_text(files["en.pdf"]))
    assert MARKUP_EN in docx_text(files["en.docx"])
    assert MARKUP_AR.replace("2014", "٢٠١٤").replace("2,500", "٢٬٥٠٠") in docx_text(
        files["ar.docx"])
    # A reader puts the runs of a mixed right-to-left line back in its own order, so the
    # Arabic PDF is judged by its characters: every markup character drawn, none lost.
    line = next(x for x in poppler_text(files["ar.pdf"]).splitlines() if "أطلقت واشنطن" in x)
    for char in "&\"'/;":
        assert line.count(char) == MARKUP_AR.count(char), (char, line)
    assert line.count("<") + line.count(">") == MARKUP_AR.count("<") + MARKUP_AR.count(">")
    assert "amp" in line
    assert arabic_words(line) == arabic_words(MARKUP_AR)


@pytest.mark.parametrize(("char", "kind"), [
    ("\u0000", "a control character XML cannot hold"),
    ("\u000b", "a control character XML cannot hold"),
    ("\u202b", "a bidi override or isolate"),
    ("\u2068", "a bidi override or isolate"),
])
def test_forbidden_characters_are_refused_with_their_place(tmp_path: Path, char: str,
                                                           kind: str) -> None:
    facts = with_texts(tmp_path, "أطلقت واشنطن عام 2014 نحو 2,500", f"In 2014{char} about 2,500")
    line = next(i for i, x in enumerate(facts.read_text(encoding="utf-8").splitlines(), 1)
                if x.startswith("text.en = \"In 2014"))
    with pytest.raises(InputError) as caught:
        build(Options(facts=facts, out=tmp_path / "out"))
    assert str(caught.value).endswith(
        f"facts.toml:{line}: forbidden character U+{ord(char):04X} ({kind}) at character 8 of "
        "the text «In 2014? about 2,500»; delete it")
    assert not (tmp_path / "out").exists()


# --- big and odd input ---------------------------------------------------------------------

URL = "https://example.org/" + "abcdefghij" * 28  # 300 characters, no space


def test_a_word_longer_than_a_line(tmp_path: Path) -> None:
    facts = with_texts(tmp_path, f"واشنطن عام 2014 نحو 2,500 {URL} جندي",
                       f"Washington in 2014, about 2,500 {URL} troops")
    files = papers(facts, tmp_path / "out")
    for lang in ("ar", "en"):
        assert URL in re.sub(r"\s", "", poppler_text(files[f"{lang}.pdf"])), lang
        assert URL in docx_text(files[f"{lang}.docx"])
    # (a reader may reorder the words of the stretched line before the long word: no order)
    assert set(arabic_words("واشنطن عام نحو جندي")) <= set(arabic_words(poppler_text(
        files["ar.pdf"])))


def char_boxes(path: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """Per page, (character, (left, bottom, right, top)) of every character drawn."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append([(textpage.get_text_range(i, 1), textpage.get_charbox(i))
                          for i in range(textpage.count_chars())])
        return pages
    finally:
        pdf.close()


def test_no_character_is_drawn_off_the_page(tmp_path: Path) -> None:
    """The long word is broken at the margin, not run off the paper."""
    facts = with_texts(tmp_path, f"واشنطن 2014 2,500 {URL}", f"Washington 2014 2,500 {URL}")
    files = papers(facts, tmp_path / "out", formats=("pdf",))
    for path in files.values():
        width = pdfium.PdfDocument(str(path))[0].get_width()
        for page in char_boxes(path):
            for char, (left, _, right, _) in page:
                assert left >= 0 and right <= width, (path.name, char, left, right, width)


LETTER = re.compile(r"[A-Za-z\u0621-\u064a]")


def overlaps(path: Path) -> list[tuple[str, str]]:
    """Pairs of letters drawn over each other on one line (marks and spaces aside). A glyph
    that stands for two letters (lam-alef) gives both the same box: that is one glyph, not
    an overlap; an italic letter's overhang into its neighbour (under 2 pt) is not either."""
    found = []
    for page in char_boxes(path):
        letters = [(c, box) for c, box in page if LETTER.match(c)]
        for i, (a, box_a) in enumerate(letters):
            l1, b1, r1, _ = box_a
            for b, box_b in letters[i + 1:]:
                l2, b2, r2, _ = box_b
                if box_a == box_b:
                    continue
                if abs(b1 - b2) < 3 and min(r1, r2) - max(l1, l2) > 2.0:
                    found.append((a, b))
    return found


def test_the_line_after_a_long_word_is_not_drawn_over_itself(tmp_path: Path) -> None:
    facts = with_texts(tmp_path, f"واشنطن عام 2014 نحو 2,500 {URL} جندي",
                       f"Washington in 2014, about 2,500 {URL} troops")
    files = papers(facts, tmp_path / "out", formats=("pdf",))
    assert overlaps(files["en.pdf"]) == []
    assert overlaps(files["ar.pdf"]) == []


SENTENCE_AR = "جملة طويلة عن التحالف الدولي في العراق وعن الحوار الأمني بين بغداد وواشنطن."
SENTENCE_EN = ("A long sentence about the coalition in Iraq and the security dialogue between "
               "Baghdad and Washington.")


def long_texts(count: int) -> tuple[str, str]:
    """Paragraphs of `count` sentences, with numbered first and last words to find."""
    return (f"البداية {' '.join([SENTENCE_AR] * count)} النهاية",
            f"Beginning {' '.join([SENTENCE_EN] * count)} Ending")


def test_a_paragraph_of_several_pages(tmp_path: Path) -> None:
    ar, en = long_texts(250)
    files = papers(with_texts(tmp_path, ar, en), tmp_path / "out")
    short = papers(MINI_FACTS, tmp_path / "short", formats=("pdf",))
    for lang in ("ar", "en"):
        text = flat(poppler_text(files[f"{lang}.pdf"]))
        assert poppler_pages(files[f"{lang}.pdf"]) >= poppler_pages(short[f"{lang}.pdf"]) + 4
        assert text.count(SENTENCE_EN if lang == "en" else "جملة طويلة") >= 200
        words = arabic_words(text)
        if lang == "ar":
            assert is_subsequence(arabic_words(ar)[:30] + arabic_words(ar)[-30:], words)
        else:
            assert "Beginning A long sentence" in text and "Washington. Ending" in text
        assert docx_text(files[f"{lang}.docx"]).count(
            SENTENCE_EN if lang == "en" else SENTENCE_AR) == 250


def poppler_pages(path: Path) -> int:
    return poppler_text(path).count("\f")


CELL_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from briefgen.pipeline import Options, build
    result = build(Options(facts=Path(sys.argv[1]), out=Path(sys.argv[2]), formats=("pdf",)))
    print(" ".join(str(w.pages) for w in result.written))
""")


def test_a_table_cell_longer_than_a_page_pdf(tmp_path: Path) -> None:
    """In a subprocess with a time limit: the bug makes the writer run forever (a correct
    build of these two papers takes about two seconds)."""
    ar, en = long_texts(150)
    facts = with_texts(tmp_path, ar, en, (AR_EVENT, EN_EVENT))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", CELL_SCRIPT, str(facts), str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=10)
    assert done.returncode == 0, done.stderr
    assert all(int(pages) > 3 for pages in done.stdout.split())
    # Where the cell breaks across pages, the repeated header row and the source column
    # stand between the two halves of a sentence in the extracted text: count the starts.
    for lang, start in (("ar", "جملة طويلة"), ("en", "A long sentence about")):
        assert flat(poppler_text(out / f"mini.{lang}.pdf")).count(start) == 150


def test_a_table_cell_longer_than_a_page_docx(tmp_path: Path) -> None:
    ar, en = long_texts(150)
    files = papers(with_texts(tmp_path, ar, en, (AR_EVENT, EN_EVENT)), tmp_path / "out",
                   formats=("docx",))
    for lang, sentence in (("ar", SENTENCE_AR), ("en", SENTENCE_EN)):
        document = docx.Document(str(files[f"{lang}.docx"]))
        cells = [cell.text for table in document.tables for row in table.rows
                 for cell in row.cells]
        assert any(cell.count(sentence) == 150 for cell in cells)


def ten_times(text: str) -> str:
    """The fact base with its [[facts]] blocks repeated nine more times under new ids."""
    blocks = re.findall(r"\[\[facts\]\]\n.*?(?=\n\[\[)", text, re.S)
    assert len(blocks) == 9
    extra = [re.sub(r'^id = "([a-z0-9-]+)"', rf'id = "\g<1>-copy{k}"', block, count=1,
                    flags=re.M) for k in range(1, 10) for block in blocks]
    at = text.index("[[disagreements]]")
    return text[:at] + "\n\n".join(extra) + "\n\n" + text[at:]


def test_a_fact_base_ten_times_the_size(tmp_path: Path) -> None:
    facts, _ = mini_copy(tmp_path)
    facts.write_text(ten_times(facts.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(Options(facts=facts, out=tmp_path / "out", check_only=True))
    assert (result.report.facts, result.report.quotes) == (90, 13 + 9 * 9)
    files = papers(facts, tmp_path / "out")
    en = flat(poppler_text(files["en.pdf"]))
    assert en.count("Washington launched the international coalition in 2014") == 10
    assert docx_text(files["en.docx"]).count("The level of the threat posed by ISIS.") == 10
    ar = flat(poppler_text(files["ar.pdf"]))
    assert ar.count("مستوى التهديد الذي يمثله تنظيم داعش") == 10


# --- random mixed text (hypothesis) ---------------------------------------------------------

ARABIC_WORDS = ["التحالف", "الدولي", "في", "العراق", "بغداد", "واشنطن", "جدول", "زمني",
                "الانسحاب", "لجنة", "عسكرية", "عليا", "داعش", "إف", "القوات", "الأمريكية",
                "مؤتمر", "صحفي", "قال", "إن"]
arabic_word = st.one_of(st.sampled_from(ARABIC_WORDS),
                        st.text(st.characters(min_codepoint=0x0621, max_codepoint=0x064A),
                                min_size=1, max_size=8))
latin_word = st.text("abcdefghijklmnopqrstuvwxyzHMCJSCD", min_size=1, max_size=10)
number = st.one_of(st.integers(0, 10**7).map(str), st.sampled_from(["2,500", "٢٠٢٤", "1.5"]))
punctuation = st.sampled_from([*".,;:!?،؛؟«»\"'-–()[]{}<>&/%", "(HMC)", "...", "[1]"])
space = st.sampled_from([" ", " ", " ", "  ", "\t", " \n "])
token = st.one_of(arabic_word, arabic_word, latin_word, number, punctuation, space)
mixed_text = st.lists(token, min_size=1, max_size=40).map("".join).filter(
    lambda s: s.strip() != "")

START, END = "مطلعالفقرة", "خاتمةالفقرة"  # words found nowhere else in the papers


# How the order is judged. A PDF holds glyphs in visual order; a reader puts each line back
# in logical order by guessing its direction. On the pages of the Arabic paper (right-to-left
# paragraphs) Poppler and PDFium both do it right, and there the Arabic words must come back
# in their order. On the English paper they cannot: a left-to-right paragraph whose Arabic
# run starts right after a Latin letter, "مطلعالفقرة Cالتحالف0 خاتمةالفقرة [1]", is drawn
# right (left to right: مطلعالفقرة C [1] خاتمةالفقرة 0 التحالف, the Arabic run reversed, as
# UAX #9 says) yet Poppler gives " مطلعالفقرةC[1] خاتمةالفقرة0التحالف" and PDFium
# "التحالف0 خاتمةالفقرة [1]C مطلعالفقرة". So there the words are only counted.
ORDER_READERS = {"poppler": poppler_text, "pdfium": pdfium_text}


@settings(derandomize=True, max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(mixed_text)
def test_random_mixed_text_gives_every_paper_with_arabic_in_order(text: str) -> None:
    paragraph = f"{START} {text} {END}"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        facts = with_texts(root, paragraph, paragraph)  # the same text: the same numbers
        files = papers(facts, root / "out")  # both formats, both languages: no error
        expected = arabic_words(normalize(text))
        for lang in ("ar", "en"):
            assert docx_has_words(files[f"{lang}.docx"], paragraph), lang
        for name, reader in ORDER_READERS.items():
            words = arabic_words(reader(files["ar.pdf"]))
            assert START in words and END in words, (name, words)
            inside = words[words.index(START) + 1:words.index(END)]
            assert is_subsequence(expected, inside), (name, expected, inside)
        drawn = Counter(arabic_words(poppler_text(files["en.pdf"])))
        assert not Counter([START, *expected, END]) - drawn, (expected, drawn)


def docx_has_words(path: Path, paragraph: str) -> bool:
    """The paragraph is in the DOCX, white space folded, digits compared as Western (the
    Arabic paper localises them)."""
    def fold(text: str) -> str:
        return " ".join(text.split()).translate(WESTERN)
    return fold(paragraph) in fold(docx_text(path))


WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩٬٫", "0123456789,.")
