"""What every workbook the tool writes does, whatever its sheets.

- **No formulas from a document.** Every text is stored as a string cell,
  whatever it begins with (``=``, ``+``, ``-``, ``@``): openpyxl would
  otherwise store ``=HYPERLINK(...)`` from a unit title as a live formula.
  Control characters are shown as ``\\x1b``-style escapes, as in every
  report, and a text longer than a cell holds is cut with a note.
- **The same input gives the same bytes.** The document properties carry a
  fixed creator and fixed times, and the ZIP entries a fixed date, in the
  order openpyxl writes them.
- **Readable on screen and on paper.** A bold header row, frozen and repeated
  on every printed page; an autofilter; columns as wide as their contents up
  to a cap; wrapped text with rows tall enough for it; landscape pages one
  page wide, with the sheet name and page number in the footer.

Importing this module imports openpyxl: only the paths that write a workbook do.
"""

from __future__ import annotations

import datetime
import io
import math
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import (  # type: ignore[import-untyped, unused-ignore]
    Alignment,
    Border,
    Font,
    PatternFill,
    Side,
)
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.properties import (  # type: ignore[import-untyped, unused-ignore]
    PageSetupProperties,
)
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped, unused-ignore]

from criteria_checker.reporters.base import utf8_safe, visible

#: The author the document properties name.
CREATOR = "criteria-checker"
#: The created and modified times of every workbook: fixed, so bytes never depend on the clock.
FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
#: The most characters a spreadsheet cell holds.
MAX_CELL_TEXT = 32767
#: Every cell's font: Arial, or its metric twin Liberation Sans where LibreOffice runs.
FONT_NAME = "Arial"
FONT_SIZE = 10
#: Points per line of text, for row heights.
LINE_HEIGHT = 13.0
#: Characters of text per unit of column width: widths are counted in digits of the
#: default font (Calibri 11), wider than the average letter of Arial 10.
CHARS_PER_WIDTH = 1.25
MAX_ROW_HEIGHT = 409.0

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9DEE4")


def font(*, bold: bool = False, color: str | None = None) -> Any:
    """The one font of every workbook, bold or coloured as asked."""
    return Font(name=FONT_NAME, size=FONT_SIZE, bold=bold, color=color)


HEADER_FONT = font(bold=True)
PLAIN_FONT = font()
WRAP = Alignment(wrap_text=True, vertical="top")
NO_WRAP = Alignment(vertical="top")


def new_workbook() -> Any:
    """An empty workbook (its default sheet removed), with the fixed document properties."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    properties = workbook.properties
    properties.creator = CREATOR
    properties.lastModifiedBy = CREATOR
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME
    return workbook


def cell_text(text: str) -> str:
    """``text`` as a cell can hold it: controls made visible, lines kept, length capped."""
    shown = utf8_safe("\n".join(visible(line) for line in text.split("\n")))
    if len(shown) <= MAX_CELL_TEXT:
        return shown
    hidden = len(shown) - MAX_CELL_TEXT
    while True:  # the note takes room too: hide as many more characters as it is long
        note = f"… ({hidden} more characters not shown)"
        if len(shown) - (MAX_CELL_TEXT - len(note)) == hidden:
            return shown[:MAX_CELL_TEXT - len(note)] + note
        hidden = len(shown) - (MAX_CELL_TEXT - len(note))


def put(sheet: Any, row: int, column: int, value: str | float | None, *,
        wrap: bool = True) -> Any:
    """Write one cell: text always as a string (never a formula), numbers as numbers."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = cell_text(value)
        # openpyxl reads a leading "=" as a formula and "#N/A" as an error: say it is text.
        cell.data_type = "s"
    else:
        cell.value = value
    cell.alignment = WRAP if wrap else NO_WRAP
    cell.border = BORDER
    cell.font = PLAIN_FONT
    return cell


def write_header(sheet: Any, headings: Sequence[str], row: int = 1) -> None:
    """A bold, shaded header row."""
    for column, heading in enumerate(headings, start=1):
        cell = put(sheet, row, column, heading)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL


def fit_columns(sheet: Any, caps: Sequence[int], *, first_row: int = 1,
                minimum: int = 6) -> list[float]:
    """Set each column as wide as its longest line, within ``minimum`` and its cap; the widths."""
    widths = []
    for index, cap in enumerate(caps, start=1):
        longest = 0
        for (value,) in sheet.iter_rows(min_row=first_row, min_col=index, max_col=index,
                                        values_only=True):
            if value is not None:
                longest = max(longest, *(len(line) for line in str(value).split("\n")))
        width = float(min(cap, max(minimum, longest + 2)))
        sheet.column_dimensions[get_column_letter(index)].width = width
        widths.append(width)
    return widths


def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes when wrapped at spaces into lines of ``width`` characters."""
    lines, used = 1, 0
    for word in text.split(" "):
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + len(word)
        if used > width:  # a word longer than a line breaks where it must
            extra = math.ceil(used / width) - 1
            lines, used = lines + extra, used - extra * width
    return lines


def fit_rows(sheet: Any, widths: Sequence[float], *, first_row: int = 1) -> None:
    """Give every row the height its wrapped text needs in columns of ``widths``."""
    for row in sheet.iter_rows(min_row=first_row, max_col=len(widths)):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            if cell.value is None:
                continue
            per_line = max(1, int((width - 1) * CHARS_PER_WIDTH))
            lines = max(lines, sum(wrapped_lines(line, per_line)
                                   for line in str(cell.value).split("\n")))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)


def finish_table(sheet: Any, *, columns: int, last_row: int, freeze: str = "A2",
                 header_rows: int = 1) -> None:
    """Freeze the header, filter every column, and set up printing."""
    sheet.freeze_panes = freeze
    last_column = get_column_letter(columns)
    sheet.auto_filter.ref = f"A{header_rows}:{last_column}{max(last_row, header_rows)}"
    sheet.print_title_rows = f"1:{header_rows}"
    set_up_printing(sheet)


def set_up_printing(sheet: Any) -> None:
    """Landscape A4, one page wide, gridlines, sheet name and page number in the footer."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = "&A, page &P of &N"


def workbook_bytes(workbook: Any) -> bytes:
    """The workbook as XLSX bytes that depend only on its content."""
    properties = workbook.properties
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME
    written = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the modified time with the clock.
    archive = zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    return fixed_zip(written.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same ZIP archive with every entry dated :data:`FIXED_TIME`, in the same order."""
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return fixed.getvalue()
