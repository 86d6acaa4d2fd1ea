"""Hostile and broken grid files: one line naming the file and the problem, never a traceback.

Workbooks are made by hand (tests/fixtures/grids/build.py: raw_xlsx) so that
each case holds exactly the defect it is about: ZIP bombs, too many parts,
DTDs, links and devices stored in the archive, encrypted parts, a sheet
claiming a million rows, content far below the grid, formulas and links to
other workbooks. A workbook problem that does not stop the rest of the file
from being read is a reading note instead.
"""

from __future__ import annotations

import io
import stat
import time
import zipfile
from pathlib import Path

import pytest
from fixtures.grids.build import SHEET_START, inline_row, raw_xlsx

from criteria_checker.errors import InputError
from criteria_checker.readers.docx import container
from criteria_checker.readers.grids import read_grid
from criteria_checker.readers.grids import xlsx as xlsx_reader

HEADER = inline_row(1, "Criteria reference", "Unit", "AC")
GOOD_ROW = inline_row(2, "LMAC5A/LM/A.1", "H/650/2101", "1.1")


def sheet(*rows: str, before: str = "", after: str = "") -> str:
    return f"{SHEET_START}{before}<sheetData>{''.join(rows)}</sheetData>{after}</worksheet>"


def refused(tmp_path: Path, data: bytes, name: str = "grid.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as error:
        read_grid(path)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")


def claims(tmp_path: Path, data: bytes) -> list[tuple[str, tuple[tuple[str, str | None], ...]]]:
    path = tmp_path / "grid.xlsx"
    path.write_bytes(data)
    return [(c.location.locator or "", c.refs) for c in read_grid(path).claims]


def test_a_hand_made_workbook_reads(tmp_path: Path) -> None:
    assert claims(tmp_path, raw_xlsx(sheet(HEADER, GOOD_ROW))) == [
        ("sheet Mapping, row 2, column A", (("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),))]


def test_zip_bomb(tmp_path: Path) -> None:
    bomb = sheet(HEADER, GOOD_ROW).replace("<sheetData>", "<sheetData>" + " " * 3_000_000)
    assert refused(tmp_path, raw_xlsx(bomb)) == (
        "xl/worksheets/sheet1.xml expands more than 200:1 (a ZIP bomb?)")


def test_a_part_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The limit is the one every Office package reader shares (readers/docx/container).
    monkeypatch.setattr(container, "MAX_MEMBER_BYTES", 2 * 1024 * 1024)
    big = sheet(HEADER, *(inline_row(n, f"note {n:07d} " * 20) for n in range(2, 9000)))
    assert refused(tmp_path, raw_xlsx(big)) == (
        "xl/worksheets/sheet1.xml expands beyond 2,097,152 bytes (a ZIP bomb?)")


def test_too_many_parts(tmp_path: Path) -> None:
    parts = {f"xl/media/p{n}.bin": b"" for n in range(10_000)}
    assert refused(tmp_path, raw_xlsx(sheet(HEADER), parts=parts)) == (
        "has 10,005 archive members, over the limit of 10,000")


def test_a_dtd_in_a_sheet(tmp_path: Path) -> None:
    xxe = sheet(HEADER, GOOD_ROW).replace(
        "<worksheet", '<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet')
    assert refused(tmp_path, raw_xlsx(xxe)) == (
        "XML (xl/worksheets/sheet1.xml) declares a DTD or entities; these are refused for "
        "safety (remove the <!DOCTYPE ...> declaration)")


def test_a_dtd_spelt_in_utf16(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><sst/>'
    data = raw_xlsx(sheet(HEADER), parts={"xl/sharedStrings.xml": text.encode("utf-16")})
    assert refused(tmp_path, data) == (
        "XML (xl/sharedStrings.xml) declares a DTD or entities; these are refused for safety "
        "(remove the <!DOCTYPE ...> declaration)")


@pytest.mark.parametrize("mode", [stat.S_IFLNK | 0o777, stat.S_IFCHR | 0o666,
                                  stat.S_IFIFO | 0o644])
def test_links_and_devices_stored_in_the_archive(tmp_path: Path, mode: int) -> None:
    buffer = io.BytesIO(raw_xlsx(sheet(HEADER)))
    with zipfile.ZipFile(buffer, "a") as archive:
        info = zipfile.ZipInfo("xl/media/image1.png")
        info.create_system = 3
        info.external_attr = mode << 16
        archive.writestr(info, "/etc/passwd")
    assert refused(tmp_path, buffer.getvalue()) == (
        "holds xl/media/image1.png as a symbolic link or device, which no workbook does: "
        "refused")


def test_an_encrypted_part(tmp_path: Path) -> None:
    data = bytearray(raw_xlsx(sheet(HEADER), compression=zipfile.ZIP_STORED))
    # Set the "encrypted" flag of the sheet's entry, in its local and central headers.
    name = b"xl/worksheets/sheet1.xml"
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + offset] |= 0x1
            at = data.find(signature, at + 1)
    assert refused(tmp_path, bytes(data)) == (
        "xl/worksheets/sheet1.xml is encrypted inside the archive; remove the password and "
        "save the workbook again")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty (0 bytes)"),
    (b"%PDF-1.7\n%\xe2\xe3", "is a PDF file; a mapping grid is an Excel workbook (.xlsx), a CSV "
                             "file or a Word document (.docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
     "is an Excel 97-2003 .xls workbook (or another old Office file); save it as .xlsx or "
     ".csv"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
     "is password-protected (encrypted); remove the password and save it again"),
])
def test_files_that_are_no_grid(tmp_path: Path, data: bytes, message: str) -> None:
    assert refused(tmp_path, data) == message


def test_a_zip_that_is_no_workbook(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert refused(tmp_path, buffer.getvalue()) == (
        "is a ZIP archive but not an Excel workbook: it has no xl/workbook.xml")


def test_a_truncated_workbook(tmp_path: Path) -> None:
    data = raw_xlsx(sheet(HEADER, GOOD_ROW))
    assert refused(tmp_path, data[: len(data) // 2]).startswith(
        "is a damaged or truncated ZIP archive (")


def test_a_workbook_openpyxl_cannot_read(tmp_path: Path) -> None:
    buffer = io.BytesIO(raw_xlsx(sheet(HEADER)))
    with zipfile.ZipFile(buffer) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/workbook.xml"] = b"<workbook><sheets><sheet"
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w") as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    assert refused(tmp_path, rebuilt.getvalue()).startswith(
        "is not a readable Excel workbook (")


def test_a_huge_declared_dimension_is_not_a_loop(tmp_path: Path) -> None:
    data = raw_xlsx(sheet(HEADER, GOOD_ROW, before='<dimension ref="A1:XFD1048576"/>'))
    started = time.monotonic()
    assert len(claims(tmp_path, data)) == 1
    assert time.monotonic() - started < 5


def test_content_far_below_the_grid_is_noted_not_read(tmp_path: Path) -> None:
    far = inline_row(1_048_576, "LMAC5A/LM/A.2", "H/650/2101", "1.2")
    path = tmp_path / "grid.xlsx"
    path.write_bytes(raw_xlsx(sheet(HEADER, GOOD_ROW, far)))
    started = time.monotonic()
    reading = read_grid(path, name="grid.xlsx")
    assert time.monotonic() - started < 10
    assert [c.location.locator for c in reading.claims] == ["sheet Mapping, row 2, column A"]
    assert [(n.kind, n.message, str(n.location)) for n in reading.notes] == [
        ("not-understood", "Sheet 'Mapping' of the mapping grid has content below row 20,000, "
         "which was not read", "grid.xlsx (sheet Mapping)")]


def test_too_many_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 5)
    assert refused(tmp_path, raw_xlsx(sheet(HEADER, GOOD_ROW))) == (
        "has more than 5 filled cells: too large to be a mapping grid")


def test_reading_time_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_SECONDS", -1.0)
    rows = [inline_row(n, "LMAC5A/LM/A.1", "H/650/2101", "1.1") for n in range(2, 600)]
    assert refused(tmp_path, raw_xlsx(sheet(HEADER, *rows))) == (
        "took more than -1 seconds to read; a mapping grid is far smaller")


def test_formulas_give_their_saved_value_and_are_never_run(tmp_path: Path) -> None:
    rows = [
        # A formula with the value Excel saved: the value is read.
        '<row r="2"><c r="A2" t="str"><f>CONCAT("LMAC5A/LM/","A.1")</f>'
        '<v>LMAC5A/LM/A.1</v></c><c r="B2" t="inlineStr"><is><t>501</t></is></c>'
        '<c r="C2"><f>1.1+0</f><v>1.1</v></c></row>',
        # A formula with no saved value: nothing, so the row maps nothing.
        '<row r="3"><c r="A3"><f>NOW()</f></c><c r="B3" t="inlineStr"><is><t>501</t></is></c>'
        '<c r="C3" t="inlineStr"><is><t>1.2</t></is></c></row>',
        # Text that looks like a formula is text.
        inline_row(4, '=HYPERLINK("http://example.invalid","x")', "501", "1.3"),
    ]
    assert claims(tmp_path, raw_xlsx(sheet(HEADER, *rows))) == [
        ("sheet Mapping, row 2, column A", (("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),)),
        ("sheet Mapping, row 4, column A",
         (('=HYPERLINK("http://example.invalid","x")', None),))]


def test_links_to_other_workbooks_are_not_followed(tmp_path: Path) -> None:
    # The link's target would block whoever opened it: a FIFO.
    import os

    target = tmp_path / "other.xlsx"
    os.mkfifo(target)
    link = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
            '</externalBook></externalLink>')
    link_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
                 'org/officeDocument/2006/relationships/externalLinkPath" '
                 f'Target="file://{target}" TargetMode="External"/></Relationships>')
    row = ('<row r="2"><c r="A2" t="str"><f>[1]Sheet1!A1</f><v>LMAC5A/LM/A.1</v></c>'
           '<c r="B2" t="inlineStr"><is><t>501</t></is></c>'
           '<c r="C2" t="inlineStr"><is><t>1.1</t></is></c></row>')
    data = raw_xlsx(
        sheet(HEADER, row),
        parts={"xl/externalLinks/externalLink1.xml": link.encode(),
               "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels.encode()},
        content_types='<Override PartName="/xl/externalLinks/externalLink1.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.'
                      'spreadsheetml.externalLink+xml"/>',
        workbook_extra='<externalReferences><externalReference r:id="rId2"/>'
                       '</externalReferences>',
        rels_extra='<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/externalLink" '
                   'Target="externalLinks/externalLink1.xml"/>')
    started = time.monotonic()
    assert claims(tmp_path, data) == [
        ("sheet Mapping, row 2, column A", (("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),))]
    assert time.monotonic() - started < 10


def test_merged_unit_cells_run_down_their_rows(tmp_path: Path) -> None:
    header = inline_row(1, "Unit", "AC", "SfC reference")
    rows = [inline_row(2, "501", "1.1", "LMAC5A/LM/A.1"),
            inline_row(3, "", "1.2", "LMAC5A/LM/A.2"),
            inline_row(4, "", "", "LMAC5A/LM/A.3")]
    merged = sheet(header, *rows, after='<mergeCells count="1"><mergeCell ref="A2:A4"/>'
                                        '</mergeCells>')
    path = tmp_path / "grid.xlsx"
    path.write_bytes(raw_xlsx(merged))
    assert [(c.unit, c.criterion, c.unit_location.locator) for c in read_grid(path).claims] == [
        ("501", "1.1", "sheet Mapping, row 2, column A"),
        ("501", "1.2", "sheet Mapping, row 2, column A"),
        ("501", None, "sheet Mapping, row 2, column A")]


def test_hidden_sheets_are_not_read(tmp_path: Path) -> None:
    data = raw_xlsx(sheet(HEADER, GOOD_ROW), sheet_attrs=' state="hidden"')
    path = tmp_path / "grid.xlsx"
    path.write_bytes(data)
    reading = read_grid(path, name="grid.xlsx")
    assert reading.claims == ()
    assert [(n.message, str(n.location)) for n in reading.notes] == [
        ("The mapping grid has no visible sheet with content, so nothing in it was read",
         "grid.xlsx")]


# -- CSV ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "message"), [
    (b"Unit,AC,Criteria\n501,1.1,LMAC5A/LM/A.1\x00\n",
     "is not a CSV file: it holds NUL bytes (a binary file?); a mapping grid is an Excel "
     "workbook (.xlsx), a CSV file or a Word document (.docx)"),
    (b"Unit,AC,Criteria\n\x81\x8d,1.1,LMAC5A/LM/A.1\n",
     "is not text in UTF-8, UTF-16 or Windows-1252 (byte 0x81 at offset 17 cannot be read); "
     "save the grid as CSV UTF-8"),
    (b"Unit,AC,Criteria\n501,1.1," + b"x" * 200_000 + b"\n",
     "is not a readable CSV file (row 2: field larger than field limit (131072))"),
    (b"\xff\xfeU\x00\x00\xd8",
     "is not text in UTF-8, UTF-16 or Windows-1252 (byte 0x00 at offset 4 cannot be read); "
     "save the grid as CSV UTF-8"),
])
def test_broken_csv(tmp_path: Path, data: bytes, message: str) -> None:
    assert refused(tmp_path, data, "grid.csv") == message


def test_an_empty_csv_says_so(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_bytes(b"\r\n  \r\n,,\r\n")
    assert [n.message for n in read_grid(path).notes] == [
        "The mapping grid holds no text, so nothing in it was read"]


def test_an_oversized_csv(tmp_path: Path) -> None:
    data = b"Unit,AC,Criteria\n" + b"501,1.1,LMAC5A/LM/A.1\n" * 500_000
    assert refused(tmp_path, data, "grid.csv") == (
        f"is {len(data):,} bytes, over the limit of 10,485,760 for a CSV mapping grid")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    text = "Unit;AC;Criteria;Comment\r\n501;1.1;LMAC5A/LM/A.1;Café\r\n"
    path = tmp_path / "grid.csv"
    path.write_bytes(text.encode(encoding))
    reading = read_grid(path, name="grid.csv")
    assert [(c.unit, c.criterion, c.refs, c.location.locator) for c in reading.claims] == [
        ("501", "1.1", (("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),), "row 2, column C")]


def test_a_csv_cell_that_looks_like_a_formula_is_text(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text('Unit,AC,Criteria\n=cmd|"/c calc"!A1,1.1,LMAC5A/LM/A.1\n',
                    encoding="utf-8")
    assert [c.unit for c in read_grid(path).claims] == ['=cmd|"/c calc"!A1']


def test_a_grid_that_is_a_folder_or_a_fifo(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "grid.xlsx"
    folder.mkdir()
    with pytest.raises(InputError, match=r"grid.xlsx: is a folder, not a file$"):
        read_grid(folder)
    fifo = tmp_path / "grid.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"grid.csv: is not a regular file \(a FIFO"):
        read_grid(fifo)


def test_errors_name_the_grid_as_its_caller_does(tmp_path: Path) -> None:
    path = tmp_path / "upload-1234"
    path.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(InputError) as error:
        read_grid(path, name="grid.xlsx")
    assert str(error.value) == ("grid.xlsx: is a PDF file; a mapping grid is an Excel workbook "
                                "(.xlsx), a CSV file or a Word document (.docx)")
