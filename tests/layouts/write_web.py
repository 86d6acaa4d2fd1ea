"""The web-export writer: the document as a web page that a .docx embeds whole.

Web exports (html-docx-js and the course builders built on it, document
generators) write a .docx whose word/document.xml holds one ``w:altChunk``
naming a web page, for Word to convert when it opens the file. This writer
does the same with the pandoc writer's HTML (the title in Word's own class
for it, MsoTitle), as a single-file web page (MIME, quoted-printable) or as
plain HTML, one or the other by a hash of the page, so both are drawn.
The page alone is also what :func:`web_page` gives, for reading a
specification saved as a web page. A web page holds no tracked changes or
fields, so layouts needing them are not drawn for this writer.
"""

from __future__ import annotations

import io
import quopri
import zipfile
import zlib

from .ir import Document
from .write_pandoc import document_html

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_BOUNDARY = "----=mhtDocumentPart"
#: A fixed time for every member, so the same document gives the same bytes.
_DATE = (2025, 9, 1, 10, 0, 0)


def web_page(document: Document) -> str:
    """``document`` as the HTML page a web export writes."""
    return document_html(document, title_class="MsoTitle")


def mht(page: str) -> bytes:
    """``page`` as a single-file web page (MHT), as html-docx-js writes one."""
    body = quopri.encodestring(page.encode("utf-8")).decode("ascii")
    return (f'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n    type="text/html";'
            f'\r\n    boundary="{_BOUNDARY}"\r\n\r\n\r\n--{_BOUNDARY}\r\n'
            'Content-Type: text/html;\r\n    charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "Content-Location: file:///C:/fake/document.html\r\n\r\n"
            f"{body}\r\n\r\n--{_BOUNDARY}--\r\n").encode("ascii")


def write_web(document: Document) -> bytes:
    """``document`` as .docx bytes holding only its web page, embedded."""
    page = web_page(document)
    if zlib.crc32(page.encode("utf-8")) % 2:
        name, content_type, data = "afchunk.mht", "message/rfc822", mht(page)
    else:
        name, content_type, data = "afchunk.htm", "text/html", page.encode("utf-8")
    extension = name.rpartition(".")[2]
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Default Extension="{extension}" ContentType="{content_type}"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="{_PACKAGE_R}"><Relationship Id="R1" Type="{_R}/officeDocument" '
            'Target="/word/document.xml"/></Relationships>'),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
            f'xmlns:w="{_W}" xmlns:r="{_R}"><w:body><w:altChunk r:id="htmlChunk"/>'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'),
        "word/_rels/document.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="{_PACKAGE_R}"><Relationship Id="htmlChunk" Type="{_R}/aFChunk" '
            f'Target="/word/{name}"/></Relationships>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in members.items():
            archive.writestr(zipfile.ZipInfo(member, _DATE), text.encode("utf-8"),
                             zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo(f"word/{name}", _DATE), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
