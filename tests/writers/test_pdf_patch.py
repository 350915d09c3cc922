"""writers/pdf patch: a session writes a paper again by patching its last file when only the
text of some boxes changed, and the bytes are always those a fresh writer writes; any
other edit is written whole."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from conftest import MINI_FACTS
from sample_document import sample_document

from briefgen.compose.render import compose
from briefgen.facts.load import load_facts
from briefgen.model import Heading, Paragraph, Table, Text
from briefgen.pipeline import ROOT
from briefgen.writers.fonts import load_fontset
from briefgen.writers.pdf import document as pdf_document
from briefgen.writers.pdf.document import PdfSession, write_pdf
from briefgen.writers.pdf.objects import Name, PdfFile

FONTS = load_fontset(ROOT / "fonts")
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩"


def _next_digit(text: str) -> str:
    """`text` with its first digit one higher (in the same script)."""
    found = re.search(f"[{DIGITS}]", text)
    digit = found.group()
    base = DIGITS.index(digit) // 10 * 10
    return (text[:found.start()] + DIGITS[base + (DIGITS.index(digit) + 1) % 10]
            + text[found.end():])


def _texts_changed(document, where, change):
    """The document with `change` applied to the first Text inline `where` accepts."""
    blocks = list(document.blocks)
    for index, block in enumerate(blocks):
        cells = ([("rows", r, c) for r, row in enumerate(block.rows) for c, _ in enumerate(row)]
                 if isinstance(block, Table) else [None])
        for cell in cells:
            inlines = block.rows[cell[1]][cell[2]].inlines if cell else getattr(
                block, "inlines", None)
            for n, inline in enumerate(inlines or []):
                if isinstance(inline, Text) and where(block, inline):
                    changed = [*inlines[:n], replace(inline, text=change(inline.text)),
                               *inlines[n + 1:]]
                    if cell:
                        rows = [list(row) for row in block.rows]
                        rows[cell[1]][cell[2]] = replace(rows[cell[1]][cell[2]], inlines=changed)
                        blocks[index] = replace(block, rows=rows)
                    else:
                        blocks[index] = replace(block, inlines=changed)
                    return replace(document, blocks=blocks)
    raise AssertionError("nothing to change")


def _has_digit(text: str) -> bool:
    return bool(re.search(f"[{DIGITS}]", text))


def digit_in_body(document):
    """A figure changed in a body paragraph: the same lines, other glyphs."""
    return _texts_changed(document, lambda b, i: isinstance(b, Paragraph) and b.role == "body"
                          and _has_digit(i.text), _next_digit)


def digit_in_table(document):
    """A figure changed in a table cell."""
    return _texts_changed(document, lambda b, i: isinstance(b, Table) and _has_digit(i.text),
                          _next_digit)


def words_added(document):
    """A sentence added: the paragraph gets longer and the pages below it move."""
    return _texts_changed(document, lambda b, i: isinstance(b, Paragraph) and b.role == "body",
                          lambda t: t + " نص مضاف إلى الفقرة" * 6 + " added to it" * 6)


def heading_renamed(document):
    """A heading's words changed: the contents and the outline change too."""
    return _texts_changed(document, lambda b, i: isinstance(b, Heading),
                          lambda t: t[:-1] + t[-1] * 2)


def new_letter(document):
    """A character drawn nowhere else in the paper: the font subsets change."""
    return _texts_changed(document, lambda b, i: isinstance(b, Paragraph) and b.role == "body"
                          and _has_digit(i.text), lambda t: t.replace(" ", " ژ", 1))


def latin_word(document):
    """A word in the other script: a new Span element."""
    return _texts_changed(document, lambda b, i: isinstance(b, Paragraph) and b.role == "body"
                          and _has_digit(i.text), lambda t: t.replace(" ", " Qz ", 1))


def fixture_paper(lang: str):
    base = load_facts(MINI_FACTS)
    return compose(base, "full", lang, base.brief.digits, ROOT / "templates")


PAPERS = {"sample": sample_document, "fixture": fixture_paper}
PATCHED = {digit_in_body, digit_in_table}  # edits that keep every page's layout
EDITS = [digit_in_body, digit_in_table, words_added, heading_renamed, new_letter, latin_word]


def fresh(document, tmp_path) -> bytes:
    path = tmp_path / "fresh.pdf"
    write_pdf(document, FONTS, path)
    return path.read_bytes()


@pytest.fixture
def patches(monkeypatch) -> list[tuple[bool, set[int]]]:
    """Each patch tried: whether it was written, and the pages drawn again."""
    tried: list[tuple[bool, set[int]]] = []
    real = pdf_document.patch

    def noting(kept, canvas, keys, changed, file):
        done = real(kept, canvas, keys, changed, file)
        tried.append((done, set(changed)))
        return done

    monkeypatch.setattr(pdf_document, "patch", noting)
    return tried


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__)
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_an_edited_paper_is_what_a_fresh_writer_writes_patched_or_not(tmp_path, patches,
                                                                     lang, paper, edit):
    document = PAPERS[paper](lang)
    changed = edit(document)
    session = PdfSession(FONTS)
    session.write(document, tmp_path / "one.pdf", "paper.pdf")  # drawn as write_pdf draws
    session.write(document, tmp_path / "two.pdf", "paper.pdf")  # recorded, kept
    for n, version in enumerate([changed, document, changed]):
        session.write(version, tmp_path / "s.pdf", "paper.pdf")
        assert (tmp_path / "s.pdf").read_bytes() == fresh(version, tmp_path), n
    if edit in PATCHED:
        assert len(patches) == 3 and all(done for done, _ in patches)
        assert all(len(pages) == 1 for _, pages in patches)  # only its page drawn again


def test_a_patch_changes_the_text_readers_get(tmp_path, patches):
    import fitz

    document = sample_document("ar")
    changed = digit_in_body(document)
    session = PdfSession(FONTS)
    for version in (document, document, changed):
        session.write(version, tmp_path / "s.pdf", "paper.pdf")
    assert patches == [(True, {0})]
    with fitz.open(tmp_path / "s.pdf") as pdf:
        text = pdf[0].get_text()
    assert "8" in text and "إلى 8" not in (tmp_path / "s.pdf").read_bytes().decode("latin-1")


def test_a_paper_written_unchanged_is_patched_with_nothing_drawn(tmp_path, patches,
                                                                 monkeypatch):
    from briefgen.writers.pdf import boxes

    document = sample_document("en")
    session = PdfSession(FONTS)
    session.write(document, tmp_path / "a.pdf", "paper.pdf")
    session.write(document, tmp_path / "a.pdf", "paper.pdf")
    monkeypatch.setattr(boxes.Box, "draw_on", lambda *a: pytest.fail("drawn again"))
    session.write(document, tmp_path / "a.pdf", "paper.pdf")
    monkeypatch.undo()
    assert patches == [(True, set())]
    assert (tmp_path / "a.pdf").read_bytes() == fresh(document, tmp_path)


def test_a_failed_patch_keeps_nothing_for_its_output(tmp_path, monkeypatch):
    document = sample_document("ar")
    session = PdfSession(FONTS)
    session.write(document, tmp_path / "a.pdf", "paper.pdf")
    session.write(document, tmp_path / "a.pdf", "paper.pdf")
    assert "paper.pdf" in session._kept

    def failing(*args):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(pdf_document, "patch", failing)
    with pytest.raises(RuntimeError):
        session.write(digit_in_body(document), tmp_path / "a.pdf", "paper.pdf")
    monkeypatch.undo()
    assert "paper.pdf" not in session._kept and not (tmp_path / "a.pdf").exists()
    session.write(document, tmp_path / "a.pdf", "paper.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == fresh(document, tmp_path)


def _file(values: list) -> bytes:
    pdf = PdfFile(keep=True)
    refs = [pdf.add(value) for value in values]
    out = io.BytesIO()
    pdf.write(out, refs[0], refs[1])
    return pdf, refs, out.getvalue()


def test_a_kept_file_written_again_with_an_object_changed_is_the_file_of_the_new_objects():
    values = [{"Type": Name("Catalog")}, {"Title": "a"}, *[[n] * 5 for n in range(450)]]
    pdf, refs, _ = _file(values)
    assert pdf.replace(refs[300].number, [1, 2, 3]) is True
    assert pdf.replace(refs[5].number, values[5]) is False  # the same bytes: nothing packed
    out = io.BytesIO()
    pdf.write(out, refs[0], refs[1])
    assert out.getvalue() == _file([*values[:300], [1, 2, 3], *values[301:]])[2]
    with pytest.raises(ValueError, match="only a kept"):
        PdfFile().replace(1, 1)


def test_a_kept_file_written_again_hashes_only_the_bodies_that_changed(monkeypatch):
    from briefgen.writers.pdf import objects

    values = [{"Type": Name("Catalog")}, {"Title": "a"}, *[[n] * 5 for n in range(450)]]
    pdf, refs, first = _file(values)
    hashed: list[int] = []
    real = objects.hashlib.md5

    def noting(data: bytes = b""):
        if data:
            hashed.append(len(data))
        return real(data)

    monkeypatch.setattr(objects.hashlib, "md5", noting)
    pdf.replace(refs[300].number, [1, 2, 3])
    out = io.BytesIO()
    pdf.write(out, refs[0], refs[1])
    assert len(hashed) == 1  # the one object stream packed again
    hashed.clear()
    again = io.BytesIO()
    pdf.write(again, refs[0], refs[1])
    assert hashed == [] and again.getvalue() == out.getvalue() != first


def test_only_elements_at_the_same_place_with_kids_that_pair_stand_for_each_other():
    from briefgen.writers.pdf.patch import _pair, shape_of
    from briefgen.writers.pdf.structure import Element

    def tree(texts: list[str]) -> Element:
        root = Element("Document")
        for text in texts:
            root.add("P", actual_text=text).add("Span").kids.append((0, 0))
        shape_of(root)
        return root

    old, new = tree(["a", "b"]), tree(["a", "c"])
    assert _pair(old.kids[1], new.kids[1], {}, {})
    assert not _pair(old.kids[0], new.kids[1], {}, {})  # the same kind, another place
    new.kids[1].kids[0].kids.append((0, 1))
    assert not _pair(old.kids[1], new.kids[1], {}, {})  # more marked content


def test_a_page_whose_boxes_moved_is_written_whole_without_drawing_it_first(tmp_path,
                                                                             patches):
    document = fixture_paper("ar")
    longer = words_added(document)  # the paragraph gains lines: the boxes below it move
    session = PdfSession(FONTS)
    for version in (document, document, longer):
        session.write(version, tmp_path / "s.pdf", "paper.pdf")
    assert patches == []  # no page drawn for a patch that could not be
    assert (tmp_path / "s.pdf").read_bytes() == fresh(longer, tmp_path)
