"""The table of output formats: format name -> writer. A new format is one module and one
entry here."""

from __future__ import annotations

from briefgen.writers.base import Writer
from briefgen.writers.docx.document import write_docx
from briefgen.writers.pdf.document import write_pdf

WRITERS: dict[str, Writer] = {"pdf": write_pdf, "docx": write_docx}
