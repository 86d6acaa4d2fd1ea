"""Writing an imported criteria set as a criteria file, with the importer's notes as comments.

The data is dumped key by key with PyYAML (so quoting is always right) and
the notes go in comments above the keys they concern: what CASE could not
carry, what could not be placed, and framework notes with no field of their
own. Comments never change what the file means.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

HOURS_COMMENT = (
    "Placeholders: CASE carries no hours. Fill in the bands from the source (Section A,\n"
    "Total Qualification Time); until then no specification can meet them.")
REQUIREMENTS_COMMENT = (
    "CASE carries no Section A or C requirements: add them from the source.")


def one_line(text: str) -> str:
    """Text fit for one comment line: whitespace runs as one space, controls escaped."""
    joined = " ".join(text.split())
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", joined)


def comment(text: str) -> str:
    """``text`` as YAML comment lines (each line of it one comment line, indent kept)."""
    lines = []
    for line in text.split("\n"):
        indent = line[:len(line) - len(line.lstrip(" "))]
        lines.append(f"# {indent}{one_line(line)}".rstrip() + "\n")
    return "".join(lines)


def _dump(key: str, value: Any) -> str:
    return yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=False)


def _bands(hours: dict[str, dict[str, int]]) -> str:
    lines = ["hours:\n"]
    for name, band in hours.items():
        lines.append(f"  {name}: {{min: {band['min']}, max: {band['max']}}}\n")
    return "".join(lines)


def criteria_yaml(data: dict[str, Any], header: Sequence[str]) -> str:
    """The criteria file: ``header`` lines as comments, then every key of ``data`` in order."""
    parts = [comment("\n".join(header)) if header else ""]
    for key, value in data.items():
        if key == "hours":
            parts.append(comment(HOURS_COMMENT) + _bands(value))
        elif key == "requirements" and not value:
            parts.append(comment(REQUIREMENTS_COMMENT) + "requirements: []\n")
        else:
            parts.append(_dump(key, value))
    return "".join(parts)
