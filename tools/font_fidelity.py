"""How faithfully our PDF path draws Arabic in a given font, measured word by word.

In:  one or more TrueType fonts (--fonts; default: fonts/NotoNaskhArabic-Regular.ttf and, if
     installed, Amiri Regular) and the seed documents (--seeds DIR, default seeds/, all *.txt).
Out: a table on stdout, one row per font and reshaper setting: distinct Arabic words measured,
     words matching, share (%), share among words without / with harakat, share of words whose
     glyph runs are identical, words with a character the font lacks ("no glyph": both paths
     draw .notdef there and are compared as such; PDF viewers often leave it blank), then up to
     --examples mismatching words per row. Exit status 0, or 2 on a missing font or no words.

Words: the seed texts are split on white space, punctuation and symbols (Unicode categories
P* and S*: Arabic and Latin punctuation, quotes, brackets) are stripped from both ends, and
the distinct tokens containing at least one Arabic letter are kept.

Path A (what our PDF writer draws): ``arabic_reshaper.ArabicReshaper`` with harakat kept,
then ``bidi.get_display`` (visual order), then exactly what ``reportlab`` does with a
registered ``TTFont`` and ``canvas.drawString`` (shaping off, no rlbidi): every code point
is looked up in the cmap reportlab parsed (``face.charToGlyph``; missing -> glyph 0,
.notdef) and advanced by reportlab's width (``face.charWidths``, hmtx; missing -> the
.notdef width). No GSUB, no GPOS. Three reshaper settings are measured:
``lig-off`` (support_ligatures False), ``lig-on`` (the reshaper's default ligature set:
lam-alef forms and the Allah ligature) and ``lig-font`` (``config_for_true_type_font``:
every ligature whose presentation form the font's cmap has).

Path B (how the font intends it): uharfbuzz shapes the logical word (direction rtl,
script Arab, language ar, default features); glyphs are placed at their advances and
offsets. A word with digits in it (one in the seeds, "إف-١٦") is split as the bidi algorithm
does for a right-to-left word: digit runs are shaped left-to-right, the other runs
right-to-left, and the runs are laid out right to left.

Both runs are rasterised by the same code: glyph outlines from fontTools, flattened and filled
with the non-zero winding rule by Pillow at PX_EM (48) pixels per em, SUPERSAMPLE x
SUPERSAMPLE supersampled (glyph positions snapped to 1/SUPERSAMPLE px), giving 8-bit coverage
images cropped to their ink (the box of pixels at least INK_LEVEL = 64 of 255 covered).
tests/test_font_fidelity.py checks path A against a real reportlab PDF rendered by pdfium.

Criterion (a word "matches"): the two ink bounding boxes differ by at most BBOX_TOLERANCE_PX
(1) pixel in width and in height, and, with the boxes aligned at their top-left corners, at
most STRONG_PIXEL_TOLERANCE (8) pixels differ in coverage by half or more (|A - B| >= 128 of
255). For scale: a dot is about 25 such pixels at 48 px/em. So a missing or moved dot, a
mark at another place, a ligature drawn as separate letters, a different contextual form, a
lost kerning pair or a .notdef box on one side only fail; anti-aliasing noise, sub-pixel
mark offsets (under ~15 font units) and the font's precomposed lam-alef glyph standing in
for its two-part GSUB lam-alef (a few grey pixels) pass. A word whose glyph runs are
identical matches without rasterising. The "glyph-identical" column is that stricter side
measure: same glyph ids in the same order, each within GLYPH_TOLERANCE (1) font unit of the
same position.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from pathlib import Path

import arabic_reshaper
import uharfbuzz as hb
from bidi import get_display
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont as FTFont
from PIL import Image, ImageChops, ImageDraw, ImageMath
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as RLFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from tools/
from briefgen.model import Text
from briefgen.writers.pdf.cidfonts import PLACED
from briefgen.writers.pdf.fonts import Face
from briefgen.writers.pdf.layout import layout_paragraph

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT / "seeds"
NOTO_NASKH = ROOT / "fonts" / "NotoNaskhArabic-Regular.ttf"
AMIRI_CANDIDATES = (
    Path("/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf"),
    Path("/usr/share/fonts/truetype/fonts-hosny-amiri/Amiri-Regular.ttf"),
)

PX_EM = 48
SUPERSAMPLE = 4
CURVE_STEPS = 8
BBOX_TOLERANCE_PX = 1
INK_LEVEL = 64
STRONG_PIXEL_TOLERANCE = 8
GLYPH_TOLERANCE = 1.0
VARIANTS = ("lig-off", "lig-on", "lig-font", "writer")

ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


@dataclass(frozen=True)
class Placed:
    """One glyph of a run: glyph id and pen position of its origin, in font units (y up)."""

    gid: int
    x: float
    y: float


Run = tuple[Placed, ...]


# --- words ---------------------------------------------------------------------------------


def is_arabic(ch: str) -> bool:
    """True for a code point in one of the Arabic blocks."""
    return any(lo <= ord(ch) <= hi for lo, hi in ARABIC_RANGES)


def is_arabic_letter(ch: str) -> bool:
    """True for an Arabic-block letter (category L*)."""
    return is_arabic(ch) and unicodedata.category(ch).startswith("L")


def has_harakat(word: str) -> bool:
    """True when the word carries an Arabic combining mark (fatha, shadda, dagger alef, ...)."""
    return any(is_arabic(ch) and unicodedata.category(ch) == "Mn" for ch in word)


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def strip_punctuation(token: str) -> str:
    """The token without punctuation or symbols at either end."""
    start, end = 0, len(token)
    while start < end and _is_punct(token[start]):
        start += 1
    while end > start and _is_punct(token[end - 1]):
        end -= 1
    return token[start:end]


def words_in(texts: Iterable[str]) -> list[str]:
    """Distinct Arabic words of the texts, sorted."""
    found = {strip_punctuation(token) for text in texts for token in text.split()}
    return sorted(w for w in found if any(is_arabic_letter(ch) for ch in w))


def collect_words(seeds: Path) -> list[str]:
    """Distinct Arabic words of every *.txt file in `seeds`."""
    files = sorted(seeds.glob("*.txt"))
    return words_in(path.read_text(encoding="utf-8") for path in files)


# --- fonts ---------------------------------------------------------------------------------


class FlatteningPen(BasePen):
    """Collects glyph contours as polygons (curves split into CURVE_STEPS line segments)."""

    def __init__(self, glyphset: object) -> None:
        super().__init__(glyphset)
        self.contours: list[list[tuple[float, float]]] = []

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.contours.append([pt])

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.contours[-1].append(pt)

    def _qCurveToOne(self, pt1: tuple[float, float], pt2: tuple[float, float]) -> None:
        (x0, y0) = self._getCurrentPoint()
        for i in range(1, CURVE_STEPS + 1):
            t = i / CURVE_STEPS
            a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
            self.contours[-1].append(
                (a * x0 + b * pt1[0] + c * pt2[0], a * y0 + b * pt1[1] + c * pt2[1])
            )

    def _curveToOne(
        self, pt1: tuple[float, float], pt2: tuple[float, float], pt3: tuple[float, float]
    ) -> None:
        (x0, y0) = self._getCurrentPoint()
        for i in range(1, CURVE_STEPS + 1):
            t = i / CURVE_STEPS
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3
            self.contours[-1].append(
                (
                    a * x0 + b * pt1[0] + c * pt2[0] + d * pt3[0],
                    a * y0 + b * pt1[1] + c * pt2[1] + d * pt3[1],
                )
            )


def _signed_area(points: Sequence[tuple[float, float]]) -> float:
    return sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True)
    )


@dataclass(frozen=True)
class GlyphMask:
    """A glyph filled at SUPERSAMPLE resolution; left/top: offset of the mask from the origin."""

    mask: Image.Image | None
    left: int
    top: int


class FontUnderTest:
    """One font opened three ways: fontTools (outlines), reportlab (path A), HarfBuzz (path B)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tt = FTFont(io.BytesIO(path.read_bytes()), lazy=True)
        self.glyphset = self.tt.getGlyphSet()
        self.glyph_order = self.tt.getGlyphOrder()
        self.upem: int = self.tt["head"].unitsPerEm
        self.rl_face = RLFont(f"fidelity-{path.stem}", str(path)).face
        self.hb_font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
        self.scale = PX_EM * SUPERSAMPLE / self.upem
        self._masks: dict[int, GlyphMask] = {}

    def covers(self, word: str) -> bool:
        """True when every code point of the logical word is in the font's cmap."""
        return all(ord(ch) in self.rl_face.charToGlyph for ch in word)

    def glyph_mask(self, gid: int) -> GlyphMask:
        """The filled outline of glyph `gid` (cached)."""
        if gid not in self._masks:
            self._masks[gid] = self._fill(gid)
        return self._masks[gid]

    def _fill(self, gid: int) -> GlyphMask:
        pen = FlatteningPen(self.glyphset)
        self.glyphset[self.glyph_order[gid]].draw(pen)
        contours = [
            [(x * self.scale, -y * self.scale) for x, y in c] for c in pen.contours if len(c) > 2
        ]
        if not contours:
            return GlyphMask(None, 0, 0)
        xs = [x for c in contours for x, _ in c]
        ys = [y for c in contours for _, y in c]
        left, top = int(min(xs)) - 1, int(min(ys)) - 1
        size = (int(max(xs)) - left + 2, int(max(ys)) - top + 2)
        return GlyphMask(_nonzero_fill(contours, left, top, size), left, top)


def _nonzero_fill(
    contours: list[list[tuple[float, float]]], left: int, top: int, size: tuple[int, int]
) -> Image.Image:
    """Binary mask of the contours under the non-zero winding rule."""
    winding = Image.new("I", size, 0)
    for contour in contours:
        one = Image.new("L", size, 0)
        ImageDraw.Draw(one).polygon([(x - left, y - top) for x, y in contour], fill=1)
        sign = 1 if _signed_area(contour) > 0 else -1
        winding = ImageMath.lambda_eval(
            lambda a, s=sign: a["w"] + a["c"] * s, w=winding, c=one.convert("I")
        )
    filled = ImageMath.lambda_eval(lambda a: (a["w"] != 0) * 255, w=winding)
    return filled.convert("L")


# --- the two paths ---------------------------------------------------------------------------


@cache
def reshaper_for(variant: str, font_path: str) -> arabic_reshaper.ArabicReshaper:
    """The reshaper of one setting (harakat always kept)."""
    config: dict[str, object] = {"delete_harakat": False}
    if variant == "lig-off":
        config["support_ligatures"] = False
    elif variant == "lig-font":
        config.update(arabic_reshaper.config_for_true_type_font(font_path))
        config["delete_harakat"] = False
    elif variant != "lig-on":
        raise ValueError(f"unknown reshaper variant {variant!r}")
    return arabic_reshaper.ArabicReshaper(configuration=config)


def visual_string(word: str, reshaper: arabic_reshaper.ArabicReshaper) -> str:
    """The string our PDF writer hands to reportlab: reshaped, then in visual order."""
    return get_display(reshaper.reshape(word))


def reportlab_run(visual: str, font: FontUnderTest) -> Run:
    """The glyphs reportlab draws for `visual`: cmap lookup, hmtx advance, nothing else."""
    face = font.rl_face
    per_mille = font.upem / 1000
    x = 0.0
    placed = []
    for ch in visual:
        code = 32 if ord(ch) == 0xA0 else ord(ch)
        placed.append(Placed(face.charToGlyph.get(code, 0), x, 0.0))
        x += face.charWidths.get(code, face.defaultWidth) * per_mille
    return tuple(placed)


def direction_runs(word: str) -> list[tuple[str, str]]:
    """(text, "ltr" | "rtl") runs of a right-to-left word, in visual order (left first)."""
    runs = [
        ("".join(chars), "ltr" if digits else "rtl")
        for digits, chars in groupby(word, key=lambda ch: unicodedata.category(ch) == "Nd")
    ]
    return runs[::-1]


def harfbuzz_run(word: str, font: FontUnderTest) -> Run:
    """HarfBuzz's glyphs for the logical word, in visual (left-to-right) order."""
    x = 0.0
    placed: list[Placed] = []
    for text, direction in direction_runs(word):
        buf = hb.Buffer()
        buf.add_str(text)
        buf.direction = direction
        buf.script = "Arab"
        buf.language = "ar"
        hb.shape(font.hb_font, buf, {})
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            placed.append(Placed(info.codepoint, x + pos.x_offset, pos.y_offset))
            x += pos.x_advance
    return tuple(placed)


# --- rasterising and comparing -------------------------------------------------------------


def render(run: Run, font: FontUnderTest) -> tuple[Image.Image, tuple[int, int]]:
    """8-bit coverage image of the run at PX_EM px per em, and the pixel of the run's origin.

    The origin falls on a whole pixel, so every run is sampled at the same sub-pixel phase.
    """
    pieces = []
    for g in run:
        gm = font.glyph_mask(g.gid)
        if gm.mask is not None:
            ox, oy = round(g.x * font.scale), round(-g.y * font.scale)
            pieces.append((gm.mask, ox + gm.left, oy + gm.top))
    if not pieces:
        return Image.new("L", (1, 1), 0), (0, 0)
    ss = SUPERSAMPLE
    x0 = min(px for _, px, _ in pieces) // ss * ss - ss
    y0 = min(py for _, _, py in pieces) // ss * ss - ss
    x1 = max(px + m.width for m, px, _ in pieces) // ss * ss + 2 * ss
    y1 = max(py + m.height for m, _, py in pieces) // ss * ss + 2 * ss
    canvas = Image.new("L", (x1 - x0, y1 - y0), 0)
    for mask, px, py in pieces:
        canvas.paste(255, (px - x0, py - y0), mask)
    return canvas.reduce(ss), (-x0 // ss, -y0 // ss)


def rasterise(run: Run, font: FontUnderTest) -> Image.Image:
    """The run's coverage image cropped to its ink (see crop_to_ink)."""
    return crop_to_ink(render(run, font)[0])


def crop_to_ink(image: Image.Image) -> Image.Image:
    """The image cropped to the box of its pixels at least INK_LEVEL covered."""
    bbox = image.point(lambda v: 255 if v >= INK_LEVEL else 0).getbbox()
    return image.crop(bbox) if bbox else Image.new("L", (1, 1), 0)


def strong_differences(a: Image.Image, b: Image.Image) -> int:
    """Pixels whose coverage differs by at least half, both images at the same top-left."""
    size = (max(a.width, b.width), max(a.height, b.height))
    pa, pb = Image.new("L", size, 0), Image.new("L", size, 0)
    pa.paste(a, (0, 0))
    pb.paste(b, (0, 0))
    return sum(ImageChops.difference(pa, pb).histogram()[128:])


def images_match(a: Image.Image, b: Image.Image) -> bool:
    """The criterion of the module docstring."""
    if abs(a.width - b.width) > BBOX_TOLERANCE_PX or abs(a.height - b.height) > BBOX_TOLERANCE_PX:
        return False
    return strong_differences(a, b) <= STRONG_PIXEL_TOLERANCE


def runs_identical(a: Run, b: Run) -> bool:
    """Same glyph ids in the same order, each within GLYPH_TOLERANCE font units."""
    return len(a) == len(b) and all(
        p.gid == q.gid and abs(p.x - q.x) <= GLYPH_TOLERANCE and abs(p.y - q.y) <= GLYPH_TOLERANCE
        for p, q in zip(a, b, strict=True)
    )


class WriterFonts:
    """The one font under test, offered to briefgen's PDF layout as its only face."""

    def __init__(self, font: FontUnderTest) -> None:
        name = f"fidelity-writer-{font.path.stem}"
        rl_font = RLFont(name, str(font.path))
        pdfmetrics.registerFont(rl_font)
        self.face = Face(name, frozenset(rl_font.face.charToGlyph), str(font.path))
        self.layouts: dict[tuple, list] = {}
        self.keep_layouts = True
        self.shaped: dict[tuple, object] = {}
        self.touched: set[tuple] | None = None  # layouts asked for are not noted here

    def metrics_of(self, text: str, strong: bool, emph: bool,
                   size: float) -> list[tuple[Face, float, float]]:
        return [(self.face, size, pdfmetrics.stringWidth(ch, self.face.name, size))
                for ch in text]


@cache
def _writer_fonts(font: FontUnderTest) -> WriterFonts:
    return WriterFonts(font)


def writer_run(word: str, font: FontUnderTest) -> Run:
    """The glyphs briefgen's PDF writer places for the word: its own shaping, bidi and GPOS
    mark anchoring (briefgen/writers/pdf/layout.py), laid out at 1000 units per em."""
    per_mille = font.upem / 1000
    placed = []
    for line in layout_paragraph([Text(word)], "rtl", _writer_fonts(font), 1000.0, 1e9):
        marks = iter(line.marks)  # the harakat on anchors, in the order their runs hold them
        for run in line.runs:
            x = run.x
            for ch in run.text:
                if ord(ch) >= PLACED:
                    mark = next(marks)
                    placed.append(Placed(font.rl_face.charToGlyph.get(ord(mark.ch), 0),
                                         (mark.x + mark.dx) * per_mille, mark.dy * per_mille))
                    continue
                code = 32 if ord(ch) == 0xA0 else ord(ch)
                placed.append(Placed(font.rl_face.charToGlyph.get(code, 0), x * per_mille, 0.0))
                x += font.rl_face.charWidths.get(code, font.rl_face.defaultWidth)
    return tuple(placed)


def word_matches(
    word: str, font: FontUnderTest, reshaper: arabic_reshaper.ArabicReshaper | None
) -> tuple[bool, bool]:
    """(images match, glyph runs identical) for one word; reshaper None: the writer's path."""
    ours = writer_run(word, font) if reshaper is None else reportlab_run(visual_string(word, reshaper), font)
    reference = harfbuzz_run(word, font)
    if runs_identical(ours, reference):
        return True, True
    return images_match(rasterise(ours, font), rasterise(reference, font)), False


# --- measuring and reporting ---------------------------------------------------------------


@dataclass
class Result:
    """Counts for one font and one reshaper setting."""

    font: str
    variant: str
    words: int = 0
    matching: int = 0
    identical: int = 0
    plain: int = 0
    plain_matching: int = 0
    marked: int = 0
    marked_matching: int = 0
    uncovered: int = 0
    mismatches: list[str] = field(default_factory=list)

    def add(self, word: str, match: bool, identical: bool, covered: bool = True) -> None:
        """Count one measured word."""
        marked = has_harakat(word)
        self.words += 1
        self.uncovered += not covered
        self.matching += match
        self.identical += identical
        self.marked += marked
        self.marked_matching += marked and match
        self.plain += not marked
        self.plain_matching += (not marked) and match
        if not match:
            self.mismatches.append(word)


def measure(font: FontUnderTest, words: Sequence[str], variant: str) -> Result:
    """Measure every word in `font` with one reshaper setting."""
    reshaper = None if variant == "writer" else reshaper_for(variant, str(font.path))
    result = Result(font.path.name, variant)
    for word in words:
        result.add(word, *word_matches(word, font, reshaper), font.covers(word))
    return result


def pct(part: int, whole: int) -> str:
    """Share as a percentage, '-' when there is nothing to share."""
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def table(results: Sequence[Result]) -> str:
    """The report table."""
    head = (
        f"{'font':<30} {'reshaper':<9} {'words':>6} {'match':>6} {'share':>7} "
        f"{'no harakat':>15} {'harakat':>13} {'glyph-identical':>15} {'no glyph':>8}"
    )
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(
            f"{r.font:<30} {r.variant:<9} {r.words:>6} {r.matching:>6} "
            f"{pct(r.matching, r.words):>7} "
            f"{pct(r.plain_matching, r.plain):>7} of {r.plain:>4} "
            f"{pct(r.marked_matching, r.marked):>7} of {r.marked:>3} "
            f"{pct(r.identical, r.words):>15} {r.uncovered:>8}"
        )
    return "\n".join(rows)


def examples(results: Sequence[Result], n: int) -> str:
    """Up to `n` mismatching words per row, words without harakat first."""
    lines = []
    for r in results:
        picked = sorted(r.mismatches, key=has_harakat)[:n]
        if picked:
            lines.append(f"{r.font} {r.variant}: {' '.join(picked)}")
    return "\n".join(lines)


def default_fonts() -> list[Path]:
    """Noto Naskh Arabic from fonts/, and Amiri when the system has it."""
    amiri = [p for p in AMIRI_CANDIDATES if p.exists()][:1]
    return [NOTO_NASKH, *amiri]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fonts", nargs="+", type=Path, default=None, help="TrueType fonts")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of *.txt")
    parser.add_argument("--examples", type=int, default=8, help="mismatches shown per row")
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None, out: Callable[[str], object] = print) -> int:
    """Measure, print the table; exit status 0, or 2 on bad input."""
    args = parse_args(argv)
    fonts = args.fonts or default_fonts()
    missing = [str(p) for p in fonts if not p.is_file()]
    if missing:
        out(f"font not found: {', '.join(missing)}")
        return 2
    words = collect_words(args.seeds)
    if not words:
        out(f"no Arabic words in {args.seeds}/*.txt")
        return 2
    started = time.perf_counter()
    results = []
    for path in fonts:
        font = FontUnderTest(path)
        results.extend(measure(font, words, variant) for variant in VARIANTS)
    out(
        f"{len(words)} distinct Arabic words from {args.seeds}; match = ink boxes within "
        f"{BBOX_TOLERANCE_PX}px and <= {STRONG_PIXEL_TOLERANCE} pixels differing by half "
        f"or more at {PX_EM}px/em\n"
    )
    out(table(results))
    if args.examples:
        out("\nmismatching words (examples):")
        out(examples(results, args.examples))
    out(f"\n{time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(run())
