"""The annotate command: a copy of a DOCX submission with its findings as Word comments."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from criteria_checker.cli.options import EXIT_FINDINGS, EXIT_OK, build_check_options, check_options
from criteria_checker.errors import UsageError


@click.command("annotate")
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace TARGET if it exists.")
@check_options
def annotate(source: Path, target: Path, force: bool, **option_values: object) -> None:
    """Check a DOCX and write a copy of it with each finding as a Word comment where it applies.

    The first comment, on the title, gives the verdict and the counts. SOURCE
    is never changed; TARGET may be - for standard output.
    Exit 0 when the document conforms, 1 when it does not, 2 when it could not
    be annotated.
    """
    options = build_check_options(**option_values)  # type: ignore[arg-type]
    to_stdout = str(target) == "-"
    _refuse_target(source, target, force=force, to_stdout=to_stdout)
    from criteria_checker.annotate import annotate_file, verdict_phrase
    from criteria_checker.config import options_for
    from criteria_checker.fileio import write_output

    data, report = annotate_file(source, options_for(options, source))
    write_output(target, data)
    where = "standard output" if to_stdout else str(target)
    click.echo(f"{source}: {verdict_phrase(report)}; the comments are in {where}",
               err=to_stdout)
    sys.exit(EXIT_OK if report.passed else EXIT_FINDINGS)


def _refuse_target(source: Path, target: Path, *, force: bool, to_stdout: bool) -> None:
    if to_stdout:
        if sys.stdout.isatty():
            raise UsageError("-: standard output is a terminal; redirect it to a file, "
                             "or name the output file")
        return
    if _same_file(source, target):
        raise UsageError(f"{target}: is the input file (or a link to it); annotate never "
                         "changes the input, so name another output file")
    if target.exists() and not force:
        raise UsageError(f"{target}: already exists; use --force to replace it")


def _same_file(source: Path, target: Path) -> bool:
    """Whether writing ``target`` would write ``source``: same path, symbolic or hard link."""
    try:
        if source.samefile(target):
            return True
    except OSError:
        pass  # one of them does not exist (yet), or cannot be looked at
    return source.resolve() == target.resolve()
