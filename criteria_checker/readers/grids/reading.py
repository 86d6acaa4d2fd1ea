"""Read a mapping grid file of any accepted format into a GridReading (see the package)."""

from __future__ import annotations

from pathlib import Path

from criteria_checker.errors import InputError
from criteria_checker.model.spec import ReadingNote, SourceLocation
from criteria_checker.readers.docx.mapping_grids import CellAt
from criteria_checker.readers.grids.model import GridClaim, GridReading
from criteria_checker.readers.grids.sheets import (
    Locate,
    SheetData,
    claims_of,
    column_letter,
    holds_references,
    recognise,
    sheet_table,
    unread_note,
)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")
_FORMATS = "an Excel workbook (.xlsx), a CSV file or a Word document (.docx)"


def read_grid_file(path: str | Path, *, name: str | None = None) -> GridReading:
    """Read the mapping grid file ``path``; ``name`` is how findings name it (default: path).

    Raises InputError (one line naming the file as ``name`` would) when the
    file is not a readable grid file at all.
    """
    path = Path(path)
    shown = name if name is not None else str(path)
    try:
        return _read(path, shown)
    except InputError as exc:
        if name is None:
            raise
        raise InputError(name, exc.problem) from None


def _read(path: Path, shown: str) -> GridReading:
    from criteria_checker.readers.docx.container import MAX_FILE_BYTES, open_regular

    with open_regular(path) as handle:
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(path, f"is over the limit of {MAX_FILE_BYTES:,} bytes")
    if data.startswith(_ZIP_STARTS):
        names = _zip_names(data)
        if "word/document.xml" in names and "xl/workbook.xml" not in names:
            return _read_docx(path, shown)
        return _read_xlsx(path, data, shown)
    _refuse_other_binaries(path, data)
    return _read_csv(path, data, shown)


def _zip_names(data: bytes) -> set[str]:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return set()  # the workbook reader says what is wrong with it


def _refuse_other_binaries(path: Path, data: bytes) -> None:
    if not data:
        raise InputError(path, "is empty (0 bytes)")
    if data.startswith(b"%PDF"):
        raise InputError(path, f"is a PDF file; a mapping grid is {_FORMATS}")
    if data.startswith(_OLE2):
        if _ENCRYPTED_MARK in data:
            raise InputError(path, "is password-protected (encrypted); remove the password "
                                   "and save it again")
        raise InputError(path, "is an Excel 97-2003 .xls workbook (or another old Office "
                               "file); save it as .xlsx or .csv")


def _read_xlsx(path: Path, data: bytes, shown: str) -> GridReading:
    from criteria_checker.readers.grids.xlsx import read_xlsx_sheets

    claims: list[GridClaim] = []
    notes: list[ReadingNote] = []
    found = False
    for number, (sheet_name, sheet) in enumerate(read_xlsx_sheets(path, data), 1):
        part = f"sheet {sheet_name}"
        quoted = _quoted_sheet(sheet_name)

        def locate(at: CellAt, part: str = part, quoted: str = quoted) -> SourceLocation:
            letter = column_letter(at.col)
            return SourceLocation(file=shown, locator=f"{part}, row {at.row}, column {letter}",
                                  path=f"{quoted}!R{at.row}C{at.col + 1}")

        whole = SourceLocation(file=shown, locator=part, path=f"{quoted}!R1C1")
        found |= _read_sheet(sheet, number, part, f"Sheet '{sheet_name}' of the mapping grid",
                             locate, whole, claims, notes)
    if not found and not notes:
        notes.append(_nothing_read(shown, "has no visible sheet with content"))
    return GridReading(file=shown, claims=tuple(claims), notes=tuple(notes))


def _read_csv(path: Path, data: bytes, shown: str) -> GridReading:
    from criteria_checker.readers.grids.delimited import MAX_CSV_BYTES, read_csv_sheet

    if len(data) > MAX_CSV_BYTES:
        raise InputError(path, f"is {len(data):,} bytes, over the limit of {MAX_CSV_BYTES:,} "
                               "for a CSV mapping grid")

    def locate(at: CellAt) -> SourceLocation:
        letter = column_letter(at.col)
        return SourceLocation(file=shown, locator=f"row {at.row}, column {letter}",
                              path=f"R{at.row}C{at.col + 1}")

    claims: list[GridClaim] = []
    notes: list[ReadingNote] = []
    if not _read_sheet(read_csv_sheet(path, data), 1, "", "The mapping grid", locate,
                       SourceLocation(file=shown), claims, notes) and not notes:
        notes.append(_nothing_read(shown, "holds no text"))
    return GridReading(file=shown, claims=tuple(claims), notes=tuple(notes))


def _read_sheet(sheet: SheetData, number: int, part: str, what: str,
                locate: Locate, whole: SourceLocation,
                claims: list[GridClaim], notes: list[ReadingNote]) -> bool:
    """Read one sheet into ``claims`` and ``notes``; whether it is a mapping grid."""
    table = sheet_table(sheet, number)
    links = recognise(table)
    if links is not None:
        claims.extend(claims_of(links, locate, part))
    elif table.rows:
        notes.append(unread_note(what, whole))
    if sheet.skipped is not None:
        notes.append(unread_note(sheet.skipped, whole, skipped=True))
    return links is not None


def _nothing_read(shown: str, why: str) -> ReadingNote:
    return ReadingNote(kind="not-understood", location=SourceLocation(file=shown),
                       message=f"The mapping grid {why}, so nothing in it was read")


def _read_docx(path: Path, shown: str) -> GridReading:
    from criteria_checker.readers.docx.blocks import Table
    from criteria_checker.readers.docx.container import read_docx_package
    from criteria_checker.readers.docx.reader import document_blocks, parse_document

    package = read_docx_package(path)
    root, ns = parse_document(package)
    tables = [block for block in document_blocks(package, root, ns) if isinstance(block, Table)]
    claims: list[GridClaim] = []
    notes: list[ReadingNote] = []
    found = False
    for table in tables:
        part = f"table {table.number}"

        def locate(at: CellAt, table: Table = table, part: str = part) -> SourceLocation:
            return SourceLocation(file=shown, locator=f"{part}, row {at.row}, column {at.col + 1}",
                                  path=f"{table.path}/w:tr[{at.row}]")

        links = recognise(table)
        if links is not None:
            found = True
            claims.extend(claims_of(links, locate, part))
        elif holds_references(table):
            notes.append(unread_note(f"Table {table.number} of the mapping grid",
                                     SourceLocation(file=shown, locator=part, path=table.path)))
    if not found and not notes:
        count = f"{len(tables)} table{'s' if len(tables) != 1 else ''}"
        notes.append(_nothing_read(shown, f"has {count} and none of them is a mapping grid"))
    return GridReading(file=shown, claims=tuple(claims), notes=tuple(notes))


def _quoted_sheet(name: str) -> str:
    """A sheet name as a formula writes it: quoted unless letters, digits and underscores."""
    if name.replace("_", "").isalnum() and name.isascii() and not name[0].isdigit():
        return name
    return "'" + name.replace("'", "''") + "'"
