"""output: an edition is staged in the output folder's own work folder, recorded in a journal
before anything is written, put in place all or none, and durably; the next run finishes or
undoes a commit cut short; nothing but the program's own files is ever removed; one run at a
time holds the folder."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import deadline

import briefgen.output as output
from briefgen.errors import OutputError
from briefgen.journal import WORK, Journal, Move
from briefgen.output import Edition


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def edition_of(out: Path, files: dict[str, bytes]) -> None:
    """Commit `files` ({relative path: bytes}) into `out` through an Edition."""
    with Edition(out) as edition:
        finals = [out / name for name in files]
        temps = edition.reserve(finals)
        for temp, data in zip(temps, files.values(), strict=True):
            temp.write_bytes(data)
        edition.commit(list(zip(temps, finals, strict=True)))


def test_temporary_files_are_recorded_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with Edition(out) as edition:
        [temp] = edition.reserve([out / "paper.ar.pdf"])
        assert temp.parent == out / WORK and not temp.exists()
        [journal] = (out / WORK).glob("*.journal")
        recorded = json.loads(journal.read_bytes())
        assert recorded["state"] == "writing"
        assert recorded["moves"] == [{"temp": temp.name, "final": "paper.ar.pdf", "backup": None}]
        assert temp.name.startswith(recorded["token"] + ".")
        temp.write_bytes(b"new")
    assert names(tmp_path) == set()  # nothing committed: no folder left, not even out/


def test_a_commit_puts_every_file_in_place_and_leaves_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "out"
    edition_of(out, {"a.pdf": b"old a", "b.docx": b"old b"})
    edition_of(out, {"a.pdf": b"new a", "b.docx": b"new b", "records/edition-3.json": b"{}"})
    assert names(out) == {"a.pdf", "b.docx", "records"}
    assert (out / "a.pdf").read_bytes() == b"new a"
    assert (out / "records" / "edition-3.json").read_bytes() == b"{}"


def test_a_failed_rename_puts_back_files_and_folders(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    edition_of(out, {"a.pdf": b"old a", "b.docx": b"old b"})
    real = os.replace
    calls = []

    def flaky(src, dst) -> None:
        calls.append(Path(dst).suffix != ".journal")
        if calls.count(True) == 3:
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(output.os, "replace", flaky)
    with pytest.raises(OutputError, match=r"c\.pdf: cannot put the new file in place "
                                          r"\(Input/output error\); the previous papers are kept"):
        edition_of(out, {"a.pdf": b"new a", "sub/new.json": b"{}", "c.pdf": b"c"})
    assert names(out) == {"a.pdf", "b.docx"}
    assert (out / "a.pdf").read_bytes() == b"old a"


def test_a_folder_on_another_file_system_is_named(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """As when records/ is a symbolic link to another disk: every full run would fail there,
    and the message says why."""
    out = tmp_path / "out"
    edition_of(out, {"a.pdf": b"old a", "records/r.json": b"old r"})
    real = os.replace

    def across(src, dst) -> None:
        if Path(dst).parent.name == "records" and Path(src).suffix == ".tmp":
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real(src, dst)

    monkeypatch.setattr(output.os, "replace", across)
    with pytest.raises(OutputError) as caught:
        edition_of(out, {"a.pdf": b"new a", "records/r.json": b"new r"})
    assert str(caught.value) == (
        f"{out}/records/r.json: cannot put the new file in place (Invalid cross-device link; "
        f"{out}/records is on another file system than {out} (a symbolic link or a mount "
        "point), and a file can only be put in place on the output folder's own); the "
        "previous papers are kept")
    assert (out / "a.pdf").read_bytes() == b"old a"


def test_user_files_named_like_temporary_files_are_never_removed(tmp_path: Path) -> None:
    """Not even those with the old pattern (`.NAME.PID-x.tmp`, written beside the papers by
    versions before the work folder), a number taken for a process that has ended, nor
    files named as a run names its own in a folder named like the work folder that is not
    marked as the program's (no .gitignore of its own)."""
    out = tmp_path / "out"
    (out / WORK).mkdir(parents=True)
    ended = subprocess.Popen(["true"])
    ended.wait()
    theirs = [out / f".paper.ar.pdf.{ended.pid}-abc123.tmp", out / f".notes.{ended.pid}-x.old",
              out / ".hidden", out / WORK / "0123456789abcdef.0.tmp",
              out / WORK / "0123456789abcdef.journal.bak"]
    for path in theirs:
        path.write_bytes(b"keep")
    (out / f".draft.{ended.pid}-dir.tmp").mkdir()  # a folder named like a temporary file
    for _ in range(2):
        edition_of(out, {"a.pdf": b"a"})
    assert all(path.read_bytes() == b"keep" for path in theirs)
    assert (out / f".draft.{ended.pid}-dir.tmp").is_dir()


def killed_run(out: Path, state: str, renamed: int) -> Journal:
    """The work folder as a run left it when killed: a journal in `state`, two new files,
    the first `renamed` of them already in place, and one stray file of that run."""
    work = out / WORK
    work.mkdir(parents=True, exist_ok=True)
    (work / ".gitignore").write_bytes(output.IGNORE_ALL)
    journal = Journal(state=state)
    for number, name in enumerate(["a.pdf", "b.docx"]):
        move = Move(journal.name(f"{number}.tmp"), name)
        if (out / name).exists():
            move.backup = journal.name(f"{number}.old")
            os.link(out / name, work / move.backup)
        (work / move.temp).write_bytes(b"new " + name.encode())
        journal.moves.append(move)
    journal.save(work)
    (work / journal.name("next")).write_bytes(b"cut")
    for move in journal.moves[:renamed]:
        os.replace(work / move.temp, out / move.final)
    return journal


def test_a_commit_cut_short_is_finished_by_the_next_run(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    edition_of(out, {"a.pdf": b"old", "b.docx": b"old"})
    killed_run(out, "commit", renamed=1)
    with Edition(out):
        assert (out / "a.pdf").read_bytes() == b"new a.pdf"
        assert (out / "b.docx").read_bytes() == b"new b.docx"
    assert names(out) == {"a.pdf", "b.docx"}
    assert "finished putting in place the 2 files of an interrupted run" in capsys.readouterr().err


def test_a_one_file_commit_is_its_rename_and_a_kill_around_it_loses_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """No commit record for one file (a --watch rebuild of one paper): its rename is all or
    none; killed after it, the next run finds a journal still "writing" and only cleans."""
    out = tmp_path / "out"
    edition_of(out, {"a.pdf": b"old"})
    states = []
    real_save = Journal.save
    monkeypatch.setattr(Journal, "save", lambda self, work: (states.append(self.state),
                                                             real_save(self, work)))
    edition_of(out, {"a.pdf": b"new"})
    assert states == ["writing"] and (out / "a.pdf").read_bytes() == b"new"
    edition_of(out, {"a.pdf": b"a", "b.docx": b"b"})
    assert states[1:] == ["writing", "commit"]
    monkeypatch.undo()
    journal = killed_run(out, "writing", renamed=1)
    journal.moves.pop()  # as a one-file run left it: its file renamed, its journal "writing"
    journal.save(out / WORK)
    with Edition(out):
        assert (out / "a.pdf").read_bytes() == b"new a.pdf"
    assert names(out) == {"a.pdf", "b.docx"}
    assert "interrupted" not in capsys.readouterr().err


def test_a_commit_that_cannot_be_finished_blocks_no_later_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    journal = killed_run(out, "commit", renamed=0)
    journal.moves[1].final = "gone/b.docx"  # its folder removed since
    journal.state = "commit"
    journal.save(out / WORK)
    edition_of(out, {"c.pdf": b"c"})
    assert names(out) == {"a.pdf", "c.pdf"}


def test_a_rollback_cut_short_is_finished_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    edition_of(out, {"a.pdf": b"old"})
    killed_run(out, "rollback", renamed=2)  # b.docx did not exist before
    with Edition(out):
        assert names(out) == {"a.pdf", WORK}
        assert (out / "a.pdf").read_bytes() == b"old"


@pytest.mark.parametrize("state", ["writing", "cut"])
def test_files_of_a_run_killed_while_writing_are_removed(tmp_path: Path, state: str) -> None:
    out = tmp_path / "out"
    edition_of(out, {"a.pdf": b"old"})
    journal = killed_run(out, "writing", renamed=0)
    if state == "cut":  # power cut while the journal itself was written
        (out / WORK / journal.name("journal")).write_bytes(b'{"token": "')
    edition_of(out, {"c.pdf": b"c"})
    assert names(out) == {"a.pdf", "c.pdf"}
    assert (out / "a.pdf").read_bytes() == b"old"


def test_files_of_a_run_whose_journal_a_power_cut_lost_are_swept(tmp_path: Path) -> None:
    """The first journal state is not flushed: after a power cut a run's files can be there
    without it. The work folder is the program's (its marker, here emptied by the same
    power cut): the next run removes every file in it named as a run names its own, and
    nothing else, there or beside the papers."""
    out = tmp_path / "out"
    edition_of(out, {"a.pdf": b"old"})
    journal = killed_run(out, "writing", renamed=0)
    work = out / WORK
    (work / journal.name("journal")).unlink()
    (work / ".gitignore").write_bytes(b"")
    assert len(names(work)) == 5  # .gitignore, two new files, a second name of a.pdf, .next
    kept = [work / "notes.txt", work / "0123456789abcdef.0.tmp.bak",
            work / "0123456789ABCDEF.0.tmp", out / "0123456789abcdef.0.tmp"]
    for path in kept:
        path.write_bytes(b"keep")
    edition_of(out, {"c.pdf": b"c"})
    assert names(work) == {".gitignore", "notes.txt", "0123456789abcdef.0.tmp.bak",
                           "0123456789ABCDEF.0.tmp"}
    assert (work / ".gitignore").read_bytes() == output.IGNORE_ALL
    assert all(path.read_bytes() == b"keep" for path in kept)
    assert names(out) == {"a.pdf", "c.pdf", WORK, "0123456789abcdef.0.tmp"}
    assert (out / "a.pdf").read_bytes() == b"old"


def test_a_named_pipe_where_the_marker_goes_is_never_opened(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / WORK).mkdir(parents=True)
    os.mkfifo(out / WORK / ".gitignore")
    with deadline(20):
        edition_of(out, {"a.pdf": b"a"})
    assert names(out / WORK) == {".gitignore"}
    assert (out / "a.pdf").read_bytes() == b"a"


def test_files_reach_the_disk_before_the_renames_and_the_renames_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    edition_of(out, {"a.pdf": b"old"})
    events = []
    monkeypatch.setattr(output, "sync_file", lambda path: events.append(("file", path.name)))
    monkeypatch.setattr(output, "sync_folder", lambda path: events.append(("folder", path.name)))
    real = os.replace

    def replace(src, dst) -> None:
        events.append(("rename", Path(dst).name))
        real(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    with Edition(out) as edition:
        finals = [out / "a.pdf", out / "b.pdf"]
        temps = edition.reserve(finals)
        for temp in temps:
            temp.write_bytes(b"new")
        events.clear()
        edition.commit(list(zip(temps, finals, strict=True)))
    journal = temps[0].name.split(".")[0] + ".journal"  # its state "commit", atomically
    assert events == [("file", temps[0].name), ("file", temps[1].name), ("rename", journal),
                      ("folder", WORK), ("folder", "out"),  # the names of the files, the journal
                      ("rename", "a.pdf"), ("rename", "b.pdf"), ("folder", "out")]


def test_a_second_run_waits_for_the_lock_on_the_folder_then_stops(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = os.open(out, os.O_RDONLY)  # another open of the folder, as another process's
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        with pytest.raises(OutputError, match=r"out: another run is still writing into this "
                                              r"folder after 0\.2 s; try again when it has "
                                              r"finished, or wait longer with --wait SECONDS"):
            Edition(out, wait=0.2).__enter__()
    finally:
        os.close(holder)
    assert "note: another run is writing into" in capsys.readouterr().err
    edition_of(out, {"a.pdf": b"a"})  # released: the next run goes ahead


def test_a_file_where_the_work_folder_goes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / WORK).write_bytes(b"mine")
    with pytest.raises(OutputError, match=r"\.briefgen: this name is where briefgen keeps its "
                                          r"work files; move that file away"):
        edition_of(out, {"a.pdf": b"a"})
    assert (out / WORK).read_bytes() == b"mine"


def test_a_failed_first_run_leaves_no_folder_behind(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), Edition(tmp_path / "a" / "b" / "c") as edition:
        edition.reserve([tmp_path / "a" / "b" / "c" / "x.pdf"])
        raise RuntimeError
    assert names(tmp_path) == set()


def append_only(folder: Path) -> bool:
    """Mark a folder append-only (chattr +a): True when the system allowed it."""
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", "+a", str(folder)], capture_output=True).returncode == 0


def test_an_append_only_folder_gives_a_clear_message_and_blocks_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if not append_only(out):
        pytest.skip("chattr +a is not allowed here (needs CAP_LINUX_IMMUTABLE and ext4/tmpfs)")
    try:
        edition_of(out, {"a.pdf": b"first"})  # new names can be added
        for _ in range(2):  # replacing is refused, each time the same way
            with pytest.raises(OutputError, match=r"a\.pdf: cannot put the new file in place "
                                                  r"\(Operation not permitted; the file or its "
                                                  r"folder may be append-only or immutable: see "
                                                  r"lsattr -d .*/out .*/out/a\.pdf\); the "
                                                  r"previous papers are kept"):
                edition_of(out, {"a.pdf": b"second"})
            assert (out / "a.pdf").read_bytes() == b"first"
    finally:
        subprocess.run(["chattr", "-a", str(out)], check=True)
    edition_of(out, {"a.pdf": b"third"})
    assert names(out) == {"a.pdf"} and (out / "a.pdf").read_bytes() == b"third"
