"""Bad and hostile .docx files: each is refused with one exact line, never a traceback.

The files are generated here (a ZIP bomb, a lying archive header, an
encrypted Word file...) rather than stored, so each case says how it is made.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from criteria_checker.errors import InputError
from criteria_checker.readers.docx import container
from criteria_checker.readers.docx.container import read_docx_package
from criteria_checker.readers.docx.reader import read_docx_spec

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GOOD_DOCUMENT = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
                 '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Unit 1: Title</w:t>'
                 "</w:r></w:p></w:body></w:document>").encode()
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def good_docx() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": GOOD_DOCUMENT})


def with_document(xml: bytes) -> bytes:
    return zip_bytes({"word/document.xml": xml})


def truncated() -> bytes:
    data = good_docx()
    return data[: len(data) // 2]


def zip_bomb() -> bytes:
    # 4 MB of spaces deflate to about 4 kB: a ratio near 1000:1.
    return with_document(b" " * (4 * 1024 * 1024))


def lying_total_size() -> bytes:
    """A small archive whose central directory claims a 300 MB member."""
    data = bytearray(good_docx())
    start = data.find(b"PK\x01\x02")
    while start >= 0:
        # Central directory entry: uncompressed size at offset 24.
        struct.pack_into("<I", data, start + 24, 300 * 1024 * 1024)
        start = data.find(b"PK\x01\x02", start + 4)
    return bytes(data)


def encrypted_member() -> bytes:
    """The 'encrypted' flag set on word/document.xml (local and central headers)."""
    data = bytearray(good_docx())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start >= 0:
            flags = struct.unpack_from("<H", data, start + flag_offset)[0]
            struct.pack_into("<H", data, start + flag_offset, flags | 0x1)
            start = data.find(signature, start + 4)
    return bytes(data)


def corrupt_deflate() -> bytes:
    xml = (f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b"<w:p/>" * 2000
           + b"</w:body></w:document>")
    data = bytearray(with_document(xml))
    start = 30 + len("word/document.xml")
    for i in range(start + 5, start + 40):
        data[i] ^= 0x5A
    return bytes(data)


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                  b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&lol2;'
                  b"</w:t></w:r></w:p></w:body></w:document>")
XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r>'
       b"</w:p></w:body></w:document>")
DTD_REFUSED = ("XML (word/document.xml) declares a DTD or entities; these are refused for safety "
               "(remove the <!DOCTYPE ...> declaration)")

CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty", lambda: b"", "is empty (0 bytes)"),
    ("pdf renamed", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
     "is a PDF file, not a Word .docx document; submit the Word document"),
    ("doc renamed", lambda: OLE_MAGIC + bytes(504) + b"WordDocument".ljust(512, b"\0"),
     "is a Word 97-2003 .doc file (or another OLE file), not .docx; open it in Word and save it "
     "as .docx"),
    ("encrypted ole", lambda: OLE_MAGIC + bytes(1000) + "EncryptedPackage".encode("utf-16-le"),
     "is password-protected (encrypted); remove the password in Word (File > Info > Protect "
     "Document) and save it again"),
    ("rtf renamed", lambda: b"{\\rtf1\\ansi Hello}",
     "is an RTF file, not a Word .docx document; save it as .docx"),
    ("plain text", lambda: b"Level 5 Diploma\n",
     "is not a DOCX file (a DOCX is a ZIP archive; this file is not one)"),
    ("truncated zip", truncated,
     "is a damaged or truncated ZIP archive (File is not a zip file)"),
    ("zip bomb", zip_bomb, "word/document.xml expands more than 200:1 (a ZIP bomb?)"),
    ("lying sizes", lying_total_size,
     "would expand to 629,145,600 bytes, over the limit of 268,435,456 (a ZIP bomb?)"),
    ("encrypted member", encrypted_member,
     "word/document.xml is encrypted inside the archive; remove the password and save the "
     "document again"),
    ("corrupt deflate", corrupt_deflate,
     "is a damaged ZIP archive: a part cannot be decompressed (Error -3 while decompressing "
     "data: invalid code lengths set)"),
    ("zip without document", lambda: zip_bytes({"mimetype": b"application/epub+zip"}),
     "is a ZIP archive but not a Word document: it has no word/document.xml"),
    ("empty zip", lambda: zip_bytes({}),
     "is a ZIP archive but not a Word document: it has no word/document.xml"),
    ("malformed document", lambda: with_document(b"<w:document><w:body></w:document>"),
     "XML (word/document.xml) is not well-formed: line 1: Namespace prefix w on document is not "
     "defined"),
    ("unclosed document", lambda: with_document(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode()),
     "XML (word/document.xml) is not well-formed: line 1: Premature end of data in tag body "
     "line 1"),
    ("dtd in document", lambda: with_document(b'<?xml version="1.0"?><!DOCTYPE w:document>'
                                              + GOOD_DOCUMENT.split(b"?>", 1)[1]), DTD_REFUSED),
    ("billion laughs", lambda: with_document(BILLION_LAUGHS), DTD_REFUSED),
    ("xxe", lambda: with_document(XXE), DTD_REFUSED),
    ("dtd in styles", lambda: zip_bytes({
        "word/document.xml": GOOD_DOCUMENT,
        "word/styles.xml": b'<!DOCTYPE s><w:styles xmlns:w="x"/>'}),
     "XML (word/styles.xml) declares a DTD or entities; these are refused for safety (remove the "
     "<!DOCTYPE ...> declaration)"),
    ("no units", lambda: with_document(f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'
                                       .encode()),
     "has no unit sections and no unit list: is this a qualification specification?"),
]


@pytest.mark.parametrize(("make", "problem"), [(c[1], c[2]) for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_files_give_one_exact_line(tmp_path: Path, make: Callable[[], bytes],
                                       problem: str) -> None:
    path = tmp_path / "spec.docx"
    path.write_bytes(make())
    with pytest.raises(InputError) as caught:
        read_docx_spec(path)
    assert str(caught.value) == f"{path}: {problem}"
    assert "\n" not in str(caught.value)


def test_a_good_file_reads(tmp_path: Path) -> None:
    path = tmp_path / "spec.docx"
    path.write_bytes(good_docx())
    assert [u.title for u in read_docx_spec(path).units] == ["Title"]
    assert read_docx_package(path).document == GOOD_DOCUMENT


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_docx_spec(tmp_path / "none.docx")
    assert str(caught.value) == f"{tmp_path / 'none.docx'}: no such file"
    with pytest.raises(InputError) as caught:
        read_docx_spec(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder, not a file"


def test_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "spec.docx"
    path.write_bytes(zip_bytes({"word/document.xml": GOOD_DOCUMENT, "a": b"1", "b": b"2"},
                               method=zipfile.ZIP_STORED))
    monkeypatch.setattr(container, "MAX_MEMBERS", 2)
    with pytest.raises(InputError) as caught:
        read_docx_package(path)
    assert str(caught.value) == f"{path}: has 3 archive members, over the limit of 2"
    monkeypatch.setattr(container, "MAX_MEMBERS", 10)
    monkeypatch.setattr(container, "MAX_MEMBER_BYTES", 100)
    with pytest.raises(InputError) as caught:
        read_docx_package(path)
    assert str(caught.value) == f"{path}: word/document.xml expands beyond 100 bytes (a ZIP bomb?)"
    monkeypatch.setattr(container, "MAX_FILE_BYTES", 50)
    with pytest.raises(InputError) as caught:
        read_docx_package(path)
    size = path.stat().st_size
    assert str(caught.value) == f"{path}: is {size:,} bytes, over the limit of 50"
