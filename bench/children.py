"""The bench's children: run a command to completion, with its wall time, CPU time and
peak memory (its own: os.wait4 reads the child's resource usage, not earlier children's)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """One subprocess: wall time, peak resident memory, its output."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    stdout: str


def run_child(argv: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run argv to completion; its wall time and peak RSS (its own, not earlier children's)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed with status {proc.returncode}:\n{stderr}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,  # KiB on Linux
               stdout)
