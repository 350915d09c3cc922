"""checkaside: the check run beside the build gives the report, or raises the problems, the
check in this process would have; a failed build gives way to the check's own problems."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import mini_copy

from briefgen.checkaside import Checking
from briefgen.errors import InputError, Problem
from briefgen.pipeline import Options, build

PROBLEM = Problem(Path("facts.toml"), 3, "a quote is not in its seed")


def failing() -> None:
    raise InputError([PROBLEM])


def test_the_check_runs_in_another_process_and_its_report_comes_back():
    checking = Checking(os.getpid, aside=True)
    assert checking.report() not in (None, os.getpid())


def test_without_aside_the_check_runs_here_at_once():
    assert Checking(os.getpid, aside=False).report() == os.getpid()


def test_the_checks_problems_are_raised_here_as_they_were_there():
    with pytest.raises(InputError) as raised:
        Checking(failing, aside=True).report()
    assert raised.value.problems == [PROBLEM]


def test_a_failed_build_gives_way_to_the_checks_problems():
    checking = Checking(failing, aside=True)
    with pytest.raises(InputError):
        checking.failed(RuntimeError("the writer fell over on bad input"))
    Checking(os.getpid, aside=True).failed(RuntimeError("not the check's fault"))  # nothing


def test_an_interrupt_ends_the_check_without_waiting_for_it():
    checking = Checking(lambda: time.sleep(30), aside=True)
    started = time.monotonic()
    checking.failed(KeyboardInterrupt())
    assert time.monotonic() - started < 5


def test_a_run_with_bad_input_writes_nothing_and_says_what_the_check_found(tmp_path):
    facts, _ = mini_copy(tmp_path)
    out = tmp_path / "briefs"
    build(Options(facts=facts, out=out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad, _ = mini_copy(tmp_path / "bad", ("quote = \"", "quote = \"لم يرد هذا في البذرة "))
    with pytest.raises(InputError, match="quote"):
        build(Options(facts=bad, out=out, jobs=2))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_build_whose_check_runs_aside_never_loads_the_check_here(tmp_path):
    """The check's modules (some 25 ms to import) load in the checking process only: the
    report that comes back is read without them."""
    import subprocess
    import sys

    facts, _ = mini_copy(tmp_path)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefgen.pipeline import Options, build\n"
        f"build(Options(facts=Path({str(facts)!r}), out=Path({str(tmp_path / 'out')!r}),"
        " langs=('en',), formats=('pdf',), jobs=2))\n"
        "print('briefgen.facts.check' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], check=True)
    assert done.stdout.strip() == "False"
