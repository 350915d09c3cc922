"""The table of output formats: format name -> writer. A new format is one module and one
entry here. A writer's module is imported when the writer is first called: a run that asks
for PDF only does not load the DOCX writer's libraries, and the other way round."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from briefgen.model import Document
from briefgen.writers.base import Writer
from briefgen.writers.fonts import FontSet


class _Deferred:
    """A writer named by module and function, imported on its first call."""

    def __init__(self, module: str, function: str):
        self.module, self.function = module, function

    def load(self) -> Writer:
        return getattr(import_module(self.module), self.function)

    def __call__(self, document: Document, fonts: FontSet, path: Path) -> int | None:
        return self.load()(document, fonts, path)


WRITERS: dict[str, Writer] = {
    "pdf": _Deferred("briefgen.writers.pdf.document", "write_pdf"),
    "docx": _Deferred("briefgen.writers.docx.document", "write_docx"),
}


# Writers of a Redline (model.py: two editions of a paper) by format: the changes as tracked
# changes. Called with the Redline where the others take a Document.
REDLINE_WRITERS: dict[str, Writer] = {
    "docx": _Deferred("briefgen.writers.docx.redline", "write_redline"),
}


def load_writers(formats: tuple[str, ...]) -> None:
    """Import the writers of `formats` (and their redline writers) now: before the writer
    processes are forked, so that they share the loaded modules rather than each importing
    its own."""
    for fmt in formats:
        for writer in (WRITERS[fmt], REDLINE_WRITERS.get(fmt)):
            if isinstance(writer, _Deferred):
                writer.load()
