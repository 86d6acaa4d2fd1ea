"""The ``diff`` command: what changed between two versions of a specification."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from criteria_checker.cli.options import EXIT_ERROR, EXIT_OK, build_check_options, check_options
from criteria_checker.errors import InputError

FORMATS = ("text", "markdown", "json", "html")


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@check_options
def diff(old: Path, new: Path, fmt: str, output: Path | None, **option_values: object) -> None:
    """Show what changed from OLD to NEW (DOCX or XML, in any combination).

    Key facts, units added, removed or renamed, hours and credits, groups and
    rules of combination, mappings gained and lost per criterion, and findings
    fixed, introduced and still open. Exit 0 whatever the differences; 2 when
    a file cannot be read.
    """
    from criteria_checker.config import options_for
    from criteria_checker.diff.compare import compare
    from criteria_checker.diff.render import RENDERERS
    from criteria_checker.engine.api import criteria_for, read_and_check, rules_for
    from criteria_checker.fileio import write_output

    options = build_check_options(**option_values)  # type: ignore[arg-type]
    criteria, rules = criteria_for(options), rules_for(options)
    sides = []
    for path in (old, new):
        try:
            sides.append(read_and_check(path, options_for(options, path), criteria=criteria,
                                        rules=rules))
        except InputError as exc:
            click.echo(f"criteria-checker: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
    text = RENDERERS[fmt](compare(sides[0], sides[1]))
    write_output(output or "-", text.encode("utf-8"))
    sys.exit(EXIT_OK)
