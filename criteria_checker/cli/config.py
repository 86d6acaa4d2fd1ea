"""The ``config`` command: the settings in force, and where each comes from."""

from __future__ import annotations

from pathlib import Path

import click

from criteria_checker.cli.options import build_check_options, check_options, command_line_settings


@click.command("config")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: KEY = VALUE  # SOURCE lines; json: one object.")
@check_options
def config(file: Path | None, output_format: str, **option_values: object) -> None:
    """Show the settings a check run here would use, and where each comes from.

    Each comes from the default, a line of the configuration file (FILE:LINE) or
    the command line (the shared options may be given, as to check). With FILE,
    the per-path overrides that match it are applied. Exit 2, with the file and
    line, when the configuration is not valid.
    """
    from criteria_checker.config import Config, settings_in_force
    from criteria_checker.config.show import render_json, render_text

    build_check_options(**option_values)  # type: ignore[arg-type]  # the same errors as check
    in_force = option_values["config"]
    assert isinstance(in_force, Config)
    settings = settings_in_force(in_force, command_line_settings(option_values), file)
    render = render_json if output_format == "json" else render_text
    click.echo(render(in_force, settings, file), nl=False)
