"""The command line, one module per command group; ``console`` is the console entry point.

Importing this package imports no command and not click: ``cli`` and
``main`` (:mod:`.entry`) load them when first asked for, and ``console``
runs a plain check or hook without them (:mod:`.fast`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["cli", "console", "main"]


def console() -> None:
    """The console script and ``python -m criteria_checker``: run the command, then leave at once.
    """
    from criteria_checker.cli.fast import run_fast

    status = run_fast()
    if status is None:
        from criteria_checker.cli.entry import main

        main(leave_at_once=True)  # (which ends the process)
    else:
        from criteria_checker.cli.process import finish

        finish(status, leave_at_once=True)


def __getattr__(name: str) -> Any:
    if name in ("cli", "main"):
        from criteria_checker.cli import entry

        return getattr(entry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
