"""Writing output as other Unix tools do, so that a failure never leaves half a file behind.

A regular file is replaced atomically (a temporary file in the same folder,
then a rename); a symbolic link is followed, so the link stays a link; a
FIFO, terminal or character device (``/dev/null``, ``/dev/stdout``) and
``-`` are written to directly, never replaced. New files honour the umask.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import NoReturn

from criteria_checker.errors import InputError

#: The name that means standard output, as in most Unix tools.
STDOUT_NAME = "-"
STDOUT_LABEL = "standard output"
#: What a shell reports for a process ended by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141


def _read_umask() -> int:
    # Linux reports the umask without changing it; elsewhere it can only be
    # read by setting it, which is done once, here, before any thread runs.
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


FILE_MODE = 0o666 & ~_read_umask()


def write_output(path: Path | str, data: bytes) -> None:
    """Write ``data`` where the user asked: ``-``, a stream or device, or a regular file.

    Raises InputError with a one-line message when the data cannot be written.
    """
    if str(path) == STDOUT_NAME:
        write_stdout(data)
        return
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    if info is None:
        atomic_write(_link_target(path), data)
    elif stat.S_ISDIR(info.st_mode):
        raise InputError(path, "cannot write: it is a folder")
    elif stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        _write_in_place(path, data, os.O_WRONLY | os.O_NOCTTY)
    elif not stat.S_ISREG(info.st_mode):
        raise InputError(path, "cannot write: not a regular file, FIFO or character device")
    elif _is_process_alias(path):
        # /dev/stdout or /proc/self/fd/N redirected by the shell to a file: a
        # new open would start at offset 0 over what the shell already wrote
        # (`>>`), and renaming would detach the file from the shell's handle.
        _write_in_place(path, data, os.O_WRONLY | os.O_APPEND)
    else:
        atomic_write(_link_target(path), data)


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output and flush; a full disk or dead device is an InputError.

    A reader that went away (`| head`) ends the program quietly, as for any Unix tool.
    """
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        end_on_closed_pipe()
    except OSError as exc:
        raise InputError(STDOUT_LABEL, f"cannot write: {exc.strerror or exc}") from None


def end_on_closed_pipe() -> NoReturn:
    """Exit silently with the status of a process killed by SIGPIPE, as `yes | head` does."""
    # Standard output is pointed at /dev/null so that the interpreter's own
    # flush at exit does not complain about the pipe a second time.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise SystemExit(EXIT_BROKEN_PIPE)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise InputError(path, f"cannot write: folder {str(folder)!r} does not exist")
    try:
        import tempfile  # only when writing a file: not on the path to standard output

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    try:
        # mkstemp creates the file 0600; reports are meant to be shared like
        # any other file the user makes.
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _link_target(path: Path) -> Path:
    # Renaming over a symbolic link would replace the link itself; write its
    # target instead (even a dangling one) so the link stays a link.
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _is_process_alias(path: Path) -> bool:
    """Whether ``path`` names one of this process's open files (/dev/stdout, /proc/self/fd/1)."""
    return re.fullmatch(r"/dev/std(?:out|err)|/dev/fd/\d+|/proc/(?:self|\d+)/fd/\d+",
                        str(path.absolute())) is not None


def _write_in_place(path: Path, data: bytes, flags: int) -> None:
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BrokenPipeError:
        raise InputError(path, "cannot write: the reader closed it") from None
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
