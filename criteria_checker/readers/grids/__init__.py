"""Mapping grids submitted beside a specification: Excel (.xlsx), CSV or Word (.docx).

Many submissions keep the mapping of their units to the criteria in a
separate grid. This package reads such a file and joins it onto the
specification read from the submission:

>>> from criteria_checker.readers import read_spec
>>> from criteria_checker.readers.grids import join_grids, read_grid
>>> spec = join_grids(read_spec("spec.docx"),
...                   [read_grid("upload-1234.xlsx", name="grid.xlsx")])  # doctest: +SKIP

:func:`read_grid` tells the format by content, never by extension, and turns
each sheet, the CSV file or each Word table into the Table the DOCX reader
builds, so one recogniser (readers/docx/mapping_grids.py) reads every grid:
criteria-major, unit-major and tick matrices either way round
(see :mod:`.sheets`). :func:`join_grids` puts each claim on the unit, outcome
or criterion it names (see :mod:`.join`). docs/mapping-grids.md describes the
accepted shapes, the naming rule that pairs a grid with its submission
(:mod:`.naming`) and the findings a grid can give.

A file that is not a readable grid at all (damaged, hostile, a PDF) is an
InputError of one line; a sheet or table that is not a grid is a reading
note, and the rest of the file is still read.

Importing this package is cheap (``check`` asks every submission for its
paired grids); the readers, and openpyxl, load when a grid is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.readers.grids.model import GridClaim, GridReading
from criteria_checker.readers.grids.naming import GRID_SUFFIXES, is_grid_name, paired_grids

if TYPE_CHECKING:
    from criteria_checker.model.spec import QualificationSpec

__all__ = ["GRID_SUFFIXES", "GridClaim", "GridReading", "is_grid_name", "join_grids",
           "paired_grids", "read_grid"]


def read_grid(path: str | Path, *, name: str | None = None) -> GridReading:
    """Read the mapping grid file ``path``; ``name`` is how findings name it (default: path).

    Raises InputError (one line naming the file) when the file is not a
    readable grid file at all.
    """
    from criteria_checker.readers.grids.reading import read_grid_file

    return read_grid_file(path, name=name)


def join_grids(spec: QualificationSpec, grids: Sequence[GridReading]) -> QualificationSpec:
    """``spec`` with the grids' mappings joined onto the units they name, and their notes."""
    from criteria_checker.readers.grids.join import join_grids as join

    return join(spec, grids)
