"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from criteria_checker.engine.options import CheckOptions

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def criteria_option(func: F) -> F:
    return click.option(
        "--criteria", "criteria_name", metavar="FILE|ID",
        help="Criteria file, or the id of a bundled set (default: the Level 5 set).",
    )(func)


def rules_option(func: F) -> F:
    return click.option(
        "--rules", "rules_path", type=click.Path(path_type=Path), metavar="DIR",
        help="Rules folder (or file) instead of the bundled rules.",
    )(func)


def check_options(func: F) -> F:
    """The options that decide what a check runs and how it judges (check, batch, hook)."""
    decorators = [
        click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error",
                     show_default=True,
                     help="The least severity that makes a file not conformant."),
        rules_option,
        criteria_option,
        click.option("--shared-title", metavar="TEXT",
                     help="The shared title agreed across awarding organisations."),
        click.option("--select", multiple=True, metavar="RULES",
                     help="Run only these rules (ids or names, comma-separated; repeatable)."),
        click.option("--ignore", multiple=True, metavar="RULES",
                     help="Do not run these rules (ids or names, comma-separated; repeatable)."),
        click.option("--severity", "severities", multiple=True, metavar="RULE=LEVEL",
                     help="Change a rule's severity to error, warning or info (repeatable)."),
        click.option("--mapping", "mappings", multiple=True, metavar="GRID",
                     type=click.Path(dir_okay=False, path_type=Path),
                     help="A mapping grid (.xlsx, .csv or .docx) to join onto each "
                          "specification (repeatable). NAME.mapping.xlsx, .csv or .docx beside "
                          "NAME.docx is joined without this option."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def build_check_options(
    *,
    fail_on: str,
    rules_path: Path | None,
    criteria_name: str | None,
    shared_title: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severities: tuple[str, ...],
    mappings: tuple[Path, ...] = (),
) -> CheckOptions:
    """A validated CheckOptions from the shared options.

    Unknown rule names, and mapping grids that cannot be read, fail here, before any
    specification is read.
    """
    from criteria_checker.engine.api import criteria_for, grids_for, rules_for
    from criteria_checker.engine.options import CheckOptions, parse_severity, split_names
    from criteria_checker.engine.run import plan_rules

    options = CheckOptions(
        criteria=criteria_name, rules=rules_path, shared_title=shared_title,
        select=split_names(select), ignore=split_names(ignore),
        severity=tuple(parse_severity(s) for s in severities),
        fail_on="warning" if fail_on == "warning" else "error", mappings=tuple(mappings))
    criteria_for(options)
    plan_rules(rules_for(options), options)  # unknown rule names fail before any file is read
    grids_for(options.mappings)  # so does a grid that cannot be read (and it is read once)
    return options
