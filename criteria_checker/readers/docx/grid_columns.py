"""Which column of an outcome/criteria grid holds what: by its header, then by its content.

Headers name the text columns ("Learning outcomes", "Assessment criteria")
but the narrow columns beside them are headed anything or nothing ("No.",
"Ref", "LO", ""), and a mapping column may be headed in words the reader
has never seen. So each column's cells are read too:

- a column of bare criterion numbers ("1.1", "1.1.", "AC1.1", "2.3a") holds
  the criteria's numbers, whatever its header says; one of bare outcome
  numbers ("1", "LO1", "Learning outcome 2") the outcomes';
- a column without a known header whose cells are criteria references is
  a mapping column;
- a column headed as another framework's (National Occupational
  Standards) is never read as mappings, even when its header says "mapping".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from criteria_checker.readers.docx.blocks import Row
from criteria_checker.readers.docx.labels import GridRole, is_other_framework
from criteria_checker.readers.references import looks_like_references

#: Rows sampled to judge a column: a unit's grid keeps its columns from row to row.
_SAMPLE_ROWS = 12
#: Share of a column's non-empty cells that must agree for its content to decide.
_AGREE = 0.8

_AC_NUMBER = re.compile(r"^(?:ac\s*)?\d{1,3}\.\d{1,3}(?:\.\d{1,3})?[a-z]?(?:\s*[-–]\s*[a-z])?"
                        r"[.):]?$", re.IGNORECASE)
_LO_NUMBER = re.compile(r"^(?:lo|learning\s+outcome|outcome)?\s*\d{1,3}[.):]?$", re.IGNORECASE)


def column_roles(header: Row, rows: Sequence[Row],
                 roles: dict[int, GridRole]) -> dict[int, GridRole]:
    """``roles`` from the header, corrected and completed by what the columns hold."""
    roles = dict(roles)
    for cell in header.cells:
        if cell.texts and is_other_framework(cell.text):
            for col in range(cell.col, cell.col + cell.span):
                roles.pop(col, None)
    counts: dict[int, list[int]] = {}  # col -> [non-empty, lo numbers, ac numbers, references]
    for row in rows[:_SAMPLE_ROWS]:
        for cell in row.cells:
            if cell.span != 1 or not cell.texts:
                continue
            tally = counts.get(cell.col)
            if tally is None:
                tally = counts[cell.col] = [0, 0, 0, 0]
            tally[0] += 1
            text = cell.text
            if len(text) <= 24:
                if _AC_NUMBER.match(text):
                    tally[2] += 1
                elif _LO_NUMBER.match(text):
                    tally[1] += 1
            if cell.col not in roles and looks_like_references(text):
                tally[3] += 1
    for col, (filled, lo, ac, refs) in counts.items():
        if ac >= _AGREE * filled:
            roles[col] = "ac"
        elif lo >= _AGREE * filled:
            roles[col] = "lo"
        elif col not in roles and refs >= _AGREE * filled and not _other_framework_col(header,
                                                                                     col):
            roles[col] = "map"
    return roles


def is_criterion_number(text: str) -> bool:
    """'1.1', 'AC 2.3', '1.1.': an assessment criterion's number standing alone."""
    return len(text) <= 24 and _AC_NUMBER.match(text) is not None


def _other_framework_col(header: Row, col: int) -> bool:
    return any(cell.col <= col < cell.col + cell.span and cell.texts
               and is_other_framework(cell.text) for cell in header.cells)
