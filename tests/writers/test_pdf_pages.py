"""The fixture paper's PDF pages, as Poppler draws them at 100 dpi, are the committed images.

The images in tests/golden/pages/ were drawn from the PDF writer before the text-layer and
tagging work (issues 13 and 14), which must not move a pixel. When the papers are meant to
look different (a template or style change), regenerate them on purpose and look at them
before committing:

    BRIEFGEN_REGEN_PAGES=1 .venv/bin/python -m pytest tests/writers/test_pdf_pages.py
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import TESTS, require_tool
from PIL import Image, ImageChops

GOLDEN = TESTS / "golden" / "pages"
DPI = 100
PAPERS = [("full", "ar"), ("full", "en"), ("summary", "ar"), ("summary", "en")]


def render(pdf: Path, out: Path, stem: str) -> list[Path]:
    """Every page of `pdf` as a PNG at DPI, named <stem>-<page>.png in `out`."""
    subprocess.run([require_tool("pdftoppm"), "-r", str(DPI), "-png", str(pdf), str(out / stem)],
                   check=True, capture_output=True)
    pages = sorted(out.glob(f"{stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    for number, page in enumerate(pages, start=1):  # pdftoppm pads numbers by page count
        page.rename(out / f"{stem}-{number}.png")
    return [out / f"{stem}-{n}.png" for n in range(1, len(pages) + 1)]


@pytest.mark.parametrize(("paper", "lang"), PAPERS, ids=lambda v: v)
def test_the_fixture_pages_look_as_committed(mini_outputs, tmp_path, paper, lang):
    stem = f"mini-{paper}-{lang}"
    pages = render(mini_outputs[(paper, lang, "pdf")], tmp_path, stem)
    if os.environ.get("BRIEFGEN_REGEN_PAGES") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN.glob(f"{stem}-*.png"):
            old.unlink()
        for page in pages:
            page.replace(GOLDEN / page.name)
        pytest.skip("page images regenerated: look at them before committing")
    expected = sorted(GOLDEN.glob(f"{stem}-*.png"))
    assert len(pages) == len(expected), f"{len(pages)} pages drawn, {len(expected)} committed"
    for page in pages:
        with Image.open(page) as drawn, Image.open(GOLDEN / page.name) as golden:
            assert drawn.size == golden.size, f"{page.name}: size {drawn.size} != {golden.size}"
            box = ImageChops.difference(drawn.convert("RGB"), golden.convert("RGB")).getbbox()
            assert box is None, (f"{page.name} differs from the committed image in the box {box}; "
                                 f"the drawn page is {page}")
