"""The DOCX writer writes word/document.xml as it makes it (document.py, package.py,
redline.py): the bytes of the whole tree, a block at a time, so that the memory it takes
does not grow with the paper (a paper of 2,000 pages has a 40 MB document.xml)."""

from __future__ import annotations

import random
import tracemalloc
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from sample_document import sample_document

import briefgen.writers.docx.body as body
import briefgen.writers.docx.document as docx_document
from briefgen.memo import Memo
from briefgen.model import Cell, Contents, Table, Text
from briefgen.writers.docx.body import BodyWriter, model_anchors
from briefgen.writers.docx.document import DocxSession, document_xml, section_properties
from briefgen.writers.docx.faces import Faces
from briefgen.writers.docx.oxml import add, inner_bytes, make, parse_inner, qn, split_bytes, to_bytes
from briefgen.writers.docx.package import ZIP_TIME, write_package
from briefgen.writers.docx.redline import held_back, keep_final_mark
from briefgen.writers.docx.runs import Bookmarks
from briefgen.writers.fonts import load_fontset

FONTS = load_fontset(Path(__file__).resolve().parents[2] / "fonts")


def body_writer(lang: str, cache: Memo | None = None) -> BodyWriter:
    document = sample_document(lang, "arabic-indic" if lang == "ar" else "western")
    return BodyWriter(document, Bookmarks(model_anchors(document)), Faces.of(FONTS), cache)


@pytest.mark.parametrize("kept", [False, True])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_body_written_piece_by_piece_is_one_document_as_lxml_writes_it(
        lang: str, kept: bool) -> None:
    # each piece without the namespaces its part declares: the whole is what to_bytes
    # gives for the tree it describes (every declaration on the root, none below), the
    # paragraphs built for this document or kept from the same one written before
    memo = Memo()
    for _ in range(1 + kept):
        with memo.round():
            writer = body_writer(lang, memo if kept else None)
            pieces = list(document_xml(writer.blocks(), section_properties(writer.document)))
    assert len(pieces) > len(writer.document.blocks) + 2  # start, a block's pieces, end
    whole = b"".join(pieces)
    assert to_bytes(etree.fromstring(whole)) == whole
    assert whole.count(b"xmlns:w=") == whole.count(b"xmlns:r=") == 1


def test_a_table_is_written_row_by_row() -> None:
    anchors = [f"row-{n}" for n in range(50)]
    writer = BodyWriter(replace(sample_document("en"), blocks=[]), Bookmarks(anchors),
                        Faces.of(FONTS))
    table = Table([Cell([Text("Date")]), Cell([Text("Event")])],
                  [[Cell([Text(f"{n}")], anchor), Cell([Text("HMC")])]
                   for n, anchor in enumerate(anchors)], [1, 3])
    pieces = writer.block(table)
    start = next(pieces)
    assert isinstance(start, bytes) and start.startswith(b"<w:tbl><w:tblPr>")
    assert start.endswith(b"</w:tblGrid>")
    for n in range(51):  # the header row, then one row a time: none made before it is taken
        row = next(pieces)
        assert row.tag == qn("w:tr") and writer.bookmarks._next_id == n
    assert next(pieces) == b"</w:tbl>"
    assert next(pieces, None) is None


def traced_peak(write) -> int:
    """The most memory Python's allocators held at once while write() ran, in bytes."""
    tracemalloc.start()
    try:
        write()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_writing_a_longer_paper_takes_no_more_memory(monkeypatch, tmp_path: Path) -> None:
    # in a writer process forked for one file (no paragraphs kept for the next write), the
    # memory the writer takes is the same for a paper three times as long: it never holds
    # its document.xml (nor its tree), whose bytes held whole grew the peak by their size
    monkeypatch.setattr(docx_document, "in_worker", lambda: True)
    document = sample_document("ar", "arabic-indic")
    session = DocxSession(FONTS)
    session.write(document, tmp_path / "warm.docx", "paper")  # fonts prepared, parts kept
    peaks, sizes = [], []
    for times in (20, 60):
        blocks = [b for b in document.blocks * times if not isinstance(b, Contents)]
        path = tmp_path / f"long{times}.docx"
        longer = replace(document, blocks=blocks)
        peaks.append(traced_peak(lambda: session.write(longer, path, "paper")))  # noqa: B023
        with zipfile.ZipFile(path) as archive:
            sizes.append(archive.getinfo("word/document.xml").file_size)
    assert sizes[1] - sizes[0] > 300_000
    assert peaks[1] - peaks[0] < (sizes[1] - sizes[0]) / 4


def pieces(seed: int, sizes: list[int]):
    generator = random.Random(seed)
    for size in sizes:
        yield generator.randbytes(size // 2) + b"<w:p/>" * (size // 12)


def test_a_part_given_in_pieces_is_laid_out_as_zipfile_lays_out_its_whole(tmp_path: Path) -> None:
    sizes = [5, 70_000, 0, 1, 200_000, 3, 65_536, 9]  # below, at and above a batch's 64 KiB
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": pieces(1, sizes),
             "word/styles.xml": b"<w:styles/>" * 100}
    write_package(tmp_path / "ours.docx", parts)
    whole = b"".join(pieces(1, sizes))
    with zipfile.ZipFile(tmp_path / "theirs.docx", "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in ("[Content_Types].xml", "word/document.xml", "word/styles.xml"):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, whole if name == "word/document.xml" else parts[name])
    assert (tmp_path / "ours.docx").read_bytes() == (tmp_path / "theirs.docx").read_bytes()


def test_a_part_given_in_pieces_is_never_held_whole(tmp_path: Path) -> None:
    sizes = [128 * 1024] * 32
    peak = traced_peak(lambda: write_package(tmp_path / "long.docx",
                                             {"word/document.xml": pieces(2, sizes)}))
    assert peak < sum(sizes) / 4
    with zipfile.ZipFile(tmp_path / "long.docx") as archive:
        assert archive.read("word/document.xml") == b"".join(pieces(2, sizes))


# --- the redline: its last paragraphs' marks (redline.keep_final_mark) ---------------------


def paragraph(n: int, status: str | None) -> etree._Element:
    """A w:p whose mark is inserted or deleted (status "ins" or "del") or not (None);
    "tbl" a table."""
    if status == "tbl":
        return make("w:tbl")
    p = make("w:p")
    properties = add(p, "w:pPr")
    if status:
        add(properties, "w:rPr").append(make(f"w:{status}", {"w:id": str(n)}))
    add(p, "w:r").append(make("w:t", text=str(n)))
    return p


def marked_at_end(kinds: list[str | None]) -> int:
    """How many paragraphs end `kinds` whose marks are all inserted, or all deleted."""
    last = kinds[-1] if kinds else None
    if last not in ("ins", "del"):
        return 0
    return next((k for k in range(len(kinds)) if kinds[-1 - k] != last), len(kinds))


@pytest.mark.parametrize("statuses", [
    "", "- - - - -", "- ins ins", "ins ins", "- - del", "- del - ins ins", "tbl ins",
    "- ins del del", "del - ins - -", "- ins ins - del del", "ins", "-",
])
def test_the_redlines_elements_come_as_they_are_made_with_the_final_marks_kept(statuses) -> None:
    # each element is given once nothing later can change it: only the paragraphs whose
    # marks may move (the marked ones at the end so far, and the one before) are held
    kinds = [None if s == "-" else s for s in statuses.split()]
    made: list[int] = []

    given: list[etree._Element] = []

    def elements():
        for n, kind in enumerate(kinds):
            assert len(made) - len(given) <= marked_at_end(kinds[:n]) + 1  # held so far
            made.append(n)
            yield paragraph(n, kind)

    for element in held_back(elements()):
        given.append(element)
    whole = [paragraph(n, kind) for n, kind in enumerate(kinds)]
    keep_final_mark(whole)
    assert [etree.tostring(e) for e in given] == [etree.tostring(e) for e in whole]


# --- a session's paragraphs kept as bytes (body.py) ----------------------------------------


def test_a_session_keeps_its_paragraphs_as_bytes_and_writes_them_again_unbuilt(
        monkeypatch, tmp_path: Path) -> None:
    # a paragraph's bytes are a fraction of its tree's memory; an unchanged paragraph is
    # written from them, with no element made (one with a bookmark is read back from them)
    document = sample_document("ar", "arabic-indic")
    session = DocxSession(FONTS)
    session.write(document, tmp_path / "first.docx", "paper")
    kept = session._slots["paper"][0]._kept
    assert kept and all(isinstance(value, bytes) for value in kept.values())
    built, parsed = [], []
    original_build, original_parse = BodyWriter.built_paragraph, body.parse_inner
    monkeypatch.setattr(BodyWriter, "built_paragraph",
                        lambda *a: built.append(a) or original_build(*a))
    monkeypatch.setattr(body, "parse_inner", lambda data: parsed.append(data) or
                        original_parse(data))
    session.write(document, tmp_path / "again.docx", "paper")
    assert built == []
    anchored = [b for b in document.blocks if getattr(b, "anchor", None)]
    assert 0 < len(parsed) <= len(anchored) + sum(
        len(b.rows) + 1 for b in document.blocks if isinstance(b, Table))
    assert (tmp_path / "again.docx").read_bytes() == (tmp_path / "first.docx").read_bytes()


def test_an_element_read_back_from_its_bytes_gives_the_same_bytes() -> None:
    writer = body_writer("ar")
    for piece in writer.blocks():
        if isinstance(piece, etree._Element):
            assert inner_bytes(parse_inner(inner_bytes(piece))) == inner_bytes(piece)
    start, end = split_bytes(make("w:tr"))
    assert (start, end) == (b"<w:tr>", b"</w:tr>")
