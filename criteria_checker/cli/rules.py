"""The rules commands: list, explain, checks, lint, schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from criteria_checker.cli.options import EXIT_FINDINGS, EXIT_OK, criteria_option, rules_option


@click.group("rules")
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


@rules_group.command("schema")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def rules_schema(output: Path | None) -> None:
    """Print the JSON Schema of rules files, for editors and other validators.

    Generated from the rule model and the registered checks; the package
    ships it as criteria_checker/schemas/rules.schema.json.
    """
    from criteria_checker.fileio import write_output
    from criteria_checker.schemas.generate import schema_text

    write_output(output or "-", schema_text("rules").encode("utf-8"))
