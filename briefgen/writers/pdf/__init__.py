"""The PDF writer (reportlab). Its entry point is writers/pdf/document.write_pdf.

reportlab is imported here, before any module of the writer, without uharfbuzz: this writer
never asks reportlab to shape (it shapes with arabic-reshaper and places marks itself).
"""

from briefgen.optional import hidden

with hidden("uharfbuzz"):
    import reportlab.pdfbase.ttfonts  # noqa: F401  (the module that imports uharfbuzz)
