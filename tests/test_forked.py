"""Tasks over forked workers: every result in order, a dead worker loses only its task,
a failing task is raised with its traceback, and no worker outlives the call."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from criteria_checker.engine import forked
from criteria_checker.engine.forked import DIED, WorkerError, forked_map

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only")


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize(("count", "workers"), [(0, 2), (1, 2), (5, 1), (7, 2), (40, 3)])
def test_every_result_comes_back_in_order(count: int, workers: int) -> None:
    assert forked_map(lambda i: {"task": i, "text": "x" * (i * 5000)}, count, workers) == \
        [{"task": i, "text": "x" * (i * 5000)} for i in range(count)]
    assert _no_child_left()


def test_results_larger_than_a_pipe_arrive_whole() -> None:
    big = forked_map(lambda i: bytes([i]) * 3_000_000, 3, 2)
    assert [len(b) for b in big] == [3_000_000] * 3 and big[2][-1] == 2


@pytest.mark.parametrize("how", ["exit", "kill"])
def test_a_worker_that_dies_loses_only_the_task_it_was_running(how: str) -> None:
    def work(i: int) -> int:
        if i == 3:
            if how == "exit":
                os._exit(7)
            os.kill(os.getpid(), signal.SIGKILL)
        return i * i

    results = forked_map(work, 8, 2)
    assert results == [0, 1, 4, DIED, 16, 25, 36, 49]
    assert _no_child_left()


def test_a_failing_task_is_raised_with_its_traceback_once_the_workers_stop() -> None:
    def work(i: int) -> int:
        if i == 2:
            raise ValueError("no such unit: 502")
        return i

    with pytest.raises(WorkerError, match=r"(?s)a worker process failed:.*ValueError: no such "
                                          r"unit: 502"):
        forked_map(work, 6, 2)
    assert _no_child_left()


def test_an_interrupt_while_waiting_ends_every_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(forked.select, "select", interrupted)
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        forked_map(lambda i: time.sleep(70), 4, 2)  # workers busy on a long task
    assert time.monotonic() - start < 60, "the workers were waited for, not ended"
    assert _no_child_left()


def test_a_file_that_kills_its_worker_is_reported_and_the_rest_are_checked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from criteria_checker.engine import check_many
    from criteria_checker.errors import InputError

    def check(path: Path, *_: object) -> InputError:
        if path.name == "c.xml":
            os._exit(1)  # as a crash in a C library would end the process
        return InputError(path, "read")

    monkeypatch.setattr(check_many, "_check", check)
    names = ["a.xml", "b.xml", "c.xml", "d.xml", "e.xml"]
    results = check_many._in_workers([Path(n) for n in names], None, None, None, 2)  # type: ignore[arg-type]
    assert [str(r) for r in results] == [
        "a.xml: read", "b.xml: read", "c.xml: the checker process died while reading this file",
        "d.xml: read", "e.xml: read"]
    assert _no_child_left()
