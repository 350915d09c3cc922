"""pdf.js (npm pdfjs-dist, pinned in package.json) under Node: one process per file answers
every question the tests ask of it (tests/readers/pdfjs_reader.mjs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from briefgen.pipeline import ROOT

SCRIPT = Path(__file__).with_name("pdfjs_reader.mjs")
PACKAGE = ROOT / "node_modules" / "pdfjs-dist" / "package.json"


def require_pdfjs() -> str:
    """The node command, with pdfjs-dist installed (`npm ci`, as `make test` runs it); skip
    without them, fail when CI=true."""
    node = shutil.which("node")
    if node and PACKAGE.exists():
        return node
    message = "pdf.js needs Node 20 and `npm ci` (make test runs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have it: {message}")
    pytest.skip(message)


@lru_cache(maxsize=32)
def pdfjs_answer(path: Path, queries: tuple[str, ...] = (), stamp: float = 0.0) -> dict:
    """pdf.js's answer for the file: text items and marked content of every page, and the
    find controller's count for each query. `stamp` (the file's mtime) keys the cache."""
    request = {"text": True, "marked": True, "find": list(queries)}
    out = subprocess.run([require_pdfjs(), str(SCRIPT), str(path)], input=json.dumps(request),
                         capture_output=True, text=True, cwd=ROOT, check=False)
    if out.returncode:
        raise RuntimeError(f"pdf.js could not read {path}: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout)


def read_pdfjs(path: Path, queries: tuple[str, ...] = ()) -> dict:
    """pdfjs_answer() for the file as it is now."""
    return pdfjs_answer(path, tuple(queries), path.stat().st_mtime)


def item_text(items: list[dict]) -> str:
    """A page's text as pdf.js's find controller and copy join it: each item's string, and a
    line break where pdf.js marks the end of a line."""
    return "".join(item["str"] + ("\n" if item["eol"] else "") for item in items)


def items_within(items: list[dict], x0: float, y0: float, x1: float, y1: float) -> str:
    """The text of the items whose middle lies between x0 and x1 and whose base line lies
    between y0 and y1 (PDF coordinates), a line break where the base line changes."""
    kept = [i for i in items
            if i["str"] and x0 <= i["x"] + i["w"] / 2 <= x1 and y0 <= i["y"] <= y1]
    parts: list[str] = []
    last_y = None
    for item in kept:
        if last_y is not None and abs(item["y"] - last_y) > 1:
            parts.append("\n")
        parts.append(item["str"])
        last_y = item["y"]
    return "".join(parts)
