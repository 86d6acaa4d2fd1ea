"""Output formats for conformance reports, by name.

``REPORTER_BY_NAME`` is the one registry: the command line takes its
``--format`` choices from it. Each entry imports its format's module only when
it first renders, so ``check --format text`` never loads the HTML or SARIF
code (a pre-commit hook pays for every import on every commit).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from criteria_checker.errors import UsageError
from criteria_checker.reporters.base import Reporter

if TYPE_CHECKING:
    from criteria_checker.model.report import Report

__all__ = ["DEFAULT_FORMAT", "REPORTER_BY_NAME", "Reporter", "get_reporter"]

#: The format used when the user names none.
DEFAULT_FORMAT = "text"


class _LazyReporter:
    """Stands in for a format's reporter and imports its module on first use.

    The module must define ``REPORTER``, whose ``name`` and ``extension`` the
    tests check against the ones given here.
    """

    def __init__(self, name: str, extension: str, module: str) -> None:
        self.name = name
        self.extension = extension
        self._module = module
        self._target: Reporter | None = None

    def load(self) -> Reporter:
        """The real reporter, importing its module if need be."""
        if self._target is None:
            module = importlib.import_module(f"criteria_checker.reporters.{self._module}")
            self._target = module.REPORTER
        return self._target

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        return self.load().render(reports, color=color)

    def __repr__(self) -> str:
        return f"<reporter {self.name!r} ({self.extension})>"


REPORTER_BY_NAME: dict[str, Reporter] = {
    reporter.name: reporter
    for reporter in (
        _LazyReporter("text", ".txt", "text"),
        _LazyReporter("json", ".json", "json"),
        _LazyReporter("markdown", ".md", "markdown"),
        _LazyReporter("html", ".html", "html"),
        _LazyReporter("junit", ".xml", "junit"),
        _LazyReporter("sarif", ".sarif", "sarif"),
        _LazyReporter("compact", ".txt", "compact"),
    )
}


def get_reporter(name: str) -> Reporter:
    """The reporter called ``name``; a :class:`UsageError` naming the choices otherwise."""
    try:
        return REPORTER_BY_NAME[name]
    except KeyError:
        choices = ", ".join(REPORTER_BY_NAME)
        raise UsageError(f"unknown report format {name!r}: choose one of {choices}") from None
