"""Read a submitted specification, DOCX, XML or a web page, into one QualificationSpec.

:func:`read_spec` decides by content, not by extension: a Word document
renamed .xml is still read as Word, a web page saved by Word as .doc is
read as the page it is, and a PDF renamed .docx is refused as a PDF. Every
problem is an InputError with one line naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from criteria_checker.model.spec import QualificationSpec

SpecFormat = Literal["docx", "xml", "web"]

_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff_format(path: Path) -> SpecFormat:
    """'docx', 'xml' or 'web' from the file's first bytes; InputError for anything else."""
    from criteria_checker.readers.docx.container import describe_non_zip, read_head

    head = read_head(path)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    from criteria_checker.readers.web.page import is_html, is_mht

    if is_html(head) or is_mht(head):
        return "web"
    if head.lstrip(b" \t\r\n").startswith(_XML_STARTS):
        return "xml"
    raise InputError(path, describe_non_zip(path, head).replace(
        "is not a DOCX file (a DOCX is a ZIP archive; this file is not one)",
        "is neither a Word .docx document, a web page nor a specification XML file"))


def read_spec(path: str | Path) -> QualificationSpec:
    """Read a specification file, DOCX, XML or a web page, into the model."""
    path = Path(path)
    found = sniff_format(path)
    if found == "docx":
        from criteria_checker.readers.docx.reader import read_docx_spec

        return read_docx_spec(path)
    if found == "web":
        from criteria_checker.readers.web.reader import read_web_spec

        return read_web_spec(path)
    from criteria_checker.readers.xml_reader import read_xml_spec

    return read_xml_spec(path)
