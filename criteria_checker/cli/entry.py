"""The command line: parse options, call the library, print, choose the exit code.

Exit codes: 0 success or conformant; 1 problems found (lint findings, a
non-conformant specification); 2 the tool could not do its job (bad option,
missing or unreadable file, hostile input). Each command group lives in its
own module of this package, imported when its command is run or its help
shown (see :class:`LazyCommands`); heavy modules are imported inside the
commands that need them, so start-up stays fast for hooks.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

import click

from criteria_checker import __version__
from criteria_checker.cli.fast import run_fast
from criteria_checker.cli.process import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, finish
from criteria_checker.errors import CriteriaCheckerError
from criteria_checker.fileio import end_on_closed_pipe

#: Each command: the module of this package defining it, and its name there.
COMMAND_MODULES: dict[str, tuple[str, str]] = {
    "criteria": ("criteria", "criteria"),
    "check": ("check", "check"),
    "annotate": ("annotate", "annotate"),
    "diff": ("diff", "diff"),
    "batch": ("check", "batch"),
    "hook": ("check", "hook"),
    "rules": ("rules", "rules_group"),
    "inspect": ("spec", "inspect"),
    "convert": ("spec", "convert"),
    "template": ("spec", "template"),
    "graph": ("spec", "graph"),
    "serve": ("serve", "serve"),
    "suggest": ("suggest", "suggest"),
    "config": ("config", "config"),
    "why": ("why", "why"),
}


class LazyCommands(MutableMapping[str, click.Command]):
    """The commands of a group by name, each module imported when its command is first asked for.

    Importing every command module (and what each imports) cost a hook or a
    check more than the command it runs; listing the names imports nothing,
    and help, which shows every command, imports them all.
    """

    def __init__(self, modules: dict[str, tuple[str, str]]) -> None:
        self._modules = dict(modules)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            module, attribute = self._modules[name]
            command = getattr(importlib.import_module(f"criteria_checker.cli.{module}"),
                              attribute)
            assert isinstance(command, click.Command)
            self._loaded[name] = command
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._modules.pop(name, None)
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._modules or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        yield from self._modules
        yield from (name for name in self._loaded if name not in self._modules)

    def __len__(self) -> int:
        return len(self._modules.keys() | self._loaded.keys())


@click.group(commands=LazyCommands(COMMAND_MODULES),
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="criteria-checker")
def cli() -> None:
    """Check qualification specifications against published qualification criteria."""


def main(argv: list[str] | None = None, *, leave_at_once: bool = False) -> None:
    """Run the command, turning every error into one line and exit 2.

    Ends with SystemExit, as a command run in-process must; ``leave_at_once``
    (for a process that ends here) ends the process itself, see
    :func:`.process.leave`. A check or hook invoked plainly is run without
    click (:mod:`.fast`); click parses everything else.
    """
    status = run_fast(argv)
    if status is None:
        status = _run(argv)
    finish(status, leave_at_once=leave_at_once)


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
        return EXIT_INTERRUPTED
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
