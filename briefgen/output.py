"""Staged output: files are written beside their final place and put there all at once.

prepare_folder() checks the output folder can be written and removes the temporary files
of runs that were killed (SIGKILL, power loss: no clean-up ran); temp_path() names a
temporary file beside a final one, with the writing process's id in its name; commit()
renames every temporary file onto its final name, all or none: when one rename fails, the
files already replaced are put back as they were.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from briefgen.errors import OutputError


def commit(moves: list[tuple[Path, Path]]) -> None:
    """Rename every temporary file onto its final name, all or none: when a rename fails,
    the files already renamed are put back as they were and OutputError is raised."""
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    umask = _umask()
    try:
        try:
            for temp, final in moves:
                if final.exists():
                    backups[final] = _backup(final)
                    mode = stat.S_IMODE(final.stat().st_mode)
                else:
                    mode = 0o666 & ~umask
                os.chmod(temp, mode)
                os.replace(temp, final)
                done.append(final)
        except OSError as exc:
            for final in reversed(done):
                if final in backups:
                    os.replace(backups.pop(final), final)
                else:
                    final.unlink(missing_ok=True)
            failed = moves[len(done)][1]
            raise OutputError(f"{failed}: cannot put the new file in place "
                              f"({exc.strerror or exc}); the previous files are kept") from None
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)


def _backup(final: Path) -> Path:
    """A second name (hard link, else a copy) for an existing file, beside it."""
    backup = temp_path(final, suffix=".old")
    backup.unlink()
    try:
        os.link(final, backup)
    except OSError:
        shutil.copy2(final, backup)
    return backup


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def prepare_folder(out: Path) -> Path:
    """The output folder, created if need be, checked writable and swept of the temporary
    files that killed runs left behind."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the output folder ({exc.strerror or exc}); "
                          "give a writable folder with --out") from None
    sweep_stale(out)
    return out


_TEMP_NAME = re.compile(r"^\..+\.(\d+)-[^.]+\.(?:tmp|old)$")


def sweep_stale(out: Path) -> list[Path]:
    """Remove the temporary files in `out` whose writing process has ended (their names
    carry its id); those of running processes stay. The files removed."""
    removed = []
    for path in out.iterdir():
        match = _TEMP_NAME.match(path.name)
        if match and not _running(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def temp_path(final: Path, suffix: str = ".tmp") -> Path:
    handle, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.{os.getpid()}-",
                                    suffix=suffix)
    os.close(handle)
    return Path(name)
