"""coverage: every character a paper prints is in one of its fonts, else an InputError at
the input lines that hold it; a session's Memo keeps what each block lacks for the fonts'
code points it was found for, never for others."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_document import sample_document

from briefgen.coverage import block_texts, check_coverage
from briefgen.errors import InputError
from briefgen.memo import Memo


def test_a_memo_keeps_what_blocks_lack_for_the_same_fonts_only(tmp_path: Path) -> None:
    document = sample_document("en")
    meta = document.meta
    printed = "".join(text for block in document.blocks for text in block_texts(block))
    meta_texts = (meta.title + meta.subject + meta.author + meta.short_title + meta.handling
                  + meta.page_label + "".join(meta.keywords))
    covered = frozenset(map(ord, printed + meta_texts))
    inputs, memo = [tmp_path / "facts.toml"], Memo()
    for _ in range(2):  # made, then found again
        check_coverage([document], covered, inputs, memo)
    letter = next(c for c in printed if c.isalpha() and c not in meta_texts)
    fewer = covered - {ord(letter)}  # other fonts: the same blocks lack a letter now
    for given in (memo, None):  # as without a memo
        with pytest.raises(InputError, match=f"U\\+{ord(letter):04X}"):
            check_coverage([document], fewer, inputs, given)
    check_coverage([document], covered, inputs, memo)
