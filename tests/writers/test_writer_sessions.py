"""Writer sessions (writers/base.py): a session that has written earlier versions of a
paper (or of its redline) writes the next one byte for byte as a new session does, for
every format, whatever
came before (edits, other slots, a write that failed); the DOCX package is laid out as
Python's zipfile lays it out."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from sample_document import sample_document

from briefgen.errors import OutputError
from briefgen.model import Document, Paragraph, Redline, Text
from briefgen.pipeline import ROOT
from briefgen.writers.docx.package import ZIP_TIME, write_package
from briefgen.writers.fonts import load_fontset
from briefgen.writers.registry import REDLINE_WRITERS, WRITERS, open_session

FONTS = load_fontset(ROOT / "fonts")


def edits(document: Document) -> list[Document]:
    """The document, then as an analyst's saves change it: a paragraph's words, a block
    added, a block removed, an anchor added before the one the citations link to (whose
    DOCX bookmark then takes another name), then back to the start."""
    blocks = document.blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.role == "body")
    worded = replace(blocks[at], inlines=[*blocks[at].inlines, Text(" (2024)")])
    return [document,
            replace(document, blocks=[*blocks[:at], worded, *blocks[at + 1:]]),
            replace(document, blocks=[*blocks[:at], worded, Paragraph([Text("HMC")]),
                                      *blocks[at + 1:]]),
            replace(document, blocks=[*blocks[:at], *blocks[at + 1:]]),
            replace(document, blocks=[blocks[0], Paragraph([Text("HMC")], anchor="source_s1"),
                                      *blocks[1:]]),
            document]


def fresh(fmt: str, document: Document, path: Path) -> bytes:
    WRITERS[fmt](document, FONTS, path)
    return path.read_bytes()


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_session_writes_each_version_as_a_new_session_does(fmt: str, lang: str,
                                                              tmp_path: Path) -> None:
    session = open_session(WRITERS[fmt], FONTS)
    other = sample_document("en" if lang == "ar" else "ar")
    for n, document in enumerate(edits(sample_document(lang, "arabic-indic" if lang == "ar"
                                                       else "western"))):
        session.write(other, tmp_path / f"other{n}.{fmt}", "other")  # another slot between
        session.write(document, tmp_path / f"watched{n}.{fmt}", "paper")
        assert (tmp_path / f"watched{n}.{fmt}").read_bytes() == \
            fresh(fmt, document, tmp_path / f"fresh{n}.{fmt}"), f"version {n}"


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_a_session_is_right_after_a_write_that_failed(fmt: str, tmp_path: Path) -> None:
    session = open_session(WRITERS[fmt], FONTS)
    first, second = edits(sample_document("en"))[:2]
    session.write(first, tmp_path / f"a.{fmt}", "paper")
    with pytest.raises((OSError, OutputError)):
        session.write(second, tmp_path / "missing" / f"b.{fmt}", "paper")
    session.write(second, tmp_path / f"b.{fmt}", "paper")
    assert (tmp_path / f"b.{fmt}").read_bytes() == fresh(fmt, second, tmp_path / f"c.{fmt}")


def test_the_docx_package_is_laid_out_as_zipfile_lays_it_out(tmp_path: Path) -> None:
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>" * 500,
             "word/fonts/font1.odttf": bytes(range(256)) * 64, "docProps/\u00e9.xml": b"<x/>"}
    write_package(tmp_path / "ours.docx", parts)
    with zipfile.ZipFile(tmp_path / "theirs.docx", "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, parts[name])
    assert (tmp_path / "ours.docx").read_bytes() == (tmp_path / "theirs.docx").read_bytes()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_redline_session_writes_each_version_as_a_new_one_does(lang: str,
                                                                 tmp_path: Path) -> None:
    session = open_session(REDLINE_WRITERS["docx"], FONTS)
    versions = edits(sample_document(lang))
    previous = versions[3]  # the edition before: a paragraph fewer
    for n, current in enumerate(versions):
        redline = Redline(previous, current)
        session.write(redline, tmp_path / f"watched{n}.docx", "redline")
        REDLINE_WRITERS["docx"](redline, FONTS, tmp_path / f"fresh{n}.docx")
        assert (tmp_path / f"watched{n}.docx").read_bytes() == \
            (tmp_path / f"fresh{n}.docx").read_bytes(), f"version {n}"


def test_a_docx_session_in_a_forked_writer_keeps_no_paragraphs(monkeypatch, tmp_path: Path) -> None:
    # the process ends with the session: a copy of every paragraph would only double the
    # memory of a large paper (the same bytes either way)
    import briefgen.writers.docx.document as docx_document

    document = sample_document("ar", "arabic-indic")
    kept = open_session(WRITERS["docx"], FONTS)
    kept.write(document, tmp_path / "kept.docx", "paper")
    monkeypatch.setattr(docx_document, "in_worker", lambda: True)
    forked = open_session(WRITERS["docx"], FONTS)
    forked.write(document, tmp_path / "forked.docx", "paper")
    assert (tmp_path / "forked.docx").read_bytes() == (tmp_path / "kept.docx").read_bytes()
    assert len(kept._slots["paper"][0]._kept) > 0 and forked._slots["paper"][0]._kept == {}
