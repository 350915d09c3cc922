"""Real signals sent to a real `generate.py` at the dangerous moments, and real runs racing
for one folder. An interrupt from generate.py's first line on (while the program loads
too) ends the run with its message, never a traceback. An interrupt before the commit
keeps the previous papers (exit 130, one line, no traceback from the run or its writers);
one during the commit lets it finish (exit 130, "the new papers are written"); SIGKILL
during it is finished by the next run; a second run waits for the first. Each moment is
reached on purpose through the test hook (briefgen/testhook.py)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI_FACTS, mini_copy

from briefgen.pipeline import ROOT, Options, build

KEPT = "error: interrupted; the previous papers are kept\n"
WRITTEN = "error: interrupted; the new papers are written\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Two fact bases giving the same file names and different papers ("old", "new"), and
    the English papers of each, built once: {"old": facts, "new": facts, "old-files": {name:
    bytes}, "new-files": ...}."""
    root = tmp_path_factory.mktemp("signals")
    new, _ = mini_copy(root, ('title.en = "The future of the international coalition in Iraq"',
                              'title.en = "The coalition in Iraq: a revised edition"'))
    found: dict[str, object] = {"old": MINI_FACTS, "new": new}
    for name in ("old", "new"):
        out = root / f"{name}-papers"
        build(Options(facts=found[name], out=out, langs=("en",)))  # type: ignore[arg-type]
        found[f"{name}-files"] = files(out)
    return found


def files(folder: Path) -> dict[str, bytes]:
    """Everything in the folder (hidden files and folders too), by name."""
    return {p.name: p.read_bytes() if p.is_file() else b"<folder>" for p in folder.iterdir()}


def previous_edition(tmp_path: Path, inputs: dict[str, object]) -> Path:
    """An output folder holding the old edition."""
    out = tmp_path / "out"
    out.mkdir()
    for name, data in inputs["old-files"].items():  # type: ignore[union-attr]
        (out / name).write_bytes(data)
    return out


def generate(facts: object, out: Path, *args: str, hook: str | None = None,
             ignored: str | None = None, **variables: str) -> subprocess.Popen[str]:
    """generate.py (English papers) in a process group of its own, with the test hook and
    other environment variables set, and the signal named `ignored` ignored, as `nohup`
    or a shell starting a background job leaves it."""
    env = {k: v for k, v in os.environ.items() if k != "BRIEFGEN_TEST_HOOK"} | variables
    if hook:
        env["BRIEFGEN_TEST_HOOK"] = hook

    def ignore() -> None:
        if ignored:
            signal.signal(signal.Signals[ignored], signal.SIG_IGN)

    return subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "--facts", str(facts), "--out", str(out),
         "--lang", "en", *args], env=env, cwd=ROOT, text=True, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=ignore)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def reached(folder: Path, point: str, count: int, process: subprocess.Popen[str]) -> None:
    """Wait until `count` processes of the run wait at `point` (test hook wait=folder)."""
    deadline = time.monotonic() + 30
    while len(list(folder.glob(f"{point}.*"))) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"never reached {point}"
        time.sleep(0.01)


@pytest.mark.parametrize("hook", ["started:SIGINT", "started:SIGTERM", "started:SIGHUP",
                                  "started:pg-SIGINT"])
def test_a_signal_as_generate_py_starts(tmp_path: Path, inputs: dict[str, object],
                                        hook: str) -> None:
    """The signal comes at generate.py's first lines, before it imports the command line:
    held back until the run's signal guard takes it."""
    out = previous_edition(tmp_path, inputs)
    assert finish(generate(inputs["new"], out, hook=hook)) == (130, "", KEPT)
    assert files(out) == inputs["old-files"]


# Runs generate.py as `python generate.py` does (as __main__), and writes a byte to the file
# descriptor $TELL_FD when it first imports the package: the moment after which no
# interrupt may give a traceback.
LOADING = """
import os, runpy, sys
told = []
def tell(event, args):
    if event == "import" and args[0] == "briefgen" and not told:
        told.append(True)
        os.write(int(os.environ["TELL_FD"]), b"x")
sys.addaudithook(tell)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_signal_while_the_program_loads(name: str) -> None:
    """At several delays after generate.py first imports the package (loading argparse, the
    command line, the pipeline and its libraries, then checking): each run ends with the
    message and 130, none with a traceback or killed by the signal."""
    for delay in (0, 0.001, 0.003, 0.01, 0.03):
        read, write = os.pipe()
        run = subprocess.Popen(
            [sys.executable, "-c", LOADING, str(ROOT / "generate.py"), "--facts",
             str(MINI_FACTS), "--check"], env=os.environ | {"TELL_FD": str(write)},
            pass_fds=(write,), cwd=ROOT, text=True, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(write)
        try:
            assert os.read(read, 1) == b"x"
        finally:
            os.close(read)
        time.sleep(delay)
        os.kill(run.pid, signal.Signals[name])
        assert finish(run) == (130, "", KEPT), delay


@pytest.mark.parametrize(("hook", "args"), [
    ("forked:SIGINT", ()), ("forked:SIGTERM", ()), ("forked:SIGHUP", ()),
    ("child:SIGTERM", ()),
    ("writing:SIGINT", ("--format", "pdf")),  # one file: its writer runs in the main process
], ids=["sigint-while-a-writer-is-forked", "sigterm-while-a-writer-is-forked",
        "sighup-while-a-writer-is-forked", "sigterm-in-a-writer-before-it-lets-signals-in",
        "sigint-while-writing-in-the-main-process"])
def test_a_signal_before_the_commit_is_not_swallowed(
        tmp_path: Path, inputs: dict[str, object], hook: str, args: tuple[str, ...]) -> None:
    out = previous_edition(tmp_path, inputs)
    assert finish(generate(inputs["new"], out, *args, hook=hook)) == (130, "", KEPT)
    assert files(out) == inputs["old-files"]


@pytest.mark.parametrize(("name", "group"), [("SIGINT", True), ("SIGTERM", True),
                                             ("SIGTERM", False)],
                         ids=["ctrl-c-to-the-group", "sigterm-to-the-group", "sigterm-to-the-run"])
def test_a_signal_while_the_writers_write(tmp_path: Path, inputs: dict[str, object], name: str,
                                          group: bool) -> None:
    """Ctrl-C reaches every process of the group, writers included: no traceback from any."""
    out = previous_edition(tmp_path, inputs)
    run = generate(inputs["new"], out, hook=f"writing:wait={tmp_path}")
    reached(tmp_path, "writing", 2, run)  # both writer processes
    (os.killpg if group else os.kill)(run.pid, signal.Signals[name])
    assert finish(run) == (130, "", KEPT)
    assert files(out) == inputs["old-files"]


@pytest.mark.parametrize("name", ["SIGHUP", "SIGINT"])
def test_a_signal_ignored_by_whoever_started_the_run_stays_ignored(
        tmp_path: Path, inputs: dict[str, object], name: str) -> None:
    """`nohup generate.py` (SIGHUP ignored), or a run a shell script put in the background
    (SIGINT ignored): that signal, sent to the whole group while the writers write, stops
    neither the run nor its writers."""
    out = previous_edition(tmp_path, inputs)
    run = generate(inputs["new"], out, hook=f"writing:wait={tmp_path}", ignored=name)
    reached(tmp_path, "writing", 2, run)
    os.killpg(run.pid, signal.Signals[name])
    time.sleep(0.1)
    (tmp_path / "go").touch()
    assert finish(run)[0::2] == (0, "")
    assert files(out) == inputs["new-files"]


def test_a_signal_between_two_renames_lets_the_commit_finish(
        tmp_path: Path, inputs: dict[str, object]) -> None:
    out = previous_edition(tmp_path, inputs)
    assert finish(generate(inputs["new"], out, hook="renamed:SIGTERM")) == (130, "", WRITTEN)
    assert files(out) == inputs["new-files"]


def test_sigkill_between_two_renames_is_finished_by_the_next_run(
        tmp_path: Path, inputs: dict[str, object]) -> None:
    out = previous_edition(tmp_path, inputs)
    killed = generate(inputs["new"], out, hook="renamed:SIGKILL")
    assert finish(killed)[0] == -signal.SIGKILL
    new, old = inputs["new-files"], inputs["old-files"]
    assert (out / "mini.en.pdf").read_bytes() == new["mini.en.pdf"]  # renamed before the kill
    assert (out / "mini.en.docx").read_bytes() == old["mini.en.docx"]
    # The next run, of the old facts and the PDF only, first finishes the killed commit.
    status, _, stderr = finish(generate(inputs["old"], out, "--format", "pdf"))
    assert status == 0
    assert "finished putting in place the 2 files of an interrupted run" in stderr
    assert files(out) == {"mini.en.pdf": old["mini.en.pdf"], "mini.en.docx": new["mini.en.docx"]}


def test_an_interrupted_first_run_into_new_folders_leaves_none(
        tmp_path: Path, inputs: dict[str, object]) -> None:
    run = generate(inputs["new"], tmp_path / "a" / "b" / "c", "--format", "pdf",
                   hook="writing:SIGTERM")
    assert finish(run) == (130, "", KEPT)
    assert list(tmp_path.iterdir()) == []


def test_a_run_killed_outright_leaves_nothing_behind_the_next_run(
        tmp_path: Path, inputs: dict[str, object]) -> None:
    out = previous_edition(tmp_path, inputs)
    killed = generate(inputs["new"], out, hook=f"writing:wait={tmp_path}")
    reached(tmp_path, "writing", 2, killed)
    os.killpg(killed.pid, signal.SIGKILL)  # no handler runs: its files stay in the work folder
    finish(killed)
    assert (out / ".briefgen").is_dir()
    assert finish(generate(inputs["old"], out))[0] == 0
    assert files(out) == inputs["old-files"]  # swept, same edition


def test_a_second_run_waits_for_the_first(tmp_path: Path, inputs: dict[str, object]) -> None:
    out = previous_edition(tmp_path, inputs)
    first = generate(inputs["old"], out, hook=f"locked:wait={tmp_path}")
    reached(tmp_path, "locked", 1, first)
    second = generate(inputs["new"], out)
    assert second.stderr is not None
    assert second.stderr.readline().startswith(f"note: another run is writing into {out}; "
                                               "waiting for it to finish (at most 60 s")
    assert second.poll() is None
    (tmp_path / "go").touch()
    assert finish(first)[0] == 0
    assert finish(second)[0] == 0
    assert files(out) == inputs["new-files"]  # the second run's edition, whole


def writing(out: Path, before: dict[str, bytes]) -> bool:
    """Whether a run is writing into `out` (something new is there: its work folder)."""
    return any(path.name not in before for path in out.iterdir())


def test_a_second_run_stops_after_its_wait(tmp_path: Path, inputs: dict[str, object]) -> None:
    """The first run is stopped (SIGSTOP) in the middle of writing; the second, with other
    facts, must not put its papers beside the first's: it waits, then gives up."""
    out = previous_edition(tmp_path, inputs)
    first = generate(inputs["new"], out)
    deadline = time.monotonic() + 30
    while not writing(out, inputs["old-files"]):  # type: ignore[arg-type]
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.002)
    os.killpg(first.pid, signal.SIGSTOP)
    try:
        status, _, stderr = finish(generate(inputs["old"], out, BRIEFGEN_WAIT="0.2"))
    finally:
        os.killpg(first.pid, signal.SIGCONT)
    assert status == 1
    note, error = stderr.splitlines()
    assert note.startswith("note: another run is writing into")
    assert error == (f"error: {out}: another run is still writing into this folder after "
                     "0.2 s; try again when it has finished, or wait longer with --wait SECONDS")
    assert finish(first)[0] == 0
    assert files(out) == inputs["new-files"]


def test_two_runs_racing_for_one_folder_leave_one_whole_edition(
        tmp_path: Path, inputs: dict[str, object]) -> None:
    for round_ in range(2):
        out = tmp_path / f"round-{round_}"
        runs = [generate(inputs[name], out) for name in ("old", "new")]
        assert [finish(run)[0] for run in runs] == [0, 0]
        assert files(out) in (inputs["old-files"], inputs["new-files"])
        shutil.rmtree(out)
