"""Digits and number grouping per paper: str -> str.

Arabic-Indic digits are U+0660-U+0669; the Arabic thousands separator is U+066C.
Digits inside guillemets « » are left as the source wrote them (verbatim quotations).
"""

from __future__ import annotations

import re
from functools import lru_cache

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
WESTERN = "0123456789"
ARABIC_THOUSANDS = "\u066c"
DIGIT_STYLES = ("arabic-indic", "western")

_TO_INDIC = str.maketrans(WESTERN, ARABIC_INDIC)
_TO_WESTERN = str.maketrans(ARABIC_INDIC, WESTERN)
_GROUPED = re.compile(r"(?<=\d),(?=\d{3})")
_QUOTED = re.compile(r"(«[^»]*»)")


@lru_cache(maxsize=1 << 15)  # the same texts come again in every paper, and every rebuild
def to_style(text: str, style: str) -> str:
    """Write every digit of `text` in `style`, grouping separators with them; quotations kept."""
    parts = _QUOTED.split(text)
    return "".join(p if p.startswith("«") else _convert(p, style) for p in parts)


def _convert(text: str, style: str) -> str:
    if style == "arabic-indic":
        return _GROUPED.sub(ARABIC_THOUSANDS, text).translate(_TO_INDIC)
    return text.translate(_TO_WESTERN).replace(ARABIC_THOUSANDS, ",")


def format_number(value: int, style: str) -> str:
    """A whole number grouped in thousands, in the digit style: 2500 -> 2,500 or ٢٬٥٠٠."""
    return to_style(f"{value:,}", style)
