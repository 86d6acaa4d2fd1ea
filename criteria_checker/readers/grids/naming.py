"""Which mapping grid belongs to which submission: the naming rule.

A grid kept beside a specification is named after it: ``NAME.mapping.xlsx``,
``NAME.mapping.csv`` or ``NAME.mapping.docx`` beside ``NAME.docx`` (or
``NAME.xml``). ``check``, ``hook`` and ``batch`` join such a grid onto its
specification without being told; a batch never checks it as a submission
of its own. This module imports nothing heavy: ``batch`` and ``check`` use it
on every file.
"""

from __future__ import annotations

from pathlib import Path

#: What a grid's name carries between the specification's stem and its own suffix.
GRID_MARKER = ".mapping"
#: The formats a mapping grid may come in, as file suffixes, in the order they are joined.
GRID_SUFFIXES = (".xlsx", ".csv", ".docx")


def is_grid_name(path: Path) -> bool:
    """Whether ``path`` is named as a mapping grid (``NAME.mapping.xlsx``, ...)."""
    name = path.name.casefold()
    return any(name.endswith(GRID_MARKER + suffix) and len(name) > len(GRID_MARKER + suffix)
               for suffix in GRID_SUFFIXES)


def paired_grids(spec: Path) -> tuple[Path, ...]:
    """The grids named after ``spec`` that exist beside it, in the order of GRID_SUFFIXES.

    A file named as a grid has no grids of its own; a grid that cannot be
    looked at (no permission) is still returned, so that reading it says why.
    """
    if not spec.name or is_grid_name(spec):
        return ()
    found = []
    for suffix in GRID_SUFFIXES:
        candidate = spec.with_name(spec.stem + GRID_MARKER + suffix)
        try:
            present = candidate.exists() or candidate.is_symlink()
        except OSError:
            present = True
        if present:
            found.append(candidate)
    return tuple(found)
