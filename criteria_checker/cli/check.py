"""Commands that check specifications: one run (check), a reviewer's folder (batch), a hook."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from criteria_checker.cli.options import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    build_check_options,
    check_options,
)
from criteria_checker.errors import InputError
from criteria_checker.evidence import WORKBOOK_FORMAT
from criteria_checker.reporters import DEFAULT_FORMAT, REPORTER_BY_NAME

if TYPE_CHECKING:
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.model.report import Report
    from criteria_checker.reporters import Reporter

#: Output folder of `batch` when --out is not given (in the current directory).
DEFAULT_BATCH_OUT = "criteria-checker-reports"
SPEC_NAMESPACE_PREFIX = b"urn:criteria-checker:specification:"
#: Formats that can follow findings with their rules' help and citations (--explain).
EXPLAINED_FORMATS = ("text", "markdown")
#: From this many files on, `check` shows its progress on a terminal.
PROGRESS_MIN_FILES = 2


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice([*REPORTER_BY_NAME, WORKBOOK_FORMAT]),
              default=DEFAULT_FORMAT, show_default=True,
              help="Report format; xlsx is the criteria evidence workbook of one file "
                   "(needs --output).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@check_options
@click.option("--color/--no-color", default=None,
              help="Colour the text report (default: when writing to a terminal; a "
                   "non-empty NO_COLOR turns it off, FORCE_COLOR on; the option beats both).")
@click.option("--explain", is_flag=True,
              help="Follow the first finding of each rule with the rule's help and the "
                   "criteria clause it cites (text and markdown formats).")
@click.option("--quiet", "-q", is_flag=True,
              help="Print only the verdict line of each file; the exit code is unchanged.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes checking files side by side; 0 chooses by the number of files "
                   "and cores.")
def check(files: tuple[Path, ...], fmt: str, output: Path | None, color: bool | None,
          explain: bool, quiet: bool, jobs: int, **option_values: object) -> None:
    """Check specifications (DOCX or XML) against the criteria.

    Exit 0 when every file conforms, 1 when any does not, 2 when a file or
    option could not be used (the other files are still checked and reported).
    """
    if quiet and not _given_on_command_line("fmt"):
        fmt = "text"  # the verdict lines win over a format the configuration chose
    files, unmatched = expand_patterns(files)
    if fmt == WORKBOOK_FORMAT:
        _require_workbook_target(files, output)
    _require_text_variant(fmt, explain=explain, quiet=quiet)
    options = build_check_options(**option_values)  # type: ignore[arg-type]
    if fmt == WORKBOOK_FORMAT and output is not None:
        sys.exit(_check_to_workbook(files[0], output, options))
    progress = None
    if not quiet and len(files) >= PROGRESS_MIN_FILES and sys.stderr.isatty():
        progress = _Progress(len(files), sys.stderr)
    for pattern in unmatched:
        click.echo(f"criteria-checker: error: {pattern}: no files match this pattern", err=True)
    try:
        reports, status = _check_files(
            files, options, _error_printer("criteria-checker: error: ", progress), jobs or None,
            progress=progress.advance if progress else None)
    finally:
        if progress:
            progress.erase()
    if unmatched:
        status = EXIT_ERROR
    if reports:
        from criteria_checker.fileio import STDOUT_NAME, write_output

        target = output or STDOUT_NAME
        reporter = _reporter(fmt, explain=explain, quiet=quiet)
        text = reporter.render(reports, color=_use_color(color, str(target) == STDOUT_NAME))
        write_output(target, text.encode("utf-8"))
    sys.exit(status)


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


def _given_on_command_line(param: str) -> bool:
    from click.core import ParameterSource

    return click.get_current_context().get_parameter_source(param) is ParameterSource.COMMANDLINE


def _require_text_variant(fmt: str, *, explain: bool, quiet: bool) -> None:
    """--explain and --quiet change the text (and, for --explain, Markdown) report only."""
    if quiet and explain:
        raise click.UsageError("--quiet prints only the verdict lines; it cannot be combined "
                               "with --explain")
    if quiet and fmt != "text":
        raise click.UsageError(f"--quiet prints only the verdict lines of the text report; it "
                               f"cannot be combined with --format {fmt}")
    if explain and fmt not in EXPLAINED_FORMATS:
        raise click.UsageError(f"--explain works with --format "
                               f"{' or '.join(EXPLAINED_FORMATS)}, not {fmt}")


def _reporter(fmt: str, *, explain: bool = False, quiet: bool = False) -> Reporter:
    """The reporter for ``fmt`` as `check` uses it: paths relative to the working directory."""
    if fmt == "text":
        from criteria_checker.reporters.text import TextReporter

        return TextReporter(explain=explain, verdicts_only=quiet, base_dir=_working_dir())
    if fmt == "compact":
        from criteria_checker.reporters.compact import CompactReporter

        return CompactReporter(base_dir=_working_dir())
    if fmt == "markdown" and explain:
        from criteria_checker.reporters.markdown import MarkdownReporter

        return MarkdownReporter(explain=True)
    return REPORTER_BY_NAME[fmt]


def _use_color(flag: bool | None, to_stdout: bool) -> bool:
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


def _working_dir() -> Path | None:
    # A working directory removed under the process: show paths as given.
    try:
        return Path.cwd()
    except OSError:
        return None


def _error_text(exc: InputError) -> str:
    """``FILE: problem``, FILE relative to the working directory when it is inside it."""
    from criteria_checker.reporters.base import display_path

    return f"{display_path(exc.path, _working_dir())}: {exc.problem}"


def _error_printer(prefix: str, progress: _Progress | None = None,
                   *, err: bool = True) -> Callable[[InputError], None]:
    """Prints an unreadable file's error line (clearing the progress line first)."""
    def report(exc: InputError) -> None:
        if progress:
            progress.erase()
        click.echo(prefix + _error_text(exc), err=err)
        if progress:
            progress.draw()
    return report


class _Progress:
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


def _require_workbook_target(files: Sequence[Path], output: Path | None) -> None:
    """A workbook is one binary file per specification: refuse a terminal, stdout, many files."""
    from criteria_checker.fileio import STDOUT_NAME

    if output is None or str(output) == STDOUT_NAME or _is_terminal(output):
        raise click.UsageError(f"--format {WORKBOOK_FORMAT} needs --output FILE.xlsx: a "
                               "workbook is never written to standard output or a terminal")
    if len(files) > 1:
        raise click.UsageError(f"--format {WORKBOOK_FORMAT} writes the workbook of one "
                               f"specification, not of {len(files)} files: check one file, or "
                               f"run 'criteria-checker batch --format {WORKBOOK_FORMAT}' for a "
                               "workbook per file")


def _is_terminal(path: Path) -> bool:
    # /dev/tty, or /dev/stdout when standard output is a terminal.
    import stat

    try:
        if not stat.S_ISCHR(path.stat().st_mode):
            return False
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def _check_to_workbook(path: Path, output: Path, options: CheckOptions) -> int:
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
        click.echo(f"criteria-checker: error: {_error_text(exc)}", err=True)
        return EXIT_ERROR
    write_output(output, workbook)
    return EXIT_OK if report.passed else EXIT_FINDINGS


@click.command("batch")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_BATCH_OUT, show_default=True,
              help="Folder for the reports and the summary (index.html, summary.csv, "
                   "summary.xlsx).")
@click.option("--format", "formats", multiple=True,
              type=click.Choice([*(n for n in REPORTER_BY_NAME if n != "compact"),
                                 WORKBOOK_FORMAT]),
              help="Report format for each submission (repeatable; default: html); xlsx is "
                   "the criteria evidence workbook.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or closing summary.")
@click.option("--previous", "previous_dir", metavar="DIR", type=click.Path(path_type=Path),
              help="The --out folder of an earlier batch: the summary gets a 'changed since' "
                   "column (new, unchanged, or what changed). Its summary.csv is enough for "
                   "verdicts, counts and hours; findings added and fixed need the earlier "
                   "batch to have written --format json.")
@check_options
def batch(paths: tuple[str, ...], out_dir: Path, formats: tuple[str, ...], jobs: int | None,
          quiet: bool, previous_dir: Path | None, **option_values: object) -> None:
    """Check every DOCX and XML submission in PATHS (folders, globs or files), in parallel.

    Writes one report per submission and a summary (index.html, summary.csv,
    summary.xlsx) into --out. Exit 0 when all conform, 1 when any does not, 2 when any could
    not be read; an unreadable file is a row of the summary, never the end of
    the batch.
    """
    from criteria_checker.batch.inputs import collect_inputs
    from criteria_checker.batch.run import BatchSettings, files_outside, load_previous, run_batch

    options = build_check_options(**option_values)  # type: ignore[arg-type]
    previous = load_previous(previous_dir) if previous_dir is not None else None
    files = collect_inputs(list(paths), exclude=out_dir)
    if previous_dir is not None:
        files = files_outside(files, previous_dir)
    if not files:
        click.echo("criteria-checker: no .docx or .xml files found in "
                   f"{', '.join(paths)}", err=True)
        sys.exit(EXIT_ERROR)
    settings = BatchSettings(out_dir=out_dir, formats=formats or ("html",),
                             check_options=options)
    show = not quiet and sys.stderr.isatty()
    if show:
        with click.progressbar(length=len(files), label="Checking", file=sys.stderr,
                               show_pos=True) as bar:
            outcome = run_batch(files, settings, jobs=jobs, progress=bar.update,
                                previous=previous)
    else:
        outcome = run_batch(files, settings, jobs=jobs, previous=previous)
    if not quiet:
        counts: dict[str, int] = {}
        for row in outcome.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        said = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        click.echo(f"{len(outcome.rows)} files: {said}. Summary: {out_dir / 'index.html'}",
                   err=True)
    if outcome.interrupted:
        stopped = "terminated" if outcome.terminated else "interrupted"
        click.echo(f"criteria-checker: {stopped}; the reports already written are kept",
                   err=True)
    sys.exit(outcome.exit_code)


class FilesAfterOptionsCommand(click.Command):
    """A command whose arguments, from the first that is not one of its options, are all files.

    pre-commit appends file names without ``--``, so a tracked file named
    ``-draft.xml`` must be a file, not an unknown option.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _files_after_options(self, ctx, args))


def _files_after_options(command: click.Command, ctx: click.Context,
                         args: list[str]) -> list[str]:
    takes_value: dict[str, bool] = {}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                takes_value[name] = not (param.is_flag or param.count)
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            return args
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if arg.startswith("-") and name in takes_value:
            index += 2 if takes_value[name] and name == arg else 1
            continue
        if arg.startswith("-"):
            return [*args[:index], "--", *args[index:]]
        index += 1
    return args


@click.command("hook", cls=FilesAfterOptionsCommand)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@check_options
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes checking files side by side; 0 chooses by the number of files "
                   "and cores.")
def hook(files: tuple[Path, ...], jobs: int, **option_values: object) -> None:
    """Check the specifications a commit touches (for pre-commit).

    Prints FILE:LOCATION: SEVERITY: RULE message for every finding and fails
    only when a finding reaches --fail-on (errors by default). XML files that
    are not criteria-checker specifications are skipped. Never writes any file.
    """
    options = build_check_options(**option_values)  # type: ignore[arg-type]
    specifications = [p for p in _specifications_of(files)
                      if p.suffix.lower() != ".xml" or _is_specification_xml(p)]
    reports, status = _check_files(specifications, options, _error_printer("", err=False),
                                   jobs or None)
    from criteria_checker.fileio import write_stdout

    write_stdout(_reporter("compact").render(reports).encode("utf-8"))
    sys.exit(status)


def _specifications_of(files: Sequence[Path]) -> list[Path]:
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


def _check_files(
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


def _is_specification_xml(path: Path) -> bool:
    # Repositories hold other XML (build files, data); only our vocabulary is
    # a specification. An unreadable file is checked, so its error is shown.
    from criteria_checker.readers.docx.container import read_head

    try:
        # (A FIFO named spec.xml is refused here without blocking, then reported.)
        head = read_head(path, 8192)
    except InputError:
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return SPEC_NAMESPACE_PREFIX in head
