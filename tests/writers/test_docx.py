"""The DOCX writer's output, read as XML: direction, styles, contents, links, properties, order.

Each test writes the sample paper (tests/sample_document.py) in Arabic (Arabic-Indic digits)
or English and reads the parts back with lxml.
"""

from __future__ import annotations

import ast
import datetime
import inspect
import re
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.section import CT_SectPr
from docx.oxml.table import CT_TblPr
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from lxml import etree
from sample_document import AR_LONG, sample_document

from briefgen.model import Paragraph, Text
from briefgen.text.numerals import to_style
from briefgen.text.script import has_rtl, paragraph_direction
from briefgen.writers.docx import oxml
from briefgen.writers.docx.document import write_docx
from briefgen.writers.fonts import load_fontset

FONTS = load_fontset(Path(__file__).resolve().parents[2] / "fonts")
W = oxml.NS["w"]
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def write(folder: Path, lang: str, **changes) -> Path:
    """The sample paper in `lang` written as DOCX into `folder`."""
    document = sample_document(lang, "arabic-indic" if lang == "ar" else "western")
    for key, value in changes.items():
        setattr(document, key, value)
    path = folder / f"sample.{lang}.docx"
    assert write_docx(document, FONTS, path) is None
    return path


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def body_paragraphs(path: Path) -> list[etree._Element]:
    return part(path, "word/document.xml").findall(".//w:body//w:p", NS)


def style_of(p: etree._Element) -> str:
    style = p.find("w:pPr/w:pStyle", NS)
    return "" if style is None else style.get(w("val"))


@pytest.fixture(scope="module")
def ar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("ar"), "ar")


@pytest.fixture(scope="module")
def en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("en"), "en")


# --- Direction -------------------------------------------------------------------------------


def test_arabic_section_runs_right_to_left_and_english_does_not(ar: Path, en: Path) -> None:
    assert part(ar, "word/document.xml").find(".//w:body/w:sectPr/w:bidi", NS) is not None
    assert part(en, "word/document.xml").find(".//w:body/w:sectPr/w:bidi", NS) is None


def test_arabic_paragraphs_are_bidi_unless_wholly_latin(ar: Path) -> None:
    seen_latin = False
    for p in body_paragraphs(ar):
        bidi = p.find("w:pPr/w:bidi", NS)
        rtl = bidi is not None and bidi.get(w("val")) != "0"
        expected = paragraph_direction(text_of(p), "ar") == "rtl"
        assert rtl == expected, text_of(p)
        seen_latin |= not expected
    assert seen_latin  # "Prepared from open sources" stays left to right


def test_arabic_styles_are_right_to_left_so_new_paragraphs_are_too(ar: Path) -> None:
    normal = part(ar, "word/styles.xml").find("w:style[@w:styleId='Normal']", NS)
    assert normal.find("w:pPr/w:bidi", NS) is not None


def test_english_paragraphs_are_left_to_right(en: Path) -> None:
    for p in body_paragraphs(en):
        assert p.find("w:pPr/w:bidi", NS) is None, text_of(p)


def test_english_text_is_tagged_american_english_as_the_papers_spell_it(en: Path) -> None:
    # The papers' own English follows American spelling (spellings.toml refuses "defence"),
    # so spell checkers and screen readers must be told en-US, not en-GB.
    defaults = part(en, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert defaults.get(w("val")) == "en-US"


def test_arabic_runs_are_rtl_with_iraqi_arabic_language(ar: Path) -> None:
    runs = part(ar, "word/document.xml").findall(".//w:body//w:r", NS)
    arabic = [r for r in runs if has_rtl(text_of(r))]
    assert len(arabic) > 20
    for r in arabic:
        assert r.find("w:rPr/w:rtl", NS) is not None, text_of(r)
        assert r.find("w:rPr/w:lang", NS).get(w("bidi")) == "ar-IQ"
    latin = [r for r in runs if re.fullmatch(r"[A-Za-z ]*[A-Za-z][A-Za-z ]*", text_of(r))]
    assert {text_of(r) for r in latin} >= {"HMC", "Prepared from open sources"}
    for r in latin:
        assert r.find("w:rPr/w:rtl", NS) is None, text_of(r)


def test_arabic_inside_english_is_its_own_rtl_run(en: Path) -> None:
    runs = part(en, "word/document.xml").findall(".//w:body//w:r", NS)
    rtl = [text_of(r) for r in runs if r.find("w:rPr/w:rtl", NS) is not None]
    assert rtl == ["ثابت العباسي"]
    for r in runs:
        if r.find("w:rPr/w:rtl", NS) is None:
            assert not has_rtl(text_of(r))


def test_tables_run_right_to_left_in_arabic_only(ar: Path, en: Path) -> None:
    assert part(ar, "word/document.xml").find(".//w:tblPr/w:bidiVisual", NS) is not None
    assert part(en, "word/document.xml").find(".//w:tblPr/w:bidiVisual", NS) is None
    cols = part(ar, "word/document.xml").findall(".//w:tblGrid/w:gridCol", NS)
    widths = [int(c.get(w("w"))) for c in cols]
    assert widths[1] == pytest.approx(3 * widths[0], rel=0.01)  # logical order kept


def test_list_indents_are_logical_so_bullets_sit_on_the_right_in_arabic(ar: Path) -> None:
    numbering = part(ar, "word/numbering.xml")
    indents = numbering.findall(".//w:lvl/w:pPr/w:ind", NS)
    number_style = part(ar, "word/styles.xml").find("w:style[@w:styleId='ListNumber']", NS)
    indents.append(number_style.find("w:pPr/w:ind", NS))
    for ind in indents:
        assert ind.get(w("start")) and ind.get(w("hanging")) and ind.get(w("left")) is None
    items = [p for p in body_paragraphs(ar) if style_of(p).startswith("List")]
    assert len(items) == 4
    assert all(p.find("w:pPr/w:bidi", NS) is not None for p in items)


def test_arabic_indic_list_numbers_are_the_items_own_text(ar: Path) -> None:
    """LibreOffice 7.4 shows every DOCX number format it cannot map (hindiNumbers among
    them) as Western digits, so the number is text: «١.», a tab, then the item."""
    numbering = part(ar, "word/numbering.xml")
    assert [f.get(w("val")) for f in numbering.findall(".//w:lvl/w:numFmt", NS)] == ["bullet"]
    number_style = part(ar, "word/styles.xml").find("w:style[@w:styleId='ListNumber']", NS)
    assert number_style.find("w:pPr/w:numPr", NS) is None
    numbered = [p for p in body_paragraphs(ar) if style_of(p) == "ListNumber"]
    assert [text_of(p) for p in numbered] == ["١.أولاً", "٢.ثانياً"]
    for p in numbered:
        assert p.find("w:pPr/w:numPr", NS) is None
        label = p.find("w:r", NS)  # a run of its own: the number and the tab to the text
        assert [etree.QName(c).localname for c in label][-2:] == ["t", "tab"]
        assert label.find("w:rPr/w:rtl", NS) is not None


def test_western_list_numbers_are_word_lists_that_restart_at_one(en: Path) -> None:
    numbering = part(en, "word/numbering.xml")
    formats = [f.get(w("val")) for f in numbering.findall(".//w:lvl/w:numFmt", NS)]
    assert formats == ["bullet", "decimal"]
    numbered = [p for p in body_paragraphs(en) if style_of(p) == "ListNumber"]
    assert [text_of(p) for p in numbered] == ["First", "Second"]
    assert {p.find("w:pPr/w:numPr/w:numId", NS).get(w("val")) for p in numbered} == {"2"}


# --- Text ------------------------------------------------------------------------------------


def test_text_is_stored_logical_unshaped_without_controls(ar: Path) -> None:
    text = text_of(part(ar, "word/document.xml"))
    assert to_style(AR_LONG, "arabic-indic") in text
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)  # no presentation forms
    assert not re.search("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", text)  # no bidi controls


def test_markup_characters_come_out_literally(tmp_path: Path) -> None:
    document = sample_document("en")
    document.blocks.append(Paragraph([Text('a < b & "c" > d')]))
    write_docx(document, FONTS, tmp_path / "x.docx")
    texts = [p.text for p in docx.Document(str(tmp_path / "x.docx")).paragraphs]
    assert 'a < b & "c" > d' in texts


def test_python_docx_reopens_it_with_text_and_styles_intact(ar: Path) -> None:
    reopened = docx.Document(str(ar))
    by_text = {p.text: p.style.name for p in reopened.paragraphs}
    assert by_text["مستقبل التحالف الدولي في العراق"] == "Title"
    assert by_text["الخلفية"] == "Heading 1"
    assert by_text[to_style(AR_LONG, "arabic-indic") + " [١]"] == "Body Text"
    assert by_text["هزيمة داعش [١]"] == "List Bullet"
    assert reopened.tables[0].cell(1, 0).text == "٢٧ كانون الثاني/يناير ٢٠٢٤"


# --- Styles ----------------------------------------------------------------------------------


def test_the_styles_an_editor_expects_are_defined(ar: Path) -> None:
    styles = part(ar, "word/styles.xml")
    ids = {s.get(w("styleId")): s for s in styles.findall("w:style", NS)}
    needed_styles = "Title Subtitle Heading1 Heading2 Heading3 ListBullet ListNumber BodyText"
    for needed in (*needed_styles.split(), "Meta", "Note", "TOC1", "Header", "Footer"):
        assert ids[needed].get(w("type")) == "paragraph", needed
    assert ids["BriefTable"].get(w("type")) == "table"
    for level in (1, 2, 3):
        outline = ids[f"Heading{level}"].find("w:pPr/w:outlineLvl", NS)
        assert outline.get(w("val")) == str(level - 1)
    used = {s.get(w("val")) for s in part(ar, "word/document.xml").iter(w("pStyle"))}
    assert used <= set(ids)


def test_fonts_sizes_and_bold_are_set_for_complex_script(ar: Path) -> None:
    styles = part(ar, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = defaults.find("w:rFonts", NS)
    assert fonts.get(w("cs")) == "Noto Naskh Arabic"
    assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == "Noto Serif"
    assert not [k for k in fonts if k.endswith("Theme")]
    assert 24 <= int(defaults.find("w:szCs", NS).get(w("val"))) <= 26  # 12-13 pt
    spacing = styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:spacing", NS)
    # "auto" spacing multiplies the face's own line height: Noto Naskh Arabic's is 1.703 em
    # (hhea 1069 + 634 per 1000), so the pitch is generous without being double spaced.
    pitch = int(spacing.get(w("line"))) / 240 * 1.703
    assert 1.6 <= pitch <= 2.0
    for rpr in styles.iter(w("rPr")):
        if rpr.find("w:sz", NS) is not None:
            assert rpr.find("w:szCs", NS) is not None
        if rpr.find("w:b", NS) is not None:
            assert rpr.find("w:bCs", NS) is not None
    for r in part(ar, "word/document.xml").iter(w("r")):
        if r.find("w:rPr/w:b", NS) is not None:
            assert r.find("w:rPr/w:bCs", NS) is not None


def test_page_is_a4_with_margins_of_two_to_two_and_a_half_cm(ar: Path) -> None:
    sect = part(ar, "word/document.xml").find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    margins = sect.find("w:pgMar", NS)
    for side in ("top", "bottom", "left", "right"):
        assert 1134 <= int(margins.get(w(side))) <= 1418  # 2-2.5 cm in twips


def test_the_summary_is_set_compact_with_the_pdf_summarys_body_size(tmp_path: Path) -> None:
    sizes = {}
    for lang in ("ar", "en"):
        path = write(tmp_path, lang, density="compact")
        styles = part(path, "word/styles.xml")
        defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
        sizes[lang] = int(defaults.find("w:sz", NS).get(w("val"))) / 2
        complex_size = int(defaults.find("w:szCs", NS).get(w("val"))) / 2
        assert complex_size >= (10.5 if lang == "ar" else sizes[lang])
        spacing = styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:spacing", NS)
        assert int(spacing.get(w("line"))) >= 240  # below single LibreOffice sets lines unevenly
        margins = part(path, "word/document.xml").find(".//w:body/w:sectPr/w:pgMar", NS)
        assert int(margins.get(w("left"))) == int(margins.get(w("top"))) == 1134  # 2 cm
    assert sizes == {"ar": 10.5, "en": 9}


# --- Fonts on runs ---------------------------------------------------------------------------


def test_characters_naskh_lacks_name_serif_in_every_slot_and_letters_name_none(ar: Path) -> None:
    runs = part(ar, "word/document.xml").findall(".//w:body//w:r", NS)
    brackets = [r for r in runs if "[" in text_of(r) or "(" in text_of(r)]
    assert brackets
    for r in brackets:
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert {fonts.get(w(slot)) for slot in ("ascii", "hAnsi", "cs")} == {"Noto Serif"}
        assert not has_rtl(text_of(r))  # the pinned run holds no Arabic letter
    for r in runs:
        if has_rtl(text_of(r)):  # Arabic takes its font from the styles: editors restyle it
            assert r.find("w:rPr/w:rFonts", NS) is None, text_of(r)


def test_header_pins_its_bar(ar: Path) -> None:
    runs = part(ar, "word/header1.xml").findall(".//w:r", NS)
    bar = next(r for r in runs if "|" in text_of(r))
    assert bar.find("w:rPr/w:rFonts", NS).get(w("cs")) == "Noto Serif"


# --- Contents, header, footer, links --------------------------------------------------------


def field_parts(root: etree._Element) -> list[tuple[str, list[etree._Element]]]:
    """Each complex field of a part: its instruction and the runs of its cached result."""
    fields, current = [], None
    for r in root.iter(w("r")):
        char = r.find("w:fldChar", NS)
        kind = None if char is None else char.get(w("fldCharType"))
        if kind == "begin":
            current = ["", [], False]
        elif kind == "separate":
            current[2] = True
        elif kind == "end":
            fields.append((current[0].strip(), current[1]))
            current = None
        elif current is not None and r.find("w:instrText", NS) is not None:
            current[0] += r.find("w:instrText", NS).text
        elif current is not None and current[2]:
            current[1].append(r)
    return fields


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_contents_entries_are_page_references_to_the_headings(lang: str, ar: Path, en: Path) -> None:
    """No TOC field (LibreOffice imports one as a static index and never fills it): each entry
    is the heading's text, a tab and a PAGEREF field, linked to the heading's bookmark."""
    path = ar if lang == "ar" else en
    document = part(path, "word/document.xml")
    instructions = [i for i, _ in field_parts(document)]
    assert not [i for i in instructions if i.startswith("TOC")]
    entries = [p for p in body_paragraphs(path) if re.fullmatch(r"TOC\d", style_of(p))]
    headings = [h for h in sample_document(lang).headings() if h.level <= 2]
    assert [text_of(p) for p in entries] == [h.inlines[0].text for h in headings]
    starts = {b.get(w("name")): b for b in document.iter(w("bookmarkStart"))}
    switch = " \\* HINDIARABIC" if lang == "ar" else ""
    for p, heading in zip(entries, headings, strict=True):
        link = p.find("w:hyperlink", NS)
        name = link.get(w("anchor"))
        assert text_of(starts[name].getparent()) == heading.inlines[0].text
        [(instruction, result)] = field_parts(link)
        assert instruction == f"PAGEREF {name} \\h{switch}"
        assert result == []  # no number that could be wrong: computed on opening
        assert style_of(p) == f"TOC{heading.level}"
    settings = part(path, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(w("val")) == "true"


def test_header_has_short_title_and_handling_line(ar: Path) -> None:
    text = text_of(part(ar, "word/header1.xml"))
    assert "التحالف في العراق" in text and "أُعدّت من مصادر مفتوحة" in text


def test_footer_says_page_x_of_y_with_fields(ar: Path) -> None:
    footer = part(ar, "word/footer1.xml")
    fields = field_parts(footer)
    assert [i for i, _ in fields] == ["PAGE \\* HINDIARABIC", "NUMPAGES \\* HINDIARABIC"]
    assert [result for _, result in fields] == [[], []]  # each page computes its own
    assert text_of(footer) == "صفحة  من "
    for r in footer.iter(w("r")):
        assert r.find("w:rPr/w:rtl", NS) is not None  # numbers set in the Arabic slot
    sect = part(ar, "word/document.xml").find(".//w:body/w:sectPr", NS)
    assert sect.find("w:pgNumType", NS).get(w("fmt")) == "hindiNumbers"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_no_field_carries_a_cached_result(lang: str, ar: Path, en: Path) -> None:
    path = ar if lang == "ar" else en
    fields = [f for name in ("word/document.xml", "word/footer1.xml")
              for f in field_parts(part(path, name))]  # fmt: skip
    assert len(fields) == 5  # four contents entries, page and pages
    assert all(result == [] for _, result in fields)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_citations_link_to_bookmarks_at_their_targets(lang: str, ar: Path, en: Path) -> None:
    document = part(ar if lang == "ar" else en, "word/document.xml")
    starts = {b.get(w("name")): b for b in document.iter(w("bookmarkStart"))}
    links = [h for h in document.iter(w("hyperlink")) if text_of(h).startswith("[")]
    assert len(links) == 3
    for link in links:
        target = starts[link.get(w("anchor"))]
        paragraph = target.getparent()
        assert text_of(paragraph).endswith("تقرير إخباري" if lang == "ar" else "A news report")
    ids = [b.get(w("id")) for b in document.iter(w("bookmarkStart"))]
    assert sorted(ids) == sorted(b.get(w("id")) for b in document.iter(w("bookmarkEnd")))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name) for name in starts)


def test_core_properties_come_from_meta_never_the_clock(ar: Path) -> None:
    props = docx.Document(str(ar)).core_properties
    meta = sample_document("ar", "arabic-indic").meta
    assert (props.title, props.subject, props.author) == (meta.title, meta.subject, meta.author)
    assert props.keywords == "العراق, HMC"
    assert props.language == "ar-IQ"
    expected = datetime.datetime(2026, 11, 22, tzinfo=datetime.UTC)
    assert props.created.replace(tzinfo=datetime.UTC) == expected
    assert props.modified.replace(tzinfo=datetime.UTC) == expected


# --- Schema order ----------------------------------------------------------------------------

ORDERED = {"pPr": oxml.PPR_ORDER, "rPr": oxml.RPR_ORDER, "sectPr": oxml.SECTPR_ORDER,
           "tblPr": oxml.TBLPR_ORDER, "style": oxml.STYLE_ORDER}  # fmt: skip


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_property_element_lists_its_children_in_schema_order(
    lang: str, ar: Path, en: Path
) -> None:
    path = ar if lang == "ar" else en
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
    checked = 0
    for name in names:
        for element in part(path, name).iter():
            local = etree.QName(element).localname
            if etree.QName(element).namespace != W or local not in ORDERED:
                continue
            order = [f"w:{etree.QName(c).localname}" for c in element]
            ranks = [ORDERED[local].index(c) for c in order]
            assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks), (name, order)
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (oxml.PPR_ORDER, CT_PPr),
        (oxml.RPR_ORDER, CT_RPr),
        (oxml.SECTPR_ORDER, CT_SectPr),
        (oxml.TBLPR_ORDER, CT_TblPr),
    ],
)
def test_order_tables_agree_with_python_docx(ours: tuple[str, ...], theirs: type) -> None:
    """python-docx declares the same schema sequences (as a class-body `_tag_seq`)."""
    body = ast.parse(textwrap.dedent(inspect.getsource(theirs))).body[0].body
    sequence = next(
        ast.literal_eval(node.value)
        for node in body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_tag_seq"
    )
    common = [t for t in sequence if t in ours]
    assert common == [t for t in ours if t in sequence]
    assert len(common) >= 15


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_citations_side_by_side_are_joined_so_no_line_breaks_between_them(
        lang: str, tmp_path: Path) -> None:
    from briefgen.model import Cite

    document = sample_document(lang)
    document.blocks.insert(4, Paragraph([Text("جملة" if lang == "ar" else "A sentence"),
                                         Cite("1", "source-s1"), Cite("2", "source-s1")]))
    path = tmp_path / f"cites.{lang}.docx"
    write_docx(document, FONTS, path)
    text = text_of(part(path, "word/document.xml"))
    assert "[1]\u2060[2]" in text
    assert "\u2060[1]" not in text  # only between citations
