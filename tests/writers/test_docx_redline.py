"""writers/docx/redline: the fixture's edition 3 against edition 2 (conftest.edition_pair) as
tracked changes. The XML: insertions and deletions by the edition's author on its date, a
withdrawn paragraph's mark deleted, table rows inserted and deleted, right-to-left
properties kept, the embedded fonts covering the deleted text, no finding by openxml-audit.
LibreOffice: it keeps the changes as tracked changes (also in ODT), and accepting all of
them gives edition 3's text, rejecting all edition 2's (its UNO API, driven by
tests/lo_tracked.py under the system's python3 with Debian's python3-uno; one soffice for
every file, which also saves each redline as ODT with the filter of `soffice --convert-to
odt`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from conftest import TESTS, require_tool
from fontTools.ttLib import TTFont
from lxml import etree
from openxml_audit import OpenXmlValidator

from briefgen.model import Cite, Document, ListBlock, Meta, Paragraph, Redline, Text
from briefgen.writers.docx.document import write_docx
from briefgen.writers.docx.embed import obfuscate
from briefgen.writers.docx.redline import write_redline
from briefgen.writers.fonts import load_fontset

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONTS = load_fontset(TESTS.parent / "fonts")
NS = {"w": W}
AUTHORS = {"ar": "وحدة الأوراق الموجزة", "en": "Briefing Papers Unit"}
DATES = {"2026-12-06T00:00:00Z", "2026-12-06T00:02:00Z"}  # the edition's date, two times
ARABIC = re.compile("[\u0600-\u06ff]")
TEXTS = {  # a piece of each withdrawn, added or revised item of the fixture, per language
    "ar": {"withdrawn paragraph": "أطلقت واشنطن التحالف الدولي", "added paragraph": "أعلنت السلطات",
           "withdrawn row": "انطلاق أعمال اللجنة", "added row": "الجماعات المسلحة الموالية",
           "withdrawn item": "منع عودة تنظيم", "added item": "أمن العراق وسيادته"},
    "en": {"withdrawn paragraph": "Washington launched the international coalition",
           "added paragraph": "The Iraqi authorities declared victory",
           "withdrawn row": "begins its work in Baghdad", "added row": "Iran-aligned armed groups",
           "withdrawn item": "Preventing the return of ISIS", "added item": "Iraq's security"},
}


def body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find("w:body", NS)


def text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t", f"{{{W}}}delText"))


def holding(root: etree._Element, tag: str, piece: str) -> etree._Element:
    """The one element `tag` (a paragraph outside tables, or a table row) holding `piece`
    before the Changes section (which closes the body, listing withdrawn and added facts
    too)."""
    [section] = root.xpath("w:p[w:bookmarkStart/@w:name='a_changes']", namespaces=NS)
    body = list(root)
    before = body[:body.index(section)]
    found = [e for top in before for e in top.iter(f"{{{W}}}{tag}") if piece in text(e)
             and (tag == "tr" or e.getparent().tag == f"{{{W}}}body")]
    assert len(found) == 1, piece
    return found[0]


@pytest.fixture(scope="module", params=["ar", "en"])
def redline(request, edition_pair) -> tuple[str, etree._Element]:
    _, out = edition_pair
    return request.param, body(out / f"mini.{request.param}.redline.docx")


def test_every_change_is_the_editions_author_on_its_date(redline):
    lang, root = redline
    changes = root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)
    assert len(changes) > 20
    assert {c.get(f"{{{W}}}author") for c in changes} == {AUTHORS[lang]}
    assert {c.get(f"{{{W}}}date") for c in changes} == DATES
    ids = [c.get(f"{{{W}}}id") for c in changes]
    bookmarks = [b.get(f"{{{W}}}id") for b in root.iter(f"{{{W}}}bookmarkStart")]
    assert len(set(ids)) == len(ids) and not set(ids) & set(bookmarks)


def test_deleted_text_is_written_as_deleted_text(redline):
    _, root = redline
    assert root.findall(".//w:del//w:t", NS) == []
    assert all(d.xpath("ancestor::w:del", namespaces=NS) for d in root.iter(f"{{{W}}}delText"))
    assert root.findall(".//w:ins//w:delText", NS) == []


def test_a_withdrawn_paragraph_or_item_has_its_mark_deleted(redline):
    lang, root = redline
    for what, mark in (("withdrawn paragraph", "del"), ("added paragraph", "ins"),
                       ("withdrawn item", "del"), ("added item", "ins")):
        p = holding(root, "p", TEXTS[lang][what])
        assert p.find(f"w:pPr/w:rPr/w:{mark}", NS) is not None, what
        runs = p.findall(".//w:r", NS)
        assert runs and all(r.getparent().tag == f"{{{W}}}{mark}" or
                            r.getparent().getparent().tag == f"{{{W}}}{mark}" for r in runs), what
        if "item" in what:
            assert p.find("w:pPr/w:numPr", NS) is not None


def test_table_rows_are_inserted_and_deleted(redline):
    lang, root = redline
    for what, mark in (("withdrawn row", "del"), ("added row", "ins")):
        row = holding(root, "tr", TEXTS[lang][what])
        assert row.find(f"w:trPr/w:{mark}", NS) is not None, what
        assert all(r.xpath(f"ancestor::w:{mark}", namespaces=NS)
                   for r in row.iter(f"{{{W}}}r")), what


def test_right_to_left_properties_are_kept_in_changed_text(edition_pair):
    _, out = edition_pair
    root = body(out / "mini.ar.redline.docx")
    changed = [r for r in root.iter(f"{{{W}}}r") if r.xpath("ancestor::w:ins or ancestor::w:del",
                                                            namespaces=NS)]
    arabic = [r for r in changed if ARABIC.search(text(r))]
    assert len(arabic) > 20
    assert all(r.find("w:rPr/w:rtl", NS) is not None for r in arabic)
    for p in {r.xpath("ancestor::w:p", namespaces=NS)[0] for r in arabic}:
        assert p.find("w:pPr/w:bidi", NS) is not None
    assert all(t.find("w:tblPr/w:bidiVisual", NS) is not None for t in root.iter(f"{{{W}}}tbl"))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_embedded_fonts_cover_the_deleted_text(edition_pair, lang):
    _, out = edition_pair
    path = out / f"mini.{lang}.redline.docx"
    with zipfile.ZipFile(path) as archive:
        table = etree.fromstring(archive.read("word/fontTable.xml"))
        rels = etree.fromstring(archive.read("word/_rels/fontTable.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        covered: set[int] = set()
        for embed in table.iter():
            key = embed.get(f"{{{W}}}fontKey")
            if key:
                rel = embed.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                "relationships}id")
                data = obfuscate(archive.read(f"word/{targets[rel]}"), key)
                covered |= set(TTFont(BytesIO(data)).getBestCmap())
    deleted = "".join(d.text or "" for d in body(path).iter(f"{{{W}}}delText"))
    assert len(deleted) > 300
    missing = {ch for ch in deleted if ord(ch) not in covered and not ch.isspace()}
    assert not missing


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_openxml_audit_finds_nothing_in_the_redline(edition_pair, lang):
    _, out = edition_pair
    report = OpenXmlValidator(max_errors=0).validate(str(out / f"mini.{lang}.redline.docx"))
    assert [str(error) for error in report.errors] == []


# --- LibreOffice -------------------------------------------------------------------------


def require_uno() -> str:
    """The system's python3 with python3-uno (skip without it; fail when CI=true)."""
    python = shutil.which("python3", path="/usr/bin")
    if python and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0:
        return python
    message = "Debian's python3-uno is not installed (the system's python3 cannot import uno)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have it: {message}")
    pytest.skip(message)


META = Meta("Title", "Subject", "Author", [], "Short", "Handling", "{page}/{pages}", "2026-12-06")
CASES = {  # pairs of editions where LibreOffice once read a redline wrongly: (previous, current)
    # " [2]" inserted at the end of an item and "July " at the start of the next: LibreOffice
    # joins changes of one author less than a minute apart, across the paragraph's end too
    "neighbours": ([ListBlock([[Text("alpha beta [1]")], [Text("gamma delta")]], refs=["a", "b"])],
                   [ListBlock([[Text("alpha beta [1] [2]")], [Text("July gamma delta")]],
                              refs=["a", "b"])]),
    # the word joiner between two citations, where one of the two is new or withdrawn
    "joiners": ([Paragraph([Text("alpha\u00a0"), Cite("1", "x"), Cite("3", "y")]),
                 Paragraph([Text("gamma\u00a0"), Cite("1", "x")])],
                [Paragraph([Text("alpha\u00a0"), Cite("3", "y")]),
                 Paragraph([Text("gamma\u00a0"), Cite("1", "x"), Cite("2", "z")])]),
    # paragraphs added at the end of the paper (as to edition 2's method note): the last
    # paragraph's mark cannot be rejected, and LibreOffice left an empty paragraph
    "appended": ([Paragraph([Text("alpha beta")])],
                 [Paragraph([Text("alpha beta")]), Paragraph([Text("gamma")]),
                  Paragraph([Text("delta")])]),
    # and withdrawn there: accepting left one
    "cut": ([Paragraph([Text("alpha beta")]), Paragraph([Text("gamma")]),
             Paragraph([Text("delta")])],
            [Paragraph([Text("alpha beta")])]),
}


def case_files(name: str, folder: Path) -> dict[str, Path]:
    """A case's redline and its two editions' DOCX, written into `folder`."""
    old, new = (Document("en", "ltr", "western", META, blocks) for blocks in CASES[name])
    paths = {f"{kind}.{name}": folder / f"{name}.{kind}.docx" for kind in ("redline", "new", "old")}
    write_redline(Redline(old, new), FONTS, paths[f"redline.{name}"])
    write_docx(new, FONTS, paths[f"new.{name}"])
    write_docx(old, FONTS, paths[f"old.{name}"])
    return paths


@pytest.fixture(scope="module")
def libreoffice(edition_pair, tmp_path_factory) -> dict[str, dict]:
    """What LibreOffice reads of the redlines and of both editions' full DOCX papers, the
    fixture's and the cases'."""
    require_tool("soffice")
    python = require_uno()
    previous, out = edition_pair
    work = tmp_path_factory.mktemp("lo")
    files = {}
    for lang in ("ar", "en"):
        files[f"redline.{lang}"] = out / f"mini.{lang}.redline.docx"
        files[f"new.{lang}"] = out / f"mini.{lang}.docx"
        files[f"old.{lang}"] = previous / f"mini.{lang}.docx"
    for name in CASES:
        files.update(case_files(name, work))
    result = subprocess.run([python, str(TESTS / "lo_tracked.py"), str(work / "profile"),
                             *map(str, files.values())], capture_output=True, text=True,
                            timeout=300, check=True)
    read = json.loads(result.stdout)
    return {name: read[str(path)] for name, path in files.items()}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_libreoffice_opens_the_redline_with_tracked_changes(libreoffice, lang):
    changes = libreoffice[f"redline.{lang}"]["changes"]
    assert {kind for kind, _, _ in changes} >= {"Insert", "Delete"}
    assert {(author, date) for _, author, date in changes} == {(AUTHORS[lang], "2026-12-06")}
    assert libreoffice[f"new.{lang}"]["changes"] == []


def without_page_numbers(text: str) -> str:
    """The text with the contents' page numbers (a tab and digits ending a line) dropped:
    LibreOffice computes them as it lays the pages out, and after accepting or rejecting
    all changes it may export before it has laid them out again."""
    return re.sub(r"\t[0-9\u0660-\u0669]+$", "\t", text, flags=re.M)


@pytest.mark.parametrize("lang", ["ar", "en", *CASES])
def test_accepting_all_gives_the_new_edition_and_rejecting_all_the_previous(libreoffice, lang):
    redline = {k: without_page_numbers(v) for k, v in libreoffice[f"redline.{lang}"].items()
               if k in ("accepted", "rejected")}
    new, old = (without_page_numbers(libreoffice[f"{e}.{lang}"]["as_is"]) for e in ("new", "old"))
    assert new != old
    assert redline["accepted"] == new
    assert redline["rejected"] == old


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_saved_as_odt_the_redline_keeps_its_tracked_changes(libreoffice, lang):
    content = libreoffice[f"redline.{lang}"]["odt"]  # the filter of soffice --convert-to odt
    assert "<text:tracked-changes" in content
    assert content.count("<text:changed-region") == len(libreoffice[f"redline.{lang}"]["changes"])
    assert "<text:deletion>" in content and "<text:insertion>" in content
