"""checkaside: the check run beside the build gives the report, or raises the problems, the
check in this process would have; a failed build gives way to the check's own problems. A
`--watch` session's check process checks what the build loaded, keeps nothing of the
build's process busy, and gives way to a check here when it cannot check that."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import mini_copy

from briefgen.checkaside import (
    ASIDE_NICENESS,
    Checking,
    CheckProcess,
    CheckRequest,
    check_process,
)
from briefgen.compose.render import STRINGS_FILE
from briefgen.errors import InputError, InternalError, Problem
from briefgen.facts.check import check_facts
from briefgen.facts.load import load_facts
from briefgen.memo import digest
from briefgen.pipeline import ROOT, Options, Warm, build

PROBLEM = Problem(Path("facts.toml"), 3, "a quote is not in its seed")


def failing() -> None:
    raise InputError([PROBLEM])


def test_the_check_runs_in_another_process_and_its_report_comes_back():
    checking = Checking(os.getpid, aside=True)
    assert checking.report() not in (None, os.getpid())


def test_the_check_beside_the_run_yields_to_the_writers():
    """It runs at a lower priority than the process that forked it (the writers' own)."""
    here = os.getpriority(os.PRIO_PROCESS, 0)
    there = Checking(lambda: os.getpriority(os.PRIO_PROCESS, 0), aside=True).report()
    assert there == min(here + ASIDE_NICENESS, 19)


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


# --------------------------------------------------------------- a session's check process

BAD_QUOTE = ("quote = \"", "quote = \"لم يرد هذا في البذرة ")


def request_for(facts: Path) -> CheckRequest:
    return CheckRequest(facts, digest(facts.read_bytes()), ("ar", "en"), facts.parent / "seeds",
                        ROOT / "templates" / STRINGS_FILE)


@pytest.fixture
def checks() -> Iterator[CheckProcess]:
    with check_process(True) as process:
        assert process is not None
        yield process


def test_a_sessions_check_runs_in_its_check_process_not_here(
        tmp_path: Path, checks: CheckProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    facts, _ = mini_copy(tmp_path)
    expected = check_facts(load_facts(facts), facts, facts.parent / "seeds",
                           ROOT / "templates" / STRINGS_FILE)

    def here(*_: object) -> None:
        raise AssertionError("checked in the build's process")

    monkeypatch.setattr("briefgen.facts.check.check_facts", here)  # the process has its own
    result = build(Options(facts=facts, out=tmp_path / "out", jobs=1), warm=Warm(checks=checks))
    assert result.report == expected and result.written


def test_the_check_process_finds_what_the_check_here_finds_and_nothing_is_written(
        tmp_path: Path, checks: CheckProcess) -> None:
    facts, text = mini_copy(tmp_path)
    out, warm = tmp_path / "out", Warm(checks=checks)
    build(Options(facts=facts, out=out, jobs=1), warm=warm)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    facts.write_text(text.replace(*BAD_QUOTE, 1), encoding="utf-8")
    warm.saw({"facts"})
    with pytest.raises(InputError) as served:
        build(Options(facts=facts, out=out, jobs=1), warm=warm)
    with pytest.raises(InputError) as here:
        build(Options(facts=facts, out=tmp_path / "here", jobs=1), warm=Warm())
    assert served.value.problems == here.value.problems
    assert any("not found in" in problem.message for problem in served.value.problems)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_fact_base_saved_again_since_the_build_loaded_it_is_checked_here(
        tmp_path: Path, checks: CheckProcess) -> None:
    facts, _ = mini_copy(tmp_path)
    stale = request_for(facts)
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# saved again\n", encoding="utf-8")
    assert Checking(os.getpid, aside=False, served=(checks, stale)).report() == os.getpid()
    fresh = Checking(os.getpid, aside=False, served=(checks, request_for(facts))).report()
    assert fresh.quotes == 13  # a report of the check process, not this process's id


def test_when_the_check_process_has_ended_the_build_checks_here(
        tmp_path: Path, checks: CheckProcess) -> None:
    facts, _ = mini_copy(tmp_path)
    checks.stop()
    assert Checking(os.getpid, aside=False, served=(checks, request_for(facts))).report() \
        == os.getpid()


def test_a_check_process_killed_while_checking_is_an_internal_error_of_the_check(
        tmp_path: Path, checks: CheckProcess) -> None:
    facts, _ = mini_copy(tmp_path)
    checking = Checking(os.getpid, aside=False, served=(checks, request_for(facts)))
    os.kill(checks.pid, signal.SIGKILL)
    with pytest.raises(InternalError, match="fact-base check"):
        checking.report()
    assert not checks.ask(request_for(facts))  # from then on, the build checks here


def test_an_interrupt_ends_the_check_process_without_waiting_for_it(
        tmp_path: Path, checks: CheckProcess) -> None:
    facts, _ = mini_copy(tmp_path)
    checking = Checking(os.getpid, aside=False, served=(checks, request_for(facts)))
    checking.failed(KeyboardInterrupt())
    assert checks.answer()[0] == "crashed"
