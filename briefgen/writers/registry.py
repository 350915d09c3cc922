"""The table of output formats: format name -> writer. A new format is one module and one
entry here. A writer's module is imported when the writer is first called: a run that asks
for PDF only does not load the DOCX writer's libraries, and the other way round.

An entry may name a session class in the writer's module (writers/base.py, WriterSession):
open_session() opens it; any other writer (one a test puts in the table, too) is opened as
Stateless."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from briefgen.model import Document
from briefgen.writers.base import Stateless, Writer, WriterSession
from briefgen.writers.fonts import FontSet


class _Deferred:
    """A writer named by module and function, imported on its first call; `session` names
    the module's WriterSession class, if it has one."""

    def __init__(self, module: str, function: str, session: str | None = None):
        self.module, self.function, self.session = module, function, session

    def load(self) -> Writer:
        return getattr(import_module(self.module), self.function)

    def __call__(self, document: Document, fonts: FontSet, path: Path) -> int | None:
        return self.load()(document, fonts, path)

    def open(self, fonts: FontSet) -> WriterSession:
        """A new session of this writer for `fonts`."""
        if self.session is None:
            return Stateless(self, fonts)
        session: Any = getattr(import_module(self.module), self.session)
        return session(fonts)


WRITERS: dict[str, Writer] = {
    "pdf": _Deferred("briefgen.writers.pdf.document", "write_pdf", session="PdfSession"),
    "docx": _Deferred("briefgen.writers.docx.document", "write_docx", session="DocxSession"),
}


# Writers of a Redline (model.py: two editions of a paper) by format: the changes as tracked
# changes. Called with the Redline where the others take a Document.
REDLINE_WRITERS: dict[str, Writer] = {
    "docx": _Deferred("briefgen.writers.docx.redline", "write_redline", session="RedlineSession"),
}


def open_session(writer: Writer, fonts: FontSet) -> WriterSession:
    """A session of `writer` (an entry of WRITERS or REDLINE_WRITERS) for `fonts`."""
    if isinstance(writer, _Deferred):
        return writer.open(fonts)
    return Stateless(writer, fonts)


def load_writers(formats: tuple[str, ...]) -> None:
    """Import the writers of `formats` (and their redline writers) now: before the writer
    processes are forked, so that they share the loaded modules rather than each importing
    its own."""
    for fmt in formats:
        for writer in (WRITERS[fmt], REDLINE_WRITERS.get(fmt)):
            if isinstance(writer, _Deferred):
                writer.load()
