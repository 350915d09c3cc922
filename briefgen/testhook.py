"""Test hook: makes a dangerous moment of a real run reachable on purpose.

BRIEFGEN_TEST_HOOK="POINT:ACTION[,POINT:ACTION...]" (unset in normal use: hook() returns
at once). Points, in the order a run reaches them:
  started   generate.py's first lines, before it imports the command line (signals held
            back);
  locked    the output folder is locked (signals open);
  composing the records are read, the papers not yet composed (signals open; --check too);
  recorded  the edition's record is written into the work folder (signals recorded only);
  forked    a writer process has just been forked (in the parent, signals held back);
  child     in a writer process, before it lets signals in;
  writing   just before a writer starts writing (in its process; signals open);
  renamed   the first file of the edition has been renamed into place (signals held back).
Actions: SIGINT, SIGTERM, SIGHUP, SIGKILL (the process sends itself that signal),
pg-SIGINT and so on (to its whole process group), wait=DIR (create DIR/POINT.PID, then
wait until DIR/go exists, for at most a minute).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

VARIABLE = "BRIEFGEN_TEST_HOOK"


def hook(point: str) -> None:
    """Do what BRIEFGEN_TEST_HOOK asks at `point`, if anything."""
    spec = os.environ.get(VARIABLE)
    if not spec:
        return
    for item in spec.split(","):
        name, _, action = item.partition(":")
        if name != point:
            continue
        if action.startswith("wait="):
            folder = Path(action[5:])
            (folder / f"{point}.{os.getpid()}").touch()
            deadline = time.monotonic() + 60
            while not (folder / "go").exists() and time.monotonic() < deadline:
                time.sleep(0.005)
        elif action.startswith("pg-"):
            os.killpg(os.getpgrp(), signal.Signals[action[3:]])
        else:
            os.kill(os.getpid(), signal.Signals[action])
