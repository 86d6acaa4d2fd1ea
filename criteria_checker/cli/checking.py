"""What `check` and `hook` do once their command line is read: check, report, choose the exit.

The commands in :mod:`.check` read the command line with click and call
these functions with its values; so does :mod:`.fast`, which reads the
plain command lines of both without click. Nothing here imports click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from criteria_checker.cli.process import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, echo
from criteria_checker.errors import InputError
from criteria_checker.evidence import WORKBOOK_FORMAT
from criteria_checker.reporters import REPORTER_BY_NAME

if TYPE_CHECKING:
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.model.report import Report
    from criteria_checker.reporters import Reporter

SPEC_NAMESPACE_PREFIX = b"urn:criteria-checker:specification:"
#: The namespace of Word's flat XML package (see readers/docx/flat_xml.py).
_WORD_PACKAGE = b"http://schemas.microsoft.com/office/2006/xmlPackage"
#: Formats that can follow findings with their rules' help and citations (--explain).
EXPLAINED_FORMATS = ("text", "markdown")
#: From this many files on, `check` shows its progress on a terminal.
PROGRESS_MIN_FILES = 2


def report_checks(files: tuple[Path, ...], unmatched: list[str], *, fmt: str,
                  output: Path | None, color: bool | None, explain: bool, quiet: bool,
                  jobs: int, option_values: dict[str, object]) -> int:
    """`check` from its expanded files on: check each, write the report; the exit code.

    ``unmatched`` are the patterns that matched no file (each an error line);
    ``option_values`` the shared check options, for :func:`build_check_options`.
    """
    from criteria_checker.config.options import build_check_options

    options = build_check_options(**option_values)  # type: ignore[arg-type]
    if fmt == WORKBOOK_FORMAT and output is not None:
        return check_to_workbook(files[0], output, options)
    progress = None
    if not quiet and len(files) >= PROGRESS_MIN_FILES and sys.stderr.isatty():
        progress = Progress(len(files), sys.stderr)
    for pattern in unmatched:
        echo(f"criteria-checker: error: {pattern}: no files match this pattern")
    try:
        reports, status = check_files_reporting(
            files, options, error_printer("criteria-checker: error: ", progress), jobs or None,
            progress=progress.advance if progress else None)
    finally:
        if progress:
            progress.erase()
    if unmatched:
        status = EXIT_ERROR
    if reports:
        from criteria_checker.fileio import STDOUT_NAME, write_output

        target = output or STDOUT_NAME
        reporter = reporter_for(fmt, explain=explain, quiet=quiet)
        text = reporter.render(reports, color=use_color(color, str(target) == STDOUT_NAME))
        write_output(target, text.encode("utf-8"))
    return status


def hook_files(files: tuple[Path, ...], *, jobs: int, option_values: dict[str, object]) -> int:
    """`hook` once its command line is read: the compact report on standard output; the exit."""
    from criteria_checker.config.options import build_check_options

    options = build_check_options(**option_values)  # type: ignore[arg-type]
    specifications = [p for p in specifications_of(files)
                      if p.suffix.lower() != ".xml" or is_specification_xml(p)]
    reports, status = check_files_reporting(specifications, options,
                                            error_printer("", err=False), jobs or None)
    from criteria_checker.fileio import write_stdout

    write_stdout(reporter_for("compact").render(reports).encode("utf-8"))
    return status


def expand_patterns(files: Sequence[Path]) -> tuple[tuple[Path, ...], list[str]]:
    """Files with glob patterns expanded, as a shell would; and the patterns that matched none.

    Windows' shells, and any argument quoted by mistake, pass ``*.docx`` on as it
    is. A path that exists is taken as it is, even when its name has ``*?[`` in
    it; a pattern's matches are sorted, and leave out folders and the mapping
    grids named after a specification (they are read with it).
    """
    import glob

    from criteria_checker.readers.grids.naming import is_grid_name

    expanded: list[Path] = []
    unmatched: list[str] = []
    for path in files:
        text = str(path)
        if not any(ch in text for ch in "*?[") or path.exists():
            expanded.append(path)
            continue
        # Path.glob cannot take absolute patterns; glob.glob can.
        matches = sorted(glob.glob(text, recursive=True))  # noqa: PTH207
        found = [Path(m) for m in matches if not Path(m).is_dir() and not is_grid_name(Path(m))]
        if not found:
            unmatched.append(text)
        expanded.extend(m for m in found if m not in expanded)
    return tuple(expanded), unmatched



def reporter_for(fmt: str, *, explain: bool = False, quiet: bool = False) -> Reporter:
    """The reporter for ``fmt`` as `check` uses it: paths relative to the working directory."""
    if fmt == "text":
        from criteria_checker.reporters.text import TextReporter

        return TextReporter(explain=explain, verdicts_only=quiet, base_dir=working_dir())
    if fmt == "compact":
        from criteria_checker.reporters.compact import CompactReporter

        return CompactReporter(base_dir=working_dir())
    if fmt == "markdown" and explain:
        from criteria_checker.reporters.markdown import MarkdownReporter

        return MarkdownReporter(explain=True)
    return REPORTER_BY_NAME[fmt]


def use_color(flag: bool | None, to_stdout: bool) -> bool:
    """--color/--no-color, else a non-empty NO_COLOR (off) or FORCE_COLOR (on), else a terminal.

    NO_COLOR beats FORCE_COLOR when both are set, as in CPython (no-color.org).
    """
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return to_stdout and sys.stdout.isatty()


def working_dir() -> Path | None:
    # A working directory removed under the process: show paths as given.
    try:
        return Path.cwd()
    except OSError:
        return None


def error_text(exc: InputError) -> str:
    """``FILE: problem``, FILE relative to the working directory when it is inside it."""
    from criteria_checker.reporters.base import display_path

    return f"{display_path(exc.path, working_dir())}: {exc.problem}"


def error_printer(prefix: str, progress: Progress | None = None,
                   *, err: bool = True) -> Callable[[InputError], None]:
    """Prints an unreadable file's error line (clearing the progress line first)."""
    def report(exc: InputError) -> None:
        if progress:
            progress.erase()
        echo(prefix + error_text(exc), err=err)
        if progress:
            progress.draw()
    return report


class Progress:
    """``Checking: 3 of 10 files`` on a terminal, redrawn in place and erased at the end.

    Erased with spaces rather than an escape sequence, so it works on any terminal.
    """

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.shown = ""
        self.draw()

    def advance(self, files: int) -> None:
        self.done += files
        self.draw()

    def draw(self) -> None:
        self.shown = f"Checking: {self.done} of {self.total} files"
        self.stream.write(f"\r{self.shown}")
        self.stream.flush()

    def erase(self) -> None:
        if self.shown:
            self.stream.write(f"\r{' ' * len(self.shown)}\r")
            self.stream.flush()
            self.shown = ""



def check_to_workbook(path: Path, output: Path, options: CheckOptions) -> int:
    """Check one file and write its evidence workbook; the exit code (nothing written on error)."""
    from criteria_checker.config import options_for
    from criteria_checker.engine.api import criteria_for, rules_for
    from criteria_checker.evidence.workbook import workbook_for_file
    from criteria_checker.fileio import write_output

    options = options_for(options, path)
    try:
        report, workbook = workbook_for_file(path, options, criteria=criteria_for(options),
                                             rules=rules_for(options))
    except InputError as exc:
        echo(f"criteria-checker: error: {error_text(exc)}")
        return EXIT_ERROR
    write_output(output, workbook)
    return EXIT_OK if report.passed else EXIT_FINDINGS



def specifications_of(files: Sequence[Path]) -> list[Path]:
    """``files`` with each mapping grid (NAME.mapping.csv, ...) replaced by its specification.

    A commit that changes only the grid must still check what the grid maps:
    the specification beside it (NAME.docx, else NAME.xml), which the check
    joins the grid onto. A grid with no specification beside it is left out.
    """
    from criteria_checker.readers.grids.naming import GRID_MARKER, is_grid_name

    chosen: list[Path] = []
    for path in files:
        if is_grid_name(path):
            stem = path.name[:path.name.casefold().rindex(GRID_MARKER)]
            beside = [path.with_name(stem + suffix) for suffix in (".docx", ".xml")]
            path = next((p for p in beside if p.is_file()), path)
            if is_grid_name(path):
                continue
        if path not in chosen:
            chosen.append(path)
    return chosen


def check_files_reporting(
    files: Sequence[Path], options: CheckOptions, report_error: Callable[[InputError], None],
    jobs: int | None = None, *, progress: Callable[[int], None] | None = None,
) -> tuple[list[Report], int]:
    """Check each file, reporting unreadable ones and carrying on; the reports and exit code.

    With ``progress``, files are checked in rounds (one file at a time, or a few per
    worker process) and ``progress`` is told how many each round checked.
    """
    from criteria_checker.engine.api import criteria_for, rules_for
    from criteria_checker.engine.check_many import (
        MIN_FILES_PER_WORKER,
        check_files,
        worker_count,
    )

    criteria, rules = criteria_for(options), rules_for(options)
    rounds = [files]
    if progress is not None:
        jobs = worker_count(len(files), jobs)
        size = 1 if jobs == 1 else jobs * MIN_FILES_PER_WORKER
        rounds = [files[start:start + size] for start in range(0, len(files), size)]
    reports = []
    status = EXIT_OK
    for chunk in rounds:
        for result in check_files(chunk, options, criteria, rules, jobs=jobs):
            if isinstance(result, InputError):
                report_error(result)
                status = EXIT_ERROR
            else:
                reports.append(result)
        if progress is not None:
            progress(len(chunk))
    if status == EXIT_OK and not all(report.passed for report in reports):
        status = EXIT_FINDINGS
    return reports, status


def is_specification_xml(path: Path) -> bool:
    # Repositories hold other XML (build files, data); only our vocabulary, and
    # Word's "Word XML Document" (a whole .docx as one XML file), is a
    # specification. An unreadable file is checked, so its error is shown.
    from criteria_checker.readers.docx.container import read_head

    try:
        # (A FIFO named spec.xml is refused here without blocking, then reported.)
        head = read_head(path, 8192)
    except InputError:
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return SPEC_NAMESPACE_PREFIX in head or _WORD_PACKAGE in head
