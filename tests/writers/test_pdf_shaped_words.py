"""writers/pdf/layout.ShapedWords: the words a writer shaped are read back by the next one
from the disk cache, and not shaped again."""

from __future__ import annotations

import pytest
from sample_document import sample_document

from briefgen.pipeline import ROOT
from briefgen.text import shape
from briefgen.writers.fonts import load_fontset
from briefgen.writers.pdf.document import write_pdf

FONTS = load_fontset(ROOT / "fonts")


@pytest.fixture
def no_words(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    saved = dict(shape._SHAPED_WORDS)
    shape._SHAPED_WORDS.clear()
    yield
    shape._SHAPED_WORDS.clear()
    shape._SHAPED_WORDS.update(saved)


def test_a_writer_reads_the_words_an_earlier_one_shaped(no_words, tmp_path, monkeypatch):
    write_pdf(sample_document("ar"), FONTS, tmp_path / "first.pdf")
    shaped = dict(shape.shaped_words())
    assert "الحوار" in shaped
    shape._SHAPED_WORDS.clear()  # a new process
    monkeypatch.setattr(shape._RESHAPER, "reshape", lambda text: pytest.fail(f"shaped {text!r}"))
    write_pdf(sample_document("ar"), FONTS, tmp_path / "second.pdf")
    assert shape.shaped_words() == shaped
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()


def test_a_damaged_entry_is_shaped_again(no_words, tmp_path):
    write_pdf(sample_document("ar"), FONTS, tmp_path / "first.pdf")
    entry = next((tmp_path / "briefgen" / "shaped-words").glob("*.json"))
    entry.write_bytes(entry.read_bytes()[:-10])
    shape._SHAPED_WORDS.clear()
    write_pdf(sample_document("ar"), FONTS, tmp_path / "second.pdf")
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()


def test_a_process_reads_the_entry_again_only_when_another_process_rewrote_it(
        no_words, tmp_path, monkeypatch):
    from briefgen.writers.pdf import layout

    write_pdf(sample_document("ar"), FONTS, tmp_path / "first.pdf")  # reads, shapes, writes
    read = []
    real = layout.read_entry
    monkeypatch.setattr(layout, "read_entry", lambda path: read.append(path) or real(path))
    write_pdf(sample_document("ar"), FONTS, tmp_path / "second.pdf")
    assert read == []  # the words are those it wrote: a watch rebuild reads nothing
    entry = next((tmp_path / "briefgen" / "shaped-words").glob("*.json"))
    entry.write_bytes(entry.read_bytes())  # another process's words
    write_pdf(sample_document("ar"), FONTS, tmp_path / "third.pdf")
    assert read == [entry]
