"""A .docx as Word's "Word XML Document": every part in one flat XML package.

Word writes each XML part inside ``pkg:xmlData`` and every other part as
base64 inside ``pkg:binaryData``, with the content type each part has in
[Content_Types].xml, after a processing instruction naming Word as the
application. This turns any writer's .docx into that form.
"""

from __future__ import annotations

import base64
import io
import posixpath
import zipfile

from lxml import etree

PKG = "http://schemas.microsoft.com/office/2006/xmlPackage"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def flat_opc(docx: bytes) -> bytes:
    """``docx`` as a flat XML package, parts in the archive's order."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()
                   if not info.is_dir()]
    types = etree.fromstring(dict(members)["[Content_Types].xml"])
    overrides = {e.get("PartName"): e.get("ContentType") for e in types.iter(f"{_TYPES}Override")}
    defaults = {(e.get("Extension") or "").lower(): e.get("ContentType")
                for e in types.iter(f"{_TYPES}Default")}
    package = etree.Element(f"{{{PKG}}}package", nsmap={"pkg": PKG})
    for name, data in members:
        if name == "[Content_Types].xml":
            continue
        part_name = "/" + name
        content_type = overrides.get(part_name) or defaults.get(
            posixpath.splitext(name)[1].lstrip(".").lower(), "application/octet-stream")
        part = etree.SubElement(package, f"{{{PKG}}}part")
        part.set(f"{{{PKG}}}name", part_name)
        part.set(f"{{{PKG}}}contentType", content_type or "")
        if content_type and content_type.endswith("xml"):
            etree.SubElement(part, f"{{{PKG}}}xmlData").append(etree.fromstring(data))
        else:
            part.set(f"{{{PKG}}}compression", "store")
            etree.SubElement(part, f"{{{PKG}}}binaryData").text = base64.b64encode(data).decode()
    return (b'<?xml version="1.0" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
            + etree.tostring(package))
