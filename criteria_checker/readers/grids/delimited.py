"""CSV files (comma, semicolon or tab separated) as one sheet of cell texts.

Spreadsheets save CSV in whatever their locale prefers: UTF-8 with or
without a byte-order mark, UTF-16 ("Unicode text"), or Windows-1252; commas,
or semicolons where the comma is the decimal mark, or tabs. The encoding is
taken from the byte-order mark, else UTF-8 if the bytes are UTF-8, else
Windows-1252; the delimiter is the one of ``,`` ``;`` and tab that splits
the first rows into the same number of fields most often. A cell is text,
whatever it starts with: "=SUM(...)" is read as those characters.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from criteria_checker.errors import InputError
from criteria_checker.readers.grids.sheets import SheetData

#: Largest CSV file read: a grid of every criteria item is a few tens of kilobytes.
MAX_CSV_BYTES = 10 * 1024 * 1024
#: Records read at most; what follows is noted, not read.
MAX_ROWS = 20_000
#: Fields of a record read at most.
MAX_COLUMNS = 512
_DELIMITERS = (",", ";", "\t")
#: Records and characters looked at to choose the delimiter.
_SNIFF_RECORDS = 50
_SNIFF_CHARS = 64 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_csv_sheet(path: Path, data: bytes) -> SheetData:
    """The records of the CSV file ``data`` (read from ``path``) as a sheet."""
    text = decode(path, data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    skipped = None
    try:
        for number, record in enumerate(reader, 1):
            if number > MAX_ROWS:
                if any(field.strip() for field in record):
                    skipped = (f"The mapping grid has more than {MAX_ROWS:,} rows; the rows "
                               "after that were not read")
                    break
                continue
            texts = [field.strip() for field in record[:MAX_COLUMNS]]
            while texts and not texts[-1]:
                texts.pop()
            if texts:
                rows.append((number, texts))
    except csv.Error as exc:
        raise InputError(path, f"is not a readable CSV file (row {reader.line_num}: {exc})") \
            from None
    return SheetData(rows=rows, skipped=skipped)


def decode(path: Path, data: bytes) -> str:
    """The text of ``data``: by byte-order mark, else UTF-8, else Windows-1252."""
    try:
        if data.startswith(_UTF8_BOM):
            text = data[len(_UTF8_BOM):].decode("utf-8")
        elif data.startswith(_UTF16_BOMS):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not text in UTF-8, UTF-16 or Windows-1252 (byte "
                               f"0x{data[exc.start]:02X} at offset {exc.start:,} cannot be "
                               "read); save the grid as CSV UTF-8") from None
    if "\x00" in text:
        raise InputError(path, "is not a CSV file: it holds NUL bytes (a binary file?); a "
                               "mapping grid is an Excel workbook (.xlsx), a CSV file or a Word "
                               "document (.docx)")
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter of ``,`` ``;`` and tab that gives the first rows one shape most often."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[:sample.rindex("\n")]
    best, best_score = _DELIMITERS[0], (0, 0)
    for delimiter in _DELIMITERS:
        counts: Counter[int] = Counter()
        try:
            for number, record in enumerate(csv.reader(io.StringIO(sample, newline=""),
                                                       delimiter=delimiter)):
                if number >= _SNIFF_RECORDS:
                    break
                if any(field.strip() for field in record) and len(record) > 1:
                    counts[len(record)] += 1
        except csv.Error:
            continue
        if not counts:
            continue
        width, rows = counts.most_common(1)[0]
        if (rows, width) > best_score:
            best, best_score = delimiter, (rows, width)
    return best
