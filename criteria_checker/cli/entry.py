"""The command line: parse options, call the library, print, choose the exit code.

Exit codes: 0 success or conformant; 1 problems found (lint findings, a
non-conformant specification); 2 the tool could not do its job (bad option,
missing or unreadable file, hostile input). Each command group lives in its
own module of this package; heavy modules are imported inside the commands
that need them, so start-up stays fast for hooks.
"""

from __future__ import annotations

import sys

import click

from criteria_checker import __version__
from criteria_checker.cli.annotate import annotate
from criteria_checker.cli.check import batch, check, hook
from criteria_checker.cli.config import config
from criteria_checker.cli.criteria import criteria
from criteria_checker.cli.diff import diff
from criteria_checker.cli.options import EXIT_ERROR, EXIT_OK
from criteria_checker.cli.rules import rules_group
from criteria_checker.cli.serve import serve
from criteria_checker.cli.spec import convert, graph, inspect, template
from criteria_checker.cli.suggest import suggest
from criteria_checker.cli.why import why
from criteria_checker.errors import CriteriaCheckerError
from criteria_checker.fileio import end_on_closed_pipe


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="criteria-checker")
def cli() -> None:
    """Check qualification specifications against published qualification criteria."""


cli.add_command(criteria)
cli.add_command(check)
cli.add_command(annotate)
cli.add_command(diff)
cli.add_command(batch)
cli.add_command(hook)
cli.add_command(rules_group)
cli.add_command(inspect)
cli.add_command(convert)
cli.add_command(template)
cli.add_command(graph)
cli.add_command(serve)
cli.add_command(suggest)
cli.add_command(config)
cli.add_command(why)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the command, turning every error into one line and exit 2."""
    status = _run(argv)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        end_on_closed_pipe()
    except OSError as exc:
        # A full disk behind `> report.txt` must not look like success.
        click.echo(f"criteria-checker: error: standard output: cannot write: "
                   f"{exc.strerror or exc}", err=True)
        status = EXIT_ERROR
    sys.exit(status)


def _run(argv: list[str] | None) -> int:
    try:
        returned = cli.main(args=argv, prog_name="criteria-checker", standalone_mode=False)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or EXIT_OK
        click.echo(f"criteria-checker: error: {exc.code}", err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("criteria-checker: interrupted", err=True)
        return 130
    except click.UsageError as exc:
        if _is_help_request(exc):
            exc.show()
            return EXIT_ERROR
        click.echo(f"criteria-checker: error: {_usage_line(exc)}", err=True)
        return EXIT_ERROR
    except click.ClickException as exc:
        click.echo(f"criteria-checker: error: {' '.join(exc.format_message().split())}",
                   err=True)
        return EXIT_ERROR
    except CriteriaCheckerError as exc:
        click.echo(f"criteria-checker: error: {exc}", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        end_on_closed_pipe()
    return returned if isinstance(returned, int) else EXIT_OK


def _is_help_request(exc: click.UsageError) -> bool:
    # A group run without a subcommand shows its help (click 8.2 raises it as
    # a usage error); that is help the user asked for, not an error to shorten.
    help_error = getattr(click.exceptions, "NoArgsIsHelpError", None)
    return help_error is not None and isinstance(exc, help_error)


def _usage_line(exc: click.UsageError) -> str:
    """Click's usage error as one line, pointing at the help of the command that failed."""
    message = " ".join(exc.format_message().split()).rstrip(".")
    if exc.ctx is None:
        return message
    return f"{message} (see '{exc.ctx.command_path} --help')"
