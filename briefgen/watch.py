"""Watch the inputs of a build for changes: inotify on their folders, no threads.

A folder is watched rather than a file, so that an editor's save by rename (write a
temporary file beside it, rename it over the old one) is seen as a change of the file. A
burst of events (a save, a `git checkout`) is gathered into one ChangeSet: after the first
event, events are read until none has come for `quiet` seconds (or `longest` has passed).
The inotify descriptor is read with poll() in the calling thread: a process that forks
its writers later must not start threads.

    with Watcher([WatchedInput("facts", Path("facts.toml")),
                  WatchedInput("templates", Path("templates"), recursive=True)]) as watcher:
        for change in watcher:  # ends, the descriptor closed, on Ctrl-C while waiting
            print(change.kinds)

Linux only (libc's inotify_init1 and inotify_add_watch through ctypes; importing ctypes
costs 3 ms, a package such as inotify_simple 20 ms). Imports nothing of the package but
its errors.
"""

from __future__ import annotations

import ctypes
import errno
import os
import select
import struct
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import BriefError

# inotify(7)
IN_CLOSE_WRITE = 0x00000008  # a file opened for writing was closed
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_Q_OVERFLOW = 0x00004000
IN_IGNORED = 0x00008000
IN_ONLYDIR = 0x01000000
IN_ISDIR = 0x40000000
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = os.O_CLOEXEC
FOLDER_EVENTS = (IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
                 | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
EVENT_HEADER = struct.Struct("iIII")  # wd, mask, cookie, len (of the name that follows)

# editors' and tools' by-products beside the files they save: not a change of an input
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part")
VIM_PROBE = "4913"  # vim creates and deletes this file to test that a folder is writable


class WatchError(BriefError):
    """A watched input cannot be watched (missing folder, inotify unavailable or out of
    watches). Its message names the folder and what to do."""


@dataclass(frozen=True)
class WatchedInput:
    """One input of the build: `kind` names it in change sets ("facts", "templates",
    "fonts", "seeds"); `path` is a file (its folder is watched, and only its name counts)
    or a folder (every file in it; with `recursive`, in its subfolders too). An `optional`
    file may be missing: its folder is watched for it to appear."""

    kind: str
    path: Path
    recursive: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Event:
    """One inotify event: the watch it came from, its mask, the name in the folder."""

    wd: int
    mask: int
    name: str


@dataclass
class ChangeSet:
    """What changed in one burst of events: the kinds of input touched, the paths seen
    (in order of first event); `overflow` when the kernel dropped events (then every kind
    is in `kinds`)."""

    kinds: set[str] = field(default_factory=set)
    paths: list[Path] = field(default_factory=list)
    overflow: bool = False

    def touches(self, kind: str) -> bool:
        """True when an input of this kind changed."""
        return kind in self.kinds

    def add(self, kind: str, path: Path) -> None:
        self.kinds.add(kind)
        if path not in self.paths:
            self.paths.append(path)


def parse_events(buffer: bytes) -> list[Event]:
    """The events in a buffer read from an inotify descriptor."""
    events, offset = [], 0
    while offset + EVENT_HEADER.size <= len(buffer):
        wd, mask, _cookie, length = EVENT_HEADER.unpack_from(buffer, offset)
        start = offset + EVENT_HEADER.size
        raw = buffer[start:start + length].split(b"\0", 1)[0]
        events.append(Event(wd, mask, os.fsdecode(raw)))
        offset = start + length
    return events


def ignored_name(name: str) -> bool:
    """True for the temporary and backup files that editors write beside what they save."""
    return (name.startswith((".", "#")) or name.endswith(IGNORED_SUFFIXES)
            or name == VIM_PROBE)


class Inotify:
    """The kernel's inotify through libc (already loaded in the process: no library
    search): a non-blocking descriptor, watches added with a mask, events read."""

    def __init__(self) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        if not hasattr(self.libc, "inotify_init1"):
            raise WatchError("cannot watch for changes here: inotify is Linux's; "
                             "run without --watch")
        fd = self.libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            raise WatchError(f"cannot watch for changes: inotify_init1: "
                             f"{os.strerror(ctypes.get_errno())}")
        self.fd = fd

    def add(self, folder: Path, mask: int = FOLDER_EVENTS) -> int:
        """Watch a folder for the events of `mask`; its watch descriptor (the same for the
        same folder)."""
        wd = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), mask)
        if wd < 0:
            error = ctypes.get_errno()
            hint = ("raise fs.inotify.max_user_watches (sysctl)" if error == errno.ENOSPC
                    else "check that the folder exists and can be read")
            raise WatchError(f"{folder}: cannot watch this folder: {os.strerror(error)}; "
                             f"{hint}")
        return wd

    def read(self) -> list[Event]:
        """The events waiting on the descriptor (none: an empty list)."""
        try:
            return parse_events(os.read(self.fd, 64 * 1024))
        except BlockingIOError:
            return []

    def remove(self, wd: int) -> None:
        self.libc.inotify_rm_watch(self.fd, wd)  # fails harmlessly for a watch already gone

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


@dataclass(frozen=True)
class _Place:
    """A watched folder and the input it serves; `only` a file name when the input is one
    file of the folder."""

    folder: Path
    watched: WatchedInput
    only: str | None

    def counts(self, name: str) -> bool:
        return name == self.only if self.only else not ignored_name(name)


class Watcher:
    """Watches the folders of the given inputs; iterate for ChangeSets (see the module)."""

    def __init__(self, inputs: Iterable[WatchedInput], quiet: float = 0.005,
                 longest: float = 0.25):
        self.inputs = list(inputs)
        self.quiet, self.longest = quiet, longest
        self._inotify = Inotify()
        self._places: dict[int, list[_Place]] = {}  # watch descriptor -> what it serves
        try:
            for watched in self.inputs:
                if not watched.path.exists() and not watched.optional:
                    raise WatchError(f"{watched.path}: cannot watch it: no such file or folder; "
                                     "check the path given for it")
                if watched.path.is_dir():
                    self._watch_tree(watched.path, watched)
                else:  # a file: its folder, that name only
                    self._watch(_Place(watched.path.parent, watched, watched.path.name))
        except BaseException:
            self.close()
            raise

    # ----------------------------------------------------------------- set-up

    def _watch(self, place: _Place) -> None:
        places = self._places.setdefault(self._inotify.add(place.folder), [])
        if place not in places:
            places.append(place)

    def _watch_tree(self, folder: Path, watched: WatchedInput) -> None:
        self._watch(_Place(folder, watched, None))
        if watched.recursive:
            for sub in sorted(p for p in folder.rglob("*") if p.is_dir()):
                if not any(ignored_name(part) for part in sub.relative_to(folder).parts):
                    self._watch(_Place(sub, watched, None))

    def fileno(self) -> int:
        """The inotify descriptor (for a caller's own poll)."""
        return self._inotify.fd

    def close(self) -> None:
        """Stop watching (the descriptor is closed; the kernel drops every watch)."""
        self._inotify.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- reading

    def __iter__(self) -> Iterator[ChangeSet]:
        """Change sets, one per burst of events, for ever; on KeyboardInterrupt while
        waiting, the descriptor is closed and the iteration ends."""
        try:
            while True:
                change = self.wait()
                if change is not None:
                    yield change
        except KeyboardInterrupt:
            self.close()

    def wait(self, timeout: float | None = None) -> ChangeSet | None:
        """The next change set of the watched inputs; None if none came within `timeout`
        seconds (None: wait as long as it takes). Events that touch no input (an editor's
        swap file, another file beside the fact base) are read and dropped."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._readable(left):
                return None
            change = self._gather()
            if change.kinds:
                return change

    def _readable(self, timeout: float | None) -> bool:
        poller = select.poll()
        poller.register(self._inotify.fd, select.POLLIN)
        return bool(poller.poll(None if timeout is None else int(timeout * 1000)))

    def _gather(self) -> ChangeSet:
        """Read events until the burst is over: none for `quiet` seconds, or `longest`; at
        once when nothing more has come and every input the burst touched was last saved
        whole (closed after writing, or renamed into place): an editor's save by rename
        then starts its rebuild without waiting `quiet` for nothing."""
        change = ChangeSet()
        saved: dict[Path | None, bool] = {}  # per input touched: its last event a whole save
        ends = time.monotonic() + self.longest
        while True:
            for event in self._inotify.read():
                self._apply(event, change, saved)
            left = ends - time.monotonic()
            if saved and all(saved.values()) and not self._readable(0):
                return change
            if left <= 0 or not self._readable(min(self.quiet, left)):
                return change

    def _apply(self, event: Event, change: ChangeSet, saved: dict[Path | None, bool]) -> None:
        if event.mask & IN_Q_OVERFLOW:  # events were lost: anything may have changed
            change.overflow = True
            saved[None] = False
            for watched in self.inputs:
                change.add(watched.kind, watched.path)
            return
        if event.mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF):
            saved[None] = False
            self._lost(event.wd, change)
            return
        for place in self._places.get(event.wd, ()):
            if not place.counts(event.name):
                continue
            path = place.folder / event.name
            if place.watched.recursive and event.mask & IN_ISDIR and \
                    event.mask & (IN_CREATE | IN_MOVED_TO) and path.is_dir():
                self._watch_tree(path, place.watched)  # a new subfolder: watch it too
            change.add(place.watched.kind, path)
            saved[path] = not event.mask & IN_ISDIR and bool(
                event.mask & (IN_CLOSE_WRITE | IN_MOVED_TO))

    def _lost(self, wd: int, change: ChangeSet) -> None:
        """A watched folder was removed or renamed away: a change of its inputs, and watched
        again when a folder stands at its path (one replaced by a rename)."""
        places = self._places.pop(wd, [])
        if places:
            self._inotify.remove(wd)
        for place in places:
            change.add(place.watched.kind, place.folder)
            if place.folder.is_dir():
                try:
                    if place.only:
                        self._watch(place)
                    else:
                        self._watch_tree(place.folder, place.watched)
                except WatchError:
                    pass  # gone again: the next build reports the missing input
