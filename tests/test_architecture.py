"""Imports run one way: model and text import nothing of the package but errors (and the
model); writers never import each other, compose or facts; editions (records and what
changed) import no compose and no writer; only pipeline sees every part."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "briefgen"


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("briefgen")}


MODULES = sorted(PACKAGE.rglob("*.py"))
# What the process-level utilities may use of each other: signals, the test hook, fsync.
PROCESS_UTILITIES = ("briefgen.interrupts", "briefgen.testhook", "briefgen.durable")


def allowed(module: Path) -> tuple[str, ...]:
    parts = module.relative_to(PACKAGE).parts
    if parts[0] in ("model.py", "errors.py"):
        return ("briefgen.errors", "briefgen.model")
    if parts[0] == "text":
        return ("briefgen.errors", "briefgen.model", "briefgen.text")
    if parts[0] == "facts":
        return ("briefgen.errors", "briefgen.text", "briefgen.facts", "briefgen.tomlfile",
                "briefgen.textfile", "briefgen.memo")
    if parts[0] == "editions":  # records of editions and what changed: no compose, no writer
        return ("briefgen.errors", "briefgen.model", "briefgen.text", "briefgen.facts",
                "briefgen.editions", "briefgen.tomlfile", "briefgen.textfile")
    if parts[0] == "history.py":  # the pipeline's use of the records
        return ("briefgen.errors", "briefgen.model", "briefgen.facts", "briefgen.editions")
    if parts[0] == "compose":
        return ("briefgen.errors", "briefgen.model", "briefgen.text", "briefgen.facts",
                "briefgen.compose", "briefgen.tomlfile", "briefgen.textfile", "briefgen.diskcache",
                "briefgen.memo")
    if parts[0] == "writers" and len(parts) > 2:  # inside one writer's package
        own = f"briefgen.writers.{parts[1]}"
        return ("briefgen.errors", "briefgen.model", "briefgen.text", own,
                "briefgen.writers.fonts", "briefgen.writers.base", "briefgen.diskcache",
                "briefgen.memo", "briefgen.forked")
    # utilities: nothing of the package
    if parts[0] in ("watch.py", "interrupts.py", "testhook.py", "durable.py", "memo.py"):
        return ("briefgen.errors",)
    if parts[0] == "diskcache.py":
        return ("briefgen.errors", "briefgen.textfile", *PROCESS_UTILITIES)
    if parts[0] in ("forked.py", "folderlock.py", "journal.py"):
        return ("briefgen.errors", *PROCESS_UTILITIES)
    if parts[0] == "writers":
        return ("briefgen.errors", "briefgen.model", "briefgen.text", "briefgen.writers",
                "briefgen.diskcache", "briefgen.textfile")
    if parts[0] == "tomlfile.py":
        return ("briefgen.errors", "briefgen.textfile")
    if parts[0] == "textfile.py":
        return ("briefgen.errors",)
    if parts[0] == "output.py":
        return ("briefgen.errors", "briefgen.folderlock", "briefgen.journal", *PROCESS_UTILITIES)
    if parts[0] == "cli.py":  # the command line sees the pipeline only (and sets the guard)
        return ("briefgen.errors", "briefgen.pipeline", "briefgen.folderlock",
                "briefgen.interrupts", "briefgen.live")
    return ("briefgen",)  # the pipeline sees every part


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(module):
    bad = {name for name in imports_of(module) if not name.startswith(allowed(module))}
    assert not bad, f"{module.name} must not import {bad}"


def test_the_check_sees_every_module():
    assert len(MODULES) > 20
