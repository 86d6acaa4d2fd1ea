"""Which column of an outcome/criteria grid holds what: by its header, then by its content.

Headers name the text columns ("Learning outcomes", "Assessment criteria")
but the narrow columns beside them are headed anything or nothing ("No.",
"Ref", "LO", ""), and a mapping column may be headed in words the reader
has never seen. So each column's cells are read too:

- a column of bare criterion numbers ("1.1", "1.1.", "AC1.1", "2.3a") holds
  the criteria's numbers, whatever its header says; one of bare outcome
  numbers ("1", "LO1", "Learning outcome 2") the outcomes';
- a column without a known header, or headed as criteria ("Level 5
  criteria"), whose cells are criteria references is a mapping column;
- a column headed as another framework's (National Occupational
  Standards) is never read as mappings, even when its header says "mapping".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from criteria_checker.compiled_cache import regex
from criteria_checker.readers.docx.blocks import MERGE_NONE, MERGE_RESTART, Row
from criteria_checker.readers.docx.labels import GridRole, is_other_framework
from criteria_checker.readers.docx.values import split_criterion_number
from criteria_checker.readers.references import has_topic_code, looks_like_references

#: Rows sampled to judge a column: a unit's grid keeps its columns from row to row.
_SAMPLE_ROWS = 8
#: Share of a column's non-empty cells that must agree for its content to decide.
_AGREE = 0.8

#: (Numbers may be bracketed: "(1.1)", "[2]".)
_AC_NUMBER = regex(r"^(?:ac\s*)?[(\[]?(?:[ks](?=\d))?\d{1,3}\.\d{1,3}(?:\.\d{1,3})?[a-z]?"
                   r"(?:\s*[-–]\s*[a-z])?[.):\]]?$|^\d{1,3}\s?\(?[a-z]\)?[.:]?$", re.IGNORECASE)
_LO_NUMBER = regex(r"^(?:lo|learning\s+outcome|outcome)?\s*[(\[]?\d{1,3}[.):\]]?$",
                   re.IGNORECASE)
_COUNT = regex(r"\d{1,2}[.):]?\s+")


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
            # A cell of numbers only, one per line: "1.1" or "1.1\n1.2\n1.3".
            if len(text) <= 24 or "\n" in text:
                lines = text.split("\n")
                if all(len(line) <= 24 and _AC_NUMBER.match(line) for line in lines):
                    tally[2] += 1
                elif all(len(line) <= 24 and _LO_NUMBER.match(line) for line in lines):
                    tally[1] += 1
            if roles.get(cell.col, "ac") == "ac" and _references(text):
                tally[3] += 1
    merged_maps = {cell.col for row in rows[:_SAMPLE_ROWS] for cell in row.cells
                   if cell.merge == MERGE_RESTART and roles.get(cell.col) == "map"}
    for col in merged_maps:
        # Merged down an outcome's rows somewhere: the column maps outcomes,
        # also where an outcome has one criterion and nothing to merge.
        roles[col] = "omap"
    numbers: dict[int, GridRole] = {}  # columns of bare numbers, by what they number
    for col, (filled, lo, ac, refs) in counts.items():
        if ac >= _AGREE * filled:
            roles[col] = numbers[col] = "ac"
        elif lo >= _AGREE * filled:
            roles[col] = numbers[col] = "lo"
        elif lo + ac >= _AGREE * filled and roles.get(col + 1) in ("lo", "ac"):
            # "LO1", "AC1.1", "AC1.2", "LO2": the numbers of a column holding both.
            roles[col] = roles[col + 1]
        elif lo + ac >= _AGREE * filled and ac and col + 1 not in roles:
            # The same beside a column its header does not name: outcomes are rows
            # among the criteria ("1." over "1.1", "1.2"), told by their numbers.
            roles[col] = numbers[col] = "ac"
        elif roles.get(col, "ac") == "ac" and refs >= _AGREE * filled \
                and not _other_framework_col(header, col):
            # Criteria references under any header ("Level 5 criteria" says "criteria"
            # too): criteria themselves are sentences, not references.
            roles[col] = "map"
    for col, role in numbers.items():
        # The words of those numbers in the column beside them, under a header that does
        # not say whose ("LO | Description | AC | Description"): a column of text alone.
        tally = counts.get(col + 1)
        if col + 1 not in roles and tally is not None and not any(tally[1:]):
            roles[col + 1] = role
    for col in _beside_outcomes(roles, rows[:_SAMPLE_ROWS]):
        roles[col] = "omap"
    return roles


def _references(text: str) -> bool:
    """Criteria references only, perhaps a line of them per criterion ("1.1 LMAC5A/LM/A.1")."""
    # (Called on every criterion of a grid: most hold no code at all.)
    if not has_topic_code(text):
        return False
    if looks_like_references(text):
        return True
    if not text[:1].isdigit() and text[:2].lower() != "ac":
        return False
    for line in text.split("\n"):
        number, rest = split_criterion_number(line)
        if number is None:
            counted = _COUNT.match(line)  # "2 LMAC5A/LM/A.1": counted within the outcome
            if counted is None:
                return False
            rest = line[counted.end():]
        if not looks_like_references(rest):
            return False
    return True


def undecided(roles: dict[int, GridRole], rows: Sequence[Row]) -> bool:
    """A mapping column beside outcomes whose rows cannot show what it maps.

    Outcomes that never run over two rows leave it open whether the column
    maps each outcome or its one criterion; so does a column filled where each
    outcome starts with fewer empty rows below than :func:`_beside_outcomes`
    needs (one outcome of two criteria: the second may just be unmapped).
    """
    lo_cols = [col for col, role in roles.items() if role == "lo"]
    if not lo_cols or "map" not in roles.values():
        return False
    if all(_outcome_cell(row, lo_cols[0]) for row in rows[:_SAMPLE_ROWS]):
        return True
    return any(0 < _empty_below_outcomes(col, lo_cols[0], rows[:_SAMPLE_ROWS]) < _SHOWN_BY
               for col, role in roles.items() if role == "map")


def _outcome_cell(row: Row, lo_col: int) -> bool:
    """Whether ``row`` starts an outcome in a cell of its own (not merged down)."""
    outcome = next((cell for cell in row.cells if cell.col == lo_col), None)
    return outcome is not None and outcome.merge == MERGE_NONE and bool(outcome.texts)


#: Empty rows below outcomes' first rows that show a column maps the outcomes.
_SHOWN_BY = 2


def _beside_outcomes(roles: dict[int, GridRole], rows: Sequence[Row]) -> list[int]:
    """Mapping columns filled exactly where an outcome starts: they map the outcomes.

    An outcome printed on its first row only (not merged down), with its
    references beside it and the column empty down its other criteria, maps the
    outcome, not its first criterion. Two empty rows at least must show it.
    """
    lo_cols = [col for col, role in roles.items() if role == "lo"]
    if not lo_cols:
        return []
    return [col for col, role in roles.items()
            if role == "map" and _empty_below_outcomes(col, lo_cols[0], rows) >= _SHOWN_BY]


def _empty_below_outcomes(col: int, lo_col: int, rows: Sequence[Row]) -> int:
    """How many rows show ``col`` filled only where an outcome starts; -1 if a row breaks it.

    The count is of the rows below an outcome's first row, where the column is
    empty; 0 when no outcome runs over two rows.
    """
    starts = continued = 0
    for row in rows:
        cells = {cell.col: cell for cell in row.cells if cell.span == 1}
        outcome = cells.get(lo_col)
        if outcome is None or outcome.merge != MERGE_NONE:
            # A row across the grid, or merged outcome cells (a mapping of the
            # outcome is merged too): not this pattern.
            return -1
        filled = bool(cells[col].texts) if col in cells else False
        if outcome.texts:
            starts += 1
            if not filled:
                return -1
        else:
            continued += 1
            if filled:
                return -1
    return continued if starts else -1


def _other_framework_col(header: Row, col: int) -> bool:
    return any(cell.col <= col < cell.col + cell.span and cell.texts
               and is_other_framework(cell.text) for cell in header.cells)
