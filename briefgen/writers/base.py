"""What every writer is: (document, fonts, path) -> pages written (None when unknown), and
the session through which a writer keeps what it learns from one file to the next.

A writer writes one complete file at `path`; the pipeline gives it a temporary path and
renames the file into place only when the writer has returned.

A WriterSession is a writer opened once for a FontSet in a process that writes many files
(a `--watch` session: one per format, for as long as the fonts do not change). Its write()
takes a `slot`, the output's name in the output folder ("<brief-id>.ar.pdf"), under which it
may keep what it derived from that output's last document (paragraphs built, words shaped,
pages laid out) to reuse what did not change. The rules every session keeps:
- bytes: what write() puts at `path` is byte for byte what a new session would write for
  the same document (tests/test_writer_sessions.py checks each format's session);
- content keys: what it keeps is found again by what it was computed from (a block, its
  text, the fonts), never by the assumption that the slot's previous file is on disk: a
  rebuild may fail after a writer ran (another file's writer, the commit), and the next one
  then starts from files older than the session's last write;
- failure: an exception inside write() leaves the session usable, its next write correct;
- memory: per slot, at most what the slot's latest document needs (older versions go);
- place: the session lives in the process that calls write(). A normal run opens fresh
  sessions in forked writer processes, which end with them; `--watch` writes in its own
  process, so that what a session learns is there at the next save.
A writer without a session class of its own is wrapped in Stateless: every file afresh.

What a session can count on in `--watch`: a block whose markup did not change is the very
same object from one document to the next (compose/markup.py), so `is` finds it before any
comparison of values; a Document that did not change is not written at all (warm.py); a
change of fonts opens new sessions. A session class is named in the registry entry of its
writer (registry.py: `_Deferred(module, function, session="PdfSession")`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from briefgen.model import Document
from briefgen.writers.fonts import FontSet


class Writer(Protocol):
    """The signature shared by write_pdf and write_docx."""

    def __call__(self, document: Document, fonts: FontSet, path: Path) -> int | None: ...


class WriterSession(Protocol):
    """A writer opened for one FontSet, keeping what it learns between files (see above)."""

    def write(self, document: Any, path: Path, slot: str) -> int | None:
        """Write `document` at `path` as the output `slot`; its page count, or None."""
        ...


class Stateless:
    """The session of a writer that keeps nothing: each file is written afresh."""

    def __init__(self, writer: Writer, fonts: FontSet):
        self.writer, self.fonts = writer, fonts

    def write(self, document: Any, path: Path, slot: str) -> int | None:
        """Write `document` at `path` with the wrapped writer (`slot` is not needed)."""
        return self.writer(document, self.fonts, path)
