"""Our watch latency: from the rename of the edited fact base to the rename of the last
file the watcher rewrites.

`generate.py --watch` runs on a copy of the fact base (beside a link to the seeds); an
editor's save is simulated (the new text written to a hidden file beside facts.toml and
renamed over it); the end of a round is the last rename into the output folder, seen as an
inotify event (IN_MOVED_TO) while the watcher's standard output is read for its line
"rebuilt <files> in <ms> ms", which closes the round.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from children import ROOT, run_child

ROUND_TIMEOUT = 60.0
REBUILT = re.compile(r"^rebuilt (.+) in ([\d.]+) ms\s*$")
WATCH_COMMAND = [sys.executable, str(ROOT / "generate.py"), "--watch", "--lang", "ar",
                 "--format", "pdf"]


def fact_base_copy(facts: Path, folder: Path, text: str) -> Path:
    """`text` as facts.toml in `folder`, beside a link to the real seeds."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "facts.toml"
    target.write_text(text, encoding="utf-8")
    seeds = folder / "seeds"
    if not seeds.exists():
        seeds.symlink_to((facts.parent / "seeds").resolve(), target_is_directory=True)
    return target


def save_by_rename(path: Path, text: str) -> float:
    """An editor's save: `text` into a hidden file beside `path`, renamed over it; the
    perf_counter time of the rename."""
    temp = path.with_name(f".{path.name}.bench-save")
    temp.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    os.replace(temp, path)
    return started


def has_watch() -> bool:
    """True when generate.py offers --watch."""
    help_text = run_child([sys.executable, str(ROOT / "generate.py"), "--help"]).stdout
    return "--watch" in help_text


class OurWatch:
    """A watcher (`command` + --facts, --out: `generate.py --watch` by default) on a copy of
    the fact base, its output folder under inotify."""

    def __init__(self, facts: Path, texts: tuple[str, str], work: Path,
                 command: list[str] = WATCH_COMMAND):
        """Watch a copy of `facts` holding texts[1]; each edit saves the other text."""
        sys.path.insert(0, str(ROOT))
        from briefgen.watch import IN_MOVED_TO, Inotify

        self.facts = fact_base_copy(facts, work / "watch", texts[1])
        self.texts = texts
        self.out = work / "watch-out"
        self.out.mkdir(parents=True, exist_ok=True)
        self.renames = Inotify()
        self.renames.add(self.out, IN_MOVED_TO)
        self.proc = subprocess.Popen(
            [*command, "--facts", str(self.facts), "--out", str(self.out)], cwd=ROOT,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.buffer = b""
        self.rounds = 0
        try:
            self._first_build()
        except BaseException:
            self.close()
            raise

    def _first_build(self) -> None:
        """Wait for the first build's PDF, then for the watcher to fall quiet."""
        deadline = time.monotonic() + ROUND_TIMEOUT
        while not any(p.suffix == ".pdf" for p in self.out.iterdir()):
            self._read(0.1)
            if time.monotonic() > deadline:
                raise RuntimeError("generate.py --watch wrote no PDF within a minute")
        while self._read(0.5):
            pass

    def _read(self, timeout: float) -> list[tuple[float, str]]:
        """Lines of the watcher's output and names renamed into the output folder in the
        next `timeout` seconds, each with the time it was seen ('' before a rename)."""
        stdout = self.proc.stdout
        assert stdout is not None
        ready, _, _ = select.select([stdout.fileno(), self.renames.fd], [], [], timeout)
        seen: list[tuple[float, str]] = []
        now = time.perf_counter()
        if self.renames.fd in ready:
            seen += [(now, f"renamed {e.name}") for e in self.renames.read()
                     if not e.name.startswith(".")]
        if stdout.fileno() in ready:
            chunk = os.read(stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("generate.py --watch ended: "
                                   + (self.proc.stderr.read().decode(errors="replace")
                                      if self.proc.stderr else ""))
            self.buffer += chunk
            *lines, rest = self.buffer.split(b"\n")
            self.buffer = rest
            seen += [(now, line.decode(errors="replace")) for line in lines]
        return seen

    def edit(self) -> tuple[float, float]:
        """Save the other fact base over the watched one; seconds from that rename to the
        rename of the last rewritten file, and the watcher's own figure."""
        started = save_by_rename(self.facts, self.texts[self.rounds % 2])
        self.rounds += 1
        last_rename, deadline = None, time.monotonic() + ROUND_TIMEOUT
        while time.monotonic() < deadline:
            for seen_at, what in self._read(1.0):
                if what.startswith("renamed "):
                    last_rename = seen_at
                elif (match := REBUILT.match(what)) and last_rename is not None:
                    for seen_at2, what2 in self._read(0.0):  # a rename queued before the line
                        if what2.startswith("renamed "):
                            last_rename = seen_at2
                    return last_rename - started, float(match.group(2)) / 1000
        raise RuntimeError("generate.py --watch did not report a rebuild within a minute")

    def close(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        self.renames.close()
