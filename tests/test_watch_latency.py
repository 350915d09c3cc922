"""bench/watch_latency.py: the harness times a watcher from the rename of the edited fact
base to the rename of the last file it rewrites (a stand-in watcher keeps the contract:
one line "rebuilt <files> in <ms> ms" per rebuild)."""

from __future__ import annotations

import sys
import time

import pytest

from briefgen.pipeline import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import watch_latency  # bench/ is a folder of scripts, not a package

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")

# A watcher that keeps the contract of `generate.py --watch`: a first build, then per save
# of the fact base one rebuild (a file written beside its place and renamed into it, after
# DELAY seconds of "work") and one line saying so.
STAND_IN = """
import argparse, os, sys, time
from pathlib import Path
from briefgen.watch import Watcher, WatchedInput
parser = argparse.ArgumentParser()
parser.add_argument("--facts", type=Path)
parser.add_argument("--out", type=Path)
parser.add_argument("--delay", type=float)
args = parser.parse_args()

def build():
    started = time.perf_counter()
    time.sleep(args.delay)
    temp = args.out / ".paper.ar.pdf.part"
    temp.write_bytes(b"%PDF " + args.facts.read_bytes())
    os.replace(temp, args.out / "paper.ar.pdf")
    return 1000 * (time.perf_counter() - started)

build()
with Watcher([WatchedInput("facts", args.facts)]) as watcher:
    for change in watcher:
        print(f"rebuilt paper.ar.pdf in {build():.1f} ms", flush=True)
"""
DELAY = 0.05
AFTER_RENAME = 0.001  # seconds: the watcher's figure taken after its rename, and rounded


@pytest.fixture
def watch(tmp_path):
    command = [sys.executable, "-c", STAND_IN, "--delay", str(DELAY)]  # run in the repository
    watching = watch_latency.OurWatch(ROOT / "facts.toml", ("edited = 1\n", "original = 1\n"),
                                      tmp_path / "work", command)
    yield watching
    watching.close()


def test_a_round_runs_from_the_save_to_the_last_rename(watch):
    for expected in ("edited", "original", "edited"):
        started = time.perf_counter()
        latency, reported = watch.edit()
        # the watcher's own figure is its build, from its start to just after its last
        # rename: within a round that ends at that rename and starts before the save's
        # event (which the watcher takes at once, with no wait to be quiet after it)
        assert DELAY <= reported < latency + AFTER_RENAME
        assert latency < time.perf_counter() - started
        assert (watch.out / "paper.ar.pdf").read_bytes() == f"%PDF {expected} = 1\n".encode()


def test_the_fact_base_is_a_copy_beside_the_seeds(watch):
    assert watch.facts.read_text(encoding="utf-8") == "original = 1\n"
    assert (watch.facts.parent / "seeds").resolve() == (ROOT / "seeds").resolve()
    assert (ROOT / "facts.toml").read_text(encoding="utf-8") != "original = 1\n"


def test_the_watcher_is_ended_by_ctrl_c(watch):
    watch.close()
    assert watch.proc.returncode == 0


def test_the_rebuilt_line_gives_the_watchers_own_figure():
    match = watch_latency.REBUILT.match("rebuilt briefs/x.ar.pdf, briefs/x.ar.docx in 41.5 ms")
    assert match and match.group(1) == "briefs/x.ar.pdf, briefs/x.ar.docx"
    assert float(match.group(2)) == 41.5
