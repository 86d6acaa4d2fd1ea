"""The one exception root of criteria-checker.

Library code raises these; only the command line maps them to exit codes
(2: the tool could not do its job). Errors from lxml, zipfile, YAML and
pydantic are wrapped into these at the edge so that users read a sentence,
never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class CriteriaCheckerError(Exception):
    """Root of every error the tool reports to a user."""


class InputError(CriteriaCheckerError):
    """A file the user gave cannot be used: missing, unreadable, malformed or hostile.

    The message is one line: ``FILE: problem``. Line breaks in the problem
    (a library quoting the offending text) become spaces.
    """

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = " ".join(problem.split()) if "\n" in problem or "\r" in problem \
            else problem
        super().__init__(f"{self.path}: {problem}")


class ReferenceNotFound(CriteriaCheckerError):
    """A criteria reference is well formed but names nothing in the criteria set."""


class InvalidReference(CriteriaCheckerError, ValueError):
    """A string is not a criteria reference in any accepted spelling."""


class UsageError(CriteriaCheckerError):
    """An option or argument the user gave does not make sense."""
