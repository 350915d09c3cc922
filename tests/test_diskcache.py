"""diskcache: values derived from font files are computed once per machine; an entry that
does not hold what was stored (cut, emptied, damaged) is computed again, said once; entries
reach the disk before they are renamed into place."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import zipfile

import fontTools
import pytest
from conftest import MINI_FACTS, deadline

import briefgen.diskcache as diskcache
import briefgen.durable as durable
from briefgen.diskcache import cache_folder, cached_bytes, cached_bytes_unless_busy
from briefgen.pipeline import ROOT


def test_a_value_is_computed_once_then_read_from_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def compute() -> bytes:
        calls.append(1)
        return b"derived"

    assert cached_bytes("kind", "font-hash v1", compute) == b"derived"
    assert cached_bytes("kind", "font-hash v1", compute) == b"derived"
    assert len(calls) == 1
    [entry] = [p.read_bytes() for p in cache_folder("kind").iterdir()]
    assert entry == hashlib.sha256(b"derived").digest() + b"derived"  # checksum, value


@pytest.mark.parametrize("damage", [b"", b"\x00" * 40, "cut", "flipped"])
def test_a_damaged_entry_is_computed_again_and_said_once(
        tmp_path, monkeypatch, capsys: pytest.CaptureFixture[str], damage) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(diskcache, "_REPORTED", set())
    for key in ("one", "two"):
        cached_bytes("kind", key, lambda: b'["a value", 1, 2, 3]')
    for entry in cache_folder("kind").iterdir():
        data = entry.read_bytes()
        entry.write_bytes(data[:-5] if damage == "cut" else
                          data[:-1] + b"}" if damage == "flipped" else damage)
    for key in ("one", "two"):
        assert cached_bytes("kind", key, lambda: b'["a value", 1, 2, 3]') == b'["a value", 1, 2, 3]'
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"note: damaged entries in the cache "
                                               f"{cache_folder('kind')} (such as ")
    calls = []
    cached_bytes("kind", "one", lambda: calls.append(1) or b"")  # repaired: read, not computed
    assert calls == []


def test_an_entry_reaches_the_disk_before_its_rename(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(durable.os, "fsync",
                        lambda fd: events.append(("fsync", os.path.isdir(f"/proc/self/fd/{fd}")))
                        or real_fsync(fd))
    monkeypatch.setattr(durable.os, "replace",
                        lambda a, b: events.append(("rename", None)) or real_replace(a, b))
    cached_bytes("kind", "key", lambda: b"value")
    assert events == [("fsync", False), ("rename", None), ("fsync", True)]


def test_damaged_font_subsets_and_coverage_are_computed_again(tmp_path, monkeypatch) -> None:
    """Emptied subsets, cut coverage lists and compiled templates in the cache: the next run
    (a new process, which has nothing in memory) says so once per kind, and its DOCX embeds
    whole subsets."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    argv = [sys.executable, str(ROOT / "generate.py"), "--facts", str(MINI_FACTS), "--out",
            str(tmp_path / "out"), "--lang", "en", "--format", "docx"]
    assert subprocess.run(argv, capture_output=True).returncode == 0
    first = fonts_of(tmp_path / "out" / "mini.en.docx")
    assert all(len(data) > 10_000 for data in first.values())
    for entry in cache_folder("font-subsets").iterdir():
        entry.write_bytes(b"")
    for kind in ("font-coverage", "templates"):
        for entry in cache_folder(kind).iterdir():
            entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    done = subprocess.run(argv, capture_output=True, text=True)
    assert done.returncode == 0
    assert fonts_of(tmp_path / "out" / "mini.en.docx") == first
    notes = done.stderr.splitlines()
    assert sorted(note.split("cache ")[1].split(" ")[0].rsplit("/", 1)[1] for note in notes) == [
        "font-coverage", "font-subsets", "templates"]


def fonts_of(docx: object) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name.startswith("word/fonts/")}


def test_another_key_is_another_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached_bytes("kind", "font-hash v1", lambda: b"one")
    assert cached_bytes("kind", "font-hash v2", lambda: b"two") == b"two"
    assert len(list(cache_folder("kind").iterdir())) == 2


def test_an_unwritable_cache_is_not_used(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cached_bytes("kind", "key", lambda: b"value") == b"value"
    assert blocker.read_text() == "not a folder"


def test_no_temporary_file_is_left_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached_bytes("kind", "key", lambda: b"value", suffix=".bin")
    names = [p.name for p in cache_folder("kind").iterdir()]
    assert len(names) == 1 and names[0].endswith(".bin")


# A process that computes the value of "key" slowly (logging each computation), then prints it.
SLOW_COMPUTER = """
import sys, time
from pathlib import Path
from briefgen.diskcache import cached_bytes
def compute():
    with open(sys.argv[1], "a") as log:
        log.write("computed ")
    time.sleep(float(sys.argv[2]))
    return b"value"
print(cached_bytes("kind", "key", compute).decode())
"""


def slow_computer(tmp_path, seconds: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SLOW_COMPUTER, str(tmp_path / "log"),
                             str(seconds)], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_a_value_two_processes_ask_for_at_once_is_computed_once(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    processes = [slow_computer(tmp_path, 0.5) for _ in range(2)]
    outputs = [process.communicate()[0].strip() for process in processes]
    assert outputs == ["value", "value"]
    assert (tmp_path / "log").read_text().split() == ["computed"]
    assert [p.name for p in cache_folder("kind").iterdir() if p.suffix == ".lock"] == []


def test_a_value_being_computed_elsewhere_can_be_left_for_later(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    other = slow_computer(tmp_path, 1.5)
    deadline = time.monotonic() + 10
    while not (tmp_path / "log").exists():  # the other process holds the lock from here
        assert time.monotonic() < deadline, "the other process never started computing"
        time.sleep(0.02)
    assert cached_bytes_unless_busy("kind", "key", lambda: b"mine") is None
    assert cached_bytes_unless_busy("kind", "key", lambda: b"mine", wait=True) == b"value"
    assert other.communicate()[0].strip() == "value"


def test_a_packages_version_is_read_without_importing_it():
    code = ("import sys; from briefgen.diskcache import package_version; "
            "print(package_version('fontTools'), 'fontTools' in sys.modules, "
            "package_version('no_such_package_here'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.split()
    assert out == [f"fonttools-{fontTools.version}.dist-info", "False", "absent"]


@pytest.mark.parametrize("what", ["entry", "lock"])
def test_a_named_pipe_in_the_cache_is_not_waited_on(tmp_path, monkeypatch, what) -> None:
    """Where an entry or its lock file goes: the value is computed (a pipe as the entry is
    damage, said once, and replaced by the entry)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    entry = diskcache.entry_path("kind", "key")
    entry.parent.mkdir(parents=True)
    os.mkfifo(entry if what == "entry" else entry.with_name(entry.name + ".lock"))
    with deadline(20):
        assert cached_bytes("kind", "key", lambda: b"value") == b"value"
        assert cached_bytes("kind", "key", lambda: b"again") == b"value"
    assert entry.is_file()


@pytest.mark.parametrize("variable", ["relative/cache", ""])
def test_a_cache_home_that_is_not_absolute_is_ignored(tmp_path, monkeypatch, variable) -> None:
    """As the XDG specification says: ~/.cache is used, not a folder in the working one."""
    monkeypatch.setenv("XDG_CACHE_HOME", variable)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert cache_folder("kind") == tmp_path / "home" / ".cache" / "briefgen" / "kind"


def test_without_a_home_folder_no_cache_is_used(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> None:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(diskcache.Path, "home", no_home)
    calls = []
    for _ in range(2):
        assert cached_bytes("kind", "key", lambda: calls.append(1) or b"value") == b"value"
    assert calls == [1, 1]
