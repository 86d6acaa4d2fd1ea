"""The process pool of a batch: files checked in parallel, each result kept whatever happens.

A worker process that dies (a crash in a C library, the memory killer) breaks
the whole process pool; the files still in flight are then re-run one at a
time in fresh pools, so only the file that really kills its worker is marked
"crashed" and every other result is kept. SIGTERM stops a batch as Ctrl-C does.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from criteria_checker.batch.summary import BatchRow

#: What each worker runs for one file: its path and report stem in, its summary row out.
#: Must be picklable (a module-level function, or a partial of one).
Work = Callable[[Path, str], BatchRow]


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI cancel, `timeout`, systemd): the batch stops as it does for Ctrl-C."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def stop_on_sigterm() -> Any:
    # Only the main thread may set handlers; a batch run from another thread
    # (a library caller) keeps the default, which ends the process.
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _raise_terminated)


def restore_sigterm(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def _worker_start() -> None:
    # Forked workers inherit the main process's handler; a worker told to
    # stop should simply end, and the main process accounts for its file.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run_parallel(
    tasks: list[tuple[int, Path, str]],
    work: Work,
    jobs: int,
    tasks_per_worker: int,
    results: dict[int, BatchRow],
    progress: Callable[[int], None] | None,
) -> None:
    """Run ``work(path, stem)`` for every task over ``jobs`` processes into ``results``.

    Results are keyed by task index, so their order never depends on completion.
    """
    pending = tasks
    # Workers are recycled by giving each wave of files a fresh pool, so that
    # memory stays flat over thousands of files. (ProcessPoolExecutor's own
    # max_tasks_per_child hangs on Python 3.11 once its first workers retire.)
    wave_size = tasks_per_worker * jobs
    while pending:
        wave = pending[:wave_size]
        if _run_pool(wave, work, jobs, results, progress):
            # A dead worker broke the pool: re-run what it left unfinished one
            # file at a time, so only the file that kills its worker is lost.
            for task in [t for t in wave if t[0] not in results]:
                _run_pool([task], work, 1, results, progress)
                if task[0] not in results:
                    index, path, _ = task
                    results[index] = BatchRow(
                        file=str(path), status="crashed",
                        reason="the checker process died while reading this file")
                    if progress:
                        progress(1)
        pending = [t for t in pending if t[0] not in results]


def _run_pool(
    batch: list[tuple[int, Path, str]],
    work: Work,
    workers: int,
    results: dict[int, BatchRow],
    progress: Callable[[int], None] | None,
) -> bool:
    broken = False
    executor = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start)
    try:
        futures: dict[Future[BatchRow], int] = {
            executor.submit(work, path, stem): index
            for index, path, stem in batch
        }
        for future in as_completed(futures):
            try:
                results[futures[future]] = future.result()
            except BrokenProcessPool:
                broken = True
                continue
            if progress:
                progress(1)
    except KeyboardInterrupt:
        # A SIGTERM reaches only this process (Ctrl-C reaches the whole
        # group): stop the workers too, so none is left running behind us.
        workers_left = list((executor._processes or {}).values())
        manager: threading.Thread | None = getattr(executor, "_executor_manager_thread", None)
        executor.shutdown(wait=False, cancel_futures=True)
        for process in workers_left:
            process.terminate()
        for process in workers_left:
            process.join(timeout=5)
        # Let the pool's own thread see its workers gone and close its pipe now:
        # left to the interpreter's exit, closing it races with the exit hook
        # that wakes it ("Exception ignored in atexit ... Bad file descriptor").
        if manager is not None:
            manager.join(timeout=5)
        raise
    executor.shutdown(wait=True, cancel_futures=True)
    return broken
