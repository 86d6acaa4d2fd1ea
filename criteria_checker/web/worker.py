"""Checks run in worker processes, off the event loop, each within the request's time.

A worker changes into the uploaded file's private folder and reads the file
by its own name, so every report, finding and error message names
``spec.docx`` as the user knows it, never a temporary path. Processes give
real parallelism to several users at once, and a check that overruns is
interrupted inside its worker (a timer signal), so the worker is free again.
"""

from __future__ import annotations

import asyncio
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from types import FrameType
from typing import Any, Literal

from criteria_checker.engine.options import CheckOptions
from criteria_checker.errors import CriteriaCheckerError
from criteria_checker.model.report import Report

#: What a job can hand back besides the Report: an HTML section for the page,
#: the report in a download format, or the specification converted to XML.
Output = Literal["section", "html", "json", "sarif", "xml"]
Action = Literal["check", "convert"]
#: How long the event loop waits past the deadline before it stops waiting for a worker.
GRACE_SECONDS = 2.0
#: A worker is replaced after this many jobs, so that memory stays flat.
JOBS_PER_WORKER = 100


@dataclass(frozen=True)
class Job:
    """One uploaded file to read, and what to do with it."""

    folder: str
    name: str
    options: CheckOptions
    action: Action = "check"
    outputs: tuple[Output, ...] = ()
    #: Numbers the HTML section, so ids stay unique on a page of several files.
    number: int = 1
    #: ``time.time()`` after which the job gives up.
    deadline: float = float("inf")


@dataclass(frozen=True)
class JobResult:
    """What a job produced: a report and outputs, or the one line saying why it could not."""

    name: str
    report: Report | None = None
    outputs: dict[str, bytes] = field(default_factory=dict)
    problem: str | None = None
    timed_out: bool = False


class CheckTimedOut(Exception):
    """A job did not finish before the request's time limit."""


class _Alarm(BaseException):
    # Not an Exception, so that no handler inside the library swallows it.
    pass


def run_job(job: Job) -> JobResult:
    """Read, check and render one file (runs in a worker process); never raises for a bad file."""
    remaining = job.deadline - time.time()
    if remaining <= 0:
        return JobResult(job.name, timed_out=True)
    previous = Path.cwd()
    try:
        with _alarm_after(remaining):
            os.chdir(job.folder)
            return _run(job)
    except _Alarm:
        return JobResult(job.name, timed_out=True)
    except CriteriaCheckerError as exc:
        return JobResult(job.name, problem=str(exc))
    except MemoryError:
        return JobResult(job.name, problem=f"{job.name}: ran out of memory while reading the file")
    except Exception as exc:  # a bug must cost this file, never the server
        return JobResult(job.name, problem=f"{job.name}: the checker failed on this file "
                                           f"(internal error: {type(exc).__name__})")
    finally:
        os.chdir(previous)


def _run(job: Job) -> JobResult:
    from criteria_checker.readers import read_spec

    spec = read_spec(Path(job.name))
    outputs: dict[str, bytes] = {}
    if job.action == "convert":
        from criteria_checker.writers.xml_writer import write_xml_spec

        return JobResult(job.name, outputs={"xml": write_xml_spec(spec)})
    from criteria_checker.engine.api import check_spec, criteria_for, rules_for

    report = check_spec(spec, criteria=criteria_for(job.options), rules=rules_for(job.options),
                        options=job.options)
    for output in job.outputs:
        if output == "xml":
            from criteria_checker.writers.xml_writer import write_xml_spec

            outputs[output] = write_xml_spec(spec)
        elif output == "section":
            from criteria_checker.reporters.html import report_section

            outputs[output] = report_section(report, job.number).encode("utf-8")
        else:
            outputs[output] = render_reports(output, [report]).encode("utf-8")
    return JobResult(job.name, report=report, outputs=outputs)


def render_reports(fmt: str, reports: Sequence[Report]) -> str:
    """The reports in ``fmt`` (json, sarif, html, ...), the same bytes wherever the server runs.

    SARIF URIs are made relative to a fixed root rather than to the server's
    working directory, so they name the uploaded file and nothing of the server.
    """
    if fmt == "sarif":
        from criteria_checker.reporters.sarif import SarifReporter

        return SarifReporter(base_dir=Path(os.sep)).render(reports)
    from criteria_checker.reporters import REPORTER_BY_NAME

    return REPORTER_BY_NAME[fmt].render(reports)


@contextmanager
def _alarm_after(seconds: float) -> Iterator[None]:
    """Raise :class:`_Alarm` in this thread after ``seconds``, where timer signals exist."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or math.isinf(seconds):
        yield
        return

    def ring(signum: int, frame: FrameType | None) -> None:
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _ignore_interrupts() -> None:
    # Ctrl+C reaches the whole process group; the server shuts the workers down itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class CheckRunner:
    """A pool of worker processes, started on first use, that runs jobs for the event loop."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                kwargs: dict[str, Any] = {"max_workers": self.workers,
                                          "initializer": _ignore_interrupts}
                if sys.version_info >= (3, 11):
                    kwargs["max_tasks_per_child"] = JOBS_PER_WORKER
                # "spawn": forking a process that runs an event loop and threads is unsafe.
                self._pool = ProcessPoolExecutor(mp_context=get_context("spawn"), **kwargs)
            return self._pool

    async def run(self, jobs: Sequence[Job], deadline: float) -> list[JobResult]:
        """Run ``jobs`` in parallel; their results in order. CheckTimedOut past ``deadline``."""
        loop = asyncio.get_running_loop()
        executor = self._executor()
        futures = [loop.run_in_executor(executor, run_job, job) for job in jobs]
        wait = max(deadline - time.time(), 0.0) + GRACE_SECONDS
        try:
            results = await asyncio.wait_for(asyncio.gather(*futures), wait)
        except asyncio.TimeoutError:
            raise CheckTimedOut from None
        except BrokenProcessPool:
            # A worker died (the memory killer, a crash in a C library): start afresh.
            self._discard(executor)
            return [JobResult(job.name, problem=f"{job.name}: the checker process stopped "
                                                "while reading this file")
                    for job in jobs]
        if any(result.timed_out for result in results):
            raise CheckTimedOut
        return list(results)

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is executor:
                self._pool = None
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers (a running job is left to finish)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
