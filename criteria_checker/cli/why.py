"""The ``why`` command: why one criteria node is covered, or not, in one specification."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from criteria_checker.cli.options import EXIT_OK, build_check_options, check_options

FORMATS = ("text", "json")


@click.command("why")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@check_options
def why(file: Path, ref: str, fmt: str, output: Path | None, **option_values: object) -> None:
    """Show which units, outcomes and assessment criteria claim REF in FILE, and whether it counts.

    REF is a topic, sub-topic, outcome or item in any accepted spelling. Shows
    the claims on REF and on the nodes above it, each with its place in the
    document and whether it counts (mandatory, optional only, on which
    pathways); the nodes inside REF with who claims each; and the findings
    that concern REF. FILE is read and checked as `check` does. Exit 0; 2 when
    FILE cannot be read or REF names no node of the criteria.
    """
    from criteria_checker.config import options_for
    from criteria_checker.engine.api import criteria_for, read_and_check, rules_for
    from criteria_checker.fileio import write_output
    from criteria_checker.why import RENDERERS, explain_ref

    # The settings for this file: a configuration's per-path ones included.
    options = options_for(build_check_options(**option_values), file)  # type: ignore[arg-type]
    criteria = criteria_for(options)
    criteria.resolve(ref)  # a bad reference fails before the file is read
    spec, report = read_and_check(file, options, criteria=criteria, rules=rules_for(options))
    explanation = explain_ref(spec, report, criteria, ref)
    write_output(output or "-", RENDERERS[fmt](explanation).encode("utf-8"))
    sys.exit(EXIT_OK)
