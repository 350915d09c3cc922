"""The fact base's schema as data: table -> record class, fields and their kinds.

Kinds: id, str, int, bool, bi (bilingual text), date, cite (list of citations),
tags (list of strings), keywords (bilingual lists), ref:<table>, refs:<table>,
choice:<a|b>. A field name ending in "!" is required.
"""

from __future__ import annotations

from briefgen.facts.records import (
    Brief,
    Disagreement,
    Fact,
    Judgment,
    Party,
    Person,
    Question,
    Source,
    Term,
)

DIGITS = "choice:arabic-indic|western"

TABLES: dict[str, tuple[type, dict[str, str]]] = {
    "brief": (Brief, {
        "id!": "id", "edition!": "int", "edition_date!": "date", "digits!": DIGITS,
        "title!": "bi", "subtitle!": "bi", "short_title!": "bi", "author!": "bi",
        "handling!": "bi", "keywords!": "keywords",
    }),
    "sources": (Source, {
        "id!": "id", "file!": "str", "kind!": "choice:news|analysis", "language!": "choice:ar",
        "date!": "date", "date_inferred": "bi", "outlet": "bi", "headline!": "bi",
    }),
    "parties": (Party, {"id!": "id", "name!": "bi"}),
    "people": (Person, {
        "id!": "id", "name!": "bi", "role!": "bi", "party!": "ref:parties", "cite!": "cite",
    }),
    "facts": (Fact, {
        "id!": "id", "group!": "str", "text!": "bi", "cite!": "cite", "tags": "tags",
        "date": "date", "date_inferred": "bi", "party": "ref:parties", "speaker": "ref:people",
        "value": "int", "analysis": "bool",
    }),
    "disagreements": (Disagreement, {"id!": "id", "topic!": "bi", "sides!": "refs:facts"}),
    "questions": (Question, {
        "id!": "id", "text!": "bi", "why!": "bi", "sides!": "refs:facts", "watch": "bi",
        "cite!": "cite",
    }),
    "judgments": (Judgment, {"id!": "id", "text!": "bi", "rests_on!": "refs:facts"}),
    "terms": (Term, {"id!": "id", "term!": "bi", "expansion!": "bi", "cite!": "cite"}),
}
SINGLE_TABLES = frozenset({"brief"})
LANGS = ("ar", "en")
MIN_QUOTE_WORDS = 5
