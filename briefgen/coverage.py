"""Every character a paper prints must be in one of its fonts: composed Documents + the
code points the fonts cover -> nothing, or InputError naming each input line that holds a
character no font has (emoji, CJK, Hebrew...).

The check reads the composed papers, so it sees exactly what the writers would draw,
whether it comes from the fact base, the templates' wording or the templates themselves;
it then finds the lines of the input files where those characters are written (as they
are, or as a TOML escape \\uXXXX / \\UXXXXXXXX). White space needs no glyph: the writers
lay it out themselves. A Memo (a `--watch` session's) keeps what each block lacks, found
again while the block is the same object (compose/markup.py reuses unchanged ones) and the
fonts' code points are the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.memo import Memo
from briefgen.model import Block, Contents, Document, Heading, Inline, ListBlock, Paragraph, Table


def check_coverage(documents: Iterable[Document], covered: frozenset[int],
                   inputs: list[Path], memo: Memo | None = None) -> None:
    """InputError when a document has a character outside `covered`: one problem per line
    of `inputs` (searched in order) that holds such a character."""
    missing: set[str] = set()
    # no memo: nothing kept; a memo's round is one of these code points (the same object
    # from one rebuild to the next: compared as itself)
    with nullcontext() if memo is None else memo.round((covered,)):
        for document in documents:
            missing.update(_missing(set("".join(_meta_texts(document))), covered))
            for block in document.blocks:  # the block itself is kept: its id stays its own
                missing.update(_missing(_characters(block), covered) if memo is None else
                               memo.get(id(block), lambda b=block: (
                                   b, _missing(_characters(b), covered)))[1])
    if missing:
        raise InputError(locate(missing, inputs))


def _missing(characters: Iterable[str], covered: frozenset[int]) -> frozenset[str]:
    """The characters that need a glyph (not white space) and that no font has."""
    return frozenset(c for c in characters if ord(c) not in covered and not c.isspace())


def _meta_texts(document: Document) -> list[str]:
    meta = document.meta
    return [meta.title, meta.subject, meta.author, meta.short_title, meta.handling,
            meta.page_label, *meta.keywords]


def block_texts(block: Block) -> Iterator[str]:
    """Every string a writer prints from one block."""
    if isinstance(block, Heading | Paragraph):
        yield from _inline_texts(block.inlines)
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield from _inline_texts(item)
    elif isinstance(block, Table):
        for cell in [*block.header, *(c for row in block.rows for c in row)]:
            yield from _inline_texts(cell.inlines)
    elif isinstance(block, Contents):
        yield block.title


def _characters(block: Block) -> frozenset[str]:
    return frozenset("".join(block_texts(block)))


def _inline_texts(inlines: list[Inline]) -> Iterator[str]:
    return (inline.text for inline in inlines)


def locate(missing: set[str], inputs: list[Path]) -> list[Problem]:
    """A problem for each line of `inputs` that holds one of the `missing` characters
    (written as it is or escaped); one without a line if none does."""
    pattern = re.compile("|".join(
        re.escape(c) + "|" + _escapes(c) for c in sorted(missing)), re.IGNORECASE)
    problems = []
    for path in inputs:
        try:
            lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            chars = list(dict.fromkeys(_char(m.group()) for m in pattern.finditer(line)))
            if chars:
                problems.append(Problem(path, number, _message(chars)))
    return problems or [Problem(inputs[0], None, _message(sorted(missing)))]


def _escapes(char: str) -> str:
    code = ord(char)
    forms = [rf"\\U{code:08X}"] + ([rf"\\u{code:04X}"] if code <= 0xFFFF else [])
    return "|".join(forms)


def _char(written: str) -> str:
    return chr(int(written[2:], 16)) if written.startswith("\\") else written


def _message(chars: list[str]) -> str:
    first = chars[0]
    more = f" (and {len(chars) - 1} more)" if len(chars) > 1 else ""
    return (f"no font of the papers has the character U+{ord(first):04X} "
            f"({unicodedata.name(first, 'unnamed')}){more}; remove it or write it with "
            "characters the fonts have (Arabic, Latin)")
