"""The command line, one module per command group; ``console`` is the console entry point."""

from __future__ import annotations

from criteria_checker.cli.entry import cli, console, main

__all__ = ["cli", "console", "main"]
