"""pdf.js (npm pdfjs-dist, pinned in package.json) under Node: one process per file answers
every question the tests ask of it (tests/readers/pdfjs_reader.mjs)."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
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


class _Session:
    """One Node process reading one file, asked one JSON line at a time."""

    def __init__(self, path: Path):
        # a file, not a pipe: a pipe nobody reads could fill and block pdf.js
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [require_pdfjs(), str(SCRIPT), str(path)], cwd=ROOT, text=True, encoding="utf-8",
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors)
        self.path = path

    def ask(self, request: dict) -> dict:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            self.errors.seek(0)
            error = self.errors.read().decode("utf-8", "replace").strip()[-2000:]
            raise RuntimeError(f"pdf.js could not read {self.path}: {error}")
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout:
            self.process.stdout.close()
        self.errors.close()


_SESSIONS: dict[tuple[Path, float], _Session] = {}


@atexit.register
def _close_sessions() -> None:
    while _SESSIONS:
        _SESSIONS.popitem()[1].close()


@lru_cache(maxsize=64)
def _ask(path: Path, stamp: float, request: str) -> dict:
    key = (path, stamp)
    if key not in _SESSIONS:
        _SESSIONS[key] = _Session(path)
    return _SESSIONS[key].ask(json.loads(request))


def read_pdfjs(path: Path, queries: tuple[str, ...] = ()) -> dict:
    """pdf.js's answer for the file as it is now: text items and marked content of every
    page, and the find controller's count for each query."""
    request = {"text": True, "marked": True} if not queries else {"find": list(queries)}
    answer = _ask(path, path.stat().st_mtime, json.dumps(request))
    return answer if not queries else {**read_pdfjs(path), **answer}


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
