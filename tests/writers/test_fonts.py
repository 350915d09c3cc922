"""writers/fonts: the font files, checked once per version of their bytes."""

from __future__ import annotations

import shutil

import pytest

from briefgen.diskcache import cache_folder
from briefgen.errors import FontError
from briefgen.pipeline import ROOT
from briefgen.writers import fonts
from briefgen.writers.fonts import FONT_FILES, load_fontset


def test_fonts_checked_once_are_not_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = load_fontset(ROOT / "fonts")
    assert len(list(cache_folder("font-coverage").iterdir())) == len(FONT_FILES)
    monkeypatch.setattr(fonts, "_read_coverage", lambda path, data: pytest.fail("read again"))
    again = load_fontset(ROOT / "fonts")
    assert again.coverage == first.coverage
    assert 0x0628 in again.coverage["arabic_regular"] and 0x0041 in again.coverage["latin_bold"]


def test_a_font_changed_since_is_checked_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", folder)
    load_fontset(folder)  # all five checked and cached
    damaged = folder / FONT_FILES["latin_italic"]
    data = bytearray(damaged.read_bytes())
    data[200:4000] = bytes(3800)  # the table directory's neighbours zeroed
    damaged.write_bytes(bytes(data))
    with pytest.raises(FontError, match=r"NotoSerif-Italic\.ttf: damaged font"):
        load_fontset(folder)


def test_a_damaged_cache_entry_is_read_again_from_the_font(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = load_fontset(ROOT / "fonts")
    for entry in cache_folder("font-coverage").iterdir():
        entry.write_bytes(b"not json")
    assert load_fontset(ROOT / "fonts").coverage == first.coverage
