"""compose: every section of the paper in both languages, one structure for both editions,
new sections by template only, and localized dates and digits."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import MINI_FACTS
from docx import Document as open_docx
from pdftext import flat, pdfium_text

from briefgen.compose.render import compose, make_environment
from briefgen.facts.load import load_facts
from briefgen.model import Cite, Heading, ListBlock, Paragraph, Table
from briefgen.pipeline import ROOT, Options, build

TEMPLATES = ROOT / "templates"
STRINGS = tomllib.loads((TEMPLATES / "strings.toml").read_text(encoding="utf-8"))
SECTIONS = ["key_judgments", "background", "factors", "chronology", "conflicts", "interests",
            "positions", "disagreements", "open_questions", "key_figures", "whos_who",
            "glossary", "sources", "method"]
CONTENT = {  # a piece of each section's content in the fixture, per language
    "ar": ["تطلب بغداد جدولاً زمنياً للانسحاب", "اللجنة العسكرية العليا", "سابرينا سينغ",
           "متى تنتهي مهمة التحالف الدولي في العراق؟", "كوردستان تي في"],
    "en": ["Baghdad seeks a withdrawal timetable", "Higher Military Commission",
           "Sabrina Singh", "When will the coalition's mission in Iraq end?", "Kurdistan TV"],
}


def docx_text(path: Path) -> str:
    document = open_docx(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return flat(" ".join(parts))


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_section_has_its_heading_and_content_in_the_finished_file(mini_outputs, lang, fmt):
    path = mini_outputs[("full", lang, fmt)]
    text = flat(pdfium_text(path)) if fmt == "pdf" else docx_text(path)
    for key in SECTIONS:
        assert STRINGS[key][lang] in text, key
    for piece in CONTENT[lang]:
        assert piece in text


def shape_of(document) -> list[tuple]:
    """Block kinds, sizes and citation targets: what both editions must share."""
    out = []
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(("h", block.level, block.anchor))
        elif isinstance(block, Paragraph):
            out.append(("p", block.role, [i.target for i in block.inlines if isinstance(i, Cite)]))
        elif isinstance(block, ListBlock):
            out.append(("list", block.ordered,
                        [[i.target for i in item if isinstance(i, Cite)] for item in block.items]))
        elif isinstance(block, Table):
            out.append(("table", len(block.header),
                        [[i.target for c in row for i in c.inlines if isinstance(i, Cite)]
                         for row in block.rows]))
    return out


@pytest.mark.parametrize("facts", [MINI_FACTS, ROOT / "facts.toml"], ids=["fixture", "real"])
@pytest.mark.parametrize("paper", ["full", "summary"])
def test_both_editions_carry_the_same_items_in_the_same_order_with_the_same_citations(facts, paper):
    base = load_facts(facts)
    arabic = compose(base, paper, "ar", "arabic-indic", TEMPLATES)
    english = compose(base, paper, "en", "western", TEMPLATES)
    assert shape_of(arabic) == shape_of(english)
    assert len(arabic.blocks) > 10


def test_a_new_section_is_a_template_change(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    full = templates / "full.xml.j2"
    full.write_text(full.read_text(encoding="utf-8").replace(
        '<h1 id="method">',
        '<h1 id="outlook">{{ t(\'outlook\') }}</h1>\n'
        "{% for f in facts('figure') %}<p>{{ tr(f.text) }} {{ cites(f) }}</p>{% endfor %}\n"
        '<h1 id="method">'), encoding="utf-8")
    with (templates / "strings.toml").open("a", encoding="utf-8") as strings:
        strings.write('\n[outlook]\nar = "آفاق المرحلة المقبلة"\nen = "Outlook for the next phase"\n')
    result = build(Options(facts=MINI_FACTS, out=tmp_path / "out", templates=templates))
    for written in result.written:
        lang = written.path.name.split(".")[1]
        heading = "آفاق المرحلة المقبلة" if lang == "ar" else "Outlook for the next phase"
        text = flat(pdfium_text(written.path)) if written.path.suffix == ".pdf" else docx_text(written.path)
        assert heading in text, written.path.name


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_summary_fits_on_one_page(lang, tmp_path):
    result = build(Options(out=tmp_path, langs=(lang,), formats=("pdf",), papers=("summary",)))
    assert result.written[0].pages == 1


def test_dates_and_figures_in_arabic_indic_digits():
    document = compose(load_facts(MINI_FACTS), "full", "ar", "arabic-indic", TEMPLATES)
    text = " ".join(i.text for b in document.blocks if isinstance(b, Table)
                    for row in b.rows for c in row for i in c.inlines if hasattr(i, "text"))
    assert "٢٧ كانون الثاني/يناير ٢٠٢٤" in text
    assert "٢٬٥٠٠" in text


def test_digits_on_the_command_line_override_the_fact_base(tmp_path):
    result = build(Options(facts=MINI_FACTS, out=tmp_path, langs=("ar",), formats=("pdf",),
                           digits="western"))
    text = flat(pdfium_text(result.written[0].path))
    assert "27 كانون الثاني/يناير 2024" in text and "2,500" in text and "صفحة 1 من" in text
    assert "٢٠٢٤" not in text


def test_the_english_edition_always_uses_western_digits(tmp_path):
    result = build(Options(facts=MINI_FACTS, out=tmp_path, langs=("en",), formats=("pdf",),
                           digits="arabic-indic"))
    text = flat(pdfium_text(result.written[0].path))
    assert "27 January 2024" in text and "2,500" in text


def test_compiled_templates_are_cached_on_disk_and_follow_template_edits(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    base = load_facts(MINI_FACTS)
    before = compose(base, "full", "en", "western", templates)
    assert list((tmp_path / "cache" / "briefgen" / "templates").iterdir())
    full = templates / "full.xml.j2"
    full.write_text(full.read_text(encoding="utf-8").replace(
        '<h1 id="method">', '<p>An edited template.</p>\n<h1 id="method">'), encoding="utf-8")
    make_environment.cache_clear()  # a new run: a new environment, the same disk cache
    after = compose(base, "full", "en", "western", templates)
    assert len(after.blocks) == len(before.blocks) + 1


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_differences_of_fact_and_side_by_side_readings_stand_under_their_own_headings(lang):
    base = load_facts(ROOT / "facts.toml")
    blocks = compose(base, "full", lang, "western", TEMPLATES).blocks
    lists = {}
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and block.anchor in ("conflicts", "side-by-side"):
            lists[block.anchor] = next(b for b in blocks[i + 1:] if isinstance(b, ListBlock)).refs
    tagged = {f"facts:{f.id}" for f in base.facts
              if f.group == "conflict" and "side-by-side" in f.tags}
    untagged = {f"facts:{f.id}" for f in base.facts if f.group == "conflict"} - tagged
    assert tagged and untagged
    assert set(lists["side-by-side"]) == tagged
    assert set(lists["conflicts"]) == untagged
