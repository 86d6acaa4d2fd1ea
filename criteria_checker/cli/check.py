"""Commands that check specifications: one run (check), a reviewer's folder (batch), a hook."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from criteria_checker.cli.checking import (
    EXPLAINED_FORMATS,
    expand_patterns,
    hook_files,
    report_checks,
)
from criteria_checker.cli.options import EXIT_ERROR, build_check_options, check_options
from criteria_checker.evidence import WORKBOOK_FORMAT
from criteria_checker.reporters import DEFAULT_FORMAT, REPORTER_BY_NAME

if TYPE_CHECKING:
    pass

#: Output folder of `batch` when --out is not given (in the current directory).
DEFAULT_BATCH_OUT = "criteria-checker-reports"


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
    sys.exit(report_checks(files, unmatched, fmt=fmt, output=output, color=color,
                           explain=explain, quiet=quiet, jobs=jobs,
                           option_values=option_values))


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
        click.echo("criteria-checker: no specifications (.docx, .xml or web pages) found in "
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
    sys.exit(hook_files(files, jobs=jobs, option_values=option_values))
