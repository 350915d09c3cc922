#!/usr/bin/env python3
"""What the text layer and the tags (issues 13 and 14) cost the Arabic PDF process.

`python generate.py --lang ar --format pdf` of this checkout against the same command of
the edition-1 head (commit a26cc4e, before both issues), each as users run it (a fresh
process, interpreter start included), run alternately so that a busy spell of the machine
hits both alike; the best of --runs each is kept, of wall time and of CPU time (user and
system, which a busy machine moves less). Both run with this checkout's Python and
packages, each with its own warm cache folder (a first run fills it, not measured), after
their bytecode is written (as pip does). The target: at most 10% more.

    python bench/textlayer_cost.py [--runs 10] [--base a26cc4e] [--now COMMIT]
                                   [--json PATH]

--now measures a commit instead of this checkout (e.g. the last one before a merge brought
other work, such as a larger fact base, into the comparison).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "a26cc4e"
TARGET = 1.10
COMMAND = ["generate.py", "--lang", "ar", "--format", "pdf"]


def checkout(commit: str, into: Path) -> Path:
    """The files of `commit` (git archive) in `into`; the fact base and fonts come with it."""
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run_once(tree: Path, out: Path, cache: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system, from os.wait4) of one generator process in
    `tree`: on a busy machine the CPU time moves less than the wall time."""
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(cache), "HOME": str(cache)}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *COMMAND, "--out", str(out)], cwd=tree, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"generate.py failed in {tree} (exit {child.returncode})")
    return wall, usage.ru_utime + usage.ru_stime


def measure(runs: int, base: str, now: str | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="textlayer-cost-") as tmp:
        work = Path(tmp)
        trees = {"base": checkout(base, work / "base"),
                 "now": checkout(now, work / "now") if now else ROOT}
        for name, tree in trees.items():
            compileall.compile_dir(tree / "briefgen", quiet=1)
            run_once(tree, work / f"out-{name}", work / f"cache-{name}")  # fills the cache
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for _ in range(runs):
            for name, tree in trees.items():
                times[name].append(run_once(tree, work / f"out-{name}", work / f"cache-{name}"))
    wall = {name: min(w for w, _ in values) for name, values in times.items()}
    cpu = {name: min(c for _, c in values) for name, values in times.items()}
    return {"base_commit": base, "now_commit": now or "working tree", "runs": runs,
            "best_base_s": round(wall["base"], 3), "best_now_s": round(wall["now"], 3),
            "ratio": round(wall["now"] / wall["base"], 3),
            "best_base_cpu_s": round(cpu["base"], 3), "best_now_cpu_s": round(cpu["now"], 3),
            "cpu_ratio": round(cpu["now"] / cpu["base"], 3), "target_ratio": TARGET,
            "all_s": {k: [[round(w, 3), round(c, 3)] for w, c in vs] for k, vs in times.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--now", help="a commit to measure instead of this checkout")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = measure(args.runs, args.base, args.now)
    verdict = "PASS" if figures["ratio"] <= TARGET else "FAIL"
    print(f"Arabic PDF process, best of {args.runs} alternating: {figures['best_base_s']:.3f} s at "
          f"{args.base}, {figures['best_now_s']:.3f} s at {figures['now_commit']}: "
          f"x{figures['ratio']:.3f} (target x{TARGET:.2f}) {verdict}; CPU time "
          f"{figures['best_base_cpu_s']:.3f} s against {figures['best_now_cpu_s']:.3f} s: "
          f"x{figures['cpu_ratio']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
