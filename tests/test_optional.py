"""optional: a library imported without an optional dependency it would load."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from briefgen.optional import hidden
from briefgen.pipeline import ROOT


def test_a_hidden_module_cannot_be_imported_inside_and_can_after():
    sys.modules.pop("colorsys", None)
    with hidden("colorsys"), pytest.raises(ImportError):
        importlib.import_module("colorsys")
    assert importlib.import_module("colorsys").rgb_to_hsv(0, 0, 0) == (0, 0, 0)


def test_a_module_imported_before_stays_importable():
    import json

    with hidden("json"):
        assert importlib.import_module("json") is json


def test_the_pdf_path_does_not_load_uharfbuzz_and_leaves_it_importable(tmp_path):
    # a first run fills the font caches (its fontTools may load uharfbuzz), then a second
    code = ("import sys; from briefgen import pipeline; from pathlib import Path; "
            "pipeline.build(pipeline.Options(out=Path(sys.argv[1]), langs=('ar',), "
            "formats=('pdf',), jobs=1)); "
            "print('uharfbuzz' in sys.modules); import uharfbuzz; print('importable')")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], env=env,
                           cwd=ROOT, capture_output=True, text=True, check=True)
            for _ in range(2)]
    assert runs[1].stdout.split() == ["False", "importable"]
