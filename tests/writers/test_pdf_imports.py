"""The PDF path loads only what it uses: a run of the Arabic PDF imports no part of reportlab
but its C accelerator (the pages are laid out and the fonts read by writers/pdf), and so
neither uharfbuzz (reportlab's font module loads it) nor PIL; nor fontTools once the
caches hold what it reads (arabic-reshaper's import of it is put off, text/shape.py)."""

from __future__ import annotations

import subprocess
import sys

from briefgen.pipeline import ROOT

NOT_LOADED = ("reportlab.platypus", "reportlab.pdfgen", "reportlab.pdfbase", "reportlab.lib.utils",
              "uharfbuzz", "PIL", "fontTools")


def test_the_pdf_path_imports_no_layout_library(tmp_path):
    code = ("import sys; from briefgen import pipeline; from pathlib import Path; "
            "pipeline.build(pipeline.Options(out=Path(sys.argv[1]), langs=('ar',), "
            "formats=('pdf',), jobs=1)); "
            f"print(sorted(m for m in sys.modules if m.startswith({NOT_LOADED!r})))")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], env=env,
                           cwd=ROOT, capture_output=True, text=True, check=True)
            for _ in range(2)]  # a first run fills the caches, the second reads them
    assert runs[1].stdout.strip() == "[]"
