"""Suggestions as an XLSX workbook of tables (docs/suggest.md), the same bytes for the same rows.

Built with the evidence workbook's conventions (:mod:`criteria_checker.evidence.xlsx`):
every text a string cell, never a formula; fixed document properties and ZIP
dates; a bold, frozen header row with an autofilter; columns as wide as their
contents up to a cap. A text beginning with ``=``, ``+``, ``-`` or ``@`` also
carries Excel's quote prefix, so it stays text when someone edits the cell.
Imports openpyxl.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from criteria_checker.evidence.xlsx import (
    finish_table,
    fit_columns,
    new_workbook,
    put,
    workbook_bytes,
    write_header,
)
from criteria_checker.reporters.suggestions import SUGGESTION_COLUMNS, UNCLAIMED_COLUMNS

if TYPE_CHECKING:
    from criteria_checker.similarity.suggest import Suggestions

#: The widest a column is made, in characters.
MAX_WIDTH = 60
_FORMULA_STARTS = ("=", "+", "-", "@")

Cell = str | int | float | None
Table = tuple[str, Sequence[str], Sequence[Sequence[Cell]]]


def write_workbook(tables: Sequence[Table]) -> bytes:
    """One sheet per (name, headings, rows), in order, as XLSX bytes."""
    workbook = new_workbook()
    for name, headings, rows in tables:
        sheet = workbook.create_sheet(title=name)
        write_header(sheet, headings)
        for row_number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = put(sheet, row_number, column, value)
                if isinstance(value, str) and str(cell.value).startswith(_FORMULA_STARTS):
                    cell.quotePrefix = True
        fit_columns(sheet, [MAX_WIDTH] * len(headings))
        finish_table(sheet, columns=len(headings), last_row=len(rows) + 1)
    return workbook_bytes(workbook)


def render_xlsx(found: Suggestions, *, item_texts: dict[str, str]) -> bytes:
    """A workbook of two sheets, Suggestions and Unclaimed, one row per candidate."""
    suggestion_rows: list[list[str | int | float | None]] = []
    unclaimed_rows: list[list[str | int | float | None]] = []
    for s in found.suggestions:
        for rank, c in enumerate(s.candidates, start=1):
            suggestion_rows.append([s.unit, s.criterion, s.text, rank, c.ref, c.score,
                                    item_texts.get(c.ref, "")])
        if not s.candidates:
            suggestion_rows.append([s.unit, s.criterion, s.text, None, None, None, None])
    for u in found.unclaimed:
        for rank, cc in enumerate(u.candidates, start=1):
            unclaimed_rows.append([u.ref, u.text, rank, cc.unit, cc.criterion, cc.score,
                                   cc.text])
        if not u.candidates:
            unclaimed_rows.append([u.ref, u.text, None, None, None, None, None])
    return write_workbook([("Suggestions", SUGGESTION_COLUMNS, suggestion_rows),
                           ("Unclaimed", UNCLAIMED_COLUMNS, unclaimed_rows)])
