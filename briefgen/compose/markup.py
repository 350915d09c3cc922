"""Parse the neutral markup that templates produce: XML text -> Document.

The markup is a small XML vocabulary, independent of any output format:

    <paper lang="ar" density="normal|compact" title="..." subject="..." short-title="..." author="..."
           keywords="a; b" handling="..." page-label="صفحة {page} من {pages}" date="2026-11-22">
      <title>..</title> <subtitle>..</subtitle> <meta>..</meta> <note>..</note>
      <contents title=".." depth="2"/>
      <h1 id="..">..</h1> <h2 id="..">..</h2> <h3 id="..">..</h3>
      <p anchor="..">text <b>bold</b> <i>italic</i> <cite src="source-id"/></p>
      <ul><li>..</li></ul>  <ol><li>..</li></ol>
      <table widths="1 3"><tr><th>..</th></tr><tr><td anchor="..">..</td></tr></table>
    </paper>

Paragraphs, headings, list items and table rows may name the fact-base record they show,
ref="<table>:<id>" (ref="facts:jscd"); a paragraph quoting an earlier edition's wording says
which, quotes-edition="1". Both are optional and change nothing a reader sees.

White space inside text collapses to one space, as in HTML; the space before a citation
becomes a no-break space, so that no writer starts a line with a citation. Fact text reaches the markup
escaped by the template engine, so it is always text, never markup.

Given a Memo (briefgen/memo.py, in a round whose scope holds the citation labels), each
block is found again by its markup: a paper composed again after a small edit makes only
the blocks whose markup changed (the others are the same objects as before, which the
model's readers never change), and a plain paper (blocks with white space between them)
is not parsed whole: only its root's start tag and each new block are.
"""

from __future__ import annotations

import re
import string
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Any

from briefgen.memo import Memo
from briefgen.model import (
    Block,
    Cell,
    Cite,
    Contents,
    Document,
    Heading,
    Inline,
    ListBlock,
    Meta,
    Paragraph,
    Table,
    Text,
)
from briefgen.text.runs import joined_runs

PARAGRAPH_ROLES = {"p": "body", "title": "title", "subtitle": "subtitle", "meta": "meta",
                   "note": "note"}
_SPACE = re.compile(r"[ \t\r\n]+")
NO_BREAK_SPACE = "\u00a0"
SOURCE_ANCHOR = "source-"  # a citation's target: the anchor of its source entry
BLOCK_TAGS = (*PARAGRAPH_ROLES, "h1", "h2", "h3", "ul", "ol", "table", "contents")
_BLOCK = re.compile(rf"<({'|'.join(BLOCK_TAGS)})\b[^>]*?(?:/>|>.*?</\1\s*>)", re.S)
_ROOT_START = re.compile(r"\s*<paper\b[^>]*>\s*")
_ROOT_END = re.compile(r"\s*</paper\s*>\s*")


def escape(text: str) -> str:
    """Text as XML character data: &, < and > escaped (what xml.sax.saxutils.escape does;
    importing that module loads urllib.request and the email package, 15 ms a run)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


class MarkupError(ValueError):
    """The markup is not of the vocabulary; `line` is its line in the rendered text."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line


CiteLabel = Callable[[str], str]
CiteMark = Callable[[str], Cite]


def _marks(cite_label: CiteLabel) -> CiteMark:
    """The citation mark of a source id, made once for each source (a large paper cites a
    source thousands of times: each time the same, immutable, mark); KeyError for an id
    `cite_label` does not know."""
    made: dict[str, Cite] = {}

    def mark(source_id: str) -> Cite:
        found = made.get(source_id)
        if found is None:
            found = made[source_id] = Cite(cite_label(source_id), SOURCE_ANCHOR + source_id)
        return found

    return mark


def parse_markup(markup: str, cite_label: CiteLabel, digits: str,
                 memo: Memo | None = None) -> Document:
    """The Document the markup describes; `cite_label(source_id)` gives a citation's label;
    `memo` holds the blocks made from the same markup before (see the module)."""
    if memo is not None:
        document = _from_blocks(markup, cite_label, digits, memo)
        if document is not None:
            return document
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        raise MarkupError(exc.position[0], f"not well-formed markup: {exc}") from None
    if root.tag != "paper":
        raise MarkupError(1, f"the root element must be <paper>, not <{root.tag}>")
    lang = _attr(root, "lang")
    _no_loose_text([root.text] + [child.tail for child in root])
    meta = _meta(root)
    cite = _marks(cite_label)
    texts = _block_texts(markup, root) if memo is not None else None
    if memo is None or texts is None:
        blocks = [_block(child, cite) for child in root]
    else:
        blocks = [memo.get(text, lambda c=child: _block(c, cite))
                  for text, child in zip(texts, root, strict=True)]
    return _document(root, lang, meta, blocks, digits)


def _meta(root: ET.Element) -> Meta:
    return Meta(
        title=_attr(root, "title"), subject=_attr(root, "subject"), author=_attr(root, "author"),
        keywords=[k.strip() for k in _attr(root, "keywords").split(";") if k.strip()],
        short_title=_attr(root, "short-title"), handling=_attr(root, "handling"),
        page_label=_page_label(_attr(root, "page-label")), date=_attr(root, "date"),
    )


def _document(root: ET.Element, lang: str, meta: Meta, blocks: list[Block],
              digits: str) -> Document:
    return Document(lang=lang, direction="rtl" if lang == "ar" else "ltr", digits=digits,
                    meta=meta, blocks=blocks, density=root.get("density", "normal"))


_FEED = 1 << 16  # characters of markup given to the XML parser at a time


def parse_pieces(pieces: Iterable[str], cite_label: CiteLabel, digits: str) -> Document:
    """The Document of the markup given in pieces (a template's output as it is made), the
    one parse_markup makes of their text, each block made as soon as its element ends and
    the element then dropped: neither the whole markup nor its whole tree is ever held.
    Raises (MarkupError, ET.ParseError...) at markup that parse_markup refuses, not always
    as it does: to say why, read the whole markup with parse_markup."""
    parser = ET.XMLPullParser(("start", "end"))
    reader = _BlockReader(cite_label)
    for run in joined_runs(pieces, _FEED):
        parser.feed(run)
        reader.read(parser.read_events())
    parser.close()
    reader.read(parser.read_events())
    return reader.document(digits)


class _BlockReader:
    """Makes each child of the <paper> root a block as its element ends (parse_pieces)."""

    def __init__(self, cite_label: CiteLabel):
        self.cite = _marks(cite_label)
        self.root: ET.Element | None = None
        self.depth = 0
        self.blocks: list[Block] = []
        self.last: ET.Element | None = None  # the last block's element: its tail comes later

    def read(self, events: Iterable[tuple[str, Any]]) -> None:
        for event, element in events:
            if event == "start":
                self.depth += 1
                if self.root is None:
                    if element.tag != "paper":
                        raise MarkupError(1, f"not a <paper>: <{element.tag}>")
                    self.root = element
                continue
            self.depth -= 1
            if self.depth == 1:  # a block's element ended, and with it the last one's tail
                _no_loose_text([self.last.tail if self.last is not None else None])
                self.blocks.append(_block(element, self.cite))
                assert self.root is not None
                self.root.remove(element)
                self.last = element

    def document(self, digits: str) -> Document:
        root = self.root
        if root is None or self.depth:
            raise MarkupError(None, "no whole <paper>")
        lang = _attr(root, "lang")
        _no_loose_text([root.text, self.last.tail if self.last is not None else None])
        return _document(root, lang, _meta(root), self.blocks, digits)


_XML_SPACE = "[ \t\r\n]*"  # what XML allows around the root element and inside a tag
_PLAIN_START = re.compile(rf"{_XML_SPACE}<paper\b[^>]*>")
_PLAIN_END = re.compile(rf"</paper{_XML_SPACE}>{_XML_SPACE}")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # no XML text holds these


def _from_blocks(markup: str, cite_label: CiteLabel, digits: str, memo: Memo) -> Document | None:
    """The Document of the markup of a plain paper, made from its parts alone: its root's
    start tag, and each block, found again in the memo by its markup or parsed alone, with
    nothing but white space around them (each block well-formed, the whole is: it is read
    as the whole would be, but not parsed again). None for any other markup, or when
    anything in it fails: parse_markup then reads it whole, and says what fails, as ever."""
    found = list(_BLOCK.finditer(markup))
    start = found and _PLAIN_START.match(markup, 0, found[0].start())
    end = markup.rfind("</paper")
    if (not start or "xmlns" in start.group() or end < found[-1].end()
            or not _PLAIN_END.fullmatch(markup, end)):
        return None
    gaps = [markup[a:b] for a, b in zip([start.end(), *(m.end() for m in found)],
                                        [*(m.start() for m in found), end], strict=True)]
    if any(gap.strip() or _NOT_XML.search(gap) for gap in gaps):  # text there is lost, as
        return None  # _no_loose_text lets white space be; a character XML refuses is not
    try:
        root = ET.fromstring(start.group().lstrip(" \t\r\n") + "</paper>")
        lang, meta, cite = _attr(root, "lang"), _meta(root), _marks(cite_label)
        blocks = [memo.get(match.group(), lambda m=match: _block_alone(m, cite))
                  for match in found]
    except Exception:  # told as the whole markup is read
        return None
    return _document(root, lang, meta, blocks, digits)


def _block_alone(match: re.Match[str], cite: CiteMark) -> Block:
    element = ET.fromstring(match.group())
    if element.tag != match.group(1):
        raise MarkupError(None, f"<{element.tag}> read as <{match.group(1)}>")
    return _block(element, cite)


def _block_texts(markup: str, root: ET.Element) -> list[str] | None:
    """The markup of each of the root's children, in order; None when the markup is not
    plainly a <paper> of blocks with nothing but white space between them (comments,
    blocks inside blocks of the same kind), where the children cannot be told apart so."""
    found = list(_BLOCK.finditer(markup))
    if len(found) != len(root) or not found:
        return None
    gaps = [markup[:found[0].start()], markup[found[-1].end():]]
    if not _ROOT_START.fullmatch(gaps[0]) or not _ROOT_END.fullmatch(gaps[1]):
        return None
    for match, after, child in zip(found, [*found[1:], None], root, strict=True):
        if match.group(1) != child.tag or (
                after is not None and markup[match.end():after.start()].strip()):
            return None
    return [match.group() for match in found]


def _no_loose_text(texts: list[str | None]) -> None:
    """Text must stand inside a block: text between blocks (the root's text and the tails
    of its children) would be lost."""
    for text in texts:
        if text and text.strip():
            raise MarkupError(None, f"text outside any block: {text.strip()[:40]!r}; "
                              "put it inside <p>..</p>")


def _page_label(label: str) -> str:
    """The page label, checked to use only {page} and {pages}."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(label) if name is not None}
    except ValueError as exc:
        raise MarkupError(None, f"page-label {label!r}: {exc}") from None
    if not names <= {"page", "pages"} or "" in names:
        raise MarkupError(None, f"page-label {label!r} may use only {{page}} and {{pages}}")
    return label


def _attr(element: ET.Element, name: str) -> str:
    value = element.get(name)
    if value is None:
        raise MarkupError(None, f"<{element.tag}> needs the attribute {name}=\"...\"")
    return value


def _block(element: ET.Element, cite: CiteMark) -> Block:
    tag = element.tag
    if tag in PARAGRAPH_ROLES:
        return Paragraph(_inlines(element, cite), role=PARAGRAPH_ROLES[tag],
                         anchor=element.get("anchor"), ref=element.get("ref"),
                         quotes_edition=_edition(element))
    if tag in ("h1", "h2", "h3"):
        return Heading(int(tag[1]), _inlines(element, cite), _attr(element, "id"),
                       ref=element.get("ref"))
    if tag in ("ul", "ol"):
        items = _children(element, "li")
        return ListBlock([_inlines(li, cite) for li in items], ordered=tag == "ol",
                         refs=_refs(items))
    if tag == "table":
        return _table(element, cite)
    if tag == "contents":
        depth = element.get("depth", "2")
        if depth not in ("1", "2", "3"):
            raise MarkupError(None, f'<contents depth="{depth}"> must be 1, 2 or 3')
        return Contents(_attr(element, "title"), int(depth))
    raise MarkupError(None, f"unknown block element <{tag}>")


def _children(element: ET.Element, tag: str) -> list[ET.Element]:
    for child in element:
        if child.tag != tag:
            raise MarkupError(None, f"<{element.tag}> may hold only <{tag}>, not <{child.tag}>")
    return list(element)


def _table(element: ET.Element, cite: CiteMark) -> Table:
    rows = _children(element, "tr")
    if not rows:
        raise MarkupError(None, "a <table> needs a header row <tr><th>..</th></tr>")
    header = [Cell(_inlines(th, cite)) for th in _children(rows[0], "th")]
    body = [[Cell(_inlines(td, cite), td.get("anchor")) for td in _children(tr, "td")]
            for tr in rows[1:]]
    for row in body:
        if len(row) != len(header):
            raise MarkupError(None, f"a table row has {len(row)} cells, the header {len(header)}")
    try:
        widths = [float(w) for w in element.get("widths", "").split()] or [1.0] * len(header)
    except ValueError:
        widths = []
    if len(widths) != len(header) or not all(w > 0 for w in widths):
        raise MarkupError(None, "a table's widths must give one positive number per column")
    return Table(header, body, widths, refs=_refs(rows[1:]))


def _refs(elements: list[ET.Element]) -> list[str | None]:
    """The ref="" of each element; an empty list when none has one."""
    refs = [e.get("ref") for e in elements]
    return refs if any(refs) else []


def _edition(element: ET.Element) -> int | None:
    value = element.get("quotes-edition")
    if value is None:
        return None
    if not value.isdigit():
        raise MarkupError(None, f'quotes-edition="{value}" must be an edition number')
    return int(value)


def _inlines(element: ET.Element, cite: CiteMark) -> list[Inline]:
    """The element's text and inline children, white space collapsed and trimmed at the ends."""
    runs: list[Inline] = []
    _collect(element, cite, runs, strong=False, emph=False)
    return _trim(runs)


def _collect(element: ET.Element, cite: CiteMark, runs: list[Inline],
             strong: bool, emph: bool) -> None:
    if element.text:
        _add_text(runs, element.text, strong, emph)
    for child in element:
        if child.tag == "cite":
            src = _attr(child, "src")
            try:
                mark = cite(src)
            except KeyError:
                raise MarkupError(None, f'<cite src="{src}">: no source has that id') from None
            _bind_to_previous_word(runs)
            runs.append(mark)
        elif child.tag in ("b", "i"):
            _collect(child, cite, runs, strong or child.tag == "b", emph or child.tag == "i")
        else:
            raise MarkupError(None, f"<{child.tag}> cannot stand inside <{element.tag}>")
        if child.tail:
            _add_text(runs, child.tail, strong, emph)


def _add_text(runs: list[Inline], text: str, strong: bool, emph: bool) -> None:
    text = _SPACE.sub(" ", text)
    last = runs[-1] if runs else None
    if isinstance(last, Text) and (last.strong, last.emph) == (strong, emph):
        runs[-1] = Text(_SPACE.sub(" ", last.text + text), strong, emph)
    else:
        runs.append(Text(text, strong, emph))
    if len(runs) > 1 and isinstance(runs[-2], Text) and runs[-2].text.endswith(" "):
        runs[-1] = Text(runs[-1].text.lstrip(" "), strong, emph)


def _bind_to_previous_word(runs: list[Inline]) -> None:
    """A citation never starts a line: the space before it becomes a no-break space."""
    last = runs[-1] if runs else None
    if isinstance(last, Text) and last.text.endswith(" "):
        runs[-1] = Text(last.text[:-1] + NO_BREAK_SPACE, last.strong, last.emph)


def _trim(runs: list[Inline]) -> list[Inline]:
    if runs and isinstance(runs[0], Text):
        runs[0] = Text(runs[0].text.lstrip(), runs[0].strong, runs[0].emph)
    if runs and isinstance(runs[-1], Text):
        runs[-1] = Text(runs[-1].text.rstrip(), runs[-1].strong, runs[-1].emph)
    return [r for r in runs if not (isinstance(r, Text) and not r.text)]


def inline_markup(inlines: list[Inline], cited: Callable[[str], bool]) -> str:
    """Inlines written back as markup (the inverse of a paragraph's parsing): text escaped,
    <b> and <i> kept, a citation as <cite src=".."/> when `cited(source_id)` (the source is
    in the paper: its label is given anew), else as the label it had, in plain text."""
    out = []
    for inline in inlines:
        if isinstance(inline, Cite):
            source = inline.target.removeprefix(SOURCE_ANCHOR)
            out.append(f'<cite src="{escape(source)}"/>' if cited(source) else
                       escape(inline.text))
            continue
        text = escape(inline.text)
        if inline.emph:
            text = f"<i>{text}</i>"
        out.append(f"<b>{text}</b>" if inline.strong else text)
    return "".join(out)
