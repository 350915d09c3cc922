"""writers/docx/embed: font subsets, shared between the DOCX writers of one run."""

from __future__ import annotations

from pathlib import Path

from briefgen.writers.docx import embed


def test_a_font_another_process_is_subsetting_is_taken_last(monkeypatch):
    busy = {Path("a.ttf")}  # being subset by the other writer until it is waited for
    calls = []

    def subset_font(path: Path, wait: bool = True) -> bytes | None:
        calls.append((path.name, wait))
        return None if path in busy and not wait else path.name.encode()

    monkeypatch.setattr(embed, "subset_font", subset_font)
    found = embed.subsets([Path("a.ttf"), Path("b.ttf"), Path("c.ttf")])
    assert found == {Path("a.ttf"): b"a.ttf", Path("b.ttf"): b"b.ttf", Path("c.ttf"): b"c.ttf"}
    assert calls == [("a.ttf", False), ("b.ttf", False), ("c.ttf", False), ("a.ttf", True)]
