"""What a template sees: FactBase + language + strings -> names and filters for Jinja2.

Texts come out in the paper's language and digit style; citations come out as markup
(`<cite src=".."/>`), everything else as plain text that Jinja2 escapes.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from briefgen.compose.fragments import NAME as FRAGMENTS
from briefgen.compose.fragments import Fragments
from briefgen.compose.markup import inline_markup
from briefgen.errors import InputError, Problem
from briefgen.facts.records import Bi, Fact, FactBase, Record
from briefgen.memo import Memo
from briefgen.text.dates import DateSpec, format_date
from briefgen.text.numerals import format_number, to_style


class TemplateContext:
    """The fact base as the templates of one paper in one language see it."""

    def __init__(self, base: FactBase, lang: str, digits: str, strings: dict[str, Bi],
                 strings_path: Any, changes: Any = None, fragments: Memo | None = None):
        self.base, self.lang, self.digits = base, lang, digits
        self.strings, self.strings_path = strings, strings_path
        self.changes = changes  # editions/diff.py Changes, or None: no earlier edition
        self._by_id = {(table, r.id): r for table, records in base.tables() for r in records}
        # the macro calls of a session's last render, in a round of fragment_scope()
        self.fragments = (Fragments(fragments, self._by_id, base.sources)  # type: ignore[arg-type]
                          if fragments is not None else None)

    def _untold(self) -> None:
        """What is read now is not told to the macro call being made (fragments.py)."""
        if self.fragments is not None:
            self.fragments.untold()

    # -- text ----------------------------------------------------------------------------
    def tr(self, text: Bi | None) -> str:
        """A bilingual text in the paper's language and digits ('' for None)."""
        if text is None:
            return ""
        return self.localize(text.get(self.lang))

    def localize(self, text: str) -> str:
        """Digits of the paper's style (Arabic paper only; English stays Western)."""
        return to_style(text, self.digits) if self.lang == "ar" else text

    def t(self, key: str, **values: Any) -> str:
        """A fixed string of the templates (strings.toml) in the paper's digits, with {name}
        values filled in as given (numbers go through num(), dates through date(), so that a
        file name or a code keeps its digits)."""
        if key not in self.strings:
            raise InputError([Problem(self.strings_path, None, f"no string {key!r}; add "
                                      f"[{key}] with ar and en to {self.strings_path.name}")])
        text = self.localize(self.strings[key].get(self.lang))
        try:
            return text.format(**{k: str(v) for k, v in values.items()})
        except (KeyError, IndexError, ValueError) as exc:
            raise InputError([Problem(self.strings_path, None, (
                f"[{key}] {self.lang} = {text!r} cannot be filled in ({type(exc).__name__}: "
                f"{exc}); use only the names the template gives: "
                f"{', '.join('{' + k + '}' for k in values) or 'none'}"))]) from None

    def date(self, value: DateSpec | None) -> str:
        """A date at its own precision, in the paper's language and digits."""
        return format_date(value, self.lang, self.digits) if value else ""

    def num(self, value: int) -> str:
        """A whole number, grouped, in the paper's digits."""
        return format_number(value, self.digits if self.lang == "ar" else "western")

    # -- lookups -------------------------------------------------------------------------
    def get(self, table: str, record_id: str) -> Any:
        """The record `record_id` of `table`."""
        record = self._by_id[(table, record_id)]
        if self.fragments is not None:
            self.fragments.got(table, record_id, record)
        return record

    def facts(self, group: str, tag: str | None = None) -> list[Fact]:
        """The facts of a group (and tag), in file order."""
        self._untold()
        return [f for f in self.base.facts if f.group == group and (tag is None or tag in f.tags)]

    def chronology(self, group: str = "event") -> list[Fact]:
        """The dated facts of a group, oldest first (stable for equal dates)."""
        return sorted((f for f in self.facts(group) if f.date), key=lambda f: f.date)

    def positions(self, party_id: str) -> list[Fact]:
        """The positions of one party, in file order."""
        return [f for f in self.facts("position") if f.party == party_id]

    def speaking_parties(self) -> list[Record]:
        """The parties that have at least one position, in the order of [[parties]]."""
        self._untold()
        return [p for p in self.base.parties if self.positions(p.id)]

    # -- citations -----------------------------------------------------------------------
    def cites(self, *records: Any) -> Markup:
        """Citation marks for the sources of the records (judgments: of the facts they
        rest on; lists of records or fact ids too), each source once, in source order."""
        if self.fragments is not None:
            self.fragments.cited()
        sources: set[str] = set()
        for record in records:
            for item in record if isinstance(record, list) else [record]:
                sources |= self._sources_of(item)
        ordered = [s for s in self.base.sources if s.id in sources]
        return Markup("".join(f'<cite src="{s.id}"/>' for s in ordered))

    def _sources_of(self, item: Any) -> set[str]:
        if isinstance(item, str):
            item = self.get("facts", item)
        found = {c.source for c in item.cite}
        for fact_id in getattr(item, "rests_on", []):
            found |= self._sources_of(fact_id)
        return found

    def wording(self, change: Any) -> list[Markup]:
        """A changed record's wording in the earlier edition, in the paper's language: one
        piece of markup per paragraph, list item or table row that showed it. Its
        citations link to this edition's sources and take their labels; a source this
        edition no longer has keeps the label it had."""
        self._untold()
        sources = {s.id for s in self.base.sources}
        return [Markup(inline_markup(part, sources.__contains__))
                for part in change.previous.get(self.lang, [])]

    def cite_label(self, source_id: str) -> str:
        """The number shown for a source, in the paper's digits."""
        return self.localize(str(self.get("sources", source_id).number))

    def latest_source_date(self) -> DateSpec:
        """The latest date among the sources: the 'information as of' date."""
        self._untold()
        return max(s.date for s in self.base.sources if s.date)

    def names(self) -> dict[str, Any]:
        """The names templates use."""
        return {
            "brief": self.base.brief, "base": self.base, "lang": self.lang, "tr": self.tr,
            "t": self.t, "date": self.date, "num": self.num, "get": self.get,
            "facts": self.facts, "chronology": self.chronology, "positions": self.positions,
            "speaking_parties": self.speaking_parties, "cites": self.cites,
            "latest_source_date": self.latest_source_date, "localize": self.localize,
            "changes": self.changes, "wording": self.wording, FRAGMENTS: self.fragments,
        }
