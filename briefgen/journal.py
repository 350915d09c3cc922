"""The journal of an edition: what a run writes and renames, so that the next run can finish
or undo a commit that SIGKILL or a power cut stopped half way.

It lives in the output folder's work folder (WORK, ignored by git), named after a random
token that also starts the name of every file the run puts there: `<token>.journal`,
`<token>.<n>.tmp` (a new file), `<token>.<n>.old` (a second name of the file it replaces).
Its states: "writing" (the files are being written: nothing is in place yet), "commit"
(every new file is complete and on disk: the renames may have begun), "rollback" (a rename
failed: the files already renamed are being put back). The first state is written before
any other file of the run exists (if a power cut leaves it cut, it still reads as
"writing"); a later one is written to `<token>.next`, flushed, and renamed over the
journal, so it is whole.

recover() reads the journals that earlier runs left, finishes a commit ("commit"), undoes
a rollback ("rollback") or does nothing ("writing"), then removes that run's files: only
files whose names start with a token it finds in a journal's name. A power cut can lose the
first journal state (it is not flushed: it only serves this clean-up) and keep the files
written after it; sweep() then removes files named exactly as a run names its own
(`<16 hex digits>.journal`, `.next`, `.<n>.tmp`, `.<n>.old`). Nothing else in the folder,
whatever its name, is ever removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from briefgen.durable import sync_folder, write_synced

WORK = ".briefgen"  # the work folder inside the output folder
_TOKEN = re.compile(r"[0-9a-f]{16}")
_RUN_FILE = re.compile(r"[0-9a-f]{16}\.(?:journal|next|\d+\.tmp|\d+\.old)")


@dataclass
class Move:
    """One file of the edition: its temporary name in the work folder, its final path
    (relative to the output folder, '/'-separated) and, once known, the name in the work
    folder of a second link to the file it replaces."""

    temp: str
    final: str
    backup: str | None = None


@dataclass
class Journal:
    """What one run writes, and how far its commit went."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))
    state: str = "writing"
    moves: list[Move] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # made for final files, outermost first

    def name(self, suffix: str) -> str:
        """A name for a file of this run in the work folder."""
        return f"{self.token}.{suffix}"

    def save(self, work: Path) -> None:
        """Write the journal. The first state is written as it is: it only lets a later run
        clean up, and is read as "writing" even if a power cut leaves it cut. A later state
        is written to `<token>.next`, flushed, and renamed over the journal; the caller
        flushes the work folder before relying on it."""
        data = json.dumps(asdict(self), ensure_ascii=False).encode()
        path = work / self.name("journal")
        if self.state == "writing":
            path.write_bytes(data)
        else:
            temp = work / self.name("next")
            write_synced(temp, data)
            os.replace(temp, path)


def load(path: Path) -> Journal | None:
    """The journal at `path`, or None when it is cut or not one of ours."""
    try:
        data = json.loads(path.read_bytes())
        journal = Journal(token=data["token"], state=data["state"],
                          moves=[Move(**move) for move in data["moves"]],
                          folders=list(data["folders"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    names = [m.temp for m in journal.moves] + [m.backup or "" for m in journal.moves]
    paths = [m.final for m in journal.moves] + journal.folders
    if (journal.token != path.name.removesuffix(".journal")
            or not all(n == "" or (n.startswith(journal.token + ".") and "/" not in n)
                       for n in names)
            or not all(_inside(p) for p in paths)):
        return None
    return journal


def _inside(relative: str) -> bool:
    parts = PurePosixPath(relative).parts
    return bool(parts) and not relative.startswith("/") and ".." not in parts


def recover(work: Path, out: Path) -> list[str]:
    """Finish or undo the commits that earlier runs left in `work` and remove their files;
    what was done, one phrase per run that needed more than a clean-up."""
    done = []
    for path in sorted(work.glob("*.journal")):
        token = path.name.removesuffix(".journal")
        if not _TOKEN.fullmatch(token):
            continue
        journal = load(path)
        if journal is not None and journal.state == "commit":
            roll_forward(journal, work, out)
            done.append(f"finished putting in place the {len(journal.moves)} files of an "
                        "interrupted run")
        elif journal is not None and journal.state == "rollback":
            roll_back(journal, work, out)
            done.append("put back the files an interrupted run had replaced")
        remove_files(work, token)
    return done


def roll_forward(journal: Journal, work: Path, out: Path) -> None:
    """Rename every new file still waiting in the work folder into place (one whose place
    has gone since, with its folder, is given up: it must not stop every later run)."""
    for move in journal.moves:
        temp = work / move.temp
        if temp.is_file():
            with contextlib.suppress(OSError):
                os.replace(temp, out / move.final)
    _sync_parents(journal, out)


def roll_back(journal: Journal, work: Path, out: Path, renamed: int | None = None) -> None:
    """Put back the previous files of the moves already renamed (the first `renamed` ones;
    when unknown, after a kill, those whose new file has left the work folder, each as far
    as it can be); remove the folders made. OSError when a known one cannot be put back."""
    moves = journal.moves if renamed is None else journal.moves[:renamed]
    for move in reversed(moves):
        if renamed is None and (work / move.temp).exists():
            continue  # never renamed
        try:
            _put_back(move, work, out)
        except OSError:
            if renamed is not None:  # in the run itself, which reports it
                raise
    for folder in reversed(journal.folders):
        with contextlib.suppress(OSError):
            (out / folder).rmdir()
    _sync_parents(journal, out)


def _put_back(move: Move, work: Path, out: Path) -> None:
    """The previous file of one move back in place (none if there was none)."""
    final = out / move.final
    if move.backup is None:
        final.unlink(missing_ok=True)
    elif (work / move.backup).exists():
        os.replace(work / move.backup, final)


def _sync_parents(journal: Journal, out: Path) -> None:
    for folder in {(out / move.final).parent for move in journal.moves}:
        sync_folder(folder)


def remove_files(work: Path, token: str) -> None:
    """Remove the files of one run from the work folder, its journal last; folders and
    anything else are left alone."""
    for path in work.iterdir():
        if path.name.startswith(token + ".") and path.name != f"{token}.journal":
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink():
                    path.unlink()
    (work / f"{token}.journal").unlink(missing_ok=True)


def sweep(work: Path) -> int:
    """Remove the files of runs whose journal is lost (see above) from the work folder,
    once every journal in it is dealt with and while no other run can write into it (the
    caller holds the output folder's lock); how many were removed."""
    removed = 0
    for path in work.iterdir():
        if _RUN_FILE.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed
