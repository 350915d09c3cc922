"""writers/diskcache: values derived from font files are computed once per machine."""

from __future__ import annotations

import subprocess
import sys
import time

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
    assert [p.read_bytes() for p in cache_folder("kind").iterdir()] == [b"derived"]


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
