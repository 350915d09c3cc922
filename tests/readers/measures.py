"""The figures of the acceptance points, each computed from a reader's text and the model's:
presentation forms among Arabic letters, plain search for the paper's frequent words,
viewers' find against the model's count, statements found in logical word order,
bracket pairs read the logical way, harakat kept on their letters."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\ufb50-\ufdff\ufe70-\ufefc]")
HARAKA = re.compile("[\u064b-\u0652]")
ARABIC_WORD = re.compile("[\u0620-\u065f\u066e-\u06d3\u06d5]+")
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
GROUPED = re.compile(r"(?<=\d)[,٬.٫](?=\d)")
LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
TOKEN = re.compile(r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")
PAIRS = {"(": ")", "[": "]", "«": "»"}


@dataclass(frozen=True)
class Share:
    """`part` of `whole`, printed as 'part/whole'."""

    part: int
    whole: int

    @property
    def ratio(self) -> float:
        return self.part / self.whole if self.whole else 1.0

    def __str__(self) -> str:
        return f"{self.part}/{self.whole}"


# -- presentation forms -------------------------------------------------------------------

def presentation_forms(text: str) -> Share:
    """Arabic presentation forms among the Arabic letters of the text."""
    return Share(len(PRESENTATION.findall(text)), len(ARABIC_LETTER.findall(text)))


# -- plain search -------------------------------------------------------------------------

def arabic_words(texts: list[str]) -> Counter[str]:
    """How often each Arabic word (letters and harakat) occurs in the texts."""
    return Counter(w for t in texts for w in ARABIC_WORD.findall(t))


def frequent_words(texts: list[str], n: int = 50) -> list[str]:
    """The n most frequent Arabic words of the texts (ties in order of first use)."""
    return [w for w, _ in arabic_words(texts).most_common(n)]


def words_with_harakat(texts: list[str]) -> list[str]:
    """Every distinct Arabic word of the texts that carries harakat."""
    return sorted(w for w in arabic_words(texts) if HARAKA.search(w))


def occurrences(word: str, texts: list[str]) -> int:
    """Occurrences of `word` as a substring of the texts, each text on its own."""
    return sum(t.count(word) for t in texts)


def plain_search(words: list[str], model: list[str], reader: str) -> tuple[Share, list[str]]:
    """A plain search (str.count, nothing normalised) of the reader's text for each word:
    the occurrences found of those the model has, and the words with some missing."""
    found = expected = 0
    missing = []
    for word in words:
        want = occurrences(word, model)
        got = reader.count(word)
        found += min(got, want)
        expected += want
        if got < want:
            missing.append(f"{word} {got}/{want}")
    return Share(found, expected), missing


# -- find in the viewers ------------------------------------------------------------------

def pdfjs_fold(text: str) -> str:
    """Text as pdf.js's find controller compares it with matchDiacritics off (web/
    pdf_find_controller.js normalize() and #convertToRegExpString()): decomposed (NFD), every
    combining mark dropped (harakat, and hamza and madda once decomposed from their
    carrier), compatibility characters as NFKC gives them, case ignored, white space runs
    as one space."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", " ", text)


def exact_fold(text: str) -> str:
    """Text as PDFium's search compares it: as it is (white space runs as one space)."""
    return re.sub(r"\s+", " ", text)


def expected_finds(query: str, texts: list[str], fold=exact_fold) -> int:
    """The occurrences of `query` in the model's texts, both folded as the engine folds."""
    needle = fold(query)
    return sum(fold(t).count(needle) for t in texts)


# -- logical word order -------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    """Words of a text for comparing reading order: NFKC, bidi controls and tatweel dropped,
    one digit set, group separators inside numbers dropped, a number glued to a word split
    off, punctuation dropped."""
    text = BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text)).replace("\u0640", "")
    text = GROUPED.sub("", text.translate(DIGITS))
    text = LETTER_DIGIT.sub(" ", text)
    return TOKEN.findall(text)


def joined(text: str) -> str:
    """The tokens of a text as one string with a space on each side of every token."""
    return " " + " ".join(tokens(text)) + " "


def in_order(statement: str, reader_texts: list[str]) -> bool:
    """Whether the statement's words occur, consecutively and in order, in one of the texts."""
    needle = joined(statement)
    return any(needle in text for text in reader_texts)


# -- brackets and harakat -----------------------------------------------------------------

def bracket_spans(text: str, reverse: bool = False) -> Counter[tuple[str, str]]:
    """The bracketed spans of a text as (opening mark, words inside); a run of citations
    ([1][5]) is one span. With `reverse`, the spans written the mirrored way round
    (closing mark first), under their opening mark."""
    found: Counter[tuple[str, str]] = Counter()
    flat = re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", text))
    for opening, closing in PAIRS.items():
        first, last = (closing, opening) if reverse else (opening, closing)
        one = re.escape(first) + f"[^{re.escape(opening + closing)}]*" + re.escape(last)
        # citations: a whole run, and not one that starts inside a run read another way
        run = f"(?<!{re.escape(last)})(?<!{re.escape(last)} )(?:{one})+"
        pattern = run if opening == "[" else one
        for span in re.findall(pattern, flat):
            words = tokens(span)
            if reverse and opening == "[":  # a mirrored run of citations runs backwards
                words.reverse()
            found[(opening, " " + " ".join(words) + " ")] += 1
    return found


def brackets(model: list[str], reader: str | list[list[str]], cells: list[str] | tuple = ()
             ) -> tuple[Share, int]:
    """Bracket pairs of the model the reader gives back the logical way (opening mark,
    the text it opens, closing mark), of all the model's pairs; and how many it gives back
    mirrored (closing mark first around the same text) more often than the model's own
    text has that text between a closing and an opening mark (between two pairs: «...)
    نيسان/أبريل ٢٠٢٤ (...», or after a closing mark where a table cell starts with it).
    `reader` is the reader's text of the page body, or [[that], and for each table
    layout its texts of the columns read within their cells]; then the pairs of the
    model's table `cells` are looked for in the columns (those of one layout added up,
    as often as the layout that has them most often), and the others in the body.
    Mirrored pairs are looked for in the body.
    """
    layouts = [[reader]] if isinstance(reader, str) else reader
    body = layouts[0][0]
    want: Counter[tuple[str, str]] = Counter()
    between: Counter[tuple[str, str]] = Counter()
    for text in model:
        want += bracket_spans(text)
        between += bracket_spans(text, reverse=True)
    in_cells: Counter[tuple[str, str]] = Counter()
    for text in cells:
        in_cells += bracket_spans(text)
        # a cell's first words before a bracket may come right after a closing mark that
        # ends another cell (a row split over two pages reads its last cell's rest first)
        for closing in PAIRS.values():
            between += bracket_spans(f"{closing} {text}", reverse=True)
    in_columns: Counter[tuple[str, str]] = Counter()
    for layout in layouts[1:]:
        in_layout: Counter[tuple[str, str]] = Counter()
        for text in layout:
            in_layout += bracket_spans(text)
        in_columns |= in_layout
    found = ((want - in_cells) & bracket_spans(body)) + (in_cells & want & in_columns)
    mirrored = sum((want & (bracket_spans(body, reverse=True) - between)).values())
    return Share(sum(found.values()), sum(want.values())), mirrored


def detached_harakat(text: str) -> Share:
    """Harakat that do not follow a letter (or a haraka on one), of all harakat."""
    total = detached = 0
    for match in HARAKA.finditer(text):
        total += 1
        j = match.start() - 1
        while j >= 0 and HARAKA.match(text[j]):
            j -= 1
        if j < 0 or not ARABIC_LETTER.match(text[j]):
            detached += 1
    return Share(detached, total)
