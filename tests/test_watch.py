"""briefgen/watch.py: which saves count as a change of which input, one change set per burst."""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefgen.watch import (
    IN_CLOSE_WRITE,
    IN_MOVED_TO,
    IN_Q_OVERFLOW,
    ChangeSet,
    Event,
    WatchedInput,
    Watcher,
    WatchError,
    ignored_name,
    parse_events,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")

NOTHING = 0.15  # seconds to wait for a change that must not come


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fact base beside seeds/, templates/ (with a subfolder) and fonts/."""
    (tmp_path / "facts.toml").write_text("[brief]\n", encoding="utf-8")
    for folder in ("seeds", "templates/parts", "fonts"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "seeds" / "a.txt").write_text("seed", encoding="utf-8")
    (tmp_path / "templates" / "full.xml.j2").write_text("<doc/>", encoding="utf-8")
    (tmp_path / "templates" / "parts" / "macros.j2").write_text("", encoding="utf-8")
    (tmp_path / "fonts" / "Font.ttf").write_bytes(b"font")
    return tmp_path


def inputs(root: Path) -> list[WatchedInput]:
    return [WatchedInput("facts", root / "facts.toml"), WatchedInput("seeds", root / "seeds"),
            WatchedInput("templates", root / "templates", recursive=True),
            WatchedInput("fonts", root / "fonts")]


@pytest.fixture
def watcher(project: Path):
    with Watcher(inputs(project)) as watching:
        yield watching


def save_by_rename(path: Path, text: str) -> None:
    """An editor's save: the new text in a temporary file beside, renamed over the old."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_a_save_of_the_fact_base_by_rename_is_a_change_of_the_facts(project, watcher):
    save_by_rename(project / "facts.toml", "[brief]\nid = 'x'\n")
    change = watcher.wait(timeout=2)
    assert change is not None
    assert change.kinds == {"facts"}
    assert change.paths == [project / "facts.toml"]


def test_a_save_in_place_is_a_change_too(project, watcher):
    (project / "fonts" / "Font.ttf").write_bytes(b"other font")
    change = watcher.wait(timeout=2)
    assert change is not None and change.kinds == {"fonts"}


def test_other_files_beside_the_fact_base_are_not_a_change(project, watcher):
    (project / "notes.txt").write_text("not an input", encoding="utf-8")
    (project / ".facts.toml.swp").write_bytes(b"vim")
    assert watcher.wait(timeout=NOTHING) is None


def test_editors_by_products_in_a_watched_folder_are_not_a_change(project, watcher):
    for name in ("full.xml.j2~", ".full.xml.j2.swp", "4913", "#full.xml.j2#", "x.tmp"):
        (project / "templates" / name).write_text("", encoding="utf-8")
    assert watcher.wait(timeout=NOTHING) is None


def test_templates_are_watched_in_their_subfolders(project, watcher):
    save_by_rename(project / "templates" / "parts" / "macros.j2", "{# changed #}")
    change = watcher.wait(timeout=2)
    assert change is not None and change.kinds == {"templates"}
    assert project / "templates" / "parts" / "macros.j2" in change.paths


def test_a_new_subfolder_of_the_templates_is_watched_from_its_creation(project, watcher):
    (project / "templates" / "new").mkdir()
    assert watcher.wait(timeout=2).kinds == {"templates"}
    (project / "templates" / "new" / "more.j2").write_text("x", encoding="utf-8")
    change = watcher.wait(timeout=2)
    assert change is not None and project / "templates" / "new" / "more.j2" in change.paths


def test_a_burst_of_saves_is_one_change_set_naming_each_kind(project, watcher):
    (project / "seeds" / "a.txt").unlink()
    (project / "seeds" / "b.txt").write_text("new seed", encoding="utf-8")
    save_by_rename(project / "facts.toml", "[brief]\n")
    (project / "fonts" / "Font.ttf").write_bytes(b"x")
    change = watcher.wait(timeout=2)
    assert change is not None
    assert change.kinds == {"seeds", "facts", "fonts"}
    assert change.touches("seeds") and not change.touches("templates")
    assert watcher.wait(timeout=NOTHING) is None  # nothing left over for a second rebuild


def test_a_folder_replaced_by_a_rename_is_a_change_and_is_watched_again(project, watcher):
    staged = project / "fonts-new"
    staged.mkdir()
    (staged / "Font.ttf").write_bytes(b"new")
    os.rename(project / "fonts", project / "fonts-old")
    os.rename(staged, project / "fonts")
    change = watcher.wait(timeout=2)
    assert change is not None and change.kinds == {"fonts"}
    (project / "fonts" / "Font.ttf").write_bytes(b"newer")
    change = watcher.wait(timeout=2)
    assert change is not None and change.kinds == {"fonts"}


def test_two_inputs_in_one_folder_are_both_seen(tmp_path):
    (tmp_path / "facts.toml").write_text("", encoding="utf-8")
    with Watcher([WatchedInput("facts", tmp_path / "facts.toml"),
                  WatchedInput("seeds", tmp_path)]) as watcher:
        save_by_rename(tmp_path / "facts.toml", "x")
        change = watcher.wait(timeout=2)
    assert change is not None and change.kinds == {"facts", "seeds"}


def test_when_the_kernel_drops_events_every_input_counts_as_changed(project, watcher):
    change, saved = ChangeSet(), {}
    watcher._apply(Event(-1, IN_Q_OVERFLOW, ""), change, saved)
    assert change.overflow and change.kinds == {"facts", "seeds", "templates", "fonts"}
    assert saved == {None: False}  # a burst with lost events waits to be quiet


def _waits(watcher, monkeypatch) -> list[float | None]:
    """The timeouts the watcher polls with."""
    timeouts: list[float | None] = []
    real = watcher._readable

    def noting(timeout):
        timeouts.append(timeout)
        return real(timeout)

    monkeypatch.setattr(watcher, "_readable", noting)
    return timeouts


def test_a_save_by_rename_or_in_place_ends_its_burst_without_waiting_to_be_quiet(
        project, watcher, monkeypatch):
    watcher.quiet = 30.0  # would be seen: nothing waits for it
    timeouts = _waits(watcher, monkeypatch)
    save_by_rename(project / "facts.toml", "[brief]\nid = 'x'\n")
    assert watcher.wait(timeout=2).kinds == {"facts"}
    (project / "seeds" / "a.txt").write_text("seed again", encoding="utf-8")
    assert watcher.wait(timeout=2).kinds == {"seeds"}
    assert 30.0 not in timeouts and 0 in timeouts


def test_a_file_still_being_written_waits_for_the_burst_to_be_quiet(project, watcher,
                                                                    monkeypatch):
    watcher.quiet = 0.05
    timeouts = _waits(watcher, monkeypatch)
    with (project / "seeds" / "b.txt").open("w", encoding="utf-8") as new:
        new.write("half")  # created, not yet closed
        new.flush()
        change = watcher.wait(timeout=2)
    assert change.kinds == {"seeds"} and 0.05 in timeouts


def test_the_watcher_starts_no_thread(watcher):
    assert threading.active_count() == 1


def test_a_missing_folder_is_one_clear_error(tmp_path):
    with pytest.raises(WatchError, match=r"missing: cannot watch it: no such file or folder"):
        Watcher([WatchedInput("fonts", tmp_path / "missing")])


def test_events_are_read_from_the_kernels_buffer():
    def packed(wd: int, mask: int, name: bytes) -> bytes:
        padded = name + b"\0" * (16 - len(name)) if name else b""
        return struct.pack("iIII", wd, mask, 0, len(padded)) + padded

    buffer = packed(1, IN_MOVED_TO, "ملف.toml".encode()) + packed(-1, IN_Q_OVERFLOW, b"") + \
        packed(2, IN_CLOSE_WRITE, b"a.txt")
    assert parse_events(buffer) == [Event(1, IN_MOVED_TO, "ملف.toml"),
                                    Event(-1, IN_Q_OVERFLOW, ""), Event(2, IN_CLOSE_WRITE, "a.txt")]


def test_editors_by_products_are_named_as_such():
    assert all(map(ignored_name, ["a~", ".a.swp", "a.swx", "4913", ".hidden", "#a#", "a.tmp"]))
    assert not any(map(ignored_name, ["facts.toml", "full.xml.j2", "Font.ttf", "000_a.txt"]))


CHILD = """
import sys
from pathlib import Path
from briefgen.watch import Watcher, WatchedInput
with Watcher([WatchedInput("seeds", Path(sys.argv[1]))]) as watcher:
    print("watching", flush=True)
    for change in watcher:
        print(sorted(change.kinds), flush=True)
print("stopped, descriptor closed:", watcher.fileno() == -1, flush=True)
"""


def wait_until_polling(pid: int) -> None:
    """Until the process waits in poll() (its kernel wait channel says so), at most 5 s."""
    wchan = Path(f"/proc/{pid}/wchan")
    for _ in range(500):
        if "poll" in wchan.read_text():
            return
        time.sleep(0.01)


def test_ctrl_c_while_waiting_ends_the_watch_cleanly(project):
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(project / "seeds")],
                             cwd=Path(__file__).resolve().parent.parent, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == "watching\n"
        (project / "seeds" / "b.txt").write_text("x", encoding="utf-8")
        assert child.stdout.readline() == "['seeds']\n"
        wait_until_polling(child.pid)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=10)
    finally:
        child.kill()
    assert child.returncode == 0, err
    assert out == "stopped, descriptor closed: True\n"
    assert "Traceback" not in err
