"""Arabic shaping for the PDF path: logical str -> logical str of presentation forms.

arabic-reshaper maps each Arabic letter to its contextual presentation form (U+FB50-U+FEFF)
and lam-alef pairs to their ligatures. Configured to keep harakat (its default,
delete_harakat=True, would silently drop tanween, damma and shadda) and to form only the
mandatory lam-alef ligatures, which every Arabic font has. The DOCX writer never shapes.
"""

from __future__ import annotations

from functools import lru_cache

import arabic_reshaper

_LAM_ALEF = "arabic ligature lam with alef"
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={
        "delete_harakat": False,
        "shift_harakat_position": False,
        "support_ligatures": True,
        # only the lam-alef family: other ligatures change how a word looks
        **{key: False for key in arabic_reshaper.ArabicReshaper().configuration
           if key.startswith("arabic ligature") and not key.startswith(_LAM_ALEF)},
    }
)


@lru_cache(maxsize=65536)
def shape(text: str) -> str:
    """The text with Arabic letters in their contextual presentation forms (logical order)."""
    return _RESHAPER.reshape(text)
