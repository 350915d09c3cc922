"""Persian and Urdu letter forms in the papers' own Arabic: text -> problems.

Some seeds were typed on Persian keyboards: «العسكریة» with Persian yeh (U+06CC), «المھمة»
with heh doachashmee (U+06BE). They look alike but a reader's search for «العسكرية» does not
find them, and a screen reader may spell them out. Verbatim text keeps them (quotations in
« », `quote` fields, and a source's Arabic headline, printed as the seed gives it); the
papers' own words use the Arabic letter.

Flagged: the forms with one Arabic letter in their place, none of which the seeds use
outside a Persian-typed passage: ی ک ھ ۀ, the Urdu ے ۃ ں ٹ ڈ ڑ, and the Persian digits
۰-۹. Not flagged: گ پ چ ژ, which Arabic writers use for sounds Arabic lacks (Kurdish and
foreign names) and which have no one Arabic letter to put instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.facts.printed import outside_guillemets

ARABIC_FOR = {
    "\u06cc": "\u064a",  # ی Farsi yeh -> ي
    "\u06a9": "\u0643",  # ک keheh -> ك
    "\u06be": "\u0647",  # ھ heh doachashmee -> ه
    "\u06c0": "\u0629",  # ۀ heh with yeh above -> ة
    "\u06d2": "\u064a",  # ے yeh barree -> ي
    "\u06c3": "\u0629",  # ۃ teh marbuta goal -> ة
    "\u06ba": "\u0646",  # ں noon ghunna -> ن
    "\u0679": "\u062a",  # ٹ tteh -> ت
    "\u0688": "\u062f",  # ڈ ddal -> د
    "\u0691": "\u0631",  # ڑ rreh -> ر
    **{chr(0x06F0 + d): chr(0x0660 + d) for d in range(10)},  # ۰-۹ -> ٠-٩
}
_TABLE = str.maketrans(ARABIC_FOR)
_ANY = re.compile(f"[{''.join(ARABIC_FOR)}]")
_PUNCTUATION = "()[]{}\"'“”،,.:؛;!؟?…/-"


@dataclass(frozen=True)
class LetterProblem:
    """Words of a text written with Persian or Urdu forms, and the message."""

    word: str
    message: str


def letter_problems(text: str, verbatim: bool = False) -> list[LetterProblem]:
    """The words of `text`, outside « » quotations, that hold a Persian or Urdu form; one
    problem per word (nothing when the whole text is verbatim)."""
    if verbatim or not _ANY.search(text):
        return []
    seen: dict[str, LetterProblem] = {}
    for word in (w.strip(_PUNCTUATION) for w in outside_guillemets(text).split()):
        forms = [c for c in dict.fromkeys(word) if c in ARABIC_FOR]
        if forms and word not in seen:
            letters = ", ".join(f"{c} (U+{ord(c):04X}) by {ARABIC_FOR[c]}" for c in forms)
            seen[word] = LetterProblem(word, (
                f"«{word}» is written with a Persian or Urdu letter form outside a quotation; "
                f"write «{arabic_letters(word)}»: replace {letters}"))
    return list(seen.values())


def arabic_letters(text: str) -> str:
    """`text` with each Persian or Urdu form replaced by its Arabic letter."""
    return text.translate(_TABLE)
