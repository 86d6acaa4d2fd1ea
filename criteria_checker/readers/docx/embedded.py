"""Content a document embeds in another format (w:altChunk), read in its place.

Web exports and document generators often write a .docx that holds little
more than a web page, embedded whole for Word to convert when it opens the
file. The page (HTML, XHTML or a single-file MHT archive) and plain text
are read here as Word would convert them (see :mod:`criteria_checker.readers.web`),
and their blocks take the place of the ``w:altChunk`` that embeds them.
What cannot be read this way (RTF, another Word document, a part outside
the package or missing from it, a page that is not one) stays in the
blocks as the embedded paragraph it is, which the layout reader reports.

Tables keep the numbers an author sees once Word has converted the file:
an embedded page's tables are numbered from the tables before it, and the
document's tables after it move up by as many.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from criteria_checker.readers.docx.blocks import Block, Para
    from criteria_checker.readers.docx.container import DocxPackage, EmbeddedPart

_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: Content types read as web pages; anything else is looked at by its first bytes.
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "message/rfc822", "multipart/related")


def read_embedded(blocks: list[Block], package: DocxPackage) -> list[Block]:
    """``blocks`` with every embedded page or text the package holds read in its place."""
    from criteria_checker.readers.docx.blocks import Para, Table

    if not package.embedded:
        return blocks
    out: list[Block] = []
    shift = 0
    for block in blocks:
        if isinstance(block, Table):
            block.number += shift
        elif isinstance(block, Para) and block.embedded:
            element = block.element
            part = package.embedded_part(element.get(_R_ID) if element is not None else None)
            read = _read_part(part, block, package) if part is not None else None
            if read is not None:
                tables = [b for b in read if isinstance(b, Table)]
                # The page's walk numbers its tables from 1, nested ones included, so
                # its last top-level table's number is about how many it holds.
                count = max((t.number for t in tables), default=0)
                for table in tables:
                    table.number += block.tables_before + shift
                shift += count
                out += read
                continue
        out.append(block)
    return out


def _read_part(part: EmbeddedPart, block: Para, package: DocxPackage) -> list[Block] | None:
    """The blocks of an embedded part, or None when it cannot be read as a page or text."""
    data = part.data
    if data is None:
        return None
    from criteria_checker.readers.web.page import is_html, is_mht

    kind = part.content_type.split(";")[0].strip().lower()
    try:
        if kind in _PAGE_TYPES or is_mht(data) or is_html(data[:4096]):
            from criteria_checker.readers.web.blocks import page_blocks
            from criteria_checker.readers.web.page import parse_page

            root = parse_page(data, package.path, part=part.name)
            # (Page headers an embedded page writes in are not the document's.)
            return page_blocks(root, package.path, block.path)[0]
        if kind == "text/plain":
            return _text_blocks(data, block.path)
    except InputError:
        return None  # an empty page, an archive with no page: reported as not read
    return None


def _text_blocks(data: bytes, where: str) -> list[Block]:
    """Plain text as Word converts it: a paragraph per line."""
    from criteria_checker.readers.docx.blocks import Para
    from criteria_checker.readers.web.page import decode

    lines = decode(data, None).splitlines()
    return [Para(" ".join(line.split()), path=f"{where}/line[{number}]")
            for number, line in enumerate(lines, 1) if line.strip()]
