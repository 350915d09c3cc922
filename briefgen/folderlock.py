"""One run at a time in an output folder: an exclusive flock on the folder's own descriptor.

The lock needs no file of its own (so it works in a folder that cannot be written, and no
other process can unlink it from under a waiter); the system drops it when the holding
process ends, however it ends. Forked writers inherit the descriptor: a writer that
outlives a killed run keeps the folder locked until it ends too. Where the system or the
file system has no such locks, runs are not kept apart.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from briefgen.errors import OutputError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

DEFAULT_WAIT = 60.0  # seconds a run waits for another one writing into the same folder
WAIT_VARIABLE = "BRIEFGEN_WAIT"
_POLL = 0.05
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def lock_folder(folder: Path, wait: float, check: Callable[[], None],
                notify: Callable[[str], None]) -> int:
    """An open descriptor of `folder`, locked. When another run holds the lock: say so
    through `notify`, then try again every 50 ms (calling `check`, which may raise, in
    between) for `wait` seconds, then OutputError. OSError when the folder cannot be
    opened."""
    fd = os.open(folder, os.O_RDONLY | _DIRECTORY)
    try:
        held = _try_lock(fd)
        if not held and wait > 0:
            notify(f"another run is writing into {folder}; waiting for it to finish "
                   f"(at most {wait:g} s: --wait SECONDS or {WAIT_VARIABLE} to change)")
        deadline = time.monotonic() + wait
        while not held:
            check()
            if time.monotonic() >= deadline:
                raise OutputError(f"{folder}: another run is still writing into this "
                                  f"folder after {wait:g} s; try again when it has "
                                  "finished, or wait longer with --wait SECONDS")
            time.sleep(_POLL)
            held = _try_lock(fd)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _try_lock(fd: int) -> bool:
    """True when the lock is now held, or there is no lock to take; False when another
    process holds it."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks
        return True
    return True


def unlock_folder(fd: int) -> None:
    """Release the lock and close the descriptor."""
    os.close(fd)
