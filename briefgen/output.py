"""Staged output: the files of an edition are written aside and put in place all at once.

Edition (a context manager) is the output folder of one run:
 - on entry, the folder is made if need be (with any missing parents), locked against other
   runs (briefgen/folderlock.py), and an earlier run's interrupted commit is finished or
   undone (briefgen/journal.py); the run's files go into a work folder inside it, the
   program's own (named WORK and marked by a .gitignore that hides it from git), from
   which files left by runs whose journal a power cut lost are swept;
 - reserve() names a temporary file in the work folder for each final path (in the folder
   or a subfolder of it), recorded in the journal before anything is written to it;
 - commit() puts the new files in place, all or none: each is flushed to the disk, the
   journal marks the commit (unless there is one file: its rename is all or none by itself),
   and the renames run with SIGINT, SIGTERM and SIGHUP held back,
   so that a signal can only come before the commit (nothing renamed) or after it (all
   renamed); a rename that fails puts back the files already replaced. SIGKILL or a power
   cut during the renames is finished by the next run, from the journal;
 - on exit, the run's files in the work folder are removed (only those), and if nothing was
   committed, the folders the run made are removed again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

from briefgen.durable import sync_file, sync_folder
from briefgen.errors import OutputError, notice
from briefgen.folderlock import DEFAULT_WAIT, lock_folder, unlock_folder
from briefgen.interrupts import blocked
from briefgen.journal import WORK, Journal, Move, recover, remove_files, roll_back, sweep
from briefgen.testhook import hook

IGNORE_ALL = b"*\n"  # the work folder's .gitignore: git never shows what is in it


def _nothing() -> None:
    pass


class Edition:
    """The output folder of one run, from its preparation to its commit (see above)."""

    def __init__(self, out: Path, wait: float = DEFAULT_WAIT,
                 check: Callable[[], None] = _nothing,
                 notify: Callable[[str], None] = notice):
        self.out, self.work = out, out / WORK
        self.committed = False
        self._wait, self._check, self._notify = wait, check, notify
        self._journal = Journal()
        self._created: list[Path] = []  # folders this run made, outermost first
        self._fd: int | None = None
        self._unfinished = False  # a rollback that failed: its journal stays for the next run
        self._working = False  # the work folder is ready (this run's files may be in it)
        self._made_work = False  # this run made it (its name is not yet on the disk)

    def __enter__(self) -> Edition:
        try:
            self._open()
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _open(self) -> None:
        for _ in range(5):  # the folder may vanish while we wait (a failed first run)
            self._created += _make_folders(self.out)
            try:
                self._fd = lock_folder(self.out, self._wait, self._check, self._notify)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise _unwritable(self.out, exc) from None
            with contextlib.suppress(OSError):
                if os.path.samestat(os.fstat(self._fd), os.stat(self.out)):
                    break
            unlock_folder(self._fd)
            self._fd = None
        else:
            raise OutputError(f"{self.out}: the folder keeps disappearing; give a stable "
                              "folder with --out")
        hook("locked")
        if self.work.is_symlink() or (self.work.exists() and not self.work.is_dir()):
            raise OutputError(f"{self.work}: this name is where briefgen keeps its work "
                              "files; move that file away")
        self._working = True
        try:
            if not self.work.exists():
                self.work.mkdir()
                (self.work / ".gitignore").write_bytes(IGNORE_ALL)
                self._made_work = True
            done = recover(self.work, self.out)
            if _marked(self.work):
                sweep(self.work)
        except OSError as exc:
            raise _unwritable(self.out, exc) from None
        for what in done:
            self._notify(f"{self.out}: {what}")

    def reserve(self, finals: list[Path]) -> list[Path]:
        """A temporary file in the work folder for each final path, in order; recorded in
        the journal before this returns (may be called again: the journal then lists them
        all). OutputError when a folder stands where a file goes, or the folder cannot be
        written."""
        temps = []
        for final in finals:
            if final.is_dir():
                raise OutputError(f"{final}: a folder stands where the file goes; move it "
                                  "away or give another folder with --out")
            number = len(self._journal.moves)
            move = Move(self._journal.name(f"{number}.tmp"),
                        final.relative_to(self.out).as_posix())
            self._journal.moves.append(move)
            temps.append(self.work / move.temp)
        try:
            self._journal.save(self.work)
        except OSError as exc:
            raise _unwritable(self.out, exc) from None
        return temps

    def commit(self, moves: list[tuple[Path, Path]], stop: Callable[[], None] = _nothing) -> None:
        """Put each reserved temporary file onto its final path, all or none (see above).
        `stop` is called once the signals are held back and before anything is renamed: it
        may raise to keep the previous files. OutputError when the files cannot be put in
        place (the previous ones are then kept)."""
        journal = self._journal
        reserved = {self.work / move.temp: move for move in journal.moves}
        journal.moves = [reserved[temp] for temp, _ in moves]
        for (_, final), move in zip(moves, journal.moves, strict=True):
            if self.out / move.final != final:
                raise ValueError(f"{final} was not reserved for this temporary file")
        try:
            self._stage(journal)
        except OSError as exc:
            raise OutputError(f"{exc.filename or self.out}: cannot prepare the new files "
                              f"({exc.strerror or exc}); the previous papers are kept") from None
        with blocked():
            stop()
            if len(journal.moves) > 1:  # one rename is all or nothing by itself: a run
                # killed around it leaves the old file or the new one, and its journal says
                # "writing", so the next run only removes what is left in the work folder
                journal.state = "commit"
                try:
                    journal.save(self.work)
                    sync_folder(self.work)  # the names of the new files and of the journal
                    if self._made_work:
                        sync_folder(self.out)  # the work folder's own name
                except OSError as exc:
                    raise _unwritable(self.out, exc) from None
            renamed = 0
            try:
                for move in journal.moves:
                    os.replace(self.work / move.temp, self.out / move.final)
                    renamed += 1
                    hook("renamed")
            except OSError as exc:
                self._roll_back(renamed, journal.moves[renamed], exc)
            for folder in {(self.out / move.final).parent for move in journal.moves}:
                sync_folder(folder)
            self.committed = True

    def _stage(self, journal: Journal) -> None:
        """Make the final files' missing folders, give each new file the mode of the file it
        replaces (or of a new file), keep a second name of each file replaced, and flush the
        new files' bytes to the disk (their names follow with the journal's)."""
        umask = _umask()
        for move in journal.moves:
            final = self.out / move.final
            for folder in _make_folders(final.parent):
                journal.folders.append(folder.relative_to(self.out).as_posix())
            temp = self.work / move.temp
            if final.exists():
                mode = stat.S_IMODE(final.stat().st_mode)
                move.backup = move.temp.removesuffix(".tmp") + ".old"
                _second_name(final, self.work / move.backup)
            else:
                mode = 0o666 & ~umask
            os.chmod(temp, mode)
            sync_file(temp)

    def _roll_back(self, renamed: int, failed: Move, exc: OSError) -> None:
        """Put back the files of the first `renamed` moves; raise OutputError."""
        journal = self._journal
        journal.state = "rollback"
        reason = exc.strerror or str(exc)
        where = self.out / failed.final
        if exc.errno == errno.EPERM:
            reason += (f"; the file or its folder may be append-only or immutable: see "
                       f"lsattr -d {where.parent} {where}")
        elif exc.errno == errno.EXDEV:
            reason += (f"; {where.parent} is on another file system than {self.out} (a "
                       "symbolic link or a mount point), and a file can only be put in place "
                       "on the output folder's own")
        try:
            with contextlib.suppress(OSError):
                journal.save(self.work)
            roll_back(journal, self.work, self.out, renamed)
        except OSError:
            self._unfinished = True
            raise OutputError(f"{where}: cannot put the new file in place ({reason}); "
                              "the next run will put the previous files back") from None
        raise OutputError(f"{where}: cannot put the new file in place ({reason}); the "
                          "previous papers are kept") from None

    def _close(self) -> None:
        """Remove this run's files from the work folder, the work folder if empty, and the
        folders the run made if it committed nothing; release the lock."""
        try:
            if self._working and self.work.is_dir():
                if not self._unfinished:
                    remove_files(self.work, self._journal.token)
                _remove_work_folder(self.work)
            if not self.committed and not self._unfinished:
                made = [self.out / folder for folder in self._journal.folders]
                for folder in reversed(self._created + made):
                    with contextlib.suppress(OSError):
                        folder.rmdir()
        finally:
            if self._fd is not None:
                unlock_folder(self._fd)
                self._fd = None


def _make_folders(folder: Path) -> list[Path]:
    """Make `folder` and its missing parents; those made, outermost first."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():  # a folder, or a file that the next mkdir will name as the problem
            break
        missing.append(path)
    made = []
    try:
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:
                if not path.is_dir():
                    raise
                continue  # another run made it meanwhile
            made.append(path)
    except OSError as exc:
        for done in reversed(made):
            with contextlib.suppress(OSError):
                done.rmdir()
        if path.is_symlink():
            raise OutputError(f"{path}: a symbolic link to a folder that does not exist (or "
                              "to itself); make that folder or give another with --out") from None
        raise _unwritable(folder, exc) from None
    return made


def _unwritable(out: Path, exc: OSError) -> OutputError:
    return OutputError(f"{out}: cannot write the output folder ({exc.strerror or exc}); "
                       "give a writable folder with --out")


def _marked(work: Path) -> bool:
    """Whether the work folder holds its marker: a .gitignore as the program writes it,
    or emptied by a power cut (it is not flushed), which is then written again."""
    ignore = work / ".gitignore"
    try:
        if ignore.is_symlink() or not ignore.is_file():
            return False
        data = ignore.read_bytes()
        if not data:
            ignore.write_bytes(IGNORE_ALL)
    except OSError:
        return False
    return data in (b"", IGNORE_ALL)


def _remove_work_folder(work: Path) -> None:
    """Remove the work folder when nothing but its .gitignore is left in it."""
    ignore = work / ".gitignore"
    with contextlib.suppress(OSError):
        if ({p.name for p in work.iterdir()} == {".gitignore"} and _marked(work)
                and ignore.read_bytes() == IGNORE_ALL):
            ignore.unlink()
            try:
                work.rmdir()
            except OSError:
                ignore.write_bytes(IGNORE_ALL)


def _second_name(final: Path, backup: Path) -> None:
    """A hard link to the file, else a copy of it."""
    try:
        os.link(final, backup)
    except OSError:
        shutil.copy2(final, backup)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
