"""The texts the checks read are the texts the papers print: every bilingual field whose
text the templates put in a paper (the fixture's papers, composed in both languages, in
their text or their document properties) is a printed text of printed.py, and printed.py
lists no field that no paper prints."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINI_FACTS

from briefgen.compose.render import compose, paper_names
from briefgen.facts.load import load_facts
from briefgen.facts.printed import PRINTED_FIELDS, printed_texts
from briefgen.facts.records import Bi, FactBase
from briefgen.facts.schema import LANGS
from briefgen.facts.seeds import squash
from briefgen.model import Contents, Document, ListBlock, Table, plain_text
from briefgen.pipeline import ROOT
from briefgen.text.numerals import to_style

TEMPLATES = ROOT / "templates"


def document_text(document: Document) -> str:
    """Everything a reader sees of a paper: its blocks and its document properties."""
    meta = document.meta
    parts = [meta.title, meta.subject, meta.author, meta.short_title, meta.handling,
             "; ".join(meta.keywords)]
    for block in document.blocks:
        if isinstance(block, Contents):
            parts.append(block.title)
        elif isinstance(block, ListBlock):
            parts += [plain_text(item) for item in block.items]
        elif isinstance(block, Table):
            parts += [plain_text(cell.inlines) for row in [block.header, *block.rows]
                      for cell in row]
        else:
            parts.append(plain_text(block.inlines))
    return squash("\n".join(parts))


def fields_the_papers_print(base: FactBase, templates: Path) -> set[tuple[str, str]]:
    """(table, field) of every bilingual field whose text some paper of `templates` holds,
    in the language of the paper (its digits too)."""
    found = set()
    for paper in paper_names(templates):
        for lang in LANGS:
            text = document_text(compose(base, paper, lang, base.brief.digits, templates))
            for table, records in base.tables():
                for record in records:
                    for name, value in vars(record).items():
                        if isinstance(value, Bi) and _shown(value.get(lang), lang, base) in text:
                            found.add((table, name))
    return found


def _shown(text: str, lang: str, base: FactBase) -> str:
    return squash(to_style(text, base.brief.digits) if lang == "ar" else text)


def test_the_fixture_has_every_listed_field() -> None:
    """So that the comparison below can see each one printed, or not."""
    base = load_facts(MINI_FACTS)
    given = {(t, n) for t, records in base.tables() for r in records
             for n, v in vars(r).items() if isinstance(v, Bi)}
    assert {(t, n) for t, names in PRINTED_FIELDS.items() for n in names} <= given


def test_the_checks_read_every_field_the_papers_print_and_no_other() -> None:
    base = load_facts(MINI_FACTS)
    checked = {(item.table, item.name) for item in printed_texts(base)}
    printed = fields_the_papers_print(base, TEMPLATES)
    assert printed - checked == set(), "printed but not checked: add to PRINTED_FIELDS"
    assert checked - printed == set(), "checked but printed by no paper"
    assert ("facts", "date_inferred") in printed  # how each inferred date was inferred


def test_the_comparison_sees_a_field_the_templates_stop_printing(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    macros = templates / "parts" / "macros.j2"
    text = macros.read_text(encoding="utf-8")
    basis = "{% if f.date_inferred %} <i>({{ t('date_inferred', basis=tr(f.date_inferred)) }})</i>{% endif %}"
    assert basis in text
    macros.write_text(text.replace(basis, ""), encoding="utf-8")
    printed = fields_the_papers_print(load_facts(MINI_FACTS), templates)
    assert ("facts", "date_inferred") not in printed
    assert ("sources", "date_inferred") in printed
