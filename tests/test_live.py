"""`generate.py --watch` as an analyst runs it (briefgen/live.py): a real process, saves by
rename, its one line per rebuild, its files compared with those of a fresh run after the
same edit, bad input and its fix, Ctrl-C while waiting and during a rebuild."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI_FACTS, MINI_NEXT_FACTS

from briefgen.pipeline import ROOT, Options, build

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")

REBUILT = re.compile(r"^rebuilt (.+) in ([\d.]+) ms$")  # bench/watch_latency.py's contract
TIMEOUT = 60.0
EDIT = ("Iran-aligned armed groups begin their attacks",  # edition 3 (mini-next): a fact
        "Iran-aligned armed groups then begin their attacks")  # printed in the full paper only
MINI_EDIT = ("begins its work in Baghdad", "begins its work in Baghdad at last")  # edition 2


class Watching:
    """A `generate.py --watch` process and what it has said so far."""

    def __init__(self, *args: str, env: dict[str, str] | None = None):
        # faulthandler on: a watcher that does not end is made to say where it is (stop())
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "generate.py"), "--watch", *args], cwd=ROOT,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=(os.environ if env is None else env) | {"PYTHONFAULTHANDLER": "1"})
        self.out: list[str] = []
        self.err = ""
        self._buffers = {"out": b"", "err": b""}

    def _read(self, timeout: float) -> None:
        streams = {s.fileno(): name for s, name in ((self.proc.stdout, "out"),
                                                   (self.proc.stderr, "err")) if s}
        ready, _, _ = select.select(list(streams), [], [], timeout)
        for fd in ready:
            chunk = os.read(fd, 65536)
            if chunk:
                self._buffers[streams[fd]] += chunk
        *lines, self._buffers["out"] = self._buffers["out"].split(b"\n")
        self.out += [line.decode() for line in lines]
        self.err += self._buffers["err"].decode(errors="replace")
        self._buffers["err"] = b""

    def line(self) -> str:
        """The next line on standard output."""
        seen = len(self.out)
        deadline = time.monotonic() + TIMEOUT
        while len(self.out) == seen:
            assert self.proc.poll() is None, f"the watcher ended: {self.err}"
            assert time.monotonic() < deadline, f"no line within {TIMEOUT} s: {self.err}"
            self._read(0.1)
        return self.out[seen]

    def said(self, text: str) -> None:
        """Wait until standard error holds `text`."""
        deadline = time.monotonic() + TIMEOUT
        while text not in self.err:
            assert self.proc.poll() is None, f"the watcher ended: {self.err}"
            assert time.monotonic() < deadline, f"{text!r} not said: {self.err}"
            self._read(0.1)

    def stop(self, signum: int = signal.SIGINT) -> int:
        """Send `signum`; the exit status (what is left of the output read). A watcher that
        has not ended within TIMEOUT is a failure that shows where each of its threads was
        (SIGABRT to its faulthandler) and what it said."""
        self.proc.send_signal(signum)
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            state = _signal_state(self.proc.pid)
            self.proc.send_signal(signal.SIGABRT)
            self.proc.wait(timeout=TIMEOUT)
            self._read(1)
            raise AssertionError(f"the watcher did not end within {TIMEOUT} s of "
                                 f"{signal.Signals(signum).name} ({state}); it said:\n{self.err}") from None
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self._read(0)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                rest = stream.read()
                self.err += rest.decode(errors="replace") if stream is self.proc.stderr else ""
                stream.close()
        return self.proc.returncode


def _signal_state(pid: int) -> str:
    """The process's signal masks and open descriptors, as /proc gives them."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fds = {fd: os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    except OSError as exc:
        return f"no /proc state: {exc}"
    masks = [line for line in status.splitlines() if line.startswith(("Sig", "ShdPnd"))]
    return "; ".join(masks) + f"; descriptors {fds}"


def save_by_rename(path: Path, text: str) -> None:
    """An editor's save: the text written beside the file, then renamed over it."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def edited(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def identities(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file under `folder` by name: (inode, modification time in ns)."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def edition_3(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture's edition 3 fact base (seeds beside it) and an output folder holding
    edition 2 (its record, so that edition 3's papers have changes, redlines and a record
    of their own): (facts.toml, the folder)."""
    base = tmp_path / "base"
    base.mkdir()
    for name in ("facts.toml", "spellings.toml"):
        shutil.copy(MINI_NEXT_FACTS.parent / name, base / name)
    shutil.copytree(MINI_FACTS.parent / "seeds", base / "seeds")
    out = tmp_path / "briefs"
    build(Options(facts=MINI_FACTS, out=out, papers=("full", "summary")))
    return base / "facts.toml", out


def test_a_rebuild_writes_the_files_a_fresh_run_writes_after_the_same_edit(
        edition_3: tuple[Path, Path], tmp_path: Path) -> None:
    facts, out = edition_3
    fresh = tmp_path / "fresh"
    shutil.copytree(out, fresh)
    watching = Watching("--brief", "all", "--facts", str(facts), "--out", str(out))
    try:
        first = watching.line()
        assert first.startswith("built ") and "mini.ar.redline.docx" in first
        before = identities(out)
        save_by_rename(facts, edited(facts, *EDIT))
        line = watching.line()
    finally:
        assert watching.stop() == 0
    match = REBUILT.match(line)
    assert match, line
    rewritten = {Path(name).name for name in match.group(1).split(", ")}
    # the English full paper, its redline and the edition's record; nothing in Arabic, no
    # summary (it prints no fact's text)
    assert rewritten == {"mini.en.pdf", "mini.en.docx", "mini.en.redline.docx",
                         "mini.edition-3.json"}
    after = identities(out)
    assert {name for name in after if after[name] != before.get(name)} == {
        "mini.en.pdf", "mini.en.docx", "mini.en.redline.docx", "records/mini.edition-3.json"}
    build(Options(facts=facts, out=fresh, papers=("full", "summary")))
    watched, expected = contents(out), contents(fresh)
    assert sorted(watched) == sorted(expected)
    assert [name for name in expected if watched[name] != expected[name]] == []


@pytest.mark.parametrize(("old", "new", "said"), [
    ('edition_date = "', 'edition_date = "not a date ', "edition_date: "),  # the loader's
    # the check's, from the session's check process: told as a single run tells it
    ('quote = "', 'quote = "لم يرد هذا في البذرة ', "quote of "),
], ids=["load", "check"])
def test_bad_input_keeps_the_last_good_files_and_a_fix_rebuilds(
        tmp_path: Path, old: str, new: str, said: str) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI_FACTS.parent, root)
    facts, out = root / "facts.toml", tmp_path / "briefs"
    good = facts.read_text(encoding="utf-8")
    watching = Watching("--lang", "en", "--format", "docx", "--facts", str(facts),
                        "--out", str(out))
    try:
        assert watching.line().startswith("built ")
        kept = contents(out)
        broken = good.replace(old, new, 1)
        save_by_rename(facts, broken)
        watching.said("still watching")
        line = next(n for n, text in enumerate(broken.splitlines(), 1) if new in text)
        assert f"facts.toml:{line}: {said}" in watching.err
        assert "Traceback" not in watching.err
        assert contents(out) == kept
        save_by_rename(facts, good.replace("Iraq", "Iraq (fixed)", 1))
        assert REBUILT.match(watching.line())
    finally:
        status = watching.stop()
    assert status == 0
    assert contents(out) != kept
    assert "stopped watching" in watching.err and "Traceback" not in watching.err


def test_a_save_that_changes_nothing_printed_rewrites_nothing(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI_FACTS.parent, root)
    facts, out = root / "facts.toml", tmp_path / "briefs"
    watching = Watching("--lang", "ar", "--facts", str(facts), "--out", str(out))
    try:
        watching.line()
        before = identities(out)
        save_by_rename(facts, facts.read_text(encoding="utf-8") + "\n# a comment\n")
        assert watching.line().startswith("nothing to rewrite: the files are up to date (")
    finally:
        watching.stop()
    assert identities(out) == before


def test_the_watcher_has_one_thread_and_ctrl_c_ends_it_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    watching = Watching("--facts", str(MINI_FACTS), "--lang", "en", "--format", "pdf",
                        "--out", str(out))
    try:
        watching.line()
        watching.said("for changes (Ctrl-C to stop)")
        status = Path(f"/proc/{watching.proc.pid}/status").read_text()
        assert re.search(r"^Threads:\s+1$", status, re.M)  # it may fork: no thread
        pid = watching.proc.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        assert len(children) == 1  # the session's check process, forked at its start
    finally:
        code = watching.stop()
    assert code == 0
    assert not Path(f"/proc/{children[0]}").exists()  # ended with the session
    assert watching.err.endswith("stopped watching\n")
    assert "Traceback" not in watching.err and "error" not in watching.err


def test_ctrl_c_during_a_rebuild_keeps_the_previous_files(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI_FACTS.parent, root)
    facts, out, gate = root / "facts.toml", tmp_path / "briefs", tmp_path / "gate"
    gate.mkdir()
    (gate / "go").touch()  # the first build writes at once; the rebuild waits at the gate
    env = os.environ | {"BRIEFGEN_TEST_HOOK": f"writing:wait={gate}"}
    watching = Watching("--facts", str(facts), "--lang", "en", "--format", "docx",
                        "--out", str(out), env=env)
    try:
        watching.line()
        kept = contents(out)
        for marker in gate.glob("writing.*"):  # the first build's: wait for the rebuild's own
            marker.unlink()
        (gate / "go").unlink()
        save_by_rename(facts, edited(facts, *MINI_EDIT))
        deadline = time.monotonic() + TIMEOUT
        while not list(gate.glob("writing.*")):
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        status = watching.stop()
    assert status == 130
    assert watching.err.endswith("error: interrupted; the previous papers are kept\n")
    assert "Traceback" not in watching.err
    assert contents(out) == kept


def test_a_session_that_starts_on_bad_input_waits_for_the_fix(tmp_path: Path) -> None:
    """--watch --check: the first check fails, the session stays, the fix is checked."""
    root = tmp_path / "mini"
    shutil.copytree(MINI_FACTS.parent, root)
    facts = root / "facts.toml"
    good = facts.read_text(encoding="utf-8")
    facts.write_text(good.replace("[[facts]]", "[[fact]]", 1), encoding="utf-8")
    watching = Watching("--check", "--facts", str(facts), "--out", str(tmp_path / "briefs"))
    try:
        watching.said("still watching: fix the input and save")
        assert "unknown table 'fact'" in watching.err
        save_by_rename(facts, good)
        assert re.match(r"checked in [\d.]+ ms: ok, 9 facts, 2 sources, 13 quotes",
                        watching.line())
    finally:
        assert watching.stop() == 0
    assert not (tmp_path / "briefs").exists()


def test_a_session_collects_garbage_between_rebuilds_not_inside_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """watch() keeps a build's collector thresholds for the whole session (no build's end
    sets off a collection) and collects after each rebuild, its line printed: all objects
    after the first build, the young ones after the others."""
    import contextlib
    import gc

    from briefgen import live
    from briefgen.interrupts import SignalGuard
    from briefgen.pipeline import BULK_THRESHOLDS
    from briefgen.watch import ChangeSet

    seen: list[object] = []
    changes = [ChangeSet({"facts"}), ChangeSet({"facts"}), None]

    @contextlib.contextmanager
    def watcher(*_: object, **__: object):
        yield type("Watcher", (), {"inputs": []})()

    monkeypatch.setattr(live, "Watcher", watcher)
    monkeypatch.setattr(live, "_next_change", lambda *_: changes.pop(0))
    monkeypatch.setattr(live, "_rebuild", lambda *_: seen.append(gc.get_threshold()) or True)
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda generation=2: seen.append(generation)
                        or real_collect(generation))
    before = gc.get_threshold()
    with SignalGuard() as guard:
        assert live.watch(Options(out=tmp_path / "out"), guard, lambda _: True) == 0
    assert seen == [BULK_THRESHOLDS, 2, BULK_THRESHOLDS, 1, BULK_THRESHOLDS, 1]
    assert gc.get_threshold() == before
