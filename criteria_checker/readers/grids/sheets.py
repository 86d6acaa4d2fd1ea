"""One rule for every grid file: each sheet or table becomes a Table, read as in a specification.

A spreadsheet sheet and a CSV file arrive as rows of cell texts (and, for a
workbook, merged ranges); a Word document arrives as its tables. Each is
turned into the :class:`~criteria_checker.readers.docx.blocks.Table` the DOCX
reader builds and given to the same recogniser
(:func:`~criteria_checker.readers.docx.mapping_grids.read_mapping_grid`), so
what counts as a mapping grid, which column holds what and how a merged
unit cell runs down its rows are decided in one place for every format.

What a file of its own adds is handled here, by shape and not by header:

- rows that are empty are dropped, and columns left empty at the left of
  a sheet (or a table) are not part of the grid;
- title rows above the header (a sheet's heading, "Prepared by ...") are
  looked past: the grid may start at any of the first few filled rows, the
  first that reads as a grid winning (a header above its body is met first);
- a merged range of a workbook is a cell spanning its columns and continued
  down its rows, as Word's merged cells are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import field

from criteria_checker.compiled_cache import dataclass
from criteria_checker.model.spec import ReadingNote, SourceLocation
from criteria_checker.readers.docx.blocks import (
    MERGE_CONTINUE,
    MERGE_NONE,
    MERGE_RESTART,
    Cell,
    Row,
    Table,
    collapsed_text,
)
from criteria_checker.readers.docx.mapping_grids import CellAt, GridLink, read_mapping_grid
from criteria_checker.readers.grids.model import GridClaim
from criteria_checker.readers.references import looks_like_references

#: Title rows looked past above a grid's header (blank rows are not counted).
MAX_TITLE_ROWS = 5
#: Cells of merged ranges taken into account; past this, further merges are ignored.
MAX_MERGED_CELLS = 200_000
#: What a sheet is called in messages when it has no usable name.
_UNNAMED = "(unnamed)"
#: The merge state of a cell hidden under a merged range spanning columns.
_COVERED = -1

#: Where a cell is: (row number, grid column) -> location.
Locate = Callable[[CellAt], SourceLocation]


@dataclass(slots=True)
class SheetData:
    """A sheet of a workbook, or a CSV file: its filled rows and its merged ranges.

    ``rows`` are (row number, cell texts from the first column); row numbers
    are 1-based, as the spreadsheet shows them. ``merges`` are (first row,
    first column, last row, last column), rows 1-based and columns 0-based.
    ``skipped`` says what of the sheet was left unread (rows past a limit).
    """

    rows: list[tuple[int, list[str]]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    skipped: str | None = None


def sheet_table(sheet: SheetData, number: int = 1) -> Table:
    """The sheet as the Table a Word table of the same cells would give."""
    merged = _merge_cells(sheet.merges)
    # A merged cell continuing down an otherwise empty row keeps that row in the grid.
    continued = {row for (row, _), (_, state) in merged.items() if state == MERGE_CONTINUE}
    filled = [(n, texts) for n, texts in sheet.rows
              if n in continued or any(t.strip() for t in texts)]
    width = max((len(texts) for _, texts in filled), default=0)
    for (_, col), (span, _) in merged.items():
        width = max(width, col + span)
    rows = []
    for n, texts in filled:
        cells: list[Cell] = []
        col = 0
        while col < width:
            text = texts[col] if col < len(texts) else ""
            span, state = merged.get((n, col), (1, MERGE_NONE))
            if state == _COVERED:
                col += 1
                continue
            cells.append(Cell(_lines(text) if state != MERGE_CONTINUE else [], col, span, state))
            col += span
        rows.append(Row(cells, n, ""))
    return Table(rows=rows, number=number, path="")


def _merge_cells(merges: Sequence[tuple[int, int, int, int]]) -> dict[tuple[int, int],
                                                                     tuple[int, int]]:
    """(row, column) -> (span, merge state) for the cells of merged ranges; _COVERED if hidden."""
    cells: dict[tuple[int, int], tuple[int, int]] = {}
    for top, left, bottom, right in merges:
        if len(cells) + (bottom - top + 1) * (right - left + 1) > MAX_MERGED_CELLS:
            continue  # (the reader clips ranges to what it read; this bounds the rest)
        span = right - left + 1
        for row in range(top, bottom + 1):
            state = (MERGE_RESTART if bottom > top else MERGE_NONE) if row == top \
                else MERGE_CONTINUE
            cells.setdefault((row, left), (span, state))
            for col in range(left + 1, right + 1):
                cells.setdefault((row, col), (1, _COVERED))
    return cells


def _lines(text: str) -> list[str]:
    # (Read as it shows, as a Word document's text is: see collapsed_text.)
    lines = (collapsed_text(line) for line in text.replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def recognise(table: Table) -> list[GridLink] | None:
    """The links of the mapping grid ``table`` holds, looking past title rows; None if none."""
    rows = [row for row in table.rows
            if any(cell.texts or cell.merge == MERGE_CONTINUE for cell in row.cells)]
    for start in range(min(len(rows), MAX_TITLE_ROWS + 1)):
        links = read_mapping_grid(Table(_from_first_column(rows[start:]), table.number,
                                        table.path), bare_rows_continue=False)
        if links is not None:
            return links
    return None


def _from_first_column(rows: list[Row]) -> list[Row]:
    """``rows`` without the columns left of the first that holds anything."""
    first = min((cell.col for row in rows for cell in row.cells if cell.texts), default=0)
    if not first:
        return rows
    return [Row([cell for cell in row.cells if cell.col >= first], row.number, row.table_path,
                row.repeat_header, row.path_override) for row in rows]


def claims_of(links: Sequence[GridLink], locate: Locate, part: str) -> list[GridClaim]:
    """Grid links as claims placed in the file."""
    claims = []
    for link in links:
        assert link.at is not None and link.unit_at is not None
        claims.append(GridClaim(
            unit=link.unit, outcome=link.outcome, criterion=link.criterion,
            refs=tuple(link.refs), location=locate(link.at), unit_location=locate(link.unit_at),
            target_location=locate(link.target_at) if link.target_at is not None else None,
            part=part))
    return claims


def unread_note(what: str, location: SourceLocation, *, skipped: bool = False) -> ReadingNote:
    """The note for a sheet or table holding content that is not a mapping grid.

    ``what`` names it ("Sheet 'Notes' of the mapping grid"); with ``skipped``
    it is the whole message (a sheet read only in part).
    """
    if skipped:
        return ReadingNote(kind="not-understood", message=what, location=location)
    return ReadingNote(
        kind="not-understood", location=location,
        message=f"{what} was not read: it is not a mapping grid (no header row names the unit "
                "beside criteria references or assessment criteria, and it is no tick matrix "
                "of references against units)")


def holds_references(table: Table) -> bool:
    """Whether any cell of ``table`` holds criteria references (a table worth a note)."""
    return any(looks_like_references(text) for row in table.rows for cell in row.cells
               for text in cell.texts)


def column_letter(col: int) -> str:
    """The spreadsheet letters of 0-based column ``col``: 0 -> A, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def printable_name(name: str, limit: int = 40) -> str:
    """A sheet name fit for a one-line message."""
    shown = "".join(c if c.isprintable() else " " for c in name).strip()
    if len(shown) > limit:
        shown = shown[:limit - 3].rstrip() + "..."
    return shown or _UNNAMED
