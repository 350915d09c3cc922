"""Mark positioning for the PDF path: font file -> GPOS anchors -> where a haraka sits.

arabic-reshaper gives presentation forms and reportlab draws each code point at its advance,
so nothing applies the font's mark attachment (GPOS 'mark' and 'mkmk'). This module reads
those anchors with fontTools (MarkBasePos, lookup type 4; MarkLigPos, type 5, on the last
component; MarkMarkPos, type 6; also behind Extension lookups) and gives, for a mark after a
base (or after another mark), its offset from the base's origin in em, as HarfBuzz places
it. Pairs the font has no anchor for get None, and the mark is drawn where its advance puts
it (at the start of its letter).
"""

from __future__ import annotations

import json
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from briefgen.diskcache import cached_bytes, file_digest, package_version

Anchor = tuple[int, int]
# A haraka after a lam-alef ligature belongs to its alef, the left end of the ligature glyph.
# Fonts anchor marks on the alef their GSUB 'rlig' puts after lam (Noto: "uniFE8E.rlig",
# drawn at the ligature's origin), not on the precomposed ligature: use that alef's anchor.
LAM_ALEFS = frozenset(chr(c) for c in range(0xFEF5, 0xFEFD))
FINAL_ALEF = 0xFE8E


# (marks: glyph -> (class, anchor), bases: glyph -> {class: anchor}) of one lookup
Tables = tuple[dict[str, tuple[int, Anchor]], dict[str, dict[int, Anchor]]]
CACHE_FORMAT = 1  # bump when the cached JSON changes shape


class MarkAnchors:
    """The mark-to-base and mark-to-mark anchors of one font, for the glyphs its cmap
    reaches (and the alef that lam-alef ligatures carry marks on)."""

    def __init__(self, upem: int, cmap: dict[int, str], mark_to_base: list[Tables],
                 mark_to_mark: list[Tables]):
        self.upem, self.cmap = upem, cmap
        self.mark_to_base, self.mark_to_mark = mark_to_base, mark_to_mark

    def _is_base(self, glyph: str) -> bool:
        return any(glyph in bases for _, bases in self.mark_to_base)

    def offset(self, base: str, mark: str, on_mark: bool) -> tuple[float, float] | None:
        """Where `mark` goes relative to the origin of `base` (a base letter, or the mark
        before it when `on_mark`), in em units; None when the font has no anchor pair."""
        base_glyph, mark_glyph = self.cmap.get(ord(base)), self.cmap.get(ord(mark))
        if base in LAM_ALEFS and not on_mark and FINAL_ALEF in self.cmap:
            alef = self.cmap[FINAL_ALEF]
            base_glyph = f"{alef}.rlig" if self._is_base(f"{alef}.rlig") else alef
        if base_glyph is None or mark_glyph is None:
            return None
        for marks, bases in self.mark_to_mark if on_mark else self.mark_to_base:
            if mark_glyph in marks and base_glyph in bases:
                cls, (mx, my) = marks[mark_glyph]
                anchor = bases[base_glyph].get(cls)
                if anchor:
                    return (anchor[0] - mx) / self.upem, (anchor[1] - my) / self.upem
        return None

    def to_json(self) -> bytes:
        """The anchors as JSON (for the disk cache); from_json() reads them back."""
        def tables(lookups: list[Tables]) -> list:
            return [[{g: [c, *a] for g, (c, a) in marks.items()},
                     {g: [[c, *a] for c, a in anchors.items()] for g, anchors in bases.items()}]
                    for marks, bases in lookups]
        return json.dumps({"upem": self.upem, "cmap": self.cmap,
                           "base": tables(self.mark_to_base),
                           "mark": tables(self.mark_to_mark)}).encode()

    @classmethod
    def from_json(cls, data: bytes) -> MarkAnchors:
        raw = json.loads(data)

        def tables(lookups: list) -> list[Tables]:
            return [({g: (c, (x, y)) for g, (c, x, y) in marks.items()},
                     {g: {c: (x, y) for c, x, y in anchors} for g, anchors in bases.items()})
                    for marks, bases in lookups]
        return cls(raw["upem"], {int(code): glyph for code, glyph in raw["cmap"].items()},
                   tables(raw["base"]), tables(raw["mark"]))


def read_anchors(path: str) -> MarkAnchors:
    """The anchors of the font at `path`, read from its GPOS table with fontTools."""
    from fontTools.ttLib import TTFont  # imported here: needed only when the cache misses

    font = TTFont(BytesIO(Path(path).read_bytes()), lazy=True)
    cmap = font.getBestCmap()
    reachable = set(cmap.values())
    if FINAL_ALEF in cmap:
        reachable.add(f"{cmap[FINAL_ALEF]}.rlig")
    mark_to_base: list[Tables] = []
    mark_to_mark: list[Tables] = []
    lookups = font["GPOS"].table.LookupList.Lookup if "GPOS" in font else []
    for lookup in lookups:
        for sub in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 9:
                sub, kind = sub.ExtSubTable, sub.ExtensionLookupType
            if kind == 4:
                tables = _tables(sub.MarkCoverage, sub.MarkArray, sub.BaseCoverage,
                                 sub.BaseArray.BaseRecord, "BaseAnchor")
            elif kind == 5:
                tables = _ligature_tables(sub)
            elif kind == 6:
                tables = _tables(sub.Mark1Coverage, sub.Mark1Array, sub.Mark2Coverage,
                                 sub.Mark2Array.Mark2Record, "Mark2Anchor")
            else:
                continue
            marks, bases = tables
            tables = ({g: v for g, v in marks.items() if g in reachable},
                      {g: v for g, v in bases.items() if g in reachable})
            (mark_to_mark if kind == 6 else mark_to_base).append(tables)
    return MarkAnchors(font["head"].unitsPerEm, cmap, mark_to_base, mark_to_mark)


def _tables(mark_coverage, mark_array, base_coverage, base_records, field: str):
    marks = {
        glyph: (record.Class, (record.MarkAnchor.XCoordinate, record.MarkAnchor.YCoordinate))
        for glyph, record in zip(mark_coverage.glyphs, mark_array.MarkRecord, strict=True)
    }
    bases = {}
    for glyph, record in zip(base_coverage.glyphs, base_records, strict=True):
        anchors = getattr(record, field)
        bases[glyph] = {cls: (a.XCoordinate, a.YCoordinate)
                        for cls, a in enumerate(anchors) if a is not None}
    return marks, bases


def _ligature_tables(sub):
    """MarkLigPos as mark-to-base tables: a mark after a ligature sits on its last
    component (the letter it follows, as with a haraka on the alef of lam-alef)."""
    marks = {
        glyph: (record.Class, (record.MarkAnchor.XCoordinate, record.MarkAnchor.YCoordinate))
        for glyph, record in zip(sub.MarkCoverage.glyphs, sub.MarkArray.MarkRecord, strict=True)
    }
    bases = {}
    for glyph, attach in zip(sub.LigatureCoverage.glyphs, sub.LigatureArray.LigatureAttach,
                             strict=True):
        last = attach.ComponentRecord[-1].LigatureAnchor if attach.ComponentRecord else []
        bases[glyph] = {cls: (a.XCoordinate, a.YCoordinate)
                        for cls, a in enumerate(last) if a is not None}
    return marks, bases


@lru_cache(maxsize=16)
def mark_anchors(path: str) -> MarkAnchors:
    """The anchors of the font at `path`: read once per process, and kept in the disk cache
    (decoding GPOS takes 50 ms a face; the cached JSON loads in a few)."""
    key = f"{file_digest(path)} fontTools {package_version('fontTools')} format {CACHE_FORMAT}"
    data = cached_bytes("mark-anchors", key, lambda: read_anchors(path).to_json(), ".json")
    return MarkAnchors.from_json(data)
