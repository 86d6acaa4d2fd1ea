"""The plain command lines of `check` and `hook`, read without click.

An author's ``criteria-checker check FILE`` and a pre-commit hook pay for
every import, and click with what it alone imports (uuid, datetime,
gettext and its locale look-ups, the parameter types) costs about a tenth
of a cold check's CPU. So the command lines these users type most are read
here:

- ``check`` with files and any of ``--format NAME``, ``--quiet``/``-q``,
  ``--color``/``--no-color`` and ``--jobs N``/``-j N``;
- ``hook`` with files and ``--jobs N``/``-j N``.

Anything else returns None and click reads the command line as always:
help, the version, another option, a value click would refuse, a missing
value, the evidence workbook, a combination that is a usage error. Both
readers then call the same functions (:mod:`.checking`) with the same
values, so the output and the exit code are the same; tests/test_cli_fast.py
holds them to it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import cast

from criteria_checker.cli.process import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, echo

#: Every option name of `hook` (tests/test_cli_fast.py keeps it equal to the command's):
#: a name not listed starts the files, as pre-commit passes them.
HOOK_OPTIONS = frozenset({
    "--fail-on", "--rules", "--criteria", "--shared-title", "--select", "--ignore",
    "--severity", "--mapping", "--config", "--no-config", "--jobs", "-j", "--help", "-h"})


class _Parsed:
    """The values of a plain `check` or `hook` command line, and which options it gave."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.files: list[Path] = []
        self.fmt: str | None = None
        self.quiet = False
        self.color: bool | None = None
        self.jobs: int | None = None


def run_fast(argv: list[str] | None = None) -> int | None:
    """Run a plain `check` or `hook` command line; its exit code, or None for click to read it."""
    if os.name == "nt":
        return None  # click expands wildcards there, as the shell does not
    args = sys.argv[1:] if argv is None else list(argv)
    parsed = _parse(args)
    if parsed is None:
        return None
    try:
        return _run(parsed)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or EXIT_OK
        echo(f"criteria-checker: error: {exc.code}")
        return EXIT_ERROR
    except (EOFError, KeyboardInterrupt):
        echo("")  # closes the terminal's ^C echo
        echo("criteria-checker: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        from criteria_checker.fileio import end_on_closed_pipe

        end_on_closed_pipe()
    except Exception as exc:
        from criteria_checker.errors import CriteriaCheckerError

        if not isinstance(exc, CriteriaCheckerError):
            raise
        echo(f"criteria-checker: error: {exc}")
        return EXIT_ERROR


def _parse(args: list[str]) -> _Parsed | None:
    if not args or args[0] not in ("check", "hook"):
        return None
    parsed = _Parsed(args[0])
    rest = args[1:]
    index = 0
    while index < len(rest):
        arg = rest[index]
        index += 1
        if arg == "--":
            parsed.files.extend(Path(a) for a in rest[index:])
            break
        name, equals, attached = arg.partition("=")
        if parsed.command == "hook" and arg.startswith("-") and name not in HOOK_OPTIONS:
            # Not an option of the hook ("-" included): this and the rest are files.
            parsed.files.extend(Path(a) for a in rest[index - 1:])
            break
        if not arg.startswith("-") or arg == "-":
            parsed.files.append(Path(arg))
            continue
        if name in ("--format", "--jobs", "-j") and (name.startswith("--") or not equals):
            if equals:
                value = attached
            elif index < len(rest):
                value = rest[index]
                index += 1
            else:
                return None  # a missing value: click says so
            if not _take_value(parsed, name, value):
                return None
        elif equals:
            return None
        elif parsed.command == "check" and name in ("--quiet", "-q"):
            parsed.quiet = True
        elif parsed.command == "check" and name in ("--color", "--no-color"):
            parsed.color = name == "--color"
        else:
            return None  # help, or an option read only by click
    if parsed.command == "check" and not parsed.files:
        return None  # click's usage error
    if parsed.quiet and parsed.fmt not in (None, "text"):
        return None  # likewise
    return parsed


def _take_value(parsed: _Parsed, name: str, value: str) -> bool:
    if name == "--format":
        from criteria_checker.reporters import REPORTER_BY_NAME

        if parsed.command != "check" or value not in REPORTER_BY_NAME:
            return False  # the workbook needs more than this reader checks
        parsed.fmt = value
        return True
    try:
        jobs = int(value)
    except ValueError:
        return False
    if jobs < 0:
        return False
    parsed.jobs = jobs
    return True


def _run(parsed: _Parsed) -> int:
    from criteria_checker.config.options import command_config

    config = command_config(None)
    # As the click commands do: the configuration's format and jobs stand in for
    # options the command line does not give.
    jobs = parsed.jobs if parsed.jobs is not None else 0
    setting = config.get("jobs")
    if setting is not None and parsed.jobs is None:
        jobs = cast(int, setting.value) or jobs  # (the configuration checked its type)
    # None of the shared check options is given: build_check_options' defaults are theirs.
    option_values: dict[str, object] = {"config": config, "command_line_keys": frozenset()}
    if parsed.command == "hook":
        from criteria_checker.cli.checking import hook_files

        return hook_files(tuple(parsed.files), jobs=jobs, option_values=option_values)
    from criteria_checker.cli.checking import expand_patterns, report_checks
    from criteria_checker.reporters import DEFAULT_FORMAT

    fmt = parsed.fmt
    if fmt is None:
        setting = config.get("format")
        fmt = cast(str, setting.value) if setting is not None else DEFAULT_FORMAT
        if parsed.quiet:
            fmt = "text"  # the verdict lines win over a format the configuration chose
    files, unmatched = expand_patterns(parsed.files)
    return report_checks(files, unmatched, fmt=fmt, output=None, color=parsed.color,
                         explain=False, quiet=parsed.quiet, jobs=jobs,
                         option_values=option_values)
