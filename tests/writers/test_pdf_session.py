"""writers/pdf PdfSession: papers written again in one process are byte for byte what a
fresh writer writes, replaying what did not change and keeping only what the latest papers
need."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from conftest import MINI_FACTS
from sample_document import sample_document

from briefgen.compose.render import compose
from briefgen.facts.load import load_facts
from briefgen.model import Paragraph, Text
from briefgen.pipeline import ROOT
from briefgen.writers.fonts import load_fontset
from briefgen.writers.pdf import boxes, page
from briefgen.writers.pdf.document import PdfSession, write_pdf

FONTS = load_fontset(ROOT / "fonts")


def fresh(document, tmp_path, name="fresh.pdf") -> bytes:
    path = tmp_path / name
    write_pdf(document, FONTS, path)
    return path.read_bytes()


def edited(document, text: str):
    """The document with `text` added to its first body paragraph."""
    blocks = list(document.blocks)
    first = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.role == "body")
    blocks[first] = replace(blocks[first], inlines=[*blocks[first].inlines, Text(text)])
    return replace(document, blocks=blocks)


def fixture_paper(lang: str):
    """The fixture's full paper, composed."""
    base = load_facts(MINI_FACTS)
    return compose(base, "full", lang, base.brief.digits, ROOT / "templates")


PAPERS = {"sample": sample_document, "fixture": fixture_paper}


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_paper_written_again_is_replayed_and_the_same_bytes(tmp_path, monkeypatch, lang,
                                                              paper):
    document = PAPERS[paper](lang)
    session = PdfSession(FONTS)
    session.write(document, tmp_path / "one.pdf", "paper.pdf")  # drawn as write_pdf draws
    session.write(document, tmp_path / "two.pdf", "paper.pdf")  # drawn and recorded
    # the third time no paragraph, header or footer is drawn: all come from recordings
    monkeypatch.setattr(boxes, "draw_line", lambda *a, **k: pytest.fail("drawn again"))
    monkeypatch.setattr(page, "draw_line", lambda *a, **k: pytest.fail("decor drawn again"))
    session.write(document, tmp_path / "three.pdf", "paper.pdf")
    monkeypatch.undo()
    want = fresh(document, tmp_path)
    assert {(tmp_path / f"{n}.pdf").read_bytes() for n in ("one", "two", "three")} == {want}


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_paper_edited_between_writes_is_what_a_fresh_writer_writes(tmp_path, lang, paper):
    document = PAPERS[paper](lang)
    session = PdfSession(FONTS)
    session.write(document, tmp_path / "one.pdf", "paper.pdf")
    for n, text in enumerate([" " + "نص مضاف" * 20 if lang == "ar" else " added text" * 20,
                              " (2)", ""]):
        changed = edited(document, text)
        session.write(changed, tmp_path / f"edit{n}.pdf", "paper.pdf")
        assert (tmp_path / f"edit{n}.pdf").read_bytes() == fresh(changed, tmp_path)


def test_a_session_keeps_only_what_the_latest_paper_of_each_output_needs(tmp_path):
    session = PdfSession(FONTS)
    big = edited(sample_document("ar"), " " + "نص مضاف" * 40)
    memo, fonts = session._memos, session._fonts
    session.write(big, tmp_path / "a.pdf", "paper.pdf")
    session.write(big, tmp_path / "a.pdf", "paper.pdf")  # the second paper is recorded
    big_keys = set(memo["ar"]), set(fonts["ar"].layouts)
    session.write(sample_document("ar"), tmp_path / "a.pdf", "paper.pdf")
    kept = set(memo["ar"]), set(fonts["ar"].layouts)
    ids = {id(v) for v in memo["ar"].values()}, {id(v) for v in fonts["ar"].layouts.values()}
    assert ids == (memo["ar"].used, fonts["ar"].touched)  # what the latest paper asked for
    assert not big_keys[0] <= kept[0] and not big_keys[1] <= kept[1]  # the edit's went
    session.write(big, tmp_path / "b.pdf", "other.pdf")  # another output: both kept
    assert set(memo["ar"]) == kept[0] | big_keys[0]
    assert kept[1] < set(fonts["ar"].layouts) <= kept[1] | big_keys[1]


def test_a_failed_write_leaves_the_session_usable(tmp_path, monkeypatch):
    document = sample_document("ar")
    session = PdfSession(FONTS)
    session.write(document, tmp_path / "a.pdf", "paper.pdf")
    calls = []

    def failing(*args, **kw):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("disk gone")
        return real(*args, **kw)

    real = boxes.draw_line
    monkeypatch.setattr(boxes, "draw_line", failing)
    with pytest.raises(RuntimeError):
        session.write(document, tmp_path / "a.pdf", "paper.pdf")
    monkeypatch.undo()
    session.write(document, tmp_path / "a.pdf", "paper.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == fresh(document, tmp_path)


def test_a_paper_written_once_lets_each_page_s_boxes_and_lines_go_once_it_is_drawn(
        monkeypatch):
    from weakref import WeakSet

    from briefgen.writers.pdf.canvas import PageCanvas
    from briefgen.writers.pdf.document import render_pdf
    from briefgen.writers.pdf.fonts import PdfFonts

    made: WeakSet = WeakSet()
    alive: list[int] = []
    created: list[int] = []
    init, show = boxes.Para.__init__, PageCanvas.showPage

    def noting(self, *args, **kw):
        init(self, *args, **kw)
        made.add(self)
        created.append(1)

    def counting(self):
        alive.append(len(made))
        show(self)

    monkeypatch.setattr(boxes.Para, "__init__", noting)
    monkeypatch.setattr(PageCanvas, "showPage", counting)
    document = fixture_paper("ar")
    fonts = PdfFonts(FONTS, "ar")
    pages = render_pdf(document, fonts, io.BytesIO())
    assert pages >= 4
    assert alive[-1] < alive[0] / 2  # the last page drawn, the earlier pages' boxes are gone
    # what stays laid out: the running lines and the contents' page numbers, drawn last
    assert len(fonts.layouts) < len(created) / 4


def test_a_writer_process_forked_for_one_file_keeps_nothing(tmp_path, monkeypatch):
    from briefgen import forked

    monkeypatch.setattr(forked, "_IN_WORKER", True)
    document = sample_document("ar")
    session = PdfSession(FONTS)
    session.write(document, tmp_path / "one.pdf", "paper.pdf")
    session.write(document, tmp_path / "two.pdf", "paper.pdf")
    assert session._memos == {} and session._deflate.done == {}
    assert (tmp_path / "one.pdf").read_bytes() == fresh(document, tmp_path)


def test_a_paper_whose_writing_fails_leaves_no_file(tmp_path, monkeypatch):
    from briefgen.writers.pdf import document as pdf_document

    def broken(canvas, file, **kw):
        file.write(b"%PDF-1.7\n")  # a first piece written, then the writer fails
        raise RuntimeError("disk gone")

    monkeypatch.setattr(pdf_document, "write_pdf_file", broken)
    with pytest.raises(RuntimeError, match="disk gone"):
        write_pdf(sample_document("ar"), FONTS, tmp_path / "paper.pdf")
    with pytest.raises(RuntimeError, match="disk gone"):
        PdfSession(FONTS).write(sample_document("ar"), tmp_path / "session.pdf", "paper.pdf")
    assert list(tmp_path.iterdir()) == []
