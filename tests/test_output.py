"""output: temporary files carry their writer's process id; those of killed runs are swept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from briefgen.output import prepare_folder, temp_path


def ended_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_temporary_name_carries_the_process_id(tmp_path: Path) -> None:
    temp = temp_path(tmp_path / "paper.ar.pdf")
    assert temp.name.startswith(f".paper.ar.pdf.{os.getpid()}-") and temp.name.endswith(".tmp")


def test_temporary_files_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    dead = ended_pid()
    stale = [tmp_path / f".paper.ar.pdf.{dead}-abc123.tmp",
             tmp_path / f".paper.en.docx.{dead}-xyz.old"]
    for path in stale:
        path.write_bytes(b"half a file")
    prepare_folder(tmp_path)
    assert not any(path.exists() for path in stale)


def test_temporary_files_of_running_processes_and_other_files_stay(tmp_path: Path) -> None:
    live = tmp_path / f".paper.ar.pdf.{os.getppid()}-abc123.tmp"  # our parent is running
    mine = temp_path(tmp_path / "paper.en.pdf")
    others = [tmp_path / ".hidden", tmp_path / "paper.ar.pdf", tmp_path / ".notes.1-x.txt"]
    for path in [live, *others]:
        path.write_bytes(b"keep")
    prepare_folder(tmp_path)
    assert live.exists() and mine.exists() and all(path.exists() for path in others)
