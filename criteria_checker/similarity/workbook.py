"""A plain XLSX workbook of tables, the same bytes for the same rows. Imports openpyxl.

- every text is a string cell, never a formula: a cell beginning with ``=``,
  ``+``, ``-`` or ``@`` is stored as text with Excel's quote prefix, so it
  stays text when edited; control characters are shown as escapes;
- the document properties carry fixed times and the ZIP entries a fixed
  date, so nothing depends on the clock;
- a bold header row, frozen, with an autofilter; columns as wide as their
  contents up to a cap.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped, unused-ignore]

from criteria_checker.reporters.base import utf8_safe, visible

FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
#: The most characters a cell holds.
MAX_CELL_TEXT = 32767
#: The widest a column is made, in characters.
MAX_WIDTH = 60
_FORMULA_STARTS = ("=", "+", "-", "@")

Cell = str | int | float | None
Table = tuple[str, Sequence[str], Sequence[Sequence[Cell]]]


def write_workbook(tables: Sequence[Table]) -> bytes:
    """One sheet per (name, headings, rows), in order, as XLSX bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)
    for name, headings, rows in tables:
        sheet = workbook.create_sheet(title=name)
        for column, heading in enumerate(headings, start=1):
            sheet.cell(row=1, column=column, value=heading).font = bold
        for row_number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, str):
                    text = utf8_safe(visible(value))[:MAX_CELL_TEXT]
                    cell.value = text
                    cell.data_type = "s"  # openpyxl reads a leading "=" as a formula
                    if text.startswith(_FORMULA_STARTS):
                        cell.quotePrefix = True
                else:
                    cell.value = value
                cell.alignment = top
        for column, heading in enumerate(headings, start=1):
            longest = max([len(heading), *(len(str(row[column - 1])) for row in rows
                                            if row[column - 1] is not None)])
            sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH,
                                                                           longest + 2)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{max(1, len(rows) + 1)}"
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = "criteria-checker"
    properties.created = properties.modified = FIXED_TIME
    written = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the modified time with the clock.
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _fixed_dates(written.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """The same archive with every entry dated :data:`FIXED_TIME`, in the same order."""
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return fixed.getvalue()
