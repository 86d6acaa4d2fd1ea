"""Check functions for batch tests that misbehave on purpose (resolved in worker processes)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from criteria_checker.engine.api import check_file
from criteria_checker.model.report import Report


def crash_on_marked(path: Path, options: Any) -> Report:
    """Kill the worker process outright for files whose name contains 'crash'."""
    if "crash" in path.name:
        os._exit(70)  # what a segfault in a C library looks like to the pool
    return check_file(path, options)


def raise_on_marked(path: Path, options: Any) -> Report:
    """Raise an unexpected exception (a bug) for files whose name contains 'bug'."""
    if "bug" in path.name:
        raise RuntimeError("simulated bug")
    return check_file(path, options)


def slow(path: Path, options: Any) -> Report:
    """A check that takes a while, so a test can interrupt a batch part-way."""
    time.sleep(0.4)
    return check_file(path, options)


def vandal(path: Path, options: Any) -> Report:
    """While checking the first file, make later files vanish or become unreadable."""
    if path.name.startswith("a-"):
        folder = path.parent
        (folder / "m-vanishes.xml").unlink()
        replaced = folder / "n-becomes-folder.xml"
        replaced.unlink()
        replaced.mkdir()
    return check_file(path, options)
