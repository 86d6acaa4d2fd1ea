"""How a command run ends: its last messages, the flush of standard output, the exit.

Nothing here imports click, so that a command line read without it
(:mod:`.fast`) ends the same way.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from typing import NoReturn

from criteria_checker.fileio import end_on_closed_pipe

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: Exit code of a run stopped by Ctrl-C, as shells report SIGINT (128 + 2).
EXIT_INTERRUPTED = 130


def echo(text: str, *, err: bool = True) -> None:
    """One line to standard error (or output), flushed, as ``click.echo`` writes it."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # pythonw, or a stream closed by the caller
        return
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        # A console that cannot show a file's name still gets the line.
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write((text + "\n").encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def finish(status: int, *, leave_at_once: bool = False) -> NoReturn:
    """Flush standard output and end with ``status`` (see :func:`leave` for ``leave_at_once``).

    A full disk behind ``> report.txt`` must not look like success: a failed
    flush is an error line and exit 2.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        end_on_closed_pipe()
    except OSError as exc:
        echo(f"criteria-checker: error: standard output: cannot write: {exc.strerror or exc}")
        status = EXIT_ERROR
    if leave_at_once:
        leave(status)
    sys.exit(status)


def leave(status: int) -> None:
    """End the process with ``status`` without tearing the interpreter down.

    Tearing down frees every object one at a time (modules, the criteria and
    rules, the index of their text): about a tenth of a cold check's CPU,
    for memory the operating system takes back anyway. So, as the
    interpreter would, run the exit handlers (the compiled cache writes its
    tables in one) and flush the standard streams, then end. Every file the
    commands write is closed before they return. Returns, for a normal exit,
    when other threads are still running (the interpreter would wait for
    them) or this Python has no way to run the exit handlers.
    """
    threading = sys.modules.get("threading")
    if threading is not None and any(
            not thread.daemon for thread in threading.enumerate()
            if thread is not threading.main_thread()):
        return
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:
        return
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe or stream has nothing left to save.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
