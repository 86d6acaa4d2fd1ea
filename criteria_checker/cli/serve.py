"""The ``serve`` command: the web page and HTTP API (needs the ``web`` extra).

FastAPI and uvicorn are imported inside the command, so the other commands
never load them, and without the extra ``serve`` says so in one line. The
configuration (docs/configuration.md) is read once, at start-up, from the
working directory the server starts in (or ``--config FILE``): a bad one
stops the server before it listens, in one line naming its file and line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from criteria_checker.cli.options import EXIT_ERROR, command_config
from criteria_checker.errors import CriteriaCheckerError

if TYPE_CHECKING:
    from criteria_checker.web.options import WebConfig
    from criteria_checker.web.settings import WebSettings

_MEGABYTE = 1024 * 1024


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback lets other machines in.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--token", envvar="CRITERIA_CHECKER_TOKEN", show_envvar=True, metavar="TOKEN",
              help="Require this bearer token on every API call and on the page "
                   "(prefer the environment variable: a command line is visible to others).")
@click.option("--max-file-size", type=click.IntRange(min=1), default=20, show_default=True,
              metavar="MB", help="Largest accepted file, in megabytes.")
@click.option("--max-files", type=click.IntRange(min=1), default=10, show_default=True,
              help="Most files in one request.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, metavar="SECONDS",
              help="Longest a request may take, upload and checks together.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes that run the checks (default: processors, at most 4).")
@click.option("--config", "config_file", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Take the checks' settings from FILE instead of the pyproject.toml "
                   "([tool.criteria-checker]) or .criteria-checker.toml found walking up from "
                   "the working directory; what a request states wins over them.")
@click.option("--no-config", is_flag=True,
              help="Ignore configuration files: checks use the defaults and what each request "
                   "states.")
def serve(host: str, port: int, token: str | None, max_file_size: int, max_files: int,
          time_limit: float, workers: int | None, config_file: Path | None,
          no_config: bool) -> None:
    """Serve the web page and the HTTP API (OpenAPI description at /openapi.json).

    Checks start from the configuration in force where the server starts (see
    'criteria-checker config'), read once; GET /api/config shows it.
    """
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError:
        click.echo("criteria-checker: error: serve needs the web extra: "
                   "pip install 'criteria-checker[web]'", err=True)
        sys.exit(EXIT_ERROR)
    from criteria_checker.web.app import create_app
    from criteria_checker.web.settings import WebSettings, default_workers

    try:
        config = command_config(config_file, no_config=no_config)
        settings = WebSettings(host=host, port=port, token=token or None,
                               max_file_bytes=max_file_size * _MEGABYTE, max_files=max_files,
                               time_limit=time_limit, workers=workers or default_workers())
        app = create_app(settings, config)
    except CriteriaCheckerError as exc:
        # Before the server listens: a configuration it cannot use is the operator's to fix.
        click.echo(f"criteria-checker: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    web_config: WebConfig = app.state.web_config
    for line in startup_warnings(settings, web_config):
        click.echo(f"criteria-checker: warning: {line}", err=True)
    if config.file is not None:
        click.echo(f"criteria-checker: settings from {config.file}", err=True)
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"criteria-checker: serving on http://{shown_host}:{port}/ "
               "(press Ctrl+C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning",
                server_header=False, timeout_graceful_shutdown=5)


def startup_warnings(settings: WebSettings, config: WebConfig | None = None) -> list[str]:
    """What a user must know before serving: beyond this machine, and what of the
    configuration does not apply to uploads."""
    lines = config.startup_warnings() if config is not None else []
    if settings.loopback:
        return lines
    lines.append(f"listening on {settings.host}, which other machines can reach; the "
                 "connection is not encrypted (put a TLS proxy in front for use across a "
                 "network)")
    if settings.token is None:
        lines.append("no token is set, so anyone who can reach this server can use it; "
                     "set CRITERIA_CHECKER_TOKEN (or --token)")
    return lines
