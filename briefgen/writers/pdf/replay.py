"""Drawing a box again without drawing it: a Recording of what drawing it did, replayed.

A box (a paragraph, a contents entry) draws in its own coordinates, so what it writes does
not depend on where it stands; only the structure tree and the page do: marked-content ids
count from 0 on each page, and drawing makes elements (a Span for a run in the other
script, a Link per citation) and binds marked content and link annotations to them. A
Recorder stands in for the canvas while a box draws for real: it passes every call that
touches the page or the tree on to the canvas at once, in order, and keeps the operators
with a placeholder where each marked-content id goes, and every call in order: those on
the paragraph's tags (ParagraphTags.for_run, .link), marks, annotations, destinations,
outline entries, fonts, glyph forms and property lists first used. replay() makes the same
calls on another canvas and other tags of the same paragraph: the same elements, in the
same order, the same operators with that page's ids; the page's fonts, forms and
properties in the same order of first use. A recording holds for the same paragraph laid
out the same way, its tags in the state they had when it was recorded (the state a
paragraph's tags are in before a part of it is drawn depends only on the lines before).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from briefgen.writers.pdf.canvas import Operators, PageCanvas
from briefgen.writers.pdf.cidfonts import DocumentFont
from briefgen.writers.pdf.drawline import ParagraphTags
from briefgen.writers.pdf.structure import Element

MCID = "\x00"  # where a marked-content id goes in recorded operators (never in PDF text)


@dataclass
class Recording:
    """Operators (str, with MCID placeholders) and calls (tuples of plain values), in the
    order made; once finished, the fonts and property lists first used, in that order,
    apart (replaying them first leaves the page's resources in the same order: each is a
    list of its own)."""

    items: list = field(default_factory=list)
    chars: dict[str, set[str]] = field(default_factory=dict)  # per face: characters drawn
    fonts: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()

    def as_tuple(self) -> tuple:
        """Its fields as a tuple of plain values (pickled three times faster than itself:
        ahead.py sends recordings so); Recording(*that) is the same recording."""
        return self.items, self.chars, self.fonts, self.properties


class RecordingTags:
    """The tags of a paragraph, whose calls a Recorder notes."""

    def __init__(self, tags: ParagraphTags, slot: int, recorder: Recorder):
        self.tags, self.slot, self.recorder = tags, slot, recorder
        self.element = tags.element
        recorder.note(("root", slot, recorder.ref(tags.element)))

    def for_run(self, text: str, link: tuple[str, int] | None, font_lang: str) -> Element:
        element = self.tags.for_run(text, link, font_lang)
        self.recorder.note(("run", self.slot, text, link, font_lang, self.recorder.ref(element)))
        return element

    def link(self, key: tuple[str, int]) -> Element:
        element = self.tags.link(key)
        self.recorder.note(("link", self.slot, key, self.recorder.ref(element)))
        return element


class RecordingFont:
    """A document font whose characters drawn a Recorder notes."""

    def __init__(self, font: DocumentFont, chars: set[str]):
        self.font, self.chars = font, chars

    def hex(self, text: str) -> str:
        self.chars.update(text)
        return self.font.hex(text)

    def __getattr__(self, name: str) -> object:  # the rest of the font: as it is
        return getattr(self.font, name)


class Recorder(Operators):
    """The canvas a box draws on while it is recorded (see the module's docstring)."""

    dry = False

    def __init__(self, canvas: PageCanvas, tags: list[ParagraphTags | None]):
        self.canvas = canvas
        self.recording = Recording()
        self._code: list[str] = []  # the drawing code appends here; flushed in order
        self._ids: list[str] = []  # the page's marked-content openers, for the flush
        self._refs: dict[int, int] = {}
        self.elements: list[Element] = []  # by their number in the recording
        self._fonts: dict[str, None] = {}  # first used, in order (Recording.fonts)
        self._properties: dict[str, None] = {}
        self.tags = [RecordingTags(t, slot, self) if t is not None else None
                     for slot, t in enumerate(tags)]

    def ref(self, element: Element) -> int:
        """The number of `element` in this recording."""
        number = self._refs.setdefault(id(element), len(self._refs))
        if number == len(self.elements):
            self.elements.append(element)
        return number

    def note(self, call: tuple) -> None:
        self._flush()
        self.recording.items.append(call)

    def _flush(self) -> None:
        if not self._code:
            return
        code = " ".join(self._code)
        self._code.clear()
        if MCID not in code:
            self.recording.items.append(code)
            self.canvas._code.append(code)
            return
        for piece in _pieces(code):  # the page's own ids where the placeholders are
            if piece is MCID:
                self.recording.items.append(MCID)
                self.canvas._code.append(self._ids.pop(0))
            else:
                self.recording.items.append(piece)
                self.canvas._code.append(piece)

    def finish(self) -> Recording:
        """The recording, with the fonts and property lists first used."""
        self._flush()
        self.recording.fonts, self.recording.properties = tuple(self._fonts), tuple(
            self._properties)
        return self.recording

    # the canvas's interface, as the drawing code uses it

    @property
    def document(self) -> object:
        """The document of the page drawn on (its direction steers the text layer; a
        recording is replayed only into papers laid out the same way)."""
        return self.canvas.document

    def saveState(self) -> None:
        self.note(("save",))
        self.canvas.saveState()

    def restoreState(self) -> None:
        self.note(("restore",))
        self.canvas.restoreState()

    def translate(self, dx: float, dy: float) -> None:
        self.note(("translate", dx, dy))
        self.canvas.translate(dx, dy)

    def font(self, name: str) -> RecordingFont:
        self._fonts[name] = None
        return RecordingFont(self.canvas.font(name), self.recording.chars.setdefault(name, set()))

    def tagged(self, element: Element) -> str:
        self.note(("mark", self._refs[id(element)]))
        self._ids.append(self.canvas.tagged(element))
        return MCID

    def mirrored_text(self, drawn: str, apart: bool) -> str:
        if not apart:
            self._properties[drawn] = None
        return self.canvas.mirrored_text(drawn, apart)

    def add_link(self, target: str, rect: tuple[float, float, float, float],
                 element: Element) -> None:
        self.note(("annotation", target, rect, self._refs[id(element)]))
        self.canvas.add_link(target, rect, element)

    def draw_glyph(self, font_path: str, ch: str, x: float, y: float, size: float) -> None:
        self.note(("glyph", font_path, ch, x, y, size))
        self.canvas.draw_glyph(font_path, ch, x, y, size)

    def bookmark(self, key: str, x: float, y: float) -> None:
        self.note(("bookmark", key, x, y))
        self.canvas.bookmark(key, x, y)

    def add_outline_entry(self, title: str, key: str, level: int, closed: bool) -> None:
        self.note(("outline", title, key, level, closed))
        self.canvas.add_outline_entry(title, key, level, closed)


def _pieces(code: str) -> list[str]:
    """`code` cut at its placeholders, each placeholder (MCID itself) a piece of its own
    with the spaces that join it to its neighbours taken off: the page's code is joined by
    spaces, so the pieces appended one by one give back the same text. Empty pieces go."""
    out: list[str] = []
    pieces = code.split(MCID)
    last = len(pieces) - 1
    for n, piece in enumerate(pieces):
        if n:
            out.append(MCID)
            if not piece.startswith(" ") and piece:
                raise ValueError("a marked-content id must stand between spaces")
            piece = piece[1:]
        if n < last:
            if not piece.endswith(" ") and piece:
                raise ValueError("a marked-content id must stand between spaces")
            piece = piece[:-1]
        if piece:
            out.append(piece)
    return out


def draw_recorded(canvas: PageCanvas, key: Callable[[], tuple],
                  tags: list[ParagraphTags | None],
                  draw: Callable[[PageCanvas, list], None]) -> None:
    """draw(canvas, tags); in a session (a memo on the canvas), the recording kept under
    key() replayed instead, or the drawing recorded under it (unless the memo records
    nothing)."""
    memo = getattr(canvas, "memo", None)
    if memo is None:
        draw(canvas, tags)
        return
    found = key()
    recording = memo.get(found)
    if recording is not None:
        elements = replay(canvas, recording, tags)
    elif getattr(memo, "record", True):
        recorder = Recorder(canvas, tags)
        draw(recorder, recorder.tags)
        recording = memo[found] = recorder.finish()
        elements = recorder.elements
    else:
        draw(canvas, tags)
        canvas.unlogged()
        return
    if canvas.log is not None:
        canvas.log.append((found, recording, elements))


def replay(canvas: PageCanvas, recording: Recording,
           tags: list[ParagraphTags | None]) -> list[Element]:
    """Make on `canvas` and `tags` the calls `recording` holds (see the module's docstring);
    the elements it refers to, by their number in it."""
    refs: dict[int, Element] = {}
    ids: list[str] = []
    code = canvas._code
    for name in recording.fonts:
        canvas.font(name)
    for drawn in recording.properties:
        canvas.mirrored_text(drawn, False)
    for item in recording.items:
        if type(item) is str:
            code.append(ids.pop(0) if item is MCID else item)
            continue
        kind = item[0]
        if kind == "run":
            refs[item[5]] = tags[item[1]].for_run(item[2], item[3], item[4])
        elif kind == "mark":
            ids.append(canvas.tagged(refs[item[1]]))
        elif kind == "link":
            refs[item[3]] = tags[item[1]].link(item[2])
        elif kind == "root":
            refs[item[2]] = tags[item[1]].element
        elif kind == "annotation":
            canvas.add_link(item[1], item[2], refs[item[3]])
        else:
            _other(canvas, item)
    for name, chars in recording.chars.items():
        canvas.fonts[name].used.update(chars)
    return [refs[number] for number in range(len(refs))]


def _other(canvas: PageCanvas, item: tuple) -> None:
    kind, *args = item
    if kind == "save":
        canvas.saveState()
    elif kind == "restore":
        canvas.restoreState()
    elif kind == "translate":
        canvas.translate(*args)
    elif kind == "glyph":
        canvas.draw_glyph(*args)
    elif kind == "bookmark":
        canvas.bookmark(*args)
    elif kind == "outline":
        canvas.add_outline_entry(*args)
    else:
        raise ValueError(f"unknown recorded call {kind!r}")
