"""Options shared by several commands, declared once.

``check_options`` also brings the configuration file: it adds ``--config FILE``
and ``--no-config``, finds the file before the command runs, and hands it to
:func:`~criteria_checker.config.options.build_check_options` (through the
command's ``**option_values``), which merges it under the command line. So
every command taking these options honours the configuration without code of
its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click
from click.core import ParameterSource

from criteria_checker.cli.process import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from criteria_checker.config.options import (
    build_check_options,
    command_config,
    command_line_settings,
)

if TYPE_CHECKING:
    from criteria_checker.config import Config

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "build_check_options", "check_options",
           "command_config", "command_line_settings", "criteria_option", "rules_option"]

F = TypeVar("F", bound=Callable[..., Any])

#: The configuration key each shared option sets (parameter name -> key).
OPTION_KEYS = {
    "criteria_name": "criteria", "rules_path": "rules", "shared_title": "shared-title",
    "select": "select", "ignore": "ignore", "severities": "severity", "fail_on": "fail-on",
    "mappings": "mapping",
}
#: Commands whose ``--format`` (the report format) defaults to the configuration's ``format``.
FORMAT_FROM_CONFIG = ("check",)
_GIVEN = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT, ParameterSource.PROMPT)


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
    """The options that decide what a check runs and how it judges (check, batch, hook...).

    The command receives, besides the options, ``config`` (the configuration in
    force) and ``command_line_keys`` (the keys its command line set), to pass on
    to :func:`build_check_options` with the rest of ``**option_values``.
    """
    decorators = [
        click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
                     default="error", show_default=True,
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
        click.option("--config", "config_file", metavar="FILE",
                     type=click.Path(dir_okay=False, path_type=Path),
                     help="Take settings from FILE instead of the pyproject.toml "
                          "([tool.criteria-checker]) or .criteria-checker.toml found walking up "
                          "from the working directory; the command line wins over them."),
        click.option("--no-config", is_flag=True,
                     help="Ignore configuration files: only the command line and the defaults."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return _with_config(func)


def _with_config(func: F) -> F:
    # Runs once click has parsed the command line, so it knows which options
    # were given there (they win) and which are click's defaults (the file wins).
    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        config = command_config(kwargs.pop("config_file"), no_config=kwargs.pop("no_config"))
        given = frozenset(key for param, key in OPTION_KEYS.items() if _given(ctx, param))
        _command_defaults(ctx, kwargs, config)
        return func(*args, config=config, command_line_keys=given, **kwargs)

    return cast(F, command)


def _given(ctx: click.Context, param: str) -> bool:
    return ctx.get_parameter_source(param) in _GIVEN


def _command_defaults(ctx: click.Context, kwargs: dict[str, Any], config: Config) -> None:
    """The configuration's ``format`` and ``jobs`` for the commands' own options of those names."""
    report_format = config.get("format")
    if (report_format is not None and ctx.command.name in FORMAT_FROM_CONFIG
            and "fmt" in kwargs and not _given(ctx, "fmt")):
        kwargs["fmt"] = report_format.value
    jobs = config.get("jobs")
    if jobs is not None and "jobs" in kwargs and not _given(ctx, "jobs"):
        # 0 means "choose", which each command's own default already does.
        kwargs["jobs"] = jobs.value or kwargs["jobs"]
