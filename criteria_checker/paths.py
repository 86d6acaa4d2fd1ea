"""Where the bundled data lives, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

#: The criteria set used when the user names none.
DEFAULT_CRITERIA_ID = "sfc-l5-lmac-2021-05"


def _bundled(name: str) -> Path:
    # A wheel carries the data inside the package (see pyproject.toml); a
    # source checkout or an editable install keeps it at the project root.
    bundled = _PACKAGE_DIR / "_bundled"
    if bundled.is_dir():
        return bundled / name
    return _PACKAGE_DIR.parent / name


def package_file(name: str) -> Path:
    """A file the package carries (``"schemas/spec-1.xsd"``), as a path.

    (Not through importlib.resources: the package is always unpacked on disk,
    as the bundled criteria and rules are, and importing that machinery, with
    zipfile behind it, cost an XML check more than reading the file.)
    """
    return _PACKAGE_DIR / name


def criteria_dir() -> Path:
    """The folder holding the bundled criteria sets."""
    return _bundled("criteria")


def rules_dir() -> Path:
    """The folder holding the bundled rules."""
    return _bundled("rules")
