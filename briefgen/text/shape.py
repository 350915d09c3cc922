"""Arabic shaping for the PDF path: logical str -> logical str of presentation forms.

arabic-reshaper maps each Arabic letter to its contextual presentation form (U+FB50-U+FEFF)
and lam-alef pairs to their ligatures. Configured to keep harakat (its default,
delete_harakat=True, would silently drop tanween, damma and shadda) and to form only the
mandatory lam-alef ligatures, which every Arabic font has. The DOCX writer never shapes.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

# arabic-reshaper imports fontTools.ttLib (some 9 ms a run, with logging) for one function,
# config_for_true_type_font, which the generator never calls: imported with that module
# hidden, then given a TTFont that imports it when first called (tools/font_fidelity.py
# calls it), the reshaper is the same and a run does not pay for fontTools.
_HIDDEN = "fontTools.ttLib" not in sys.modules
if _HIDDEN:
    sys.modules["fontTools.ttLib"] = None  # the import system's marker for "not importable"
try:
    import arabic_reshaper
    from arabic_reshaper import reshaper_config
finally:
    if _HIDDEN and sys.modules.get("fontTools.ttLib", "") is None:
        del sys.modules["fontTools.ttLib"]


def _font_file(path: str) -> object:
    from fontTools.ttLib import TTFont

    return TTFont(path)


if not reshaper_config.with_font_config:
    reshaper_config.TTFont, reshaper_config.with_font_config = _font_file, True

_LAM_ALEF = "arabic ligature lam with alef"
CONFIGURATION = {
    "delete_harakat": False,
    "shift_harakat_position": False,
    "support_ligatures": True,
    # only the lam-alef family: other ligatures change how a word looks
    **{key: False for key in arabic_reshaper.ArabicReshaper().configuration
       if key.startswith("arabic ligature") and not key.startswith(_LAM_ALEF)},
}


class _Settings(dict):
    """The reshaper's settings read once: it asks its configparser section for five of them
    on every call (a third of its time on short texts); a dict answers the same (and, like
    configparser, whatever the case of the key)."""

    def getboolean(self, key: str) -> bool:
        return self[key.lower()]


_RESHAPER = arabic_reshaper.ArabicReshaper(configuration=CONFIGURATION)
_RESHAPER.configuration = _Settings(
    {key: _RESHAPER.configuration.get(key) if key == "language"
     else _RESHAPER.configuration.getboolean(key) for key in _RESHAPER.configuration})


# Shaped words: joining never crosses a space, so a text is shaped word by word, and the
# words of a paper repeat (a fact base 100 times larger has about the same words).
_SHAPED_WORDS: dict[str, str] = {}
_MAX_WORDS = 200_000


def shape(text: str) -> str:
    """The text with Arabic letters in their contextual presentation forms (logical order)."""
    words = text.split(" ")
    missing = [word for word in dict.fromkeys(words) if word not in _SHAPED_WORDS]
    if missing:
        if len(_SHAPED_WORDS) + len(missing) > _MAX_WORDS:
            _SHAPED_WORDS.clear()
        # one reshape call for all the new words (each call re-reads its configuration)
        shaped = _RESHAPER.reshape(" ".join(missing)).split(" ")
        if len(shaped) != len(missing):  # not expected: shape each word on its own
            shaped = [_RESHAPER.reshape(word) for word in missing]
        _SHAPED_WORDS.update(zip(missing, shaped, strict=True))
    return " ".join(_SHAPED_WORDS[word] for word in words)


# What a shaped word depends on besides the word (the reshaper, its configuration, this
# module): the key of a cache of shaped words kept elsewhere.
SHAPER = (f"arabic-reshaper {arabic_reshaper.__version__} "
          f"{sorted((k, str(v)) for k, v in CONFIGURATION.items())} "
          f"{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}")


def shaped_words() -> dict[str, str]:
    """The words shaped so far, word -> its presentation forms (do not change it)."""
    return _SHAPED_WORDS


def learn_shaped(words: dict[str, str]) -> None:
    """Take `words` (as shaped_words() gave them, under the same SHAPER) as shaped."""
    if len(_SHAPED_WORDS) + len(words) <= _MAX_WORDS:
        _SHAPED_WORDS.update(words)
