"""Commands that check specifications: one run (check), a reviewer's folder (batch), a hook."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from criteria_checker.cli_options import (
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

#: Output folder of `batch` when --out is not given (in the current directory).
DEFAULT_BATCH_OUT = "criteria-checker-reports"
SPEC_NAMESPACE_PREFIX = b"urn:criteria-checker:specification:"


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
              help="Colour the text report (default: when writing to a terminal).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes checking files side by side; 0 chooses by the number of files "
                   "and cores.")
def check(files: tuple[Path, ...], fmt: str, output: Path | None, color: bool | None,
          jobs: int, **option_values: object) -> None:
    """Check specifications (DOCX or XML) against the criteria.

    Exit 0 when every file conforms, 1 when any does not, 2 when a file or
    option could not be used (the other files are still checked and reported).
    """
    if fmt == WORKBOOK_FORMAT:
        _require_workbook_target(files, output)
    options = build_check_options(**option_values)  # type: ignore[arg-type]
    if fmt == WORKBOOK_FORMAT and output is not None:
        sys.exit(_check_to_workbook(files[0], output, options))
    reports, status = _check_files(
        files, options, lambda exc: click.echo(f"criteria-checker: error: {exc}", err=True),
        jobs or None)
    if reports:
        from criteria_checker.fileio import STDOUT_NAME, write_output

        target = output or STDOUT_NAME
        if color is None:
            color = (str(target) == STDOUT_NAME and sys.stdout.isatty()
                     and "NO_COLOR" not in os.environ)
        write_output(target, REPORTER_BY_NAME[fmt].render(reports, color=color).encode("utf-8"))
    sys.exit(status)


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
    from criteria_checker.engine.api import criteria_for, rules_for
    from criteria_checker.evidence.workbook import workbook_for_file
    from criteria_checker.fileio import write_output

    try:
        report, workbook = workbook_for_file(path, options, criteria=criteria_for(options),
                                             rules=rules_for(options))
    except InputError as exc:
        click.echo(f"criteria-checker: error: {exc}", err=True)
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
@check_options
def batch(paths: tuple[str, ...], out_dir: Path, formats: tuple[str, ...], jobs: int | None,
          quiet: bool, **option_values: object) -> None:
    """Check every DOCX and XML submission in PATHS (folders, globs or files), in parallel.

    Writes one report per submission and a summary (index.html, summary.csv,
    summary.xlsx) into --out. Exit 0 when all conform, 1 when any does not, 2 when any could
    not be read; an unreadable file is a row of the summary, never the end of
    the batch.
    """
    from criteria_checker.batch import BatchSettings, run_batch
    from criteria_checker.batch_inputs import collect_inputs

    options = build_check_options(**option_values)  # type: ignore[arg-type]
    files = collect_inputs(list(paths), exclude=out_dir)
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
            outcome = run_batch(files, settings, jobs=jobs, progress=bar.update)
    else:
        outcome = run_batch(files, settings, jobs=jobs)
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

    Prints FILE:LOCATION: RULE message for every finding and fails only when a
    finding reaches --fail-on (errors by default). XML files that are not
    criteria-checker specifications are skipped. Never writes any file.
    """
    options = build_check_options(**option_values)  # type: ignore[arg-type]
    specifications = [p for p in _specifications_of(files)
                      if p.suffix.lower() != ".xml" or _is_specification_xml(p)]
    reports, status = _check_files(specifications, options, lambda exc: click.echo(str(exc)),
                                   jobs or None)
    from criteria_checker.fileio import write_stdout

    write_stdout(REPORTER_BY_NAME["compact"].render(reports).encode("utf-8"))
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
    jobs: int | None = None,
) -> tuple[list[Report], int]:
    """Check each file, reporting unreadable ones and carrying on; the reports and exit code."""
    from criteria_checker.engine.api import criteria_for, rules_for
    from criteria_checker.engine.check_many import check_files

    criteria, rules = criteria_for(options), rules_for(options)
    reports = []
    status = EXIT_OK
    for result in check_files(files, options, criteria, rules, jobs=jobs):
        if isinstance(result, InputError):
            report_error(result)
            status = EXIT_ERROR
        else:
            reports.append(result)
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
