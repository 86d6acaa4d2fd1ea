"""The line of each key in a TOML file, which tomllib does not give.

A light scan of the text: table headers (``[a.b."c"]``) set the current
table, and ``key = ...`` lines (dotted keys too) define keys in it; the
insides of multi-line strings are skipped. A key written inside an inline
table (``"drafts/*" = { ignore = [...] }``) is placed on its table's line.
"""

from __future__ import annotations

from collections.abc import Sequence

from criteria_checker.compiled_cache import regex

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_KEY = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER = regex(rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]\]?[ \t]*(?:#.*)?")
_ASSIGNMENT = regex(rf"[ \t]*({_DOTTED})[ \t]*=")
_KEY_PART = regex(_KEY)
_TRIPLE = regex(r'"""|\'\'\'')

KeyPath = tuple[str, ...]


def _parts(dotted: str) -> KeyPath:
    parts = []
    for match in _KEY_PART.finditer(dotted):
        part = match.group()
        if part.startswith('"'):
            import json  # here: only a quoted key needs it, and most files have none

            try:
                part = json.loads(part)
            except ValueError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def key_lines(text: str) -> dict[KeyPath, int]:
    """The 1-based line where each table and key is first written, by its full key path."""
    lines: dict[KeyPath, int] = {}
    table: KeyPath = ()
    open_string: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if open_string is not None:
            if line.count(open_string) % 2:
                open_string = None
            continue
        header = _HEADER.fullmatch(line)
        if header:
            table = _parts(header.group(1))
            for end in range(1, len(table) + 1):
                lines.setdefault(table[:end], number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if not assignment:
            continue
        path = table + _parts(assignment.group(1))
        for end in range(len(table) + 1, len(path) + 1):
            lines.setdefault(path[:end], number)
        delimiters = _TRIPLE.findall(line[assignment.end():])
        if len(delimiters) % 2:
            open_string = delimiters[0]
    return lines


def line_of(lines: dict[KeyPath, int], path: Sequence[str]) -> int | None:
    """The line of ``path``, else of the nearest enclosing key or table that has one."""
    for end in range(len(path), 0, -1):
        if tuple(path[:end]) in lines:
            return lines[tuple(path[:end])]
    return None
