"""writers/pdf tables: a table's rows are measured from their cells once."""

from __future__ import annotations

from sample_document import sample_document

from briefgen.pipeline import ROOT
from briefgen.writers.fonts import load_fontset
from briefgen.writers.pdf import tables
from briefgen.writers.pdf.blocks import BlockBuilder
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.geometry import FRAME_WIDTH
from briefgen.writers.pdf.styles import styles_for

FONTS = load_fontset(ROOT / "fonts")


def test_a_table_measures_its_rows_once_however_often_it_is_wrapped(monkeypatch):
    document = sample_document("ar")
    builder = BlockBuilder(document, PdfFonts(FONTS, "ar"), styles_for("ar", "normal"))
    table = next(box for box in builder.boxes() if isinstance(box, tables.TableBox))
    measured = []
    real = tables.TableBox._row_height
    monkeypatch.setattr(tables.TableBox, "_row_height",
                        lambda self, row: measured.append(1) or real(self, row))
    sizes = {table.wrap(FRAME_WIDTH, room) for room in (800.0, 400.0, 800.0)}
    assert len(sizes) == 1 and len(measured) == len(table.rows) == 3
    parts = table.split(FRAME_WIDTH, table.heights[0] + table.heights[1] + 1)
    assert [len(part.rows) for part in parts] == [2, 2]  # the header row repeated
    assert len(measured) == 3  # the parts take their rows' heights
