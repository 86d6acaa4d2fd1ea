"""Tasks shared among forked processes, each result sent back pickled over a pipe.

A check or hook of many files forks workers that inherit everything this
process has loaded. multiprocessing's pool did this at a price: importing
it costs about 20 ms of CPU (a plain check is ~120), its three threads and
queues more per file, and a worker that dies (a crash in a C library, the
memory killer) leaves ``Pool.map`` waiting for ever. Here each worker has
two pipes of its own: it is handed one task at a time (so the cores stay
busy when one file takes much longer than the rest) and sends back each
result, framed by its length. A worker that dies loses only the task it was
running, which comes back as :data:`DIED`; the others carry on.

POSIX only: the caller forks only where that is safe (see check_many).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
from collections.abc import Callable
from typing import Any, Final

#: The result of a task whose worker died while running it.
DIED: Final = type("Died", (), {"__repr__": lambda self: "DIED"})()
_STOP = 0xFFFFFFFF
_INDEX = 4  # bytes of a task index
_LENGTH = 8  # bytes of a result's length


def forked_map(work: Callable[[int], Any], count: int, workers: int) -> list[Any]:
    """``work(i)`` for each i in ``range(count)``, over ``workers`` forked processes, in order.

    An exception raised by ``work`` is raised here as :class:`WorkerError`
    with the worker's traceback, once every worker has stopped. Results must
    pickle; ``count`` must be below 2**32 - 1.
    """
    results: list[Any] = [DIED] * count
    if count == 0:
        return results
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()  # or the children would write it again
    pool = _Pool()
    try:
        for _ in range(min(workers, count)):
            pool.start(work)
        pending = iter(range(count))
        for fd in list(pool.running):
            pool.give(fd, next(pending, None))
        failure: str | None = None
        while pool.running:
            ready, _, _ = select.select(list(pool.running), [], [])
            for fd in ready:
                index, answer = pool.receive(fd)
                if answer is None:
                    continue  # the worker ended; its task, if any, stays DIED
                ok, value = answer
                if ok:
                    results[index] = value
                elif failure is None:
                    failure = value
                pool.give(fd, None if failure is not None else next(pending, None))
        if failure is not None:
            raise WorkerError(f"a worker process failed:\n{failure}")
    finally:
        pool.stop()
    return results


class WorkerError(RuntimeError):
    """What a task raised in a worker, with the worker's traceback."""


class _Worker:
    def __init__(self, pid: int, tasks: int, answers: int) -> None:
        self.pid = pid
        self.tasks = tasks  # our end of its task pipe
        self.answers = answers  # our end of its answer pipe
        self.index: int | None = None  # the task it is running


class _Pool:
    def __init__(self) -> None:
        self.running: dict[int, _Worker] = {}  # by the fd of its answers

    def start(self, work: Callable[[int], Any]) -> None:
        task_read, task_write = os.pipe()
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            try:
                # Only its own two ends: another worker's pipe held open here would
                # hide that worker's end from it and from us.
                for other in self.running.values():
                    os.close(other.tasks)
                    os.close(other.answers)
                os.close(task_write)
                os.close(answer_read)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _serve(work, task_read, answer_write)
            finally:
                os._exit(0)  # never the parent's exit handlers
        os.close(task_read)
        os.close(answer_write)
        self.running[answer_read] = _Worker(pid, task_write, answer_read)

    def give(self, fd: int, index: int | None) -> None:
        """Hand the worker its next task, or tell it to stop (None)."""
        worker = self.running[fd]
        worker.index = index
        with contextlib.suppress(OSError):  # it has died: its answer pipe says so next
            _write_all(worker.tasks, (_STOP if index is None else index).to_bytes(_INDEX, "little"))

    def receive(self, fd: int) -> tuple[int, tuple[bool, Any] | None]:
        """The worker's task and its answer; None when the worker has ended (and is reaped)."""
        worker = self.running[fd]
        index = worker.index
        header = _read_exact(fd, _LENGTH)
        payload = None if header is None else _read_exact(fd, int.from_bytes(header, "little"))
        if payload is None:
            self._end(fd)
            return -1 if index is None else index, None
        answer: tuple[bool, Any] = pickle.loads(payload)  # (our own child wrote it)
        return -1 if index is None else index, answer

    def _end(self, fd: int) -> None:
        worker = self.running.pop(fd)
        os.close(worker.tasks)
        os.close(worker.answers)
        _reap(worker.pid)

    def stop(self) -> None:
        """End every worker still running (after an interrupt or an error)."""
        for worker in self.running.values():
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
        for fd in list(self.running):
            self._end(fd)


def _serve(work: Callable[[int], Any], tasks: int, answers: int) -> None:
    while True:
        task = _read_exact(tasks, _INDEX)
        if task is None:
            return  # the parent is gone
        index = int.from_bytes(task, "little")
        if index == _STOP:
            return
        try:
            answer: tuple[bool, Any] = (True, work(index))
        except KeyboardInterrupt:
            return  # Ctrl-C reached the whole group: the parent deals with it
        except Exception:  # a bug: the parent raises it, traceback and all
            import traceback

            answer = (False, traceback.format_exc())
        payload = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
        try:
            _write_all(answers, len(payload).to_bytes(_LENGTH, "little") + payload)
        except OSError:
            return


def _read_exact(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd``, or None at the end of the pipe."""
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
