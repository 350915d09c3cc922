"""writers/pdf/fontfile: a face's fields are reportlab's, from the font or from the cache."""

from __future__ import annotations

import json

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from briefgen.errors import FontError
from briefgen.pipeline import ROOT
from briefgen.writers.fonts import FONT_FILES
from briefgen.writers.pdf import fontfile
from briefgen.writers.pdf.fontfile import FontFile, FontFileError, read_fields, register
from briefgen.writers.pdf.fonts import _register

FIELDS = ("name", "flags", "bbox", "italicAngle", "ascent", "descent", "capHeight", "stemV",
          "unitsPerEm", "numGlyphs", "defaultWidth", "charToGlyph", "charWidths", "hmetrics",
          "glyphPos")


@pytest.mark.parametrize("file", FONT_FILES.values())
def test_every_field_is_what_reportlab_read_from_the_same_file(file):
    path = str(ROOT / "fonts" / file)
    ours, theirs = FontFile(path, json.loads(json.dumps(read_fields(path)))), TTFontFile(path)
    for field in FIELDS:
        assert getattr(ours, field) == getattr(theirs, field), field
        assert isinstance(getattr(theirs, field), type(getattr(ours, field))), field
    for tag in theirs.table:
        assert ours.get_table(tag) == theirs.get_table(tag), tag


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    saved = dict(fontfile._FACES)
    yield tmp_path
    fontfile._FACES.clear()
    fontfile._FACES.update(saved)


def test_a_face_is_read_from_the_cache_the_second_time(empty_cache, monkeypatch):
    path = str(ROOT / "fonts" / FONT_FILES["latin_italic"])
    first = register("test-italic", path)
    fontfile._FACES.clear()
    monkeypatch.setattr(fontfile, "read_fields", lambda *a: pytest.fail("font read again"))
    again = register("test-italic", path)
    assert again is not first
    assert (again.name, again.charWidths, again.hmetrics) == (first.name, first.charWidths,
                                                              first.hmetrics)


def test_a_file_that_is_not_a_truetype_font_is_refused(tmp_path):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"OTTO" + bytes(200))
    with pytest.raises(FontFileError):
        read_fields(str(bad))
    with pytest.raises(FontError, match=r"bad\.ttf: cannot load font"):
        _register("test-bad", str(bad))
