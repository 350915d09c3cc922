"""What every writer is: (document, fonts, path) -> pages written (None when unknown).

A writer writes one complete file at `path`; the pipeline gives it a temporary path and
renames the file into place only when the writer has returned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from briefgen.model import Document
from briefgen.writers.fonts import FontSet


class Writer(Protocol):
    """The signature shared by write_pdf and write_docx."""

    def __call__(self, document: Document, fonts: FontSet, path: Path) -> int | None: ...
