"""Mapping grids that say where each criteria item is covered, in one column of text.

Beside "Criteria code | Unit | AC" (:mod:`.mapping_grids`), many appendices
name the unit and its criterion together, several to a cell:

    Skills for Care criteria | Where covered
    LMAC5A/LM/A.1            | Unit 501 AC1.1; Unit 502 AC1.1
    LMAC5A/LM/A.2            | 501: 1.2, 1.3
    LMAC5A/LM/B              | Unit 503 (all), Unit H/650/2114 LO2

A column is such a list when four in five of its cells read as lists of
items, each a unit (by the word "Unit", a URN, or under a header naming
units) followed by nothing (the whole unit), learning outcomes ("LO2") or
assessment criteria ("AC1.1, 1.2", or bare dotted numbers); the references
are the column of criteria references beside it. Each item becomes a
:class:`~.mapping_grids.GridLink`, joined onto the unit like any other.
"""

from __future__ import annotations

import re

from criteria_checker.compiled_cache import regex
from criteria_checker.readers.docx.blocks import Row, Table
from criteria_checker.readers.docx.mapping_grids import UNITS_WORD, CellAt, GridLink
from criteria_checker.readers.docx.units import row_where
from criteria_checker.readers.references import (
    has_topic_code,
    looks_like_references,
    split_mappings,
)

#: Rows a column is judged on, and the share of its cells that must agree.
_SAMPLE_ROWS = 40
_AGREE = 0.8
_HEADER_ROWS = 3

_NUMBER = r"\d{1,2}(?:\.\d{1,2})?[a-z]?"
_ITEM = regex(
    rf"""(?ix)^
    (?P<word>unit\s*)?
    (?P<unit>[a-z]\s*/\s*\d{{3}}\s*/\s*\d{{4}}|[a-z]{{0,4}}\d{{1,4}}[a-z]?)
    (?:\s*[-:,/–]\s*|\s+)?
    (?:\(?\s*
        (?P<kind>acs?|los?|assessment\s+criteri(?:on|a)|learning\s+outcomes?|criteri(?:on|a)|
           outcomes?|all)?\s*\.?\s*
        (?P<numbers>[(\[]?{_NUMBER}[)\]]?
           (?:\s*(?:,|&|and)\s*(?:ac\s*|lo\s*)?[(\[]?{_NUMBER}[)\]]?)*)?
    \s*\)?)?
    $""")
#: Where a cell's items part: "; ", a new line, or ", " before the next "Unit".
_ITEM_BREAK = regex(r"\s*(?:;|\n|,\s*(?=unit\b)|\band\s+(?=unit\b))\s*", re.IGNORECASE)
_URN = regex(r"^[a-z]\s*/\s*\d{3}\s*/\s*\d{4}$", re.IGNORECASE)

Item = tuple[str, str | None, str | None]  # unit, outcome, criterion


def read_where_covered(table: Table) -> list[GridLink] | None:
    """The links of a grid naming where each reference is covered; None if it is not one."""
    rows = table.rows
    # (Asked of every table no other shape fits, unit facts among them: most hold no
    # criteria code at all.)
    if not any(has_topic_code(text) for row in rows[1:_HEADER_ROWS + 1] for cell in row.cells
               for text in cell.texts):
        return None
    # Units named by a header above the body ("Units and assessment criteria"); rows that
    # are no item lists (headers, titles) are passed over by _links.
    names_units = {cell.col for row in rows[:_HEADER_ROWS] for cell in row.cells
                   if UNITS_WORD.search(cell.text.casefold())}
    columns = _columns(rows[1:], names_units)
    if columns is None:
        return None
    return _links(table, rows[1:], *columns, names_units)


def _columns(body: list[Row], names_units: set[int]) -> tuple[int, int] | None:
    """(references column, where-covered column), each agreeing down four in five cells."""
    counts: dict[int, list[int]] = {}  # col -> [filled, references, item lists]
    for row in body[:_SAMPLE_ROWS]:
        for cell in row.cells:
            if not cell.texts:
                continue
            tally = counts.setdefault(cell.col, [0, 0, 0])
            tally[0] += 1
            text = cell.text
            if looks_like_references(text):
                tally[1] += 1
            elif _items(text, cell.col in names_units) is not None:
                tally[2] += 1
    refs = [col for col, (filled, r, _) in counts.items() if filled >= 2 and r >= _AGREE * filled]
    where = [col for col, (filled, _, i) in counts.items() if filled >= 2
             and i >= _AGREE * filled]
    if len(refs) != 1 or len(where) != 1:
        return None
    return refs[0], where[0]


def _items(text: str, under_units: bool) -> list[Item] | None:
    """The (unit, outcome, criterion) items of a cell, or None if any part is not one."""
    items: list[Item] = []
    for part in _ITEM_BREAK.split(text.strip()):
        if not part:
            continue
        match = _ITEM.match(part.strip().rstrip("."))
        if match is None:
            return None
        unit = match["unit"]
        if not (match["word"] or _URN.match(unit) or under_units):
            return None  # "1.2" alone, or a code: no unit named
        unit = "".join(unit.split()) if _URN.match(unit) else unit
        kind = (match["kind"] or "").casefold()
        numbers = re.findall(_NUMBER, match["numbers"] or "", re.IGNORECASE)
        if not numbers:
            items.append((unit, None, None))
        elif kind.startswith(("lo", "learning", "outcome")):
            items.extend((unit, number, None) for number in numbers)
        elif kind or all("." in number or number[-1:].isalpha() for number in numbers):
            items.extend((unit, None, number) for number in numbers)
        else:
            return None  # "Unit 501 2": an outcome or a count?
    return items or None


def _links(table: Table, body: list[Row], refs_col: int, where_col: int,
           names_units: set[int]) -> list[GridLink]:
    links: list[GridLink] = []
    for row in body:
        cells = {cell.col: cell for cell in row.cells if cell.texts}
        refs_cell, where_cell = cells.get(refs_col), cells.get(where_col)
        if refs_cell is None or where_cell is None:
            continue
        refs = [pair for line in refs_cell.texts for pair in split_mappings(line)]
        items = _items(where_cell.text, where_col in names_units)
        if not refs or items is None:
            continue
        where = row_where(table.number, row)
        at, target_at = CellAt(row.number, refs_col), CellAt(row.number, where_col)
        links.extend(GridLink(f"Unit {unit}" if not _URN.match(unit) else unit, outcome,
                              criterion, list(refs), where, at, target_at,
                              target_at if outcome or criterion else None)
                     for unit, outcome, criterion in items)
    return links
