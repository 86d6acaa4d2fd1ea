"""The command line, one module per command group; ``main`` is the console entry point."""

from __future__ import annotations

from criteria_checker.cli.entry import cli, main

__all__ = ["cli", "main"]
