"""forked: tasks run in processes forked for them, a few at a time."""

from __future__ import annotations

import os
import time

import pytest

from briefgen.forked import CRASHED, can_fork, run_forked

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork on this system")

DATA = ["first", "second", "third", "fourth"]  # the tasks read their inputs from memory


def test_every_task_reports_its_outcome_by_index():
    outcomes = run_forked(lambda i: ("pages", (DATA[i], os.getpid())), [3, 1, 0, 2], jobs=2)
    assert sorted(outcomes) == [0, 1, 2, 3]
    assert [outcomes[i][1][0] for i in range(4)] == DATA
    pids = {outcomes[i][1][1] for i in range(4)}
    assert len(pids) == 4 and os.getpid() not in pids  # one fresh process per task


def test_no_more_than_jobs_run_at_once():
    def task(i: int):
        start = time.monotonic()
        time.sleep(0.2)
        return "pages", (start, time.monotonic())

    spans = [span for _, span in run_forked(task, [0, 1, 2, 3], jobs=2).values()]
    most = max(sum(1 for start, end in spans if start <= t < end) for t, _ in spans)
    assert most == 2


def test_a_process_that_dies_without_reporting_is_reported_crashed():
    outcomes = run_forked(lambda i: os._exit(3) if i == 1 else ("pages", i), [0, 1], jobs=2)
    assert outcomes == {0: ("pages", 0), 1: (CRASHED, 3)}


def test_what_a_task_changes_stays_in_its_process():
    seen = []
    run_forked(lambda i: (seen.append(i), ("pages", i))[1], [0, 1], jobs=1)
    assert seen == []
