"""The command line: parse options, call the library, print, choose the exit code.

Exit codes: 0 success or conformant; 1 problems found (lint findings, a
non-conformant specification); 2 the tool could not do its job (bad option,
missing or unreadable file, hostile input). Heavy modules are imported inside
the commands that need them, so start-up stays fast for hooks.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from criteria_checker import __version__
from criteria_checker.errors import CriteriaCheckerError, InputError
from criteria_checker.reporters import DEFAULT_FORMAT, REPORTER_BY_NAME

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def criteria_option(func: F) -> F:
    return click.option(
        "--criteria", "criteria_name", metavar="FILE|ID",
        help="Criteria file, or the id of a bundled set (default: the Level 5 set).",
    )(func)


def _load_criteria(name: str | None) -> CriteriaSet:
    from criteria_checker.criteria_io import find_criteria, load_criteria

    return load_criteria(find_criteria(name))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="criteria-checker")
def cli() -> None:
    """Check qualification specifications against published qualification criteria."""


@cli.group()
def criteria() -> None:
    """Read, search, export and lint criteria sets."""


@criteria.command("list")
@criteria_option
def criteria_list(criteria_name: str | None) -> None:
    """List the sub-topics with their counts of outcomes and items."""
    from criteria_checker.criteria_render import render_list

    click.echo(render_list(_load_criteria(criteria_name)), nl=False)


@criteria.command("show")
@click.argument("ref")
@criteria_option
def criteria_show(ref: str, criteria_name: str | None) -> None:
    """Print the full text of REF (topic, sub-topic, outcome or item) with its guidance notes."""
    from criteria_checker.criteria_render import render_node

    loaded = _load_criteria(criteria_name)
    click.echo(render_node(loaded, loaded.resolve(ref)), nl=False)


@criteria.command("export")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@criteria_option
def criteria_export(fmt: str, output: Path | None, criteria_name: str | None) -> None:
    """Export the whole criteria set (format: docs/criteria-export.md)."""
    from criteria_checker.criteria_export import export_json

    text = export_json(_load_criteria(criteria_name))
    if output is None:
        click.echo(text, nl=False)
    else:
        from criteria_checker.fileio import atomic_write

        atomic_write(output, text.encode("utf-8"))


@criteria.command("lint")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def criteria_lint(files: tuple[Path, ...]) -> None:
    """Check criteria files; print FILE:LINE:COL: CODE message for every problem.

    Exit 1 when any problem is found, 2 when a file cannot be read or is not YAML.
    """
    from criteria_checker.criteria_io import lint_criteria

    status = EXIT_OK
    for path in files:
        try:
            messages = lint_criteria(path)
        except CriteriaCheckerError as exc:
            click.echo(f"{exc}", err=True)
            status = EXIT_ERROR
            continue
        for message in messages:
            click.echo(str(message))
        if messages and status == EXIT_OK:
            status = EXIT_FINDINGS
    sys.exit(status)


@cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(REPORTER_BY_NAME)),
              default=DEFAULT_FORMAT, show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error",
              show_default=True, help="The least severity that makes a file not conformant.")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path), metavar="DIR",
              help="Rules folder (or file) to use instead of the bundled rules.")
@criteria_option
@click.option("--shared-title", metavar="TEXT",
              help="The shared title agreed across awarding organisations.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Run only these rules (ids or names, comma-separated; repeatable).")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Do not run these rules (ids or names, comma-separated; repeatable).")
@click.option("--severity", "severities", multiple=True, metavar="RULE=LEVEL",
              help="Change a rule's severity to error, warning or info (repeatable).")
@click.option("--color/--no-color", default=None,
              help="Colour the text report (default: when writing to a terminal).")
def check(files: tuple[Path, ...], fmt: str, output: Path | None, fail_on: str,
          rules_path: Path | None, criteria_name: str | None, shared_title: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...], severities: tuple[str, ...],
          color: bool | None) -> None:
    """Check specifications (DOCX or XML) against the criteria.

    Exit 0 when every file conforms, 1 when any does not, 2 when a file or
    option could not be used (the other files are still checked and reported).
    """
    from criteria_checker.engine.api import check_file, criteria_for, rules_for
    from criteria_checker.engine.options import CheckOptions, parse_severity, split_names
    from criteria_checker.engine.run import plan_rules

    options = CheckOptions(
        criteria=criteria_name, rules=rules_path, shared_title=shared_title,
        select=split_names(select), ignore=split_names(ignore),
        severity=tuple(parse_severity(s) for s in severities),
        fail_on="warning" if fail_on == "warning" else "error")
    criteria, rules = criteria_for(options), rules_for(options)
    plan_rules(rules, options)  # unknown rule names fail before any file is read
    reports = []
    status = EXIT_OK
    for path in files:
        try:
            reports.append(check_file(path, options, criteria=criteria, rules=rules))
        except InputError as exc:
            click.echo(f"criteria-checker: error: {exc}", err=True)
            status = EXIT_ERROR
    if reports:
        if color is None:
            color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = REPORTER_BY_NAME[fmt].render(reports, color=color)
        if output is None:
            click.echo(text, nl=False)
        else:
            from criteria_checker.fileio import atomic_write

            atomic_write(output, text.encode("utf-8"))
    if status == EXIT_OK and not all(report.passed for report in reports):
        status = EXIT_FINDINGS
    sys.exit(status)


def rules_option(func: F) -> F:
    return click.option(
        "--rules", "rules_path", type=click.Path(path_type=Path), metavar="DIR",
        help="Rules folder (or file) instead of the bundled rules.",
    )(func)


@cli.group("rules")
def rules_group() -> None:
    """List, explain and lint the rules a check runs."""


@rules_group.command("list")
@rules_option
def rules_list(rules_path: Path | None) -> None:
    """List the rules: id, default severity, name and the criteria requirement each enforces."""
    from criteria_checker.engine.api import rules_for
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.engine.rules_render import render_rule_list

    click.echo(render_rule_list(rules_for(CheckOptions(rules=rules_path))), nl=False)


@rules_group.command("explain")
@click.argument("rule")
@rules_option
@criteria_option
def rules_explain(rule: str, rules_path: Path | None, criteria_name: str | None) -> None:
    """Explain RULE (an id or a name): what it checks, the clause it enforces, how to fix it."""
    from criteria_checker.engine.api import criteria_for, rules_for
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.engine.rules_render import render_rule

    options = CheckOptions(rules=rules_path, criteria=criteria_name)
    found = rules_for(options).lookup([rule], option="rules explain")[0]
    click.echo(render_rule(found, criteria_for(options)), nl=False)


@rules_group.command("checks")
def rules_checks() -> None:
    """List the checks rules can run, with their parameters and message fields."""
    from criteria_checker.engine.registry import registered_checks
    from criteria_checker.engine.rules_render import render_checks

    click.echo(render_checks(registered_checks()), nl=False)


@rules_group.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def rules_lint(paths: tuple[Path, ...]) -> None:
    """Check rules files (default: the bundled rules); print FILE:LINE: message for each problem.

    Ids and names must be unique across all the files given. Exit 1 when any
    problem is found, 2 when a file cannot be read or is not YAML.
    """
    from criteria_checker.engine.rules import lint_rules, rule_files
    from criteria_checker.paths import rules_dir

    files = [f for location in (paths or (rules_dir(),)) for f in rule_files(location)]
    problems = lint_rules(files)
    for problem in problems:
        click.echo(str(problem))
    sys.exit(EXIT_FINDINGS if problems else EXIT_OK)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the command, turning our errors into one line and exit 2."""
    try:
        cli.main(args=argv, prog_name="criteria-checker", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("criteria-checker: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except CriteriaCheckerError as exc:
        click.echo(f"criteria-checker: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of ours.
        sys.stderr.close()
        sys.exit(EXIT_OK)
    sys.exit(EXIT_OK)
