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


@pytest.mark.parametrize("slot", ["latin_regular", "arabic_bold"])
def test_damage_inside_the_glyph_data_is_found_and_the_font_named(tmp_path, monkeypatch, slot):
    """Bytes overwritten in the middle of the outlines: every table the writers read still
    parses, and only the outlines of a few glyphs are wrong; the glyph table's checksum is."""
    from fontTools.ttLib import TTFont

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", folder)
    path = folder / FONT_FILES[slot]
    entry = TTFont(str(path)).reader.tables["glyf"]
    data = bytearray(path.read_bytes())
    middle = entry.offset + entry.length // 2
    data[middle:middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    with pytest.raises(FontError) as caught:
        load_fontset(folder)
    assert str(caught.value) == (f"{path}: damaged font (the checksum of its glyf table does "
                                 "not match its bytes); restore it from the repository")
