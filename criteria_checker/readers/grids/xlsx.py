"""Excel workbooks (.xlsx) as sheets of cell texts, read as warily as a DOCX.

A workbook is a ZIP archive of XML parts, and a grid arrives from outside,
so before openpyxl sees it:

- the file must be a regular file no larger than the DOCX limit, read once
  into memory (what is checked is what is parsed);
- the archive is held to the DOCX container's limits: members, declared and
  actual sizes, compression ratio (every member is decompressed once, in
  chunks, and counted); encrypted members, symbolic links and device nodes
  stored in the archive are refused;
- every XML part is searched for a DTD (the vehicle of entity expansion and
  external entities) in any encoding a parser would read, and refused if it
  has one (:func:`criteria_checker.safe_xml.refuse_hidden_dtd`).

openpyxl then reads it in read-only mode with ``data_only`` (a formula cell
gives the value Excel saved for it, or nothing; a formula is never
evaluated, and a cell whose text merely starts with "=" is text) and
``keep_links=False`` (links to other workbooks are not followed). Every
sheet is read to at most :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS`
columns, the whole file to :data:`MAX_CELLS` filled cells and
:data:`MAX_SECONDS` seconds. Hidden sheets are not read.

openpyxl is imported here only, so it loads only when a grid is given.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
import time
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

from criteria_checker.compiled_cache import regex
from criteria_checker.errors import InputError
from criteria_checker.readers.docx.container import (
    MAX_TOTAL_BYTES,
    check_member_limits,
    read_member,
)
from criteria_checker.readers.grids.sheets import SheetData, printable_name
from criteria_checker.safe_xml import refuse_hidden_dtd

#: Rows of one sheet read at most; what lies below is noted, not read.
MAX_ROWS = 20_000
#: Columns of a sheet read at most (a tick matrix of every criteria item across needs ~250).
MAX_COLUMNS = 512
#: Filled cells of a whole workbook read at most: past this it is refused.
MAX_CELLS = 500_000
#: Longest time reading one workbook may take.
MAX_SECONDS = 60.0
#: Merged ranges of one sheet taken into account.
MAX_MERGES = 10_000
#: Columns read whatever a sheet's declared size says.
_MIN_COLUMNS = 64
#: The last row a worksheet can have: rows numbered beyond it are not looked for.
EXCEL_ROWS = 1_048_576

WORKBOOK_PART = "xl/workbook.xml"
_XML_PART = regex(r"\.(xml|rels|vml)$", re.IGNORECASE)
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,40}:)?mergeCell\b[^>]{0,400}?\bref\s*=\s*[\"']"
                    rb"([A-Za-z]{1,3})([0-9]{1,7}):([A-Za-z]{1,3})([0-9]{1,7})[\"']")
_DECIMALS = regex(r"^0\.(0{1,10})$")
_DEVICE_TESTS = (stat.S_ISLNK, stat.S_ISCHR, stat.S_ISBLK, stat.S_ISFIFO, stat.S_ISSOCK)


def read_xlsx_sheets(path: Path, data: bytes) -> list[tuple[str, SheetData]]:
    """Every visible worksheet of the workbook ``data`` (read from ``path``), by name."""
    deadline = time.monotonic() + MAX_SECONDS
    _verify_archive(path, data)
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise InputError(path, f"cannot be read: Excel support is not installed ({exc})") \
            from None
    with warnings.catch_warnings():
        # openpyxl warns about parts it does not support (data validation,
        # extensions): what it cannot read is no concern of a mapping grid.
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                          keep_links=False, keep_vba=False)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(path, f"is not a readable Excel workbook ({_described(exc)})") \
                from None
        try:
            return _read_sheets(path, data, book, deadline)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(path, f"is a damaged Excel workbook ({_described(exc)})") from None
        finally:
            book.close()


def _read_sheets(path: Path, data: bytes, book: Any,
                 deadline: float) -> list[tuple[str, SheetData]]:
    sheets = []
    budget = [MAX_CELLS]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for sheet in book.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            name = printable_name(str(sheet.title))
            part = str(getattr(sheet, "_worksheet_path", "")).lstrip("/")
            merges = _merges(archive, part) if part else []
            sheets.append((name, _read_sheet(path, name, sheet, merges, budget, deadline)))
    return sheets


def _read_sheet(path: Path, name: str, sheet: Any, merges: list[tuple[int, int, int, int]],
                budget: list[int], deadline: float) -> SheetData:
    declared = sheet.max_column if isinstance(sheet.max_column, int) else None
    # A sheet's declared size may be anything ("A1:XFD1048576" when formatting
    # covers whole columns, or too small): it narrows the columns read, never
    # below _MIN_COLUMNS, and never sizes a loop.
    columns = min(max(declared, _MIN_COLUMNS), MAX_COLUMNS) if declared else MAX_COLUMNS
    sheet.reset_dimensions()
    rows: list[tuple[int, list[str]]] = []
    skipped = None
    gap: tuple[Any, ...] | None = None
    for count, cells in enumerate(sheet.iter_rows(max_col=columns, max_row=EXCEL_ROWS), 1):
        if count % 256 == 0 and time.monotonic() > deadline:
            raise InputError(path, f"took more than {MAX_SECONDS:.0f} seconds to read; a "
                                   "mapping grid is far smaller")
        if cells is gap:
            continue  # openpyxl stands one empty row for every row missing from the sheet
        number = next((cell.row for cell in cells if getattr(cell, "row", None)), None)
        if number is None:
            gap = cells
            continue
        texts = [_text(cell) for cell in cells]
        while texts and not texts[-1]:
            texts.pop()
        if not texts:
            continue
        if number > MAX_ROWS:
            skipped = (f"Sheet '{name}' of the mapping grid has content below row "
                       f"{MAX_ROWS:,}, which was not read")
            break
        budget[0] -= sum(1 for text in texts if text)
        if budget[0] < 0:
            raise InputError(path, f"has more than {MAX_CELLS:,} filled cells: too large to be "
                                   "a mapping grid")
        rows.append((number, texts))
    last_row = rows[-1][0] if rows else 0
    clipped = [(top, left, min(bottom, last_row), min(right, columns - 1))
               for top, left, bottom, right in merges if top <= last_row and left < columns]
    return SheetData(rows=rows, merges=clipped, skipped=skipped)


def _text(cell: Any) -> str:
    """A cell's value as the text a reader of the sheet sees."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""  # a checkbox-like TRUE is a tick
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        decimals = _DECIMALS.match(str(getattr(cell, "number_format", "") or ""))
        if decimals is not None:
            # "1.10" typed as a number keeps its shown decimals.
            return f"{value:.{len(decimals.group(1))}f}"
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _merges(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a worksheet part (read-only mode does not report them)."""
    try:
        data = archive.read(part)
    except KeyError:
        return []
    start = data.find(b"mergeCells")  # the list follows the cells: found by one fast search
    if start < 0:
        return []
    merges = []
    for match in _MERGE.finditer(data, max(0, data.rfind(b"<", 0, start))):
        first_col, first_row, last_col, last_row = match.groups()
        top, bottom = int(first_row), int(last_row)
        left, right = _column_index(first_col), _column_index(last_col)
        if bottom >= top and right >= left:
            merges.append((top, left, bottom, right))
        if len(merges) >= MAX_MERGES:
            break
    return merges


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + (letter - ord("A") + 1)
    return index - 1


# -- the archive -------------------------------------------------------------------------

def _verify_archive(path: Path, data: bytes) -> None:
    """Refuse an archive past the DOCX limits, or holding links, devices, encryption or DTDs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _verify_members(path, archive)
    except InputError:
        raise
    except zipfile.BadZipFile as exc:
        raise InputError(path, f"is a damaged or truncated ZIP archive ({exc})") from None
    except zlib.error as exc:
        raise InputError(path, f"is a damaged ZIP archive: a part cannot be decompressed "
                               f"({exc})") from None
    except (EOFError, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError) as exc:
        raise InputError(path, f"is a damaged or unsupported ZIP archive ({exc})") from None


def _verify_members(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    check_member_limits(path, infos)
    names = {info.filename for info in infos}
    if len(names) < len(infos):
        raise InputError(path, "is a malformed workbook: a part appears twice in the archive")
    if WORKBOOK_PART not in names:
        raise InputError(path, f"is a ZIP archive but not an Excel workbook: it has no "
                               f"{WORKBOOK_PART}")
    total = 0
    for info in infos:
        shown = _printable(info.filename)
        mode = info.external_attr >> 16
        if info.create_system == 3 and mode and any(test(mode) for test in _DEVICE_TESTS):
            raise InputError(path, f"holds {shown} as a symbolic link or device, which no "
                                   "workbook does: refused")
        if info.flag_bits & 0x1:
            raise InputError(path, f"{shown} is encrypted inside the archive; remove the "
                                   "password and save the workbook again")
        xml = _XML_PART.search(info.filename) is not None
        size, member = read_member(path, archive, info, keep=xml,
                                   shown=_printable(info.filename))
        total += size
        if total > MAX_TOTAL_BYTES:
            raise InputError(path, f"expands to more than {MAX_TOTAL_BYTES:,} bytes (a ZIP "
                                   "bomb?)")
        if xml:
            refuse_hidden_dtd(member, path, part=shown)


def _printable(name: str, limit: int = 200) -> str:
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in name[:limit])
    return shown + ("..." if len(name) > limit else "")


def _described(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 160:
        text = text[:157] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
