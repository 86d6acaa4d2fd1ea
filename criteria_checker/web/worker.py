"""Checks run in worker processes, off the event loop, each within the request's time.

A worker changes into the uploaded file's private folder and reads the file
by its own name, so every report, finding and error message names
``spec.docx`` as the user knows it, never a temporary path. Mapping grids are
read the same way, by their own jobs, and handed to the checks that join them
(never cached: nothing of one request may outlive it); a grid of the server's
configuration is read from the configuration's folder by its name there, so
findings never show the server's folders either. Processes give
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
from dataclasses import field
from multiprocessing import get_context
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Literal

from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.options import CheckOptions
from criteria_checker.errors import CriteriaCheckerError, InputError
from criteria_checker.model.report import Report

if TYPE_CHECKING:
    from criteria_checker.model.spec import QualificationSpec
    from criteria_checker.readers.docx.container import DocxPackage
    from criteria_checker.readers.grids import GridReading

#: What a job can hand back besides the Report: an HTML section for the page (its
#: heatmap explained row by row, which needs the specification the worker holds),
#: the report in a download format, the specification converted to XML, or
#: the annotated copy of a Word document (its findings as comments).
Output = Literal["section", "html", "json", "sarif", "xml", "annotated"]
#: check a specification; convert it to XML; annotate it (a Word document only,
#: the copy in ``outputs["annotated"]``); or read a mapping grid (``grid``).
Action = Literal["check", "convert", "annotate", "grid"]
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
    #: Mapping grids, already read, to join onto the specification before checking it.
    grids: tuple[GridReading, ...] = ()
    #: An annotated copy larger than this is not handed back for the page (None: no limit).
    annotated_limit: int | None = None


@dataclass(frozen=True)
class JobResult:
    """What a job produced: a report and outputs, or the one line saying why it could not."""

    name: str
    report: Report | None = None
    outputs: dict[str, bytes] = field(default_factory=dict)
    problem: str | None = None
    timed_out: bool = False
    #: The file ``problem`` is about when it is not this one (a grid joined onto it).
    problem_file: str | None = None
    #: A mapping grid read by a ``grid`` job.
    grid: GridReading | None = None
    #: The names of the grids joined onto the specification, in order.
    grids: tuple[str, ...] = ()
    #: Outputs asked for that could not be made, each with why (one line).
    unavailable: dict[str, str] = field(default_factory=dict)


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
    path = Path(job.name)
    if job.action == "grid":
        from criteria_checker.readers.grids import read_grid

        return JobResult(job.name, grid=read_grid(path, name=job.name))
    if job.action == "convert":
        from criteria_checker.readers import read_spec
        from criteria_checker.writers.xml_writer import write_xml_spec

        return JobResult(job.name, outputs={"xml": write_xml_spec(read_spec(path))})
    annotating = job.action == "annotate" or "annotated" in job.outputs
    spec, package, data = _read(path, job.name, docx_package=annotating,
                                docx_only=job.action == "annotate")
    if job.grids:
        from criteria_checker.readers.grids import join_grids

        spec = join_grids(spec, job.grids)
    from criteria_checker.engine.api import check_spec, criteria_for, rules_for

    criteria = criteria_for(job.options)
    report = check_spec(spec, criteria=criteria, rules=rules_for(job.options),
                        options=job.options)
    grids = tuple(grid.file for grid in job.grids)
    if job.action == "annotate":
        from criteria_checker.annotate import add_comments

        assert package is not None and data is not None
        return JobResult(job.name, report=report, grids=grids,
                         outputs={"annotated": add_comments(package, data, report)})
    outputs: dict[str, bytes] = {}
    unavailable: dict[str, str] = {}
    for output in job.outputs:
        if output == "xml":
            from criteria_checker.writers.xml_writer import write_xml_spec

            outputs[output] = write_xml_spec(spec)
        elif output == "section":
            from criteria_checker.web.page_render import file_section

            outputs[output] = file_section(spec, report, criteria, job.number).encode("utf-8")
        elif output == "annotated":
            if package is not None and data is not None:
                _annotated(job, package, data, report, outputs, unavailable)
        else:
            outputs[output] = render_reports(output, [report]).encode("utf-8")
    return JobResult(job.name, report=report, outputs=outputs, grids=grids,
                     unavailable=unavailable)


def _read(path: Path, name: str, *, docx_package: bool, docx_only: bool,
          ) -> tuple[QualificationSpec, DocxPackage | None, bytes | None]:
    """The specification; for a Word document, also its package and bytes when asked for."""
    from criteria_checker.readers import read_spec, sniff_format

    if not docx_package:
        return read_spec(path), None, None
    found = sniff_format(path)
    if found != "docx":
        if docx_only:
            what = "a specification XML file" if found == "xml" else "a web page"
            raise InputError(name, f"is {what}; the annotated copy is made from the Word "
                                   "document, so send the .docx (POST /api/check reads "
                                   f"{'XML' if found == 'xml' else 'web pages'})")
        return read_spec(path), None, None
    from criteria_checker.readers.docx.container import read_docx_package
    from criteria_checker.readers.docx.reader import read_docx_package_spec

    # The package first, so that its size and archive checks come before the bytes are
    # held; the comments go into a copy of these bytes (add_comments refuses them if
    # they are not the document that was read).
    package = read_docx_package(path)
    data = path.read_bytes()
    return read_docx_package_spec(package), package, data


def _annotated(job: Job, package: DocxPackage, data: bytes, report: Report,
               outputs: dict[str, bytes], unavailable: dict[str, str]) -> None:
    """The annotated copy for the page; a problem with it costs the copy, never the report."""
    from criteria_checker.annotate import add_comments

    try:
        copy = add_comments(package, data, report)
    except MemoryError:
        raise
    except CriteriaCheckerError as exc:
        unavailable["annotated"] = str(exc)
        return
    except Exception as exc:  # a bug in writing comments must not cost the report
        unavailable["annotated"] = f"{job.name}: the annotated copy could not be made " \
                                   f"(internal error: {type(exc).__name__})"
        return
    if job.annotated_limit is not None and len(copy) > job.annotated_limit:
        unavailable["annotated"] = "too large to include in this page; POST /api/annotate " \
                                   "answers it"
        return
    outputs["annotated"] = copy


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
