"""Mapping grids: tables that link units to the criteria from outside the units.

An awarding organisation often keeps its mapping in one table, at the end
of the specification or beside it, instead of in each unit's grid:

- criteria-major: a row per criteria item naming the unit and assessment
  criterion that covers it ("Criteria code | Unit number | Assessment
  criterion");
- unit-major: a row per unit (or per assessment criterion) naming the
  criteria it covers ("Unit | AC | Skills for Care criteria"); the unit cell
  is often merged down its rows;
- a tick matrix: criteria references down the first column, units across
  the header (or the other way round), a tick where a unit covers one, or
  the unit's criteria (or outcomes) that cover it named in the cell ("1.1,
  2.3", "LO2");
- where covered: a column naming unit and criterion together, several to a
  cell ("Unit 501 AC1.1; Unit 502 AC1.1"), read by :mod:`.where_covered`.

Each is read into :class:`GridLink` records, whatever the column order: a
column is known by its header ("Unit ...", "AC", "Learning outcome", any
label naming the criteria) or, for the references, by its content. The
links are joined onto the units at the end of the read, when every unit is
known (see ``LayoutReader``); a link naming a unit or criterion the
specification does not have becomes a reading note, never a crash.

The same recogniser reads mapping grids submitted as files of their own
(spreadsheets, CSV, Word tables: :mod:`criteria_checker.readers.grids`),
which turn each sheet into a :class:`Table` first. Each link therefore also
records the cells it was read from (:class:`CellAt`), so that a finding can
name the row and column of a spreadsheet. One difference is asked for by
the caller: in a grid of its own, an empty unit cell that is not merged
continues the unit above only on a row naming an assessment criterion or
learning outcome (``bare_rows_continue=False``). A grid listing every
criteria item, a row each, leaves the unit empty where no unit covers the
item; a specification's appendix grid keeps its long-standing reading.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.readers.docx.blocks import MERGE_CONTINUE, Cell, Row, Table
from criteria_checker.readers.docx.labels import (
    grid_role,
    is_mapping_label,
    is_other_framework,
    looks_like_urn,
    normalise_label,
)
from criteria_checker.readers.docx.units import Where, row_where
from criteria_checker.readers.references import looks_like_references, split_mappings

Ref = tuple[str, str | None]


class CellAt(NamedTuple):
    """A cell of a table: its row's number (1-based, as :class:`Row` numbers it) and grid column."""

    row: int
    col: int


@dataclass(slots=True)
class GridLink:
    """One claim of a mapping grid: a unit (and maybe its outcome or criterion) covers refs.

    ``at`` is the cell making the claim (the references, or the tick of a
    matrix); ``unit_at`` and ``target_at`` the cells naming the unit and the
    criterion (else outcome).
    """

    unit: str
    outcome: str | None
    criterion: str | None
    refs: list[Ref]
    where: Where
    at: CellAt | None = None
    unit_at: CellAt | None = None
    target_at: CellAt | None = None


_UNIT_COLUMN = regex(r"^(unit|units|urn|uan|unit (no|number|ref|reference|reference number|code|"
                          r"id|title|name)|ofqual unit (number|reference|ref)|unit urn)$")
#: The word "unit" anywhere in a header ("Units and assessment criteria", "Covered in (unit/AC)").
UNITS_WORD = regex(r"\bunits?\b")
_AC_COLUMN = regex(r"^(ac|acs|ac no|ac number|ac ref|assessment criteri\w*( no| number| ref)?|"
                        r"criterion|criterion number)$")
_LO_COLUMN = regex(r"^(lo|los|lo no|lo number|learning outcomes?( no| number)?|outcome)$")
_HOURS_COLUMN = regex(r"\b(glh|guided learning|tqt|credits?|level)\b")
#: What a tick matrix puts where a unit covers a reference.
_TICKS = frozenset({"✓", "✔", "✔️", "☑", "☒", "x", "y", "yes", "•", "●", "*", "■", "√", "+",
                    # Wingdings' tick and ticked box typed as letters in that font.
                    "ü", "þ"})
_CROSSES = frozenset({"✗", "✘"})
_NO_TICKS = frozenset({"", "-", "–", "—", "no", "n", "n/a", "na", "0"})
#: The AC cell of a mapping grid holds numbers: "1.1", "AC 1.1, 1.2", "2.3a", "(1.1)".
_NUMBERS_ONLY = regex(r"^[\sA-Za-z]{0,3}[(\[]?\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?[)\]]?\.?"
                           r"(?:\s*[,;&/\n]\s*(?:ac\s*)?[(\[]?\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?"
                           r"[)\]]?\.?)*$", re.IGNORECASE)
_NUMBER = regex(r"\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?", re.IGNORECASE)
_HEADER_ROWS = 3
_DIGIT = regex(r"\d")
#: "LO2" in a matrix's cell: the unit's outcome, not a criterion.
_OUTCOME_NUMBER = regex(r"^lo\s*\d", re.IGNORECASE)


def read_mapping_grid(table: Table, *, bare_rows_continue: bool = True) -> list[GridLink] | None:
    """The links a mapping grid or tick matrix states; None when ``table`` is neither.

    ``bare_rows_continue``: whether a row whose unit cell is empty (and not
    merged) continues the unit above even when it names no assessment
    criterion or outcome (see the module docstring).
    """
    links = _read_columns(table, bare_rows_continue)
    if links is None:
        links = _read_matrix(table)
    if links is None:
        from criteria_checker.readers.docx.where_covered import read_where_covered

        links = read_where_covered(table)
    return links


def names_a_unit(header: Row) -> bool:
    """Whether a header row has a column naming the unit ("Unit", "Unit number", "URN"), or
    units among other things ("Units and assessment criteria", "Unit/AC")."""
    # (Units in brackets count: "Covered in (unit/AC)"; normalise_label drops brackets.)
    return any(cell.texts and (_UNIT_COLUMN.match(normalise_label(cell.text)) is not None
                               or UNITS_WORD.search(cell.text.casefold()) is not None)
               for cell in header.cells)


def unit_columns(header: Row, roles: Collection[int]) -> tuple[int, ...]:
    """The columns of an outcome grid's header, outside its ``roles``, that name the unit
    ("Unit | Learning outcome | Assessment criteria"): some specifications give every
    unit's outcomes in one table, the unit named on its first row (or on every row)."""
    return tuple(cell.col for cell in header.cells
                 if cell.texts and cell.span == 1 and cell.col not in roles
                 and _UNIT_COLUMN.match(normalise_label(cell.text)) is not None)


# -- criteria-major and unit-major grids ------------------------------------------------

def _read_columns(table: Table, bare_rows_continue: bool) -> list[GridLink] | None:
    rows = table.rows
    for index, header in enumerate(rows[:_HEADER_ROWS]):
        roles = _column_roles(header)
        if roles is None:
            continue
        body = rows[index + 1:]
        if "refs" not in roles.values():
            refs_col = _references_column(body, roles)
            if refs_col is None:
                continue
            roles[refs_col] = "refs"
        elif not _any_references(body, roles):
            # "URN | Ref. | Outcome and criteria": a unit's own grid, its texts under a
            # header that names criteria as a mapping column's may.
            return None
        if not _numbers_in(body, roles, "ac") or not _numbers_in(body, roles, "lo"):
            return None  # the unit's own outcome/criteria grid, with text
        return _links(table, body, roles, bare_rows_continue)
    return None


def _column_roles(header: Row) -> dict[int, str] | None:
    roles: dict[int, str] = {}
    for cell in header.cells:
        if not cell.texts:
            continue
        if _DIGIT.search(cell.text) is not None:
            return None  # a value: "Unit number | 501" is a unit's facts, not a header
        label = normalise_label(cell.text)
        if _HOURS_COLUMN.search(label):
            return None  # a unit list
        role: str | None = None
        if _UNIT_COLUMN.match(label):
            role = "unit"
        elif _AC_COLUMN.match(label):
            role = "ac"
        elif _LO_COLUMN.match(label):
            role = "lo"
        elif is_mapping_label(cell.text) and not is_other_framework(cell.text):
            role = "refs"
        elif (named := grid_role(cell.text)) in ("lo", "ac"):
            # "Assessment criteria – The learner can:": a unit's own grid names its columns
            # so, and the texts below them (not numbers) tell it from a mapping grid.
            role = named
        if role is not None and role not in roles.values():
            roles[cell.col] = role
    if "unit" not in roles.values() or not ({"refs", "ac", "lo"} & set(roles.values())):
        return None
    return roles


def _references_column(body: list[Row], roles: dict[int, str]) -> int | None:
    """The unlabelled column whose cells are criteria references, if there is one."""
    counts: dict[int, list[int]] = {}
    for row in body[:40]:
        for cell in row.cells:
            if cell.col in roles or not cell.texts:
                continue
            tally = counts.setdefault(cell.col, [0, 0])
            tally[0] += 1
            tally[1] += looks_like_references(cell.text)
    found = [col for col, (filled, refs) in counts.items() if refs and refs * 5 >= filled * 4]
    return found[0] if len(found) == 1 else None


def _any_references(body: list[Row], roles: dict[int, str]) -> bool:
    """Whether the references column holds a reference in any of its first rows."""
    col = next(col for col, role in roles.items() if role == "refs")
    return any(cell.col == col and cell.texts and looks_like_references(cell.text)
               for row in body[:40] for cell in row.cells)


def _numbers_in(body: list[Row], roles: dict[int, str], role: str) -> bool:
    """Whether the column of ``role`` (if any) holds numbers only, as a mapping grid's does."""
    cols = [col for col, r in roles.items() if r == role]
    if not cols:
        return True
    texts = [cell.text for row in body[:40] for cell in row.cells
             if cell.col == cols[0] and cell.texts]
    return sum(1 for text in texts if _NUMBERS_ONLY.match(text)) * 5 >= len(texts) * 4


def _links(table: Table, body: list[Row], roles: dict[int, str],
           bare_rows_continue: bool) -> list[GridLink]:
    links: list[GridLink] = []
    cols = {role: col for col, role in roles.items()}
    unit: str | None = None
    unit_at: CellAt | None = None
    outcome: str | None = None
    outcome_at: CellAt | None = None
    for row in body:
        values: dict[str, str] = {}
        merged: set[str] = set()
        for cell in row.cells:
            role = roles.get(cell.col)
            if role is None:
                continue
            if cell.merge == MERGE_CONTINUE:
                merged.add(role)
            elif cell.texts:
                values[role] = cell.text
        if "unit" in values:
            unit, outcome = " ".join(values["unit"].split()), None
            unit_at = CellAt(row.number, cols["unit"])
        elif "unit" not in merged and not values.get("refs"):
            continue  # a blank or sub-heading row
        elif "unit" not in merged and not bare_rows_continue \
                and not ({"ac", "lo"} & values.keys()):
            continue  # a row no unit is named for: its references map nothing
        if "lo" in values:
            outcome = _clean(values["lo"])
            outcome_at = CellAt(row.number, cols["lo"])
        if unit is None:
            continue
        refs = [pair for line in values.get("refs", "").split("\n")
                for pair in split_mappings(line)]
        if not refs:
            continue
        where = row_where(table.number, row)
        refs_at = CellAt(row.number, cols["refs"])
        numbers = _NUMBER.findall(values["ac"]) if "ac" in values else []
        if numbers:
            target_at = CellAt(row.number, cols["ac"])
            links.extend(GridLink(unit, outcome, n, refs, where, refs_at, unit_at, target_at)
                         for n in numbers)
        else:
            links.append(GridLink(unit, outcome, None, refs, where, refs_at, unit_at,
                                  outcome_at if outcome is not None else None))
    return links


# -- tick matrices ------------------------------------------------------------------------

def _read_matrix(table: Table) -> list[GridLink] | None:
    rows = table.rows
    if len(rows) < 2 or len(rows[0].cells) < 2:
        return None
    header = rows[0]
    body = rows[1:]
    firsts = [row.cells[0].text for row in body if row.cells and row.cells[0].texts]
    heads = [cell.text for cell in header.cells[1:] if cell.texts]
    ticks = _marks(body)
    if ticks is None and not _numbered_cells(body):
        return None
    if firsts and _mostly_references(firsts):
        # References down, units across.
        units = {cell.col: " ".join(cell.text.split()) for cell in header.cells[1:] if cell.texts}
        links = []
        for row in body:
            if not row.cells or not row.cells[0].texts:
                continue
            refs = split_mappings(row.cells[0].text)
            where = row_where(table.number, row)
            for cell in row.cells[1:]:
                if cell.col in units:
                    links += _marked(cell, ticks, units[cell.col], list(refs), where,
                                     CellAt(row.number, cell.col),
                                     CellAt(header.number, cell.col))
        return links
    if heads and _mostly_references(heads):
        # Units down, references across.
        refs_by_col = {cell.col: split_mappings(cell.text) for cell in header.cells[1:]
                       if cell.texts}
        links = []
        for row in body:
            if not row.cells or not row.cells[0].texts:
                continue
            unit = " ".join(row.cells[0].text.split())
            where = row_where(table.number, row)
            unit_at = CellAt(row.number, row.cells[0].col)
            for cell in row.cells[1:]:
                if cell.col in refs_by_col:
                    links += _marked(cell, ticks, unit, list(refs_by_col[cell.col]), where,
                                     CellAt(row.number, cell.col), unit_at)
        return links
    return None


def _marked(cell: Cell, ticks: frozenset[str] | None, unit: str, refs: list[Ref],
            where: Where, at: CellAt, unit_at: CellAt) -> list[GridLink]:
    """What one cell of a matrix claims: the unit (ticked), or the criteria it numbers."""
    if ticks is not None:
        return [GridLink(unit, None, None, refs, where, at, unit_at)] \
            if _is_tick(cell.text, ticks) else []
    text = cell.text.strip()
    if not text or text.casefold() in _NO_TICKS:
        return []
    if _OUTCOME_NUMBER.match(text):
        # ("LO2": the unit's outcome.)
        return [GridLink(unit, n, None, refs, where, at, unit_at, at)
                for n in _NUMBER.findall(text)]
    return [GridLink(unit, None, n, refs, where, at, unit_at, at) for n in _NUMBER.findall(text)]


def _numbered_cells(body: list[Row]) -> bool:
    """Whether a matrix's cells name criteria instead of ticking ("1.1", "AC 1.2, 2.1",
    "LO2"): every cell but the first of each row blank or numbers only, some numbered."""
    seen = False
    for row in body:
        for cell in row.cells[1:]:
            text = cell.text.strip()
            if not text or text.casefold() in _NO_TICKS:
                continue
            if _NUMBERS_ONLY.match(text) is None or (
                    "." not in text and _OUTCOME_NUMBER.match(text) is None):
                return False
            seen = True
    return seen


def _mostly_references(texts: list[str]) -> bool:
    return sum(1 for text in texts if looks_like_references(text)) * 5 >= len(texts) * 4


def _marks(body: list[Row]) -> frozenset[str] | None:
    """The marks that tick in a matrix; None unless every cell is a mark or blank.

    Every cell but the first of each row counts. A cross (✗) beside ticks says
    "no"; a matrix marked with crosses alone uses them as its ticks.
    """
    seen: set[str] = set()
    for row in body:
        for cell in row.cells[1:]:
            text = cell.text.strip().casefold()
            if text in _TICKS or text in _CROSSES:
                seen.add(text)
            elif text not in _NO_TICKS:
                return None
    if not seen:
        return None
    return _TICKS if seen - _CROSSES else _CROSSES


def _is_tick(text: str, ticks: frozenset[str]) -> bool:
    return text.strip().casefold() in ticks


# -- joining ------------------------------------------------------------------------------

def unit_key(text: str) -> str:
    """How a unit is matched: 'Unit 501', '501', 'unit 501:' all give '501'; URNs compact."""
    text = " ".join(text.split()).casefold()
    text = regex(r"^unit\s*(no\.?|number)?\s*").sub("", text).strip(" :.-–")
    if looks_like_urn(text):
        return "".join(text.split()).upper().casefold()
    return text


def criterion_key(text: str) -> str:
    """'AC 1.1.', '1.1' and 'ac1.1' all give '1.1'."""
    return _clean(regex(r"^(ac|lo)\s*", re.IGNORECASE).sub("", text.strip()))


def _clean(text: str) -> str:
    return " ".join(text.split()).strip().strip("()[]").rstrip(".):").strip()
